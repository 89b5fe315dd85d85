// The desktop shell cannot be launched here (no Electron binary), so its bundles are checked
// statically: they build, the sandboxed preload needs nothing but 'electron', and the main
// process loads only Electron, Node's built-ins and its own native/store dependencies.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const external = ['electron', 'better-sqlite3', '@napi-rs/keyring', 'node-rfc', 'pg-native', 'electron-store'];

async function bundle(entry: string, format: 'esm' | 'cjs') {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    write: false,
    external,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs))
    for (const i of output.imports) if (i.external) imports.add(i.path);
  return imports;
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('Electron bundles', () => {
  it('the preload is one file that requires only electron (sandboxed preloads cannot load modules)', async () => {
    expect([...(await bundle('electron/preload/index.ts', 'cjs'))]).toEqual(['electron']);
  });

  it('the main process imports Electron, Node built-ins and electron-store only', async () => {
    const imports = [...(await bundle('electron/main/index.ts', 'esm'))].filter((i) => !builtins.has(i));
    expect(imports.sort()).toEqual(['electron', 'electron-store']);
  });

  it('the core utility process bundles, and does not import electron', async () => {
    const imports = await bundle('electron/hosts/desktop-core.ts', 'esm');
    expect(imports.has('electron')).toBe(false);
    expect([...imports].filter((i) => !builtins.has(i)).sort()).toEqual(expect.arrayContaining(['better-sqlite3']));
  }, 30_000);
});
