// Matching tolerances and G/L rules as an admin's settings (issue 12, point 7): the schema refuses what a rules
// file could not hold, in a finance admin's words; the merge over the rules files keeps every value the admin
// left unset, and an admin's G/L rule wins over the file's for the same company code, type and method only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GlAccountsSettingsSchema, MatchingSettingsSchema, SettingsSchema } from '../../../shared/api';
import { DEFAULT_RULES, mergeMatchingRules, overridesOf, parseRules, RulesError } from '../../../shared/matching';
import { findGlRule, mergeGlRules, parseDeductionReason, parseGlRules } from '../../../shared/posting';

const fileRules = parseRules(JSON.parse(readFileSync('resources/matching-rules.json', 'utf8')));
const glJson: unknown = JSON.parse(readFileSync('resources/gl-rules.json', 'utf8'));
const fileGl = { rules: parseGlRules(glJson), deductionReason: parseDeductionReason(glJson) };

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('the matching setting', () => {
  it('left empty, the rules are the file’s exactly', () => {
    const empty = MatchingSettingsSchema.parse({});
    expect(empty).toEqual({ toleranceByCurrency: [], stages: [], referencePrefixes: [] });
    expect(mergeMatchingRules(fileRules, empty)).toEqual(fileRules);
    expect(SettingsSchema.shape.matching.parse({})).toEqual(empty);
  });

  it('what the admin set wins; the rest, and per-currency tolerances not named, stay the file’s', () => {
    const merged = mergeMatchingRules(
      fileRules,
      MatchingSettingsSchema.parse({
        autoThreshold: 0.98,
        toleranceMinor: 25,
        toleranceByCurrency: [
          { minor: 50, currency: 'JPY' },
          { minor: 200, currency: 'EUR' },
        ],
        autoRequiresSettled: false,
        soleAmount: 'suggest',
        // Saved before ClearDesk stopped reading short payments as card fees: still loads, no longer read.
        cardFeeMaxBasisPoints: 300,
      }),
    );
    expect(merged.autoThreshold).toBe(0.98);
    expect(merged.suggestThreshold).toBe(fileRules.suggestThreshold);
    expect(merged.autoRequiresSettled).toBe(false);
    expect(merged.soleAmount).toBe('suggest');
    expect(merged.tolerance).toEqual({
      absoluteMinor: 25,
      absoluteMinorByCurrency: { ...fileRules.tolerance.absoluteMinorByCurrency, JPY: 50, EUR: 200 },
      percentBasisPoints: fileRules.tolerance.percentBasisPoints,
    });
    expect(merged).not.toHaveProperty('cardFee');
    expect(merged.dateWindowDays).toBe(fileRules.dateWindowDays);
    expect(merged.stages).toEqual(fileRules.stages);
    // The file's rules are not changed by a merge.
    expect(fileRules.tolerance.absoluteMinor).toBe(DEFAULT_RULES.tolerance.absoluteMinor);
  });

  it('refuses bad values with words a finance admin understands', () => {
    expect(
      messages(
        MatchingSettingsSchema.safeParse({
          autoThreshold: 1.5,
          toleranceMinor: 2.5,
          dateWindowDays: 0,
          tolerancePercentBasisPoints: -1,
          toleranceByCurrency: [
            { minor: 100, currency: 'XYZ' },
            { minor: -1, currency: 'USD' },
          ],
        }),
      ),
    ).toEqual({
      autoThreshold: 'The automatic threshold is a percentage from 0 to 100',
      toleranceMinor: 'Give the tolerance in minor units (cents) as a whole number',
      dateWindowDays: 'The date window in days is at least 1',
      tolerancePercentBasisPoints: 'The percentage tolerance in basis points is at least 0',
      'toleranceByCurrency.0.currency': 'Give an ISO 4217 currency code, such as USD or JPY',
      'toleranceByCurrency.1.minor': 'A tolerance is 0 or more',
    });
    expect(
      messages(
        MatchingSettingsSchema.safeParse({
          toleranceByCurrency: [
            { minor: 100, currency: 'JPY' },
            { minor: 5, currency: 'JPY' },
          ],
        }),
      ),
    ).toEqual({ 'toleranceByCurrency.1': 'JPY has two tolerances; keep one' });
  });

  it('checks suggest <= auto, in the setting and against the file’s other threshold', () => {
    expect(messages(MatchingSettingsSchema.safeParse({ autoThreshold: 0.5, suggestThreshold: 0.6 }))).toEqual({
      suggestThreshold: 'The suggestion threshold must not be above the automatic threshold',
    });
    // Only the suggestion threshold set, above the file's automatic one: the merge says which numbers clash.
    const over = MatchingSettingsSchema.parse({ suggestThreshold: 0.97 });
    expect(() => mergeMatchingRules(fileRules, over)).toThrow(RulesError);
    expect(() => mergeMatchingRules(fileRules, over)).toThrow(
      /suggestion threshold \(97 %\) is above the automatic threshold \(95 %\)/,
    );
    expect(
      mergeMatchingRules(fileRules, MatchingSettingsSchema.parse({ suggestThreshold: 0.95 })).suggestThreshold,
    ).toBe(0.95);
  });
});

