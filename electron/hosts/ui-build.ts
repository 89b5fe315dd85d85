// The browser host and `npm start` serve the built UI (renderer/dist). Building it when it is
// missing or older than its sources spares a newcomer (and anyone who pulled) a separate step.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from './paths';

/** Everything the bundle is made from: the renderer and the shared code it imports. */
const SOURCES = [join(projectRoot, 'renderer'), join(projectRoot, 'shared')];

export class UiBuildError extends Error {
  override readonly name = 'UiBuildError';
}

/** Cleaning up must not hide the error that made it necessary. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Left behind, harmless: git and the linters ignore renderer/dist.*.
  }
}

function newestMtime(dir: string, skip: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory()
      ? newestMtime(path, () => false)
      : (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0); // 0: a dangling link
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Whether `outDir` lacks a build, or holds one older than a source file. */
export function uiBuildNeeded(outDir: string): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  // renderer/dist itself, a build in progress (dist.building-*) and node_modules are not sources.
  const skip = (name: string) => name === 'node_modules' || name.startsWith('dist');
  const sources = Math.max(...SOURCES.map((dir) => newestMtime(dir, skip)));
  return statSync(index).mtimeMs < sources;
}

function viteCli(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('vite/package.json');
    return join(dirname(pkg), 'bin', 'vite.js');
  } catch {
    throw new UiBuildError(
      'The UI is not built and Vite, which builds it, is not installed: run `npm ci` (with the dev dependencies) in the ClearDesk folder.',
    );
  }
}

function runVite(outDir: string): Promise<number | null> {
  const args = [viteCli(), 'build', '--config', join(projectRoot, 'renderer', 'vite.config.ts')];
  // stdout is the host's (its first line is the URL); Vite's warnings and errors go to stderr.
  const child = spawn(process.execPath, [...args, '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  return new Promise((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

/** Puts a finished build in place. Another process may be building too: whichever lands first stays. */
function swapIn(built: string, outDir: string): void {
  const old = `${outDir}.old-${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    renameSync(built, outDir);
  } catch (e) {
    if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    removeQuietly(built);
    removeQuietly(old);
  }
}

/**
 * Builds the UI into `outDir` when uiBuildNeeded says so, saying so on stderr. The build goes to a
 * sibling folder first, so a host serving `outDir` meanwhile never sees half a build.
 */
export async function ensureUiBuilt(outDir: string, say: (line: string) => void = (l) => console.error(l)) {
  if (!uiBuildNeeded(outDir)) return;
  say(
    existsSync(join(outDir, 'index.html'))
      ? 'The UI is older than its sources; building it (vite build)...'
      : 'The UI is not built yet; building it (vite build)...',
  );
  const building = `${outDir}.building-${process.pid}`;
  const code = await runVite(building);
  if (code !== 0) {
    removeQuietly(building);
    throw new UiBuildError(
      `The UI could not be built (vite build ${code === null ? 'did not start' : `exited with ${code}`}; its messages are above). Fix what it reports, or run \`npm run build:renderer\` to see it again.`,
    );
  }
  try {
    swapIn(building, outDir);
  } catch (e) {
    throw new UiBuildError(`The UI was built but could not be put in ${outDir}: ${(e as Error).message}`);
  }
}
