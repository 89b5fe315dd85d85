// Reversing a posted payment in real Chromium, two people on one browser host and the sandbox's SAP
// simulator over RFC (its ledger read from what the sandbox saves in the data folder): alice (clerk and approver) prepares
// the reversal of a posted payment's SAP document from its detail panel, where SAP's refusal of a date
// shows in words; she may not execute her own (four eyes), bob (approver) executes it. SAP's ledger
// then holds the reversal (BKPF-STBLG on the original), the invoice the payment cleared is open again,
// and the payment is back in review with the reversal document shown.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult, QueueRow, Reversal, SyncSummary, TransactionDetail } from '../../shared/api';
import type { LedgerSnapshot } from '../../electron/sandbox/sap/ledger';
import type { LedgerDocument } from '../../electron/sandbox/sap/ledger-types';
import { launchChromium } from '../support/browser';
import { DEMO_USER } from '../../electron/sandbox/paytrace';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

/** SAP's documents as the sandbox saved them after the last change (it saves on every queue.changed). */
function ledger(file: string): Map<string, LedgerDocument> {
  if (!existsSync(file)) return new Map();
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as LedgerSnapshot;
  return new Map(snapshot.documents.map((d) => [`${d.header.BUKRS}/${d.header.BELNR}/${d.header.GJAHR}`, d]));
}
const keyOf = (d: LedgerDocument) => `${d.header.BUKRS}/${d.header.BELNR}/${d.header.GJAHR}`;

/** Voids a sale at the sandbox's PayTrace simulator, as PayTrace's own screen would. */
async function voidAtPayTrace(served: Served, transactionId: number): Promise<void> {
  const started = served
    .stderr()
    .split('\n')
    .map((l) => (l.startsWith('{') ? (JSON.parse(l) as { event?: string; paytrace?: string }) : {}))
    .find((e) => e.event === 'sandbox.started');
  const url = started?.paytrace;
  expect(url, 'the PayTrace simulator URL on the sandbox.started log line').toBeTruthy();
  const token = (await (
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', ...DEMO_USER }),
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${url}/v1/transactions/void`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.access_token}` },
    body: JSON.stringify({ transaction_id: transactionId }),
  });
  expect(((await res.json()) as { success: boolean }).success).toBe(true);
}

