#!/usr/bin/env node
// `npm start`: the desktop app in sandbox mode. Where no Electron binary can run (no display, or
// the binary could not be downloaded), it starts the browser host instead and prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { register } from 'tsx/esm/api';

const require = createRequire(import.meta.url);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;

// The same UI build as `cleardesk serve`: only when renderer/dist is missing or older than its sources.
register();
const { ensureUiBuilt } = await import('../electron/hosts/ui-build.ts');
const { rendererDistDir } = await import('../electron/hosts/paths.ts');
try {
  await ensureUiBuilt(rendererDistDir);
} catch (e) {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
// Only where a window can open: requiring electron fetches its binary on first use.
let electronBinary = null;
if (hasDisplay) {
  try {
    electronBinary = require('electron');
  } catch (e) {
    console.log(`The Electron binary could not be installed (${String(e.message ?? e).split('\n')[0]}).`);
  }
}

if (typeof electronBinary === 'string' && existsSync(electronBinary) && hasDisplay) {
  if (!run('npm', ['run', 'build:electron', '--silent'])) process.exit(1);
  spawn(electronBinary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    hasDisplay
      ? 'The Electron binary is not installed; starting the browser host instead.'
      : 'No display; starting the browser host instead.',
  );
  spawn(process.execPath, ['bin/cleardesk.mjs', 'serve', '--sandbox', ...process.argv.slice(2)], {
    stdio: 'inherit',
  }).on('exit', (code) => process.exit(code ?? 0));
}
