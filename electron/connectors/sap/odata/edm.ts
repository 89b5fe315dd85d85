// OData V2 JSON values: Edm.DateTime as "/Date(ms)/", and DATS conversions.

export function datsToEdm(dats: string): string | null {
  if (!/^\d{8}$/.test(dats) || dats === '00000000') return null;
  return `/Date(${Date.UTC(Number(dats.slice(0, 4)), Number(dats.slice(4, 6)) - 1, Number(dats.slice(6, 8)))})/`;
}

export function edmToDats(value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^\/Date\((-?\d+)(?:[+-]\d+)?\)\/$/.exec(value);
  if (m) return new Date(Number(m[1])).toISOString().slice(0, 10).replace(/-/g, '');
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return iso ? `${iso[1]}${iso[2]}${iso[3]}` : '';
}

/** A $filter string literal with quotes doubled. */
export const odataString = (v: string): string => `'${v.replace(/'/g, "''")}'`;
