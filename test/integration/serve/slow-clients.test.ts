// Slow clients (slowloris) are cut off: headers that never finish and bodies that trickle are
// closed by the host after its timeouts (10 s and 30 s by default, shortened here), and other
// people are answered meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, rawRequest, signIn, startTestHost, type TestHost } from '../../support/host';

describe('slow clients', () => {
  let t: TestHost;
  let port: number;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestHost({ timeouts: { headersMs: 500, requestMs: 1_000 } });
    port = Number(new URL(t.host.origin).port);
    cookie = await signIn(t.host.newLink('alice'));
  });
  afterAll(() => t.stop());

  it('closes a connection whose headers never end', async () => {
    const started = Date.now();
    const headers = Array.from({ length: 100 }, (_, i) => `X-${i}: a\r\n`);
    const answer = await rawRequest(port, ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', ...headers], {
      gapMs: 100,
      timeoutMs: 8_000,
    });
    expect(answer.closedByHost).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([null, 408]).toContain(answer.status);
  });

  it('closes a connection whose body trickles', async () => {
    const started = Date.now();
    const answer = await rawRequest(
      port,
      [
        `POST /api/session.info HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`,
        ...Array.from({ length: 99 }, () => ' '),
      ],
      { gapMs: 100, timeoutMs: 8_000 },
    );
    expect(answer.closedByHost).toBe(true);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect([null, 408]).toContain(answer.status);
  });

  it('answers others while slow clients hang on', async () => {
    const slow = Array.from({ length: 50 }, () =>
      rawRequest(port, ['GET / HTTP/1.1\r\n', 'Host: 127.0.0.1\r\n', 'X-a: b\r\n'], { gapMs: 200, timeoutMs: 3_000 }),
    );
    expect((await callApi(t.host.origin, 'session.info', cookie)).status).toBe(200);
    await Promise.all(slow);
  });
});
