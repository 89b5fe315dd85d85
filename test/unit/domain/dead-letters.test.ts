// Which dead letters may be retried, and how: one rule for the core and the screen.
import { describe, expect, it } from 'vitest';
import { canRetryDeadLetter, deadLetterRemedy, retryText } from '../../../shared/domain/dead-letters';
import { reversalRequestText } from '../../../shared/domain/reversal';

const letter = (source: string, sourceKey: string | null, error = 'boom') => ({ source, sourceKey, error });

describe('deadLetterRemedy', () => {
  it('a refused payment posting is approved again; a refused reversal is prepared again on the payment', () => {
    expect(deadLetterRemedy(letter('posting', 'PT7101P'))).toEqual({
      kind: 'repost',
      reference: 'PT7101P',
      transactionId: 7101,
    });
    expect(deadLetterRemedy(letter('posting', 'PT7101P2'))).toMatchObject({ kind: 'repost', transactionId: 7101 });
    expect(deadLetterRemedy(letter('posting', 'PT7101X'))).toEqual({ kind: 'reverse', transactionId: 7101 });
    expect(deadLetterRemedy(letter('posting', 'not a reference'))).toEqual({ kind: 'none' });
    // A dispute case's posting is prepared again on its case, not approved again as the sale's payment.
    for (const key of ['PT7101C', 'PT7101C2', 'PT7101W', 'PT7101Y'])
      expect(deadLetterRemedy(letter('posting', key))).toEqual({ kind: 'none' });
    expect(retryText(letter('posting', 'PT7101P'))).toContain('Approve transaction 7101 again');
  });

  it('an export range or a record PayTrace gave unreadable is read again by a sync; a void after posting asks for a reversal', () => {
    expect(deadLetterRemedy(letter('paytrace', 'export:2026-11-01..2026-11-02'))).toEqual({ kind: 'resync' });
    expect(deadLetterRemedy(letter('paytrace', 'record:3f2a9c'))).toEqual({ kind: 'resync' });
    expect(deadLetterRemedy(letter('paytrace', '987654321'))).toEqual({ kind: 'resync' });
    expect(deadLetterRemedy(letter('paytrace', '7101', reversalRequestText(7101, 'voided')))).toEqual({
      kind: 'reverse',
      transactionId: 7101,
    });
    expect(canRetryDeadLetter(letter('paytrace', '7101', reversalRequestText(7101, 'voided')))).toBe(false);
  });

  it('what ClearDesk cannot run again is only resolved', () => {
    for (const l of [letter('paytrace', 'refund-twice:4'), letter('sap', null), letter('import', 'row 3')]) {
      expect(deadLetterRemedy(l)).toEqual({ kind: 'none' });
      expect(canRetryDeadLetter(l)).toBe(false);
      expect(retryText(l)).toBeNull();
    }
  });
});
