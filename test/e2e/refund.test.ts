// Refunds with four eyes in real Chromium, two people on one browser host: alice (clerk) prepares
// a refund of a settled sale in her page, bob (approver) approves it in his, and both see it
// refunded with the refund's PayTrace transaction id.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueRow, RefundRequest, TransactionDetail } from '../../shared/api';
import { toDecimal } from '../../shared/money';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';

class AppPage {
  constructor(readonly page: Page) {}
  queue = () => this.page.getByRole('table', { name: 'Review queue' });
  refunds = () => this.page.getByRole('table', { name: 'Refund requests' });
  nav = (name: RegExp) => this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
  refundRow = (id: number) => this.refunds().locator(`tr[data-refund-id="${id}"]`);
}

/** Each person's browser, signed in with their one-time link (the session cookie lives in it). */
const contexts = new Map<string, BrowserContext>();

async function call<T>(url: string, channel: string, body: unknown): Promise<{ status: number; data: T }> {
  const context = contexts.get(url)!;
  const res = await context.request.post(new URL(`/api/${channel}`, url).href, {
    headers: { 'Content-Type': 'application/json' },
    data: body,
  });
  const json = (await res.json()) as { data: T };
  return { status: res.status(), data: json.data };
}

describe('refunds with four eyes in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-refund-'));
    // The scenario's last day stays unsettled (PayTrace settles each day at 04:00 UTC the next morning), and its
    // payments come in from 16:00 UTC: starting it 14 days back makes that day yesterday, so an unsettled sale
    // exists at any hour of the day (as reversal.test.ts does).
    mkdirSync(join(dataDir, 'sandbox'), { recursive: true });
    const startDate = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(join(dataDir, 'sandbox', 'sandbox.json'), JSON.stringify({ seed: 1, startDate }));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'alice:clerk',
      '--user',
      'bob:approver',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    // A link signs in once: trade each for a session in that person's own browser context.
    for (const link of Object.values(served.users)) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      expect((await context.request.get(link)).ok()).toBe(true);
      contexts.set(link, context);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives each person a link of their own, and the core knows who is who', async () => {
    expect(Object.keys(served.users)).toEqual(['alice', 'bob']);
    expect(served.url).toBe(served.users.alice);
    expect((await call<{ user: string; roles: string[] }>(served.users.alice!, 'session.info', {})).data).toMatchObject(
      { user: 'alice', roles: ['clerk'] },
    );
    expect((await call<{ user: string; roles: string[] }>(served.users.bob!, 'session.info', {})).data).toMatchObject({
      user: 'bob',
      roles: ['approver'],
    });
  });

  it('alice prepares a refund of a settled sale, bob approves it, and both see it refunded with the PayTrace refund id', async () => {
    const errors: string[] = [];
    const open = async (url: string) => {
      const page = await contexts.get(url)!.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(new URL('/', url).href);
      return new AppPage(page);
    };

    // Alice syncs and picks a settled sale waiting for review.
    const alice = await open(served.users.alice!);
    await expect.poll(() => alice.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    // The header shows who this page acts as, and with which roles (session.info).
    await expect.poll(() => alice.page.locator('header .user').textContent()).toBe('Aaliceclerk');
    await alice.page.getByRole('button', { name: /sync now/i }).click();
    await expect.poll(() => alice.queue().locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(3);
    const rows = (await call<QueueRow[]>(served.users.alice!, 'queue.list', { states: ['review'] })).data;
    const sale = rows.find((r) => r.kind === 'sale' && r.status === 'settled' && r.amount.minor >= 200);
    expect(sale, 'a settled sale waiting for review in the demo scenario').toBeDefined();
    const half = { minor: Math.floor(sale!.amount.minor / 2), currency: sale!.amount.currency };

    await alice
      .queue()
      .getByRole('button', { name: `Open transaction ${sale!.transactionId}` })
      .click();
    const refundButton = alice.page.getByRole('button', { name: 'Refund…' });
    await expect.poll(() => refundButton.isEnabled(), { timeout: 10_000 }).toBe(true);
    await refundButton.click();
    const dialog = alice.page.getByRole('dialog', { name: `Refund sale ${sale!.transactionId}` });
    const amount = dialog.getByLabel(/^Amount/);
    expect(await amount.inputValue()).toBe(toDecimal(sale!.amount));
    // A fraction of a cent is refused in words, and nothing is sent.
    await amount.fill('1000.005');
    await dialog.getByLabel('Reason').fill('Customer returned half of the order');
    await dialog.getByRole('button', { name: 'Ask for approval' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Give an amount in USD: "1000.005" has 3 decimals; the currency allows 2.');
    await amount.fill(toDecimal(half));
    await alice.page.screenshot({ path: join(projectRoot, 'docs', 'refund-dialog.png') });
    await dialog.getByRole('button', { name: 'Ask for approval' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);

    const [request] = (await call<RefundRequest[]>(served.users.alice!, 'refunds.list', { states: ['requested'] }))
      .data;
    expect(request).toMatchObject({ transactionId: sale!.transactionId, amount: half, preparedBy: 'alice' });
    // The sale's panel says where the request stands (its Refund button is disabled meanwhile).
    await expect
      .poll(() => alice.page.getByTestId('refund-in-progress').textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`^Refund request ${request!.id} of [\\d,.]+ USD, by alice, waits for an approver`));
    expect(await refundButton.isEnabled()).toBe(false);

    // Alice sees it waiting, and cannot approve it: not in her page, and not through the API either.
    await alice.nav(/^Refunds/).click();
    await expect
      .poll(() => alice.refundRow(request!.id).textContent(), { timeout: 10_000 })
      .toContain('Waiting for approval');
    expect(
      await alice
        .refundRow(request!.id)
        .getByRole('button', { name: /^Approve/ })
        .count(),
    ).toBe(0);
    expect((await call(served.users.alice!, 'refund.approve', { refundId: request!.id })).status).toBe(403);

    // Bob approves in his own page; ClearDesk refunds at the PayTrace simulator.
    const bob = await open(served.users.bob!);
    await expect.poll(() => bob.nav(/^Refunds/).textContent(), { timeout: 20_000 }).toMatch(/1/);
    await bob.nav(/^Refunds/).click();
    const approve = bob.refundRow(request!.id).getByRole('button', { name: `Approve refund request ${request!.id}` });
    await expect.poll(() => approve.isEnabled(), { timeout: 10_000 }).toBe(true);
    await approve.click();
    // The last look before money leaves: the amount, the sale, who asked and why; the button says what it does.
    const confirm = bob.page.getByRole('dialog', { name: `Refund sale ${sale!.transactionId}?` });
    await expect.poll(() => confirm.textContent(), { timeout: 10_000 }).toContain(request!.reason);
    await bob.page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'refund-confirm.png') });
    await confirm.getByRole('button', { name: /^Refund [\d,.]+ USD$/ }).click();
    await expect.poll(() => bob.refundRow(request!.id).textContent(), { timeout: 30_000 }).toContain('Refunded');
    const paytraceId = (await bob.refundRow(request!.id).getByTestId('refund-paytrace-id').textContent()) ?? '';
    expect(paytraceId).toMatch(/^\d+$/);
    expect(paytraceId).not.toBe(String(sale!.transactionId));
    await bob.page.screenshot({ path: join(projectRoot, 'docs', 'refunds-approved.png') });

    // Alice's page follows without a reload.
    await expect.poll(() => alice.refundRow(request!.id).textContent(), { timeout: 10_000 }).toContain('Refunded');
    expect(await alice.refundRow(request!.id).getByTestId('refund-paytrace-id').textContent()).toBe(paytraceId);

    const [done] = (await call<RefundRequest[]>(served.users.bob!, 'refunds.list', {})).data;
    expect(done).toMatchObject({
      id: request!.id,
      state: 'refunded',
      decidedBy: 'bob',
      paytraceTransactionId: Number(paytraceId),
    });

    // The next sync brings the refund into the queue as a PayTrace refund, against the sale's customer.
    await call(served.users.alice!, 'sync.run', {});
    const refundRow = (await call<QueueRow[]>(served.users.alice!, 'queue.list', {})).data.find(
      (r) => r.transactionId === Number(paytraceId),
    );
    expect(refundRow).toMatchObject({ kind: 'refund', amount: half });
    // The sale's detail lists its refund, and the refund's names its sale: each opens the other.
    await alice.nav(/^Review queue/).click();
    await alice.page.getByRole('tab', { name: /^All/ }).click();
    await alice.page.getByPlaceholder(/^Filter/).fill(String(sale!.transactionId));
    await alice
      .queue()
      .getByRole('button', { name: `Open transaction ${sale!.transactionId}` })
      .click();
    const saleFacts = alice.page
      .getByRole('complementary', { name: `Transaction ${sale!.transactionId}` })
      .getByRole('region', { name: 'Payment' });
    await expect.poll(() => saleFacts.textContent(), { timeout: 10_000 }).toContain(`Refunds${paytraceId}`);
    await saleFacts.getByRole('button', { name: paytraceId }).click();
    const refundFacts = alice.page
      .getByRole('complementary', { name: `Transaction ${paytraceId}` })
      .getByRole('region', { name: 'Payment' });
    await expect
      .poll(() => refundFacts.textContent(), { timeout: 10_000 })
      .toContain(`Refund of sale${sale!.transactionId}`);
    expect(errors).toEqual([]);
  });
  it('voiding a sale already posted in SAP: the approver is told its document must then be reversed', async () => {
    const alice = served.users.alice!;
    const bobLink = served.users.bob!;
    await call(alice, 'sync.run', {});
    const rows = (await call<QueueRow[]>(alice, 'queue.list', { states: ['review'] })).data;
    const sale = rows.find(
      (r) =>
        r.kind === 'sale' &&
        r.status === 'pending' &&
        r.proposal?.companyCode &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(sale, 'an unsettled sale one person may post').toBeDefined();
    const id = sale!.transactionId;
    // Part of a sale not settled yet: the dialog says why at once (PayTrace only voids it, whole).
    const clerk = await contexts.get(alice)!.newPage();
    await clerk.goto(new URL('/', alice).href);
    const clerkApp = new AppPage(clerk);
    await expect.poll(() => clerkApp.queue().isVisible(), { timeout: 20_000 }).toBe(true);
    await clerkApp
      .queue()
      .getByRole('button', { name: `Open transaction ${id}` })
      .click();
    await clerk.getByRole('button', { name: 'Refund…' }).click();
    const dialog = clerk.getByRole('dialog', { name: `Refund sale ${id}` });
    await dialog.getByLabel(/^Amount/).fill(toDecimal({ minor: Math.floor(sale!.amount.minor / 2), currency: 'USD' }));
    await dialog.getByLabel('Reason').fill('Half of the order returned');
    await dialog.getByRole('button', { name: 'Ask for approval' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toMatch(
        /^PayTrace refunds only settled transactions; .*: refund all [\d,.]+ USD, or ask again after the settlement\.$/,
      );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await clerk.close();
    // Asked first, the void holds the posting back; posted first, the void's confirmation names SAP.
    const asked = await call<RefundRequest>(alice, 'refund.request', {
      transactionId: id,
      amount: sale!.amount,
      reason: 'Order cancelled',
    });
    expect(asked.status).toBe(200);
    const held = await call(alice, 'proposal.approve', {
      transactionId: id,
      proposalId: sale!.proposal!.id,
    });
    expect(held.status).toBe(409);
    // The detail says so before anyone tries: Approve is off, with the same words.
    const detail = (await call<TransactionDetail>(alice, 'queue.detail', { transactionId: id })).data;
    expect(detail.approvalHeld).toMatch(/waits for an approver: approved before the sale settles, PayTrace voids/);
    await call(bobLink, 'refund.reject', { refundId: asked.data.id, reason: 'Not yet: the customer may keep it' });
    expect((await call(alice, 'proposal.approve', { transactionId: id, proposalId: sale!.proposal!.id })).status).toBe(
      200,
    );
    const again = await call<RefundRequest>(alice, 'refund.request', {
      transactionId: id,
      amount: sale!.amount,
      reason: 'Order cancelled after all',
    });
    expect(again.data.sale.queueState).toBe('posted');

    const page = await contexts.get(bobLink)!.newPage();
    await page.goto(new URL('/', bobLink).href);
    const bob = new AppPage(page);
    await bob.nav(/^Refunds/).click();
    const approve = bob
      .refundRow(again.data.id)
      .getByRole('button', { name: `Approve refund request ${again.data.id}` });
    await expect.poll(() => approve.isEnabled(), { timeout: 10_000 }).toBe(true);
    await approve.click();
    const confirm = page.getByRole('dialog', { name: `Void sale ${id}?` });
    await expect
      .poll(() => confirm.textContent(), { timeout: 10_000 })
      .toContain('The sale is posted in SAP already: its document must then be reversed');
    await confirm.getByRole('button', { name: /^Void / }).click();
    await expect.poll(() => bob.refundRow(again.data.id).textContent(), { timeout: 30_000 }).toContain('Voided');
    await call(alice, 'sync.run', {});
    const letters = (await call<{ sourceKey: string }[]>(alice, 'deadLetters.list', {})).data;
    expect(letters.map((l) => l.sourceKey)).toContain(String(id));
    await page.close();
  });

  it('a refund whose answer PayTrace lost shows "Outcome unknown" and what to check; bob sends it again once', async () => {
    const errors: string[] = [];
    const paytrace = /"event":"sandbox\.started"[^\n]*?"paytrace":"([^"]+)"/.exec(served.stderr())?.[1];
    expect(paytrace, "the embedded PayTrace simulator's address in the log").toBeDefined();
    const requested = new Set(
      (await call<RefundRequest[]>(served.users.bob!, 'refunds.list', {})).data.map((r) => r.transactionId),
    );
    const sale = (await call<QueueRow[]>(served.users.alice!, 'queue.list', {})).data.find(
      (r) => r.kind === 'sale' && r.status === 'settled' && r.amount.minor >= 200 && !requested.has(r.transactionId),
    );
    expect(sale, 'another settled sale in the demo scenario').toBeDefined();
    const asked = await call<RefundRequest>(served.users.alice!, 'refund.request', {
      transactionId: sale!.transactionId,
      amount: { minor: 100, currency: sale!.amount.currency },
      reason: 'Goodwill credit',
    });
    expect(asked.status).toBe(200);
    const id = asked.data.id;

    // The refund call is dropped before PayTrace sees it: nothing is made, and ClearDesk cannot know that.
    const fault = await fetch(`${paytrace}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resetNext: 1, resetPhase: 'before', paths: ['/v1/transactions/refund'] }),
    });
    expect(fault.ok).toBe(true);
    const unknown = await call<RefundRequest>(served.users.bob!, 'refund.approve', { refundId: id });
    expect(unknown.data).toMatchObject({ state: 'unknown', attempt: 1, paytraceTransactionId: null });

    const page = await contexts.get(served.users.bob!)!.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/', served.users.bob!).href);
    const bob = new AppPage(page);
    await expect.poll(() => bob.nav(/^Refunds/).isVisible(), { timeout: 20_000 }).toBe(true);
    await bob.nav(/^Refunds/).click();
    const row = bob.refundRow(id);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Outcome unknown');
    const checks = row.getByRole('list', { name: `What to check in PayTrace for refund request ${id}` });
    expect(await checks.textContent()).toContain(`customer reference ${unknown.data.reference}`);

    await row.getByRole('button', { name: `PayTrace shows no refund for request ${id}: send again` }).click();
    const dialog = page.getByRole('dialog', { name: `Send refund request ${id} again` });
    await dialog.getByLabel('Reason').fill('No refund of 1.00 in PayTrace since the approval');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('Refunded');

    const [done] = (await call<RefundRequest[]>(served.users.bob!, 'refunds.list', {})).data.filter((r) => r.id === id);
    expect(done).toMatchObject({ state: 'refunded', attempt: 2, reference: `${unknown.data.reference}-2` });
    expect(await row.getByTestId('refund-paytrace-id').textContent()).toBe(String(done!.paytraceTransactionId));
    expect(errors).toEqual([]);
  });
});
