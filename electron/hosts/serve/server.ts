// The browser host: the renderer and the API on 127.0.0.1, guarded by a session token.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../core/core';
import type { Logger } from '../log';
import type { Actor } from '../../core/ports';
import { createApiHandler } from './http-api';
import { serveStatic } from './static';

export interface BrowserHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  /** Who may use it: each gets a link with their own token. At least one. */
  readonly users: readonly {
    readonly actor: Actor;
    /** Fixed token for tests; a random one otherwise. */ readonly token?: string;
  }[];
  readonly log: Logger;
  readonly host?: string;
  readonly port?: number;
}

export interface BrowserHostUser {
  readonly actor: Actor;
  readonly url: string;
  readonly token: string;
}

export interface BrowserHost {
  /** The first user's link and token. */
  readonly url: string;
  readonly token: string;
  readonly users: readonly BrowserHostUser[];
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  if (options.users.length === 0) throw new Error('The browser host needs at least one user.');
  const names = new Set(options.users.map((u) => u.actor.name));
  if (names.size !== options.users.length) throw new Error('Each user of the browser host needs a name of their own.');
  const sessions = options.users.map((u) => ({
    actor: u.actor,
    token: u.token ?? randomBytes(24).toString('base64url'),
  }));
  const api = createApiHandler({ core: options.core, sessions, log: options.log });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      api.handle(req, res, url).catch((e: unknown) => {
        options.log.error('host.failed', { error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!serveStatic(options.rendererDir, url.pathname, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const users = sessions.map((s) => ({
    actor: s.actor,
    token: s.token,
    url: `http://${shownHost}:${port}/?token=${s.token}`,
  }));
  return {
    url: users[0]!.url,
    token: users[0]!.token,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        api.closeStreams();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
