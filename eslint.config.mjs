// @ts-check
/**
 * ESLint (npm run lint, beside the format check; npm test and CI run it): ESLint's and
 * typescript-eslint's recommended rules, type-checked, for src/, test/, bench/ and tools/.
 * Rules turned off or narrowed say why.
 */
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'bundle/', 'node_modules/', 'test/fixtures/', 'src/params/key-db.ts'] },
  {
    files: ['**/*.ts', '**/*.cts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() returns a promise that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // Command handlers and stream stand-ins are async by contract (a throw becomes a rejection) with nothing to await.
      '@typescript-eslint/require-await': 'off',
      // The bin is CommonJS (tools/build/bin.cts) and loads Node's modules with `import x = require()`.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      eqeqeq: 'error',
      // Control characters in patterns are the point where they appear: NUL and escape bytes in
      // config input, terminal escape sequences, the bundle's ASCII check.
      'no-control-regex': 'off',
    },
  },
);
