// `npm run extract -- photo.jpg` in Palette Studio's folder runs the command there, but the
// files were named from where npm was typed (npm's INIT_CWD).

/** The parts of package.json that tell Palette Studio's own `extract` script from another project's. */
export interface OwnPackage {
  name: string
  scripts: { extract: string }
}

/**
 * The folder to read the named files from, when this is Palette Studio's own `npm run extract`;
 * undefined otherwise. A designer's project may have an "extract" script of its own
 * ("palette-studio extract assets/a.png", "cd assets && palette-studio extract a.png"), whose
 * names npm already resolves from that project's folder or the script's own `cd`.
 */
export function npmCallerFolder(env: NodeJS.ProcessEnv, own: OwnPackage): string | undefined {
  const ours = env.npm_lifecycle_event === 'extract' && env.npm_package_name === own.name && env.npm_lifecycle_script === own.scripts.extract
  return ours ? env.INIT_CWD || undefined : undefined
}
