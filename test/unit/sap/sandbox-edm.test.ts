// The SAP simulator's own Edm.DateTime handling for DATS fields: what it writes, what it reads,
// and what it refuses (a client that sends a DATS or a US date where an Edm.DateTime belongs).
import { describe, expect, it } from 'vitest';
import {
  datsFromEdmJson,
  datsFromEdmLiteral,
  datsToEdmJson,
  EdmValueError,
} from '../../../electron/sandbox/sap/http/edm';

describe('the sandbox Gateway writes DATS as Edm.DateTime JSON', () => {
  it('is /Date(ms)/ at UTC midnight', () => {
    expect(datsToEdmJson('20261115')).toBe(`/Date(${Date.UTC(2026, 10, 15)})/`);
    expect(datsToEdmJson('19700101')).toBe('/Date(0)/');
    expect(datsToEdmJson('19691231')).toBe('/Date(-86400000)/');
  });

  it('writes null for an initial date', () => {
    expect(datsToEdmJson('00000000')).toBeNull();
    expect(datsToEdmJson('')).toBeNull();
  });

  it('treats a malformed ledger date as its own bug', () => {
    expect(() => datsToEdmJson('2026-11-15')).toThrow(/sandbox ledger holds "2026-11-15"/);
    expect(() => datsToEdmJson('20260230')).toThrow(/DATS/);
  });
});

describe('the sandbox Gateway reads Edm.DateTime JSON into DATS', () => {
  it('reads /Date(ms)/, with or without an offset, as the UTC date of the ticks', () => {
    expect(datsFromEdmJson(`/Date(${Date.UTC(2026, 10, 15)})/`, 'PostingDate')).toBe('20261115');
    expect(datsFromEdmJson(`/Date(${Date.UTC(2026, 10, 15, 23, 59)})/`, 'PostingDate')).toBe('20261115');
    expect(datsFromEdmJson(`/Date(${Date.UTC(2026, 10, 15)}+0060)/`, 'PostingDate')).toBe('20261115');
    expect(datsFromEdmJson('/Date(-86400000)/', 'PostingDate')).toBe('19691231');
  });

  it('reads the ISO form Gateway also accepts', () => {
    expect(datsFromEdmJson('2026-11-15T00:00:00', 'DocumentDate')).toBe('20261115');
    expect(datsFromEdmJson('2026-11-15T13:45', 'DocumentDate')).toBe('20261115');
    expect(datsFromEdmJson('2024-02-29T00:00:00.1234567Z', 'DocumentDate')).toBe('20240229');
  });

  it('reads null or an absent property as an initial date', () => {
    expect(datsFromEdmJson(null, 'PostingDate')).toBe('');
    expect(datsFromEdmJson(undefined, 'PostingDate')).toBe('');
  });

  it.each([
    ['a DATS', '20261115'],
    ['a US date', '11/15/2026'],
    ['a date without its time', '2026-11-15'],
    ['a date that does not exist', '2026-02-30T00:00:00'],
    ['an hour out of range', '2026-11-15T24:00:00'],
    ['ticks that are not digits', '/Date(abc)/'],
    ['ticks without the slashes', 'Date(1700000000000)'],
    ['a number', 1_700_000_000_000],
  ])('refuses %s, naming the property', (_what, value) => {
    expect(() => datsFromEdmJson(value, 'PostingDate')).toThrow(EdmValueError);
    expect(() => datsFromEdmJson(value, 'PostingDate')).toThrow(/Property 'PostingDate' has invalid value/);
  });
});

describe('the sandbox Gateway reads datetime URI literals', () => {
  it("reads datetime'yyyy-mm-ddThh:mm[:ss]'", () => {
    expect(datsFromEdmLiteral("datetime'2026-11-15T00:00:00'", 'PostingDate')).toBe('20261115');
    expect(datsFromEdmLiteral("datetime'2026-11-15T00:00'", 'PostingDate')).toBe('20261115');
  });

  it('reads an absent parameter as an initial date', () => {
    expect(datsFromEdmLiteral(null, 'PostingDate')).toBe('');
  });

  it('refuses a plain string literal or a bare date', () => {
    expect(() => datsFromEdmLiteral("'2026-11-15'", 'PostingDate')).toThrow(/datetime'yyyy-mm-ddThh:mm\[:ss\]'/);
    expect(() => datsFromEdmLiteral('2026-11-15T00:00:00', 'PostingDate')).toThrow(EdmValueError);
    expect(() => datsFromEdmLiteral("datetime'2026-13-01T00:00:00'", 'PostingDate')).toThrow(EdmValueError);
  });
});
