// The simulator on node:http: body parsing, faults, admin routes, Rails-like headers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validationEnvelope } from './codes';
import type { FaultUpdate } from './faults';
import { EXPORT_PATHS } from './routes';
import { PayTraceSimulator, type SimulatorOptions } from './simulator';
import { readBody } from '../http-body';

export interface SandboxOptions extends SimulatorOptions {
  port?: number;
  host?: string;
}

export interface RunningSandbox {
  readonly url: string;
  readonly sim: PayTraceSimulator;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> | null {
  if (text.trim() === '') return {};
  if ((contentType ?? '').includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

let requestSeq = 0;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'max-age=0, private, must-revalidate',
    'X-Request-Id': `sim-${(requestSeq += 1)}`,
    ...extra,
  });
  res.end(body);
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

async function handleAdmin(
  sim: PayTraceSimulator,
  path: string,
  method: string,
  body: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  if (path === '/_sandbox/faults' && method === 'POST')
    return send(res, 200, JSON.stringify(sim.faults.set(body as FaultUpdate)));
  if (path === '/_sandbox/faults' && method === 'GET')
    return send(res, 200, JSON.stringify({ settings: sim.faults.settings, stats: sim.faults.stats }));
  if (path === '/_sandbox/faults/reset' && method === 'POST') {
    sim.faults.reset();
    return send(res, 200, JSON.stringify(sim.faults.settings));
  }
  if (path === '/_sandbox/settle' && method === 'POST') {
    const batch = sim.ledger.settle(sim.now());
    return send(res, 200, JSON.stringify({ batch: batch?.number ?? null }));
  }
  send(res, 404, JSON.stringify({ error: `no sandbox admin route ${method} ${path}` }));
}

async function handle(sim: PayTraceSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  const text = await readBody(req, MAX_BODY);
  const body = parseBody(text, req.headers['content-type']);
  if (path.startsWith('/_sandbox/')) return handleAdmin(sim, path, req.method ?? 'GET', body ?? {}, res);

  const plan = sim.faults.plan(path, EXPORT_PATHS.has(path));
  if (plan.pre?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (plan.pre) await sleep(plan.delayMs);
  if (plan.pre?.kind === 'throttle') {
    return send(
      res,
      429,
      JSON.stringify({ error: 'rate_limited', error_description: 'Too many requests. Retry later.' }),
      undefined,
      { 'Retry-After': String(plan.pre.retryAfterSeconds) },
    );
  }
  if (plan.pre?.kind === 'bad-gateway') return send(res, 502, BAD_GATEWAY_HTML, 'text/html');
  if (plan.pre?.kind === 'status')
    return send(res, plan.pre.status, JSON.stringify({ status: plan.pre.status, error: 'Service Unavailable' }));

  if (req.method !== 'POST' && path !== '/v1/ping')
    return send(res, 405, JSON.stringify({ error: 'PayTrace v1 methods are POST' }));
  if (body === null)
    return send(
      res,
      400,
      JSON.stringify(validationEnvelope({ 'SIM-JSON': ['The request body is not a JSON object.'] })),
    );
  const reply = sim.handle(path, body, req.headers.authorization, req.socket.remoteAddress ?? '');
  // The gateway has acted; a slow answer now is the "committed but not heard" case.
  await sleep(plan.delayMs);
  if (plan.resetAfter) {
    req.socket.destroy();
    return;
  }
  const json = JSON.stringify(reply.body);
  if (reply.exported && plan.exportFault === 'truncate')
    return send(res, reply.status, json.slice(0, Math.floor(json.length / 2)));
  if (reply.exported && plan.exportFault === 'empty') return send(res, reply.status, '');
  send(res, reply.status, json);
}

/** Starts the PayTrace simulator on loopback (port 0 picks a free port). */
export async function startPayTraceSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const sim = new PayTraceSimulator(opts);
  const server = createServer((req, res) => {
    handle(sim, req, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(
          res,
          500,
          JSON.stringify({ error: 'simulator_error', error_description: e instanceof Error ? e.message : String(e) }),
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
