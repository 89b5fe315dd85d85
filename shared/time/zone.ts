// Wall-clock time in an IANA zone to UTC and back, with ECMAScript Intl only (no Node APIs).
import { civilFromDays, utcMs } from './civil';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock as Intl reports it: exact, and slow (a few microseconds a call). */
function wallClockFromIntl(epochMs: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const asUtc = (w: WallClock): number => utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second);

// Intl is the only zone database here, and formatToParts dominated parsing of PayTrace exports
// (several calls per timestamp). A zone's UTC offset is constant for months at a time, so it is
// asked for once per UTC hour: the offset at the hour's first and last second. When they agree,
// every instant of that hour is plain arithmetic; when they differ (the hour holds a transition)
// Intl answers each instant itself. zonedToUtc does the same per wall-clock hour. Like zonedToUtc,
// this assumes a zone does not move twice within one hour and back. Outside 1900-2199 the
// answers are always computed in full.
const HOUR_MS = 3_600_000;
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_UNTIL = Date.UTC(2200, 0, 1);
const MAX_CACHED_HOURS = 100_000;
/** Per zone: UTC hour number to the offset in ms for that whole hour, or null when it changes inside it. */
const hourOffsets = new Map<string, Map<number, number | null>>();
/** The same for zonedToUtc, per wall-clock hour (the wall clock read as if it were UTC). */
const wallHourOffsets = new Map<string, Map<number, number | null>>();

function offsetOfHour(hour: number, zone: string): number | null {
  let hours = hourOffsets.get(zone);
  if (!hours) {
    hours = new Map();
    hourOffsets.set(zone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const last = start + HOUR_MS - 1000;
    const atStart = asUtc(wallClockFromIntl(start, zone)) - start;
    offset = atStart === asUtc(wallClockFromIntl(last, zone)) - last ? atStart : null;
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}

/** The wall clock in `zone` at the UTC instant `epochMs`. */
export function wallClockAt(epochMs: number, zone: string): WallClock {
  if (!(epochMs >= FAST_FROM && epochMs < FAST_UNTIL)) return wallClockFromIntl(epochMs, zone);
  const offset = offsetOfHour(Math.floor(epochMs / HOUR_MS), zone);
  if (offset === null) return wallClockFromIntl(epochMs, zone);
  // Intl shows whole seconds (the milliseconds are dropped, not rounded).
  const local = Math.floor((epochMs + offset) / 1000);
  const days = Math.floor(local / 86_400);
  const secondOfDay = local - days * 86_400;
  return {
    ...civilFromDays(days),
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor(secondOfDay / 60) % 60,
    second: secondOfDay % 60,
  };
}

/**
 * The UTC instant at which `zone` shows the wall clock `w`. In the autumn overlap the earlier
 * (daylight) instant is chosen; a time inside the spring gap is read with the offset before the gap.
 */
export function zonedToUtc(w: WallClock, zone: string): number {
  const guess = asUtc(w);
  if (!(guess >= FAST_FROM && guess < FAST_UNTIL)) return zonedToUtcAt(guess, zone);
  // As in wallClockAt: the answer for a whole wall-clock hour, unless a transition falls in or near it.
  const hour = Math.floor(guess / HOUR_MS);
  let hours = wallHourOffsets.get(zone);
  if (!hours) {
    hours = new Map();
    wallHourOffsets.set(zone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const last = start + HOUR_MS - 1000;
    const atStart = start - zonedToUtcAt(start, zone);
    offset = atStart === last - zonedToUtcAt(last, zone) ? atStart : null;
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return offset === null ? zonedToUtcAt(guess, zone) : guess - offset;
}

/** zonedToUtc for the wall clock `guess` (that wall clock read as if it were UTC). */
function zonedToUtcAt(guess: number, zone: string): number {
  const offsetAt = (t: number): number => asUtc(wallClockAt(t, zone)) - t;
  // The offsets a day either side of the guess cover any transition near it (zones move at most once a day).
  const day = 24 * 3600_000;
  const candidates = new Set([offsetAt(guess - day), offsetAt(guess), offsetAt(guess + day)]);
  const matches = [...candidates]
    .map((o) => guess - o)
    .filter((t) => asUtc(wallClockAt(t, zone)) === guess)
    .sort((a, b) => a - b);
  if (matches.length > 0) return matches[0]!;
  return guess - offsetAt(guess - day);
}

export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The calendar day (YYYY-MM-DD) that `zone` shows at the UTC instant `epochMs`. */
export function dayInZone(epochMs: number, zone: string): string {
  const w = wallClockAt(epochMs, zone);
  return `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;
}

/**
 * The UTC instant (ISO, as the store keeps timestamps) at which the day `day` (YYYY-MM-DD) begins in `zone`:
 * its midnight, or where a zone skips midnight, the first moment after the gap.
 */
export function dayStartUtc(day: string, zone: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnight = { year, month, day: date, hour: 0, minute: 0, second: 0 };
  let at = zonedToUtc(midnight, zone);
  // In a gap, zonedToUtc reads the wall clock with the offset before it: that instant can fall on the day before.
  if (dayInZone(at, zone) < day) at = zonedToUtc({ ...midnight, hour: 1 }, zone);
  return new Date(at).toISOString();
}
