// Display helpers that are not money (money always goes through ui/money.ts formatMoney: Intl, ISO 4217 decimals).
import type { PostingSummary } from '../../../shared/api';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const formatDate = (iso: string): string => {
  const d = parse(iso);
  return d ? dateOnly.format(d) : iso;
};

export const formatTime = (iso: string): string => {
  const d = parse(iso);
  return d ? timeOnly.format(d) : '';
};

/** An ISO instant in the clerk's local time; the raw text when it does not parse. */
export function formatDateTime(iso: string, withSeconds = false): string {
  const date = parse(iso);
  if (!date) return iso;
  return (withSeconds ? dateTimeSeconds : dateTime).format(date);
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
