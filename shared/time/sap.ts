// SAP DATS (YYYYMMDD) and TIMS (HHMMSS).
import { isRealDate } from './civil';
import { TimestampFormatError } from './paytrace';

/** DATS to ISO date; the initial date 00000000 (and blank) is null. */
export function fromDats(dats: string): string | null {
  // Eight digits, as nearly every date of a table read comes: no trim, no regular expression (a million open items
  // carry four dates each).
  if (dats.length === 8 && eightDigits(dats) && dats !== '00000000') {
    const year = Number(dats.slice(0, 4));
    const month = Number(dats.slice(4, 6));
    const day = Number(dats.slice(6, 8));
    if (!isRealDate(year, month, day)) throw new TimestampFormatError(dats, 'SAP date YYYYMMDD');
    return `${dats.slice(0, 4)}-${dats.slice(4, 6)}-${dats.slice(6, 8)}`;
  }
  const t = dats.trim();
  if (t === '' || t === '00000000') return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new TimestampFormatError(dats, 'SAP date YYYYMMDD');
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function eightDigits(text: string): boolean {
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function toDats(isoDate: string | null): string {
  if (isoDate === null) return '00000000';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new TimestampFormatError(isoDate, 'date YYYY-MM-DD');
  return `${m[1]}${m[2]}${m[3]}`;
}

/** TIMS to HH:MM:SS. */
export function fromTims(tims: string): string {
  const m = /^([01]\d|2[0-3])([0-5]\d)([0-5]\d)$/.exec(tims.trim());
  if (!m) throw new TimestampFormatError(tims, 'SAP time HHMMSS');
  return `${m[1]}:${m[2]}:${m[3]}`;
}

export function toTims(time: string): string {
  const m = /^([01]\d|2[0-3]):?([0-5]\d):?([0-5]\d)$/.exec(time.trim());
  if (!m) throw new TimestampFormatError(time, 'time HH:MM:SS');
  return `${m[1]}${m[2]}${m[3]}`;
}

/** The UTC calendar date of an ISO instant, as DATS. */
export const datsOfInstant = (iso: string): string => toDats(iso.slice(0, 10));
