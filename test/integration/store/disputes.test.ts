// The disputes repository on SQLite and PostgreSQL: one case per processor and case number, a later stage or
// status updated with an audit entry, an earlier report not moving a case back, the sales a case may dispute,
// the ARN of a matched case, the matched sale's SAP posting, and a column mapping saved per processor.
import { expect, it } from 'vitest';
import type { DisputeCase } from '../../../shared/disputes';
import { describeEachDialect } from '../../support/store';
import { payment } from '../../support/payments';

const T = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-05T10:00:00.000Z';
const meta = { source: 'report' as const, origin: 'disputes.csv', actor: 'clerk', at: T };

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'north',
  caseNumber: 'CBK-1',
  stage: 'chargeback',
  stageRaw: 'First Chargeback',
  status: 'open',
  statusRaw: 'Open',
  network: 'visa',
  reasonCode: '10.4',
  reasonMeaning: 'Other fraud: card-absent environment',
  reasonDescription: 'Other Fraud',
  amount: { minor: 12500, currency: 'USD' },
  originalAmount: { minor: 12500, currency: 'USD' },
  impact: 'debit',
  receivedDate: '2026-11-30',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-20',
  cardLast4: '5454',
  arn: '74872713125731259073219',
  merchantReference: '',
  transactionId: null,
  authCode: '',
  merchantId: '',
  ...over,
});

