// The exported swatch files as other tools read them, not only as Palette Studio's own importer
// does: the CSS in Chromium, as a linked stylesheet and pasted into a <style> element, read back
// with getComputedStyle; ASE, GPL and JSON by readers in Python written from Adobe's published
// ASE layout, from the GPL readers of GIMP 2.10, Inkscape 1.2–1.4 and Krita, and with Python's
// strict JSON parser. Palettes of 0, 1, 5 and 300 swatches (every byte value in every channel),
// and names no format should trip on. Needs python3 and Debian's chromium.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allColours, fitName, rgbToHex, saveSwatchFile, type NamedColour, type SwatchFile } from '../../src/main/formats'
import { normaliseName } from '../../src/shared/names'
import type { Rgb } from '../../src/shared/palette'
import { CHROMIUM_ARGS } from './harness'

const ODD_NAMES = [
  'Sea blue', '1st place', '007', 'say "hi"', "it's", 'back\\slash\\', 'a */ b', '/* open', '</style><p>leak</p>',
  '</STYLE >', '<!-- x -->', '😀🎨', 'مرحبا עברית', '\u202eevil', 'x'.repeat(10_000), '', 'Sand', 'Sand', 'sand', 'a-1', 'a 1',
  '}', '{', ';', '@import url(x);', '--x', '-', '\t\n#tab', '#000000', '\u0000nul', '\ud800lone', 'e\u0301', '*', '/', '*/', '**/',
  ' spaced ', 'Name: fake', 'Columns: 3', 'GIMP Palette', '1 2 3', '255 255 255 white', 'palette', 'palette 2'
]
const rgbOf = (i: number): Rgb => [(i * 37) % 256, (i * 91 + 7) % 256, (i * 13 + 200) % 256]
const named = (name: string, rgb: Rgb): NamedColour => ({ name, rgb })

const PALETTES: Record<string, SwatchFile> = {
  empty: { groups: [], loose: [] },
  one: { name: 'a', groups: [], loose: [{ name: '', rgb: [0, 0, 0], type: 'spot' }] },
  five: { name: 'beach', loose: [], groups: [{ name: 'beach.jpg (median-cut)', swatches: [0, 1, 2, 3, 4].map((i) => named(rgbToHex(rgbOf(i)), rgbOf(i))) }] },
  every: { name: 'every byte', groups: [], loose: Array.from({ length: 300 }, (_, i) => named(`v${i}`, [i % 256, 255 - (i % 256), (i * 7) % 256])) },
  odd: {
    name: '</style>*/ title',
    loose: ODD_NAMES.map((name, i) => named(name, rgbOf(i))),
    groups: ODD_NAMES.map((name, i) => ({ name, swatches: [named(name, rgbOf(i + 100)), named('second', rgbOf(i + 200))] }))
  },
  long: {
    name: 'T'.repeat(5_000),
    loose: [named('a'.repeat(65_533) + '🎨b', [1, 2, 3]), named('😀'.repeat(40_000), [4, 5, 6]), named('a'.repeat(1_009) + '😀b', [7, 8, 9])],
    groups: [{ name: 'é'.repeat(3_000), swatches: [{ name: '日'.repeat(400), rgb: [10, 11, 12], type: 'normal' }] }]
  }
}
const KEYS = Object.keys(PALETTES)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palette-cross-read-'))
  for (const [key, file] of Object.entries(PALETTES)) {
    for (const ext of ['ase', 'gpl', 'json', 'css']) await saveSwatchFile(join(dir, `${key}.${ext}`), file)
  }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

// ---------------------------------------------------------------- Python readers

