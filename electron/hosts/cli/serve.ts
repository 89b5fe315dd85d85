// `cleardesk serve`: the browser host. What the options may refuse is checked first, and the
// store, the sandbox and the host are loaded only then, so a refusal (exit 4) comes at once.
import type { Actor, Role } from '../../core/ports';
import { ROLES, UserNameSchema } from '../../../shared/api/users';
import { checkExposure, isLoopback } from '../serve/exposure';
import type { BrowserHostUser } from '../serve/server';
import { personKey } from '../../../shared/domain';
import { ConfigurationError } from './errors';
import { readTlsFiles } from './serve-tls';
import { syncEveryOverrides } from '../jobs';

export interface ServeCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  port: number;
  host: string;
  /** `name` or `name:role[,role]`, once per person, added to (or updating) the store's users; none: the store's users, or on a first start the OS user with every role. */
  user?: string[];
  /** Minutes between background syncs; 0: no background jobs at all; absent: the jobs' schedules. */
  syncEvery?: number;
  tlsCert?: string;
  tlsKey?: string;
  /** Names the host answers to besides loopback and the bound address. */
  allowHost?: string[];
  sessionIdleMinutes: number;
  /** How far a dispute webhook delivery's timestamp may be from now (seconds). */
  webhookWindowSeconds?: number;
  /** Where audit anchors are written; CLEARDESK_AUDIT_ANCHOR_DIR when absent. */
  anchorDir?: string;
}

/** `alice:clerk`, `bob:approver,admin`, or just `carol` (every role, as a single-user host always had). */
export function parseServeUser(spec: string): Actor {
  const [rawName = '', rawRoles] = spec.split(/:(.*)/s, 2);
  const parsed = UserNameSchema.safeParse(rawName);
  if (!parsed.success)
    throw new ConfigurationError(
      `--user "${spec}": ${parsed.error.issues[0]!.message}, then optionally a colon and roles (alice:clerk).`,
    );
  const name = parsed.data;
  if (rawRoles === undefined) return { name, roles: [...ROLES] };
  const roles = rawRoles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new ConfigurationError(
      `--user "${spec}": ${roles.length === 0 ? 'no role given' : `unknown role ${unknown.join(', ')}`}; the roles are ${ROLES.join(', ')}.`,
    );
  }
  return { name, roles: [...new Set(roles as Role[])] };
}

function usersOf(specs: readonly string[] | undefined): Actor[] {
  const actors = (specs ?? []).map(parseServeUser);
  // "sam" and "Sam" are one person to the four-eyes rules, so they may not be two users either.
  const seen = new Set<string>();
  for (const a of actors) {
    if (seen.has(personKey(a.name)))
      throw new ConfigurationError(
        `--user ${a.name} is given twice (names compare without case); each person needs a name of their own.`,
      );
    seen.add(personKey(a.name));
  }
  return actors;
}

/** One line per person, the form scripts (and the e2e helper) read. */
function linkLines(links: readonly BrowserHostUser[]): string {
  return links.map((u) => `  ${u.actor.name} (${u.actor.roles.join(', ')}): ${u.url}\n`).join('');
}

