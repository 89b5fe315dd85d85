// Settlement batches against the ledger (DESIGN.md §4): for each PayTrace batch, what it settled
// (sales less refunds), what ClearDesk posted for its transactions, and what is still open.
// Aggregated in SQL, so the list costs one query however many transactions the store holds.
import { sql, type Kysely } from 'kysely';
import { QueueStateSchema, type QueueState, type SettlementBatch } from '../../../shared/api';
import { money } from '../../../shared/money';
import { fromPayTraceDate } from '../../../shared/time';
import type { Database } from '../../store/schema';

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

export async function listSettlementBatches(db: Kysely<Database>): Promise<SettlementBatch[]> {
  const groups = await db
    .selectFrom('transactions as t')
    .leftJoin('postings as p', (j) =>
      j
        .onRef('p.transaction_id', '=', 't.transaction_id')
        .on('p.state', '=', 'posted')
        .on('p.event', 'in', ['payment', 'refund']),
    )
    .select((eb) => [
      't.batch',
      't.currency',
      't.kind',
      't.queue_state',
      eb.fn.countAll<number>().as('n'),
      // SUM of a bigint is numeric on PostgreSQL; cast back so it arrives as an exact number.
      sql<number>`cast(sum(${sql.ref('t.amount_minor')}) as bigint)`.as('total'),
      sql<number>`cast(sum(case when ${sql.ref('p.reference')} is null then 0 else ${sql.ref('t.amount_minor')} end) as bigint)`.as(
        'posted',
      ),
      eb.fn.min('t.settled_at_original').as('settled_original'),
      eb.fn.min('t.settled_at_utc').as('settled_utc'),
    ])
    .where('t.batch', 'is not', null)
    .groupBy(['t.batch', 't.currency', 't.kind', 't.queue_state'])
    .execute();

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
        batch: g.batch!,
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
    const n = Number(g.n);
    const total = Number(g.total ?? 0);
    const posted = Number(g.posted ?? 0);
    if (g.kind === 'refund') {
      b.refundsCount += n;
      b.refunds += total;
      b.posted -= posted;
    } else {
      b.salesCount += n;
      b.sales += total;
      b.posted += posted;
    }
    b.states[g.queue_state] += n;
    if (g.settled_original && (!b.original || g.settled_original < b.original)) b.original = g.settled_original;
    if (g.settled_utc && (!b.utc || g.settled_utc < b.utc)) b.utc = g.settled_utc;
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
