// Four eyes on postings in real Chromium, two people on one browser host: alice (clerk) approves a
// payment the rules give to a second person, which only prepares it; neither she nor "Alice" (the
// same person on a second host sharing the store) can give the second approval; bob (approver) sees
// who prepared it and why in the Second approval tab and posts it. A second payment alice moved to
// another customer, bob sends back with a reason, and alice sees it back in review with his reason.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult, AuditEntry, CandidateOpenItem, QueueRow, TransactionDetail } from '../../shared/api';
import { formatMoney } from '../../shared/money';
import { launchChromium } from '../support/browser';
import { projectRoot, runCliAsync, serve, type Served } from '../support/cli';
import { People } from '../support/people';

const AMOUNT_RULE = /is more than the 10,000\.00 USD one person may post/;

describe('four eyes on postings in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(who: string, channel: string, body: unknown) => people.call<T>(who, channel, body);
  const open = (who: string) => people.open(who);

  const detailOf = async (who: string, transactionId: number) =>
    (await call<TransactionDetail>(who, 'queue.detail', { transactionId })).data;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-four-eyes-'));
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
    people = new People(browser, { width: 1400, height: 900 });
    // A link signs in once: trade each for a session in that person's own browser context.
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
    expect(people.names()).toEqual(['alice', 'bob']);
    const sync = await call<{ proposals: number }>('alice', 'sync.run', {});
    expect(sync.status).toBe(200);
    expect(sync.data.proposals).toBeGreaterThan(3);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a payment above 10,000.00 USD: alice only prepares it, neither she nor "Alice" may give the second approval, bob posts it', async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    // One the amount rule alone gives to a second person, matched to a customer's open items.
    const big = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.amount.currency === 'USD' &&
        r.amount.minor > 1_000_000 &&
        r.proposal?.customer &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 1 &&
        AMOUNT_RULE.test(r.proposal.secondApproval[0]!),
    );
    expect(big, 'a sale above 10,000.00 USD waiting for review in the demo scenario').toBeDefined();
    const id = big!.transactionId;
    const reason = big!.proposal!.secondApproval![0]!;
    expect(reason).toContain(formatMoney(big!.amount));

    // 1. Alice approves in her page: it waits for a second person, with the reason, and nothing is posted.
    const alice = await open('alice');
    await alice.open(id).click();
    const approve = alice.button(id, 'Approve for a second person');
    await expect.poll(() => approve.isEnabled(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => alice.section(id, 'Proposed match').textContent()).toContain(reason);
    // The learned model's view beside it, each weight said as what it does to the confidence.
    const decided = alice.detail(id).getByRole('region', { name: 'What decided' });
    await expect.poll(() => decided.textContent(), { timeout: 10_000 }).toMatch(/Learned confidence \d+ %/);
    const weighed = await decided.getByRole('listitem').allTextContents();
    expect(weighed.length).toBeGreaterThan(0);
    for (const line of weighed) expect(line).toMatch(/^(Raises it|Lowers it) \([+−]\d+\.\d\d\): \S/);
    await approve.click();
    await expect
      .poll(() => alice.detail(id).getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/waits for a second person/));
    expect(await alice.detail(id).textContent()).toContain(
      `Approved by you; it waits for a second person, an approver (${reason}).`,
    );
    expect(await alice.section(id, 'Proposed match').textContent()).toContain(reason);
    expect(await alice.detail(id).getByTestId('sap-document').count()).toBe(0);
    const prepared = await detailOf('alice', id);
    expect(prepared.row).toMatchObject({ queueState: 'prepared', posting: null });
    expect(prepared.row.proposal).toMatchObject({ preparedBy: 'alice', secondApproval: [reason] });

    await alice.secondApprovalTab().click();
    await expect.poll(() => alice.open(id).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => alice.secondApprovalTab().textContent()).toMatch(/1$/);

    // 2. Alice cannot give the second approval: the button is disabled and says why; the core refuses too.
    const second = alice.button(id, 'Give second approval and post');
    await expect.poll(() => second.isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await alice.detail(id).textContent()).toContain('Waits for a second person with the approver role.');
    const own = await call<ApprovalResult>('alice', 'proposal.approve', {
      transactionId: id,
      proposalId: big!.proposal!.id,
    });
    expect(own.status).toBe(403);
    expect(own.error?.message).toMatch(/needs the role approver/);
    expect(await alice.button(id, 'Send back').count()).toBe(0);
    expect((await call('alice', 'proposal.sendBack', { transactionId: id, reason: 'Not mine to decide' })).status).toBe(
      403,
    );

    // 3. "Alice" is alice to the four-eyes rules. One host refuses her as a second user ...
    const twice = await runCliAsync(
      [
        'serve',
        '--sandbox',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--user',
        'alice:clerk',
        '--user',
        'Alice:approver',
        '--sync-every',
        '0',
      ],
      {},
      60_000,
    );
    expect(twice.status).toBe(4);
    expect(twice.stderr).toMatch(/--user Alice is given twice \(names compare without case\)/);
    // ... and a second host sharing the store (a team) with an approver "Alice" cannot give the
    // second approval either: her page says why, and the core refuses her.
    const other = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'Alice:approver',
      '--sync-every',
      '0',
    ]);
    try {
      await people.signIn('Alice', other.url);
      const bigAlice = await open('Alice');
      await bigAlice.secondApprovalTab().click();
      await bigAlice.open(id).click();
      const hers = bigAlice.button(id, 'Give second approval and post');
      await expect.poll(() => hers.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await hers.isDisabled()).toBe(true);
      const hersText = await bigAlice.detail(id).textContent();
      expect(hersText).toContain('Approved first by alice');
      expect(hersText).toContain('You approved it first; another approver gives the second approval (four eyes).');
      const refused = await call<ApprovalResult>('Alice', 'proposal.approve', {
        transactionId: id,
        proposalId: big!.proposal!.id,
      });
      expect(refused.status).toBe(403);
      // The store keeps one user per name without case: `--user Alice` is alice, under the name she has.
      expect(refused.error?.message).toBe(
        'alice approved this payment first and so cannot give the second approval; another approver must (four eyes).',
      );
      await bigAlice.page.close();
    } finally {
      await people.signOut('Alice');
      await other.stop();
    }
    expect((await detailOf('bob', id)).row).toMatchObject({ queueState: 'prepared', posting: null });

    // 4. Bob sees it in the Second approval tab with who prepared it and why, and posts it.
    const bob = await open('bob');
    await expect.poll(() => bob.secondApprovalTab().textContent(), { timeout: 10_000 }).toMatch(/1$/);
    await bob.secondApprovalTab().click();
    await expect.poll(() => bob.row(id).textContent(), { timeout: 10_000 }).toContain('alice');
    expect(await bob.row(id).textContent()).toMatch(AMOUNT_RULE);
    await bob.open(id).click();
    const post = bob.button(id, 'Give second approval and post');
    await expect.poll(() => post.isEnabled(), { timeout: 10_000 }).toBe(true);
    const bobDetail = (await bob.detail(id).textContent()) ?? '';
    expect(bobDetail).toContain('Approved first by alice');
    expect(bobDetail).toContain(reason);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await bob.page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'four-eyes.png') });

    await post.click();
    const sapDocument = bob.detail(id).getByTestId('sap-document');
    await expect.poll(() => sapDocument.isVisible(), { timeout: 30_000 }).toBe(true);
    const documentKey = (await sapDocument.textContent()) ?? '';
    expect(documentKey).toMatch(/\d{10}/);
    await expect.poll(() => bob.row(id).textContent(), { timeout: 10_000 }).toContain('Posted');
    expect(await bob.row(id).textContent()).toContain(documentKey);

    // The audit trail has both people: alice prepared it, bob approved and posted it. Alice's entry was shown
    // before bob approved: wait for the trail to be read again with his.
    await expect
      .poll(() => bob.section(id, 'Audit trail').textContent(), { timeout: 10_000 })
      .toMatch(/Proposal approved\s*bob/);
    expect(await bob.section(id, 'Audit trail').textContent()).toMatch(/Proposal prepared\s*alice/);
    const audit = (await detailOf('bob', id)).audit;
    const step = (action: string): AuditEntry | undefined => audit.find((e) => e.action === action);
    expect(step('proposal.prepared')).toMatchObject({ actor: 'alice', detail: { reasons: [reason] } });
    expect(step('proposal.approved')).toMatchObject({
      actor: 'bob',
      detail: { preparedBy: 'alice', secondApproval: [reason] },
    });
    expect(step('posting.posted')?.actor).toBe('bob');
    const posted = await detailOf('alice', id);
    expect(posted.row).toMatchObject({ queueState: 'posted', posting: { state: 'posted', approvedBy: 'bob' } });

    // Alice's page follows without a reload.
    await alice.tab(/^Posted/).click();
    await expect.poll(() => alice.row(id).textContent(), { timeout: 10_000 }).toContain(documentKey);
    await alice.page.close();
    await bob.page.close();
    expect(people.errors).toEqual([]);
  });

  it("the rules' confidence and the learned one, side by side, each say which question it answers", async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    // The rules keep a likely duplicate out of the automatic tier at 40 %; clerks approve most as proposed.
    const dup = waiting.find((r) => r.proposal?.rule.endsWith('/duplicate') && r.proposal.explanation);
    expect(dup, 'a likely duplicate with a learned confidence in the demo scenario').toBeDefined();
    const { confidence, explanation } = dup!.proposal!;
    const rules = Math.round(confidence * 100);
    const learned = Math.round(explanation!.probability * 100);
    const alice = await open('alice');
    await alice.open(dup!.transactionId).click();
    const decided = alice.detail(dup!.transactionId).getByRole('region', { name: 'What decided' });
    await expect.poll(() => decided.textContent(), { timeout: 10_000 }).toContain(`Learned confidence ${learned} %`);
    const text = (await decided.textContent())!;
    const other = `The rules' ${rules} % beside the tier answers another question`;
    // The case a clerk found contradictory: far apart (40 % and 94 % in the walk).
    expect(Math.abs(rules - learned)).toBeGreaterThanOrEqual(15);
    expect(text).toContain(other);
    const badge = alice
      .section(dup!.transactionId, 'Proposed match')
      .getByLabel(`confidence ${rules}`, { exact: false });
    expect(await badge.first().getAttribute('title')).toMatch(/rules' confidence in this match: it sets the tier/);
    await alice.page.close();
    expect(people.errors).toEqual([]);
  });

  it('a payment alice moved to another customer: bob sends it back with a reason, and alice sees it in review with his reason', async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    // One that one person could post as the matcher proposed it.
    const small = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.amount.minor <= 1_000_000 &&
        r.proposal?.customer &&
        r.proposal.companyCode &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(small, 'a sale one person may post, waiting for review').toBeDefined();
    const id = small!.transactionId;
    const from = small!.proposal!.customer!;
    // An open item of another customer in the same company code, not claimed by another proposal.
    const candidates = (await call<CandidateOpenItem[]>('alice', 'proposal.candidates', { transactionId: id })).data;
    const target = candidates.find(
      (c) => c.customer !== from && c.companyCode === small!.proposal!.companyCode && c.openAmount.minor > 0,
    );
    expect(target, 'an open item of another customer').toBeDefined();

    // 5. Alice corrects the match to the other customer's invoice in the correction dialog, then approves.
    const alice = await open('alice');
    await alice.open(id).click();
    await alice.button(id, 'Correct match').click();
    const dialog = alice.page.getByRole('dialog', { name: `Correct match for transaction ${id}` });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    for (const item of small!.proposal!.items) {
      await dialog
        .getByRole('checkbox', { name: `Apply to ${item.reference || item.docNo} (${item.docNo} · ${item.itemNum})` })
        .uncheck();
    }
    await dialog.getByRole('searchbox', { name: 'Search open items' }).fill(target!.reference || target!.docNo);
    const pick = dialog.getByRole('checkbox', {
      name: `Apply to ${target!.reference || target!.docNo} (${target!.docNo} · ${target!.itemNum})`,
    });
    await expect.poll(() => pick.isVisible(), { timeout: 10_000 }).toBe(true);
    await pick.check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);

    const moved = `a correction moved it from customer ${from} to ${target!.customer}`;
    await expect.poll(() => alice.section(id, 'Proposed match').textContent(), { timeout: 10_000 }).toContain(moved);
    await alice.button(id, 'Approve for a second person').click();
    await expect
      .poll(() => alice.detail(id).textContent(), { timeout: 10_000 })
      .toContain(`Approved by you; it waits for a second person, an approver (${moved}).`);
    expect((await detailOf('alice', id)).row).toMatchObject({
      queueState: 'prepared',
      posting: null,
      proposal: { customer: target!.customer, correctedBy: 'alice', preparedBy: 'alice', secondApproval: [moved] },
    });

    // Bob sends it back with his reason.
    const bob = await open('bob');
    await bob.secondApprovalTab().click();
    await expect.poll(() => bob.row(id).textContent(), { timeout: 10_000 }).toContain(moved);
    await bob.open(id).click();
    await expect.poll(() => bob.detail(id).textContent(), { timeout: 10_000 }).toContain('Match corrected by alice');
    const why = `The remittance names ${from}; keep it on the customer the matcher found`;
    await bob.button(id, 'Send back').click();
    const sendBack = bob.page.getByRole('dialog', { name: `Send back transaction ${id}` });
    await sendBack.getByLabel('Reason').fill(why);
    await sendBack.getByRole('button', { name: 'Send back transaction' }).click();
    await expect.poll(() => sendBack.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => bob.row(id).textContent(), { timeout: 10_000 }).toContain('To review');

    // Alice's page follows: back in her review tab, with bob's name and reason.
    await alice.tab(/^To review/).click();
    await expect.poll(() => alice.row(id).textContent(), { timeout: 10_000 }).toContain(why);
    await alice.open(id).click();
    await expect
      .poll(() => alice.detail(id).getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(`Sent back by bob: ${why}`));
    const back = await detailOf('alice', id);
    expect(back.row).toMatchObject({ queueState: 'review', stateReason: why, posting: null });
    expect(back.row.proposal?.preparedBy ?? null).toBeNull();
    expect(back.audit.find((e) => e.action === 'proposal.sentBack')).toMatchObject({
      actor: 'bob',
      detail: { reason: why, preparedBy: 'alice' },
    });
    expect(people.errors).toEqual([]);
  });
});
