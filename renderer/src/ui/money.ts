// Money for people, in the renderer: the amount in the clerk's locale (Intl.NumberFormat: their
// grouping and decimal mark) with exactly the currency's ISO 4217 decimals (JPY none, KWD three),
// then the currency code. The number is handed to Intl as the exact decimal text shared/money makes
// from the integer minor units, never as a float, so no amount is ever rounded on screen.
import { AmountFormatError, currencyExponent, toDecimal, typedAmountToMinor, type Money } from '../../../shared/money';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, exponent: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${exponent}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      useGrouping: true,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(key, f);
  }
  return f;
}

/** "1,234.56 USD" in en-US, "1.234,56 USD" in de-DE; "12,345 JPY"; "1.234 KWD". */
export function formatMoney(m: Money, locale?: string): string {
  const exponent = currencyExponent(m.currency);
  const text = toDecimal(m) as `${number}`;
  return `${numberFormat(locale, exponent).format(text)} ${m.currency}`;
}

const compact = new Map<string, Intl.NumberFormat>();

/** A short amount for a chart's axis, without the code: "1.2M", "350K", "12" (from the exact decimal text, never a float). */
export function formatMoneyCompact(m: Money, locale?: string): string {
  const key = locale ?? '';
  let f = compact.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    compact.set(key, f);
  }
  return f.format(toDecimal(m) as `${number}`);
}

/**
 * An amount a person typed (`typedAmountToMinor`: grouping by three, no decimal comma), as minor units of `currency`,
 * or why it is not one, in the one wording every form shows: `Give an amount in USD: "10.005" has 3 decimals; the
 * currency allows 2.`
 */
export function readAmount(text: string, currency: string): number | string {
  if (text.trim() === '') return `Give an amount in ${currency}.`;
  try {
    return typedAmountToMinor(text, currencyExponent(currency));
  } catch (e) {
    if (!(e instanceof AmountFormatError)) throw e;
    return `Give an amount in ${currency}: ${e.message}.`;
  }
}
