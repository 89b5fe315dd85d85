// Proleptic Gregorian calendar arithmetic: dates to day numbers and back, and ISO-8601 UTC text,
// without Date objects. Ingest reads two timestamps per PayTrace record; building a Date to
// validate a day and another to print an instant cost more than everything else it does to them.
// Day-number conversions after Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms".

const DAY_MS = 86_400_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Years a date may have: 100-9999. Four-digit years are what every format here writes; years
 * below 100 are refused, as Date.UTC-based checks did (it reads them as 19xx), so "0050" stays
 * an error rather than a date nobody meant.
 */
export const MIN_YEAR = 100;
export const MAX_YEAR = 9999;

/** A date that exists: integers, year 100-9999, month 1-12, a day the month has. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day of the calendar written YYYY-MM-DD: 2026-02-28 yes, 2026-02-30 and 2026-13-01 no. */
export function isIsoDay(text: string): boolean {
  const m = ISO_DAY.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01 of a calendar date (negative before it). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The calendar date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

/** Milliseconds since the epoch of a wall clock read as UTC (Date.UTC without its two-digit-year rule). */
export function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** "SS.000Z" for each second: most instants are whole seconds. */
const WHOLE_SECONDS = TWO_DIGITS.slice(0, 60).map((ss) => `${ss}.000Z`);
// toIsoUtc writes years 0001-9999 itself (Date writes them the same way).
const MIN_MS = utcMs(1, 1, 1, 0, 0, 0);
const MAX_MS = utcMs(MAX_YEAR + 1, 1, 1, 0, 0, 0) - 1;

// "YYYY-MM-DDTHH:MM:" per minute since the epoch. Timestamps arrive in runs from the same minutes
// (a day's export, a settlement batch), and one concatenation onto a ready prefix is cheaper to
// build and to keep than the dozen pieces of the whole text.
const MAX_CACHED_MINUTES = 10_000;
const minutePrefixes = new Map<number, string>();

function minutePrefix(minuteNumber: number): string {
  let prefix = minutePrefixes.get(minuteNumber);
  if (prefix === undefined) {
    const days = Math.floor(minuteNumber / 1440);
    const minuteOfDay = minuteNumber - days * 1440;
    const { year, month, day } = civilFromDays(days);
    const yyyy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
    prefix = `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[Math.floor(minuteOfDay / 60)]}:${TWO_DIGITS[minuteOfDay % 60]}:`;
    if (minutePrefixes.size >= MAX_CACHED_MINUTES) minutePrefixes.clear();
    minutePrefixes.set(minuteNumber, prefix);
  }
  return prefix;
}

/** Date.prototype.toISOString of an epoch instant ("2026-11-16T15:00:00.000Z"), without the Date. */
export function toIsoUtc(epochMs: number): string {
  // Other years take the extended (±YYYYYY) form, and a non-integer or NaN is Date's to judge.
  if (!Number.isInteger(epochMs) || epochMs < MIN_MS || epochMs > MAX_MS) return new Date(epochMs).toISOString();
  const minuteNumber = Math.floor(epochMs / 60_000);
  const msOfMinute = epochMs - minuteNumber * 60_000;
  const second = Math.floor(msOfMinute / 1000);
  const ms = msOfMinute - second * 1000;
  if (ms === 0) return minutePrefix(minuteNumber) + WHOLE_SECONDS[second]!;
  return `${minutePrefix(minuteNumber)}${TWO_DIGITS[second]}.${ms >= 100 ? ms : ms >= 10 ? `0${ms}` : `00${ms}`}Z`;
}

/**
 * The calendar day `n` days after `day` (both YYYY-MM-DD; `n` a whole number, may be negative). By day numbers, not
 * a Date: the mirror computes a due date for each of a million open items (npm run bench -- openitems).
 */
export function addDays(day: string, n: number): string {
  const m = ISO_DAY.exec(day);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!isRealDate(y, mo, d) || !Number.isInteger(n))
    throw new RangeError(`addDays: ${day} + ${n} is not a calendar day`);
  const c = civilFromDays(daysFromCivil(y, mo, d) + n);
  if (c.year < MIN_YEAR || c.year > MAX_YEAR)
    throw new RangeError(`addDays: ${day} + ${n} is past the years a date may have`);
  const yyyy = c.year >= 1000 ? String(c.year) : String(c.year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[c.month]}-${TWO_DIGITS[c.day]}`;
}