describe('stages, invoice-number prefixes and multi-invoice limits as settings', () => {
  it('replace the file’s when set, keep them when empty or unset', () => {
    const set = MatchingSettingsSchema.parse({
      stages: [
        { id: 'scored', mode: 'suggest' },
        { id: 'exact-key', mode: 'suggest' },
      ],
      referencePrefixes: [' fact ', 'Inv'],
      multiInvoiceMaxItems: 3,
      multiInvoiceMaxCandidates: 12,
      clearedLookbackDays: 365,
    });
    expect(set.referencePrefixes).toEqual(['FACT', 'INV']);
    const merged = mergeMatchingRules(fileRules, set);
    expect(merged.stages).toEqual([
      { id: 'scored', mode: 'suggest' },
      { id: 'exact-key', mode: 'suggest' },
    ]);
    expect(merged.referencePrefixes).toEqual(['FACT', 'INV']);
    expect(merged.multiInvoice).toEqual({ maxItems: 3, maxCandidates: 12 });
    expect(merged.clearedLookbackDays).toBe(365);
    expect(mergeMatchingRules(fileRules, {}).clearedLookbackDays).toBe(90);
    expect(messages(MatchingSettingsSchema.safeParse({ clearedLookbackDays: 0 }))).toEqual({
      clearedLookbackDays: 'The look-back for invoices cleared in SAP, in days, is at least 1',
    });
    const unset = mergeMatchingRules(fileRules, MatchingSettingsSchema.parse({ multiInvoiceMaxCandidates: 40 }));
    expect(unset.stages).toEqual(fileRules.stages);
    expect(unset.referencePrefixes).toEqual(fileRules.referencePrefixes);
    expect(unset.multiInvoice).toEqual({ maxItems: fileRules.multiInvoice.maxItems, maxCandidates: 40 });
  });

  it('refuses a stage twice, a stage or mode that does not exist, a prefix that is not a word, limits out of range', () => {
    expect(
      messages(
        MatchingSettingsSchema.safeParse({
          stages: [
            { id: 'scored', mode: 'suggest' },
            { id: 'fuzzy', mode: 'always' },
          ],
          referencePrefixes: ['INV', 'inv', 'IN-V', '123'],
          multiInvoiceMaxItems: 9,
          multiInvoiceMaxCandidates: 1,
        }),
      ),
    ).toEqual({
      'stages.1.id': 'Choose a stage: exact-key, customer, scored, refund, suspense',
      'stages.1.mode': 'Choose auto, suggest or none',
      'referencePrefixes.1': 'INV is listed twice; keep one',
      'referencePrefixes.2': 'A prefix is 1 to 20 letters or digits, such as INV (separators are ignored)',
      'referencePrefixes.3': 'A prefix needs a letter: a number alone would be read as one',
      multiInvoiceMaxItems: 'The most invoices one payment pays is at most 8',
      multiInvoiceMaxCandidates: 'The open items tried for a sum of invoices is at least 2',
    });
    const twice = [
      { id: 'scored', mode: 'suggest' },
      { id: 'scored', mode: 'auto' },
    ];
    expect(messages(MatchingSettingsSchema.safeParse({ stages: twice }))).toEqual({
      'stages.1.id': 'The scored stage is listed twice; keep one',
    });
    expect(messages(MatchingSettingsSchema.safeParse({ stages: [{ id: 'scored', mode: 'none' }] }))).toEqual({
      stages: 'Every stage is set to none: no payment would ever be matched. Let one stage suggest.',
    });
  });

  it('the file’s values in the setting’s shape merge back to the file’s rules exactly', () => {
    const values = overridesOf(fileRules);
    expect(MatchingSettingsSchema.parse(values)).toEqual(values);
    expect(mergeMatchingRules(fileRules, values)).toEqual(fileRules);
  });

  it('checks the limits against each other and the file’s', () => {
    const over = MatchingSettingsSchema.parse({ multiInvoiceMaxCandidates: 4 });
    expect(() => mergeMatchingRules(fileRules, over)).toThrow(
      /tried over 4 open items but may take up to 5: try at least as many open items/,
    );
    expect(mergeMatchingRules(fileRules, { ...over, multiInvoiceMaxItems: 4 }).multiInvoice).toEqual({
      maxItems: 4,
      maxCandidates: 4,
    });
  });
});

