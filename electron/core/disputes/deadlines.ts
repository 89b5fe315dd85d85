// The chargeback-deadline alert (docs/ARCHITECTURE.md, "Alerts"; issue 14): every open case whose respond-by date
// is from OVERDUE_DAYS ago to `deadlineDays` ahead (setting `disputes`, default 3) raises 'chargeback.deadline' once for that
// case and date: the store claims it (`claimDeadlineAlert`, table chargeback_deadline_alerts) before the alert goes
// out, so a second check, another process or a restart never raises it again. A case whose date moves (a later
// stage with a new deadline) is alerted for the new date. Run after each disputes import and daily (jobs registry).
import type { Clock } from '../../../shared/ports';
import { addDays } from '../../../shared/time';
import type { Repositories } from '../../store';
import type { Alert } from '../alerts/kinds';
import { chargebackDeadline } from '../alerts/kinds';
import { companyToday, disputeSettings } from '../settings';

export interface DeadlineCheckHost {
  readonly store: Repositories;
  readonly clock: Clock;
  /** The zone whose days count when no '*' posting zone is set (the PayTrace account's). */
  readonly fallbackZone: string;
  raise(alert: Alert): Promise<unknown>;
}

export interface DeadlineCheck {
  /** Open cases due within the window (the month past included). */
  readonly due: number;
  /** Alerts raised now (the others were raised before for the same date). */
  readonly raised: number;
}

const DAY_MS = 86_400_000;
/** How far back a passed respond-by date still raises its alert (once): a month of cases imported late or missed. */
export const OVERDUE_DAYS = 30;

export async function checkChargebackDeadlines(host: DeadlineCheckHost): Promise<DeadlineCheck> {
  const { deadlineDays } = await disputeSettings(host.store);
  const now = host.clock.now();
  // The company's days, as the Chargebacks tab's Overdue (isOverdue) counts them.
  const today = await companyToday(host.store, now, host.fallbackZone);
  const until = addDays(today, deadlineDays);
  // A case still open after its date (imported late, or missed) is said too, once: it may yet be answered
  // where the processor allows; older ones are the Chargebacks tab's Overdue.
  const cases = await host.store.disputes.openDueBetween(addDays(today, -OVERDUE_DAYS), until);
  let raised = 0;
  for (const c of cases) {
    const due = c.dispute.dueDate!;
    if (!(await host.store.disputes.claimDeadlineAlert(c.id, due, now.toISOString()))) continue;
    raised += 1;
    await host.raise(
      chargebackDeadline({
        caseId: `${c.dispute.caseNumber} (${c.dispute.processor})`,
        deadline: due,
        amount: c.dispute.amount,
        daysLeft: Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS),
        transactionId: c.match.state === 'matched' ? c.match.transactionId : null,
      }),
    );
  }
  return { due: cases.length, raised };
}
