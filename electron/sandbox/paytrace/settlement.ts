// When the automatic settlement runs: every day at the cut-off in PayTrace's zone.
import { wallClockAt, zonedToUtc } from '../../../shared/time';

export interface AutoSettle {
  readonly enabled: boolean;
  /** "HH:MM" local time in `zone`; PayTrace's default is 20:00 Pacific. */
  readonly cutoff: string;
}

export const DEFAULT_AUTO_SETTLE: AutoSettle = { enabled: true, cutoff: '20:00' };

/** The first cut-off strictly after `afterMs`. */
export function nextCutoff(afterMs: number, cutoff: string, zone: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(cutoff);
  if (!m) throw new Error(`auto-settlement cut-off "${cutoff}" is not HH:MM`);
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  const day = wallClockAt(afterMs, zone);
  for (let add = 0; add < 3; add += 1) {
    const date = new Date(Date.UTC(day.year, day.month - 1, day.day + add));
    const at = zonedToUtc(
      { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute, second: 0 },
      zone,
    );
    if (at > afterMs) return at;
  }
  throw new Error('no cut-off found within three days');
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(ms: number, zone: string): string {
  const w = wallClockAt(ms, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
