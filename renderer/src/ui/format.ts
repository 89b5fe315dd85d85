// Display helpers that are not money (money always goes through ui/money.ts formatMoney: Intl, ISO 4217 decimals).
import type { PostingSummary } from '../../../shared/api';

type Style = 'dateTime' | 'dateTimeSeconds' | 'date' | 'time';

const STYLES: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  dateTime: { dateStyle: 'short', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'short', timeStyle: 'medium' },
  date: { dateStyle: 'short' },
  time: { timeStyle: 'short' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a style in a zone (the clerk's own when none), made once; an unknown zone falls back to the clerk's. */
function formatter(style: Style, zone?: string): Intl.DateTimeFormat {
  const key = `${style}|${zone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, { ...STYLES[style], ...(zone ? { timeZone: zone } : {}) });
    } catch {
      f = new Intl.DateTimeFormat(undefined, STYLES[style]);
    }
    formats.set(key, f);
  }
  return f;
}

/** The clerk's own zone, as the browser reports it (read from the cached formatter of their own time). */
const clerkZone = (): string => formatter('time').resolvedOptions().timeZone;

const zoneNames = new Map<string, Intl.DateTimeFormat | null>();

/**
 * " CST", " GMT+1": the zone's short name at that instant, when a time is shown in a zone that is not the
 * clerk's (a company code's, a job's), so it never reads as the clerk's own time beside one that is. Empty for
 * the clerk's zone and an unknown one (shown in the clerk's zone, see formatter).
 */
function zoneSuffix(date: Date, zone: string | undefined): string {
  if (!zone || zone === clerkZone()) return '';
  let f = zoneNames.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' });
    } catch {
      f = null;
    }
    zoneNames.set(zone, f);
  }
  const name = f?.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value;
  return name ? ` ${name}` : '';
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An ISO instant's date, in `zone` (a payment's company code's zone) or the clerk's local time. */
export const formatDate = (iso: string, zone?: string): string => {
  const d = parse(iso);
  return d ? formatter('date', zone).format(d) : iso;
};

/** An ISO instant's time of day, in `zone` (named when not the clerk's) or the clerk's local time. */
export const formatTime = (iso: string, zone?: string): string => {
  const d = parse(iso);
  return d ? formatter('time', zone).format(d) + zoneSuffix(d, zone) : '';
};

/**
 * An ISO instant in `zone` (a payment's company code's zone, named when not the clerk's) or the clerk's local
 * time; the raw text when it does not parse.
 */
export function formatDateTime(iso: string, withSeconds = false, zone?: string): string {
  const date = parse(iso);
  if (!date) return iso;
  return formatter(withSeconds ? 'dateTimeSeconds' : 'dateTime', zone).format(date) + zoneSuffix(date, zone);
}

/** A calendar day of the clerk's own calendar (today by default), YYYY-MM-DD: what a date input holds. */
export function localDay(at: Date = new Date()): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** 0.874 -> "87 %"-style integer percent for a match confidence (a score, not an amount). */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** SAP's document key as clerks quote it: BELNR / BUKRS / GJAHR. */
export function formatSapDocument(doc: NonNullable<PostingSummary['sapDocument']>): string {
  return `${doc.BELNR} / ${doc.BUKRS} / ${doc.GJAHR}`;
}

/** SAP DATS (YYYYMMDD) or ISO date to YYYY-MM-DD; anything else unchanged. */
export function formatSapDate(value: string): string {
  const dats = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return dats ? `${dats[1]}-${dats[2]}-${dats[3]}` : value;
}

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count of things (entries, records) with the clerk's digit grouping. */
export const formatCount = (n: number): string => countFormat.format(n);