describe('reversing a posted payment in the browser host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-reversal-'));
  const ledgerFile = join(dataDir, 'sandbox', 'sap-ledger.json');
  let served: Served;
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(who: string, channel: string, body: unknown) => people.call<T>(who, channel, body);
  const open = (who: string) => people.open(who);

  beforeAll(async () => {
    // The scenario's last day stays unsettled (PayTrace settles each day at 04:00 UTC the next morning):
    // starting it 14 days back makes that day yesterday, so a voidable sale exists at any hour of the day.
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
      'alice:clerk,approver',
      '--user',
      'bob:approver',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    people = new People(browser, { width: 1400, height: 1000 });
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
    expect(people.names()).toEqual(['alice', 'bob']);
    expect((await call('alice', 'sync.run', {})).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('alice prepares the reversal, cannot execute it herself, bob executes it: SAP reverses, the invoice is open again', async () => {
    // A posted payment: a sale one person may post, matched to invoices, approved by alice.
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    const sale = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.companyCode === '1000' &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(sale, 'a sale one person may post, waiting for review').toBeDefined();
    const id = sale!.transactionId;
    const posted = await call<ApprovalResult>('alice', 'proposal.approve', {
      transactionId: id,
      proposalId: sale!.proposal!.id,
    });
    expect(posted.status, posted.error?.message).toBe(200);
    const find = () => [...ledger(ledgerFile).values()].find((d) => d.header.XBLNR === `PT${id}P`);
    await expect.poll(() => find(), { timeout: 10_000 }).toBeDefined();
    const original = find()!;
    const belnr = original.header.BELNR;
    expect(original.header.STBLG).toBe('');
    // The invoices the payment cleared: the clearing RFC posts and clears in one step, so AUGBL is the payment.
    const invoices = sale!.proposal!.items.map((i) => `${i.companyCode}/${i.docNo}/${i.fiscYear}/${i.itemNum}`);
    const invoiceLines = () => {
      const docs = ledger(ledgerFile);
      return invoices.map((k) => {
        const [bukrs, docNo, year, item] = k.split('/');
        return docs.get(`${bukrs}/${docNo}/${year}`)?.lines.find((l) => l.BUZEI === item) ?? null;
      });
    };
    expect(invoiceLines().map((l) => l?.AUGBL)).toEqual(invoices.map(() => belnr));

    // 1. Alice opens it in the Posted tab and prepares the reversal in the dialog.
    const alice = await open('alice');
    await alice.tab(/^Posted/).click();
    await expect.poll(() => alice.open(id).isVisible(), { timeout: 10_000 }).toBe(true);
    await alice.open(id).click();
    await alice.button(id, 'Reverse in SAP…').click();
    const dialog = alice.page.getByRole('dialog', { name: `Reverse transaction ${id} in SAP` });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.textContent()).toContain(`${belnr} / 1000 / ${original.header.GJAHR}`);
    const reasonCode = dialog.getByRole('combobox', { name: 'Reason for reversal' });
    const postingDate = dialog.getByLabel('Posting date');
    const why = dialog.getByRole('textbox', { name: 'Why is the SAP document wrong?' });
    const submit = dialog.getByRole('button', { name: 'Ask for approval' });
    // Reason 01 posts on the original's date: no date to give.
    expect(await reasonCode.inputValue()).toBe('01');
    expect(await postingDate.isDisabled()).toBe(true);
    // Reason 02 allows another date; one before the original is refused in words, before anything is sent
    // (the core refuses it too: test/integration/core/reversals.test.ts).
    await reasonCode.selectOption('02');
    expect(await postingDate.isEnabled()).toBe(true);
    const originalDate = `${original.header.BUDAT.slice(0, 4)}-${original.header.BUDAT.slice(4, 6)}-${original.header.BUDAT.slice(6)}`;
    await postingDate.fill('2000-01-03');
    await why.fill('Matched to the wrong customer; the remittance names another one');
    await submit.click();
    const alert = dialog.getByRole('alert');
    await expect
      .poll(() => alert.textContent(), { timeout: 10_000 })
      .toBe(`A reversal posts no earlier than ${originalDate}, the posting date of the document it reverses.`);
    expect((await call<TransactionDetail>('alice', 'queue.detail', { transactionId: id })).data.row.queueState).toBe(
      'posted',
    );
    // Another date answers the refusal: it goes, and nothing contradicts what the field now holds.
    await postingDate.fill('2000-01-04');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await reasonCode.selectOption('01');
    await submit.click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);

    // 2. It waits for an approver; alice sees who, why and that she may not execute it.
    const panel = alice.detail(id).getByRole('region', { name: 'Reversal' });
    await expect.poll(() => panel.isVisible(), { timeout: 10_000 }).toBe(true);
    const waitingText = (await panel.textContent()) ?? '';
    expect(waitingText).toContain('Your reversal waits for an approver');
    expect(waitingText).toContain('01 – Reversal in current period');
    expect(waitingText).toContain('Matched to the wrong customer');
    expect(await panel.getByRole('button', { name: 'Execute reversal' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Withdraw' }).isVisible()).toBe(true);
    const requests = (await call<Reversal[]>('alice', 'reversals.list', {})).data;
    const request = requests.find((r) => r.transactionId === id)!;
    expect(request).toMatchObject({ state: 'requested', preparedBy: 'alice', reasonCode: '01' });
    const own = await call<Reversal>('alice', 'reversal.execute', { reversalId: request.id });
    expect(own.status).toBe(403);
    expect(own.error?.message).toMatch(/alice prepared this reversal and so cannot execute it; another approver must/);
    expect(ledger(ledgerFile).get(keyOf(original))?.header.STBLG).toBe('');

    // 3. Bob finds it in the Second approval tab and executes it.
    const bob = await open('bob');
    await bob.tab(/^Second approval/).click();
    await expect.poll(() => bob.row(id).textContent(), { timeout: 10_000 }).toContain('Reversal waits for approver');
    await bob.open(id).click();
    const bobPanel = bob.detail(id).getByRole('region', { name: 'Reversal' });
    await expect.poll(() => bobPanel.textContent(), { timeout: 10_000 }).toContain('Prepared byalice');
    expect(await bobPanel.getByRole('button', { name: 'Reject' }).isVisible()).toBe(true);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await bob.page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'reversal.png') });
    await bobPanel.getByRole('button', { name: 'Execute reversal' }).click();
    const confirm = bob.page.getByRole('dialog', { name: /^Reverse SAP document / });
    await expect.poll(() => confirm.textContent(), { timeout: 10_000 }).toContain('Prepared by');
    await confirm.getByRole('button', { name: 'Reverse in SAP' }).click();

    const reversalDoc = bob.detail(id).getByTestId('reversal-document');
    await expect.poll(() => reversalDoc.isVisible(), { timeout: 30_000 }).toBe(true);
    const shown = (await reversalDoc.textContent()) ?? '';

    // 4. SAP's ledger: the original carries its reversal, the reversal mirrors it, the invoice is open again.
    await expect.poll(() => ledger(ledgerFile).get(keyOf(original))?.header.STBLG, { timeout: 10_000 }).not.toBe('');
    const docs = ledger(ledgerFile);
    const after = docs.get(keyOf(original))!;
    const reversal = docs.get(`${after.header.BUKRS}/${after.header.STBLG}/${after.header.STJAH}`);
    expect(reversal?.header).toMatchObject({ STBLG: belnr, XBLNR: `PT${id}P`, STGRD: '01', BUDAT: after.header.BUDAT });
    expect(shown).toBe(`${reversal!.header.BELNR} / ${reversal!.header.BUKRS} / ${reversal!.header.GJAHR}`);
    // The invoices are open again (the clearing was reset first); the payment's customer line is cleared by its reversal.
    expect(invoiceLines().map((l) => l?.AUGBL)).toEqual(invoices.map(() => ''));
    expect(after.lines.find((l) => l.KOART === 'D')?.AUGBL).toBe(reversal!.header.BELNR);

    // 5. The payment is back in review, for alice too.
    const back = (await call<TransactionDetail>('bob', 'queue.detail', { transactionId: id })).data;
    expect(back.row).toMatchObject({ queueState: 'review', posting: null });
    const done = (await call<Reversal[]>('bob', 'reversals.list', {})).data.find((r) => r.id === request.id);
    expect(done).toMatchObject({
      state: 'reversed',
      decidedBy: 'bob',
      reversalDocument: { BELNR: reversal!.header.BELNR },
    });
    // It left bob's Second approval tab; the detail he acted in stays open with the reversal document.
    await expect.poll(() => bob.open(id).count(), { timeout: 10_000 }).toBe(0);
    expect(await bob.detail(id).getByTestId('reversal-document').textContent()).toBe(shown);
    await alice.tab(/^To review/).click();
    await expect.poll(() => alice.open(id).isVisible(), { timeout: 10_000 }).toBe(true);
    await alice.open(id).click();
    await expect
      .poll(() => alice.detail(id).getByTestId('reversal-document').textContent(), { timeout: 10_000 })
      .toBe(shown);
    await alice.page.close();
    await bob.page.close();
    expect(people.errors).toEqual([]);
  }, 300_000);

  it('a sale voided at PayTrace after it was posted: its dead letter leads to "Reverse in SAP" on the payment', async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    const sale = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.status === 'pending' &&
        r.proposal?.companyCode === '1000' &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(sale, 'an unsettled sale one person may post').toBeDefined();
    const id = sale!.transactionId;
    expect(
      (await call<ApprovalResult>('alice', 'proposal.approve', { transactionId: id, proposalId: sale!.proposal!.id }))
        .status,
    ).toBe(200);
    await voidAtPayTrace(served, id);
    const synced = await call<SyncSummary>('alice', 'sync.run', {});
    expect(synced.status).toBe(200);
    // The letter asking for the reversal is one this run raised: the header's count says so.
    expect(synced.data).toMatchObject({ dead_lettered: 1 });
    expect((await call<TransactionDetail>('alice', 'queue.detail', { transactionId: id })).data.row.queueState).toBe(
      'posted',
    );

    const alice = await open('alice');
    await alice.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Dead-letter queue/ })
      .click();
    const letters = alice.page.getByRole('table', { name: 'Dead-letter queue' });
    const link = letters.getByRole('button', { name: `Reverse transaction ${id} in SAP: open it in the review queue` });
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await letters.textContent()).toContain(
      `PayTrace reports transaction ${id} as voided after ClearDesk posted it`,
    );
    // The last sync's summary counts the letter it raised, though no record needed a second try.
    expect(await alice.page.getByRole('region', { name: 'Last sync' }).textContent()).toMatch(
      /^Last sync completed .*\(run \d+\): 1 dead letter raised/,
    );
    // The letter's link opens the payment with its reversal dialog; behind it, the row and the detail say why.
    await link.click();
    const dialog = alice.page.getByRole('dialog', { name: `Reverse transaction ${id} in SAP` });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await alice.row(id).textContent()).toContain('Voided by PayTrace: reverse in SAP');
    expect(await alice.page.getByTestId('voided-in-sap').textContent()).toMatch(
      /^Voided by PayTrace after posting\. SAP document \d+ \/ 1000 \/ \d{4} clears the invoice with money that never came/,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await alice.button(id, 'Reverse in SAP…').isEnabled()).toBe(true);

    // Reversed with four eyes, the voided sale closes: no money came, so it is never posted again.
    const prepared = await call<Reversal>('alice', 'reversal.prepare', {
      transactionId: id,
      reasonCode: '01',
      reason: 'voided at PayTrace',
    });
    expect(prepared.status).toBe(200);
    expect((await call<Reversal>('bob', 'reversal.execute', { reversalId: prepared.data.id })).data.state).toBe(
      'reversed',
    );
    const after = (await call<TransactionDetail>('alice', 'queue.detail', { transactionId: id })).data.row;
    expect(after).toMatchObject({ queueState: 'closed', stateReason: expect.stringMatching(/nothing to post/) });
    expect(
      (await call('alice', 'proposal.approve', { transactionId: id, proposalId: sale!.proposal!.id })).status,
    ).toBe(409);
    await alice.tab(/^Closed/).click();
    await expect.poll(() => alice.row(id).isVisible(), { timeout: 10_000 }).toBe(true);
    await alice.row(id).click();
    const reversed = alice.page.getByRole('status', { name: 'Reversal' });
    await expect.poll(() => reversed.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await reversed.textContent()).toMatch(/PayTrace voided the sale: nothing to post, the payment is closed\.$/);
    expect(await alice.page.getByTestId('voided-in-sap').count()).toBe(0);
    await alice.page.close();
    expect(people.errors).toEqual([]);
  }, 300_000);
});
