import { describe, expect, it } from 'vitest'
import { parseBenchArgs } from '../../bench/args'
import { peers } from '../../bench/peers'
import { timeInTurns } from '../../bench/stats'
import { METHODS } from '../../src/shared/palette'

/** The order timeInTurns calls its contenders in, warm-up first. */
async function callOrder(names: readonly string[], runs: number): Promise<string[]> {
  const calls: string[] = []
  await timeInTurns(runs, Object.fromEntries(names.map((name) => [name, async () => calls.push(name)])))
  return calls
}

describe('timeInTurns', () => {
  const { runs } = parseBenchArgs([])
  const peerNames = Object.keys(peers).map((name) => `peer:${name}`)
  const ours = METHODS.map((method) => `ours:${method}`)

  // The bench times ours and the peers on each image; without the neural model, one fewer.
  it.each([
    ['every method', [...ours, ...peerNames]],
    ['no neural model', [...ours.filter((name) => name !== 'ours:neural'), ...peerNames]]
  ])('times each contender once a round, and none always right after the same one (%s)', async (_, names) => {
    const calls = await callOrder(names, runs)
    const timed = calls.slice(names.length)
    for (const name of names) expect(timed.filter((call) => call === name)).toHaveLength(runs)
    const before = new Map(names.map((name) => [name, new Set<string>()]))
    for (let i = names.length; i < calls.length; i++) before.get(calls[i])!.add(calls[i - 1])
    for (const name of names) expect(before.get(name)!.size, `contenders that ran right before ${name}`).toBeGreaterThan(1)
  })
})
