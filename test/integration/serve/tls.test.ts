// Beyond loopback only over TLS: `cleardesk serve --host 0.0.0.0` without a certificate exits 4
// (configuration) before anything starts; with one (self-signed here, made by openssl) it speaks
// HTTPS only, and the session cookie is Secure with the __Host- prefix.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../shared/ports';
import { runCli, serve } from '../../support/cli';
import { fakeCore, makeUiFolder, startTestHost } from '../../support/host';
import { startBrowserHost } from '../../../electron/hosts/serve/server';
import { createLogger } from '../../../electron/hosts/log';

const work = mkdtempSync(join(tmpdir(), 'cleardesk-tls-'));
const certFile = join(work, 'cert.pem');
const keyFile = join(work, 'key.pem');
let cert: Buffer;
let key: Buffer;

beforeAll(() => {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' }); // prettier-ignore
  cert = readFileSync(certFile);
  key = readFileSync(keyFile);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** HTTPS trusting only the test's certificate. */
function https(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca: cert }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function signInOverTls(link: string): Promise<{ cookie: string; setCookie: string }> {
  const res = await https(link);
  expect(res.status).toBe(303);
  const setCookie = (res.headers['set-cookie'] as string[])[0]!;
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

describe('the browser host over TLS', () => {
  it('serves HTTPS on every interface, with a Secure __Host- cookie', async () => {
    const t = await startTestHost({ host: '0.0.0.0', tls: { cert, key }, allowedHosts: ['localhost'] });
    try {
      const port = new URL(t.host.origin).port;
      expect(t.host.url).toMatch(new RegExp(`^https://localhost:${port}/\\?token=`));
      const { cookie, setCookie } = await signInOverTls(t.host.url);
      expect(setCookie).toMatch(
        new RegExp(`^__Host-cleardesk-${port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Secure$`),
      );
      const info = await https(`${t.host.origin}/api/session.info`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(info.status).toBe(200);
      expect(JSON.parse(info.body)).toMatchObject({ ok: true, data: { user: 'alice' } });
      // Plain HTTP to the same port gets no answer it could use.
      const plain = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.status,
        () => null,
      );
      expect(plain === null || plain >= 400).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('refuses to listen beyond loopback without TLS, and a certificate it cannot use', async () => {
    const folder = makeUiFolder();
    const options = {
      core: fakeCore(),
      rendererDir: folder.ui,
      users: [{ actor: { name: 'alice', roles: ['clerk' as const] } }],
      log: createLogger(() => {}),
      port: 0,
    };
    try {
      await expect(startBrowserHost({ ...options, host: '0.0.0.0' })).rejects.toThrow(ConfigurationError);
      await expect(startBrowserHost({ ...options, host: '0.0.0.0' })).rejects.toThrow(/--tls-cert FILE --tls-key FILE/);
      await expect(
        startBrowserHost({ ...options, host: '127.0.0.1', tls: { cert: 'not a certificate', key } }),
      ).rejects.toThrow(ConfigurationError);
    } finally {
      folder.cleanup();
    }
  });
});

describe('cleardesk serve beyond loopback', () => {
  const data = join(work, 'data');

  it('exits 4 with what to do when asked to serve the network over plain HTTP', () => {
    const r = runCli(['serve', '--sandbox', '--data-dir', data, '--host', '0.0.0.0', '--port', '0']);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0 would serve ClearDesk to the network over plain HTTP/);
    expect(r.stderr).toContain('--tls-cert FILE --tls-key FILE');
    expect(r.stdout).not.toContain('serving at');
  });

  it('exits 4 for half a TLS configuration or a file it cannot read', () => {
    const half = runCli(['serve', '--sandbox', '--data-dir', data, '--tls-cert', certFile]);
    expect(half.status, half.stderr).toBe(4);
    expect(half.stderr).toContain('Give both --tls-cert FILE and --tls-key FILE');
    const missing = runCli([
      'serve',
      '--sandbox',
      '--data-dir',
      data,
      '--tls-cert',
      join(work, 'nope.pem'),
      '--tls-key',
      keyFile,
    ]);
    expect(missing.status, missing.stderr).toBe(4);
    expect(missing.stderr).toMatch(/--tls-cert .*nope\.pem cannot be read/);
    writeFileSync(join(work, 'junk.pem'), 'junk');
    const junk = runCli([
      'serve',
      '--sandbox',
      '--data-dir',
      data,
      '--tls-cert',
      join(work, 'junk.pem'),
      '--tls-key',
      keyFile,
      '--port',
      '0',
    ]);
    expect(junk.status, junk.stderr).toBe(4);
    expect(junk.stderr).toContain('The TLS certificate or key cannot be used');
  });

  it('serves HTTPS on 0.0.0.0 with a certificate, printing https links for the allowed name', async () => {
    const s = await serve([
      '--sandbox', '--data-dir', data, '--port', '0', '--sync-every', '0', '--host', '0.0.0.0',
      '--tls-cert', certFile, '--tls-key', keyFile, '--allow-host', 'localhost',
      '--user', 'alice:clerk', '--user', 'bob:approver',
    ]); // prettier-ignore
    try {
      expect(s.url).toMatch(/^https:\/\/localhost:\d+\/\?token=/);
      expect(Object.keys(s.users)).toEqual(['alice', 'bob']);
      const { cookie } = await signInOverTls(s.users.bob!);
      const info = await https(`${new URL(s.url).origin}/api/session.info`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(JSON.parse(info.body)).toMatchObject({ ok: true, data: { user: 'bob', roles: ['approver'] } });
    } finally {
      await s.stop();
    }
  });
});
