// Views of the queue through the browser host's real UI, in real Chromium, against the sandbox: the
// clerk filters the queue, exports the view as CSV (read back: the rows queue.window gives for the
// same view, every one of them), saves the view, reloads, and applies it again from the Views menu;
// a column hidden with the chooser loses its header and stays hidden after a reload.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/cli';
import { ReviewScreen } from '../support/people';

describe('views of the queue in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-views-'));
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

  it('filters, exports the whole view as CSV, saves the view and applies it after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    const screen = new ReviewScreen(page);
    await expect.poll(() => screen.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: /sync now/i }).click();
    const rows = screen
      .queue()
      .locator('tbody tr')
      .filter({ has: page.getByRole('button', { name: /^Open transaction/ }) });
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(3);

    const window = async (data: object) => {
      const res = await page.request.post(new URL('/api/queue.window', served.url).href, {
        headers: { 'Content-Type': 'application/json' },
        data: { ...data, offset: 0, limit: 500 },
      });
      return ((await res.json()) as { data: { rows: { transactionId: number; billingName: string }[] } }).data.rows;
    };
    // A word of a billing name the sandbox has: the filter the clerk types.
    const named = (await window({})).find((r) => /[A-Za-z]{4,}/.test(r.billingName));
    expect(named).toBeDefined();
    const text = /[A-Za-z]{4,}/.exec(named!.billingName)![0].toLowerCase();
    const expected = (await window({ text })).map((r) => r.transactionId);
    expect(expected.length).toBeGreaterThan(0);

    const allCount = async () => Number(await screen.tab(/^All/).locator('.count').textContent());
    await screen.tab(/^All/).click();
    await page.getByRole('searchbox', { name: 'Filter transactions' }).fill(text);
    // The All tab counts the whole view (the table renders only the rows on screen).
    await expect.poll(() => allCount(), { timeout: 20_000 }).toBe(expected.length);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cleardesk-queue_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const records = parse(csv, { bom: true }) as string[][];
    expect(records[0]![0]).toBe('Transaction');
    expect(records[0]).toContain('Currency');
    expect(records.slice(1).map((r) => Number(r[0]))).toEqual(expected);

    // Save the view, reload (the queue starts on To review, unfiltered), apply it again.
    await page.getByText('Views', { exact: true }).click();
    await page.getByRole('textbox', { name: 'Name of this view' }).fill('E2E filtered');
    await page.getByRole('button', { name: 'Save view' }).click();
    const saved = page
      .getByRole('group', { name: 'Saved views' })
      .getByRole('button', { name: 'E2E filtered', exact: true });
    await expect.poll(() => saved.isVisible(), { timeout: 10_000 }).toBe(true);

    await page.reload();
    await expect.poll(() => screen.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Filter transactions' }).inputValue()).toBe('');
    await page.getByText('Views', { exact: true }).click();
    await saved.click();
    await expect
      .poll(() => page.getByRole('searchbox', { name: 'Filter transactions' }).inputValue(), { timeout: 10_000 })
      .toBe(text);
    // Its choice made, the menu closes.
    await expect.poll(() => saved.isVisible()).toBe(false);
    expect(await screen.tab(/^All/).getAttribute('aria-selected')).toBe('true');
    // The All tab counts the whole view (the table renders only the rows on screen).
    await expect.poll(() => allCount(), { timeout: 20_000 }).toBe(expected.length);

    // Deleting a view asks once more: Keep leaves it, Delete removes it.
    await page.getByText('Views', { exact: true }).click();
    const menu = page.getByRole('group', { name: 'Saved views' });
    await menu.getByRole('button', { name: 'Delete view E2E filtered', exact: true }).click();
    await menu.getByRole('button', { name: 'Keep' }).click();
    expect(await saved.isVisible()).toBe(true);
    await menu.getByRole('button', { name: 'Delete view E2E filtered', exact: true }).click();
    await menu.getByRole('button', { name: 'Delete view E2E filtered for good' }).click();
    await expect.poll(() => saved.count(), { timeout: 10_000 }).toBe(0);
    await page.getByText('Views', { exact: true }).click();

    // The column chooser: a hidden column's header goes, and stays gone after a reload.
    const invoiceHeader = screen.queue().getByRole('columnheader', { name: 'Invoice' });
    expect(await invoiceHeader.count()).toBe(1);
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Invoice', exact: true }).uncheck();
    await expect.poll(() => invoiceHeader.count(), { timeout: 10_000 }).toBe(0);
    await page.reload();
    await expect.poll(() => screen.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    // Every column shows until the user's choice is read; then Invoice goes again.
    await expect.poll(() => invoiceHeader.count(), { timeout: 10_000 }).toBe(0);
    expect(await screen.queue().getByRole('columnheader', { name: 'Amount' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