describe('the G/L accounts setting', () => {
  const rule = {
    companyCode: '1000',
    transactionType: 'write-off',
    paymentMethod: '*',
    account: '880100',
    text: 'Small differences, 1000',
    costCenter: '4200',
  };

  it('keeps accounts and numeric centres with leading zeros, methods in lower case', () => {
    const parsed = GlAccountsSettingsSchema.parse({
      rules: [{ ...rule, paymentMethod: 'AMEX' }],
      deductionReason: 'd02',
    });
    expect(parsed).toEqual({
      rules: [{ ...rule, paymentMethod: 'amex', account: '0000880100', costCenter: '0000004200' }],
      deductionReason: 'D02',
    });
  });

  it('refuses bad rules with words a finance admin understands', () => {
    expect(
      messages(
        GlAccountsSettingsSchema.safeParse({
          rules: [
            { ...rule, account: '12345678901' },
            { ...rule, companyCode: '10000', transactionType: 'gift', costCenter: 'KST-1' },
            { ...rule, account: '0000' },
            { ...rule, paymentMethod: 'mastercrd' },
          ],
          deductionReason: 'D001',
        }),
      ),
    ).toEqual({
      'rules.0.account': 'A G/L account has 1 to 10 digits, such as 113100 or 0000113100',
      'rules.1.companyCode': 'Give a company code (up to 4 letters or digits), or * for every one',
      'rules.1.transactionType': 'Choose one of sale, refund, chargeback, fee, write-off, discount, suspense',
      'rules.1.costCenter': 'A cost centre has 1 to 10 letters or digits, such as 4100',
      'rules.2.account': 'A G/L account is not all zeros',
      'rules.3.paymentMethod': 'Choose one of *, visa, mastercard, amex, discover, jcb, diners',
      deductionReason: 'A reason code (RSTGR) has 1 to 3 letters or digits, such as D01',
    });
    expect(
      messages(
        GlAccountsSettingsSchema.safeParse({ rules: [rule, { ...rule, account: '880200' }], deductionReason: null }),
      ),
    ).toEqual({ 'rules.1.paymentMethod': 'Company code 1000, write-off, * has two rules; keep one' });
  });

  it('an admin’s rule wins over the file’s for the same three keys only; unset keeps the file’s', () => {
    expect(mergeGlRules(fileGl, { rules: [], deductionReason: null })).toEqual({
      rules: fileGl.rules,
      deductionReason: 'D01',
    });
    const setting = GlAccountsSettingsSchema.parse({
      rules: [
        { ...rule, companyCode: '*', account: '880900', text: 'Differences (admin)' },
        { ...rule, transactionType: 'sale', paymentMethod: 'visa', account: '113120', text: 'Visa clearing 1000' },
      ],
      deductionReason: 'D09',
    });
    const merged = mergeGlRules(fileGl, setting);
    expect(merged.deductionReason).toBe('D09');
    // Same company code, type and method as a file rule: the admin's replaces it.
    expect(merged.rules.filter((r) => r.transactionType === 'write-off')).toEqual([
      {
        companyCode: '*',
        transactionType: 'write-off',
        paymentMethod: '*',
        account: '0000880900',
        text: 'Differences (admin)',
        costCenter: '0000004200',
      },
    ]);
    expect(findGlRule(merged.rules, '1000', 'write-off', 'visa')?.account).toBe('0000880900');
    // A more specific rule is added; the file's '*' rules still serve everything else.
    expect(findGlRule(merged.rules, '1000', 'sale', 'visa')?.account).toBe('0000113120');
    expect(findGlRule(merged.rules, '2000', 'sale', 'visa')?.account).toBe('0000113100');
    expect(findGlRule(merged.rules, '1000', 'sale', 'amex')?.account).toBe('0000113110');
    expect(merged.rules).toHaveLength(fileGl.rules.length + 1);
  });
});
