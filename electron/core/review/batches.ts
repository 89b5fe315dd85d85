// Settlement batches against the ledger (docs/ARCHITECTURE.md, "The flow of one payment": batch
// total = posted + still open): for each PayTrace batch, what it settled (sales less refunds), what
// ClearDesk posted for its transactions, and what is still open.
// Aggregated in the store's SQL, so the list costs one query however many transactions it holds.
import { QueueStateSchema, type QueueState, type SettlementBatch } from '../../../shared/api';
import { money } from '../../../shared/money';
import { fromPayTraceDate } from '../../../shared/time';
import type { Repositories } from '../../store';

const emptyStates = (): Record<QueueState, number> =>
  Object.fromEntries(QueueStateSchema.options.map((s) => [s, 0])) as Record<QueueState, number>;

/** The settlement date in PayTrace's own calendar ("11/20/2026 8:13:45 PM" is 2026-11-20). */
function settledDate(original: string | null, utc: string | null): string | null {
  const datePart = original?.split(' ')[0];
  if (datePart) {
    try {
      return fromPayTraceDate(datePart);
    } catch {
      // fall through to the UTC instant
    }
  }
  return utc ? utc.slice(0, 10) : null;
}

export async function listSettlementBatches(store: Repositories): Promise<SettlementBatch[]> {
  const groups = await store.reports.settlementGroups();

  const batches = new Map<
    string,
    {
      batch: number;
      currency: string;
      original: string | null;
      utc: string | null;
      salesCount: number;
      refundsCount: number;
      sales: number;
      refunds: number;
      posted: number;
      states: Record<QueueState, number>;
    }
  >();
  for (const g of groups) {
    const key = `${g.batch}/${g.currency}`;
    let b = batches.get(key);
    if (!b) {
      b = {
        batch: g.batch,
        currency: g.currency,
        original: null,
        utc: null,
        salesCount: 0,
        refundsCount: 0,
        sales: 0,
        refunds: 0,
        posted: 0,
        states: emptyStates(),
      };
      batches.set(key, b);
    }
    const n = g.count;
    const total = g.totalMinor;
    const posted = g.postedMinor;
    if (g.kind === 'refund') {
      b.refundsCount += n;
      b.refunds += total;
      b.posted -= posted;
    } else {
      b.salesCount += n;
      b.sales += total;
      b.posted += posted;
    }
    b.states[g.state] += n;
    if (g.settledOriginal && (!b.original || g.settledOriginal < b.original)) b.original = g.settledOriginal;
    if (g.settledUtc && (!b.utc || g.settledUtc < b.utc)) b.utc = g.settledUtc;
  }

  return [...batches.values()]
    .sort((a, b) => b.batch - a.batch || a.currency.localeCompare(b.currency))
    .map((b) => {
      const net = b.sales - b.refunds;
      return {
        batch: b.batch,
        currency: b.currency,
        settledDate: settledDate(b.original, b.utc),
        salesCount: b.salesCount,
        refundsCount: b.refundsCount,
        sales: money(b.sales, b.currency),
        refunds: money(b.refunds, b.currency),
        net: money(net, b.currency),
        posted: money(b.posted, b.currency),
        stillOpen: money(net - b.posted, b.currency),
        states: b.states,
      };
    });
}
