// Reading request fields the way the gateway validates them.
import { fromPayTraceAmount } from '../../../shared/money';
import { fromPayTraceDate } from '../../../shared/time';
import { simCardBrand } from './card-brand';
import { ERR, SimValidationError } from './codes';
import { emptyAddress, type SimAddress, type SimCard } from './model';

export type Body = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function amountMinor(v: unknown, currency: string, allowZero = false): number {
  try {
    const m = fromPayTraceAmount(v, currency);
    if (m.minor < 0 || (!allowZero && m.minor === 0)) throw new Error('not positive');
    return m.minor;
  } catch {
    throw SimValidationError.of(ERR.amount);
  }
}

export const optionalAmount = (v: unknown, currency: string): number | undefined =>
  v === undefined || v === null || v === '' ? undefined : amountMinor(v, currency);

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Validates a keyed card and keeps only what PayTrace keeps: BIN, last four, brand, expiry. */
export function cardFrom(body: Body): SimCard {
  const cc = (body.credit_card ?? {}) as Body;
  const number = str(cc.number).replace(/[\s-]/g, '');
  const errors: Record<string, string[]> = {};
  if (!/^\d{13,19}$/.test(number) || !luhn(number)) errors[ERR.cardNumber[0]] = [ERR.cardNumber[1]];
  const month = Number(cc.expiration_month);
  if (!Number.isInteger(month) || month < 1 || month > 12) errors[ERR.expMonth[0]] = [ERR.expMonth[1]];
  const yearRaw = Number(cc.expiration_year);
  const year = yearRaw < 100 ? 2000 + yearRaw : yearRaw;
  if (!Number.isInteger(yearRaw) || year < 2000 || year > 2099) errors[ERR.expYear[0]] = [ERR.expYear[1]];
  if (Object.keys(errors).length > 0) throw new SimValidationError(errors);
  return {
    bin: number.slice(0, 6),
    last4: number.slice(-4),
    length: number.length,
    brand: simCardBrand(number),
    expirationMonth: month,
    expirationYear: year,
  };
}

export function addressFrom(v: unknown): SimAddress {
  const a = (v ?? {}) as Body;
  const base = emptyAddress();
  for (const k of Object.keys(base) as (keyof SimAddress)[]) base[k] = str(a[k]);
  return base;
}

/** MM/DD/YYYY to an ISO date, or a validation error naming the field. */
export function filterDate(v: unknown): string {
  try {
    return fromPayTraceDate(str(v));
  } catch {
    throw SimValidationError.of(ERR.date);
  }
}

/** Test cards from PayTrace's sandbox (reference §7), for seeding by brand. */
export const TEST_CARDS: Readonly<Record<'visa' | 'mastercard' | 'amex' | 'discover', string>> = {
  visa: '4012000098765439',
  mastercard: '5499740000000057',
  amex: '371449635392376',
  discover: '6011000993026909',
};

export function testCard(brand: keyof typeof TEST_CARDS): SimCard {
  return cardFrom({ credit_card: { number: TEST_CARDS[brand], expiration_month: 12, expiration_year: 2030 } });
}
