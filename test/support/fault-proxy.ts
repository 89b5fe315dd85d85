// A TCP fault proxy (docs/ARCHITECTURE.md, "Tests and benchmarks", the fault proxy): a real `net`
// server in front of a simulator's port that forwards HTTP/1.1 byte for byte and, on command, breaks
// what a network and a gateway break: added latency, a connection reset once the request has
// arrived (the upstream never sees it) or while the answer is (the upstream did the work), a
// half-open connection (the request is taken and never answered: only the client's timeout ends
// it), 5xx and 429 answers with Retry-After, and bearer tokens that stop being valid (PayTrace's 401
// invalid_token). It reads each request whole (the head, then Content-Length or chunked bytes) so a
// fault can pick requests by method, path and body; the answers it forwards are not parsed. Clients that keep a
// connection alive send one request at a time on it (Node's agent does not pipeline), so the next
// request on a connection is decided when it arrives.
import { type Server, type Socket, connect, createServer } from 'node:net';

/** What a request looked like, for a fault's `match` and for the proxy's log. */
export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request's body as text (chunked framing left in). */
  readonly body: string;
}

export type Fault =
  /** The connection is reset once the request arrived; nothing reaches the upstream. */
  | { readonly kind: 'reset-request' }
  /** The request reaches the upstream (which does the work); its answer is cut after the first bytes. */
  | { readonly kind: 'reset-response' }
  /** The request is read and never answered; the connection stays open until the client gives up. */
  | { readonly kind: 'half-open' }
  /** The proxy answers with this status (502, 503, 504, 429, ...), Retry-After when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly body?: string };

export type FaultKind = Fault['kind'] | 'latency' | 'token-expired';

export interface InjectOptions {
  /** How many matching requests this fault takes (default 1). */
  readonly times?: number;
  /** Which requests it applies to (default: every request). */
  readonly match?: (req: RequestHead) => boolean;
}

export interface FaultEvent {
  readonly kind: FaultKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
}

