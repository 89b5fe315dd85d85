// HTTP to PayTrace: the bearer token, integrator_id in every body, re-authentication on
// invalid_token, and the resilience policy around each call. Errors leave here as PayTraceError
// only: axios errors carry the request (headers, password) and are never passed on.
import axios, { type AxiosInstance } from 'axios';
import {
  createPolicy,
  type FailureClass,
  FATAL,
  type Policy,
  type PolicyOptions,
  type RetryEvent,
} from '../../resilience';
import type { ResolvedConfig } from './config';
import { type Envelope, type RawResponse, readEnvelope } from './envelope';
import { PayTraceError } from './errors';

export interface CallOptions {
  /** Safe to repeat after a dropped connection: reads and lookups, never money-moving calls. */
  readonly idempotent: boolean;
  readonly operation: string;
}

interface Token {
  readonly value: string;
  readonly expiresAt: number;
}

/** Renew this long before PayTrace's expires_in runs out. */
const TOKEN_MARGIN_MS = 60_000;

export function classifyPayTraceFailure(error: unknown): FailureClass {
  return error instanceof PayTraceError ? error.failure : FATAL;
}

/** A network failure as a PayTraceError with the code and message only (no request config). */
function networkError(operation: string, e: unknown, sent: boolean): PayTraceError {
  const code = axios.isAxiosError(e) ? (e.code ?? '') : '';
  const message = e instanceof Error ? e.message : String(e);
  // ECONNREFUSED / ENOTFOUND: nothing reached PayTrace. Anything else may have.
  const neverSent = !sent || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new PayTraceError({
    kind: 'unavailable',
    operation,
    ambiguous: !neverSent,
    messages: [
      `could not reach PayTrace (${[code, message].filter(Boolean).join(': ')}). Check the network connection and ${neverSent ? 'the PayTrace URL' : 'try again'}.`,
    ],
  });
}

export class PayTraceTransport {
  private readonly http: AxiosInstance;
  private token: Token | null = null;
  private pendingToken: Promise<Token> | null = null;
  readonly policy: Policy;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly now: () => number,
    policy?: Policy,
    policyOptions?: Partial<PolicyOptions>,
  ) {
    this.http = axios.create({
      baseURL: config.baseUrl,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      headers: { Accept: '*/*' },
    });
    this.policy =
      policy ??
      createPolicy({
        name: 'PayTrace',
        classify: classifyPayTraceFailure,
        timeoutMs: config.timeoutMs,
        ...policyOptions,
        onRetry: (event) => {
          policyOptions?.onRetry?.(event);
          for (const listener of this.retryListeners) listener(event);
        },
      });
  }

  /** Told of every call the policy is about to try again (for the sync log); only with the transport's own policy. */
  readonly retryListeners = new Set<(event: RetryEvent) => void>();

  /** POSTs a v1 method through the policy and returns the success envelope. */
  call(path: string, body: Record<string, unknown>, opts: CallOptions): Promise<Envelope> {
    return this.policy.execute((signal) => this.attempt(path, body, opts.operation, signal), {
      idempotent: opts.idempotent,
      operation: opts.operation,
    });
  }

  /** /v1/ping needs no token. */
  async ping(): Promise<boolean> {
    const res = await this.send('/v1/ping', '{}', 'application/json', null, 'ping', new AbortController().signal);
    return res.status === 200;
  }

  private async attempt(
    path: string,
    body: Record<string, unknown>,
    operation: string,
    signal: AbortSignal,
  ): Promise<Envelope> {
    const json = JSON.stringify({ ...body, integrator_id: this.config.integratorId });
    let token = await this.bearer(operation, signal);
    let res = await this.send(path, json, 'application/json', token.value, operation, signal);
    if (isInvalidToken(res)) {
      // Expired or revoked: PayTrace checked the token before doing anything, so one retry is safe.
      this.dropToken(token);
      token = await this.bearer(operation, signal);
      res = await this.send(path, json, 'application/json', token.value, operation, signal);
    }
    return readEnvelope(operation, res, this.now());
  }

  private async bearer(operation: string, signal: AbortSignal): Promise<Token> {
    if (this.token && this.now() < this.token.expiresAt) return this.token;
    this.pendingToken ??= this.fetchToken(signal).finally(() => (this.pendingToken = null));
    try {
      return await this.pendingToken;
    } catch (e) {
      // The call itself was never sent, so its failure is not ambiguous whatever happened here.
      if (e instanceof PayTraceError) {
        throw new PayTraceError({
          kind: e.kind,
          operation: `${operation} (signing in)`,
          httpStatus: e.httpStatus,
          codes: e.codes,
          messages: e.messages,
          ambiguous: false,
          retryable: e.failure.retryable,
        });
      }
      throw e;
    }
  }

  private async fetchToken(signal: AbortSignal): Promise<Token> {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: this.config.username,
      password: this.config.password,
    }).toString();
    const res = await this.send(
      '/oauth/token',
      form,
      'application/x-www-form-urlencoded; charset=UTF-8',
      null,
      'sign-in',
      signal,
    );
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      body = null;
    }
    if (res.status === 200 && body && typeof body.access_token === 'string') {
      const seconds = typeof body.expires_in === 'number' ? body.expires_in : 7200;
      this.token = { value: body.access_token, expiresAt: this.now() + Math.max(0, seconds * 1000 - TOKEN_MARGIN_MS) };
      return this.token;
    }
    readEnvelope('sign-in', res, this.now());
    throw new PayTraceError({
      kind: 'protocol',
      operation: 'sign-in',
      httpStatus: res.status,
      messages: ['PayTrace answered the token request without an access_token'],
    });
  }

  private dropToken(token: Token): void {
    if (this.token === token) this.token = null;
  }

  private async send(
    path: string,
    data: string,
    contentType: string,
    bearer: string | null,
    operation: string,
    signal: AbortSignal,
  ): Promise<RawResponse> {
    try {
      const res = await this.http.post<string>(path, data, {
        signal,
        headers: { 'Content-Type': contentType, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      });
      const retryAfter = res.headers['retry-after'];
      return {
        status: res.status,
        body: typeof res.data === 'string' ? res.data : '',
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
      };
    } catch (e) {
      throw networkError(operation, e, true);
    }
  }
}

function isInvalidToken(res: RawResponse): boolean {
  if (res.status !== 401 && !res.body.includes('invalid_token')) return false;
  try {
    return (JSON.parse(res.body) as { error?: unknown }).error === 'invalid_token';
  } catch {
    return false;
  }
}
