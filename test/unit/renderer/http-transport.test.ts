// The browser-host transport speaks the envelope the host promises, rides on the session cookie
// (it never holds a token), and turns every failure into an ApiError a clerk can read.
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
const base = 'http://127.0.0.1:4000/';

describe('HTTP transport', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('POSTs api/<channel> on the session cookie, without any token, and returns validated data', async () => {
    const fetchMock = respond(200, { ok: true, data: session });
    const api = createHttpApi({ baseUrl: base });
    await expect(api.call('session.info', {})).resolves.toEqual(session);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(String(url)).toBe('http://127.0.0.1:4000/api/session.info');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).not.toHaveProperty('Authorization');
    expect(init.body).toBe('{}');
  });

  it('names the person the page was opened as once it knows, and marks calls made while nobody uses the page', async () => {
    const fetchMock = respond(200, { ok: true, data: session });
    let active = true;
    const api = createHttpApi({ baseUrl: base, isActive: () => active });
    await api.call('session.info', {});
    expect(fetchMock.mock.calls[0]![1].headers).not.toHaveProperty('X-ClearDesk-User');
    expect(fetchMock.mock.calls[0]![1].headers).not.toHaveProperty('X-ClearDesk-Background');
    active = false;
    await api.call('session.info', {});
    expect(fetchMock.mock.calls[1]![1].headers).toMatchObject({
      'X-ClearDesk-User': 'mia',
      'X-ClearDesk-Background': '1',
    });
  });

  it('tells the host the person is using the page while nothing else reaches it (typing into a form)', async () => {
    vi.useFakeTimers();
    try {
      const fetchMock = respond(200, { ok: true, data: session });
      let active = true;
      let ended = 0;
      createHttpApi({
        baseUrl: base,
        isActive: () => active,
        keepAliveMs: 20_000,
        now: () => Date.now(),
        onSessionEnded: () => ended++,
      });
      await vi.advanceTimersByTimeAsync(15_000);
      expect(fetchMock).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(45_000);
      // At most 30 s apart: never as long as the host's shortest idle time, a minute.
      expect(fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2);
      const [url, init] = fetchMock.mock.calls[0]!;
      expect(String(url)).toBe('http://127.0.0.1:4000/api/session.info');
      expect(init.headers).not.toHaveProperty('X-ClearDesk-Background');
      // Nobody at the page: nothing keeps the session.
      active = false;
      const before = fetchMock.mock.calls.length;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(fetchMock.mock.calls.length).toBe(before);
      // The host ended the session meanwhile: the page says so at the next use.
      respond(401, { ok: false, error: { code: 'unauthenticated', message: 'signed out' } });
      active = true;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(ended).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes the host error code and message through', async () => {
    respond(409, { ok: false, error: { code: 'conflict', message: 'Already posted as 0100000001' } });
    const api = createHttpApi({ baseUrl: base });
    await expect(api.call('proposal.approve', { transactionId: 1, proposalId: 2 })).rejects.toEqual(
      new ApiError('conflict', 'Already posted as 0100000001'),
    );
  });

  it('rejects a response that does not match the contract', async () => {
    respond(200, { ok: true, data: { user: 'mia' } });
    const api = createHttpApi({ baseUrl: base });
    await expect(api.call('session.info', {})).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('session.info'),
    });
  });

  it('validates the request before sending it', async () => {
    const fetchMock = respond(200, { ok: true, data: null });
    const api = createHttpApi({ baseUrl: base });
    await expect(api.call('transaction.park', { transactionId: 1, reason: 'x' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('on a 401 says the session ended and hands over to the signed-out page', async () => {
    respond(401, { ok: false, error: { code: 'unauthenticated', message: 'You are not signed in.' } });
    const ended = vi.fn();
    const api = createHttpApi({ baseUrl: base, onSessionEnded: ended });
    await expect(api.call('queue.list', {})).rejects.toEqual(new ApiError('unauthenticated', 'You are not signed in.'));
    expect(ended).toHaveBeenCalledOnce();
  });

  it('on a 401 without a body still says what to do', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 401 })),
    );
    const api = createHttpApi({ baseUrl: base });
    await expect(api.call('queue.list', {})).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('new link'),
    });
  });

  it('signs out at the host, then shows the signed-out page', async () => {
    const fetchMock = respond(200, { ok: true, data: null });
    const ended = vi.fn();
    const api = createHttpApi({ baseUrl: base, onSessionEnded: ended });
    await api.signOut();
    expect(String(fetchMock.mock.calls[0]![0])).toBe('http://127.0.0.1:4000/auth/sign-out');
    expect(fetchMock.mock.calls[0]![1].method).toBe('POST');
    expect(ended).toHaveBeenCalledOnce();
  });
});
