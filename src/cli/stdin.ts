// `palette-studio extract -`: the image piped in on standard input (`curl … | palette-studio extract -`).
import { fstatSync } from 'node:fs'
import { addAbortSignal, type Readable } from 'node:stream'

/** The name that stands for standard input, as in cat and most Unix tools; a file named "-" is ./- */
export const STDIN_NAME = '-'

/** What `--export` names a piped image's swatch file after, and its palette inside the file. */
export const STDIN_LABEL = 'stdin'

/** Most bytes read from a pipe: held whole in memory, and more than any image the engine decodes. */
const MAX_STDIN_BYTES = 1024 * 1024 * 1024

export type StdinStream = Readable & { isTTY?: boolean; fd?: number }

/**
 * The whole of standard input; refused when it is the terminal, where reading would wait for
 * typing. `signal` (Ctrl-C, SIGTERM) stops the read at once: a pipe may stay open and silent.
 */
export async function readStdin(stdin: StdinStream | undefined, { limit = MAX_STDIN_BYTES, signal }: { limit?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
  if (!stdin || stdin.isTTY) throw new Error('Nothing is piped in: "-" reads an image from standard input, as in: cat photo.jpg | palette-studio extract -')
  // `extract - < photos/` reads nothing from a folder without an error, which would read as an empty image.
  if (stdin.fd !== undefined && fstatSync(stdin.fd).isDirectory()) {
    throw new Error('Standard input is a folder, not an image: name the folder instead of "-" to read the images in it.')
  }
  if (signal) addAbortSignal(signal, stdin)
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of stdin) {
    const part = Buffer.from(chunk)
    bytes += part.length
    if (bytes > limit) throw new Error(`More than ${(limit / 1024 ** 2).toLocaleString('en')} MB was piped in: save the image to a file and name the file instead.`)
    chunks.push(part)
  }
  return Buffer.concat(chunks)
}

/** MPEG-TS packets are this long, each starting with the sync byte 0x47. */
const TS_PACKET = 188

/**
 * Whether bytes the engine found to be no image begin as a film does (MP4, MOV, 3GP, WebM, MKV,
 * AVI, MPEG, WMV, FLV): the command line reads films only from a file named on it (ffmpeg seeks
 * in them), so a film piped in needs its own words, not "not an image". HEIF and AVIF images
 * also open with "ftyp", but the engine recognises those.
 */
export function looksLikeFilm(bytes: Buffer): boolean {
  const text = (from: number, to: number): string => bytes.toString('latin1', from, to)
  const opens = (hex: string): boolean => bytes.subarray(0, hex.length / 2).equals(Buffer.from(hex, 'hex'))
  return (
    text(4, 8) === 'ftyp' ||
    opens('1a45dfa3') || // Matroska, WebM
    (text(0, 4) === 'RIFF' && text(8, 12) === 'AVI ') ||
    opens('000001ba') || // MPEG program stream (.mpg, .vob)
    (bytes[0] === 0x47 && bytes[TS_PACKET] === 0x47) ||
    opens('3026b2758e66cf11') || // ASF (.wmv)
    text(0, 3) === 'FLV'
  )
}

/** Said for a film piped into "-". */
export const PIPED_FILM = 'What was piped in is a film: films are read from a file named on the command line, not from standard input. Save it to a file and name that, as in: palette-studio extract film.mp4'
