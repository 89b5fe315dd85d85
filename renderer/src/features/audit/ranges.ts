// The journal export's ready-made ranges: a clerk's end of day (today, yesterday) and an
// auditor's or controller's period (this month, last month), in calendar days YYYY-MM-DD.

export type RangePreset = 'today' | 'yesterday' | 'this-month' | 'last-month';

export const RANGE_PRESETS: readonly { value: RangePreset; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: 'this-month', label: 'This month' },
  { value: 'last-month', label: 'Last month' },
];

const pad = (n: number): string => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
/** Days in month m (1-12) of year y: day 0 of the next month, in UTC so no zone shifts it. */
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The range a preset means on the calendar day `today` (YYYY-MM-DD); `to` never after today. */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const prev = d > 1 ? day(y, m, d - 1) : m > 1 ? day(y, m - 1, daysIn(y, m - 1)) : day(y - 1, 12, 31);
      return { from: prev, to: prev };
    }
    case 'this-month':
      return { from: day(y, m, 1), to: today };
    case 'last-month': {
      const [py, pm] = m > 1 ? [y, m - 1] : [y - 1, 12];
      return { from: day(py, pm, 1), to: day(py, pm, daysIn(py, pm)) };
    }
  }
}

/** The preset a range is, on `today`, if any: the button shown as chosen. */
export function presetOf(from: string, to: string, today: string): RangePreset | null {
  for (const p of RANGE_PRESETS) {
    const r = presetRange(p.value, today);
    if (r.from === from && r.to === to) return p.value;
  }
  return null;
}
