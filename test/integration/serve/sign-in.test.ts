// Signing in to the browser host: a one-time link traded for an HttpOnly, SameSite=Strict cookie;
// 401 without a session, 403 for a role that may not act; sessions that end when idle or signed
// out; and only the names the host is known by (DNS rebinding), from its own pages (cross-site).
import { get, request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, signIn, startTestHost, type TestHost } from '../../support/host';

describe('signing in to the browser host', () => {
  let t: TestHost;
  let origin: string;
  beforeAll(async () => {
    t = await startTestHost({ allowedHosts: ['cleardesk.test'] });
    origin = t.host.origin;
  });
  afterAll(() => t.stop());

  it('trades the link once for an HttpOnly, SameSite=Strict cookie and a redirect to / without the token', async () => {
    const link = t.host.users[0]!.url;
    expect(link).toMatch(new RegExp(`^${origin}/\\?token=[A-Za-z0-9_-]{43}$`));
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, link).href).toBe(`${origin}/`);
    const cookie = res.headers.get('set-cookie')!;
    const port = new URL(origin).port;
    expect(cookie).toMatch(new RegExp(`^cleardesk-${port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    expect(res.headers.get('cache-control')).toBe('no-store');

    const session = await callApi(origin, 'session.info', cookie.split(';')[0]!);
    expect(session).toMatchObject({ status: 200, body: { ok: true, data: { user: 'alice', roles: ['clerk'] } } });

    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    const page = await again.text();
    expect(page).toContain('This link was already used');
    expect(page).toContain('Ask whoever runs ClearDesk for a new link');
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('does not use a link up when it is only looked at (HEAD), and refuses a token it never made', async () => {
    const link = t.host.newLink('bob');
    expect((await fetch(link, { method: 'HEAD', redirect: 'manual' })).status).toBe(200);
    // Loaded by another page (an <img>, a fetch) rather than opened: refused, and not used up.
    for (const dest of ['image', 'empty', 'iframe'])
      expect((await fetch(link, { redirect: 'manual', headers: { 'Sec-Fetch-Dest': dest } })).status).toBe(403);
    const opened = { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Site': 'cross-site' };
    const fromMail = await fetch(t.host.newLink('bob'), { redirect: 'manual', headers: opened });
    expect(fromMail.status).toBe(303);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
    const unknown = await fetch(`${origin}/?token=${'A'.repeat(43)}`, { redirect: 'manual' });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('This link is not valid');
    expect((await fetch(`${origin}/?token=%E0%A4%A`, { redirect: 'manual' })).status).toBe(401);
    expect(() => t.host.newLink('mallory')).toThrow(/no user "mallory"/);
  });

  it('answers 401 without a session or with a wrong one, and 403 for a role that may not act', async () => {
    expect(await callApi(origin, 'queue.list', null)).toMatchObject({
      status: 401,
      body: { ok: false, error: { code: 'unauthenticated', message: expect.stringContaining('new link') } },
    });
    const port = new URL(origin).port;
    expect((await callApi(origin, 'queue.list', `cleardesk-${port}=${'x'.repeat(43)}`)).status).toBe(401);
    expect((await callApi(origin, 'queue.list', `cleardesk-${port}=`)).status).toBe(401);
    const alice = await signIn(t.host.newLink('alice'));
    expect((await callApi(origin, 'refund.approve', alice, { refundId: 1 })).status).toBe(403);
    // A bearer token is no way in: the link's token is not a session.
    const link = t.host.newLink('alice');
    const bearer = await callApi(
      origin,
      'queue.list',
      null,
      {},
      { Authorization: `Bearer ${new URL(link).searchParams.get('token')}` },
    );
    expect(bearer.status).toBe(401);
  });

  it('gives each tester a link of their own for the same person', async () => {
    const [one, two] = [t.host.newLink('bob'), t.host.newLink('bob')];
    expect(one).not.toBe(two);
    const [a, b] = [await signIn(one), await signIn(two)];
    expect(a).not.toBe(b);
    for (const cookie of [a, b])
      expect((await callApi(origin, 'session.info', cookie)).body.data).toMatchObject({ user: 'bob' });
  });

  it('signs out: the cookie is cleared, the session refused, and its event stream ends', async () => {
    const cookie = await signIn(t.host.newLink('alice'));
    const stream = await new Promise<IncomingMessage>((resolve) =>
      get(`${origin}/api/events`, { headers: { Cookie: cookie } }, resolve),
    );
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    const ended = new Promise<void>((resolve) => stream.on('end', resolve).resume());

    const out = await fetch(`${origin}/auth/sign-out`, { method: 'POST', headers: { Cookie: cookie } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^cleardesk-\d+=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict$/);
    await ended;
    expect((await callApi(origin, 'session.info', cookie)).status).toBe(401);
    expect((await fetch(`${origin}/auth/sign-out`)).status).toBe(405);
    const page = await fetch(`${origin}/auth/ended`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are signed out');
  });

  it("ends the session a browser had when it signs in with another link, and refuses that person's old page", async () => {
    const alice = await signIn(t.host.newLink('alice'));
    const res = await fetch(t.host.newLink('bob'), { redirect: 'manual', headers: { Cookie: alice } });
    expect(res.status).toBe(303);
    expect((await callApi(origin, 'session.info', alice)).status).toBe(401);
    const bob = res.headers.get('set-cookie')!.split(';')[0]!;
    // A page opened as alice still sends her name: refused, so it never acts as bob unawares.
    const stale = await callApi(origin, 'queue.list', bob, {}, { 'X-ClearDesk-User': 'alice' });
    expect(stale).toMatchObject({
      status: 401,
      body: { error: { message: expect.stringContaining('signed in as bob') } },
    });
    expect((await callApi(origin, 'queue.list', bob, {}, { 'X-ClearDesk-User': 'bob' })).status).toBe(200);
  });

  it('answers only to the names it is known by, so a rebound DNS name gets nothing', async () => {
    const port = new URL(origin).port;
    const cookie = await signIn(t.host.newLink('alice'));
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      '',
    ]) {
      const ui = await rawGet(port, '/', host);
      expect(ui, host).toBe(host === '' ? 400 : 403);
      if (host !== '') expect(await rawRequestStatus(port, 'POST', '/api/session.info', host, cookie), host).toBe(403);
    }
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      'cleardesk.test',
      'cleardesk.test.',
    ])
      expect(await rawGet(port, '/', host), host).toBe(200);
  });

  it('refuses requests from other sites', async () => {
    const cookie = await signIn(t.host.newLink('alice'));
    const crossSiteHeaders: Record<string, string>[] = [
      { Origin: 'http://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of crossSiteHeaders) {
      expect((await callApi(origin, 'session.info', cookie, {}, headers)).status).toBe(403);
      const out = await fetch(`${origin}/auth/sign-out`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
      expect(out.status).toBe(403);
    }
    expect(
      (await callApi(origin, 'session.info', cookie, {}, { Origin: origin, 'Sec-Fetch-Site': 'same-origin' })).status,
    ).toBe(200);
  });
});

describe('idle sessions', () => {
  const MINUTE = 60_000;
  let now = 1_000_000;
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ now: () => now });
  });
  afterAll(() => t.stop());

  it("end after 30 idle minutes; the person's own calls keep one alive, the page's background reloads do not", async () => {
    const origin = t.host.origin;
    const cookie = await signIn(t.host.newLink('alice'));
    for (let i = 0; i < 3; i++) {
      now += 29 * MINUTE;
      expect((await callApi(origin, 'queue.list', cookie)).status).toBe(200);
    }
    now += 29 * MINUTE;
    expect((await callApi(origin, 'queue.list', cookie, {}, { 'X-ClearDesk-Background': '1' })).status).toBe(200);
    now += 1 * MINUTE;
    expect((await callApi(origin, 'queue.list', cookie, {}, { 'X-ClearDesk-Background': '1' })).status).toBe(401);
  });

  it('lets an unused link expire after a day', async () => {
    const link = t.host.newLink('bob');
    now += 24 * 60 * MINUTE;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
  });
});

describe('the event stream of an idle session', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost({ sessionIdleMs: 300 });
  });
  afterAll(() => t.stop());

  it('is closed by the host once the session went idle', async () => {
    const cookie = await signIn(t.host.newLink('bob'));
    const stream = await new Promise<IncomingMessage>((resolve) =>
      get(`${t.host.origin}/api/events`, { headers: { Cookie: cookie } }, resolve),
    );
    expect(stream.statusCode).toBe(200);
    await new Promise<void>((resolve) => stream.on('end', resolve).resume());
    expect((await callApi(t.host.origin, 'session.info', cookie)).status).toBe(401);
  });
});

/** node:http, unlike fetch, sends the Host header it is given (or none). */
function rawRequestStatus(port: string, method: string, path: string, host: string, cookie = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = host === '' ? {} : { Host: host };
    if (cookie) Object.assign(headers, { Cookie: cookie, 'Content-Type': 'application/json' });
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const rawGet = (port: string, path: string, host: string) => rawRequestStatus(port, 'GET', path, host);
