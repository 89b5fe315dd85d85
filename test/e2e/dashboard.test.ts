// The dashboard in real Chromium against `cleardesk serve --sandbox` after a sync: every chart is
// there under its accessible name with bars or points drawn from the store's figures, the layout
// fits 1024 px without scrolling sideways, and clicking a bar (and an unapplied-cash tile) opens
// the review queue narrowed to exactly the payments the figure counts. The screenshot is
// docs/screenshots/dashboard.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary, QueueRow } from '../../shared/api';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

const CHARTS = [
  'Automatic-match rate',
  'First-time-right rate',
  /^Amounts by state per day \([A-Z]{3}\)$/,
  /^Amounts by state per settlement batch \([A-Z]{3}\)$/,
  /^Aging of open items in SAP \([A-Z]{3}\)$/,
  /^Aging of the review queue \([A-Z]{3}\)$/,
  'Sync volume and dead letters',
  'Learned confidence against approvals',
];

describe('the dashboard', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-dashboard-'));
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
    people = new People(browser, { width: 1024, height: 1500 });
    await people.signIn('clerk', served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows every chart by name, fits 1024 px, and drills down into the filtered queue', async () => {
    const review = await people.open('clerk');
    const { page } = review;
    await page.getByRole('button', { name: /sync now/i }).click();
    const rows = review.queue().getByRole('button', { name: /^Open transaction/ });
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBeGreaterThan(3);

    // One approval, so the first-time-right rate has a day to draw.
    const waitingRows = (await people.call<QueueRow[]>('clerk', 'queue.list', { states: ['review'] })).data;
    const sale = waitingRows.find(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.companyCode &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(sale, 'a sale one person may approve').toBeDefined();
    const approved = await people.call('clerk', 'proposal.approve', {
      transactionId: sale!.transactionId,
      proposalId: sale!.proposal!.id,
    });
    expect(approved.status, approved.error?.message).toBe(200);

    const summary = (await people.call<DashboardSummary>('clerk', 'dashboard.summary', {})).data;
    const waiting = summary.queueAging.filter((r) => r.bucket === '0-30');
    expect(waiting.length).toBeGreaterThan(0);
    // The dashboard's currency is the one with most payments.
    const counts = new Map<string, number>();
    for (const r of summary.stateByDay) counts.set(r.currency, (counts.get(r.currency) ?? 0) + r.count);
    const currency = [...counts].sort((a, b) => b[1] - a[1])[0]![0];

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click();
    for (const name of CHARTS) {
      const figure = page.getByRole('figure', { name });
      await expect.poll(() => figure.isVisible(), { timeout: 20_000, message: String(name) }).toBe(true);
      // Drawn: an SVG surface with bars or a line in it.
      await expect
        .poll(() => figure.locator('.recharts-bar-rectangle path, .recharts-line-curve').count(), {
          timeout: 10_000,
          message: String(name),
        })
        .toBeGreaterThan(0);
    }
    // The learned model's calibration: the one approval is in the bin of its predicted probability.
    const bin = Math.min(9, Math.floor(sale!.proposal!.explanation!.probability * 10));
    const table = page.getByRole('table', { name: 'Learned confidence against approvals, per bin' });
    const filled = summary.reliability.bins.filter((b) => b.count > 0);
    expect(filled.find((b) => b.from === bin * 100)?.approved).toBeGreaterThanOrEqual(1);
    const binRows = table.locator('tbody tr');
    await expect.poll(() => binRows.count(), { timeout: 10_000 }).toBe(filled.length);
    for (const [i, b] of filled.entries()) {
      expect(await binRows.nth(i).locator('td').first().textContent()).toContain(`${b.from / 10}–${b.to / 10} %`);
      expect(await binRows.nth(i).locator('td').last().textContent()).toBe(
        `${b.approved} (${Math.round((b.approved * 100) / b.count)} %)`,
      );
    }
    const unapplied = page.getByRole('region', { name: 'Unapplied cash' });
    expect(await unapplied.isVisible()).toBe(true);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'dashboard.png') });
    // Usable at 1024 px: nothing scrolls sideways.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);

    // The review queue's aging: every sandbox payment is of the last two weeks, so one bar (0-30 days).
    const expected = waiting.find((r) => r.currency === currency)!.count;
    const queueAging = page.getByRole('figure', { name: `Aging of the review queue (${currency})` });
    const bars = queueAging.locator('.recharts-bar-rectangle path');
    expect(await bars.count()).toBe(1);
    await bars.first().click();
    const chip = page.getByText(`Waiting 0–30 days, ${currency}`);
    await expect.poll(() => chip.isVisible(), { timeout: 20_000 }).toBe(true);
    const allTab = review.tab(/^All/);
    expect(await allTab.getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(async () => Number(await allTab.locator('.count').textContent()), { timeout: 20_000 })
      .toBe(expected);
    // Only waiting states are in the drilled view: the posted and closed tabs count none.
    expect(
      Number(
        await review
          .tab(/^Posted/)
          .locator('.count')
          .textContent(),
      ),
    ).toBe(0);
    expect(
      Number(
        await review
          .tab(/^Closed/)
          .locator('.count')
          .textContent(),
      ),
    ).toBe(0);

    // The chip takes the drill away: the whole queue again.
    const total = Object.values(
      (await people.call<{ counts: Record<string, number> }>('clerk', 'queue.window', { offset: 0, limit: 1 })).data
        .counts,
    ).reduce((n, c) => n + c, 0);
    await page.getByRole('button', { name: `Show the whole queue, not only Waiting 0–30 days, ${currency}` }).click();
    await expect
      .poll(async () => Number(await allTab.locator('.count').textContent()), { timeout: 20_000 })
      .toBe(total);

    // The keyboard's way to the same drill: the chart's table, its row's button, Enter.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click();
    const agingFigure = page.getByRole('figure', { name: `Aging of the review queue (${currency})` });
    await agingFigure.getByText('Show as table').click();
    const agingTable = agingFigure.getByRole('table', { name: `Aging of the review queue (${currency})` });
    expect(await agingTable.getByRole('row').count()).toBe(2);
    const openRow = agingTable.getByRole('button', {
      name: new RegExp(`^Open 0–30 days, .*, ${expected} in the queue$`),
    });
    await openRow.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => chip.isVisible(), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(async () => Number(await allTab.locator('.count').textContent()), { timeout: 20_000 })
      .toBe(expected);
    await page.getByRole('button', { name: `Show the whole queue, not only Waiting 0–30 days, ${currency}` }).click();

    // An unapplied-cash tile opens that currency's unapplied sales.
    const tile = summary.unapplied.find((u) => u.currency === currency)!;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Dashboard' }).click();
    await page
      .getByRole('button', {
        name: new RegExp(`^Unapplied ${currency}: .* in ${tile.count} sales?; open them in the queue$`),
      })
      .click();
    await expect.poll(() => page.getByText(`Unapplied ${currency} sales`).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(async () => Number(await allTab.locator('.count').textContent()), { timeout: 20_000 })
      .toBe(tile.count);
    expect(people.errors).toEqual([]);
  });
});
