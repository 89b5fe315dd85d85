// Lint rules, including the layer boundaries of DESIGN.md §3:
// shared/ is pure; renderer/ never reaches Node or electron/; only electron/main and
// electron/preload import electron; connectors never import the store.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Regexes on the import specifier, anchored, so './bridge/http' or './electron/...' (a folder of
// ours) are not mistaken for Node's http or the Electron package.
const nodeBuiltins = {
  regex:
    '^(node:.*|(fs|path|os|child_process|crypto|http|https|net|stream|url|util|worker_threads|events|zlib|readline|buffer|process|module|tls|dns)(/.*)?)$',
};

const electronOnly = {
  regex: '^electron(/.*)?$',
  message: 'Only electron/main and electron/preload may import electron.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [electronOnly] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            { ...nodeBuiltins, message: 'shared/ is pure TypeScript: no Node APIs.' },
            {
              regex:
                '^(react|react-dom|zustand|axios|better-sqlite3|kysely|pg|@napi-rs/keyring|@jellybrick/dbus-next)(/.*)?$',
              message: 'shared/ is pure TypeScript: no host libraries.',
            },
            { regex: '^(\\.\\./)+(electron|renderer)(/.*)?$', message: 'shared/ imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            { ...nodeBuiltins, message: 'The renderer runs in a browser: no Node APIs.' },
            { regex: '^(\\.\\./)+electron(/.*)?$', message: 'The renderer reaches the core only through shared/api.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnly,
            {
              regex: '(^|/)store(/.*)?$',
              message: 'Connectors never import the store; services own the orchestration.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'bin/**/*.mjs'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