export async function runServeCommand(opts: ServeCommandOptions): Promise<void> {
  const users = usersOf(opts.user);
  const tls = readTlsFiles(opts.tlsCert, opts.tlsKey);
  checkExposure(opts.host, !!tls);
  const background = opts.syncEvery !== 0;
  const overrides = background
    ? syncEveryOverrides(opts.syncEvery, '--sync-every', '--sync-every 0 runs no background job')
    : {};
  const [{ createLogger }, { openApp }, { rendererDir }, { startBrowserHost }, { ensureUiBuilt }] = await Promise.all([
    import('../log'),
    import('../app'),
    import('../paths'),
    import('../serve/server'),
    import('../ui-build'),
  ]);
  const { logsDirOf } = await import('../log');
  const ui = rendererDir();
  await ensureUiBuilt(ui);
  const log = createLogger();
  const logsDir = logsDirOf(opts.dataDir);
  await log.attachFile(logsDir);
  const app = await openApp({
    dataDir: opts.dataDir,
    sandbox: opts.sandbox,
    env: process.env,
    log,
    profile: opts.profile,
    ...(opts.anchorDir ? { anchorDir: opts.anchorDir } : {}),
  });
  const [{ vaultForHost }, { webhookSecretOf }] = await Promise.all([
    import('../../secrets'),
    import('../serve/webhook'),
  ]);
  const webhookVault = vaultForHost(process.env, log);
  // The store keeps the users (Settings -> Users); --user flags add people or set their roles (the
  // flag wins for roles, an admin's disable stands). With no flag, the store's active users get links,
  // and a store with none gets the OS user with every role, as a single-user host always had.
  const stored = await app.core.store.users.list();
  const flagged = users.length > 0 ? users : stored.length === 0 ? [parseServeUser(process.env.USER ?? 'clerk')] : [];
  if (flagged.length > 0) await app.core.seedUsers(flagged);
  const activeNow = async () => (await app.core.store.users.list()).filter((u) => u.active && u.roles.length > 0);
  const linked = (await activeNow())
    .filter((u) => flagged.length === 0 || flagged.some((f) => personKey(f.name) === personKey(u.name)))
    .map((u) => ({ actor: { name: u.name, roles: u.roles } }));
  const disabled = flagged.filter((f) => !linked.some((l) => personKey(l.actor.name) === personKey(f.name)));
  const host = await startBrowserHost({
    core: app.core,
    rendererDir: ui,
    users: linked,
    directory: (name) => app.core.activeUser(name),
    log,
    host: opts.host,
    port: opts.port,
    tls,
    allowedHosts: opts.allowHost ?? [],
    sessionIdleMs: opts.sessionIdleMinutes * 60_000,
    webhooks: {
      secretOf: (source) => webhookSecretOf(webhookVault, process.env, source),
      windowMs: (opts.webhookWindowSeconds ?? 300) * 1000,
    },
  });
  // An admin's "New sign-in link" (users.link) is made here, where the tokens are kept.
  app.core.useSignInLinks({ issue: (user) => host.linkFor(user) });
  // The scheduled jobs (sync, SAP mirror, audit anchor); --sync-every 0 runs none in the background.
  if (background) await app.core.jobs.start(overrides);
  if (!isLoopback(opts.host)) {
    process.stderr.write(
      `Note: ClearDesk is listening on ${opts.host} over HTTPS, not only on this machine. Send each link only to the person it is for.\n`,
    );
  }
  // The first line is what scripts (and the e2e helper) read. With one person it is their link; with more, the
  // address alone, and each person's link on a line naming them: a headline link passed on as "the" address
  // would be someone's session (an approver's, say) in another's hands.
  const name = `ClearDesk${opts.sandbox ? ' (sandbox)' : ''}`;
  if (host.users.length > 1) {
    process.stdout.write(`${name} is serving at ${host.origin}/ (sign-in links, one per person, below)\n`);
    process.stdout.write(linkLines(host.users));
  } else process.stdout.write(`${name} is serving at ${host.url}\n`);
  for (const d of disabled)
    process.stdout.write(`  ${d.name} is disabled (Settings -> Users): no link until an admin enables them.\n`);
  // A signal, not a prompt: reading the terminal would stop a `cleardesk serve &` in the background.
  const canMint = process.platform !== 'win32';
  process.stdout.write(
    `Each link signs in once; a session ends after ${opts.sessionIdleMinutes} idle minutes or on sign-out.` +
      (canMint ? ` New links for everyone: kill -USR2 ${process.pid}` : '') +
      `\nData: ${app.location}\nLogs: ${logsDir}\nPress Ctrl+C to stop.\n`,
  );
  if (canMint) {
    process.on('SIGUSR2', () => {
      void activeNow().then((now) => {
        const fresh = now.map((u) => {
          const actor = { name: u.name, roles: u.roles };
          return { actor, url: host.linkFor(actor) };
        });
        process.stdout.write(`New links (each signs in once):\n${linkLines(fresh)}`);
      });
    });
  }
  const stop = async () => {
    await host.close();
    await app.close();
    log.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
