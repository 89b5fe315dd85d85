import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPayTraceTimestamp,
  fromDats,
  fromPayTraceDate,
  fromTims,
  parsePayTraceTimestamp,
  toDats,
  toPayTraceDate,
  toTims,
  TimestampFormatError,
} from '../../../shared/time';

describe('PayTrace timestamps', () => {
  it('reads "4/10/2015 4:06:30 PM" as Pacific daylight time and keeps the original', () => {
    expect(parsePayTraceTimestamp('4/10/2015 4:06:30 PM')).toEqual({
      utc: '2015-04-10T23:06:30.000Z',
      original: '4/10/2015 4:06:30 PM',
    });
  });
  it('uses standard time in winter, and 12 AM / 12 PM correctly', () => {
    expect(parsePayTraceTimestamp('1/10/2026 12:05:00 AM').utc).toBe('2026-01-10T08:05:00.000Z');
    expect(parsePayTraceTimestamp('1/10/2026 12:05:00 PM').utc).toBe('2026-01-10T20:05:00.000Z');
  });
  it('takes the zone as configured', () => {
    expect(parsePayTraceTimestamp('7/1/2026 9:00:00 AM', 'America/New_York').utc).toBe('2026-07-01T13:00:00.000Z');
    expect(parsePayTraceTimestamp('7/1/2026 9:00:00 AM', 'UTC').utc).toBe('2026-07-01T09:00:00.000Z');
  });
  it('handles the DST days: the repeated hour is read as the first, the missing hour with the earlier offset', () => {
    expect(parsePayTraceTimestamp('11/1/2026 1:30:00 AM').utc).toBe('2026-11-01T08:30:00.000Z');
    expect(parsePayTraceTimestamp('11/1/2026 2:30:00 AM').utc).toBe('2026-11-01T10:30:00.000Z');
    expect(parsePayTraceTimestamp('3/8/2026 2:30:00 AM').utc).toBe('2026-03-08T10:30:00.000Z');
    expect(parsePayTraceTimestamp('3/8/2026 3:30:00 AM').utc).toBe('2026-03-08T10:30:00.000Z');
  });
  it('round-trips any instant through PayTrace text, except the repeated autumn hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const t = Math.floor(ms / 1000) * 1000;
        const text = formatPayTraceTimestamp(t);
        const back = Date.parse(parsePayTraceTimestamp(text).utc);
        // In the autumn overlap both readings are valid wall clocks; we pick the earlier.
        expect(back === t || back === t - 3600_000).toBe(true);
        expect(formatPayTraceTimestamp(back)).toBe(text);
      }),
    );
  });
  it('reads the forms PayTrace writes: one or two digits, am/pm in any case, with or without the space, padded', () => {
    const utc = '2026-01-05T17:07:08.000Z';
    for (const text of [
      '1/5/2026 9:07:08 AM',
      '01/05/2026 09:07:08 AM',
      '1/5/2026 9:07:08AM',
      '1/5/2026 9:07:08 am',
      ' 1/5/2026 9:07:08 Am ',
    ]) {
      expect(parsePayTraceTimestamp(text), text).toEqual({ utc, original: text });
    }
    expect(parsePayTraceTimestamp('2/29/2028 11:59:59 PM').utc).toBe('2028-03-01T07:59:59.000Z');
  });
  it('refuses text that is not a timestamp', () => {
    for (const bad of [
      '2015-04-10 16:06:30',
      '13/1/2026 1:00:00 PM',
      '2/30/2026 1:00:00 PM',
      '1/1/2026 13:00:00 PM',
      '1/1/2026 0:30:00 AM',
      '',
      '1/1/2026 1:60:00 PM',
      '1/1/2026 1:00:60 PM',
      '1/1/2026 1:00:00 XM',
      '1/1/2026 1:00:00 P',
      '1/1/2026 1:00:00 PMX',
      '1/1/0050 1:00:00 AM',
      '001/1/2026 1:00:00 PM',
      '1/1/226 1:00:00 PM',
      '1/1/20260 1:00:00 PM',
      '1/1/2026 1:0:00 PM',
      '1/1/2026  1:00:00 PM',
      '1/1/2026T1:00:00 PM',
      '\uff11/1/2026 1:00:00 PM',
    ]) {
      expect(() => parsePayTraceTimestamp(bad), bad).toThrow(TimestampFormatError);
    }
  });
  it('formats export filter dates as MM/DD/YYYY', () => {
    expect(toPayTraceDate('2026-01-05')).toBe('01/05/2026');
    expect(fromPayTraceDate('1/5/2026')).toBe('2026-01-05');
    expect(() => toPayTraceDate('2026-02-30')).toThrow(TimestampFormatError);
  });
});

describe('SAP DATS and TIMS', () => {
  it('converts dates and treats 00000000 as no date', () => {
    expect(fromDats('20261125')).toBe('2026-11-25');
    expect(fromDats('00000000')).toBeNull();
    expect(toDats('2026-11-25')).toBe('20261125');
    expect(toDats(null)).toBe('00000000');
    expect(() => fromDats('20260230')).toThrow(TimestampFormatError);
    // As a table read pads them, and the initial date blank.
    expect(fromDats(' 20261125 ')).toBe('2026-11-25');
    expect(fromDats('        ')).toBeNull();
    for (const bad of ['2026112', '2026-11-25', '20261325', '2026112X', '00001125'])
      expect(() => fromDats(bad)).toThrow(TimestampFormatError);
  });
  it('round-trips any date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(fromDats(toDats(iso))).toBe(iso);
      }),
    );
  });
  it('converts times', () => {
    expect(fromTims('235959')).toBe('23:59:59');
    expect(toTims('07:05:00')).toBe('070500');
    expect(() => fromTims('246000')).toThrow(TimestampFormatError);
  });
});
