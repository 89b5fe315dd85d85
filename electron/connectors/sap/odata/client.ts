// An OData V2 client for a Gateway service (axios): basic auth, sap-client, the session cookie
// kept and sent back, a CSRF token fetched before the first modifying request and fetched again
// once when SAP answers 403 "x-csrf-token: Required", V2 error bodies turned into SapMessage rows.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { SapMessage } from '../../../../shared/domain';
import { parseRetryAfter, type Policy } from '../../../resilience';
import { SapCallError, sapHttpFailure, sapHttpLogonFailure } from '../errors';
import { sapCall } from '../resilience-call';
import { type BatchPart, type HttpPart, boundaryOf, formatBatch, parseBatch } from './multipart';

export interface ODataClientOptions {
  /** Server root, e.g. https://ecc.example.com:44300 */
  url: string;
  servicePath: string;
  user: string;
  password: string;
  client?: string;
  timeoutMs?: number;
  /** The SAP system's resilience policy (../resilience.ts): reads retried, postings tried once, one breaker. */
  policy?: Policy;
}

/** SAP answered with an OData error body (a business or request error). */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly messages: SapMessage[],
    operation: string,
    /** What the server's Retry-After asked for, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(
      `SAP refused ${operation} (HTTP ${status}): ${messages.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`).join('; ')}`,
    );
    this.name = 'ODataError';
  }
}

export class ODataClient {
  private readonly http: AxiosInstance;
  private token: string | null = null;
  private cookies = new Map<string, string>();

  constructor(private readonly options: ODataClientOptions) {
    this.http = axios.create({
      baseURL: options.url.replace(/\/$/, '') + options.servicePath,
      auth: { username: options.user, password: options.password },
      timeout: options.timeoutMs ?? 60_000,
      validateStatus: () => true,
      transformResponse: (d: unknown) => d,
      responseType: 'text',
    });
  }

  /** GET an entity set, following __next links. */
  async list<T = Record<string, unknown>>(path: string, operation: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = path;
    while (next) {
      const res = await this.read(next, operation);
      const d = (JSON.parse(res.data as string) as { d: { results?: T[]; __next?: string } }).d;
      out.push(...(d.results ?? []));
      next = d.__next ? this.relative(d.__next) : null;
    }
    return out;
  }

  /** GET one page of an entity set: its rows, and whether the server said more follow (__next). */
  async page<T = Record<string, unknown>>(path: string, operation: string): Promise<{ results: T[]; more: boolean }> {
    const res = await this.read(path, operation);
    const d = (JSON.parse(res.data as string) as { d: { results?: T[]; __next?: string } }).d;
    return { results: d.results ?? [], more: Boolean(d.__next) };
  }

  async create<T = Record<string, unknown>>(path: string, body: unknown, operation: string): Promise<T> {
    const res = await sapCall(this.options.policy, 'posting', operation, () =>
      this.send('POST', path, JSON.stringify(body), operation, { 'content-type': 'application/json' }),
    );
    return (JSON.parse(res.data as string) as { d: T }).d;
  }

  /**
   * One $batch request; each change set is one LUW at SAP. A batch of GETs alone is a read (retried
   * like one); a batch with a change set may post, and is sent once.
   */
  async batch(parts: BatchPart[], operation: string): Promise<BatchPart[]> {
    const boundary = `batch_${Math.random().toString(16).slice(2)}`;
    const reads = parts.every((p) => p.kind === 'single' && p.part.method?.toUpperCase() === 'GET');
    const res = await sapCall(this.options.policy, reads ? 'read' : 'posting', operation, () =>
      this.send('POST', '$batch', formatBatch(parts, boundary), operation, {
        'content-type': `multipart/mixed; boundary=${boundary}`,
      }),
    );
    const rb = boundaryOf(res.headers['content-type'] as string | undefined);
    if (!rb) throw new SapCallError(operation, null, new Error('the $batch response has no multipart boundary'));
    return parseBatch(res.data as string, rb);
  }

  /** A GET: idempotent, so the policy may try it again. */
  private read(path: string, operation: string): Promise<AxiosResponse> {
    return sapCall(this.options.policy, 'read', operation, () => this.send('GET', path, undefined, operation));
  }

  private async send(
    method: string,
    path: string,
    data: string | undefined,
    operation: string,
    headers: Record<string, string> = {},
    retried = false,
  ): Promise<AxiosResponse> {
    const modifying = method !== 'GET';
    if (modifying && !this.token) await this.fetchToken(operation);
    let res: AxiosResponse;
    try {
      res = await this.http.request({
        method,
        url: path,
        data,
        params: { 'sap-client': this.options.client, ...(method === 'GET' ? { $format: 'json' } : {}) },
        headers: {
          accept: 'application/json',
          ...headers,
          ...(modifying ? { 'x-csrf-token': this.token ?? '' } : {}),
          ...this.cookieHeader(),
        },
      });
    } catch (e) {
      throw sapHttpFailure(operation, e);
    }
    this.keepCookies(res);
    if (res.status === 403 && String(res.headers['x-csrf-token'] ?? '').toLowerCase() === 'required' && !retried) {
      this.token = null;
      return this.send(method, path, data, operation, headers, true);
    }
    if (res.status === 401) throw sapHttpLogonFailure(operation);
    if (res.status >= 400) {
      const retryAfter = res.headers['retry-after'] as string | undefined;
      throw new ODataError(
        res.status,
        errorMessages(res.data as string),
        operation,
        parseRetryAfter(retryAfter, Date.now()),
      );
    }
    return res;
  }

  private async fetchToken(operation: string): Promise<void> {
    let res: AxiosResponse;
    try {
      res = await this.http.request({
        method: 'GET',
        url: '',
        params: { 'sap-client': this.options.client },
        headers: { 'x-csrf-token': 'Fetch', accept: 'application/json', ...this.cookieHeader() },
      });
    } catch (e) {
      throw sapHttpFailure(`${operation} (fetching the CSRF token)`, e);
    }
    this.keepCookies(res);
    if (res.status === 401) throw sapHttpLogonFailure(operation);
    const token = res.headers['x-csrf-token'] as string | undefined;
    if (!token)
      throw new SapCallError(
        `${operation} (fetching the CSRF token)`,
        null,
        new Error(`SAP sent no x-csrf-token (HTTP ${res.status})`),
        false,
      );
    this.token = token;
  }

  private keepCookies(res: AxiosResponse): void {
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [String(set)] : []) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private relative(next: string): string {
    const i = next.indexOf(this.options.servicePath);
    return i >= 0 ? next.slice(i + this.options.servicePath.length).replace(/^\//, '') : next;
  }
}

