// North's disputes API as ClearDesk reads it (docs/ARCHITECTURE.md, "Disputes"; what North documents and what is
// assumed: shared/disputes/north.ts). `GET /merchant-risk-management/disputes/mid/{merchantId}/chargebacks` once per
// state (open, pending, closed) from a `fromDate`, page by page until the last, through the one resilience policy
// (electron/resilience: retries with backoff on 5xx, 429 and dropped connections, Retry-After, circuit breaker).
// A bearer token from the client id and secret, asked for again once when North answers 401. Credentials are
// given by the caller and never logged; errors leave as NorthError only.
import axios, { type AxiosInstance } from 'axios';
import { NORTH_PROCESSOR, NORTH_STATES, northDisputeCase, type NorthState } from '../../../shared/disputes';
import type { DisputeBatch, DisputeBatchCase, DisputeIntake, DisputeRejection } from '../../../shared/ports';
import { redactCardText } from '../../../shared/security';
import { createPolicy, parseRetryAfter, type Policy, type PolicyOptions, type RetryEvent } from '../../resilience';
import { type NorthConfig, type ResolvedNorthConfig, resolveNorthConfig } from './config';
import { classifyNorthFailure, NorthError } from './errors';

export interface NorthClientDeps {
  readonly now?: () => number;
  readonly policy?: Policy;
  readonly policyOptions?: Partial<PolicyOptions>;
}

interface Token {
  readonly value: string;
  readonly expiresAt: number;
}

interface Raw {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | null;
}

/** Renew this long before the token's expires_in runs out. */
const TOKEN_MARGIN_MS = 60_000;
/** North serves chargebacks of the last 18 months only. */
const MONTHS_BACK = 18;
/** A guard against an answer whose paging never ends. */
const MAX_PAGES = 10_000;

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The earliest fromDate North takes on `today`: 18 months back, a day inside. */
export function earliestFromDate(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - MONTHS_BACK);
  return isoDay(d.getTime() + DAY_MS);
}

/** North's words in an error body, for the message: short, card data masked. */
function northSays(body: string): string {
  let said = body;
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const m = j.message ?? j.error_description ?? j.error ?? j.detail;
    if (typeof m === 'string') said = m;
  } catch {
    // not JSON: the text itself
  }
  said = said.replace(/\s+/g, ' ').trim();
  return redactCardText(said.length > 200 ? `${said.slice(0, 200)}…` : said);
}

export interface ChargebackPage {
  readonly records: unknown[];
  readonly page: number;
  readonly totalPages: number;
}

export interface ReadResult {
  readonly batch: DisputeBatch;
  /** Calls that were tried again, in words (for the job's log). */
  readonly notes: readonly string[];
  readonly pages: number;
  readonly fromDate: string;
  readonly toDate: string;
}

export class NorthClient {
  readonly config: ResolvedNorthConfig;
  readonly policy: Policy;
  private readonly http: AxiosInstance;
  private readonly now: () => number;
  private token: Token | null = null;
  private pendingToken: Promise<Token> | null = null;
  private readonly retryListeners = new Set<(e: RetryEvent) => void>();

  constructor(config: NorthConfig, deps: NorthClientDeps = {}) {
    this.config = resolveNorthConfig(config);
    this.now = deps.now ?? (() => Date.now());
    this.http = axios.create({
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      headers: { Accept: 'application/json' },
    });
    this.policy =
      deps.policy ??
      createPolicy({
        name: 'North',
        classify: classifyNorthFailure,
        timeoutMs: this.config.timeoutMs,
        ...deps.policyOptions,
        onRetry: (event) => {
          deps.policyOptions?.onRetry?.(event);
          for (const l of this.retryListeners) l(event);
        },
      });
  }

  get circuitState(): string {
    return this.policy.circuitState;
  }

  /** Today's date (UTC) by the client's clock. */
  today(): string {
    return isoDay(this.now());
  }

