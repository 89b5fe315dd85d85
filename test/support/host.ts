// The browser host under test: a fake core behind the real host (in this process), signing in
// through a one-time link, and raw HTTP over a socket for what fetch would never send.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type Channel } from '../../shared/api';
import type { Core } from '../../electron/core/core';
import { CoreEvents } from '../../electron/core/events';
import type { Actor } from '../../electron/core/ports';
import { createLogger } from '../../electron/hosts/log';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../../electron/hosts/serve/server';

/** In every file outside the UI folder; no answer of the host may ever contain it. */
export const SECRET_MARKER = 'NOT-FOR-THE-BROWSER-7f3a';

/** A UI folder like renderer/dist, with a source map, a hidden file and a link out, and secrets beside it. */
export function makeUiFolder(): { root: string; ui: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'cleardesk-host-'));
  const ui = join(root, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("ui")');
  writeFileSync(join(ui, 'assets', 'app.js.map'), `{"sources":["${SECRET_MARKER}"]}`);
  writeFileSync(join(ui, '.env'), SECRET_MARKER);
  writeFileSync(join(root, 'secret.txt'), SECRET_MARKER);
  mkdirSync(join(root, 'ui-secret'));
  writeFileSync(join(root, 'ui-secret', 'index.html'), SECRET_MARKER);
  symlinkSync(join(root, 'secret.txt'), join(ui, 'linked.txt'));
  return { root, ui, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Answers session.info like the core; refund.approve only for approvers; everything else with []. */
export function fakeCore(): Core {
  const events = new CoreEvents();
  return {
    events,
    async handle(channel: Channel, _request: unknown, actor: Actor) {
      if (channel === 'session.info')
        return { user: actor.name, roles: [...actor.roles], sandbox: true, dataDir: '/tmp', version: 'test' };
      if (channel === 'refund.approve' && !actor.roles.includes('approver'))
        throw new ApiError('forbidden', `${actor.name} may not approve refunds.`);
      return [];
    },
  } as unknown as Core;
}

export interface TestHost {
  host: BrowserHost;
  core: Core;
  ui: string;
  root: string;
  stop(): Promise<void>;
}

export async function startTestHost(options: Partial<BrowserHostOptions> = {}): Promise<TestHost> {
  const folder = makeUiFolder();
  const core = fakeCore();
  const host = await startBrowserHost({
    core,
    rendererDir: folder.ui,
    users: [{ actor: { name: 'alice', roles: ['clerk'] } }, { actor: { name: 'bob', roles: ['approver'] } }],
    log: createLogger(() => {}),
    ...options,
  });
  return {
    host,
    core,
    ui: folder.ui,
    root: folder.root,
    stop: async () => {
      await host.close();
      folder.cleanup();
    },
  };
}

/** Opens a one-time link as a browser would, without following the redirect; the session cookie (`name=value`). */
export async function signIn(link: string): Promise<string> {
  const res = await fetch(link, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !setCookie) throw new Error(`Signing in with ${link} answered ${res.status}.`);
  return setCookie.split(';')[0]!;
}

/** POST /api/<channel> with a session cookie, as the UI does. */
export async function callApi(
  origin: string,
  channel: string,
  cookie: string | null,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never };
}

export interface RawAnswer {
  /** The status of the first response, or null when none came. */
  readonly status: number | null;
  readonly text: string;
  /** Whether the host closed the connection (rather than the timeout ending it). */
  readonly closedByHost: boolean;
}

/**
 * Writes `parts` to a fresh TCP connection (with `gapMs` between them) and collects what comes back
 * until the host closes the connection or `timeoutMs` passes.
 */
export function rawRequest(
  port: number,
  parts: readonly (string | Buffer)[],
  { timeoutMs = 3_000, gapMs = 0 }: { timeoutMs?: number; gapMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByHost = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, closedByHost });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => {
      closedByHost = true;
      done();
    });
    socket.on('error', () => {
      closedByHost = true;
      done();
    });
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}
