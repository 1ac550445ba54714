// Which `npm run extract` reads its files from where npm was typed: only Palette Studio's own.
import { describe, expect, it } from 'vitest'
import { npmCallerFolder } from '../../src/cli/npm-folder'
import packageJson from '../../package.json'

const typedIn = '/home/designer/photos'

describe('npmCallerFolder', () => {
  it("reads the files from where npm was typed for Palette Studio's own npm run extract", () => {
    const env = { npm_lifecycle_event: 'extract', npm_package_name: packageJson.name, npm_lifecycle_script: packageJson.scripts.extract, INIT_CWD: typedIn }
    expect(npmCallerFolder(env, packageJson)).toBe(typedIn)
  })

  it("leaves a designer's own extract script in its project's folder", () => {
    // Run from the project's docs/: npm runs the script in the project's folder, where assets/a.png is.
    for (const script of ['palette-studio extract assets/a.png', 'cd assets && palette-studio extract a.png']) {
      const env = { npm_lifecycle_event: 'extract', npm_package_name: 'brand-colours', npm_lifecycle_script: script, INIT_CWD: `${typedIn}/docs` }
      expect(npmCallerFolder(env, packageJson)).toBeUndefined()
    }
  })

  it('leaves a script of that name in a project that is not Palette Studio', () => {
    const env = { npm_lifecycle_event: 'extract', npm_package_name: 'brand-colours', npm_lifecycle_script: packageJson.scripts.extract, INIT_CWD: typedIn }
    expect(npmCallerFolder(env, packageJson)).toBeUndefined()
  })

  it('leaves the folder alone outside npm', () => {
    expect(npmCallerFolder({ INIT_CWD: typedIn }, packageJson)).toBeUndefined()
  })
})
