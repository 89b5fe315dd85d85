// Two instances sharing one PostgreSQL store (team mode), each through the real composition root (openApp, its own
// data folder and sandbox simulators): an admin on instance A changes the retry setting (`resilience`), and
// instance B, running since before the change and never told, uses it from its next job run's first call: its
// `disputes.import` run rides out two North 503s with the default five attempts, then, after A's change to one
// attempt, fails on B's very next run at the first 503; and between runs B's policies have the store read again
// once their numbers are older than allowed (electron/hosts/resilience-settings.ts, followStore).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { DEFAULT_RESILIENCE } from '../../../electron/core/settings';
import { openApp, type App } from '../../../electron/hosts/app';
import { createLogger } from '../../../electron/hosts/log';
import { ResilienceTuning } from '../../../electron/hosts/resilience-settings';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { createPgTestDatabase, type PgTestDatabase, skipPg } from '../../support/pg';

const admin: Actor = { name: 'ada.admin', roles: ['admin'] };

describe.skipIf(skipPg)('the resilience setting across instances sharing a PostgreSQL store', () => {
  let database: PgTestDatabase;
  const dirs: string[] = [];
  const apps: App[] = [];
  beforeAll(async () => {
    database = await createPgTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  async function instance(name: string): Promise<App> {
    const dataDir = mkdtempSync(join(tmpdir(), `cleardesk-resil-${name}-`));
    dirs.push(dataDir);
    const env = {
      CLEARDESK_VAULT: 'env',
      ...TEST_AUDIT_KEY_ENV,
      CLEARDESK_DATABASE_URL: database.url,
      CLEARDESK_AUDIT_ANCHOR_DIR: undefined,
      CLEARDESK_LOG_LEVEL: 'error',
    };
    const app = await openApp({
      dataDir,
      sandbox: true,
      sandboxPayments: 20,
      env,
      log: createLogger(() => {}, false, { env }),
    });
    apps.push(app);
    return app;
  }

  it('instance B’s next job uses what instance A’s admin saved', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const northOfB = b.sandbox!.north!.server.sim;
    const runOnB = () => b.core.handle('jobs.runNow', { job: 'disputes.import' }, admin);

    // B with the defaults: five attempts per North read, two 503s ridden out.
    northOfB.failNext(2, 503);
    const first = await runOnB();
    expect(first.status).toBe('ok');
    expect(northOfB.stats.failed).toBe(2);

    // A's admin saves one attempt per North read; B is not told.
    const one = { ...DEFAULT_RESILIENCE, north: { readAttempts: 1, failuresToOpen: 5, coolDownSeconds: 30 } };
    await a.core.handle('settings.update', { resilience: one }, admin);

    // B's next run: its first North read fails at the first 503, not tried again.
    northOfB.failNext(2, 503);
    const second = await runOnB();
    expect(second.status).toBe('failed');
    expect(second.error).toMatch(/North.*HTTP 503/);
    expect(northOfB.stats.failed).toBe(3); // one attempt: the second 503 is still armed

    // A's admin puts the default back: B's next run rides out the 503 left armed again.
    await a.core.handle('settings.update', { resilience: DEFAULT_RESILIENCE }, admin);
    const third = await runOnB();
    expect(third.status).toBe('ok');
    expect(northOfB.stats.failed).toBe(4);
  });

  it('between job runs, a call finding the numbers older than allowed has the store read again', async () => {
    const store = apps[0]!.store.repos;
    let now = 1_000_000;
    const b = (await ResilienceTuning.load(store)).followStore(store, 15_000, () => now);
    const before = b.north();
    const lower = { ...DEFAULT_RESILIENCE, north: { readAttempts: 2, failuresToOpen: 3, coolDownSeconds: 9 } };
    await apps[0]!.core.handle('settings.update', { resilience: lower }, admin);
    now += 14_999;
    expect(b.north()).toEqual(before); // young enough: no read
    now += 1;
    expect(b.north()).toEqual(before); // this call keeps what it has and starts the read
    await expect.poll(() => b.north()).toEqual({ maxAttempts: 2, failureThreshold: 3, openMs: 9_000 });
  });
});
