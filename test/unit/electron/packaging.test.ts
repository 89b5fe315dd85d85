// `npm run dist` cannot run here (electron-builder downloads Electron), so its configuration is
// checked with the installed electron-builder's own code: electron-builder.yml passes its schema, its
// electronFuses become the fuse wire we want when flipped into a stand-in binary by the same
// @electron/fuses electron-builder uses, and `files`/`asarUnpack` cover what the bundles need.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// electron-builder's internals, and its own copies of @electron/fuses and minimatch.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'));
const builder = builderRequire('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};
const builderConfig = builderRequire('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const fuses = builderRequire('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  flipFuses(path: string, config: Record<string, unknown>): Promise<unknown>;
  getCurrentFuseWire(path: string): Promise<Record<number, number>>;
};
const { SENTINEL } = builderRequire('@electron/fuses/dist/constants.js') as { SENTINEL: string };
const { minimatch } = builderRequire('minimatch') as { minimatch(path: string, glob: string): boolean };

interface BuilderConfig {
  /** As electron-builder merges it: file sets, the top-level list becoming one { filter }. */
  files: (string | { filter?: string[] })[];
  asarUnpack: string[];
  asar?: boolean;
  electronFuses: Record<string, boolean>;
}

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  allowScripts: Record<string, boolean>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const buildScript = readFileSync(join(root, 'scripts', 'build-electron.mjs'), 'utf8');
let config: BuilderConfig;

beforeAll(async () => {
  config = await builderConfig.getConfig(root, 'electron-builder.yml', null);
}, 30_000);

describe('electron-builder configuration', () => {
  it('is a devDependency with a dist script, and Electron still installs without its download', () => {
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
    expect(pkg.scripts.dist).toMatch(/^npm run build && electron-builder --config electron-builder\.yml/);
    expect(pkg.allowScripts.electron).toBe(false);
  });

  it("passes the installed electron-builder's own schema (which refuses a misspelt option)", async () => {
    const debug = { isEnabled: false, add: () => undefined };
    await expect(builderConfig.validateConfiguration(config, debug)).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } };
    await expect(builderConfig.validateConfiguration(misspelt, debug)).rejects.toThrow(/electronFuses/);
  }, 30_000);

  it('packs the bundles, the renderer and the resources, without source maps', () => {
    const outfiles = [...buildScript.matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]!);
    expect(outfiles.sort()).toEqual([
      'dist/electron/core-process.js',
      'dist/electron/main/index.js',
      'dist/electron/preload/index.cjs',
    ]);
    expect(outfiles).toContain(pkg.main);
    const globs = config.files.flatMap((set) => (typeof set === 'string' ? [set] : (set.filter ?? [])));
    const packed = (file: string): boolean =>
      globs.some((g) => !g.startsWith('!') && minimatch(file, g)) &&
      !globs.some((g) => g.startsWith('!') && minimatch(file, g.slice(1)));
    for (const file of [...outfiles, 'renderer/dist/index.html', 'renderer/dist/assets/index-x.js'])
      expect(packed(file), file).toBe(true);
    for (const file of [
      'resources/icon.png',
      'resources/gl-rules.json',
      'resources/matching-rules.json',
      'package.json',
    ])
      expect(packed(file), file).toBe(true);
    expect(packed('dist/electron/main/index.js.map')).toBe(false);
    expect(packed('electron/main/index.ts')).toBe(false);
  });

  it('unpacks the native modules from the archive; node-rfc stays optional', () => {
    const unpacked = (file: string): boolean => config.asarUnpack.some((g) => minimatch(file, g));
    for (const file of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@napi-rs/keyring/index.js',
      'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node',
      'node_modules/@napi-rs/keyring-win32-x64-msvc/keyring.win32-x64-msvc.node',
      'node_modules/node-rfc/prebuilds/linux-x64/node.napi.node',
    ])
      expect(unpacked(file), file).toBe(true);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
    expect(pkg.optionalDependencies['node-rfc']).toBeDefined();
    expect(pkg.allowScripts['node-rfc']).toBe(false);
  });

  it('ships every module the bundles leave external as a runtime dependency', () => {
    const external = JSON.parse(
      (/const external = (\[[^\]]*\])/.exec(buildScript)?.[1] ?? '[]').replace(/'/g, '"'),
    ) as string[];
    expect(external).toEqual(expect.arrayContaining(['electron', 'better-sqlite3', '@napi-rs/keyring', 'node-rfc']));
    // electron is the runtime itself; pg-native is an optional peer of pg that ClearDesk never enables.
    for (const name of external.filter((n) => n !== 'electron' && n !== 'pg-native'))
      expect(pkg.dependencies[name] ?? pkg.optionalDependencies[name], name).toBeDefined();
  });
});

describe('Electron fuses', () => {
  let dir: string;
  let binary: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cleardesk-fuses-'));
    binary = join(dir, 'cleardesk');
    // A stand-in for the Electron binary: the fuse wire behind its sentinel, set as Electron ships
    // it (run as node, NODE_OPTIONS, --inspect and file:// privileges on; the rest off).
    const sentinel = Buffer.from(SENTINEL);
    const wire = Buffer.from([1, 8, ...Buffer.from('10110001')]);
    writeFileSync(binary, Buffer.concat([Buffer.alloc(64, 7), sentinel, wire, Buffer.alloc(64, 7)]));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('electron-builder flips each fuse of electron-builder.yml the way the checklist asks', async () => {
    expect(config.asar).toBe(true); // onlyLoadAppFromAsar needs the archive
    const fuseConfig = await builder.PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    await fuses.flipFuses(binary, fuseConfig);
    const wire = await fuses.getCurrentFuseWire(binary);
    const state = (name: string): string => String.fromCharCode(wire[fuses.FuseV1Options[name]!]!);
    expect({
      RunAsNode: state('RunAsNode'),
      EnableCookieEncryption: state('EnableCookieEncryption'),
      EnableNodeOptionsEnvironmentVariable: state('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: state('EnableNodeCliInspectArguments'),
      EnableEmbeddedAsarIntegrityValidation: state('EnableEmbeddedAsarIntegrityValidation'),
      OnlyLoadAppFromAsar: state('OnlyLoadAppFromAsar'),
      GrantFileProtocolExtraPrivileges: state('GrantFileProtocolExtraPrivileges'),
    }).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      GrantFileProtocolExtraPrivileges: '0',
    });
  });
});
