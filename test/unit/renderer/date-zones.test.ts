// Dates on screen in a payment's company code's zone: the same instant is another calendar day in
// Chicago than in Tokyo, and an unknown zone falls back to the clerk's own rather than failing.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from '../../../renderer/src/ui/format';

// 03:08 UTC on 4 December: still 3 December (21:08) in Chicago, already 12:08 on 4 December in Tokyo.
const AT = '2026-12-04T03:08:00.000Z';

describe('dates in a zone', () => {
  it('shows the calendar day of the zone it is given', () => {
    expect(formatDate(AT, 'America/Chicago')).toBe(formatDate('2026-12-03T18:00:00.000Z', 'America/Chicago'));
    expect(formatDate(AT, 'Asia/Tokyo')).toBe(formatDate('2026-12-04T05:00:00.000Z', 'Asia/Tokyo'));
    expect(formatDate(AT, 'America/Chicago')).not.toBe(formatDate(AT, 'Asia/Tokyo'));
    expect(formatTime(AT, 'America/Chicago')).not.toBe(formatTime(AT, 'Asia/Tokyo'));
    expect(formatDateTime(AT, true, 'America/Chicago')).not.toBe(formatDateTime(AT, true, 'Asia/Tokyo'));
  });

  it('an unknown zone shows the clerk’s own time, and text that is no instant stays as it is', () => {
    expect(formatDateTime(AT, false, 'Not/AZone')).toBe(formatDateTime(AT));
    expect(formatDate('not a date', 'America/Chicago')).toBe('not a date');
  });

  it("names the zone of a time shown in one that is not the clerk's, and only then", () => {
    const own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    const other = own === 'America/Chicago' ? 'Asia/Tokyo' : 'America/Chicago';
    const name = other === 'America/Chicago' ? /CST$/ : /GMT\+9$/;
    expect(formatTime(AT, other)).toMatch(name);
    expect(formatDateTime(AT, true, other)).toMatch(name);
    // In summer the same zone is named by its summer time.
    if (other === 'America/Chicago') expect(formatTime('2026-07-01T12:00:00.000Z', other)).toMatch(/CDT$/);
    expect(formatTime(AT, own)).toBe(formatTime(AT));
    expect(formatDateTime(AT, false, own)).toBe(formatDateTime(AT));
  });
});
