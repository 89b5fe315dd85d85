import { describe, expect, it } from 'vitest';
import type { PayTraceError } from '../../../electron/connectors/paytrace';
import { readEnvelope } from '../../../electron/connectors/paytrace';

const read = (status: number, body: unknown, retryAfter?: string) => {
  try {
    return readEnvelope(
      'test call',
      { status, body: typeof body === 'string' ? body : JSON.stringify(body), retryAfter: retryAfter ?? null },
      0,
    );
  } catch (e) {
    return e as PayTraceError;
  }
};

describe('reading PayTrace answers whatever the HTTP status', () => {
  it('an export with response_code 1 and success true is a success', () => {
    expect(
      read(200, {
        success: true,
        response_code: 1,
        status_message: 'Your request has been successfully completed.',
        transactions: [],
      }),
    ).toMatchObject({ success: true });
  });
  it('validation errors carry every code and message', () => {
    const e = read(400, {
      success: false,
      response_code: 1,
      status_message: 'One or more errors has occurred.',
      errors: { 35: ['Please provide a valid Credit Card Number.'], 43: ['Please provide a valid Expiration Month.'] },
    });
    expect(e).toMatchObject({ kind: 'validation', codes: ['35', '43'], failure: { retryable: false } });
    expect((e as Error).message).toBe(
      'PayTrace test call: [35] Please provide a valid Credit Card Number. [43] Please provide a valid Expiration Month. (HTTP 400)',
    );
  });
  it('a decline keeps its transaction id and the processor text, on 200 or 400', () => {
    for (const status of [200, 400]) {
      const e = read(status, {
        success: false,
        response_code: 102,
        status_message: 'Your transaction was not approved.',
        transaction_id: 392501201,
        approval_message: '  EXPIRED CARD - Expired card',
      });
      expect(e).toMatchObject({ kind: 'declined', transactionId: 392501201, failure: { retryable: false } });
      expect((e as Error).message).toMatch(/not approved\. EXPIRED CARD - Expired card/);
    }
  });
  it('429 is retryable after Retry-After and does not trip the breaker', () => {
    expect(read(429, '', '2')).toMatchObject({
      kind: 'unavailable',
      failure: { retryable: true, ambiguous: false, tripsBreaker: false, retryAfterMs: 2000 },
    });
  });
  it('a 503 carries its Retry-After, in seconds or as an HTTP date', () => {
    expect(read(503, { error: 'Service Unavailable' }, '7')).toMatchObject({
      failure: { retryable: true, tripsBreaker: true, retryAfterMs: 7000 },
    });
    // nowMs is 0 in read(): a date 90 s after the epoch is 90 s away.
    expect(read(503, '<html><title>Maintenance</title></html>', 'Thu, 01 Jan 1970 00:01:30 GMT')).toMatchObject({
      failure: { retryable: true, retryAfterMs: 90_000 },
    });
    expect((read(503, { error: 'Service Unavailable' }) as PayTraceError).failure.retryAfterMs).toBeUndefined();
  });
  it('an HTML 502 is unavailable and ambiguous; a JSON 503 is unavailable and not', () => {
    expect(read(502, '<html><head><title>502 Bad Gateway</title></head></html>')).toMatchObject({
      kind: 'unavailable',
      failure: { retryable: true, ambiguous: true },
    });
    expect(read(503, { error: 'Service Unavailable' })).toMatchObject({
      kind: 'unavailable',
      failure: { ambiguous: false },
    });
  });
  it('a cut-off or empty 200 body is a protocol error worth asking again', () => {
    expect(read(200, '{"success":true,"transactions":[{"transaction_id":1')).toMatchObject({
      kind: 'protocol',
      failure: { retryable: true },
    });
    expect((read(200, '') as Error).message).toMatch(/empty body/);
  });
  it('invalid_grant says what to fix', () => {
    expect(
      read(400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid' }),
    ).toMatchObject({ kind: 'auth', codes: ['invalid_grant'], failure: { retryable: false } });
  });
});