function read(reader: 'ase' | 'gimp' | 'inkscape' | 'krita' | 'json', path: string): unknown {
  const run = spawnSync('python3', ['-c', READERS_PY, reader, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (run.error) throw new Error(`python3 could not run (apt install python3): ${run.error.message}`)
  if (run.status !== 0) throw new Error(`${reader} refuses ${basename(path)}: ${run.stderr.trim()}`)
  return JSON.parse(run.stdout)
}

/** `text` cut at a whole character to `room` bytes of UTF-8, as a GPL line must be for Inkscape. */
function fitBytes(text: string, room: number): string {
  let out = ''
  for (const char of text) {
    if (Buffer.byteLength(out + char) > room) break
    out += char
  }
  return normaliseName(out)
}
const gplName = (name: string) => fitBytes(normaliseName(name), 1023 - '255 255 255\t'.length - 1)
const gplTitle = (file: SwatchFile) => fitBytes(normaliseName(file.name ?? '') || 'Palette Studio', 1023 - 'Name: '.length - 1)

describe.each(KEYS)('the "%s" palette', (key) => {
  const file = PALETTES[key]
  const colours = allColours(file)

  it('reads back from ASE with a decoder written from Adobe\'s layout: names, groups, types and exact colours', () => {
    const colour = (c: NamedColour) => ({ name: fitName(c.name, 65_534), rgb: [...c.rgb], type: c.type ?? 'global' })
    expect(read('ase', join(dir, `${key}.ase`))).toEqual({
      loose: file.loose.map(colour),
      groups: file.groups.map((g) => ({ name: fitName(g.name, 65_534), swatches: g.swatches.map(colour) }))
    })
  })

  it('reads back from GPL as GIMP 2.10 reads it', () => {
    const widest = Math.max(file.loose.length, ...file.groups.map((g) => g.swatches.length))
    expect(read('gimp', join(dir, `${key}.gpl`))).toEqual({
      title: gplTitle(file),
      columns: Math.min(256, Math.max(1, widest)),
      colours: colours.map((c) => ({ rgb: [...c.rgb], name: gplName(c.name) || 'Untitled' }))
    })
  })

  it('reads back from GPL as Inkscape reads it (1,024-byte lines), names and colours whole', () => {
    expect(read('inkscape', join(dir, `${key}.gpl`))).toEqual({
      title: gplTitle(file),
      colours: colours.map((c) => ({ rgb: [...c.rgb], name: gplName(c.name) }))
    })
  })

  it('opens in Krita (at least 50 bytes, "Name" on line 2), every colour exact', () => {
    expect(read('krita', join(dir, `${key}.gpl`))).toEqual({ colours: colours.map((c) => ({ rgb: [...c.rgb] })) })
  })

  it('parses as strict JSON (no NaN, no duplicate keys) in the documented schema, odd names intact', () => {
    const colour = (c: NamedColour) => ({ name: fitName(c.name, 10_000), rgb: [...c.rgb] })
    expect(read('json', join(dir, `${key}.json`))).toEqual({
      name: file.name === undefined ? null : fitName(file.name, 10_000),
      loose: file.loose.map(colour),
      groups: file.groups.map((g) => ({ name: fitName(g.name, 10_000), swatches: g.swatches.map(colour) }))
    })
  })
})

// ---------------------------------------------------------------- CSS in Chromium

describe('CSS custom properties in Chromium', () => {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    page = await browser.newPage()
  })
  afterAll(() => browser?.close())

  /** Every custom property the page's stylesheets declare, its computed value on :root, and the page's text. */
  async function load(css: Buffer, how: 'link' | 'inline') {
    const html =
      how === 'link'
        ? '<!doctype html><html><head><link rel="stylesheet" href="/palette.css"></head><body></body></html>'
        : `<!doctype html><html><head><style>${css.toString('utf8')}</style></head><body></body></html>`
    await page.route('http://export.test/**', (route) =>
      route.request().url().endsWith('.css')
        ? route.fulfill({ body: css, contentType: 'text/css' })
        : route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
    )
    try {
      await page.goto('http://export.test/')
    } finally {
      await page.unroute('http://export.test/**')
    }
    return page.evaluate<{ names: string[]; values: string[]; text: string }>(`(() => {
      const names = []
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          const style = rule.style
          for (let i = 0; style && i < style.length; i++) if (style[i].startsWith('--')) names.push(style[i])
        }
      }
      const computed = getComputedStyle(document.documentElement)
      return { names, values: names.map((n) => computed.getPropertyValue(n).trim()), text: document.body.textContent }
    })()`)
  }

  for (const how of ['link', 'inline'] as const) {
    it.each(KEYS)(`declares every swatch of the "%s" palette once, with its exact colour (${how === 'link' ? 'a linked .css file' : 'pasted into <style>'})`, async (key) => {
      const got = await load(await readFile(join(dir, `${key}.css`)), how)
      expect(got.values).toEqual(allColours(PALETTES[key]).map((c) => rgbToHex(c.rgb)))
      expect(new Set(got.names).size).toBe(got.names.length)
      expect(got.text).toBe('')
    })
  }
})

/**
 * The readers, one Python program: `python3 -c READERS_PY <reader> <file>` prints what it read as
 * JSON, or exits 1 saying why the tool it stands for would refuse the file.
 */
