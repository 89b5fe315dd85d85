// The review queue from the keyboard only, in real Chromium against the browser host: j/k move,
// Enter opens, `a` approves and posts, Escape closes, `/` filters, `?` shows the shortcut overlay
// (the screenshot in the README), the tabs take the arrow keys; a "No match" row offers no Approve
// and says why; a payment parked with `p` comes back with `u` (Unpark), one ignored with `i` too (Back to
// review). Nothing is clicked.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueRow } from '../../shared/api';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';

describe('the review queue from the keyboard', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const queue = () => page.getByRole('table', { name: 'Review queue' });
  const rowButtons = () => queue().getByRole('button', { name: /^Open transaction/ });
  const detail = (id: number) => page.getByRole('complementary', { name: `Transaction ${id}` });
  const focusedName = () => page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''");

  async function api<T>(channel: string, body: unknown): Promise<T> {
    const res = await page.request.post(new URL(`/api/${channel}`, served.url).href, {
      headers: { 'Content-Type': 'application/json' },
      data: body,
    });
    const json = (await res.json()) as { ok: boolean; data: T; error?: { message: string } };
    if (!json.ok) throw new Error(`${channel}: ${json.error?.message}`);
    return json.data;
  }

  /** `/`, the transaction id, Escape: the queue shows that payment only, and the keys are the queue's again. */
  async function filterTo(id: number) {
    await page.keyboard.press('/');
    expect(await focusedName()).toBe('Filter transactions');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(id));
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => (await rowButtons().allTextContents()).map((t) => t.trim()), { timeout: 10_000 })
      .toEqual([String(id)]);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-keys-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'kim.clerk',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await queue().waitFor({ timeout: 20_000 });
    await api('sync.run', {});
    await rowButtons().nth(3).waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('j/k move, Enter opens, a approves and posts, Escape closes, ? shows the shortcuts', async () => {
    // j/k move the keyboard's row without opening it.
    const ids = (await rowButtons().allTextContents()).slice(0, 3).map((t) => t.trim());
    await page.keyboard.press('j');
    await expect.poll(focusedName).toBe(`Open transaction ${ids[0]}`);
    await page.keyboard.press('j');
    await expect.poll(focusedName).toBe(`Open transaction ${ids[1]}`);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedName).toBe(`Open transaction ${ids[2]}`);
    await page.keyboard.press('k');
    await expect.poll(focusedName).toBe(`Open transaction ${ids[1]}`);
    // x ticks the keyboard's row for a bulk action, and again unticks it.
    const box = page.getByRole('checkbox', { name: `Select transaction ${ids[1]}` });
    await page.keyboard.press('x');
    await expect.poll(() => box.isChecked()).toBe(true);
    await page.keyboard.press('x');
    await expect.poll(() => box.isChecked()).toBe(false);
    expect(await page.getByRole('complementary').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => detail(Number(ids[1])).isVisible()).toBe(true);
    // With the detail open, it follows the keyboard's row.
    await page.keyboard.press('k');
    await expect.poll(() => detail(Number(ids[0])).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    await expect.poll(focusedName).toBe(`Open transaction ${ids[0]}`);

    // An automatic-tier proposal one person may post: found with `/`, opened, approved with `a`.
    const rows = await api<QueueRow[]>('queue.list', { states: ['review'] });
    const ready = rows.find(
      (r) => r.proposal?.tier === 'auto' && r.proposal.companyCode && !(r.proposal.secondApproval ?? []).length,
    )!;
    expect(ready).toBeDefined();
    await filterTo(ready.transactionId);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const approve = detail(ready.transactionId).getByRole('button', { name: 'Approve and post' });
    await expect.poll(() => approve.isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('a');
    await expect
      .poll(async () => (await page.getByTestId('sap-document').textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/\d{10}/);
    expect((await api<QueueRow[]>('queue.list', { states: ['posted'] })).map((r) => r.transactionId)).toContain(
      ready.transactionId,
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    // Back on the row it was opened from (a frame later: a key pressed before then keeps its own focus).
    await expect.poll(focusedName).toBe(`Open transaction ${ready.transactionId}`);

    // Typing in the filter is typing: `j` and `a` go into the box, not to the queue. (`/` is pressed until the
    // box has focus: right after an approval the queue may still be reloading its window on a loaded machine.)
    await expect
      .poll(
        async () => {
          await page.keyboard.press('/');
          return page.evaluate<string>("document.activeElement?.getAttribute('type') ?? ''");
        },
        { timeout: 10_000 },
      )
      .toBe('search');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('ja');
    expect(await page.getByRole('searchbox', { name: 'Filter transactions' }).inputValue()).toBe('ja');
    expect(await page.getByRole('complementary').count()).toBe(0);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');

    // Esc in the filter gives the focus back to the keyboard's row, not to the page.
    await expect.poll(focusedName).toMatch(/^Open transaction \d+$/);
    const rowBefore = await focusedName();
    // `?` lists the keys; Escape closes only the overlay, and the focus is back on that row.
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => overlay.isVisible()).toBe(true);
    const keys = overlay.getByRole('table', { name: 'Keyboard shortcuts' });
    expect(await keys.getByRole('row').count()).toBeGreaterThan(10);
    expect(await keys.textContent()).toContain('Approve the open payment');
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'keyboard.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
    await expect.poll(focusedName).toBe(rowBefore);
    expect(errors).toEqual([]);
  });

  it('a No match row offers Correct match, not an Approve that fails; the disabled Save says why', async () => {
    const rows = await api<QueueRow[]>('queue.list', { states: ['review'] });
    const none = rows.find((r) => r.proposal && !r.proposal.companyCode && r.kind === 'sale');
    expect(none, 'the sandbox has a No match sale').toBeDefined();
    await filterTo(none!.transactionId);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const panel = detail(none!.transactionId);
    await expect
      .poll(() => panel.getByRole('button', { name: 'Correct match' }).isEnabled(), { timeout: 10_000 })
      .toBe(true);
    expect(await panel.getByRole('button', { name: 'Approve and post' }).isDisabled()).toBe(true);
    expect(await panel.textContent()).toContain('No match: no customer or company code to post into');
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'no-match.png') });
    // `a` does nothing here; `c` opens the correction dialog, whose Save says in words why it is disabled.
    await page.keyboard.press('a');
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: `Correct match for transaction ${none!.transactionId}` });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain('Save is disabled: Pick at least one open item.');
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'no-match-correct.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await panel.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect((await api<QueueRow[]>('queue.list', { states: ['review'] })).map((r) => r.transactionId)).toContain(
      none!.transactionId,
    );
    expect(errors).toEqual([]);
  });

  it('parks with p, finds it with the tab keys and unparks it with u', async () => {
    const rows = await api<QueueRow[]>('queue.list', { states: ['review'] });
    // One that needs no second person once back in review, so its button says "Approve and post".
    const target = rows.find((r) => r.proposal?.companyCode && !(r.proposal.secondApproval ?? []).length)!;
    await filterTo(target.transactionId);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const panel = detail(target.transactionId);
    await expect.poll(() => panel.getByRole('button', { name: 'Park' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('p');
    const reason = page.getByRole('dialog', { name: `Park transaction ${target.transactionId}` });
    await expect.poll(() => reason.isVisible()).toBe(true);
    await page.keyboard.type('customer calls back on Monday');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => reason.count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () => (await api<QueueRow[]>('queue.list', { states: ['parked'] })).map((r) => r.transactionId))
      .toContain(target.transactionId);
    await page.keyboard.press('Escape');

    // The tabs: one tab stop (roving tabindex), the arrows move along them.
    const tablist = page.getByRole('tablist', { name: 'Queue state' });
    expect(await tablist.locator('[tabindex="0"]').count()).toBe(1);
    await tablist.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const parkedTab = tablist.getByRole('tab', { name: /^Parked\/Ignored/ });
    await expect.poll(() => parkedTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('tab-parked');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => parkedTab.getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => parkedTab.getAttribute('aria-selected')).toBe('true');

    await expect.poll(() => rowButtons().count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const unpark = panel.getByRole('button', { name: 'Unpark' });
    await expect.poll(() => unpark.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await panel.getByRole('button', { name: 'Approve and post' }).isDisabled()).toBe(true);
    await page.keyboard.press('u');
    await expect
      .poll(async () => (await panel.textContent()) ?? '', { timeout: 10_000 })
      .toContain('Unparked: back to review');
    await expect
      .poll(async () => (await api<QueueRow[]>('queue.list', { states: ['review'] })).map((r) => r.transactionId))
      .toContain(target.transactionId);
    await expect.poll(() => panel.getByRole('button', { name: 'Approve and post' }).isEnabled()).toBe(true);
    expect(await panel.getByRole('button', { name: 'Unpark' }).count()).toBe(0);

    // Ignored with `i`, it comes back the same way with `u` (Back to review), not by parking it first.
    await page.keyboard.press('i');
    const ignore = page.getByRole('dialog', { name: `Ignore transaction ${target.transactionId}` });
    await expect.poll(() => ignore.isVisible()).toBe(true);
    await page.keyboard.type('test payment, by mistake');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => ignore.count(), { timeout: 10_000 }).toBe(0);
    const back = panel.getByRole('button', { name: 'Back to review' });
    await expect.poll(() => back.isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('u');
    await expect
      .poll(async () => (await panel.textContent()) ?? '', { timeout: 10_000 })
      .toContain('No longer ignored: back to review');
    await expect
      .poll(async () => (await api<QueueRow[]>('queue.list', { states: ['review'] })).map((r) => r.transactionId))
      .toContain(target.transactionId);
    expect(errors).toEqual([]);
  });
});
