// A job's schedule, a five-field cron pattern, as a finance admin reads it: the Jobs screen and the Settings form.
import cronstrue from 'cronstrue';

/**
 * A five-field cron pattern in words ("Every 15 minutes", "At 06:00, Monday through Friday"), by cronstrue; the
 * pattern itself when it has none (the core refuses a pattern it cannot read, so that is a newer core's).
 */
export function scheduleInWords(pattern: string): string {
  try {
    return cronstrue.toString(pattern, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return pattern;
  }
}
