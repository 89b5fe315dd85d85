// The browser host most end-to-end tests start from: `cleardesk serve --sandbox` in a data folder of its own,
// alice (clerk) and bob (approver), no scheduled sync but one run, and Chromium with both signed in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser';
import { serve, type Served } from './cli';
import { type Answer, People } from './people';

export interface SandboxHost {
  dataDir: string;
  served: Served;
  browser: Browser;
  people: People;
  /** `POST /api/<channel>` as that person. */
  call<T = unknown>(who: string, channel: string, body: unknown): Promise<Answer<T>>;
}

/**
 * Registers the host's start (beforeAll) and its stop (afterAll) in the calling file or describe block; the object's
 * fields are there from its tests on. `name` names the data folder.
 */
export function sandboxHost(name: string): SandboxHost {
  const host = {
    call: <T>(who: string, channel: string, body: unknown) => host.people.call<T>(who, channel, body),
  } as SandboxHost;
  beforeAll(async () => {
    host.dataDir = mkdtempSync(join(tmpdir(), `cleardesk-e2e-${name}-`));
    // Two people, so the host prints a link for each (with one, its headline is the link).
    host.served = await serve([
      '--sandbox',
      '--data-dir',
      host.dataDir,
      '--port',
      '0',
      '--user',
      'alice:clerk',
      '--user',
      'bob:approver',
      '--sync-every',
      '0',
    ]);
    host.browser = await launchChromium();
    host.people = new People(host.browser, { width: 1400, height: 900 });
    for (const [who, link] of Object.entries(host.served.users)) await host.people.signIn(who, link);
    expect((await host.call('alice', 'sync.run', {})).status).toBe(200);
  });
  afterAll(async () => {
    await host.browser?.close();
    await host.served?.stop();
    if (host.dataDir) rmSync(host.dataDir, { recursive: true, force: true });
  });
  return host;
}
