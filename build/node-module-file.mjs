// electron-builder's onNodeModuleFile hook (electron-builder.yml): true keeps a file that it would
// otherwise leave out of a dependency. It drops every package's top-level README, and sharp's
// prebuilt libvips (@img/sharp-libvips-linux-x64 and the like) states the licences of libvips and
// of the libraries bundled with it, LGPL ones among them, only there: the READMEs of @img/sharp-*
// are kept.
import { basename, dirname } from 'node:path'

export default function keep(file) {
  const pkg = dirname(file)
  return basename(file) === 'README.md' && basename(dirname(pkg)) === '@img' && basename(pkg).startsWith('sharp-')
}
