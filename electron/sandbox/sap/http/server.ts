// The sandbox ECC over HTTP (node:http): the Gateway service with CSRF tokens bound to a session
// cookie, $batch with change sets as one LUW, and the IDoc XML inbound port. Basic auth; the
// sap-client query parameter must name the sandbox's client when given. Fault knobs (faults.dropAt)
// break the connection of a modifying request while the update task writes its work, or after SAP
// did the work and before the answer leaves: SAP carries on either way.
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BatchItem, type BatchOperation, BatchSyntaxError, parseBatchRequest } from './batch';
import { type BatchAnswer, type BatchResponseItem, formatBatchResponse } from './batch-response';
import type { SapLedger } from '../ledger';
import { Gateway, type ODataResponse } from './gateway';
import { receiveIdocXml } from './idoc-inbound';
import { SERVICE_PATH } from './odata-json';

export interface SapHttpOptions {
  ledger: SapLedger;
  port?: number;
  host?: string;
  /** user -> password for basic auth. */
  users: Record<string, string>;
  client?: string;
  sysId?: string;
  pageSize?: number;
  latencyMs?: number;
}

/** Where the next modifying request's connection breaks (SapHttpServer.faults). */
export type HttpFaultPoint =
  /** The work is committed and the update task is writing it: the caller hears nothing, the document appears later. */
  | 'during-update'
  /** SAP did the work (the document is written, the IDoc saved) and the answer is lost. */
  | 'after-commit';

export class HttpFaults {
  private readonly armed = new Map<HttpFaultPoint, number>();
  dropAt(point: HttpFaultPoint, times = 1): void {
    this.armed.set(point, (this.armed.get(point) ?? 0) + times);
  }
  clear(): void {
    this.armed.clear();
  }
  /** @internal */
  take(point: HttpFaultPoint): boolean {
    const n = this.armed.get(point) ?? 0;
    if (n <= 0) return false;
    this.armed.set(point, n - 1);
    return true;
  }
}

export interface SapHttpServer {
  url: string;
  readonly faults: HttpFaults;
  /** Invalidates every CSRF token (as a session timeout would); clients must fetch again. */
  expireCsrfTokens(): void;
  close(): Promise<void>;
}

const MODIFYING = new Set(['POST', 'PUT', 'MERGE', 'PATCH', 'DELETE']);

