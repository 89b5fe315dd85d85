// Chargebacks in real Chromium on the browser host (issue 13): a processor's report imported with the CLI
// into the same store shows on the Chargebacks tab, one case matched to its sale by the transaction id and one
// unmatched with its candidate; alice (clerk) links it with a reason, and records a chargeback of another sale
// from its detail panel with the processor's fee, twice: the second time adds nothing. Then Report… downloads
// the chargebacks report as CSV: every case, the fee, totals per currency; and j/k/Enter/Esc on the cases.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisputeWindow, QueueRow } from '../../shared/api';
import { toDecimal } from '../../shared/money';
import { launchChromium } from '../support/browser';
import { projectRoot, runCliAsync, serve, type Served } from '../support/cli';

/** MM/DD/YYYY of an ISO instant, as US processors' reports write dates. */
const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

describe('chargebacks in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  async function call<T>(channel: string, body: unknown): Promise<{ status: number; data: T }> {
    const res = await context.request.post(new URL(`/api/${channel}`, served.url).href, {
      headers: { 'Content-Type': 'application/json' },
      data: body,
    });
    return { status: res.status(), data: ((await res.json()) as { data: T }).data };
  }

  const nav = (name: RegExp) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
  const cases = () => page.getByRole('table', { name: 'Chargeback cases' });
  const caseBody = (caseNumber: string) => cases().locator('tbody', { hasText: caseNumber });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-chargebacks-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'alice:clerk',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    expect((await context.request.get(served.url)).ok()).toBe(true);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows imported cases, links an unmatched one to its candidate, and records one by hand once', async () => {
    await page.goto(new URL('/', served.url).href);
    await expect
      .poll(() => page.getByRole('table', { name: 'Review queue' }).isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect((await call('sync.run', {})).status).toBe(200);
    const sales = (await call<QueueRow[]>('queue.list', {})).data.filter(
      (r) => r.kind === 'sale' && r.amount.minor > 100 && /\d{4}$/.test(r.maskedCard),
    );
    expect(sales.length, 'sales in the demo scenario').toBeGreaterThan(3);
    const [byId, byCard, byHand] = sales;

    // A processor's report: one case naming its PayTrace transaction, one giving only the card and date
    // with an amount no sale has (a partial dispute the report gives no original amount for).
    const reportDir = join(dataDir, 'reports');
    mkdirSync(reportDir);
    const report = join(reportDir, 'disputes.csv');
    const odd = { minor: byCard!.amount.minor - 1, currency: byCard!.amount.currency };
    writeFileSync(
      report,
      [
        'Case Number,Type,Status,Dispute Amount,Currency,Card Brand,Reason Code,Card Number,Transaction Date,Due Date,Transaction ID',
        `E2E-ID-1,First Chargeback,Open,${toDecimal(byId!.amount)},${byId!.amount.currency},VISA,10.4,************${byId!.maskedCard.slice(-4)},${usDate(byId!.createdAt)},01/15/2099,${byId!.transactionId}`,
        `E2E-CARD-2,First Chargeback,Open,${toDecimal(odd)},${odd.currency},VISA,13.1,************${byCard!.maskedCard.slice(-4)},${usDate(byCard!.createdAt)},01/02/2000,`,
      ].join('\n'),
    );
    const imported = await runCliAsync([
      'chargebacks',
      'import',
      '--file',
      report,
      '--data-dir',
      dataDir,
      '--sandbox',
      '--json',
    ]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 2, matched: 1, unmatched: 1, rejected: 0 });

    await nav(/^Chargebacks/).click();
    await expect.poll(() => cases().locator('tbody').count(), { timeout: 20_000 }).toBe(2);
    // Overdue first (its respond-by date has passed and it is open), then the next due.
    expect(await cases().locator('tbody').first().textContent()).toContain('E2E-CARD-2');
    expect(await caseBody('E2E-CARD-2').textContent()).toMatch(/Overdue.*Unmatched/s);
    expect(await caseBody('E2E-CARD-2').textContent()).toContain('13.1');
    expect(await caseBody('E2E-ID-1').textContent()).toContain(`Sale ${byId!.transactionId}`);
    expect(await caseBody('E2E-ID-1').textContent()).toContain('Other fraud');
    expect(await page.getByRole('tab', { name: /Unmatched/ }).textContent()).toBe('Unmatched1');

    // Alice links the unmatched case to its candidate, with a reason.
    await caseBody('E2E-CARD-2')
      .getByRole('button', { name: `Link case E2E-CARD-2 to sale ${byCard!.transactionId}` })
      .click();
    const link = page.getByRole('dialog', { name: `Link case E2E-CARD-2 to sale ${byCard!.transactionId}` });
    await link.getByLabel(/^Reason/).fill('The processor confirmed the sale by phone');
    await link.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => caseBody('E2E-CARD-2').textContent(), { timeout: 10_000 }).toContain('linked by a clerk');
    expect(await caseBody('E2E-CARD-2').textContent()).toContain(`Sale ${byCard!.transactionId}`);
    expect(await caseBody('E2E-CARD-2').textContent()).not.toContain('Link…');
    expect(await page.getByRole('tab', { name: /Unmatched/ }).textContent()).toBe('Unmatched0');

    // From a sale's detail panel in the review queue: Record chargeback, then the same again.
    await nav(/^Review queue/).click();
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByLabel('Filter transactions').fill(String(byHand!.transactionId));
    const open = page.getByRole('button', { name: `Open transaction ${byHand!.transactionId}` });
    await expect.poll(() => open.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await open.click();
    for (const expected of ['Recorded', 'already recorded']) {
      await page.getByRole('button', { name: 'Record chargeback…' }).click();
      const dialog = page.getByRole('dialog', { name: `Record a chargeback of sale ${byHand!.transactionId}` });
      await dialog.getByLabel('Processor').fill('North');
      await dialog.getByLabel('Case number').fill('E2E-HAND-3');
      await dialog.getByLabel('Stage').selectOption('chargeback');
      await dialog.getByLabel('Reason code').fill('13.1');
      await dialog.getByLabel(/^Disputed amount/).fill(toDecimal({ minor: 100, currency: byHand!.amount.currency }));
      await dialog.getByLabel(/^Chargeback fee/).fill(toDecimal({ minor: 25, currency: byHand!.amount.currency }));
      await dialog.getByLabel('Respond by').fill('2099-02-01');
      await dialog.getByRole('button', { name: 'Record chargeback' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 10_000 }).toContain(expected);
      await dialog.getByRole('button', { name: 'Close' }).click();
    }

    await nav(/^Chargebacks/).click();
    await expect.poll(() => cases().locator('tbody').count(), { timeout: 10_000 }).toBe(3);
    expect(await caseBody('E2E-HAND-3').textContent()).toMatch(/entered by hand/);
    expect(await caseBody('E2E-HAND-3').textContent()).toContain(`Sale ${byHand!.transactionId}`);
    const window = (await call<DisputeWindow>('chargebacks.window', { offset: 0, limit: 10 })).data;
    expect(window).toMatchObject({ total: 3, counts: { matched: 3, unmatched: 0 } });
    expect(window.rows.find((r) => r.caseNumber === 'E2E-HAND-3')).toMatchObject({
      processor: 'north',
      source: 'manual',
      amount: { minor: 100 },
      match: { state: 'matched', transactionId: byHand!.transactionId },
    });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'chargebacks.png') });

    // Report…: the chargebacks report as CSV, downloaded; the three cases, their totals, the fee entered by hand.
    await page.getByRole('button', { name: 'Report…' }).click();
    const reportDialog = page.getByRole('dialog', { name: 'Chargebacks report' });
    await reportDialog.getByLabel('Received from').fill('2000-01-01');
    await reportDialog.getByLabel('Received to').fill('2099-12-31');
    await reportDialog.getByLabel('Format').selectOption('csv');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      reportDialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cleardesk-chargebacks_2000-01-01_2099-12-31.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const fee = toDecimal({ minor: 25, currency: byHand!.amount.currency });
    expect(csv.split('\r\n').find((l) => l.includes('E2E-HAND-3'))).toContain(`,${fee},`);
    const totals = csv.split('\r\n').filter((l) => l.startsWith('Total,'));
    expect(totals.length).toBeGreaterThan(0);
    // Every case is open: per currency the open count is the total count.
    expect(totals.reduce((n, l) => n + Number(l.split(',')[11]), 0)).toBe(3);
    for (const l of totals) expect(l.split(',')[3]).toBe(l.split(',')[11]);
    await expect
      .poll(() => reportDialog.getByRole('status').textContent(), { timeout: 10_000 })
      .toContain('Downloaded');
    await reportDialog.getByRole('button', { name: 'Close' }).click();

    // The keyboard: j makes the first case (nearest respond-by date) current, Enter opens its SAP posting, Esc
    // closes the dialog and then leaves the case; k stays on the first.
    await expect.poll(() => reportDialog.isVisible(), { timeout: 10_000 }).toBe(false);
    await page.keyboard.press('j');
    await expect.poll(() => caseBody('E2E-CARD-2').getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
    await page.keyboard.press('j');
    await expect.poll(() => caseBody('E2E-ID-1').getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(() => caseBody('E2E-CARD-2').getAttribute('aria-current'), { timeout: 10_000 }).toBe('true');
    await page.keyboard.press('Enter');
    const postingDialog = page.getByRole('dialog', { name: /Posting for case E2E-CARD-2/ });
    await expect.poll(() => postingDialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => postingDialog.isVisible(), { timeout: 10_000 }).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => cases().locator('tbody[aria-current]').count(), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
