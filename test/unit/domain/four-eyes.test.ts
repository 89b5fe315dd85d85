// Four eyes on what a person decides alone for a payment nobody could place: a customer a person
// chose to post on account, and any posting to suspense. And the suspense account setting's form.
import { describe, expect, it } from 'vitest';
import { channels } from '../../../shared/api';
import { DEFAULT_FOUR_EYES, fourEyesReasons, type FourEyesPolicy, type FourEyesSubject } from '../../../shared/domain';

const usd = (minor: number) => ({ minor, currency: 'USD' });
const item = {
  item: { BUKRS: '1000', BELNR: '1800000001', GJAHR: '2026', BUZEI: '001' },
  amount: usd(5000),
};

function subject(
  over: Partial<FourEyesSubject['proposal']>,
  customerChangedFrom: string | null = null,
): FourEyesSubject {
  return {
    companyCode: '1000',
    amount: usd(5000),
    proposal: { customer: '0000100002', writeOff: null, items: [], correctedBy: null, ...over },
    customerChangedFrom,
  };
}

describe('four eyes for a No match payment', () => {
  it('a customer a person chose for an on-account posting needs a second person', () => {
    expect(fourEyesReasons(DEFAULT_FOUR_EYES, subject({ correctedBy: 'mia' }))).toEqual([
      'mia chose customer 0000100002 to post it on account',
    ]);
  });

  it('the matcher’s own on-account remainder, or a correction that applies invoices, is no such choice', () => {
    expect(fourEyesReasons(DEFAULT_FOUR_EYES, subject({ correctedBy: null }))).toEqual([]);
    expect(fourEyesReasons(DEFAULT_FOUR_EYES, subject({ correctedBy: 'mia', items: [item] }))).toEqual([]);
  });

  it('a move to another customer is named once, as the customer change', () => {
    expect(fourEyesReasons(DEFAULT_FOUR_EYES, subject({ correctedBy: 'mia' }, '0000100001'))).toEqual([
      'a correction moved it from customer 0000100001 to 0000100002',
    ]);
  });

  it('suspense always asks for a second person under the default rules, and the rule can be switched off', () => {
    expect(fourEyesReasons(DEFAULT_FOUR_EYES, subject({ customer: null, correctedBy: 'mia' }))).toEqual([
      'it posts to the suspense account',
    ]);
    const lax: FourEyesPolicy = {
      rules: [{ companyCode: '*', amountAbove: null, writeOffs: true, customerChanges: false, suspense: false }],
    };
    expect(fourEyesReasons(lax, subject({ customer: null, correctedBy: 'mia' }))).toEqual([]);
    expect(fourEyesReasons(lax, subject({ correctedBy: 'mia' }))).toEqual([]);
  });
});

describe('the suspense account setting', () => {
  const update = channels['settings.update'].request;
  const parse = (account: string) =>
    update.safeParse({ suspenseAccounts: { rules: [{ companyCode: '1000', account }] } });

  it('keeps a G/L account with SAP’s leading zeros', () => {
    const parsed = parse(' 113999 ');
    expect(parsed.success && parsed.data.suspenseAccounts).toEqual({
      rules: [{ companyCode: '1000', account: '0000113999' }],
    });
  });

  it.each(['', '11A999', '12345678901', '0000000000'])('refuses %j with a reason', (account) => {
    const parsed = parse(account);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]!.message).toMatch(/G\/L account/);
  });
});
