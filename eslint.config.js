// Lint rules, including the layer boundaries of DESIGN.md §3:
// shared/ is pure; renderer/ never reaches Node or electron/; only electron/main and
// electron/preload import electron; connectors never import the store.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads', 'events', 'zlib', 'readline', 'buffer', 'process', 'module', 'tls', 'dns'];

const electronOnly = {
  group: ['electron', 'electron/*'],
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
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node APIs.' },
          { group: ['react', 'react-dom', 'react/*', 'zustand', 'axios', 'better-sqlite3', 'kysely', 'pg', 'keytar'], message: 'shared/ is pure TypeScript: no host libraries.' },
          { group: ['**/electron/**', '**/renderer/**', '../../electron', '../../renderer'], message: 'shared/ imports nothing outside itself.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node APIs.' },
          { group: ['**/electron/**'], message: 'The renderer reaches the core only through shared/api.' },
        ],
      }],
    },
  },
  {
    files: ['electron/connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [electronOnly, { group: ['**/store/**', '**/store'], message: 'Connectors never import the store; services own the orchestration.' }],
      }],
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
