import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AmountFormatError,
  allocate,
  currencyExponent,
  formatMoney,
  fromPayTraceAmount,
  minorToDecimal,
  decimalToMinor,
  parseMoney,
  percentOf,
  percentThousandthsOf,
  sum,
  toDecimal,
  typedAmountToMinor,
  UnknownCurrencyError,
} from '../../../shared/money';

describe('currency exponents (ISO 4217)', () => {
  it('knows JPY 0, USD 2, KWD 3', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });
  it('refuses a code that is not ISO with a message that says what to do', () => {
    expect(() => currencyExponent('RMB')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('XYZ')).toThrow(/TCURC-ISOCD/);
  });
});

describe('decimal text <-> minor units', () => {
  it('round-trips any integer amount in any exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.constantFrom(0, 2, 3, 4), (minor, exp) => {
        expect(decimalToMinor(minorToDecimal(minor, exp), exp)).toBe(minor);
      }),
    );
  });
  it('round-trips Money through its decimal text for JPY, USD and KWD', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('JPY', 'USD', 'KWD'), (minor, currency) => {
        const m = { minor, currency };
        expect(parseMoney(toDecimal(m), currency)).toEqual(m);
      }),
    );
  });
  it('accepts trailing zeros beyond the exponent (SAP BCD "100.0000") but not digits', () => {
    expect(parseMoney('100.0000', 'USD').minor).toBe(10000);
    expect(parseMoney('1000.0000', 'JPY').minor).toBe(1000);
    expect(() => parseMoney('8.105', 'USD')).toThrow(/3 decimals; the currency allows 2/);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(AmountFormatError);
    expect(parseMoney('12.345', 'KWD').minor).toBe(12345);
    expect(() => parseMoney('12.3456', 'KWD')).toThrow(AmountFormatError);
  });
  it('rejects text that is not an amount', () => {
    for (const bad of [
      '',
      'abc',
      '1,000.00',
      '1e3',
      '--1',
      '1.2.3',
      ' . ',
      '+',
      '-',
      '.',
      '+-1',
      '1 000',
      '\uff11',
      '0x10',
      '1.0a',
    ]) {
      expect(() => parseMoney(bad, 'USD'), bad).toThrow(AmountFormatError);
    }
  });
  it('reads the decimal forms exactly: signs, a bare point on either side, leading zeros, -0', () => {
    const cases: [string, number, number][] = [
      ['8.10', 2, 810],
      ['+8.1', 2, 810],
      ['-1234.5', 2, -123450],
      ['.5', 2, 50],
      ['-.05', 2, -5],
      ['5.', 2, 500],
      ['0007.25', 2, 725],
      ['-0.00', 2, 0],
      [' 12 ', 0, 12],
      ['12.000', 0, 12],
      ['0.001', 3, 1],
      ['9007199254740.991', 3, 9007199254740991],
    ];
    for (const [text, exp, minor] of cases) {
      expect(decimalToMinor(text, exp), text).toBe(minor);
      expect(Object.is(decimalToMinor(text, exp), -0), `${text} is not -0`).toBe(false);
    }
    expect(() => decimalToMinor('9007199254740.992', 3)).toThrow(/too large/);
    expect(() => decimalToMinor('99999999999999999999', 2)).toThrow(/too large/);
    // A message quotes a long text by its start only: a form's error fits beside the field.
    expect(() => decimalToMinor('9'.repeat(40), 2)).toThrow(/^"9{20}…" is too large$/);
    expect(() => decimalToMinor('12.3x', 2)).toThrow(/^"12\.3x" is not a decimal amount$/);
    expect(() => decimalToMinor('1.1010', 2)).toThrow(/has 3 decimals; the currency allows 2/);
  });
});

describe('PayTrace amounts', () => {
  it('reads numbers like 110 and strings like "8.10" exactly', () => {
    expect(fromPayTraceAmount(110, 'USD')).toEqual({ minor: 11000, currency: 'USD' });
    expect(fromPayTraceAmount('8.10', 'USD')).toEqual({ minor: 810, currency: 'USD' });
    expect(fromPayTraceAmount(0.29, 'USD')).toEqual({ minor: 29, currency: 'USD' });
    // 0.1 + 0.2 style float noise never reaches an amount: 1.15 * 100 is 114.99999999999999 in floats.
    expect(fromPayTraceAmount(1.15, 'USD').minor).toBe(115);
  });
  it('reads every two-decimal number PayTrace could send without float error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_99 }), (cents) => {
        const asNumber = Number(minorToDecimal(cents, 2));
        expect(fromPayTraceAmount(asNumber, 'USD').minor).toBe(cents);
      }),
    );
  });
  it('rejects three decimals, non-numbers and blanks', () => {
    expect(() => fromPayTraceAmount(1.005, 'USD')).toThrow(AmountFormatError);
    expect(() => fromPayTraceAmount('abc', 'USD')).toThrow(AmountFormatError);
    expect(() => fromPayTraceAmount(null, 'USD')).toThrow(AmountFormatError);
    expect(() => fromPayTraceAmount(Number.NaN, 'USD')).toThrow(AmountFormatError);
  });
});

