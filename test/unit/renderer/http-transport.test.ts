// The browser-host transport speaks the envelope the host promises and turns every failure
// into an ApiError a clerk can read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/api';
import { createHttpApi } from '../../../renderer/src/bridge/httpTransport';

function respond(status: number, body: unknown) {
  const fetchMock = vi.fn(
    async (_url: URL, _init: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const session = { user: 'mia', roles: ['clerk'], sandbox: true, dataDir: '/tmp', version: '0.1.0' };

describe('HTTP transport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('POSTs api/<channel> with the bearer token and returns validated data', async () => {
    const fetchMock = respond(200, { ok: true, data: session });
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4000/', token: 'abc' });
    await expect(api.call('session.info', {})).resolves.toEqual(session);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(String(url)).toBe('http://127.0.0.1:4000/api/session.info');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(init.body).toBe('{}');
  });

  it('passes the host error code and message through', async () => {
    respond(409, { ok: false, error: { code: 'conflict', message: 'Already posted as 0100000001' } });
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4000/', token: 'abc' });
    await expect(api.call('proposal.approve', { transactionId: 1, proposalId: 2 })).rejects.toEqual(
      new ApiError('conflict', 'Already posted as 0100000001'),
    );
  });

  it('rejects a response that does not match the contract', async () => {
    respond(200, { ok: true, data: { user: 'mia' } });
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4000/', token: 'abc' });
    await expect(api.call('session.info', {})).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('session.info'),
    });
  });

  it('validates the request before sending it', async () => {
    const fetchMock = respond(200, { ok: true, data: null });
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4000/', token: 'abc' });
    await expect(api.call('transaction.park', { transactionId: 1, reason: 'x' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says how to get a token when the page was opened without one', async () => {
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4000/', token: null });
    await expect(api.call('session.info', {})).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('?token='),
    });
  });
});
