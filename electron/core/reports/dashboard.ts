// The dashboard's figures (channel dashboard.summary): the store aggregates, the core only says
// which days and batches and adds unapplied cash from its one owner, the alerts' watch.
import type { RequestOf, ResponseOf } from '../../../shared/api';
import type { Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';

export const DASHBOARD_DAYS = 30;
export const DASHBOARD_BATCHES = 20;

export async function dashboardSummary(
  store: Repositories,
  clock: Clock,
  req: RequestOf<'dashboard.summary'>,
): Promise<ResponseOf<'dashboard.summary'>> {
  const asOf = clock.now().toISOString();
  const today = asOf.slice(0, 10);
  const figures = await store.dashboard.figures({
    today,
    days: req.days ?? DASHBOARD_DAYS,
    batches: req.batches ?? DASHBOARD_BATCHES,
  });
  const { unapplied } = await store.alerts.watch();
  return { asOf, today, ...figures, unapplied: [...unapplied] };
}
