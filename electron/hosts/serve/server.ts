// The browser host: the renderer and the API on 127.0.0.1, guarded by a session token.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../core/core';
import type { Logger } from '../../core/log';
import type { Actor } from '../../core/ports';
import { createApiHandler } from './http-api';
import { serveStatic } from './static';

export interface BrowserHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  readonly actor: Actor;
  readonly log: Logger;
  readonly host?: string;
  readonly port?: number;
  /** Fixed token for tests; a random one otherwise. */
  readonly token?: string;
}

export interface BrowserHost {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const api = createApiHandler({ core: options.core, token, actor: options.actor, log: options.log });
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
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        api.closeStreams();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
