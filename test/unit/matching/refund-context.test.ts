// A refund synced after its sale: the store hands the matcher the earlier sales the refund may name and the sales
// ClearDesk refunded (RefundContext). The matcher's own rules then apply as in one run: ClearDesk's request wins,
// the run's own copy of a sale wins over the store's, and a customer with nothing open takes its one company code.
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain';
import { matchPayments, type MatchableTransaction, type RefundContext } from '../../../shared/matching';
import { ACME, invoice, payment } from './helpers';

const early = { utc: '2025-03-01T17:00:00.000Z', original: '' };
const late = { utc: '2025-03-04T17:00:00.000Z', original: '' };
const refundOf = (o: Parameters<typeof payment>[1] = {}) => payment('30.00', { kind: 'refund', createdAt: late, ...o });
const context = (
  earlierSales: readonly { t: MatchableTransaction; customer: string | null; refunded?: number }[],
  origins: [number, { saleId: number; how: string }][] = [],
): RefundContext => ({ earlierSales, origins: new Map(origins) });

describe('a refund of a sale from an earlier sync', () => {
  const sale = payment('100.00', { invoiceId: '90001234', createdAt: early });

  it('finds the earlier sale by its invoice and debits the customer its proposal decided', () => {
    const refund = refundOf({ invoiceId: '90001234' });
    const [r] = matchPayments({
      transactions: [refund],
      openItems: [],
      customers: [ACME],
      refundContext: context([{ t: sale, customer: '0000100001' }]),
    });
    expect(r).toMatchObject({
      case: 'refund',
      relatedTransactionId: sale.source.transaction_id,
      customer: '0000100001',
      // Nothing of the customer is open (the sale's payment took the invoice): its one company code.
      companyCode: '1000',
    });
    expect(r!.reasons[0]).toMatch(new RegExp(`^refund of sale ${sale.source.transaction_id} \\(invoice 90001234\\)`));
    expect(r!.confidence).toBeLessThanOrEqual(0.3);
    expect(r!.reasons.join(' ')).toMatch(/no open credit of 0000100001/);
  });

  it("ClearDesk's own refund request names the sale, over a same-invoice sale of the run", () => {
    const other = payment('100.00', { invoiceId: '90001234', createdAt: early });
    const refund = refundOf({ invoiceId: '90001234' });
    const how = "ClearDesk's refund request 7 (30.00 USD), prepared by alice, approved by bob";
    const [, r] = matchPayments({
      transactions: [other, refund],
      openItems: [invoice('90001234', '100.00')],
      customers: [ACME],
      refundContext: context(
        [{ t: sale, customer: '0000100001' }],
        [[refund.source.transaction_id, { saleId: sale.source.transaction_id, how }]],
      ),
    });
    expect(r!.relatedTransactionId).toBe(sale.source.transaction_id);
    expect(r!.reasons[0]).toContain(how);
  });

  it("the run's own copy of a sale wins over the store's (its customer is this run's decision)", () => {
    const refund = refundOf({ invoiceId: '90001234' });
    const [, r] = matchPayments({
      transactions: [sale, refund],
      openItems: [invoice('90001234', '100.00')],
      customers: [ACME],
      refundContext: context([{ t: sale, customer: '0000999999' }]),
    });
    expect(r).toMatchObject({ relatedTransactionId: sale.source.transaction_id, customer: '0000100001' });
  });

  it('a customer in two company codes with nothing open gets none: a clerk picks it', () => {
    const twice: Customer[] = [ACME, { ...ACME, source: { ...ACME.source, BUKRS: '2000' } }];
    const [r] = matchPayments({
      transactions: [refundOf({ invoiceId: '90001234' })],
      openItems: [],
      customers: twice,
      refundContext: context([{ t: sale, customer: '0000100001' }]),
    });
    expect(r).toMatchObject({ customer: '0000100001', companyCode: null });
  });

  it('a payment on account of a customer with nothing open gets no company code from the master', () => {
    const [p] = matchPayments({
      transactions: [payment('45.00', { vaultCustomerId: 'ACME01', createdAt: late })],
      openItems: [],
      customers: [ACME],
    });
    expect(p).toMatchObject({ customer: '0000100001', companyCode: null });
  });

  it('two refunds of one invoice paid by two sales: each sale is refunded once, not the later one twice', () => {
    const first = payment('250.00', { invoiceId: '90007777', createdAt: early });
    const second = payment('250.00', {
      invoiceId: '90007777',
      createdAt: { utc: '2025-03-02T17:00:00.000Z', original: '' },
    });
    const refunds = [refundOf({ invoiceId: '90007777' }), refundOf({ invoiceId: '90007777' })].map((r) => ({
      ...r,
      amount: second.amount,
    }));
    const out = matchPayments({
      transactions: refunds,
      openItems: [],
      customers: [ACME],
      refundContext: context([
        { t: first, customer: '0000100001' },
        { t: second, customer: '0000100001' },
      ]),
    });
    expect(out.map((p) => p.relatedTransactionId)).toEqual([second.source.transaction_id, first.source.transaction_id]);
    // The later sale refunded in full by an earlier sync: the refund is the other sale's.
    const [again] = matchPayments({
      transactions: [refunds[0]!],
      openItems: [],
      customers: [ACME],
      refundContext: context([
        { t: first, customer: '0000100001' },
        { t: second, customer: '0000100001', refunded: 25000 },
      ]),
    });
    expect(again!.relatedTransactionId).toBe(first.source.transaction_id);
  });
});
