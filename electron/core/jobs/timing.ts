// When a job runs (docs/ARCHITECTURE.md, "Jobs on a schedule"): its cron pattern read in the
// company's time zone by croner, kept to business hours when it has them. Pure computations over
// instants: the scheduler owns the timers, so tests drive it with a fake clock.
import { Cron } from 'croner';
import type { BusinessHours } from '../../../shared/api';
import { wallClockAt } from '../../../shared/time';

/** Enough steps to cross a long weekend of every-minute times outside business hours. */
const MAX_STEPS = 20_000;

/** Why a cron pattern cannot be used (in words), or null. Five fields: minute hour day month weekday. */
export function scheduleProblem(pattern: string): string | null {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5)
    return `"${pattern}" is not a schedule: give five fields, minute hour day month weekday (e.g. */15 * * * *).`;
  try {
    const cron = new Cron(pattern, { timezone: 'UTC' });
    if (!cron.nextRun(new Date(0))) return `"${pattern}" never comes.`;
  } catch (e) {
    return `"${pattern}" is not a schedule: ${e instanceof Error ? e.message.replace(/^CronPattern: /, '') : String(e)}`;
  }
  return null;
}

/** Whether `at` falls inside the business hours in `zone` (from inclusive, to exclusive). */
export function inBusinessHours(at: Date, hours: BusinessHours, zone: string): boolean {
  const w = wallClockAt(at.getTime(), zone);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() || 7;
  if (!hours.days.includes(weekday)) return false;
  const hhmm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  return hhmm >= hours.from && hhmm < hours.to;
}

export interface Timing {
  readonly schedule: string;
  readonly zone: string;
  readonly businessHours: BusinessHours | null;
}

/** The first time after `after` the job is due; null when the pattern never comes again (in hours). */
export function nextSlot(timing: Timing, after: Date): Date | null {
  const cron = new Cron(timing.schedule, { timezone: timing.zone });
  let from = after;
  for (let i = 0; i < MAX_STEPS; i++) {
    const next = cron.nextRun(from);
    if (!next) return null;
    if (!timing.businessHours || inBusinessHours(next, timing.businessHours, timing.zone)) return next;
    from = next;
  }
  return null;
}

/** The last time at or before `at` the job was due (for catch-up); null when none. */
export function previousSlot(timing: Timing, at: Date): Date | null {
  const cron = new Cron(timing.schedule, { timezone: timing.zone });
  // previousRuns is strictly before its reference: a time exactly now counts as due.
  let ref = new Date(at.getTime() + 1);
  for (let i = 0; i < MAX_STEPS; i++) {
    const [prev] = cron.previousRuns(1, ref);
    if (!prev) return null;
    if (!timing.businessHours || inBusinessHours(prev, timing.businessHours, timing.zone)) return prev;
    ref = prev;
  }
  return null;
}

/**
 * "Every n minutes" as a cron pattern, for the hosts' --sync-every and CLEARDESK_SYNC_MINUTES: under
 * an hour (exact when n divides 60; otherwise the count starts again at each full hour), or whole
 * hours up to a day. Null for anything else.
 */
export function everyMinutes(n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return null;
  if (n < 60) return n === 1 ? '* * * * *' : `*/${n} * * * *`;
  if (n % 60 === 0 && n / 60 <= 24) return n === 60 ? '0 * * * *' : n === 1440 ? '0 0 * * *' : `0 */${n / 60} * * *`;
  return null;
}
