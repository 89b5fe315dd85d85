// Lint rules, and the walls between ClearDesk's rooms (docs/ARCHITECTURE.md, "Rooms and walls"):
// every folder below is a room, and it may import only from the rooms it lists. A wall that is
// broken fails `npm test` with a message that names both rooms and what is allowed instead;
// test/unit/lint/rooms.test.ts proves each wall with a probe file that breaks it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import cleardesk from './scripts/eslint-rooms.mjs';

/** Libraries that talk to the outside world or hold state: only the rooms that own that work use them. */
const HOST_LIBRARIES = [
  'electron',
  'electron-store',
  'better-sqlite3',
  'pg',
  'kysely',
  'axios',
  'node-rfc',
  'nodemailer',
];
const KEYCHAIN = ['@napi-rs/keyring', '@jellybrick/dbus-next'];

export const ROOMS = {
  // Pure TypeScript that runs in the core, the renderer and tests alike: the domain, money, time,
  // matching, the posting builder, the API contract and the ports.
  shared: {
    may: [],
    packages: { node: false, allow: ['zod'] },
    why: 'shared/ is pure TypeScript: it imports nothing outside itself but zod.',
  },
  // The React UI; it reaches the core only through shared/api.
  renderer: {
    may: ['shared'],
    packages: { node: false, deny: [...HOST_LIBRARIES, ...KEYCHAIN] },
    why: 'The renderer runs in a browser and reaches the core only through shared/api.',
  },
  'electron/main': { may: ['shared'], packages: { deny: ['kysely', 'better-sqlite3', 'pg', 'axios', 'node-rfc'] } },
  'electron/preload': { may: ['shared'], packages: { deny: HOST_LIBRARIES.filter((p) => p !== 'electron') } },
  // Orchestration and business rules; data through the store's repositories, the outside world
  // through the ports of shared/ports.
  'electron/core': {
    may: ['shared', 'electron/store:index'],
    packages: { deny: [...HOST_LIBRARIES, ...KEYCHAIN] },
    why: 'The core keeps orchestration and rules: SQL belongs to the store (its index is the public surface), PayTrace and SAP to the connectors behind shared/ports, and the hosts compose them.',
  },
  'electron/store': {
    may: ['shared'],
    packages: { deny: ['electron', 'electron-store', 'axios', 'node-rfc', ...KEYCHAIN] },
    why: 'The store owns SQL and nothing else.',
  },
  'electron/connectors': {
    may: ['shared', 'electron/resilience'],
    packages: { deny: ['electron', 'electron-store', 'better-sqlite3', 'pg', 'kysely', ...KEYCHAIN] },
    why: 'Connectors talk to PayTrace and SAP and implement shared/ports; they never reach the core or the store.',
  },
  'electron/resilience': {
    may: ['shared'],
    packages: { deny: [...HOST_LIBRARIES, ...KEYCHAIN] },
    why: 'The resilience policy is shared by the connectors and knows none of them.',
  },
  'electron/secrets': {
    may: ['shared'],
    packages: { deny: HOST_LIBRARIES },
    why: 'The vault keeps credentials and nothing else.',
  },
  'electron/sandbox': {
    may: ['shared'],
    packages: { deny: HOST_LIBRARIES },
    why: 'The sandbox keeps its own parsers so a simulator can disagree with a wrong client; it imports only itself and shared/.',
  },
  // The composition root and the CLI and browser host: they compose every other room.
  'electron/hosts': {
    may: [
      'shared',
      'electron/core',
      'electron/store',
      'electron/connectors',
      'electron/resilience',
      'electron/secrets',
      'electron/sandbox',
    ],
    packages: { deny: ['electron', 'electron-store'] },
    why: 'Only electron/main and electron/preload import electron.',
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'coverage/**',
      'renderer/dist/**',
      'renderer/dist.*/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { cleardesk },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'cleardesk/rooms': ['error', { rooms: ROOMS }],
    },
  },
  { files: ['shared/**/*.ts'], languageOptions: { globals: {} } },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Amounts on screen go through the renderer's own formatter (Intl, the clerk's locale, ISO 4217 decimals).
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/ui/money.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'shared/money$',
              importNames: ['formatMoney'],
              message:
                'Format amounts with formatMoney from renderer/src/ui/money.ts (Intl.NumberFormat, ISO 4217 decimals).',
            },
          ],
        },
      ],
    },
  },
);