const READERS_PY = String.raw`
import json, re, struct, sys

def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)

def read_ase(data):
    # Adobe Swatch Exchange 1.0: big-endian; "ASEF", u16 1, u16 0, u32 block count; blocks of
    # u16 type, u32 body length; names u16 length in UTF-16 units counting a closing NUL.
    if data[:4] != b'ASEF': fail('ASE: no ASEF signature')
    if struct.unpack('>HH', data[4:8]) != (1, 0): fail('ASE: not version 1.0')
    (count,) = struct.unpack('>I', data[8:12])
    pos = 12
    out = {'loose': [], 'groups': []}
    group = None
    def name_of(body, at):
        if at + 2 > len(body): fail('ASE: name length past the block')
        (units,) = struct.unpack('>H', body[at:at + 2])
        if units < 1: fail('ASE: name length 0 (no room for its NUL)')
        raw = body[at + 2:at + 2 + 2 * units]
        if len(raw) != 2 * units: fail('ASE: name past the block')
        if raw[-2:] != b'\0\0': fail('ASE: name without its closing NUL')
        try:
            text = raw[:-2].decode('utf-16-be')  # strict: an unpaired surrogate is refused
        except UnicodeDecodeError as e:
            fail('ASE: name is not valid UTF-16: %s' % e)
        if '\0' in text: fail('ASE: NUL inside a name')
        return text, at + 2 + 2 * units
    for i in range(count):
        if pos + 6 > len(data): fail('ASE: block %d header past the end' % i)
        btype, length = struct.unpack('>HI', data[pos:pos + 6])
        body = data[pos + 6:pos + 6 + length]
        if len(body) != length: fail('ASE: block %d past the end' % i)
        pos += 6 + length
        if btype == 0xC001:
            if group is not None: fail('ASE: a group inside a group')
            name, end = name_of(body, 0)
            if end != length: fail('ASE: group start block %d has %d extra bytes' % (i, length - end))
            group = {'name': name, 'swatches': []}
            out['groups'].append(group)
        elif btype == 0xC002:
            if length != 0 or group is None: fail('ASE: stray or non-empty group end')
            group = None
        elif btype == 0x0001:
            name, at = name_of(body, 0)
            model = body[at:at + 4]
            if model != b'RGB ': fail('ASE: model %r, not RGB' % model)
            values = struct.unpack('>fff', body[at + 4:at + 16])
            (ctype,) = struct.unpack('>H', body[at + 16:at + 18])
            if at + 18 != length: fail('ASE: colour block %d is %d bytes, its fields %d' % (i, length, at + 18))
            if ctype not in (0, 1, 2): fail('ASE: colour type %d' % ctype)
            if not all(0.0 <= v <= 1.0 for v in values): fail('ASE: value outside 0..1: %r' % (values,))
            rgb = [round(v * 255) for v in values]
            if [int(v * 255) for v in values] != rgb: fail('ASE: a reader that truncates would read %r' % (values,))
            (group['swatches'] if group else out['loose']).append({'name': name, 'rgb': rgb, 'type': ['global', 'spot', 'normal'][ctype]})
        else:
            fail('ASE: unknown block type %#x' % btype)
    if group is not None: fail('ASE: a group is never closed')
    if pos != len(data): fail('ASE: %d bytes after the last block' % (len(data) - pos))
    return out

def strtok_gimp(line):
    # GIMP 2.10 (app/core/gimppalette-load.c): strtok(" \t") three times, atoi each, then
    # strtok("\n") for the optional name: what follows the one delimiter after blue.
    toks = []
    rest = line
    for _ in range(3):
        rest = rest.lstrip(' \t')
        if not rest: fail('GIMP: missing component in %r' % line[:60])
        m = re.match(r'[^ \t]*', rest)
        toks.append(m.group(0))
        rest = rest[m.end() + 1:] if m.end() < len(rest) else ''
    for t in toks:
        if not re.fullmatch(r'[0-9]{1,3}', t) or int(t) > 255: fail('GIMP: %r is not 0..255' % t)
    name = rest.lstrip('\n')
    return [int(t) for t in toks], (name if name else 'Untitled')

def read_gpl_gimp(data):
    text = data.decode('utf-8')  # GIMP takes UTF-8 (anything else goes through a conversion)
    lines = text.split('\n')
    if lines and lines[-1] == '': lines.pop()
    if not lines[0].startswith('GIMP Palette'): fail('GIMP: no "GIMP Palette" line')
    i = 1
    title = None
    columns = None
    if i < len(lines) and lines[i].startswith('Name: '):
        title = lines[i][len('Name: '):].strip()
        i += 1
        if i < len(lines) and lines[i].startswith('Columns: '):
            columns = int(lines[i][len('Columns: '):].strip())
            if not 0 <= columns <= 256: fail('GIMP: Columns %d outside 0..256' % columns)
            i += 1
    colours = []
    for line in lines[i:]:
        if line == '' or line[0] == '#': continue
        rgb, name = strtok_gimp(line)
        colours.append({'rgb': rgb, 'name': name})
    return {'title': title, 'columns': columns, 'colours': colours}

def read_gpl_inkscape(data):
    # Inkscape 1.2-1.4 (src/ui/dialog/global-palettes.cpp): fgets into char buf[1024], so a line of
    # more than 1023 bytes arrives in pieces; each piece must be a colour, Name, Columns, a comment or
    # blank, or the whole palette is refused ("Invalid line").
    pieces = []
    at = 0
    while at < len(data):
        nl = data.find(b'\n', at, at + 1023)
        end = nl + 1 if nl != -1 else min(len(data), at + 1023)
        pieces.append(data[at:end])
        at = end
    if not pieces or not pieces[0].startswith(b'GIMP Palette'): fail('Inkscape: first line is wrong')
    rgb_re = re.compile(r'\s*(\d+)\s+(\d+)\s+(\d+)\s*(?:\s(.*\S)\s*)?$', re.ASCII)
    name_re = re.compile(r'\s*Name:\s*(.*\S)', re.ASCII)
    cols_re = re.compile(r'\s*Columns:\s*(.*\S)', re.ASCII)
    blank_re = re.compile(r'\s*(?:$|#)', re.ASCII)
    title = None
    colours = []
    for piece in pieces[1:]:
        try:
            line = piece.decode('utf-8')
        except UnicodeDecodeError:
            fail('Inkscape: a line piece is not UTF-8 (a line over 1023 bytes split inside a character)')
        m = rgb_re.match(line)
        if m:
            colours.append({'rgb': [min(255, int(m.group(k))) for k in (1, 2, 3)], 'name': m.group(4) or ''})
        elif name_re.match(line): title = name_re.match(line).group(1)
        elif cols_re.match(line): int(cols_re.match(line).group(1))
        elif blank_re.match(line): pass
        else: fail('Inkscape: Invalid line %r' % line[:60])
    return {'title': title, 'colours': colours}

def read_gpl_krita(data):
    # Krita (libs/pigment/resources/KoColorSet.cpp, loadGpl): at least 50 bytes, line 1 starts with
    # "GIMP", line 2 holds "name"; colour lines are at least three numbers.
    if len(data) < 50: fail('Krita: Illegal Gimp palette file (%d bytes, under 50)' % len(data))
    lines = [l for l in data.decode('utf-8').split('\n') if l != '']
    if len(lines) < 3: fail('Krita: not enough lines')
    if not lines[0].startswith('GIMP') or 'name' not in lines[1].lower(): fail('Krita: Illegal Gimp palette file')
    index = 3 if 'columns' in lines[2].lower() else 2
    colours = []
    for line in lines[index:]:
        if line.startswith('#'): continue
        a = [t for t in line.replace('\t', ' ').split(' ') if t != '']
        if len(a) < 3: continue
        colours.append({'rgb': [max(0, min(255, int(t))) for t in a[:3]]})
    return {'colours': colours}

def no_constants(name):
    fail('JSON: %s is not JSON' % name)

def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)): fail('JSON: duplicate key in %r' % keys)
    return dict(pairs)

def read_json(data):
    doc = json.loads(data.decode('utf-8'), parse_constant=no_constants, object_pairs_hook=no_duplicates)
    if not isinstance(doc, dict): fail('JSON: top level is not an object')
    allowed = {'format', 'version', 'name', 'swatches', 'groups'}
    if not set(doc) <= allowed or not {'format', 'version', 'swatches', 'groups'} <= set(doc): fail('JSON: keys %r' % sorted(doc))
    if doc['format'] != 'palette-studio-swatches' or doc['version'] != 1: fail('JSON: format/version')
    def colour(c):
        if not isinstance(c, dict) or not set(c) <= {'name', 'hex', 'share', 'type'} or not isinstance(c.get('name'), str): fail('JSON: colour %r' % c)
        if not re.fullmatch(r'#[0-9a-f]{6}', c.get('hex', '')): fail('JSON: hex %r' % c.get('hex'))
        if 'share' in c and not (isinstance(c['share'], (int, float)) and 0 <= c['share'] <= 1): fail('JSON: share')
        if 'type' in c and c['type'] not in ('global', 'spot', 'normal'): fail('JSON: type')
        return {'name': c['name'], 'rgb': [int(c['hex'][k:k + 2], 16) for k in (1, 3, 5)]}
    if 'name' in doc and not isinstance(doc['name'], str): fail('JSON: name')
    return {'name': doc.get('name'), 'loose': [colour(c) for c in doc['swatches']],
            'groups': [{'name': g['name'], 'swatches': [colour(c) for c in g['swatches']]} for g in doc['groups']]}

READERS = {'ase': read_ase, 'gimp': read_gpl_gimp, 'inkscape': read_gpl_inkscape, 'krita': read_gpl_krita, 'json': read_json}
reader, path = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    print(json.dumps(READERS[reader](f.read()), ensure_ascii=True))
`
