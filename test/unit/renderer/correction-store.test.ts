// The "Correct match" dialog's store against a fake API: picking open items, the amounts they
// default to, the live on-account remainder, and what the clerk sees when something is off.
import { readAmount } from '../../../renderer/src/ui/money';
import { describe, expect, it } from 'vitest';
import { ApiError, type CandidateOpenItem, type QueueRow, type RequestOf } from '../../../shared/api';
import {
  createCorrectionStore,
  itemKey,
  parseAmount,
  summarize,
} from '../../../renderer/src/features/review/correction';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import { createAppStore } from '../../../renderer/src/app/store';
import { fakeApi, settle, windowOver } from './fake-api';

const usd = (minor: number) => ({ minor, currency: 'USD' });

function candidate(
  docNo: string,
  open: number,
  customer = '0000100002',
  reference = `9000${docNo.slice(-4)}`,
): CandidateOpenItem {
  return {
    companyCode: '1000',
    docNo,
    fiscYear: '2026',
    itemNum: '001',
    customer,
    customerName: 'Globex Corporation',
    reference,
    assignment: reference,
    openAmount: usd(open),
    dueDate: '2026-12-01',
  };
}

function paymentRow(minor: number, over: Partial<QueueRow> = {}): QueueRow {
  return {
    transactionId: 7001,
    kind: 'sale',
    status: 'settled',
    batch: 571,
    amount: usd(minor),
    createdAt: '2026-11-20T18:00:00.000Z',
    invoiceId: 'PO-3321',
    billingName: 'GLX Purchasing Dept',
    maskedCard: '************5454',
    queueState: 'review',
    stateReason: null,
    proposal: {
      id: 11,
      tier: 'none',
      confidence: 0,
      customer: null,
      customerName: null,
      companyCode: '1000',
      items: [],
      onAccount: usd(minor),
      reasons: [],
      rule: 'suspense',
    },
    posting: null,
    ...over,
  };
}

const A = candidate('1800000002', 25000);
const B = candidate('1800000003', 8000);
const C = candidate('1800000004', 4000);

