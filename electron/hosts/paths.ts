// Where ClearDesk keeps its data: the same folder Electron's app.getPath('userData') gives the
// desktop app, so the CLI, the browser host and the desktop share one store.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'ClearDesk';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CLEARDESK_DATA_DIR) return resolve(env.CLEARDESK_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The project's root folder (where resources/ and renderer/dist live). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const resourcesDir = join(projectRoot, 'resources');
export const rendererDistDir = join(projectRoot, 'renderer', 'dist');

/**
 * The built UI the browser host serves (and builds when missing): renderer/dist, or
 * CLEARDESK_RENDERER_DIST, with which a test builds and serves a UI of its own, leaving renderer/dist
 * to the hosts other tests run meanwhile.
 */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLEARDESK_RENDERER_DIST ? resolve(env.CLEARDESK_RENDERER_DIST) : rendererDistDir;
}
