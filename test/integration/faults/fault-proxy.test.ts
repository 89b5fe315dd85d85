// The TCP fault proxy itself (test/support/fault-proxy.ts), in front of a plain node:http server that
// counts what reaches it: requests pass byte for byte on kept-alive connections, and each fault does
// what it says, to the client and to the upstream.
import { Agent, type IncomingHttpHeaders, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const upstream = { seen: [] as string[] };
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    upstream.seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${req.method} ${req.url} ${body}`.trim());
  });
});
let proxy: FaultProxy;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function call(
  path: string,
  opts: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${proxy.url}${path}`,
      {
        method: opts.method ?? 'GET',
        agent,
        headers: {
          ...(opts.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(opts.body)) }),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 5_000,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'answered',
    (e: unknown) => String((e as { code?: string }).code ?? (e as Error).message),
  );

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy = await startFaultProxy({ target: { port: (server.address() as AddressInfo).port } });
});
afterAll(async () => {
  agent.destroy();
  await proxy.close();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  proxy.clear();
  upstream.seen.length = 0;
});

describe('the fault proxy', () => {
  it('forwards requests and bodies unchanged, several on one kept-alive connection', async () => {
    expect(await call('/a')).toMatchObject({ status: 200, body: 'ok GET /a' });
    const big = 'x'.repeat(200_000);
    const posted = await call('/b', { method: 'POST', body: big });
    expect(posted.body).toBe(`ok POST /b ${big}`);
    expect(await call('/c?q=1')).toMatchObject({ status: 200, body: 'ok GET /c?q=1' });
    expect(upstream.seen).toEqual(['GET /a', 'POST /b', 'GET /c?q=1']);
    expect(proxy.events).toEqual([]);
  });

  it('picks the requests a fault takes by their body, chunked or not', async () => {
    proxy.inject({ kind: 'status', status: 503 }, { match: (r) => r.body.includes('needle'), times: 2 });
    expect((await call('/p', { method: 'POST', body: 'hay' })).status).toBe(200);
    expect((await call('/p', { method: 'POST', body: 'a needle' })).status).toBe(503);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${proxy.url}/c`, { method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write('first part, ');
      setTimeout(() => req.end('then the needle'), 50);
    });
    expect(chunked).toBe(503);
    expect((await call('/p', { method: 'POST', body: 'needle again' })).body).toBe('ok POST /p needle again');
    expect(upstream.seen).toEqual(['POST /p', 'POST /p']);
  });

  it('adds latency before a request goes on', async () => {
    proxy.setLatency(300);
    const started = Date.now();
    await call('/slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(proxy.count('latency')).toBeGreaterThanOrEqual(1);
  });

  it('resets a connection while the request arrives: the upstream never sees it', async () => {
    proxy.inject({ kind: 'reset-request' });
    expect(await codeOf(call('/lost', { method: 'POST', body: 'payload' }))).toBe('ECONNRESET');
    expect(upstream.seen).toEqual([]);
    expect(await call('/after')).toMatchObject({ status: 200 }); // taken once
    expect(upstream.seen).toEqual(['GET /after']);
  });

  it('resets a connection while the answer arrives: the upstream did the work', async () => {
    proxy.inject({ kind: 'reset-response' }, { match: (r) => r.method === 'POST' });
    expect(await call('/read')).toMatchObject({ status: 200 }); // not matched
    const code = await codeOf(call('/work', { method: 'POST', body: 'payload' }));
    expect(code).not.toBe('answered');
    expect(['ECONNRESET', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_VERSION']).toContain(code);
    expect(upstream.seen).toEqual(['GET /read', 'POST /work']);
    expect(proxy.events.at(-1)).toEqual({ kind: 'reset-response', method: 'POST', path: '/work' });
  });

  it('takes a request and never answers it: only the client timeout ends the wait', async () => {
    proxy.inject({ kind: 'half-open' });
    const started = Date.now();
    expect(await codeOf(call('/hang', { timeoutMs: 400 }))).toBe('CLIENT_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(upstream.seen).toEqual([]);
    expect(await call('/next')).toMatchObject({ status: 200 });
  });

  it('answers a burst of 503 and 429 with Retry-After, then lets requests through', async () => {
    proxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 2 }, { times: 2 });
    proxy.inject({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    const replies = [await call('/x'), await call('/x'), await call('/x'), await call('/x')];
    expect(replies.map((r) => r.status)).toEqual([503, 503, 429, 200]);
    expect(replies.map((r) => r.headers['retry-after'])).toEqual(['2', '2', '1', undefined]);
    expect(replies[0]!.body).toContain('503 Service Unavailable');
    expect(upstream.seen).toEqual(['GET /x']);
    expect(proxy.pending).toBe(0);
  });

  it('turns a bearer token that was valid into a 401 invalid_token; a new token passes', async () => {
    const old = { authorization: 'Bearer token-1' };
    expect(await call('/v1/x', { headers: old })).toMatchObject({ status: 200 });
    proxy.expireTokens();
    const refused = await call('/v1/x', { headers: old, method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'invalid_token' });
    expect(await call('/v1/x', { headers: { authorization: 'Bearer token-2' } })).toMatchObject({ status: 200 });
    expect(upstream.seen).toEqual(['GET /v1/x', 'GET /v1/x']);
    expect(proxy.count('token-expired')).toBe(1);
  });
});
