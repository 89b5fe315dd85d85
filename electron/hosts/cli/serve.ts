// `cleardesk serve`: the browser host.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../core/log';
import { scheduleSync } from '../../core/scheduler';
import { openApp } from '../app';
import { rendererDistDir } from '../paths';
import { startBrowserHost } from '../serve/server';
import { ConfigurationError } from './errors';

export interface ServeCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  port: number;
  host: string;
  user: string;
  syncEvery: number;
}

export async function runServeCommand(opts: ServeCommandOptions): Promise<void> {
  if (!existsSync(join(rendererDistDir, 'index.html'))) {
    throw new ConfigurationError(`The UI is not built (${rendererDistDir} has no index.html). Run \`npm run build:renderer\` first.`);
  }
  const log = createLogger();
  const app = await openApp({ dataDir: opts.dataDir, sandbox: opts.sandbox, env: process.env, log, profile: opts.profile });
  const host = await startBrowserHost({
    core: app.core,
    rendererDir: rendererDistDir,
    actor: { name: opts.user, roles: ['clerk', 'approver', 'admin'] },
    log,
    host: opts.host,
    port: opts.port,
  });
  const scheduler = opts.syncEvery > 0 ? scheduleSync(() => app.core.sync(), opts.syncEvery, log) : null;
  if (opts.host !== '127.0.0.1' && opts.host !== '::1' && opts.host !== 'localhost') {
    process.stderr.write(`Warning: ClearDesk is listening on ${opts.host}, not only on this machine. Anyone who has the link can act as ${opts.user}.\n`);
  }
  process.stdout.write(`ClearDesk${opts.sandbox ? ' (sandbox)' : ''} is serving at ${host.url}\n`);
  process.stdout.write(`Data: ${app.location}\nPress Ctrl+C to stop.\n`);
  const stop = async () => {
    scheduler?.stop();
    await host.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
