// The Audit trail screen in real Chromium: after a sync, the anchor written outside the data folder is listed with
// its date, and verifying holds the log against it; once the log's tail is cut (as someone with the database file
// would), the same button says the log no longer holds its anchor.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/cli';

describe('audit anchors on the Audit trail screen', () => {
  let dataDir: string;
  let anchorDir: string;
  let served: Served;
  let browser: Browser;
  /** The admin's browser, signed in with the one-time link (the session cookie lives in it). */
  let context: BrowserContext;

  async function call(channel: string, body: unknown): Promise<{ status: number; data: unknown }> {
    const res = await context.request.post(new URL(`/api/${channel}`, served.url).href, { data: body });
    return { status: res.status(), data: ((await res.json()) as { data: unknown }).data };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-audit-'));
    anchorDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-anchors-'));
    served = await serve(
      ['--sandbox', '--data-dir', dataDir, '--port', '0', '--user', 'e2e.admin', '--sync-every', '0'],
      // A headless host: the audit key from the environment; anchors configured by the admin's variable.
      {
        CLEARDESK_VAULT: 'env',
        CLEARDESK_AUDIT_KEY: 'the e2e audit key, 32 characters or more',
        CLEARDESK_AUDIT_ANCHOR_DIR: anchorDir,
      },
    );
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    expect((await context.request.get(served.url)).ok()).toBe(true);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(anchorDir, { recursive: true, force: true });
  });

  it('lists the anchor written after a sync, verifies against it, and finds the log cut short', async () => {
    expect((await call('sync.run', {})).status).toBe(200);
    expect(readdirSync(anchorDir)).toHaveLength(1);

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/', served.url).href);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /Audit trail/ })
      .click();

    const table = page.getByRole('table', { name: 'Audit anchors' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
    const row = table.locator('tbody tr').first();
    expect(await row.textContent()).toMatch(/#\d+.*[0-9a-f]{64}.*Sync run 1/);
    expect(await row.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await page.getByText(anchorDir).count()).toBeGreaterThan(0);

    const verify = page.getByRole('button', { name: 'Verify audit log' });
    const result = page.getByTestId('audit-verification');
    await verify.click();
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 }).toMatch(/Audit log intact/);
    expect(await result.textContent()).toContain('Held against the anchor of');

    // The tail cut, triggers dropped first and put back after, while ClearDesk runs.
    const db = new Database(join(dataDir, 'cleardesk.sqlite'));
    const triggers = db.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as {
      name: string;
      sql: string;
    }[];
    for (const t of triggers) db.exec(`drop trigger ${t.name}`);
    db.exec('delete from audit_log where seq > (select max(seq) - 2 from audit_log)');
    for (const t of triggers) db.exec(t.sql);
    db.close();

    await verify.click();
    await expect
      .poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/Audit log no longer holds its anchor/);
    expect(await result.textContent()).toMatch(/entries were removed from the end/);
    expect(errors).toEqual([]);
  });
});