describe('arithmetic', () => {
  it('allocate splits exactly, whatever the weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (minor, weights) => {
          const parts = allocate({ minor, currency: 'USD' }, weights);
          expect(sum(parts, 'USD').minor).toBe(minor);
        },
      ),
    );
  });
  it('percentOf rounds half away from zero in basis points', () => {
    expect(percentOf({ minor: 10000, currency: 'USD' }, 290).minor).toBe(290); // 2.90% of 100.00
    expect(percentOf({ minor: 150, currency: 'USD' }, 5000).minor).toBe(75);
    expect(percentOf({ minor: 1, currency: 'USD' }, 5000).minor).toBe(1);
    expect(percentOf({ minor: -1, currency: 'USD' }, 5000).minor).toBe(-1);
  });
  it('percentThousandthsOf takes SAP discount percentages (2.000 % = 2000) and rounds half away from zero', () => {
    expect(percentThousandthsOf({ minor: 1234567, currency: 'USD' }, 2000).minor).toBe(24691); // 2 % of 12,345.67
    expect(percentThousandthsOf({ minor: 240037, currency: 'JPY' }, 1500).minor).toBe(3601); // 1.5 % of 240,037 JPY: 3600.555
    expect(percentThousandthsOf({ minor: 175685, currency: 'KWD' }, 2000).minor).toBe(3514); // 3513.7 fils
    expect(percentThousandthsOf({ minor: 25, currency: 'USD' }, 2000).minor).toBe(1); // 0.5 rounds up
    expect(percentThousandthsOf({ minor: -25, currency: 'USD' }, 2000).minor).toBe(-1);
    expect(() => percentThousandthsOf({ minor: 1, currency: 'USD' }, 1.5)).toThrow(RangeError);
  });
  it('formats for people with grouping and no floats', () => {
    expect(formatMoney({ minor: 123456789, currency: 'USD' })).toBe('1,234,567.89 USD');
    expect(formatMoney({ minor: -5, currency: 'KWD' })).toBe('-0.005 KWD');
    expect(formatMoney({ minor: 1000000, currency: 'JPY' })).toBe('1,000,000 JPY');
    expect(formatMoney({ minor: -100, currency: 'USD' })).toBe('-1.00 USD');
    expect(formatMoney({ minor: 0, currency: 'BHD' })).toBe('0.000 BHD');
  });

  it('formats any amount as its decimal text, grouped by thousands, with the code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'EUR', 'BHD', 'CLF'),
        (minor, currency) => {
          const text = formatMoney({ minor, currency });
          // Read back: remove the grouping and the code, and the decimal text is the amount's.
          const [amount, code] = text.split(' ');
          expect(code).toBe(currency);
          expect(amount!.replaceAll(',', '')).toBe(minorToDecimal(minor, currencyExponent(currency)));
          // Groups of three digits left of the point, the first of one to three.
          expect(amount!.replace(/^-/, '').split('.')[0]).toMatch(/^\d{1,3}(,\d{3})*$/);
        },
      ),
    );
  });
});

describe('typedAmountToMinor: an amount as a person types it', () => {
  it('drops spaces and grouping commas, and refuses a decimal comma in words', () => {
    expect(typedAmountToMinor('10,000.00', 2)).toBe(1_000_000);
    expect(typedAmountToMinor(' 1 250.5 ', 2)).toBe(125_050);
    expect(typedAmountToMinor('2,665', 2)).toBe(266_500);
    expect(typedAmountToMinor('1,250', 0)).toBe(1250);
    expect(() => typedAmountToMinor('2665,46', 2)).toThrow(/decimal comma; write the decimals after a point/);
    // The example is what was typed, with a point: not another payment's amount.
    expect(() => typedAmountToMinor(' 12,5', 2)).toThrow(
      '" 12,5" has a decimal comma; write the decimals after a point: 12.5',
    );
    expect(() => typedAmountToMinor('12.345', 2)).toThrow(/3 decimals/);
    expect(() => typedAmountToMinor('abc', 2)).toThrow(/not a decimal amount/);
  });

  it('refuses grouping that does not group by three: a slip, never a smaller or larger amount', () => {
    expect(typedAmountToMinor('1,000,000.5', 2)).toBe(100_000_050);
    expect(typedAmountToMinor('-1,250.00', 2)).toBe(-125_000);
    expect(typedAmountToMinor('12 345 678', 0)).toBe(12_345_678);
    for (const slip of [
      '1,00.00',
      '1,0000,000.00',
      '1,0000',
      '10,00',
      '1.000,00',
      '1,000.000,00',
      ',100',
      '100,',
      '1,,000',
    ])
      expect(() => typedAmountToMinor(slip, 2), slip).toThrow(/not an amount as written|decimal comma/);
    expect(() => typedAmountToMinor('1,00.00', 2)).toThrow(
      '"1,00.00" is not an amount as written: group the digits by three (10,000.00) or not at all (10000.00)',
    );
  });
});
