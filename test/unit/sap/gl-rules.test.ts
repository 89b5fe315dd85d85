import { describe, expect, it } from 'vitest';
import {
  GlRuleMissingError,
  GlRulesFormatError,
  parseDeductionReason,
  parseGlRules,
  resolveGlAccount,
} from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';

const rules = parseGlRules([
  { companyCode: '*', transactionType: 'sale', paymentMethod: '*', account: '113100' },
  { companyCode: '*', transactionType: 'sale', paymentMethod: 'amex', account: '113110' },
  { companyCode: '2000', transactionType: 'sale', paymentMethod: '*', account: '213100' },
  { companyCode: '2000', transactionType: 'sale', paymentMethod: 'Visa', account: '213120' },
]);

describe('G/L determination', () => {
  it('takes the most specific rule: company code and brand, then company code, then brand, then the wildcard', () => {
    expect(resolveGlAccount(rules, '2000', 'sale', 'visa').account).toBe('0000213120');
    expect(resolveGlAccount(rules, '2000', 'sale', 'amex').account).toBe('0000213100');
    expect(resolveGlAccount(rules, '1000', 'sale', 'amex').account).toBe('0000113110');
    expect(resolveGlAccount(rules, '1000', 'sale', 'discover').account).toBe('0000113100');
  });

  it('says which rule is missing', () => {
    expect(() => resolveGlAccount(rules, '1000', 'chargeback', 'visa')).toThrow(GlRuleMissingError);
    expect(() => resolveGlAccount(rules, '1000', 'chargeback', 'visa')).toThrow(
      /company code 1000, transaction type chargeback/,
    );
  });

  it('rejects a malformed rule with its position', () => {
    expect(() =>
      parseGlRules([{ companyCode: '*', transactionType: 'tip', paymentMethod: '*', account: '1' }]),
    ).toThrow(GlRulesFormatError);
    expect(() =>
      parseGlRules([{ companyCode: '*', transactionType: 'sale', paymentMethod: '*', account: '' }]),
    ).toThrow(/G\/L rule 1/);
    // A misspelt brand would never apply: the file is refused, not read with a dead rule.
    expect(() =>
      parseGlRules([
        { companyCode: '*', transactionType: 'sale', paymentMethod: 'Visa', account: '113100' },
        { companyCode: '*', transactionType: 'sale', paymentMethod: 'mastercrd', account: '113100' },
      ]),
    ).toThrow('G/L rule 2: paymentMethod "mastercrd" is not one of *, visa, mastercard, amex, discover, jcb, diners');
  });

  it('the shipped defaults cover every transaction type', () => {
    const defaults = parseGlRules(glRules);
    for (const t of ['sale', 'refund', 'chargeback', 'fee', 'write-off', 'suspense'] as const)
      expect(resolveGlAccount(defaults, '9999', t, 'visa').account).toMatch(/^\d{10}$/);
  });
});

describe('deductionReason', () => {
  it('is the RSTGR of a deduction’s residual item: shipped as D01, refused when SAP cannot hold it', () => {
    expect(parseDeductionReason(glRules)).toBe('D01');
    expect(parseDeductionReason({ rules: [] })).toBeUndefined();
    expect(() => parseDeductionReason({ deductionReason: 'd1' })).toThrow(/not a SAP reason code/);
    expect(() => parseDeductionReason({ deductionReason: 'DEDU' })).toThrow(/not a SAP reason code/);
  });
});
