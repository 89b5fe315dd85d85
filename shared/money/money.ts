import { currencyExponent } from './currencies';
import { AmountFormatError, decimalToMinor, minorToDecimal, numberToDecimalText } from './decimal';

/** An amount in integer minor units of an ISO 4217 currency (USD 12.34 is { minor: 1234, currency: 'USD' }). */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

export class CurrencyMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`Cannot combine ${a} and ${b} amounts`);
    this.name = 'CurrencyMismatchError';
  }
}

export function money(minor: number, currency: string): Money {
  currencyExponent(currency);
  if (!Number.isSafeInteger(minor))
    throw new AmountFormatError(`${minor} is not an integer number of minor units`, minor);
  return { minor, currency };
}

export const zero = (currency: string): Money => money(0, currency);

/** Decimal text in the currency's own units: parseMoney("8.10", "USD") is 810 cents. */
export function parseMoney(text: string, currency: string): Money {
  return money(decimalToMinor(text, currencyExponent(currency)), currency);
}

/** A PayTrace amount: a JSON number (110) or a string ("8.10"), in the account's currency. */
export function fromPayTraceAmount(value: unknown, currency: string): Money {
  if (typeof value === 'number') return parseMoney(numberToDecimalText(value), currency);
  if (typeof value === 'string' && value.trim() !== '') return parseMoney(value, currency);
  throw new AmountFormatError(`amount ${JSON.stringify(value)} is neither a number nor decimal text`, value);
}

/** Plain decimal text with exactly the currency's decimals: "1234.56", "1000" (JPY), "12.345" (KWD). */
export function toDecimal(m: Money): string {
  return minorToDecimal(m.minor, currencyExponent(m.currency));
}

/** For people: grouped digits and the code, "1,234.56 USD". Pure string work, no floats. */
export function formatMoney(m: Money): string {
  return formatMinor(m.minor, m.currency);
}

/**
 * formatMoney of an amount not (yet) held as Money: the same text, without the object. The matching engine
 * writes a few amounts into the reasons of each of up to a million proposals.
 */
export function formatMinor(minor: number, currency: string): string {
  const text = minorToDecimal(minor, currencyExponent(currency));
  const sign = minor < 0 ? '-' : '';
  const digits = sign ? text.slice(1) : text;
  const point = digits.indexOf('.');
  return point < 0
    ? `${sign}${groupThousands(digits)} ${currency}`
    : `${sign}${groupThousands(digits.slice(0, point))}${digits.slice(point)} ${currency}`;
}

/**
 * "1234567" as "1,234,567". A loop rather than a look-ahead regex: the matching engine formats
 * a few amounts for every one of up to a million proposals, and the regex was a hot spot.
 */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function checked(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new AmountFormatError('amount overflow', minor);
  return { minor, currency };
}

export const add = (a: Money, b: Money): Money => (same(a, b), checked(a.minor + b.minor, a.currency));
export const subtract = (a: Money, b: Money): Money => (same(a, b), checked(a.minor - b.minor, a.currency));
export const negate = (a: Money): Money => ({ minor: a.minor === 0 ? 0 : -a.minor, currency: a.currency });
export const abs = (a: Money): Money => (a.minor < 0 ? negate(a) : a);
export const isZero = (a: Money): boolean => a.minor === 0;
export const equals = (a: Money, b: Money): boolean => a.currency === b.currency && a.minor === b.minor;
export function compare(a: Money, b: Money): number {
  same(a, b);
  return a.minor === b.minor ? 0 : a.minor < b.minor ? -1 : 1;
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

/**
 * Splits an amount in proportion to integer weights so that the parts add up exactly;
 * remainders go to the first parts (largest-remainder is unnecessary for ledger splits).
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || weightSum <= 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('allocate needs non-negative integer weights with a positive sum');
  }
  const sign = total.minor < 0 ? -1 : 1;
  const amount = Math.abs(total.minor);
  const parts = weights.map((w) => Math.floor((amount * w) / weightSum));
  let rest = amount - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length) {
    if (weights[i]! > 0) {
      parts[i]! += 1;
      rest -= 1;
    }
  }
  return parts.map((p) => ({ minor: sign * p || 0, currency: total.currency }));
}

/** Basis-point percentage of an amount, rounded half away from zero, in integers only. */
export function percentOf(m: Money, basisPoints: number): Money {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError('basis points must be an integer');
  const product = m.minor * basisPoints;
  if (!Number.isSafeInteger(product)) throw new AmountFormatError('amount overflow', product);
  const q = Math.trunc(product / 10000);
  const r = Math.abs(product % 10000);
  return { minor: q + (r >= 5000 ? Math.sign(product) : 0), currency: m.currency };
}

/**
 * A percentage given in thousandths of a percent (SAP's cash discount DSCT_PCT1 "2.000" is 2000)
 * of an amount, rounded half away from zero, in integers only.
 */
export function percentThousandthsOf(m: Money, thousandths: number): Money {
  if (!Number.isSafeInteger(thousandths)) throw new RangeError('thousandths of a percent must be an integer');
  const product = m.minor * thousandths;
  if (!Number.isSafeInteger(product)) throw new AmountFormatError('amount overflow', product);
  const q = Math.trunc(product / 100000);
  const r = Math.abs(product % 100000);
  return { minor: q + (r >= 50000 ? Math.sign(product) : 0), currency: m.currency };
}
