// The engine process as a Node child process: what the tests and the test bridge use (Electron's
// binary cannot run here). The app itself uses Electron's utilityProcess (engine-process-electron.ts).
import { fork } from 'node:child_process'
import type { EngineProcess, ForkEngine } from './engine-client'

export interface NodeForkOptions {
  /** Node flags, e.g. ['--import', 'tsx'] to run the TypeScript host directly. */
  execArgv?: string[]
  env?: NodeJS.ProcessEnv
  /** Called with each new child (tests use it to kill one mid-request). */
  onSpawn?: (child: ReturnType<typeof fork>) => void
}

export function nodeEngineFork(hostModule: string, options: NodeForkOptions = {}): ForkEngine {
  return (): EngineProcess => {
    const child = fork(hostModule, [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      // 'advanced' keeps Uint8Array pixels intact (the default JSON serialisation would not).
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    options.onSpawn?.(child)
    let exited = false
    const exitListeners: ((code: number | null) => void)[] = []
    const exit = (code: number | null): void => {
      if (exited) return
      exited = true
      for (const listener of exitListeners) listener(code)
    }
    child.on('exit', (code) => exit(code))
    child.on('error', () => exit(null))
    return {
      send: (message) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => child.kill('SIGKILL')
    }
  }
}