  /** One page of one state's chargebacks. */
  chargebackPage(q: { state: NorthState; fromDate: string; toDate: string; page: number }): Promise<ChargebackPage> {
    const operation = `chargebacks (${q.state}, ${q.fromDate}..${q.toDate}, page ${q.page})`;
    const path = `/merchant-risk-management/disputes/mid/${encodeURIComponent(this.config.merchantId)}/chargebacks`;
    const params = new URLSearchParams({
      state: q.state,
      fromDate: q.fromDate,
      toDate: q.toDate,
      page: String(q.page),
      pageSize: String(this.config.pageSize),
    });
    return this.policy.execute(
      async (signal) => readPage(operation, await this.authorised(`${path}?${params}`, operation, signal), this.now()),
      { idempotent: true, operation },
    );
  }

  /**
   * Every chargeback North lists from `since` (clamped to the 18 months it serves; default: as far back as it
   * serves) to today, in all three states, as one batch: each record mapped by `northDisputeCase`
   * (shared/disputes/north.ts), a record it cannot read rejected with its reason and the rest kept. A case listed
   * under two states (it moved while the states were read) is taken from the later state.
   */
  async readCases(options: { since?: string | null; onPage?: (pages: number) => void } = {}): Promise<ReadResult> {
    const toDate = this.today();
    const earliest = earliestFromDate(toDate);
    const since = options.since ?? null;
    const fromDate = since === null || since < earliest ? earliest : since > toDate ? toDate : since;
    const notes: string[] = [];
    const onRetry = (e: RetryEvent): void => {
      const said = e.error instanceof Error ? e.error.message : String(e.error);
      notes.push(`${said}; tried again after ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt + 1}).`);
    };
    this.retryListeners.add(onRetry);
    const byCase = new Map<string, DisputeBatchCase>();
    const rejected: DisputeRejection[] = [];
    let pages = 0;
    try {
      for (const state of NORTH_STATES) {
        for (let page = 1; page <= MAX_PAGES; page++) {
          const answer = await this.chargebackPage({ state, fromDate, toDate, page });
          pages += 1;
          options.onPage?.(pages);
          answer.records.forEach((record, i) => {
            const mapped = northDisputeCase(
              record,
              { merchantId: this.config.merchantId, state, currency: this.config.currency },
              `${state} page ${page} record ${i + 1}`,
            );
            if (mapped.ok) {
              byCase.delete(mapped.dispute.caseNumber);
              byCase.set(mapped.dispute.caseNumber, { ref: mapped.ref, dispute: mapped.dispute });
            } else rejected.push({ ref: mapped.ref, reason: mapped.reason });
          });
          if (answer.records.length === 0 || page >= answer.totalPages) break;
        }
      }
    } finally {
      this.retryListeners.delete(onRetry);
    }
    return {
      batch: {
        source: 'north',
        origin: `North merchant ${this.config.merchantId}, ${fromDate}..${toDate}`,
        cases: [...byCase.values()],
        rejected,
      },
      notes,
      pages,
      fromDate,
      toDate,
    };
  }

  /** The chargebacks as a DisputeIntake (shared/ports/disputes.ts). */
  intake(): DisputeIntake & { readonly client: NorthClient } {
    return {
      source: 'north',
      processor: NORTH_PROCESSOR,
      client: this,
      read: async (options) => (await this.readCases({ since: options?.since ?? null })).batch,
    };
  }

  // --- HTTP ----------------------------------------------------------------------------------

  /** A GET with the bearer token; a 401 drops the token and tries once more with a new one. */
  private async authorised(pathAndQuery: string, operation: string, signal: AbortSignal): Promise<Raw> {
    let token = await this.bearer(operation, signal);
    let res = await this.get(`${this.config.baseUrl}${pathAndQuery}`, token.value, operation, signal);
    if (res.status === 401) {
      // North checked the token before doing anything; a read is safe to send again anyway.
      if (this.token === token) this.token = null;
      token = await this.bearer(operation, signal);
      res = await this.get(`${this.config.baseUrl}${pathAndQuery}`, token.value, operation, signal);
      if (res.status === 401)
        throw new NorthError(
          'auth',
          operation,
          `North refused a new token: ${northSays(res.body)}. Check the client id and secret (\`cleardesk connect north\`).`,
          401,
        );
    }
    return res;
  }

  private async bearer(operation: string, signal: AbortSignal): Promise<Token> {
    if (this.token && this.now() < this.token.expiresAt) return this.token;
    this.pendingToken ??= this.fetchToken(operation, signal).finally(() => (this.pendingToken = null));
    return this.pendingToken;
  }

