// Four eyes on postings: what the rules give to a second person (a large amount, a write-off, a
// correction that moves the payment to another customer, suspense) is only prepared by the first
// approval and posted by an approver who neither prepared nor corrected it; names compare without
// case; the automatic tier never posts such a proposal, nor one above the admin's limit; only an
// admin changes the rules, and each change is audited.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const mia: Actor = { name: 'mia', roles: ['clerk'] };
const sam: Actor = { name: 'sam', roles: ['clerk', 'approver'] };
const bigSam: Actor = { name: 'Sam', roles: ['approver'] };
const bob: Actor = { name: 'bob', roles: ['approver'] };
const ada: Actor = { name: 'ada', roles: ['admin'] };

function world(): FakeWorld {
  return {
    paytrace: [
      // 12,500.00 for invoice 90007001: above the 10,000.00 one person may post.
      sale(9001, 1_250_000, { invoiceId: '90007001' }),
      // 80.00 for invoice 90007002: one clerk may post it.
      sale(9002, 8000, { invoiceId: '90007002' }),
      // 250.00 quoting a purchase order: the matcher cannot tell whose it is.
      sale(9003, 25000, { invoiceId: 'PO-7788', billingName: 'Unknown Buyer' }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp'), customer('0000100002', 'Globex Corporation')],
      openItems: [
        openItem('1800000001', '0000100001', 1_250_000, '90007001'),
        openItem('1800000002', '0000100001', 8000, '90007002'),
        openItem('1800000003', '0000100002', 25000, '90007003'),
        openItem('1800000004', '0000100001', 25000, '90007004'),
      ],
    },
    posted: [],
  };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('four eyes on postings', (h) => {
  it('12,500.00 needs a second person: the first approval posts nothing, the preparer cannot approve again (not even as "Sam"), another approver posts it once', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const row = (await core.handle('queue.list', {}, sam)).find((r) => r.transactionId === 9001)!;
    expect(row.proposal!.secondApproval).toEqual([
      '12,500.00 USD is more than the 10,000.00 USD one person may post in company code 1000',
    ]);

    expect(await core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, sam)).toEqual({
      state: 'awaiting-approval',
      preparedBy: 'sam',
      reasons: row.proposal!.secondApproval,
    });
    expect(w.posted).toEqual([]);
    const waiting = (await core.handle('queue.list', { states: ['prepared'] }, bob)).map((r) => r.transactionId);
    expect(waiting).toEqual([9001]);

    for (const same of [sam, bigSam]) {
      expect(
        await refusal(core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, same)),
      ).toEqual({
        code: 'forbidden',
        message: `${same.name} approved this payment first and so cannot give the second approval; another approver must (four eyes).`,
      });
    }
    // A clerk without the approver role cannot give it either.
    expect(
      await refusal(core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, mia)),
    ).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/needs the role approver/),
    });
    expect(w.posted).toEqual([]);

    const posted = await core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, bob);
    expect(posted).toMatchObject({ state: 'posted', approvedBy: 'bob' });
    expect(w.posted).toEqual(['PT9001P']);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject', '=', 'paytrace:9001')
      .where('action', 'in', ['proposal.prepared', 'proposal.approved', 'posting.posted'])
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { actor: 'sam', action: 'proposal.prepared' },
      { actor: 'bob', action: 'proposal.approved' },
      { actor: 'bob', action: 'posting.posted' },
    ]);
  });

  it('80.00, exact, below the limit: one clerk approves and posts', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const row = (await core.handle('queue.list', {}, mia)).find((r) => r.transactionId === 9002)!;
    expect(row.proposal!.secondApproval).toEqual([]);
    expect(
      await core.handle('proposal.approve', { transactionId: 9002, proposalId: row.proposal!.id }, mia),
    ).toMatchObject({
      state: 'posted',
    });
  });

  it('a correction that moves the payment to another customer needs a second person who did not correct it; one that keeps the customer does not', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    // First the clerk applies it to Acme's 90007004 (the matcher had no customer: no change).
    const item = (docNo: string, minor: number) => ({
      companyCode: '1000',
      docNo,
      fiscYear: '2026',
      itemNum: '001',
      amount: usd(minor),
    });
    const toAcme = await core.handle(
      'proposal.correct',
      { transactionId: 9003, items: [item('1800000004', 25000)] },
      sam,
    );
    expect(toAcme.proposal).toMatchObject({ customer: '0000100001', correctedBy: 'sam', secondApproval: [] });
    // Then re-points it to Globex: a customer change, four eyes.
    const toGlobex = await core.handle(
      'proposal.correct',
      { transactionId: 9003, items: [item('1800000003', 25000)] },
      sam,
    );
    expect(toGlobex.proposal!.secondApproval).toEqual(['a correction moved it from customer 0000100001 to 0000100002']);
    const first = await core.handle(
      'proposal.approve',
      { transactionId: 9003, proposalId: toGlobex.proposal!.id },
      mia,
    );
    expect(first.state).toBe('awaiting-approval');
    // "Correct match" saved unchanged by the first approver changes nothing: the first approval stands.
    const unchanged = await core.handle(
      'proposal.correct',
      { transactionId: 9003, items: [item('1800000003', 25000)] },
      mia,
    );
    expect(unchanged.proposal!.id).toBe(toGlobex.proposal!.id);
    expect((await store.repos.payments.get(9003))!.state).toBe('prepared');
    // sam corrected it: sam may not give the second approval, in any spelling.
    expect(
      await refusal(
        core.handle('proposal.approve', { transactionId: 9003, proposalId: toGlobex.proposal!.id }, bigSam),
      ),
    ).toEqual({
      code: 'forbidden',
      message: 'Sam corrected this match and so cannot give the second approval; another approver must (four eyes).',
    });
    expect(w.posted).toEqual([]);
    expect(
      await core.handle('proposal.approve', { transactionId: 9003, proposalId: toGlobex.proposal!.id }, bob),
    ).toMatchObject({
      state: 'posted',
    });
    expect(w.posted).toEqual(['PT9003P']);
  });

  it('the second person can send it back with a reason; it returns to review and needs both pairs of eyes again', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const row = (await core.handle('queue.list', {}, mia)).find((r) => r.transactionId === 9001)!;
    await core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, sam);
    expect(
      await refusal(core.handle('proposal.sendBack', { transactionId: 9001, reason: 'Check the invoice' }, mia)),
    ).toMatchObject({
      code: 'forbidden',
    });
    const back = await core.handle(
      'proposal.sendBack',
      { transactionId: 9001, reason: 'Check the invoice first' },
      bob,
    );
    expect(back).toMatchObject({ queueState: 'review', stateReason: 'Check the invoice first' });
    expect(back.proposal!.preparedBy).toBeNull();
    expect(
      (await core.handle('proposal.approve', { transactionId: 9001, proposalId: row.proposal!.id }, bob)).state,
    ).toBe('awaiting-approval');
    expect(w.posted).toEqual([]);
  });

  it("the automatic tier never posts what needs a second person, nor above the admin's limit", async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const rows = await core.handle('queue.list', {}, mia);
    const big = rows.find((r) => r.transactionId === 9001)!;
    const small = rows.find((r) => r.transactionId === 9002)!;
    expect(await core.autoPost(9001, big.proposal!.id)).toBe(false);
    await core.handle('settings.update', { autoPost: { enabled: true, maxAmount: usd(5000) } }, ada);
    expect(await core.autoPost(9002, small.proposal!.id)).toBe(false);
    expect(w.posted).toEqual([]);
    await core.handle('settings.update', { autoPost: { enabled: true, maxAmount: usd(10000) } }, ada);
    expect(await core.autoPost(9002, small.proposal!.id)).toBe(true);
    expect(w.posted).toEqual(['PT9002P']);
    expect((await core.handle('queue.detail', { transactionId: 9001 }, mia)).row.queueState).toBe('review');
  });

  it('only an admin changes the rules; per company code; each change is audited', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const rules = {
      rules: [{ companyCode: '1000', amountAbove: usd(5000), writeOffs: true, customerChanges: true, suspense: true }],
    };
    expect(await refusal(core.handle('settings.update', { fourEyes: rules }, sam))).toMatchObject({
      code: 'forbidden',
    });
    expect(
      await refusal(core.handle('settings.update', { fourEyes: { rules: [...rules.rules, ...rules.rules] } }, ada)),
    ).toMatchObject({ code: 'invalid_request', message: 'Give each company code one four-eyes rule.' });
    const saved = await core.handle('settings.update', { fourEyes: rules }, ada);
    expect(saved.fourEyes).toEqual(rules);
    expect(await core.handle('settings.get', {}, mia)).toEqual(saved);
    const small = (await core.handle('queue.list', {}, mia)).find((r) => r.transactionId === 9002)!;
    expect(small.proposal!.secondApproval).toEqual([
      '80.00 USD is more than the 50.00 USD one person may post in company code 1000',
    ]);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .where('action', '=', 'settings.changed')
      .execute();
    expect(audit).toEqual([{ actor: 'ada', action: 'settings.changed', subject: 'settings:fourEyes' }]);
  });

  it('a sync needs a role', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    expect(await refusal(core.handle('sync.run', {}, { name: 'guest', roles: [] }))).toMatchObject({
      code: 'forbidden',
    });
  });
});
