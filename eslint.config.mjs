import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['**/node_modules', 'out', 'dist', 'coverage', 'resources', 'bench-results', 'test-results', 'bench/.work', '**/.work', '.device'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser }
    }
  },
  {
    // One typed IPC contract (src/shared/ipc-contract.ts): only these two files touch raw IPC.
    files: ['**/*.ts', '**/*.svelte'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Talk IPC only in src/main/ipc.ts and src/preload/index.ts, which are wired from src/shared/ipc-contract.ts.'
            }
          ]
        }
      ]
    }
  },
  {
    // The engine is pure Node: it is shared by the CLI, the utility process, tests and benchmarks.
    files: ['src/main/engine/**/*.ts', 'src/main/formats/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] }
  }
)