export async function startSapHttp(options: SapHttpOptions): Promise<SapHttpServer> {
  const client = options.client ?? '100';
  const cookieName = `SAP_SESSIONID_${options.sysId ?? 'ECC'}_${client}`;
  const sessions = new Map<string, { user: string; token: string | null }>();
  const users = Object.fromEntries(Object.entries(options.users).map(([u, p]) => [u.toUpperCase(), p]));
  const gateway = new Gateway(options.ledger, options.pageSize);
  const faults = new HttpFaults();

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const run = (): void => {
        handle(req, res, body).catch((e: unknown) => {
          if (!res.headersSent)
            res.writeHead(500, { 'content-type': 'text/plain' }).end(`Internal error: ${(e as Error).message}`);
        });
      };
      if (options.latencyMs) setTimeout(run, options.latencyMs);
      else run();
    });
  });

  /** A request did work in SAP (a commit, an IDoc saved): break its connection where a knob says so. */
  async function answerAfter(req: IncomingMessage, commit: Promise<void> | undefined): Promise<boolean> {
    if (commit && faults.take('during-update')) {
      req.socket.destroy();
      return false;
    }
    await commit;
    if (faults.take('after-commit')) {
      req.socket.destroy();
      return false;
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const user = authenticate(req);
    const sapClient = url.searchParams.get('sap-client');
    if (!user || (sapClient && sapClient !== client)) {
      res
        .writeHead(401, {
          'www-authenticate': `Basic realm="SAP NetWeaver Application Server [${options.sysId ?? 'ECC'}/${client}]"`,
          'content-type': 'text/plain',
        })
        .end('Logon failed');
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? 'localhost';
    const headers: Record<string, string> = {};

    // Session cookie and CSRF token.
    let sid = cookie(req, cookieName);
    if (!sid || !sessions.has(sid)) {
      sid = randomBytes(16).toString('hex');
      sessions.set(sid, { user, token: null });
      headers['set-cookie'] = `${cookieName}=${sid}; path=/; HttpOnly`;
    }
    const session = sessions.get(sid)!;
    const csrfHeader = String(req.headers['x-csrf-token'] ?? '');
    if (!MODIFYING.has(method) && csrfHeader.toLowerCase() === 'fetch') {
      session.token ??= randomBytes(16).toString('base64');
      headers['x-csrf-token'] = session.token;
    }
    // CSRF protection is Gateway's (the OData service); the SICF IDoc XML handler has none.
    if (
      MODIFYING.has(method) &&
      url.pathname.startsWith(SERVICE_PATH) &&
      (!session.token || csrfHeader !== session.token || headers['set-cookie'])
    ) {
      res
        .writeHead(403, { ...headers, 'x-csrf-token': 'Required', 'content-type': 'text/plain' })
        .end('CSRF token validation failed');
      return;
    }

    if (url.pathname === '/sap/bc/idoc_xml' && method === 'POST') {
      const result = receiveIdocXml(options.ledger, body, user);
      if ('error' in result) {
        res.writeHead(400, { ...headers, 'content-type': 'text/plain' }).end(result.error);
        return;
      }
      if (!(await answerAfter(req, undefined))) return;
      // [U] The real port's response body is not documented; the sandbox reports the IDoc numbers.
      const xml = `<?xml version="1.0" encoding="utf-8"?><IDOC_INBOUND_RESULT>${result.map((r) => `<IDOC><DOCNUM>${r.DOCNUM}</DOCNUM><STATUS>${r.STATUS}</STATUS></IDOC>`).join('')}</IDOC_INBOUND_RESULT>`;
      res.writeHead(200, { ...headers, 'content-type': 'application/xml' }).end(xml);
      return;
    }

    if (!url.pathname.startsWith(SERVICE_PATH)) {
      res
        .writeHead(404, { ...headers, 'content-type': 'text/plain' })
        .end(`Service cannot be reached: ${url.pathname}`);
      return;
    }
    const base = `http://${host}${SERVICE_PATH}`;
    const path = decodeURIComponent(url.pathname.slice(SERVICE_PATH.length).replace(/^\/+/, ''));
    let out: ODataResponse;
    if (path === '$batch' && method === 'POST') out = batch(req.headers['content-type'], body, base, user);
    else out = gateway.handle({ method, path, query: url.searchParams, body, base, user });
    if (out.commit && !(await answerAfter(req, out.commit))) return;
    res.writeHead(out.status, { ...headers, ...out.headers }).end(method === 'HEAD' ? undefined : out.body);
  }

  function batch(contentType: string | undefined, body: string, base: string, user: string): ODataResponse {
    let items: BatchItem[];
    try {
      items = parseBatchRequest(contentType, body);
    } catch (e) {
      if (!(e instanceof BatchSyntaxError)) throw e;
      return gateway.error(400, [{ TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: e.message }]);
    }
    const run = (op: BatchOperation, defer?: (() => void)[]): BatchAnswer => {
      const u = new URL(op.url, `${base}/`);
      const r = gateway.handle(
        {
          method: op.method,
          path: decodeURIComponent(u.pathname.slice(SERVICE_PATH.length).replace(/^\/+/, '')),
          query: u.searchParams,
          body: op.body,
          base,
          user,
        },
        defer,
      );
      return {
        status: r.status,
        headers: r.headers,
        body: r.body,
        ...(op.contentId ? { contentId: op.contentId } : {}),
      };
    };
    const commits: Promise<void>[] = [];
    const answers = items.map((item): BatchResponseItem => {
      if (item.kind === 'retrieve') return { kind: 'single', answer: run(item.operation) };
      const deferred: (() => void)[] = [];
      const results: BatchAnswer[] = [];
      for (const op of item.operations) {
        const r = run(op, deferred);
        if (r.status >= 400) return { kind: 'single', answer: r }; // the whole change set fails; nothing is applied
        results.push(r);
      }
      // The change set's LUW: one COMMIT WORK AND WAIT.
      commits.push(options.ledger.commitWork(deferred));
      return { kind: 'changeset', answers: results };
    });
    const rb = `batch_${randomBytes(6).toString('hex')}`;
    return {
      status: 202,
      headers: { 'content-type': `multipart/mixed; boundary=${rb}`, dataserviceversion: '2.0' },
      body: formatBatchResponse(answers, rb),
      ...(commits.length > 0 ? { commit: Promise.all(commits).then(() => undefined) } : {}),
    };
  }

  function authenticate(req: IncomingMessage): string | null {
    const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const [user = '', ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    const u = user.toUpperCase();
    return users[u] !== undefined && users[u] === rest.join(':') ? u : null;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    expireCsrfTokens: () => {
      for (const s of sessions.values()) s.token = null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
