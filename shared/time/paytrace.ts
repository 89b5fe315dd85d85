import { zonedToUtc } from './zone';

export const PAYTRACE_DEFAULT_ZONE = 'America/Los_Angeles';

export class TimestampFormatError extends Error {
  constructor(readonly input: unknown, expected: string) {
    super(`${JSON.stringify(input)} is not a ${expected}`);
    this.name = 'TimestampFormatError';
  }
}

/** A PayTrace timestamp as stored: the UTC instant and the text PayTrace sent. */
export interface SourceTimestamp {
  readonly utc: string;
  readonly original: string;
}

const PAYTRACE_TS = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)$/i;

/** "4/10/2015 4:06:30 PM" (PayTrace's local time, no zone given) to UTC ISO-8601. */
export function parsePayTraceTimestamp(text: string, zone: string = PAYTRACE_DEFAULT_ZONE): SourceTimestamp {
  const m = PAYTRACE_TS.exec(text.trim());
  if (!m) throw new TimestampFormatError(text, 'PayTrace timestamp (M/d/yyyy h:mm:ss AM/PM)');
  const [, mo, d, y, h, mi, s, ampm] = m;
  let hour = Number(h);
  if (hour < 1 || hour > 12) throw new TimestampFormatError(text, 'PayTrace timestamp (hour 1-12)');
  if (ampm!.toUpperCase() === 'AM') hour = hour === 12 ? 0 : hour;
  else hour = hour === 12 ? 12 : hour + 12;
  const wall = { year: Number(y), month: Number(mo), day: Number(d), hour, minute: Number(mi), second: Number(s) };
  if (!isRealDate(wall.year, wall.month, wall.day) || wall.minute > 59 || wall.second > 59) {
    throw new TimestampFormatError(text, 'PayTrace timestamp with a real date and time');
  }
  return { utc: new Date(zonedToUtc(wall, zone)).toISOString(), original: text };
}

// Building an Intl.DateTimeFormat costs about a hundred times more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formats a UTC instant the way PayTrace writes it, in its zone (used by the simulator). */
export function formatPayTraceTimestamp(epochMs: number, zone: string = PAYTRACE_DEFAULT_ZONE): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true,
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
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new TimestampFormatError(isoDate, 'date YYYY-MM-DD');
  return `${m[2]}/${m[3]}/${m[1]}`;
}

/** PayTrace's filter date (MM/DD/YYYY, also M/D/YYYY) to an ISO date. */
export function fromPayTraceDate(text: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m || !isRealDate(Number(m[3]), Number(m[1]), Number(m[2]))) throw new TimestampFormatError(text, 'date MM/DD/YYYY');
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
