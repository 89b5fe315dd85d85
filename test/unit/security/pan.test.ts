// No card number reaches the database, logs or exports: the scanner finds Luhn-valid 13–19 digit
// runs however they are written, and leaves ids, dates and amounts alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsCardData,
  containsPan,
  luhnValid,
  maskPan,
  redactCardData,
  redactPans,
} from '../../../shared/security/pan';

/** Appends the Luhn check digit to a body of digits. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('card number scanner', () => {
  it('knows the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true); // Amex test card
  });

  it.each([
    ['plain Visa', 'paid with 4111111111111111 today', 'paid with ************1111 today'],
    ['grouped with spaces', 'card 4111 1111 1111 1111.', 'card ************1111.'],
    ['grouped with dashes (Amex 4-6-5)', 'amex 3782-822463-10005', 'amex ***********0005'],
    ['13-digit Visa', 'old card 4222222222222', 'old card *********2222'],
    [
      '19 digits',
      `x ${withCheckDigit('621234567890123456')} y`,
      `x ***************${withCheckDigit('621234567890123456').slice(-4)} y`,
    ],
    ['followed by an expiry group', '4111 1111 1111 1111 12 29', '************1111 12 29'],
    ['in JSON', '{"cc":"5555555555554444"}', '{"cc":"************4444"}'],
  ])('masks a card number %s', (_name, text, masked) => {
    expect(containsPan(text)).toBe(true);
    expect(redactPans(text)).toBe(masked);
    expect(containsPan(redactPans(text))).toBe(false);
  });

  it.each([
    ['a PayTrace transaction id', 'transaction_id 105968532'],
    ['an amount in minor units', 'amount_minor 1234567'],
    ['a number that fails Luhn', '4111111111111112'],
    ['an ISO timestamp', '2026-11-25T19:53:00.000Z'],
    ['dates and times in a row', 'from 2026-11-25 10 30 to 2026-11-26 11 45'],
    ['zero padding', '0000000000000000'],
    ['a 20-digit id', '41111111111111110000'],
    ['a masked card', 'xxxxxxxxxxxx1111'],
    ['an SAP document key', 'sap:1000/1800000123/2026'],
  ])('leaves %s alone', (_name, text) => {
    expect(containsPan(text)).toBe(false);
    expect(redactPans(text)).toBe(text);
  });

  it('errs on the safe side: a Luhn-valid 13–19 digit id is masked too (about one such id in ten)', () => {
    expect(redactPans('1000 1800000123 2026')).toBe('**********0123 2026');
  });

  it('finds any Luhn-valid 13–19 digit number written plain or in groups of four', () => {
    const pan = fc
      .integer({ min: 12, max: 18 })
      .chain((n) => fc.stringMatching(new RegExp(`^[2-6]\\d{${n - 1}}$`)))
      .map(withCheckDigit)
      .filter((p) => !/^(\d)\1+$/.test(p));
    fc.assert(
      fc.property(pan, fc.constantFrom('', ' ', '-'), fc.string(), (p, sep, tail) => {
        const written = sep ? p.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : p;
        const text = `ref ${written} ${tail.replace(/\d/g, 'x')}`;
        expect(containsPan(text)).toBe(true);
        expect(redactPans(text)).not.toContain(p.slice(0, 6));
        expect(redactPans(text)).toContain(maskPan(p));
      }),
      { numRuns: 300 },
    );
  });

  it('redacts inside nested records, including a card number sent as a JSON number', () => {
    const record = {
      transaction_id: 105968532,
      customer: { name: 'Ann', cards: ['4111111111111111'] },
      cc_number: 5555555555554444,
      when: new Date(0),
    };
    expect(containsCardData(record)).toBe(true);
    const clean = redactCardData(record);
    expect(clean).toEqual({
      transaction_id: 105968532,
      customer: { name: 'Ann', cards: ['************1111'] },
      cc_number: '************4444',
      when: new Date(0),
    });
    expect(containsCardData(clean)).toBe(false);
    expect(record.customer.cards[0]).toBe('4111111111111111'); // the input is not modified
  });

  it('survives a cyclic value', () => {
    const a: Record<string, unknown> = { cc: '4111111111111111' };
    a.self = a;
    expect(redactCardData(a)).toEqual({ cc: '************1111', self: '[cycle]' });
    expect(containsCardData(a)).toBe(true);
  });
});
