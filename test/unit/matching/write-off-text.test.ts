// How reasons name a write-off's account, and the rewrite when the G/L rules move it
// (shared/matching/write-off-text.ts).
import { describe, expect, it } from 'vitest';
import { glAccountText, reasonsWithAccount } from '../../../shared/matching';

describe('reasonsWithAccount', () => {
  it('renames every mention of the account and nothing that only starts like it', () => {
    const reasons = [
      `amount short by 0.50 USD, within tolerance: difference to ${glAccountText('0000880000')}`,
      'invoice 90001234 named in the description',
      `to ${glAccountText('0000880000')}; not ${glAccountText('00008800001')} nor ${glAccountText('0000880000-B')}`,
    ];
    expect(reasonsWithAccount(reasons, '0000880000', '0000880500')).toEqual([
      'amount short by 0.50 USD, within tolerance: difference to G/L 0000880500',
      'invoice 90001234 named in the description',
      'to G/L 0000880500; not G/L 00008800001 nor G/L 0000880000-B',
    ]);
  });

  it('takes an account with characters a pattern would read', () => {
    expect(reasonsWithAccount(['to G/L 88.00+', 'to G/L 88a00'], '88.00+', '880500')).toEqual([
      'to G/L 880500',
      'to G/L 88a00',
    ]);
  });
});
