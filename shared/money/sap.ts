// SAP currency keys (TCURC-WAERS) and decimals (TCURX-CURRDEC), and the two SAP amount
// formats: BAPI "external" decimal strings (the real amount) and "internal" database values
// (stored with 2 decimals whatever the currency: 100 JPY is stored as 1.00).
import { currencyExponent, UnknownCurrencyError } from './currencies';
import { decimalToMinor, minorToDecimal } from './decimal';
import { type Money, money } from './money';

export interface SapCurrency {
  /** TCURC-WAERS, up to 5 characters. */
  readonly waers: string;
  /** TCURC-ISOCD. */
  readonly isoCode: string;
  /** TCURX-CURRDEC; 2 when the currency is not in TCURX. */
  readonly decimals: number;
}

export class SapCurrencyTable {
  private readonly byKey = new Map<string, SapCurrency>();
  private readonly byIso = new Map<string, SapCurrency>();

  constructor(rows: readonly SapCurrency[]) {
    for (const row of rows) {
      this.byKey.set(row.waers, row);
      if (!this.byIso.has(row.isoCode) || row.waers === row.isoCode) this.byIso.set(row.isoCode, row);
    }
  }

  /** Builds the table from TCURC rows (WAERS, ISOCD) and TCURX rows (CURRKEY, CURRDEC). */
  static fromTables(
    tcurc: readonly { WAERS: string; ISOCD: string }[],
    tcurx: readonly { CURRKEY: string; CURRDEC: number | string }[],
  ): SapCurrencyTable {
    const decimals = new Map(tcurx.map((r) => [r.CURRKEY.trim(), Number(r.CURRDEC)]));
    return new SapCurrencyTable(
      tcurc.map((r) => ({
        waers: r.WAERS.trim(),
        isoCode: r.ISOCD.trim() || r.WAERS.trim(),
        decimals: decimals.get(r.WAERS.trim()) ?? 2,
      })),
    );
  }

  lookup(waers: string): SapCurrency {
    const row = this.byKey.get(waers.trim());
    if (row) return row;
    // An ISO code that SAP also uses as its key, absent from the table we were given.
    const key = waers.trim();
    currencyExponent(key);
    return { waers: key, isoCode: key, decimals: currencyExponent(key) };
  }

  /** The SAP key for an ISO code: CNY may be kept in SAP as RMB. */
  sapKeyFor(isoCode: string): string {
    const row = this.byIso.get(isoCode);
    if (row) return row.waers;
    currencyExponent(isoCode);
    return isoCode;
  }

  isoFor(waers: string): string {
    return this.lookup(waers).isoCode;
  }
}

/** Currency settings common to ECC systems; the real table is read from TCURC/TCURX. */
export const DEFAULT_SAP_CURRENCIES = new SapCurrencyTable([
  { waers: 'USD', isoCode: 'USD', decimals: 2 },
  { waers: 'EUR', isoCode: 'EUR', decimals: 2 },
  { waers: 'CAD', isoCode: 'CAD', decimals: 2 },
  { waers: 'GBP', isoCode: 'GBP', decimals: 2 },
  { waers: 'JPY', isoCode: 'JPY', decimals: 0 },
  { waers: 'KRW', isoCode: 'KRW', decimals: 0 },
  { waers: 'KWD', isoCode: 'KWD', decimals: 3 },
  { waers: 'BHD', isoCode: 'BHD', decimals: 3 },
  { waers: 'CNY', isoCode: 'CNY', decimals: 2 },
  { waers: 'RMB', isoCode: 'CNY', decimals: 2 },
]);

function isoExponent(currency: SapCurrency): number {
  try {
    return currencyExponent(currency.isoCode);
  } catch (e) {
    if (e instanceof UnknownCurrencyError)
      throw new UnknownCurrencyError(`${currency.waers} (ISO ${currency.isoCode})`);
    throw e;
  }
}

/** A BAPI amount (external format, e.g. AMT_DOCCUR "1000.0000" JPY) to Money. */
export function fromBapiAmount(text: string, waers: string, table: SapCurrencyTable = DEFAULT_SAP_CURRENCIES): Money {
  const currency = table.lookup(waers);
  return money(decimalToMinor(text, isoExponent(currency)), currency.isoCode);
}

/** Money to a BAPI amount string with the currency's decimals and the SAP key to send with it. */
export function toBapiAmount(
  m: Money,
  table: SapCurrencyTable = DEFAULT_SAP_CURRENCIES,
): { amount: string; waers: string } {
  return { amount: minorToDecimal(m.minor, currencyExponent(m.currency)), waers: table.sapKeyFor(m.currency) };
}

/**
 * An internal amount as read raw from a table (BSID-WRBTR through RFC_READ_TABLE): stored with
 * two decimals, real value = stored x 10^(2 - CURRDEC).
 */
export function fromSapInternal(text: string, waers: string, table: SapCurrencyTable = DEFAULT_SAP_CURRENCIES): Money {
  const currency = table.lookup(waers);
  const hundredths = decimalToMinor(text, 2);
  const shift = isoExponent(currency) - currency.decimals;
  const minor = shift >= 0 ? hundredths * 10 ** shift : hundredths / 10 ** -shift;
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`internal amount ${text} ${waers} does not fit the ISO exponent`);
  return money(minor, currency.isoCode);
}

export function toSapInternal(
  m: Money,
  table: SapCurrencyTable = DEFAULT_SAP_CURRENCIES,
): { amount: string; waers: string } {
  const waers = table.sapKeyFor(m.currency);
  const currency = table.lookup(waers);
  const shift = isoExponent(currency) - currency.decimals;
  const hundredths = shift >= 0 ? m.minor / 10 ** shift : m.minor * 10 ** -shift;
  if (!Number.isSafeInteger(hundredths))
    throw new RangeError(`${m.minor} ${m.currency} has no exact internal SAP value`);
  return { amount: minorToDecimal(hundredths, 2), waers };
}
