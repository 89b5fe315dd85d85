// The browser host: the renderer and the API on 127.0.0.1 (or, over TLS, on another address),
// for the people given on the command line, each signing in with a one-time link.
import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { personKey } from '../../../shared/domain';
import { networkInterfaces } from 'node:os';
import { ConfigurationError } from '../../../shared/ports';
import type { Core } from '../../core/core';
import type { Actor } from '../../core/ports';
import type { Logger } from '../log';
import type { CookieOptions } from './cookies';
import { createEventStreams } from './events';
import { checkExposure, isLoopback, isWildcard } from './exposure';
import { createRequestHandler } from './handler';
import { createHostGuard } from './host-guard';
import { sendText } from './respond';
import { createSignIn, type UserDirectory } from './sign-in';
import { SessionStore } from './sessions';
import { loadUi } from './static';
import type { DisputeWebhookOptions } from './webhook';

export const DEFAULT_SESSION_IDLE_MINUTES = 30;

export interface BrowserHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  /** Who gets a one-time link at start (`users`); at least one. */
  readonly users: readonly { readonly actor: Actor }[];
  /**
   * Who may sign in, as they are now: asked on every link exchange and every request (the store's
   * users, electron/core/users.ts). Absent: exactly `users`, as given.
   */
  readonly directory?: UserDirectory;
  readonly log: Logger;
  readonly host?: string;
  readonly port?: number;
  /** PEM certificate and key: the host speaks HTTPS, and may then listen beyond loopback. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Names people reach the host by besides loopback and the bound address (the certificate's name). */
  readonly allowedHosts?: readonly string[];
  /** A session unused this long ends. */
  readonly sessionIdleMs?: number;
  /** The clock sessions are timed by; tests move it instead of waiting. */
  readonly now?: () => number;
  /** How long a client may take to send its headers, and its whole request; shorter in tests. */
  readonly timeouts?: { readonly headersMs?: number; readonly requestMs?: number };
  /** The signed dispute webhook (POST /webhooks/disputes/<source>): where each source's secret is, the replay window. */
  readonly webhooks?: DisputeWebhookOptions;
}

export interface BrowserHostUser {
  readonly actor: Actor;
  /** A one-time sign-in link. */
  readonly url: string;
}

export interface BrowserHost {
  /** The first user's link. */
  readonly url: string;
  /** Where the host answers, e.g. `http://127.0.0.1:4780`. */
  readonly origin: string;
  readonly users: readonly BrowserHostUser[];
  /** A fresh one-time link for one of the users (a second browser, a second tester). */
  newLink(name: string): string;
  /** A fresh one-time link for this person (an admin's users.link); whether they may use it is the directory's. */
  linkFor(actor: Actor): string;
  close(): Promise<void>;
}

/** The name in the printed links: the one the certificate is for, if the admin gave it. */
function linkHost(bound: string, allowed: readonly string[]): string {
  if (isLoopback(bound)) return bound;
  if (allowed[0]) return allowed[0];
  if (!isWildcard(bound)) return bound;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4');
  return external?.address ?? '127.0.0.1';
}

function createServer(options: BrowserHostOptions): Server {
  const headersMs = options.timeouts?.headersMs ?? 10_000;
  const settings: ServerOptions = {
    headersTimeout: headersMs,
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    // How often the timeouts above are checked; the default (30 s) would let a slow client linger.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, headersMs / 4)),
    maxHeaderSize: 16 * 1024,
    keepAliveTimeout: 5_000,
  };
  if (!options.tls) return createHttpServer(settings);
  try {
    return createHttpsServer({
      ...settings,
      cert: options.tls.cert,
      key: options.tls.key,
      handshakeTimeout: headersMs,
    });
  } catch (e) {
    throw new ConfigurationError(
      `The TLS certificate or key cannot be used (${e instanceof Error ? e.message : String(e)}). Give a PEM certificate and its private key.`,
    );
  }
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  if (options.users.length === 0 && !options.directory) throw new Error('The browser host needs at least one user.');
  const names = new Set(options.users.map((u) => personKey(u.actor.name)));
  if (names.size !== options.users.length) throw new Error('Each user of the browser host needs a name of their own.');
  const bound = options.host ?? '127.0.0.1';
  checkExposure(bound, !!options.tls);
  const allowed = options.allowedHosts ?? [];
  const ui = loadUi(options.rendererDir);

  const server = createServer(options);
  // The handler needs the port (the cookie's name carries it); until it is known, nothing is served.
  let handle: RequestListener = (_req, res) => sendText(res, 503, 'ClearDesk is starting.');
  server.on('request', (req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bound, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, a failing socket must not stop the host.
  server.on('error', (e) => options.log.error('host.socket_failed', { error: e.message }));
  const { port } = server.address() as AddressInfo;

  const cookie: CookieOptions = { port, secure: !!options.tls };
  const sessions = new SessionStore({
    idleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MINUTES * 60_000,
    ...(options.now ? { now: options.now } : {}),
  });
  const events = createEventStreams(options.core.events);
  sessions.onEnded((session, why) => {
    events.endSession(session.key);
    options.log.info('session.ended', { user: session.actor.name, why });
  });
  const sweeper = setInterval(() => sessions.sweep(), Math.max(10, Math.min(30_000, sessions.idleMs / 4)));
  sweeper.unref();

  const actors = new Map(options.users.map((u) => [u.actor.name, u.actor]));
  const given = new Map(options.users.map((u) => [personKey(u.actor.name), u.actor]));
  const directory: UserDirectory = options.directory ?? (async (name) => given.get(personKey(name)) ?? null);
  const signIn = createSignIn({ sessions, users: directory, cookie, log: options.log });
  // An admin's change reaches the person's open sessions at once (a disabled user's streams end).
  const offUsers = options.core.events.on('users.changed', ({ name }) => {
    signIn
      .recheckUser(name)
      .catch((e: unknown) =>
        options.log.error('session.recheck_failed', { user: name, error: e instanceof Error ? e.message : String(e) }),
      );
  });
  handle = createRequestHandler({
    core: options.core,
    log: options.log,
    ui,
    signIn,
    events,
    hostAllowed: createHostGuard({ bound, allowed }),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });

  const shown = linkHost(bound, allowed);
  const origin = `${options.tls ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  const linkFor = (actor: Actor): string => `${origin}/?token=${sessions.mintLink(actor)}`;
  const newLink = (name: string): string => {
    const actor = actors.get(name);
    if (!actor) throw new Error(`The browser host has no user "${name}".`);
    return linkFor(actor);
  };
  const users = options.users.map((u) => ({ actor: u.actor, url: newLink(u.actor.name) }));
  return {
    url: users[0]?.url ?? `${origin}/`,
    origin,
    users,
    newLink,
    linkFor,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        offUsers();
        events.closeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
