// What a host sets for the scheduled jobs it runs in the background
// (docs/ARCHITECTURE.md, "Jobs on a schedule"): `cleardesk serve --sync-every N` and the desktop's
// CLEARDESK_SYNC_MINUTES set the PayTrace sync's schedule for this process, over the admin's
// setting and the default.
import type { JobOverrides } from '../core/jobs/scheduler';
import { everyMinutes } from '../core/jobs/timing';
import { ConfigurationError } from '../../shared/ports';

/**
 * The overrides for "sync every `minutes`" (none when not given); `what` names the option in the refusal, and
 * `instead` says what the host offers for no schedule (its 0, or another option).
 */
export function syncEveryOverrides(minutes: number | undefined, what: string, instead: string): JobOverrides {
  if (minutes === undefined) return {};
  const schedule = everyMinutes(minutes);
  if (!schedule)
    throw new ConfigurationError(
      `${what} ${minutes}: give minutes from 1 to 59, or whole hours up to a day (60, 120, ... 1440); ${instead}.`,
    );
  return { 'paytrace.sync': { schedule } };
}
