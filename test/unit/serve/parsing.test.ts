// What the browser host reads from a request: the target, the Host header, the session cookie.
// None of them may throw, whatever a client sends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCookie } from '../../../electron/hosts/serve/cookies';
import { isLoopback } from '../../../electron/hosts/serve/exposure';
import { createHostGuard, hostName } from '../../../electron/hosts/serve/host-guard';
import { parseTarget } from '../../../electron/hosts/serve/request-target';

describe('request target', () => {
  it('keeps the raw path (nothing decoded) and reads the query leniently', () => {
    const r = parseTarget('/%E0%A4%A/..%2f?token=%E0%A4%A&x=1');
    expect(r).toMatchObject({ ok: true, target: { path: '/%E0%A4%A/..%2f' } });
    if (r.ok) expect(r.target.query.get('x')).toBe('1');
    expect(parseTarget('http://evil.example/')).toEqual({ ok: false, status: 400 });
    expect(parseTarget('*')).toEqual({ ok: false, status: 400 });
    expect(parseTarget(`/${'a'.repeat(5000)}`)).toEqual({ ok: false, status: 414 });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseTarget(s)));
  });
});

describe('Host header', () => {
  it('reads the name without port, case or trailing dot', () => {
    expect(hostName('LocalHost:4780')).toBe('localhost');
    expect(hostName('[::1]:4780')).toBe('::1');
    expect(hostName('cleardesk.example.')).toBe('cleardesk.example');
    for (const bad of ['', ':80', '[::1', 'a b', 'a:b:c', 'evil.example:80:80', 'x/y'])
      expect(hostName(bad), bad).toBeNull();
  });

  it('allows loopback, the bound address and configured names only', () => {
    const allowed = createHostGuard({ bound: '127.0.0.1', allowed: ['cleardesk.corp.example'] });
    for (const ok of ['127.0.0.1:1', 'localhost', '[::1]:80', '127.0.0.2', 'app.localhost', 'CLEARDESK.corp.example'])
      expect(allowed(ok), ok).toBe(true);
    for (const no of [undefined, 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0'])
      expect(allowed(no), String(no)).toBe(false);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void allowed(s)));
  });
});

describe('session cookie', () => {
  const value = 'a'.repeat(43);
  it('finds our cookie among others and ignores anything that is not one of our values', () => {
    expect(readCookie(`x=1; cleardesk-4780=${value}; y=2`, 'cleardesk-4780')).toBe(value);
    expect(readCookie(`cleardesk-4780=${value}`, 'cleardesk-4781')).toBeNull();
    expect(readCookie('cleardesk-4780=short', 'cleardesk-4780')).toBeNull();
    expect(readCookie('cleardesk-4780=%E0%A4%A', 'cleardesk-4780')).toBeNull();
    expect(readCookie(undefined, 'cleardesk-4780')).toBeNull();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void readCookie(s, 'cleardesk-4780')));
  });
});
