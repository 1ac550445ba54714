// A short licence summary for one file of a Debian package, from the package's
// /usr/share/doc/<pkg>/copyright (machine-readable DEP-5 where the package has it).
import { existsSync, readFileSync, readlinkSync, lstatSync } from 'node:fs'
import { join } from 'node:path'

interface Stanza {
  patterns: RegExp[]
  licence: string
}

export class PackageLicences {
  private constructor(
    private readonly stanzas: Stanza[],
    private readonly fallback: string
  ) {}

  /** Reads the copyright file of `pkg` unpacked under `debsDir/<pkg>/root` (following a doc-dir symlink to a sibling package). */
  static load(debsDir: string, pkg: string): PackageLicences {
    const text = readCopyright(debsDir, pkg)
    if (text === null) return new PackageLicences([], 'unknown (no copyright file)')
    const stanzas = parseDep5(text)
    if (stanzas.length === 0) return new PackageLicences([], `not machine-readable; names ${guessLicences(text)}`)
    const star = [...stanzas].reverse().find((s) => s.patterns.some((p) => p.source === '^(?:.*/)?.*$'))
    return new PackageLicences(stanzas, star?.licence ?? stanzas[0].licence)
  }

  /**
   * DEP-5 patterns name paths in the SOURCE tree; installed paths differ in their leading folders,
   * so a pattern matches when it matches any trailing part of the installed path. Last match wins.
   */
  licenceOf(installedPath: string): string {
    let found: string | null = null
    for (const s of this.stanzas) if (s.patterns.some((p) => p.test(installedPath))) found = s.licence
    return found ?? this.fallback
  }
}

function readCopyright(debsDir: string, pkg: string): string | null {
  const docDir = join(debsDir, pkg, 'root', 'usr/share/doc', pkg)
  const direct = join(docDir, 'copyright')
  if (existsSync(direct)) return readFileSync(direct, 'utf8')
  // Packages built from one source often symlink their doc folder to a sibling's.
  if (existsSync(docDir) || isSymlink(docDir)) {
    const target = isSymlink(docDir) ? readlinkSync(docDir).replace(/\/$/, '').split('/').pop() : null
    if (target) {
      const sibling = join(debsDir, target, 'root', 'usr/share/doc', target, 'copyright')
      if (existsSync(sibling)) return readFileSync(sibling, 'utf8')
    }
  }
  return null
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

function parseDep5(text: string): Stanza[] {
  if (!/^Format:\s*\S*copyright-format/im.test(text)) return []
  const out: Stanza[] = []
  for (const block of text.split(/\n\s*\n/)) {
    const files = field(block, 'Files')
    const licence = block.match(/^License:[ \t]*(.*)$/m)?.[1]?.trim()
    if (files === null || !licence) continue
    const patterns = files.split(/\s+/).filter(Boolean).map(globToSuffixRegex)
    out.push({ patterns, licence: licence.slice(0, 80) })
  }
  return out
}

function field(block: string, name: string): string | null {
  const m = block.match(new RegExp(`^${name}:([^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'm'))
  return m ? m[1].replace(/\n/g, ' ').trim() : null
}

function globToSuffixRegex(glob: string): RegExp {
  const body = glob
    .replace(/^\.?\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^(?:.*/)?${body}$`)
}

const KNOWN = [
  ['CC0', /CC0|Creative Commons Zero/i],
  ['CC-BY-SA', /CC[- ]BY[- ]SA|Attribution[- ]Share ?Alike/i],
  ['CC-BY', /CC[- ]BY(?![- ]SA)|Creative Commons Attribution(?![- ]Share)/i],
  ['GPL-3+', /GPL-?3|GNU General Public License[^.]*version 3/i],
  ['GPL-2+', /GPL-?2|GNU General Public License[^.]*version 2/i],
  ['LGPL', /LGPL|Lesser General Public/i],
  ['Artistic', /Artistic License/i],
  ['MIT', /\bMIT\b|Expat/],
  ['BSD', /\bBSD\b/],
  ['public-domain', /public domain/i]
] as const

function guessLicences(text: string): string {
  const names = KNOWN.filter(([, re]) => re.test(text)).map(([n]) => n)
  return names.length ? names.join(', ') : 'no known licence'
}
