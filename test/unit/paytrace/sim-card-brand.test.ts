// The PayTrace simulator's own card brand detection from the IIN ranges, at the edges of each range.
import { describe, expect, it } from 'vitest';
import { simCardBrand } from '../../../electron/sandbox/paytrace/card-brand';
import { TEST_CARDS, cardFrom } from '../../../electron/sandbox/paytrace/request';

const pad = (prefix: string): string => prefix.padEnd(16, '0');

describe("the PayTrace simulator's card brands", () => {
  it("names PayTrace's sandbox test cards", () => {
    expect(simCardBrand(TEST_CARDS.visa)).toBe('VISA');
    expect(simCardBrand(TEST_CARDS.mastercard)).toBe('MASTERCARD');
    expect(simCardBrand(TEST_CARDS.amex)).toBe('AMEX');
    expect(simCardBrand(TEST_CARDS.discover)).toBe('DISCOVER');
  });

  it.each([
    ['4', 'VISA'],
    ['51', 'MASTERCARD'],
    ['55', 'MASTERCARD'],
    ['2221', 'MASTERCARD'],
    ['2720', 'MASTERCARD'],
    ['34', 'AMEX'],
    ['37', 'AMEX'],
    ['6011', 'DISCOVER'],
    ['644', 'DISCOVER'],
    ['649', 'DISCOVER'],
    ['65', 'DISCOVER'],
    ['622126', 'DISCOVER'],
    ['622925', 'DISCOVER'],
    ['3528', 'JCB'],
    ['3589', 'JCB'],
    ['300', 'DINERS'],
    ['305', 'DINERS'],
    ['36', 'DINERS'],
    ['38', 'DINERS'],
    ['39', 'DINERS'],
  ])('a number starting %s is %s', (prefix, brand) => {
    expect(simCardBrand(pad(prefix))).toBe(brand);
  });

  it.each([
    '50',
    '56',
    '2220',
    '2721',
    '6010',
    '6012',
    '643',
    '622125',
    '622926',
    '3527',
    '3590',
    '306',
    '35',
    '1',
    '9',
  ])('a number starting %s is in no range', (prefix) => {
    expect(simCardBrand(pad(prefix))).toBe('');
  });

  it('needs as many digits as the range has', () => {
    expect(simCardBrand('6')).toBe('');
    expect(simCardBrand('')).toBe('');
  });

  it('is kept on a keyed card, with the BIN and last four', () => {
    const card = cardFrom({ credit_card: { number: '3530 1113 3330 0000', expiration_month: 1, expiration_year: 30 } });
    expect(card).toMatchObject({ brand: 'JCB', bin: '353011', last4: '0000' });
  });
});