/** A V2 error body to SapMessage rows: errordetails when present, else the top-level message. */
export function errorMessages(body: string): SapMessage[] {
  try {
    const e = (
      JSON.parse(body) as {
        error?: {
          code?: string;
          message?: { value?: string };
          innererror?: { errordetails?: { code?: string; message?: string; severity?: string }[] };
        };
      }
    ).error;
    if (!e) throw new Error('no error object');
    const split = (code = ''): { ID: string; NUMBER: string } => {
      const i = code.lastIndexOf('/');
      return i >= 0 ? { ID: code.slice(0, i), NUMBER: code.slice(i + 1) } : { ID: code, NUMBER: '' };
    };
    const TYPE = (s = 'error'): string => ({ error: 'E', warning: 'W', info: 'I', success: 'S' })[s] ?? 'E';
    const details = e.innererror?.errordetails ?? [];
    if (details.length > 0)
      return details.map((d) => ({ TYPE: TYPE(d.severity), ...split(d.code), MESSAGE: d.message ?? '' }));
    return [{ TYPE: 'E', ...split(e.code), MESSAGE: e.message?.value ?? '' }];
  } catch {
    return [{ TYPE: 'E', ID: 'HTTP', NUMBER: '', MESSAGE: body.slice(0, 220) }];
  }
}

/** Parts of a $batch response that are a failed request, as messages. */
export function failedPart(p: HttpPart): SapMessage[] | null {
  return (p.status ?? 0) >= 400 ? errorMessages(p.body) : null;
}
