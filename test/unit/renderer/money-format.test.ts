// Amounts on screen: Intl.NumberFormat in the clerk's locale with exactly the currency's ISO 4217
// decimals, from the exact decimal text (never a float), and the currency code after it.
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../renderer/src/ui/money';

describe('renderer formatMoney', () => {
  it('gives each currency its own decimals: USD two, JPY none, KWD three', () => {
    expect(formatMoney({ minor: 123456, currency: 'USD' }, 'en-US')).toBe('1,234.56 USD');
    expect(formatMoney({ minor: 12345, currency: 'JPY' }, 'en-US')).toBe('12,345 JPY');
    expect(formatMoney({ minor: 1234567, currency: 'KWD' }, 'en-US')).toBe('1,234.567 KWD');
    expect(formatMoney({ minor: 5, currency: 'KWD' }, 'en-US')).toBe('0.005 KWD');
    expect(formatMoney({ minor: -3000, currency: 'USD' }, 'en-US')).toBe('-30.00 USD');
  });

  it('uses the locale’s grouping and decimal mark', () => {
    expect(formatMoney({ minor: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56 EUR');
    expect(formatMoney({ minor: 1234567, currency: 'KWD' }, 'de-DE')).toBe('1.234,567 KWD');
    expect(formatMoney({ minor: 123456, currency: 'JPY' }, 'de-DE')).toBe('123.456 JPY');
  });

  it('is exact beyond what a float holds', () => {
    // 2^53 - 1 cents: as a float in units it would print ...409.92 or worse.
    expect(formatMoney({ minor: Number.MAX_SAFE_INTEGER, currency: 'USD' }, 'en-US')).toBe('90,071,992,547,409.91 USD');
  });
});
