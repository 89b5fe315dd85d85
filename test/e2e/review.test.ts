// A clerk approves a proposal through the browser host's real UI, in real Chromium, and sees the
// SAP document number the (simulated) SAP system assigned. The screenshot of the review table is
// the one in the README.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';

class ReviewPage {
  constructor(readonly page: Page) {}
  table = () => this.page.getByRole('table', { name: 'Review queue' });
  rows = () => this.table().locator('tbody tr');
  approve = () => this.page.getByRole('button', { name: 'Approve and post' });
  sapDocument = () => this.page.getByTestId('sap-document');
}

describe('review queue in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  /** The signed-in page of the approval test (the link signs in once). */
  let signedIn: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-'));
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

  it('refuses the API without the session token', async () => {
    const base = new URL(served.url);
    const res = await fetch(new URL('/api/queue.list', base), {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    // 401: no session (issue 10); 403 is for a role that may not act.
    expect(res.status).toBe(401);
    const wrong = await fetch(new URL('/api/queue.list', base), {
      method: 'POST',
      body: '{}',
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('syncs, approves a proposal and shows the SAP document number', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    signedIn = page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    const review = new ReviewPage(page);
    await expect.poll(() => review.table().isVisible(), { timeout: 20_000 }).toBe(true);

    // Every text the header's sync status takes, recorded in the page as it changes.
    await page.evaluate(`(() => {
      const seen = (window.syncTexts = []);
      const status = document.querySelector('.sync-status');
      new MutationObserver(() => {
        seen.push((status.querySelector('progress') ? '[bar] ' : '') + (status.textContent ?? ''));
      }).observe(status, { childList: true, subtree: true, characterData: true });
    })()`);
    await page.getByRole('button', { name: /sync now/i }).click();
    await expect.poll(() => review.rows().count(), { timeout: 60_000 }).toBeGreaterThan(3);
    // While it ran, the header named the phase and its count (with a bar when the total was known).
    const syncTexts = await page.evaluate<string[]>('window.syncTexts');
    const seen = syncTexts.join(' | ');
    expect(
      syncTexts.some((t) => /^Syncing: PayTrace export pages fetched: \d+$/.test(t)),
      seen,
    ).toBe(true);
    expect(
      syncTexts.some((t) => /^\[bar\] Syncing: (PayTrace records ingested|payments matched): \d+ of \d+$/.test(t)),
      seen,
    ).toBe(true);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');

    await page.screenshot({ path: join(projectRoot, 'docs', 'review-queue.png') });

    // The first row with an automatic-tier proposal waiting for review.
    const candidate = review.rows().filter({ hasText: /auto/i }).first();
    await candidate.getByRole('button', { name: /^Open transaction/ }).click();
    await expect.poll(() => review.approve().isEnabled(), { timeout: 10_000 }).toBe(true);
    await review.approve().click();
    await expect
      .poll(async () => (await review.sapDocument().textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/\d{10}/);
    const documentText = (await review.sapDocument().textContent()) ?? '';
    await page.screenshot({ path: join(projectRoot, 'docs', 'review-posted.png') });
    expect(errors).toEqual([]);

    // The posting is in the store as the clerk approved it, with the same document number. The
    // link signed in once; the page's browser context holds the session cookie.
    const res = await page.request.post(new URL('/api/queue.list', served.url).href, {
      headers: { 'Content-Type': 'application/json' },
      data: { states: ['posted'] },
    });
    const body = (await res.json()) as {
      ok: boolean;
      data: { posting: { sapDocument: { BELNR: string } | null; approvedBy: string } }[];
    };
    expect(body.ok).toBe(true);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]!.posting.approvedBy).toBe('e2e.clerk');
    expect(documentText).toContain(body.data[0]!.posting.sapDocument!.BELNR);

    // The dead-letter queue shows the last sync and its log (the sandbox's PayTrace sends nothing broken).
    await page
      .getByRole('button', { name: /Dead-letter queue/ })
      .or(page.getByRole('link', { name: /Dead-letter queue/ }))
      .first()
      .click();
    const lastSync = page.getByRole('region', { name: 'Last sync' });
    await expect
      .poll(async () => (await lastSync.textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/^Last sync completed .*\(run \d+\): nothing to report/);
    await lastSync.locator('summary').click();
    await expect
      .poll(async () => (await lastSync.textContent()) ?? '')
      .toContain('Every record was read at the first try');
    expect(errors).toEqual([]);
  });

  it("renders only the rows on screen; the filter and sort are the store's, and the tabs count what the filter finds", async () => {
    const page = signedIn;
    await page.setViewportSize({ width: 1400, height: 700 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page
      .getByRole('button', { name: 'Review queue' })
      .or(page.getByRole('link', { name: 'Review queue' }))
      .first()
      .click();
    const review = new ReviewPage(page);
    const allTab = page.getByRole('tab', { name: /^All/ });
    await allTab.click();
    await expect.poll(() => review.rows().count(), { timeout: 20_000 }).toBeGreaterThan(3);
    const total = Number(await allTab.locator('.count').textContent());
    expect(total).toBeGreaterThan(50);
    // Virtualised: the table says how many rows there are, and holds only those near the screen. (Polled:
    // the tab's count can arrive before the All view's first window under load.)
    await expect
      .poll(async () => Number(await review.table().getAttribute('aria-rowcount')), { timeout: 10_000 })
      .toBe(total + 1);
    const rendered = await review
      .rows()
      .filter({ has: page.getByRole('button', { name: /^Open transaction/ }) })
      .count();
    expect(rendered).toBeLessThan(total);

    // Sort by amount: the store sorts, refunds as they are shown (negative); the header says which way. The whole
    // header cell sorts: a click at its far left, away from the right-aligned label.
    const amountHeader = page.getByRole('columnheader', { name: 'Amount' });
    await amountHeader.click({ position: { x: 4, y: 6 } });
    const amounts = async () =>
      (await review.rows().locator('td.right .amount').allTextContents())
        .slice(0, 5)
        .map((t) => (/^\s*[-\u2212]/.test(t) ? -1 : 1) * Number(t.replace(/[^\d.]/g, '')));
    await expect
      .poll(
        async () => {
          const way = await amountHeader.getAttribute('aria-sort');
          const a = await amounts();
          const sorted = a.every((x, i) => i === 0 || (way === 'ascending' ? a[i - 1]! <= x : a[i - 1]! >= x));
          return way !== null && a.length === 5 && sorted;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // Ascending, the refunds come first: they are shown negative and sorted so.
    await amountHeader.click({ position: { x: 4, y: 6 } });
    await expect
      .poll(
        async () => {
          const a = await amounts();
          const sorted = a.every((x, i) => i === 0 || a[i - 1]! <= x);
          return (
            (await amountHeader.getAttribute('aria-sort')) === 'ascending' && a.length === 5 && sorted && a[0]! < 0
          );
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    // Filter by a customer's name: every row shown has it, and the All tab counts the matches only.
    const name = ((await review.rows().first().locator('td').nth(3).locator('.primary').textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await page.getByRole('searchbox', { name: 'Filter transactions' }).fill(name.toLowerCase());
    await expect.poll(async () => Number(await allTab.locator('.count').textContent())).toBeLessThan(total);
    const shown = await review.rows().locator('td:nth-child(4)').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text.toLowerCase()).toContain(name.toLowerCase());
    expect(errors).toEqual([]);
  });

  it('a Closed tab holds what has nothing to post (declined, voided, authorisation only), counted and listed by the store', async () => {
    const page = signedIn;
    const review = new ReviewPage(page);
    await page.getByRole('searchbox', { name: 'Filter transactions' }).fill('');
    const closedTab = page.getByRole('tablist', { name: 'Queue state' }).getByRole('tab', { name: /^Closed/ });
    await closedTab.click();
    await expect.poll(() => closedTab.getAttribute('aria-selected')).toBe('true');
    // The store's count of closed payments (the sandbox declines some and only authorises others).
    const answer = await page.request.post(new URL('/api/queue.window', served.url).href, {
      headers: { 'Content-Type': 'application/json' },
      data: { states: ['closed'], offset: 0, limit: 1 },
    });
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { data: { total: number } };
    expect(body.data.total).toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await closedTab.locator('.count').textContent()), { timeout: 10_000 })
      .toBe(body.data.total);
    const opened = review.rows().filter({ has: page.getByRole('button', { name: /^Open transaction/ }) });
    await expect.poll(() => opened.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await opened.count()).toBeLessThanOrEqual(body.data.total);
    for (const text of await opened.allTextContents()) expect(text).toContain('Closed');
  });
});
