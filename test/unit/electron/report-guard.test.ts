// The report writers' last guard: card numbers masked, formulas neutralised, and the audit head
// hash printed exactly even when its digits happen to pass the card-number test.
import { describe, expect, it } from 'vitest';
import { csvField, textCell } from '../../../electron/core/reports/csv';
import { grouped, hashText, safe } from '../../../electron/core/reports/guard';
import { numberFormat } from '../../../electron/core/reports/xlsx';
import { containsPan } from '../../../shared/security';

describe('report guard', () => {
  it('masks card numbers in any text', () => {
    expect(safe('card 4111 1111 1111 1111 declined')).toBe('card ************1111 declined');
    expect(safe(null)).toBe('');
    expect(safe(7001)).toBe('7001');
  });

  it('prints a hash holding a Luhn-valid digit run in colon groups that remove back to the hash', () => {
    const risky = `ab${'4111111111111111'}${'c'.repeat(46)}`;
    expect(containsPan(risky)).toBe(true);
    const printed = hashText(risky);
    expect(containsPan(printed)).toBe(false);
    expect(printed.replace(/:/g, '')).toBe(risky);
    const plain = 'f'.repeat(64);
    expect(hashText(plain)).toBe(plain);
  });

  it('quotes CSV fields per RFC 4180 and keeps outside text from becoming a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(textCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(textCell('Acme')).toBe('Acme');
  });

  it('formats amounts with the currency’s decimals, without floats', () => {
    expect(grouped({ minor: 123456789, currency: 'USD' })).toBe('1,234,567.89');
    expect(grouped({ minor: -3000, currency: 'USD' })).toBe('-30.00');
    expect(grouped({ minor: 12345, currency: 'JPY' })).toBe('12,345');
    expect(numberFormat('KWD')).toBe('#,##0.000;-#,##0.000');
    expect(numberFormat('JPY')).toBe('#,##0;-#,##0');
  });
});
