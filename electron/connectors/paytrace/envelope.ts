// Reads a PayTrace answer whatever its HTTP status: the body decides (reference §3).
import { parseRetryAfter } from '../../resilience';
import { PayTraceError } from './errors';

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly retryAfter?: string | null;
}

export type Envelope = Record<string, unknown> & { success: true };

/** Response codes of a processor refusal (decline, refund/void/capture not done). */
const DECLINE_CODES = new Set([102, 103, 107, 110, 113, 125]);

const snippet = (text: string): string => {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const t = (title ?? text).replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 80)}…` : t;
};

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorsOf(body: Record<string, unknown>): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const errors = body.errors;
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    for (const [code, list] of Object.entries(errors as Record<string, unknown>)) {
      for (const m of Array.isArray(list) ? list : [list]) {
        codes.push(code);
        messages.push(String(m));
      }
    }
  }
  return { codes, messages };
}

/** The success envelope, or a PayTraceError saying what went wrong and whether to try again. */
export function readEnvelope(operation: string, res: RawResponse, nowMs: number): Envelope {
  const { status } = res;
  const retryAfterMs = parseRetryAfter(res.retryAfter, nowMs);
  // Retry-After on a 429 or a 5xx (RFC 9110 §10.2.3: a 503 says when to come back): the policy waits
  // at least that long before its next attempt, up to its maxRetryAfterMs.
  const waitAsked = retryAfterMs !== undefined ? { retryAfterMs } : {};
  // 502 and 504 come from a proxy that may have passed the request on; 500 may have failed midway.
  const ambiguous5xx = status === 500 || status === 502 || status === 504;
  if (status === 429) {
    return fail({
      kind: 'unavailable',
      operation,
      httpStatus: status,
      messages: ['PayTrace is throttling requests; waiting before trying again.'],
      ...waitAsked,
    });
  }
  const body = parseJson(res.body);
  if (body === null) {
    if (status >= 500) {
      return fail({
        kind: 'unavailable',
        operation,
        httpStatus: status,
        ambiguous: ambiguous5xx,
        ...waitAsked,
        messages: [`PayTrace is unavailable; it answered with a non-JSON page ("${snippet(res.body)}")`],
      });
    }
    const what =
      res.body.trim() === ''
        ? 'an empty body'
        : `a body that is not complete JSON (${res.body.length} characters, starting "${snippet(res.body.slice(0, 40))}")`;
    return fail({
      kind: 'protocol',
      operation,
      httpStatus: status,
      ambiguous: status < 300,
      messages: [`PayTrace answered with ${what}`],
    });
  }
  if (typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? body.error_description : '';
    if (body.error === 'invalid_grant') {
      return fail({
        kind: 'auth',
        operation,
        httpStatus: status,
        codes: ['invalid_grant'],
        messages: [
          'PayTrace rejected the API user name or password. Check the credentials of the PayTrace connection (an API user, not a web user).',
        ],
      });
    }
    if (status >= 500)
      return fail({
        kind: 'unavailable',
        operation,
        httpStatus: status,
        ambiguous: ambiguous5xx,
        ...waitAsked,
        codes: [body.error],
        messages: [description || body.error],
      });
    return fail({
      kind: 'auth',
      operation,
      httpStatus: status,
      codes: [body.error],
      messages: [description || body.error],
    });
  }
  if (status >= 500) {
    return fail({
      kind: 'unavailable',
      operation,
      httpStatus: status,
      ambiguous: ambiguous5xx,
      ...waitAsked,
      messages: [`PayTrace is unavailable (${String(body.status_message ?? body.error ?? 'server error')})`],
    });
  }
  if (body.success === true) return body as Envelope;
  const responseCode = typeof body.response_code === 'number' ? body.response_code : null;
  const transactionId = typeof body.transaction_id === 'number' ? body.transaction_id : null;
  const { codes, messages } = errorsOf(body);
  if (codes.length > 0) {
    return fail({ kind: 'validation', operation, httpStatus: status, responseCode, codes, messages, transactionId });
  }
  if (body.success === false && responseCode !== null && DECLINE_CODES.has(responseCode)) {
    const approval = typeof body.approval_message === 'string' ? body.approval_message.trim() : '';
    return fail({
      kind: 'declined',
      operation,
      httpStatus: status,
      responseCode,
      transactionId,
      codes: [String(responseCode)],
      messages: [[String(body.status_message ?? 'Not approved.'), approval].filter(Boolean).join(' ')],
    });
  }
  if (body.success === false) {
    return fail({
      kind: 'validation',
      operation,
      httpStatus: status,
      responseCode,
      transactionId,
      codes: responseCode !== null ? [String(responseCode)] : [],
      messages: [String(body.status_message ?? 'PayTrace refused the request without saying why.')],
    });
  }
  return fail({
    kind: 'protocol',
    operation,
    httpStatus: status,
    ambiguous: status < 300,
    messages: ['PayTrace answered without the success/response_code envelope'],
  });
}

function fail(d: ConstructorParameters<typeof PayTraceError>[0]): never {
  throw new PayTraceError(d);
}
