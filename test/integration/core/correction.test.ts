// A clerk corrects a proposal: the clerk's match replaces the matcher's, can then be approved,
// and what it teaches (this billing name is that customer) makes the next sync match by itself.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const item = (docNo: string, minor: number, currency = 'USD') => ({
  companyCode: '1000',
  docNo,
  fiscYear: '2026',
  itemNum: '001',
  amount: { minor, currency },
});

function world(): FakeWorld {
  return {
    // The payer calls itself something SAP does not know, and quotes a purchase order, not an invoice.
    paytrace: [sale(7001, 25000, { billingName: 'GLX Purchasing Dept', invoiceId: 'PO-3321' })],
    sap: {
      customers: [
        customer('0000100001', 'Acme Corp', 'ap@acme.example'),
        customer('0000100002', 'Globex Corporation', 'ar@globex.example'),
      ],
      openItems: [
        openItem('1800000001', '0000100001', 10000, '90001234'),
        openItem('1800000002', '0000100002', 25000, '90005550'),
        openItem('1800000003', '0000100002', 8000, '90005551'),
        openItem('1800000004', '0000100002', 4000, '90005552'),
        openItem('1800000005', '0000100002', 9900, '90005553', 'EUR'),
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

describeEachDialect('correcting a proposal', (h) => {
  it('a payment of 250.00 corrected to Globex invoice 90005550 supersedes the matcher, can be approved, and teaches the billing name', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const [before] = await core.handle('queue.list', {}, clerk);
    expect(before!.proposal?.customer).toBeNull();

    const candidates = await core.handle('proposal.candidates', { transactionId: 7001 }, clerk);
    // Only what the payment can settle: USD debits; the EUR item is not offered.
    expect(candidates.map((c) => c.reference).sort()).toEqual(['90001234', '90005550', '90005551', '90005552']);
    expect(
      (await core.handle('proposal.candidates', { transactionId: 7001, query: 'globex' }, clerk)).map(
        (c) => c.reference,
      ),
    ).toEqual(['90005550', '90005551', '90005552']);
    expect(
      (await core.handle('proposal.candidates', { transactionId: 7001, query: '80.00' }, clerk)).map(
        (c) => c.reference,
      ),
    ).toEqual(['90005551']);
    expect(candidates.find((c) => c.reference === '90005550')).toMatchObject({
      customer: '0000100002',
      customerName: 'Globex Corporation',
      openAmount: usd(25000),
      dueDate: '2026-12-01',
    });

    const row = await core.handle(
      'proposal.correct',
      { transactionId: 7001, items: [item('1800000002', 25000)] },
      clerk,
    );
    expect(row.queueState).toBe('review');
    expect(row.proposal).toMatchObject({
      tier: 'suggest',
      rule: 'clerk',
      confidence: 1,
      customer: '0000100002',
      companyCode: '1000',
      onAccount: usd(0),
      reasons: ['Corrected by mia.clerk'],
    });
    expect(row.proposal!.items).toEqual([
      expect.objectContaining({ docNo: '1800000002', amount: usd(25000), reference: '90005550' }),
    ]);
    expect(row.proposal!.id).not.toBe(before!.proposal!.id);
    // The matcher's proposal and the clerk's answer both carry what the learned model saw (the prior so far).
    expect(before!.proposal!.explanation).toMatchObject({
      model: { source: 'prior', version: 0 },
      ranked: { by: 'rules' },
    });
    expect(row.proposal!.explanation).toMatchObject({ model: { source: 'prior' }, ranked: { by: 'clerk', of: 1 } });
    expect(row.proposal!.explanation!.top.length).toBeGreaterThan(0);

    const statuses = await store.db
      .selectFrom('proposals')
      .select(['id', 'status'])
      .where('transaction_id', '=', 7001)
      .orderBy('id')
      .execute();
    expect(statuses).toEqual([
      { id: before!.proposal!.id, status: 'superseded' },
      { id: row.proposal!.id, status: 'open' },
    ]);
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'proposal.corrected')
      .execute();
    expect(audit).toHaveLength(1);
    const detail = JSON.parse(audit[0]!.detail) as {
      before: { customer: string | null };
      after: { customer: string; items: unknown[] };
      learned: string[];
    };
    expect(detail.before.customer).toBeNull();
    expect(detail.after).toMatchObject({ customer: '0000100002', items: [{ BELNR: '1800000002', minor: 25000 }] });
    expect(audit[0]!.actor).toBe('mia.clerk');

    const aliases = await core.handle('aliases.list', {}, clerk);
    expect(aliases).toEqual([
      expect.objectContaining({ id: detail.learned[0], learnedBy: 'mia.clerk', learnedAt: '2026-11-25T20:00:00.000Z' }),
    ]);
    expect(aliases[0]!.description).toMatch(/^billing name "GLX PURCHASING.*" is customer 0000100002$/);

    // The corrected proposal posts like any other.
    const posting = await core.handle('proposal.approve', { transactionId: 7001, proposalId: row.proposal!.id }, clerk);
    expect(posting.state).toBe('posted');

    // The next day the same payer pays invoice 90005551 without quoting it: the learned name finds Globex.
    w.paytrace.push(
      sale(7002, 8000, {
        billingName: 'GLX Purchasing Dept',
        createdAt: { utc: '2026-11-24T18:00:00.000Z', original: '11/24/2026 10:00:00 AM' },
      }),
    );
    await core.sync();
    const next = (await core.handle('queue.detail', { transactionId: 7002 }, clerk)).row;
    expect(next.proposal).toMatchObject({
      customer: '0000100002',
      items: [expect.objectContaining({ reference: '90005551', amount: usd(8000) })],
    });
    expect(next.proposal!.reasons.join(' ')).toMatch(/as a clerk taught/);
  });

  it('leaves what is not applied on account, and refuses what could not be posted as asked', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    const correct = (items: ReturnType<typeof item>[], customer?: string) =>
      refusal(
        core.handle('proposal.correct', { transactionId: 7001, items, ...(customer ? { customer } : {}) }, clerk),
      );

    expect(await correct([item('1800000003', 8001)])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(
        /^80\.01 USD is more than its open amount on the open item 1800000003\/1000\/2026 line 001 \(80\.00 USD\)\.$/,
      ),
    });
    expect(await correct([item('1800000005', 9900, 'EUR')])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/is in EUR; the payment is in USD/),
    });
    expect(await correct([item('1800000003', 8000, 'EUR')])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/amount .* is in EUR; the payment is in USD/),
    });
    expect(await correct([item('1800000001', 10000), item('1800000003', 8000)])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/belong to customers 0000100001 and 0000100002/),
    });
    expect(await correct([item('1800000009', 100)])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/not open in SAP/),
    });
    expect(await correct([item('1800000003', 0)])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/more than zero/),
    });
    expect(await correct([])).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/Pick at least one open item/),
    });
    expect(await correct([item('1800000003', 8000)], '0000100001')).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/belong to customer 0000100002, not 0000100001/),
    });
    // Nothing of the refused attempts stuck.
    expect(
      await store.db.selectFrom('proposals').select('status').where('transaction_id', '=', 7001).execute(),
    ).toEqual([{ status: 'open' }]);
    expect(await store.db.selectFrom('match_aliases').selectAll().execute()).toEqual([]);

    const row = await core.handle(
      'proposal.correct',
      { transactionId: 7001, items: [item('1800000003', 8000), item('1800000004', 4000)] },
      clerk,
    );
    expect(row.proposal).toMatchObject({ customer: '0000100002', onAccount: usd(13000) });
    expect(row.proposal!.items.map((i) => i.amount.minor)).toEqual([8000, 4000]);

    // Saved again as it stands (in another order): the clerk's decision, keeping what the proposal said.
    const same = await core.handle(
      'proposal.correct',
      { transactionId: 7001, items: [item('1800000004', 4000), item('1800000003', 8000)] },
      clerk,
    );
    expect(same.proposal).toMatchObject({
      customer: row.proposal!.customer,
      items: row.proposal!.items,
      onAccount: row.proposal!.onAccount,
      reasons: [...row.proposal!.reasons, 'Confirmed as proposed by mia.clerk'],
    });
    expect(same.proposal!.explanation).toEqual(
      row.proposal!.explanation ? { ...row.proposal!.explanation, ranked: { by: 'clerk', of: 1 } } : null,
    );
    // Confirmed twice, said once.
    const again = await core.handle(
      'proposal.correct',
      { transactionId: 7001, items: [item('1800000003', 8000), item('1800000004', 4000)] },
      clerk,
    );
    expect(again.proposal!.reasons).toEqual(same.proposal!.reasons);
    // A changed amount is a correction again.
    const changed = await core.handle(
      'proposal.correct',
      { transactionId: 7001, items: [item('1800000004', 3000), item('1800000003', 8000)] },
      clerk,
    );
    expect(changed.proposal!.id).not.toBe(row.proposal!.id);
    expect(changed.proposal).toMatchObject({ onAccount: usd(14000) });
  });

  it('refuses more than the payment, and what another proposal already applies', async () => {
    const store = await h.migrated();
    const w = world();
    w.paytrace = [sale(7001, 10000, { billingName: 'Someone' }), sale(7003, 5000, { billingName: 'Someone else' })];
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    expect(
      await refusal(
        core.handle('proposal.correct', { transactionId: 7001, items: [item('1800000002', 25000)] }, clerk),
      ),
    ).toEqual({
      code: 'invalid_request',
      message: 'The items take 250.00 USD, more than the payment of 100.00 USD.',
    });
    await core.handle('proposal.correct', { transactionId: 7003, items: [item('1800000002', 5000)] }, clerk);
    const left = (await core.handle('proposal.candidates', { transactionId: 7001, query: '90005550' }, clerk))[0];
    expect(left?.openAmount).toEqual(usd(20000));
    expect(
      await refusal(
        core.handle('proposal.correct', { transactionId: 7001, items: [item('1800000002', 20001)] }, clerk),
      ),
    ).toEqual({
      code: 'invalid_request',
      message: expect.stringMatching(/more than what other proposals leave open of it .*\(200\.00 USD\)/),
    });
  });

  it('removes a learned rule on request, on the audit trail', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    await core.handle('proposal.correct', { transactionId: 7001, items: [item('1800000002', 25000)] }, clerk);
    const [learned] = await core.handle('aliases.list', {}, clerk);
    expect(await core.handle('aliases.remove', { id: learned!.id }, clerk)).toEqual([]);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'subject', 'actor'])
      .where('action', '=', 'alias.removed')
      .execute();
    expect(audit).toEqual([{ action: 'alias.removed', subject: `alias:${learned!.id}`, actor: 'mia.clerk' }]);
    expect(await refusal(core.handle('aliases.remove', { id: learned!.id }, clerk))).toMatchObject({
      code: 'not_found',
    });
  });
});