describeEachDialect('disputes repository', (h) => {
  it('stores a case once per processor and case number, and audits a later stage or status', async () => {
    const store = await h.migrated();
    const d = store.repos.disputes;
    const first = await d.record(dispute(), meta);
    expect(first.kind).toBe('imported');
    expect(await d.record(dispute(), { ...meta, at: T2 })).toEqual({ kind: 'duplicate', id: first.id, older: false });
    // The same case number at another processor is another case.
    expect((await d.record(dispute({ processor: 'elavon' }), meta)).kind).toBe('imported');

    const moved = await d.record(
      dispute({ stage: 'pre-arbitration', stageRaw: 'Pre-Arb', status: 'pending', dueDate: '2027-01-05' }),
      { ...meta, at: T2 },
    );
    expect(moved).toEqual({ kind: 'updated', id: first.id, from: { stage: 'chargeback', status: 'open' } });
    const stored = await d.get('north', 'CBK-1');
    expect(stored?.dispute).toMatchObject({ stage: 'pre-arbitration', status: 'pending', dueDate: '2027-01-05' });
    expect(stored?.firstSeenAt).toBe(T);
    expect(stored?.updatedAt).toBe(T2);

    // An earlier report read afterwards does not move the case back.
    expect(await d.record(dispute(), { ...meta, at: T2 })).toEqual({ kind: 'duplicate', id: first.id, older: true });
    expect((await d.get('north', 'CBK-1'))?.dispute.stage).toBe('pre-arbitration');

    const audit = await store.repos.audit.forSubject('dispute:north:CBK-1');
    expect(audit.map((a) => a.action)).toEqual(['dispute.received', 'dispute.updated']);
    expect(audit[1]!.detail).toMatchObject({
      from: { stage: 'chargeback', status: 'open' },
      to: { stage: 'pre-arbitration', status: 'pending' },
      origin: 'disputes.csv',
    });
    expect((await store.repos.audit.verify()).ok).toBe(true);
  });

  it('keeps amounts in minor units and only the last four digits of a card', async () => {
    const store = await h.migrated();
    await store.repos.disputes.record(
      dispute({
        caseNumber: 'K-1',
        cardLast4: '4111111111111111',
        amount: { minor: 9_007_199_254_740, currency: 'JPY' },
      }),
      meta,
    );
    const r = await store.repos.disputes.get('north', 'K-1');
    expect(r?.dispute.cardLast4).toBe('1111');
    expect(r?.dispute.amount).toEqual({ minor: 9_007_199_254_740, currency: 'JPY' });
    expect(r?.match).toMatchObject({ state: 'unmatched' });
  });

  it('finds the sales a case may dispute: by id, by reference, by card in the window; and the ARN of a matched case', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest(
      [
        payment(1, { invoiceId: '90100028' }),
        payment(2, { invoiceId: '90100050, 90100049', maskedCard: '************1111' }),
        payment(3, { invoiceId: '', createdAt: { utc: '2026-11-21T18:00:00.000Z', original: '' } }),
        payment(4, { invoiceId: '', createdAt: { utc: '2026-10-01T18:00:00.000Z', original: '' } }),
        payment(5, { invoiceId: '', kind: 'refund' }),
        payment(6, { invoiceId: '9010_049', maskedCard: '************1111' }),
      ],
      T,
    );
    const d = store.repos.disputes;
    const ids = async (c: DisputeCase) => (await d.saleCandidates(c)).map((s) => s.transactionId);
    expect(await ids(dispute({ transactionId: 4, cardLast4: '' }))).toEqual([4]);
    // A reference inside an invoice list; LIKE's wildcards in it are plain characters.
    expect(await ids(dispute({ merchantReference: '90100049', cardLast4: '' }))).toEqual([2]);
    expect(await ids(dispute({ merchantReference: '9010_049', cardLast4: '' }))).toEqual([6]);
    // Card 5454 sold within 3 days of 2026-11-20; not the refund, not the sale of October.
    expect(await ids(dispute())).toEqual([1, 3]);
    expect(await ids(dispute({ cardLast4: '' }))).toEqual([]);
    const sale = (await d.saleCandidates(dispute({ transactionId: 1, cardLast4: '' })))[0];
    expect(sale).toMatchObject({ amount: { minor: 12500, currency: 'USD' }, maskedCard: '************5454' });

    const a = await d.record(dispute({ caseNumber: 'A' }), meta);
    const b = await d.record(dispute({ caseNumber: 'B' }), meta);
    expect(await d.matchedSaleByArn('74872713125731259073219', b.id)).toBeNull();
    await d.setMatch(a.id, { state: 'matched', transactionId: 1, method: 'card-amount-date', reasons: ['card'] }, T);
    expect(await d.matchedSaleByArn('74872713125731259073219', b.id)).toBe(1);
    expect(await d.matchedSaleByArn('74872713125731259073219', a.id)).toBeNull();
  });

  it("reads back a match with its reasons and candidates, and the matched sale's SAP posting", async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([payment(1)], T);
    const d = store.repos.disputes;
    const a = await d.record(dispute({ caseNumber: 'A', dueDate: '2026-12-24' }), meta);
    const b = await d.record(dispute({ caseNumber: 'B', dueDate: '2026-12-10' }), meta);
    await d.setMatch(a.id, { state: 'matched', transactionId: 1, method: 'transaction-id', reasons: ['named'] }, T);
    await d.setMatch(
      b.id,
      { state: 'unmatched', candidates: [{ transactionId: 1, why: 'card ending 5454' }], reasons: ['two sales'] },
      T,
    );
    expect((await d.get('north', 'A'))?.salePosting).toBeNull();

    await store.repos.postings.insertSending({
      reference: 'PT1P',
      transactionId: 1,
      event: 'payment',
      companyCode: '1000',
      document: '{}',
      approvedBy: 'bob',
      instanceId: 'local',
      at: T,
    });
    await store.repos.postings.markPosted('PT1P', { BELNR: '1400000007', GJAHR: '2026' }, '[]', T);
    const list = await d.list();
    // Respond-by date first.
    expect(list.map((r) => r.dispute.caseNumber)).toEqual(['B', 'A']);
    expect(list[1]!.match).toEqual({
      state: 'matched',
      transactionId: 1,
      method: 'transaction-id',
      reasons: ['named'],
    });
    expect(list[1]!.salePosting).toMatchObject({
      reference: 'PT1P',
      state: 'posted',
      belnr: '1400000007',
      companyCode: '1000',
    });
    expect(list[0]!.match).toEqual({
      state: 'unmatched',
      candidates: [{ transactionId: 1, why: 'card ending 5454' }],
      reasons: ['two sales'],
    });
    expect((await d.list({ matchState: 'unmatched' })).map((r) => r.dispute.caseNumber)).toEqual(['B']);
  });

  it('saves a column mapping per processor, and replaces it', async () => {
    const store = await h.migrated();
    const d = store.repos.disputes;
    expect(await d.mapping('north')).toBeNull();
    await d.saveMapping(
      'north',
      { headerRow: 3, columns: { caseNumber: 'Case Number', amount: 'Amount' } },
      'clerk',
      T,
    );
    await d.saveMapping('north', { headerRow: 1, columns: { caseNumber: 'Case #', amount: 'CB Amount' } }, 'clerk', T2);
    await d.saveMapping(
      'elavon',
      { headerRow: 1, columns: { caseNumber: 'CHARGEBACK_CONTROL_NO', amount: 'AMOUNT' } },
      'clerk',
      T,
    );
    expect(await d.mapping('north')).toEqual({ headerRow: 1, columns: { caseNumber: 'Case #', amount: 'CB Amount' } });
    expect((await d.mapping('elavon'))?.columns.caseNumber).toBe('CHARGEBACK_CONTROL_NO');
  });

  it('filters the window by text in SQL (tabs counted with it) and resolves "all matching" to ids', async () => {
    const store = await h.migrated();
    const d = store.repos.disputes;
    const a = await d.record(dispute({ caseNumber: 'CB-100', dueDate: '2026-12-12', reasonCode: '13.1' }), meta);
    const b = await d.record(
      dispute({ caseNumber: 'cb-200', dueDate: '2026-12-10', cardLast4: '1881', arn: 'ARN-77%_X', reasonCode: '4837' }),
      meta,
    );
    const c = await d.record(
      dispute({ caseNumber: 'Q-300', dueDate: null, merchantReference: 'INV-90100028', cardLast4: '0005' }),
      meta,
    );
    const e = await d.record(dispute({ caseNumber: 'Q-400', dueDate: '2026-12-11', transactionId: 7711 }), meta);
    await d.setMatch(a.id, { state: 'matched', transactionId: 4242, method: 'transaction-id', reasons: [] }, T);
    const ids = async (f: Parameters<typeof d.ids>[0]) => d.ids(f, 100);
    const window = async (f: Parameters<typeof d.ids>[0]) => {
      const w = await d.window({ ...f, offset: 0, limit: 10 });
      return { ids: w.rows.map((r) => r.id), total: w.total, counts: w.counts };
    };

    // The case number, case folded, respond-by date nearest first (none last), as the unfiltered window orders.
    expect(await window({ text: 'CB-' })).toEqual({
      ids: [b.id, a.id],
      total: 2,
      counts: { matched: 1, unmatched: 1 },
    });
    // The reason code, the card's last four, the ARN (LIKE's characters taken literally), the merchant reference.
    expect((await window({ text: '4837' })).ids).toEqual([b.id]);
    expect((await window({ text: '1881' })).ids).toEqual([b.id]);
    expect((await window({ text: '77%_x' })).ids).toEqual([b.id]);
    expect((await window({ text: '%' })).ids).toEqual([b.id]);
    expect((await window({ text: 'inv-9010' })).ids).toEqual([c.id]);
    // The sale a case is matched to, or the one it names, by its id.
    expect((await window({ text: '4242' })).ids).toEqual([a.id]);
    expect((await window({ text: '7711' })).ids).toEqual([e.id]);
    // The tab narrows the rows and the total; the counts stay the filter's, whatever the tab.
    expect(await window({ text: 'cb', matchState: 'unmatched' })).toEqual({
      ids: [b.id],
      total: 1,
      counts: { matched: 1, unmatched: 1 },
    });
    expect(await window({ text: 'nothing like it' })).toEqual({
      ids: [],
      total: 0,
      counts: { matched: 0, unmatched: 0 },
    });
    // Blank text is no filter.
    expect((await window({ text: '  ' })).total).toBe(4);

    // "All matching" is the whole view, not a page: the same cases in the same order, at most limit + 1.
    expect(await ids({ text: 'q-' })).toEqual([e.id, c.id]);
    expect(await ids({ matchState: 'unmatched' })).toEqual([b.id, e.id, c.id]);
    expect(await ids({ matchState: 'matched', text: 'cb' })).toEqual([a.id]);
    expect(await d.ids({}, 2)).toEqual([b.id, e.id, a.id]);
  });
});
