#!/usr/bin/env node
// Bundles the Electron entry points with esbuild: main (ESM), the sandboxed preload (one CJS file,
// as sandboxed preloads cannot load modules) and the core's utility process (ESM).
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', '@napi-rs/keyring', 'node-rfc', 'pg-native', 'electron-store'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external, logLevel: 'info' };

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main/index.js', format: 'esm' }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload/index.cjs',
    format: 'cjs',
  }),
  build({
    ...common,
    entryPoints: ['electron/hosts/desktop-core.ts'],
    outfile: 'dist/electron/core-process.js',
    format: 'esm',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  }),
]);
