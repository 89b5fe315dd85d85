// Exports: transactions by id and by date range, batches, a batch's transactions.
import { ERR, exportEnvelope, SimValidationError } from './codes';
import type { SimState, SimTransaction, SimType } from './model';
import { batchSummary } from './records';
import { type Body, filterDate, str } from './request';
import type { Reply, RouteContext, Routes } from './routes';
import { localDate } from './settlement';
import type { PayTraceSimulator } from './simulator';

const TYPE_FILTERS: Readonly<Record<string, (t: SimTransaction) => boolean>> = {
  SALE: (t) => t.type === ('SALE' satisfies SimType),
  AUTHORIZATION: (t) => t.type === 'AUTHORIZATION',
  REFUND: (t) => t.type === 'REFUND',
  SETTLED: (t) => t.state === ('settled' satisfies SimState),
  PENDING: (t) => t.state === 'pending',
  DECLINED: (t) => t.state === 'declined',
  VOID: (t) => t.state === 'voided',
  'STR/FWD': () => false,
};

function typeFilter(v: unknown): (t: SimTransaction) => boolean {
  const key = str(v).toUpperCase();
  if (key === '') return () => true;
  const f = TYPE_FILTERS[key];
  if (!f)
    throw new SimValidationError({
      'SIM-TYPE': [`transaction_type must be one of ${Object.keys(TYPE_FILTERS).join(', ')}.`],
    });
  return f;
}

function transactionsReply(
  sim: PayTraceSimulator,
  all: SimTransaction[],
  includeBin: boolean,
  ctx: RouteContext,
): Reply {
  const list = all.filter((t) => sim.exported(t, ctx.at));
  const capped = sim.exportCap === null ? list : list.slice(0, sim.exportCap);
  return {
    status: 200,
    exported: true,
    body: {
      ...exportEnvelope,
      transactions: capped.map((t) => sim.recordFor(t, includeBin)),
      external_transaction_id: '',
    },
  };
}

function dateWindow(body: Body): [string, string] {
  return [filterDate(body.start_date), filterDate(body.end_date)];
}

export const exportRoutes: Routes = {
  '/v1/transactions/export/by_id': (sim, body, ctx) => {
    const t = sim.ledger.transactions.get(Number(body.transaction_id));
    if (!/^\d+$/.test(str(body.transaction_id))) throw SimValidationError.of(ERR.transactionId);
    return transactionsReply(sim, t ? [t] : [], body.include_bin === true, ctx);
  },
  '/v1/transactions/export/by_date_range': (sim, body, ctx) => {
    const [from, to] = dateWindow(body);
    const byType = typeFilter(body.transaction_type);
    const customer = str(body.customer_id);
    const id = str(body.transaction_id);
    const text = str(body.including_text).toLowerCase();
    const list = [...sim.ledger.transactions.values()].filter((t) => {
      const day = localDate(t.createdAt, sim.zone);
      return (
        day >= from &&
        day <= to &&
        byType(t) &&
        (customer === '' || t.customerId === customer) &&
        (id === '' || String(t.id) === id) &&
        (text === '' ||
          `${t.invoiceId} ${t.description} ${t.billing.name} ${t.customerReferenceId}`.toLowerCase().includes(text))
      );
    });
    return transactionsReply(sim, list, body.include_bin === true, ctx);
  },
  '/v1/batches/export': (sim, body) => {
    const [from, to] = dateWindow(body);
    const batches = sim.ledger.batches.filter((b) => {
      const day = localDate(b.settledAt, sim.zone);
      return day >= from && day <= to;
    });
    return {
      status: 200,
      body: { ...exportEnvelope, batches: batches.map((b) => batchSummary(b, sim.ledger.transactions, sim)) },
    };
  },
  '/v1/batches/export_one': (sim, body) => {
    const wanted = body.batch_number;
    const batch = wanted === undefined || wanted === '' ? sim.ledger.batches.at(-1) : sim.ledger.batch(wanted);
    if (!batch) throw SimValidationError.of(ERR.batch);
    return { status: 200, body: { ...exportEnvelope, batch: batchSummary(batch, sim.ledger.transactions, sim) } };
  },
  '/v1/batches/transaction_list': (sim, body, ctx) => {
    const batch = sim.ledger.batch(body.batch_number);
    return transactionsReply(
      sim,
      batch.transactionIds.map((id) => sim.ledger.transactions.get(id)!),
      body.include_bin === true,
      ctx,
    );
  },
};
