// An audit entry's detail as a person reads it: money as amounts of their currency ("947.62 USD", not
// {"currency":"USD","minor":94762}), a state change as "review → posted", lists and nested records in
// words. The stored detail stays as it is (the audit browser shows it raw beside this); only its reading
// changes.
import { isIsoCurrency } from '../../../shared/money';
import { formatMoney } from './money';

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored Money ({ minor, currency }, nothing else). */
function asMoney(v: Json): { minor: number; currency: string } | null {
  if (!isRecord(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 2 || !Number.isSafeInteger(v.minor) || typeof v.currency !== 'string') return null;
  return isIsoCurrency(v.currency) ? { minor: v.minor as number, currency: v.currency } : null;
}

/** The currency of the record's stored money, when all of it is in one (a correction's onAccount beside its items). */
function moneyCurrencyIn(detail: Readonly<Record<string, Json>>): string | null {
  let found: string | null = null;
  for (const v of Object.values(detail)) {
    const m = asMoney(v);
    if (!m) continue;
    if (found !== null && found !== m.currency) return null;
    found = m.currency;
  }
  return found;
}

/** One value in words; `currency`: the one the record it sits in is in (its minor units are amounts of it). */
function valueText(v: Json, currency: string | null): string {
  const money = asMoney(v);
  if (money) return formatMoney(money);
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((x) => valueText(x, currency)).join(', ');
  if (isRecord(v)) {
    if (typeof v.from === 'string' && typeof v.to === 'string' && typeof v.event === 'string')
      return `${v.from} → ${v.to} (${v.event})`;
    return `(${fieldsOf(v, currency)
      .map((f) => `${f.key}: ${f.text}`)
      .join(', ')})`;
  }
  if (v === null) return '—';
  return String(v);
}

/**
 * The fields of a detail (or a record inside it), each key with its value in words. Minor units are read as amounts
 * of the record's `currency`, else of its `amount`'s, else of its other stored money's (one currency), else of the
 * record it sits in (`inherited`): an approval's items
 * ({ docNo, minor }) are in the payment's currency.
 */
export function fieldsOf(
  detail: Readonly<Record<string, Json>>,
  inherited: string | null = null,
): { key: string; text: string }[] {
  const own =
    typeof detail.currency === 'string' && isIsoCurrency(detail.currency) ? (detail.currency as string) : null;
  const currency = own ?? asMoney(detail.amount)?.currency ?? moneyCurrencyIn(detail) ?? inherited;
  // A bare `minor` only in a record without its own currency (one with it is stored money, read whole above).
  const minorKey = (k: string) => /.Minor$/.test(k) || (k === 'minor' && own === null);
  const out: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(detail)) {
    // amountMinor (or minor) in a known currency: the amount, named without its unit.
    if (currency !== null && minorKey(key) && Number.isSafeInteger(value)) {
      const name = key === 'minor' ? 'amount' : key.slice(0, -'Minor'.length);
      out.push({ key: name, text: formatMoney({ minor: value as number, currency }) });
      continue;
    }
    if (key === 'currency' && own !== null && Object.keys(detail).some((k) => /.Minor$/.test(k))) continue;
    out.push({ key, text: valueText(value, currency) });
  }
  return out;
}

/** The whole detail on one line: "amount: 947.62 USD · transition: review → posted (approve)". */
export function detailLine(detail: Readonly<Record<string, Json>>): string {
  return fieldsOf(detail)
    .map((f) => `${f.key}: ${f.text}`)
    .join(' · ');
}
