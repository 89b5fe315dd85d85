import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAP_CURRENCIES,
  fromBapiAmount,
  fromSapInternal,
  SapCurrencyTable,
  toBapiAmount,
  toSapInternal,
} from '../../../shared/money';

describe('SAP amounts', () => {
  it('stores 100 JPY as 1.00 internally and reads it back as 100 JPY', () => {
    expect(toSapInternal({ minor: 100, currency: 'JPY' })).toEqual({ amount: '1.00', waers: 'JPY' });
    expect(fromSapInternal('1.00', 'JPY')).toEqual({ minor: 100, currency: 'JPY' });
  });
  it('stores 12.345 KWD as 123.45 internally', () => {
    expect(toSapInternal({ minor: 12345, currency: 'KWD' })).toEqual({ amount: '123.45', waers: 'KWD' });
    expect(fromSapInternal('123.45', 'KWD')).toEqual({ minor: 12345, currency: 'KWD' });
  });
  it('sends BAPI amounts as the real amount: "1000" JPY, "12.345" KWD', () => {
    expect(toBapiAmount({ minor: 1000, currency: 'JPY' })).toEqual({ amount: '1000', waers: 'JPY' });
    expect(toBapiAmount({ minor: 12345, currency: 'KWD' })).toEqual({ amount: '12.345', waers: 'KWD' });
    expect(fromBapiAmount('1000.0000', 'JPY')).toEqual({ minor: 1000, currency: 'JPY' });
  });
  it('maps an SAP key that is not ISO (RMB) to its ISO code (CNY) and back', () => {
    expect(fromBapiAmount('88.80', 'RMB')).toEqual({ minor: 8880, currency: 'CNY' });
    const table = new SapCurrencyTable([{ waers: 'RMB', isoCode: 'CNY', decimals: 2 }]);
    expect(toBapiAmount({ minor: 8880, currency: 'CNY' }, table)).toEqual({ amount: '88.80', waers: 'RMB' });
  });
  it('builds the table from TCURC and TCURX rows', () => {
    const t = SapCurrencyTable.fromTables(
      [
        { WAERS: 'JPY  ', ISOCD: 'JPY' },
        { WAERS: 'RMB', ISOCD: 'CNY' },
        { WAERS: 'USD', ISOCD: '' },
      ],
      [{ CURRKEY: 'JPY', CURRDEC: '0' }],
    );
    expect(t.lookup('JPY').decimals).toBe(0);
    expect(t.isoFor('RMB')).toBe('CNY');
    expect(t.lookup('USD').decimals).toBe(2);
  });
  it('round-trips internal and BAPI formats for JPY, KWD, USD and RMB', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e11, max: 1e11 }),
        fc.constantFrom('JPY', 'KWD', 'USD', 'CNY'),
        (minor, currency) => {
          const m = { minor, currency };
          const internal = toSapInternal(m, DEFAULT_SAP_CURRENCIES);
          expect(fromSapInternal(internal.amount, internal.waers)).toEqual(m);
          const external = toBapiAmount(m);
          expect(fromBapiAmount(external.amount, external.waers)).toEqual(m);
        },
      ),
    );
  });
  it('refuses an internal value that cannot exist (KWD needs 3 decimals, stored with 2)', () => {
    expect(() => fromSapInternal('1.005', 'USD')).toThrow(/3 decimals/);
  });
});