describe('correct match dialog', () => {
  it('a payment of 300.00: picking 250.00 and 80.00 defaults the second to the 50.00 left; on account follows the typed amounts', async () => {
    const requests: RequestOf<'proposal.candidates'>[] = [];
    const { api } = fakeApi({ 'proposal.candidates': (req) => (requests.push(req), [A, B, C]) });
    const store = createCorrectionStore(api, paymentRow(30000));
    await store.getState().load();
    expect(store.getState().candidates).toHaveLength(3);

    store.getState().toggle(A);
    store.getState().toggle(B);
    expect(store.getState().picks.map((p) => p.amountText)).toEqual(['250.00', '50.00']);
    let s = summarize(usd(30000), store.getState().picks, null);
    expect(s).toMatchObject({ applied: usd(30000), onAccount: usd(0), problem: null, customer: '0000100002' });

    store.getState().setAmount(itemKey(B), '30');
    s = summarize(usd(30000), store.getState().picks, null);
    expect(s.onAccount).toEqual(usd(2000));
    expect(s.items.map((i) => i.amount.minor)).toEqual([25000, 3000]);

    // Nothing of the payment left: a third pick starts at zero and says so.
    store.getState().setAmount(itemKey(B), '50.00');
    store.getState().toggle(C);
    expect(store.getState().picks[2]!.amountText).toBe('0.00');
    expect(summarize(usd(30000), store.getState().picks, null).itemErrors[itemKey(C)]).toBe('More than zero');

    store.getState().toggle(C);
    expect(store.getState().picks).toHaveLength(2);

    await store.getState().load('globex');
    expect(requests.at(-1)).toEqual({ transactionId: 7001, query: 'globex' });
  });

  it('flags more than the open amount, more than the payment, text that is not an amount, and two customers', () => {
    const pay = usd(10000);
    const pick = (item: CandidateOpenItem, amountText: string) => ({ item, amountText });
    expect(summarize(pay, [pick(B, '80.01')], null).itemErrors[itemKey(B)]).toBe('At most 80.00 USD');
    expect(summarize(pay, [pick(A, '250.00')], null).problem).toBe('The items take 250.00 USD, more than the payment.');
    expect(summarize(pay, [pick(A, '250.00')], null).onAccount).toEqual(usd(-15000));
    expect(summarize(pay, [pick(B, 'eighty')], null).itemErrors[itemKey(B)]).toBe(
      'Give an amount in USD: "eighty" is not a decimal amount.',
    );
    // Totals are not shown while an amount does not read (0.00 applied is not what was typed); an amount that
    // reads but is too much still counts.
    expect(summarize(pay, [pick(A, '1.00'), pick(B, 'eighty')], null).unreadable).toBe(true);
    expect(summarize(pay, [pick(B, '80.01')], null).unreadable).toBe(false);
    expect(summarize(pay, [pick(B, '9'.repeat(30))], null).itemErrors[itemKey(B)]).toBe(
      'Give an amount in USD: "99999999999999999999…" is too large.',
    );
    // Why, in words: the decimals the currency has, a decimal comma; a negative amount is not counted as applied.
    expect(summarize(pay, [pick(B, '10.005')], null).itemErrors[itemKey(B)]).toBe(
      'Give an amount in USD: "10.005" has 3 decimals; the currency allows 2.',
    );
    expect(summarize(pay, [pick(B, '10,05')], null).itemErrors[itemKey(B)]).toMatch(/has a decimal comma/);
    const negative = summarize(pay, [pick(B, '-5')], null);
    expect([negative.itemErrors[itemKey(B)], negative.applied, negative.onAccount]).toEqual([
      'More than zero',
      usd(0),
      pay,
    ]);
    expect(readAmount('', 'JPY')).toBe('Give an amount in JPY.');
    expect(readAmount('1.5', 'JPY')).toBe('Give an amount in JPY: "1.5" has 1 decimal; the currency allows 0.');
    expect(
      summarize(pay, [pick(B, '10'), pick(candidate('1800000001', 10000, '0000100001'), '10')], null).problem,
    ).toBe('Pick the open items of one customer.');
    expect(summarize(pay, [], null).problem).toBe('Pick at least one open item.');
    expect(parseAmount('1,250.50', 'USD')).toBe(125050);
    expect(parseAmount('12.345', 'USD')).toBeNull();
    expect(parseAmount('1250', 'JPY')).toBe(1250);
    // A decimal comma is not read as a grouping comma (2665,46 would be 266,546.00).
    expect(parseAmount('2665,46', 'USD')).toBeNull();
    expect(parseAmount('2,665', 'USD')).toBe(266500);
  });

  it('starts from the proposal’s own picks and sends the correction; a refusal is shown, not swallowed', async () => {
    const row = paymentRow(10000, {
      proposal: {
        id: 11,
        tier: 'suggest',
        confidence: 0.6,
        customer: '0000100002',
        customerName: 'Globex Corporation',
        companyCode: '1000',
        items: [
          {
            companyCode: '1000',
            docNo: B.docNo,
            fiscYear: '2026',
            itemNum: '001',
            amount: usd(8000),
            reference: B.reference,
            assignment: B.assignment,
            openAmount: usd(8000),
          },
        ],
        onAccount: usd(2000),
        reasons: [],
        rule: 'amount',
      },
    });
    const sent: RequestOf<'proposal.correct'>[] = [];
    let refuse = true;
    const { api } = fakeApi({
      'proposal.candidates': () => [A, B, C],
      'proposal.correct': (req) => {
        sent.push(req);
        if (refuse)
          throw new ApiError(
            'invalid_request',
            'The open item 1800000004/1000/2026 line 001 is not open in SAP (any more); run a sync and pick again.',
          );
        return { ...row, proposal: { ...row.proposal!, id: 12, rule: 'clerk' } };
      },
    });
    const store = createCorrectionStore(api, row);
    expect(store.getState().picks.map((p) => [p.item.docNo, p.amountText])).toEqual([[B.docNo, '80.00']]);
    await store.getState().load();
    store.getState().toggle(C);
    expect(store.getState().picks.map((p) => p.amountText)).toEqual(['80.00', '20.00']);

    expect(await store.getState().save()).toBeNull();
    expect(store.getState().saveError).toMatch(/^The open item 1800000004.* not open in SAP/);
    expect(sent[0]).toEqual({
      transactionId: 7001,
      customer: '0000100002',
      items: [
        { companyCode: '1000', docNo: B.docNo, fiscYear: '2026', itemNum: '001', amount: usd(8000) },
        { companyCode: '1000', docNo: C.docNo, fiscYear: '2026', itemNum: '001', amount: usd(2000) },
      ],
    });

    refuse = false;
    const saved = await store.getState().save();
    expect(saved?.proposal).toMatchObject({ id: 12, rule: 'clerk' });
    expect(store.getState()).toMatchObject({ saving: false, saveError: null });
  });

  it('does not call the core when the picks cannot be posted', async () => {
    const { api, calls } = fakeApi({ 'proposal.candidates': () => [A] });
    const store = createCorrectionStore(api, paymentRow(10000));
    await store.getState().load();
    store.getState().toggle(A);
    store.getState().setAmount(itemKey(A), '250.00');
    expect(await store.getState().save()).toBeNull();
    expect(store.getState().saveError).toBe('The items take 250.00 USD, more than the payment.');
    expect(calls).toEqual(['proposal.candidates']);
  });
});

describe('settlement batch filter', () => {
  it('opening batch 571 shows its transactions in every state; opening a transaction of another batch clears it', async () => {
    const rows = [
      paymentRow(100, { transactionId: 1, batch: 571 }),
      paymentRow(100, { transactionId: 2, batch: 572, queueState: 'posted' }),
    ];
    const { api } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
    });
    const review = createReviewStore(api);
    const app = createAppStore(review);
    await review.getState().loadList();
    app.getState().go('batches');
    app.getState().openBatch(571);
    expect(app.getState().screen).toBe('review');
    expect(review.getState()).toMatchObject({ batch: 571, tab: 'all' });
    app.getState().openTransaction(2);
    await settle();
    expect(review.getState()).toMatchObject({ batch: null, selectedId: 2 });
  });
});
