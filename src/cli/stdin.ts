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
