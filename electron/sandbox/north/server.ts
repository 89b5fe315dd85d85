// The North simulator on node:http, loopback only: the token endpoint, the chargebacks endpoint and a few admin
// routes for faults. Its own parsing of paths, queries and forms (never the connector's).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NorthSimulator, type NorthReply, type NorthSimulatorOptions } from './simulator';
import { readBody } from '../http-body';

export interface NorthSandboxOptions extends NorthSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
}

export interface RunningNorthSandbox {
  readonly url: string;
  readonly sim: NorthSimulator;
  close(): Promise<void>;
}

const MAX_BODY = 64_000;
const CHARGEBACKS = /^\/merchant-risk-management\/disputes\/mid\/([^/]*)\/chargebacks$/;

function send(res: ServerResponse, reply: NorthReply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}

async function handle(sim: NorthSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://north-sandbox');
  const method = req.method ?? 'GET';
  const text = await readBody(req, MAX_BODY);
  if (url.pathname === '/oauth/token') {
    if (method !== 'POST') return send(res, { status: 405, body: { error: 'POST only' } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return send(res, {
        status: 400,
        body: { error: 'invalid_request: send a form (application/x-www-form-urlencoded)' },
      });
    return send(res, sim.token(Object.fromEntries(new URLSearchParams(text))));
  }
  const m = CHARGEBACKS.exec(url.pathname);
  if (m) {
    if (method !== 'GET') return send(res, { status: 405, body: { error: 'GET only' } });
    let merchantId: string;
    try {
      merchantId = decodeURIComponent(m[1]!);
    } catch {
      return send(res, { status: 400, body: { error: 'merchantId is not readable' } });
    }
    return send(res, sim.chargebacks(merchantId, url.searchParams, req.headers.authorization));
  }
  if (url.pathname === '/_sandbox/faults' && method === 'POST') {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text || '{}') as Record<string, unknown>;
    } catch {
      return send(res, { status: 400, body: { error: 'not JSON' } });
    }
    if (typeof body.throttle === 'number') sim.throttleNext(body.throttle, Number(body.retryAfterSeconds ?? 1));
    if (typeof body.fail === 'number') sim.failNext(body.fail, Number(body.status ?? 503));
    if (body.expireTokens === true) sim.expireTokens();
    return send(res, { status: 200, body: { ok: true } });
  }
  send(res, { status: 404, body: { error: `no route ${method} ${url.pathname}` } });
}

/** Starts the North simulator on loopback (port 0 picks a free port). */
export async function startNorthSandbox(opts: NorthSandboxOptions = {}): Promise<RunningNorthSandbox> {
  const sim = new NorthSimulator(opts);
  const server = createServer((req, res) => {
    handle(sim, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: e instanceof Error ? e.message : String(e) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
