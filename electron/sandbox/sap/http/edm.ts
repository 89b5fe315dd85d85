// The sandbox Gateway's Edm.DateTime, for DATS fields (YYYYMMDD) only. Written from the OData V2
// formats, not borrowed from the connector, so the simulator can refuse a date a client gets wrong.
//   JSON (what Gateway writes and reads): "/Date(<ms since 1970, UTC>)/", optionally with an offset
//     "/Date(<ms>+0060)/"; Gateway also reads "yyyy-mm-ddThh:mm[:ss[.fffffff]]".
//   URI literal (function import parameters, $filter): datetime'yyyy-mm-ddThh:mm[:ss[.fffffff]]'.

/** A value Gateway cannot read as an Edm.DateTime; the message names the property. */
export class EdmValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EdmValueError';
  }
}

const INITIAL_DATS = new Set(['', '00000000']);

/** A DATS as Gateway writes it in JSON: "/Date(ms)/" at UTC midnight, null for an initial date. */
export function datsToEdmJson(dats: string): string | null {
  if (INITIAL_DATS.has(dats)) return null;
  const ymd = /^(\d{4})(\d{2})(\d{2})$/.exec(dats);
  const ms = ymd ? utcMidnight(Number(ymd[1]), Number(ymd[2]), Number(ymd[3])) : null;
  // The ledger's own data: a bad DATS here is a sandbox bug, not a client error.
  if (ms === null) throw new Error(`The sandbox ledger holds "${dats}" where a DATS (YYYYMMDD) belongs`);
  return `/Date(${ms})/`;
}

const JSON_TICKS = /^\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?Z?$/;
const URI_LITERAL = /^datetime'([^']*)'$/;

/**
 * An Edm.DateTime property of a JSON payload as a DATS; '' when absent or null (an initial date).
 * The ticks are UTC, so the DATS is their UTC date; an offset only says where they were written.
 */
export function datsFromEdmJson(value: unknown, property: string): string {
  if (value === undefined || value === null) return '';
  const refuse = (): never => {
    throw new EdmValueError(
      `Property '${property}' has invalid value ${JSON.stringify(value)}: an Edm.DateTime is "/Date(<milliseconds since 1970, UTC>)/" or "yyyy-mm-ddThh:mm[:ss]"`,
    );
  };
  if (typeof value !== 'string') return refuse();
  const ticks = JSON_TICKS.exec(value);
  if (ticks) {
    const d = new Date(Number(ticks[1]));
    return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999
      ? refuse()
      : `${d.getUTCFullYear()}`.padStart(4, '0') + pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate());
  }
  return isoToDats(value) ?? refuse();
}

/** A datetime'…' URI literal as a DATS; '' when the parameter is absent. */
export function datsFromEdmLiteral(literal: string | null, parameter: string): string {
  if (literal === null || literal === '') return '';
  const inner = URI_LITERAL.exec(literal);
  const dats = inner ? isoToDats(inner[1]!) : null;
  if (dats === null)
    throw new EdmValueError(
      `Parameter '${parameter}' has invalid value ${literal}: an Edm.DateTime literal is datetime'yyyy-mm-ddThh:mm[:ss]'`,
    );
  return dats;
}

/** "yyyy-mm-ddThh:mm[:ss[.f]]" to a DATS, or null unless it names a real date and time. */
function isoToDats(text: string): string | null {
  const m = ISO_DATETIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number) as number[];
  if (utcMidnight(y!, mo!, d!) === null || h! > 23 || mi! > 59 || s! > 59) return null;
  return `${m[1]}${m[2]}${m[3]}`;
}

/** Milliseconds at UTC midnight of a calendar date, or null for a date that does not exist (Feb 30). */
function utcMidnight(year: number, month: number, day: number): number | null {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.getTime() : null;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