interface Armed {
  readonly fault: Fault;
  left: number;
  readonly match: (req: RequestHead) => boolean;
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const HEAD_LIMIT = 64 * 1024;
const BODY_LIMIT = 64 * 1024 * 1024;

export interface FaultProxy {
  /** http://host:port of the proxy. */
  readonly url: string;
  readonly port: number;
  /** Every fault that fired, in order. */
  readonly events: readonly FaultEvent[];
  /** Requests seen (complete heads), and how many went on to the upstream. */
  readonly requests: number;
  readonly forwarded: number;
  /** How many of each kind fired. */
  count(kind: FaultKind): number;
  /** Delay before each request is forwarded (0: none). */
  setLatency(ms: number): void;
  /** Arms a fault for the next `times` matching requests. */
  inject(fault: Fault, options?: InjectOptions): void;
  /** Every bearer token seen so far stops being valid: requests carrying one get 401 invalid_token. */
  expireTokens(): void;
  /** Faults armed and not yet taken. */
  readonly pending: number;
  /** Disarms every fault and the latency (tokens expired stay expired). */
  clear(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(options: {
  readonly target: { readonly host?: string; readonly port: number };
  readonly host?: string;
}): Promise<FaultProxy> {
  const targetHost = options.target.host ?? '127.0.0.1';
  const armed: Armed[] = [];
  const events: FaultEvent[] = [];
  const seenTokens = new Set<string>();
  const expiredTokens = new Set<string>();
  const sockets = new Set<Socket>();
  let latencyMs = 0;
  let requests = 0;
  let forwarded = 0;

  const record = (kind: FaultKind, req: RequestHead, status?: number): void => {
    events.push({ kind, method: req.method, path: req.path, ...(status === undefined ? {} : { status }) });
  };

  const take = (req: RequestHead): Fault | null => {
    const i = armed.findIndex((a) => a.left > 0 && a.match(req));
    if (i < 0) return null;
    const a = armed[i]!;
    a.left -= 1;
    if (a.left <= 0) armed.splice(i, 1);
    return a.fault;
  };

  const answer = (client: Socket, status: number, headers: Record<string, string>, body: string): void => {
    const lines = [
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
      ...Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(
        ([k, v]) => `${k}: ${v}`,
      ),
    ];
    client.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let upstream: Socket | null = null;
    let buffered = Buffer.alloc(0);
    let cutResponse = false;
    let dead = false;
    let chain: Promise<void> = Promise.resolve();

    const kill = (): void => {
      if (dead) return;
      dead = true;
      client.resetAndDestroy();
      upstream?.resetAndDestroy();
    };

    const upstreamSocket = (): Socket => {
      if (upstream && !upstream.destroyed) return upstream;
      const u = connect(options.target.port, targetHost);
      sockets.add(u);
      u.on('close', () => {
        sockets.delete(u);
        if (!dead && upstream === u) client.end();
      });
      u.on('error', () => {
        if (!dead) kill();
      });
      u.on('data', (chunk: Buffer) => {
        if (dead) return;
        if (cutResponse) {
          // The upstream answered (it did the work): the client hears a few bytes, then a reset.
          cutResponse = false;
          client.write(chunk.subarray(0, Math.min(12, chunk.length)), () => kill());
          return;
        }
        client.write(chunk);
      });
      upstream = u;
      return u;
    };

    /** A whole request goes on to the upstream, after the latency, in order. */
    const forward = (bytes: Buffer): void => {
      const delay = latencyMs;
      chain = chain.then(async () => {
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (!dead) upstreamSocket().write(bytes);
      });
    };

    /** A complete request: its fault decided (on its head and body), then forwarded or answered here. */
    const handle = (head: RequestHead, bytes: Buffer): void => {
      requests += 1;
      const auth = /^Bearer\s+(\S+)/i.exec(head.headers.authorization ?? '')?.[1];
      let fault: Fault | null = null;
      if (auth && expiredTokens.has(auth)) {
        record('token-expired', head, 401);
        fault = {
          kind: 'status',
          status: 401,
          body: JSON.stringify({ error: 'invalid_token', error_description: 'The access token expired' }),
        };
      } else {
        if (auth) seenTokens.add(auth);
        fault = take(head);
        if (fault) record(fault.kind, head, fault.kind === 'status' ? fault.status : undefined);
      }
      if (!fault) {
        if (latencyMs > 0) record('latency', head);
        forwarded += 1;
        return forward(bytes);
      }
      switch (fault.kind) {
        case 'reset-request':
          return kill();
        case 'reset-response':
          forwarded += 1;
          cutResponse = true;
          return forward(bytes);
        case 'half-open':
          return; // taken, never answered
        case 'status': {
          const headers: Record<string, string> = {
            'content-type': fault.body?.startsWith('{') ? 'application/json' : 'text/html',
          };
          if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
          return answer(
            client,
            fault.status,
            headers,
            fault.body ?? `<html><body><h1>${fault.status} ${REASONS[fault.status] ?? ''}</h1></body></html>`,
          );
        }
      }
    };

    /** The request being read: its head and how many bytes it has in all (null: chunked, not ended yet). */
    let reading: { head: Omit<RequestHead, 'body'>; headLength: number; total: number | null } | null = null;

    const pump = (): void => {
      while (!dead && buffered.length > 0) {
        if (!reading) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buffered.length > HEAD_LIMIT) kill();
            return;
          }
          const [requestLine = '', ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
          const [method = '', path = ''] = requestLine.split(' ');
          const headers: Record<string, string> = {};
          for (const line of lines) {
            const i = line.indexOf(':');
            if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
          }
          const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
          const length = Number(headers['content-length'] ?? 0) || 0;
          reading = { head: { method, path, headers }, headLength: end + 4, total: chunked ? null : end + 4 + length };
        }
        let total = reading.total;
        if (total === null) {
          // Enough of chunked encoding to find its end: the last chunk and an empty trailer.
          const last = buffered.indexOf('\r\n0\r\n\r\n', reading.headLength - 2);
          if (last >= 0) total = last + 7;
        }
        if (total === null || buffered.length < total) {
          if (buffered.length > BODY_LIMIT) kill();
          return;
        }
        const bytes = buffered.subarray(0, total);
        buffered = buffered.subarray(total);
        const head = { ...reading.head, body: bytes.subarray(reading.headLength).toString('utf8') };
        reading = null;
        handle(head, bytes);
      }
    };

    client.on('data', (chunk: Buffer) => {
      if (dead) return;
      buffered = Buffer.concat([buffered, chunk]);
      pump();
    });
    client.on('end', () => {
      if (!dead) upstream?.end();
    });
    client.on('close', () => {
      dead = true;
      upstream?.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    events,
    get requests() {
      return requests;
    },
    get forwarded() {
      return forwarded;
    },
    get pending() {
      return armed.reduce((n, a) => n + a.left, 0);
    },
    count: (kind) => events.filter((e) => e.kind === kind).length,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    inject(fault, opts = {}) {
      armed.push({ fault, left: opts.times ?? 1, match: opts.match ?? (() => true) });
    },
    expireTokens() {
      for (const t of seenTokens) expiredTokens.add(t);
      seenTokens.clear();
    },
    clear() {
      armed.length = 0;
      latencyMs = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
