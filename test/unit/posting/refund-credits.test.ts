// What a refund clears (shared/posting/refund-credits.ts): the sale's residual on account first,
// then a credit memo for the invoice, then another open credit of exactly what is left.
import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../shared/domain';
import { money } from '../../../shared/money';
import { refundCredits } from '../../../shared/posting';

const item = (
  BELNR: string,
  minor: number,
  reference: string,
  postingDate = '2026-11-01',
  customer = '0000100001',
): OpenItem => ({
  source: { BUKRS: '1000', BELNR, GJAHR: '2026', BUZEI: '001' },
  customer,
  amount: money(minor, 'USD'),
  reference,
  assignment: reference,
  documentType: minor < 0 ? 'DG' : 'DR',
  postingDate,
  documentDate: postingDate,
  dueDate: null,
  text: '',
});

const sale = { source: { transaction_id: 555 }, invoiceId: '90001234' };
const refund = (minor: number) => ({ amount: money(minor, 'USD'), invoiceId: '' });

describe('refundCredits', () => {
  it('takes the sale’s residual on account first, then the credit memo for its invoice', () => {
    const choice = refundCredits({
      refund: refund(10000),
      sale,
      customer: '0000100001',
      openItems: [
        item('1700000001', -8000, '90001234'),
        item('1400000009', -3000, 'PT555P'),
        item('1800000001', 5000, '90001234'),
      ],
    });
    expect(choice.credits.map((c) => [c.item.source.BELNR, c.amount.minor])).toEqual([
      ['1400000009', 3000],
      ['1700000001', 7000],
    ]);
    expect(choice.uncovered.minor).toBe(0);
  });

  it('another open credit only when it is exactly what is left; another customer’s never', () => {
    const openItems = [
      item('1700000002', -2500, 'CM-77', '2026-10-01'),
      item('1700000003', -4000, 'CM-78', '2026-10-02'),
      item('1700000004', -4000, 'CM-79', '2026-10-03', '0000100002'),
    ];
    const exact = refundCredits({ refund: refund(4000), sale: null, customer: '0000100001', openItems });
    expect(exact.credits.map((c) => c.item.source.BELNR)).toEqual(['1700000003']);
    const none = refundCredits({ refund: refund(3000), sale: null, customer: '0000100001', openItems });
    expect(none.credits).toEqual([]);
    expect(none.uncovered).toEqual(money(3000, 'USD'));
  });

  it('a credit the refund names by its reference or document number, before one of the same amount that is older', () => {
    const openItems = [
      item('1700000011', -4000, 'CM-80', '2026-10-01'),
      item('1700000012', -4000, '91200431', '2026-10-20'),
    ];
    const named = refundCredits({
      refund: { ...refund(4000), description: 'Refund credit memo 0091200431' },
      sale: null,
      customer: '0000100001',
      openItems,
    });
    expect(named.credits.map((c) => c.item.source.BELNR)).toEqual(['1700000012']);
    expect(named.credits[0]!.why).toMatch(/91200431.*which the refund names/);
    expect(named.ambiguous).toEqual([]);
    const byBelnr = refundCredits({
      refund: { amount: money(4000, 'USD'), invoiceId: '1700000011', description: '' },
      sale: null,
      customer: '0000100001',
      openItems,
    });
    expect(byBelnr.credits.map((c) => c.item.source.BELNR)).toEqual(['1700000011']);
  });

  it('two open credits of exactly the amount and no name: the oldest, and both reported as ambiguous', () => {
    const openItems = [
      item('1700000022', -4000, 'CM-82', '2026-10-20'),
      item('1700000021', -4000, 'CM-81', '2026-10-01'),
    ];
    const choice = refundCredits({ refund: refund(4000), sale: null, customer: '0000100001', openItems });
    expect(choice.credits.map((c) => c.item.source.BELNR)).toEqual(['1700000021']);
    expect(choice.ambiguous.map((i) => i.source.BELNR)).toEqual(['1700000021', '1700000022']);
    expect(choice.uncovered.minor).toBe(0);
  });
});
