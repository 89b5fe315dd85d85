import { describe, expect, it } from 'vitest';
import { reconcileSettlementBatch } from '../../../shared/matching';
import { parseMoney } from '../../../shared/money';
import { payment } from './helpers';

describe('a settlement batch against what was posted for it', () => {
  const sale1 = payment('100.00', { batch: 12, source: { transaction_id: 1 } });
  const sale2 = payment('50.00', { batch: 12, source: { transaction_id: 2 } });
  const refund = payment('30.00', { kind: 'refund', batch: 12, source: { transaction_id: 3 } });
  const other = payment('999.00', { batch: 13, source: { transaction_id: 4 } });

  it('balances when sales minus refunds equal the postings', () => {
    const r = reconcileSettlementBatch(
      12,
      [sale1, sale2, refund, other],
      [
        { transactionId: 1, amount: parseMoney('100.00', 'USD') },
        { transactionId: 2, amount: parseMoney('50.00', 'USD') },
        { transactionId: 3, amount: parseMoney('-30.00', 'USD') },
      ],
      'USD',
      parseMoney('120.00', 'USD'),
    );
    expect(r.balanced).toBe(true);
    expect(r.expectedNet.minor).toBe(12000);
    expect(r.difference.minor).toBe(0);
  });

  it('shows the difference, what is not posted and what was posted from outside the batch', () => {
    const r = reconcileSettlementBatch(
      12,
      [sale1, sale2, refund, other],
      [
        { transactionId: 1, amount: parseMoney('100.00', 'USD') },
        { transactionId: 4, amount: parseMoney('999.00', 'USD') },
      ],
      'USD',
    );
    expect(r.balanced).toBe(false);
    expect(r.difference.minor).toBe(2000);
    expect(r.notPosted).toEqual([2, 3]);
    expect(r.postedOutsideBatch).toEqual([4]);
  });
});
