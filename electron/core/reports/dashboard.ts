// The dashboard's figures (channel dashboard.summary): the store aggregates, the core only says
// which days and batches and adds unapplied cash from its one owner, the alerts' watch, and the
// learned model's reliability (store.matchModels) with the weights in use.
import type { RequestOf, ResponseOf } from '../../../shared/api';
import type { Clock } from '../../../shared/ports';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import type { Repositories } from '../../store';
import { currentModel } from '../learning/model';
import { companyToday, companyZone } from '../settings';

export const DASHBOARD_DAYS = 30;
export const DASHBOARD_BATCHES = 20;

export async function dashboardSummary(
  store: Repositories,
  clock: Clock,
  req: RequestOf<'dashboard.summary'>,
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<ResponseOf<'dashboard.summary'>> {
  const now = clock.now();
  const asOf = now.toISOString();
  // The company's days: an evening in Chicago is still today there, whatever UTC says.
  const zone = await companyZone(store, payTraceZone);
  const today = await companyToday(store, now, payTraceZone);
  const figures = await store.dashboard.figures({
    today,
    zone,
    days: req.days ?? DASHBOARD_DAYS,
    batches: req.batches ?? DASHBOARD_BATCHES,
  });
  const { unapplied } = await store.alerts.watch();
  return { asOf, today, zone, ...figures, unapplied: [...unapplied], reliability: await reliabilityOf(store) };
}

const BINS = 10;

/** Every bin of the reliability chart (empty ones too), and the model in use (core/learning/model.ts). */
async function reliabilityOf(store: Repositories): Promise<ResponseOf<'dashboard.summary'>['reliability']> {
  const rows = new Map((await store.matchModels.reliability(BINS)).map((r) => [r.bin, r]));
  const model = await currentModel(store);
  const width = 1000 / BINS;
  return {
    bins: Array.from({ length: BINS }, (_, b) => ({
      from: b * width,
      to: (b + 1) * width,
      count: rows.get(b)?.count ?? 0,
      approved: rows.get(b)?.approved ?? 0,
      predicted: rows.get(b)?.predicted ?? 0,
    })),
    model: { source: model.source, version: model.version, labels: model.labels },
  };
}
