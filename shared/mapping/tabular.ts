// Helpers for files people export by hand (PayTrace CSV, SAP FBL5N): headers found by alias
// anywhere in the first rows, numbers in any locale, dates in the usual shapes.
import { isRealDate } from '../time';

export const headerKey = (h: string): string => h.toLowerCase().replace(/[^a-z0-9#]/g, '');

/** Column positions of canonical fields, by alias; the first alias found wins. */
export function mapHeaders<F extends string>(
  header: readonly string[],
  aliases: Readonly<Record<F, readonly string[]>>,
): Partial<Record<F, number>> {
  const pos = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (k !== '' && !pos.has(k)) pos.set(k, i);
  });
  const out: Partial<Record<F, number>> = {};
  for (const field of Object.keys(aliases) as F[]) {
    for (const a of aliases[field]) {
      const i = pos.get(headerKey(a));
      if (i !== undefined) {
        out[field] = i;
        break;
      }
    }
  }
  return out;
}

/** The first of the first `scan` rows in which all required fields are found. */
export function findHeaderRow<F extends string>(
  rows: readonly (readonly string[])[],
  aliases: Readonly<Record<F, readonly string[]>>,
  required: readonly F[],
  scan = 20,
): { row: number; columns: Partial<Record<F, number>> } | null {
  for (let r = 0; r < Math.min(scan, rows.length); r++) {
    const columns = mapHeaders(rows[r]!, aliases);
    if (required.every((f) => columns[f] !== undefined)) return { row: r, columns };
  }
  return null;
}

/**
 * Locale-aware amount text to plain decimal text: "1.234,56-" → "-1234.56", "-$895.00" →
 * "-895.00", "\"-73,776,000\"" → "-73776000". `decimal` settles "1,234" and "1.234".
 */
export function plainDecimal(text: string, decimal: '.' | ',' | 'auto' = 'auto'): string | null {
  let t = text
    .trim()
    .replace(/^"|"$/g, '')
    .replace(/[\s\u00a0'$€£¥]/g, '')
    .replace(/^[A-Z]{3}|[A-Z]{3}$/gi, '');
  if (t === '') return null;
  let negative = false;
  if (t.endsWith('-')) {
    negative = true;
    t = t.slice(0, -1);
  }
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1);
  }
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  if (!/^[\d.,]+$/.test(t)) return null;
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let sep: '.' | ',' | null;
  if (lastDot >= 0 && lastComma >= 0) sep = lastDot > lastComma ? '.' : ',';
  else if (decimal !== 'auto') sep = t.includes(decimal) ? decimal : null;
  else if (lastComma >= 0) sep = /^\d{1,3}(,\d{3})+$/.test(t) ? null : ',';
  else if (lastDot >= 0) sep = /^\d{1,3}(\.\d{3}){2,}$/.test(t) ? null : '.';
  else sep = null;
  const group = sep === '.' ? ',' : sep === ',' ? '.' : lastDot >= 0 ? '.' : ',';
  let body = t.split(group).join('');
  if (sep === ',') body = body.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(body)) return null;
  return (negative && /[1-9]/.test(body) ? '-' : '') + body;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as hand-exported files write it, to ISO: dd.mm.yyyy (SAP), mm/dd/yyyy or dd/mm/yyyy (`order`, US
 * by default; also with dashes), yyyy-mm-dd (with a time after it), yyyymmdd, mmddyyyy (Elavon),
 * dd-Mmm-yy and dd-Mmm-yyyy (Cardcorp), or an Excel serial (42278). Null when it is none of them or no
 * real date.
 */
export function isoDate(text: string, order: 'mdy' | 'dmy' = 'mdy'): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t))) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?![\d])/.exec(t)))
    [m, d, y] =
      order === 'dmy' ? [Number(r[2]), Number(r[1]), Number(r[3])] : [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{4})-(\d{2})-(\d{2})/.exec(t))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(t)) && /^(19|20)/.test(t))
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{2})(\d{2})(\d{4})$/.exec(t))) [m, d, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ,]+(\d{2}|\d{4})$/.exec(t))) {
    const month = MONTHS.indexOf(r[2]!.toLowerCase());
    if (month < 0) return null;
    [d, m, y] = [Number(r[1]), month + 1, r[3]!.length === 2 ? 2000 + Number(r[3]) : Number(r[3])];
  } else if (/^\d{5}$/.test(t))
    return new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000).toISOString().slice(0, 10);
  else return null;
  if (!isRealDate(y, m, d)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
