// Bulk approval through the browser host's real UI, in real Chromium, against the sandbox: the
// clerk filters the queue, ticks rows (a shift-click range), selects all that match the filter,
// reads the summary (counts, totals per company code and currency, four eyes), sends it, and sees
// a result per row. The store then holds exactly the postings the results name. The screenshot of
// the summary is docs/screenshots/bulk.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';

describe('bulk approval in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-bulk-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'e2e.clerk',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('filters, selects all matching, reads the summary, approves, and sees a result per row', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    const table = page.getByRole('table', { name: 'Review queue' });
    await expect.poll(() => table.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: /sync now/i }).click();
    const rows = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: /^Open transaction/ }) });
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    const reviewTab = page.getByRole('tab', { name: /^To review/ });
    await reviewTab.click();
    const reviewTotal = Number(await reviewTab.locator('.count').textContent());

    // A shift-click ticks a range of rows.
    const boxes = table.getByRole('checkbox', { name: /^Select transaction/ });
    await boxes.nth(0).click();
    await boxes.nth(3).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await expect.poll(async () => (await bar.textContent()) ?? '').toContain('4 payments selected');
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(() => bar.isVisible()).toBe(false);

    // Filter to the automatic tier's customers: the first auto row's customer name.
    const autoRow = rows.filter({ hasText: /auto/i }).first();
    const name = ((await autoRow.locator('td').nth(3).locator('.primary').textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await page.getByRole('searchbox', { name: 'Filter transactions' }).fill(name);
    await expect.poll(async () => Number(await reviewTab.locator('.count').textContent())).toBeLessThan(reviewTotal);
    const matching = Number(await reviewTab.locator('.count').textContent());
    expect(matching).toBeGreaterThan(0);

    expect(matching).toBeGreaterThan(1);
    // One row ticked, then the whole filtered view (loaded or not) with "Select all N matching".
    await boxes.nth(0).click();
    await bar.getByRole('button', { name: `Select all ${matching} matching` }).click();
    await expect
      .poll(async () => (await bar.textContent()) ?? '')
      .toContain(`All ${matching} payments matching this view selected`);
    expect(await page.getByRole('checkbox', { name: 'Select the shown rows' }).isChecked()).toBe(true);
    await bar.getByRole('button', { name: /^Approve \d+ payments?…$/ }).click();

    const dialog = page.getByRole('dialog', { name: 'Approve the selected payments?' });
    const totals = dialog.getByRole('table', { name: 'Totals per company code and currency' });
    await expect.poll(() => totals.isVisible(), { timeout: 20_000 }).toBe(true);
    const totalRows = await totals.locator('tbody tr').allTextContents();
    expect(totalRows.length).toBeGreaterThan(0);
    for (const r of totalRows) expect(r).toMatch(/^\d{4}[A-Z]{3}\d+[\d,]+\.\d{2} [A-Z]{3}$/);
    const summaryText = (await dialog.textContent()) ?? '';
    const [, post, prepare] = /(\d+) posted to SAP now.*?(\d+) prepared/.exec(summaryText)!.map(Number);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'bulk.png') });

    await dialog.getByRole('button', { name: /^(Post|Prepare)/ }).click();
    const results = page.getByRole('table', { name: 'Result per payment' });
    await expect.poll(() => results.isVisible(), { timeout: 60_000 }).toBe(true);
    const outcomes = await results.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(outcomes).toHaveLength(matching);
    expect(outcomes.filter((o) => o === 'Posted')).toHaveLength(post!);
    expect(outcomes.filter((o) => o === 'Prepared')).toHaveLength(prepare!);
    const postedIds = (
      await results.locator('tbody tr', { hasText: 'Posted' }).locator('td:nth-child(1)').allTextContents()
    ).map(Number);
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'bulk-results.png') });
    await page.getByRole('button', { name: 'Close' }).click();

    // The store holds one posting per posted row, each with an SAP document, approved by the clerk.
    const res = await page.request.post(new URL('/api/queue.list', served.url).href, {
      headers: { 'Content-Type': 'application/json' },
      data: { states: ['posted'] },
    });
    const body = (await res.json()) as {
      data: { transactionId: number; posting: { sapDocument: { BELNR: string } | null; approvedBy: string } }[];
    };
    const inStore = body.data.filter((r) => postedIds.includes(r.transactionId));
    expect(inStore).toHaveLength(postedIds.length);
    for (const r of inStore) {
      expect(r.posting.approvedBy).toBe('e2e.clerk');
      expect(r.posting.sapDocument?.BELNR).toMatch(/^\d{10}$/);
    }
    expect(errors).toEqual([]);
  }, 180_000);
});
