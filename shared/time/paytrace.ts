import { isRealDate, toIsoUtc } from './civil';
import { zonedToUtc, type WallClock } from './zone';

export const PAYTRACE_DEFAULT_ZONE = 'America/Los_Angeles';

export class TimestampFormatError extends Error {
  constructor(
    readonly input: unknown,
    expected: string,
  ) {
    super(`${JSON.stringify(input)} is not a ${expected}`);
    this.name = 'TimestampFormatError';
  }
}

/** A PayTrace timestamp as stored: the UTC instant and the text PayTrace sent. */
export interface SourceTimestamp {
  readonly utc: string;
  readonly original: string;
}

/** "4/10/2015 4:06:30 PM" (PayTrace's local time, no zone given) to UTC ISO-8601. */
export function parsePayTraceTimestamp(text: string, zone: string = PAYTRACE_DEFAULT_ZONE): SourceTimestamp {
  const wall = readPayTraceWallClock(text.trim());
  if (wall === null) throw new TimestampFormatError(text, 'PayTrace timestamp (M/d/yyyy h:mm:ss AM/PM)');
  if (!isRealDate(wall.year, wall.month, wall.day) || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new TimestampFormatError(text, 'PayTrace timestamp with a real date and time (hour 1-12)');
  }
  return { utc: toIsoUtc(zonedToUtc(wall, zone)), original: text };
}

// M/d/yyyy h:mm:ss AM/PM, read character by character: ingest reads two of these per record and
// a regular expression with seven groups cost more than the rest of the conversion.
const SLASH = 47;
const COLON = 58;
const SPACE = 32;
let cursor = 0;

/** The number of minDigits to maxDigits ASCII digits at the cursor, or -1; moves the cursor past them. */
function digits(s: string, minDigits: number, maxDigits: number): number {
  let value = 0;
  let count = 0;
  for (; count < maxDigits && cursor < s.length; count++, cursor++) {
    const d = s.charCodeAt(cursor) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  return count >= minDigits ? value : -1;
}

function literal(s: string, code: number): boolean {
  if (s.charCodeAt(cursor) !== code) return false;
  cursor += 1;
  return true;
}

/** The wall clock of "M/d/yyyy h:mm:ss AM" (AM/PM in any case, the space before it optional), hour in 0-23; null when the text has another shape. An hour outside 1-12 reads as 24. */
function readPayTraceWallClock(s: string): WallClock | null {
  cursor = 0;
  const month = digits(s, 1, 2);
  if (month < 0 || !literal(s, SLASH)) return null;
  const day = digits(s, 1, 2);
  if (day < 0 || !literal(s, SLASH)) return null;
  const year = digits(s, 4, 4);
  if (year < 0 || !literal(s, SPACE)) return null;
  const hour12 = digits(s, 1, 2);
  if (hour12 < 0 || !literal(s, COLON)) return null;
  const minute = digits(s, 2, 2);
  if (minute < 0 || !literal(s, COLON)) return null;
  const second = digits(s, 2, 2);
  if (second < 0) return null;
  literal(s, SPACE);
  if (s.length - cursor !== 2 || (s.charCodeAt(cursor + 1) | 0x20) !== 0x6d /* m */) return null;
  const half = s.charCodeAt(cursor) | 0x20; // a or p
  if (half !== 0x61 && half !== 0x70) return null;
  const hour = hour12 < 1 || hour12 > 12 ? 24 : (hour12 % 12) + (half === 0x70 ? 12 : 0);
  return { year, month, day, hour, minute, second };
}

// Building an Intl.DateTimeFormat costs about a hundred times more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formats a UTC instant the way PayTrace writes it, in its zone (used by the simulator). */
export function formatPayTraceTimestamp(epochMs: number, zone: string = PAYTRACE_DEFAULT_ZONE): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
      hour12: true,
    });
    formatters.set(zone, f);
  }
  const w = f.formatToParts(new Date(epochMs));
  const get = (t: string): string => w.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}/${get('day')}/${get('year')} ${get('hour')}:${get('minute')}:${get('second')} ${get('dayPeriod').toUpperCase()}`;
}

/** An ISO date (2025-01-31) to PayTrace's export filter format (01/31/2025). */
export function toPayTraceDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new TimestampFormatError(isoDate, 'date YYYY-MM-DD');
  return `${m[2]}/${m[3]}/${m[1]}`;
}

/** PayTrace's filter date (MM/DD/YYYY, also M/D/YYYY) to an ISO date. */
export function fromPayTraceDate(text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m || !isRealDate(Number(m[3]), Number(m[1]), Number(m[2])))
    throw new TimestampFormatError(text, 'date MM/DD/YYYY');
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}