  private async fetchToken(operation: string, signal: AbortSignal): Promise<Token> {
    const what = `${operation} (signing in)`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
    }).toString();
    let res: Raw;
    try {
      const r = await this.http.post<string>(`${this.config.authUrl}/oauth/token`, form, {
        signal,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      res = rawOf(r);
    } catch (e) {
      throw networkError(what, e);
    }
    failIfUnavailable(what, res, this.now());
    if (res.status === 400 || res.status === 401 || res.status === 403)
      throw new NorthError(
        'auth',
        what,
        `North refused the client id and secret: ${northSays(res.body)}. Save them again with \`cleardesk connect north\`.`,
        res.status,
      );
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      body = null;
    }
    if (res.status !== 200 || !body || typeof body.access_token !== 'string' || body.access_token === '')
      throw new NorthError('protocol', what, 'North answered the token request without an access_token', res.status);
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.token = { value: body.access_token, expiresAt: this.now() + Math.max(0, seconds * 1000 - TOKEN_MARGIN_MS) };
    return this.token;
  }

  private async get(url: string, bearer: string, operation: string, signal: AbortSignal): Promise<Raw> {
    try {
      return rawOf(await this.http.get<string>(url, { signal, headers: { Authorization: `Bearer ${bearer}` } }));
    } catch (e) {
      throw networkError(operation, e);
    }
  }
}

function rawOf(r: { status: number; data: unknown; headers: Record<string, unknown> }): Raw {
  const retryAfter = r.headers['retry-after'];
  return {
    status: r.status,
    body: typeof r.data === 'string' ? r.data : '',
    retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
  };
}

function networkError(operation: string, e: unknown): NorthError {
  const code = axios.isAxiosError(e) ? (e.code ?? '') : '';
  const message = e instanceof Error ? e.message : String(e);
  return new NorthError(
    'unavailable',
    operation,
    `could not reach North (${[code, message].filter(Boolean).join(': ')}). Check the network and the North URL.`,
  );
}

/** 429 and 5xx: North is busy or failing; tried again by the policy (429 after its Retry-After). */
function failIfUnavailable(operation: string, res: Raw, now: number): void {
  if (res.status === 429)
    throw new NorthError(
      'unavailable',
      operation,
      'North asks to slow down (too many requests)',
      429,
      parseRetryAfter(res.retryAfter, now),
    );
  if (res.status >= 500)
    throw new NorthError(
      'unavailable',
      operation,
      `North failed: ${northSays(res.body) || 'no message'}`,
      res.status,
      parseRetryAfter(res.retryAfter, now),
    );
}

/**
 * One page of North's answer. The paging is not documented publicly (shared/disputes/north.ts): ClearDesk asks with
 * `page` (from 1) and `pageSize` and reads `{"data": [...], "pagination": {"page", "pageSize", "totalPages"}}`; an
 * answer without `pagination` is one page.
 */
function readPage(operation: string, res: Raw, now: number): ChargebackPage {
  failIfUnavailable(operation, res, now);
  if (res.status === 400)
    throw new NorthError('refused', operation, `North refused the request: ${northSays(res.body)}`, 400);
  if (res.status === 403 || res.status === 404)
    throw new NorthError(
      'refused',
      operation,
      `North does not serve this merchant id to these credentials: ${northSays(res.body)}. Check the merchant id in the North settings.`,
      res.status,
    );
  if (res.status !== 200)
    throw new NorthError('protocol', operation, `North answered ${northSays(res.body) || 'nothing'}`, res.status);
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new NorthError('protocol', operation, 'North answered something that is not JSON (cut short?)', 200);
  }
  const data = body && typeof body === 'object' ? (body as Record<string, unknown>).data : undefined;
  if (!Array.isArray(data)) throw new NorthError('protocol', operation, 'North\'s answer has no "data" list', 200);
  const pagination = (body as Record<string, unknown>).pagination as Record<string, unknown> | undefined;
  const page = typeof pagination?.page === 'number' ? pagination.page : 1;
  const totalPages = typeof pagination?.totalPages === 'number' ? pagination.totalPages : page;
  return { records: data, page, totalPages };
}
