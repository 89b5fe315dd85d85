// `cleardesk serve`: the browser host.
import { createLogger } from '../log';
import { scheduleSync } from '../../core/scheduler';
import { openApp } from '../app';
import { rendererDir } from '../paths';
import { startBrowserHost } from '../serve/server';
import { ensureUiBuilt } from '../ui-build';
import type { Actor, Role } from '../../core/ports';
import { ConfigurationError } from './errors';

export interface ServeCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  port: number;
  host: string;
  /** `name` or `name:role[,role]`, once per person; none: the OS user with every role. */
  user?: string[];
  syncEvery: number;
  /** Where audit anchors are written; CLEARDESK_AUDIT_ANCHOR_DIR when absent. */
  anchorDir?: string;
}

const ROLES: readonly Role[] = ['clerk', 'approver', 'admin'];

/** `alice:clerk`, `bob:approver,admin`, or just `carol` (every role, as a single-user host always had). */
export function parseServeUser(spec: string): Actor {
  const [rawName = '', rawRoles] = spec.split(/:(.*)/s, 2);
  const name = rawName.trim();
  if (!name || /\s/.test(name))
    throw new ConfigurationError(
      `--user "${spec}": give a name without spaces, then optionally a colon and roles (alice:clerk).`,
    );
  if (rawRoles === undefined) return { name, roles: [...ROLES] };
  const roles = rawRoles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new ConfigurationError(
      `--user "${spec}": ${roles.length === 0 ? 'no role given' : `unknown role ${unknown.join(', ')}`}; the roles are ${ROLES.join(', ')}.`,
    );
  }
  return { name, roles: [...new Set(roles as Role[])] };
}

function usersOf(specs: readonly string[] | undefined): Actor[] {
  const actors = (specs && specs.length > 0 ? specs : [process.env.USER ?? 'clerk']).map(parseServeUser);
  const seen = new Set<string>();
  for (const a of actors) {
    if (seen.has(a.name))
      throw new ConfigurationError(`--user ${a.name} is given twice; each person needs a name of their own.`);
    seen.add(a.name);
  }
  return actors;
}

export async function runServeCommand(opts: ServeCommandOptions): Promise<void> {
  const users = usersOf(opts.user);
  const ui = rendererDir();
  await ensureUiBuilt(ui);
  const log = createLogger();
  const app = await openApp({
    dataDir: opts.dataDir,
    sandbox: opts.sandbox,
    env: process.env,
    log,
    profile: opts.profile,
    ...(opts.anchorDir ? { anchorDir: opts.anchorDir } : {}),
  });
  const host = await startBrowserHost({
    core: app.core,
    rendererDir: ui,
    users: users.map((actor) => ({ actor })),
    log,
    host: opts.host,
    port: opts.port,
  });
  const scheduler = opts.syncEvery > 0 ? scheduleSync(() => app.core.sync(), opts.syncEvery, log) : null;
  if (opts.host !== '127.0.0.1' && opts.host !== '::1' && opts.host !== 'localhost') {
    process.stderr.write(
      `Warning: ClearDesk is listening on ${opts.host}, not only on this machine. Anyone who has a link can act as the person it belongs to.\n`,
    );
  }
  // The first line is what scripts (and the e2e helper) read; the other people's links follow.
  process.stdout.write(`ClearDesk${opts.sandbox ? ' (sandbox)' : ''} is serving at ${host.url}\n`);
  if (host.users.length > 1) {
    for (const u of host.users) process.stdout.write(`  ${u.actor.name} (${u.actor.roles.join(', ')}): ${u.url}\n`);
  }
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
