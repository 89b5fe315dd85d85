// Refunds a clerk prepares by hand (DESIGN.md §1): preparing, rejecting and listing requests, and
// what of a sale is still refundable. Four-eyes rules are enforced here, not in the UI; the
// money move itself is in approve.ts.
import type { Kysely, Transaction } from 'kysely';
import { ApiError, type RefundRequest, type RefundState } from '../../../shared/api';
import { formatMoney, money, type Money } from '../../../shared/money';
import { appendAudit } from '../../store/audit';
import type { Database, RefundRequestsTable, TransactionsTable } from '../../store/schema';
import type { Clock } from '../clock';
import type { Actor } from '../ports';
import { requireRole } from '../review/actions';

type Db = Kysely<Database> | Transaction<Database>;
type RefundRow = RefundRequestsTable & { id: number };

/** In progress: at most one per sale (a partial unique index of migration 0040 holds it too). */
export const PENDING_STATES: readonly RefundState[] = ['requested', 'approved', 'sent'];
/** Done at PayTrace. */
const MADE_STATES: readonly RefundState[] = ['refunded', 'voided'];
/** Transactions whose money a card holder paid: sales and captured authorizations. */
const REFUNDABLE_KINDS: ReadonlySet<string> = new Set(['sale', 'capture']);
const NOT_REFUNDABLE_STATUS: ReadonlySet<string> = new Set(['voided', 'declined', 'authorized']);

export const UNSETTLED_PARTIAL =
  "PayTrace refunds only settled transactions; void the whole sale or wait for tonight's settlement";

export const subjectOf = (saleId: number): string => `paytrace:${saleId}`;

export async function saleOf(db: Db, transactionId: number): Promise<TransactionsTable> {
  const sale = await db
    .selectFrom('transactions')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
  if (!sale) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  return sale;
}

export async function refundRow(db: Db, refundId: number): Promise<RefundRow> {
  const r = await db.selectFrom('refund_requests').selectAll().where('id', '=', refundId).executeTakeFirst();
  if (!r) throw new ApiError('not_found', `Refund request ${refundId} is not in ClearDesk.`);
  return r as RefundRow;
}

function refusalOfKind(sale: TransactionsTable): string | null {
  if (!REFUNDABLE_KINDS.has(sale.kind))
    return `Transaction ${sale.transaction_id} is a ${sale.kind}, not a sale; only sales can be refunded.`;
  if (NOT_REFUNDABLE_STATUS.has(sale.status))
    return `Sale ${sale.transaction_id} is ${sale.status} at PayTrace; there is no money to refund.`;
  return null;
}

/**
 * What of a sale may still be refunded: its amount less refunds ClearDesk made or has pending,
 * less refunds made at PayTrace outside ClearDesk that sync brought in. Null: not a refundable sale.
 */
export async function refundableOf(db: Db, sale: TransactionsTable, exceptRefundId?: number): Promise<Money | null> {
  if (refusalOfKind(sale)) return null;
  let q = db
    .selectFrom('refund_requests')
    .select(['id', 'amount_minor', 'state', 'paytrace_transaction_id'])
    .where('transaction_id', '=', sale.transaction_id)
    .where('state', 'in', [...PENDING_STATES, ...MADE_STATES]);
  if (exceptRefundId !== undefined) q = q.where('id', '!=', exceptRefundId);
  const ours = await q.execute();
  if (ours.some((r) => r.state === 'voided')) return money(0, sale.currency);
  const ourIds = new Set(ours.map((r) => r.paytrace_transaction_id).filter((id): id is number => id !== null));
  const elsewhere = await db
    .selectFrom('transactions')
    .select(['transaction_id', 'amount_minor'])
    .where('kind', '=', 'refund')
    .where('original_transaction_id', '=', sale.transaction_id)
    .execute();
  const taken =
    ours.reduce((s, r) => s + Number(r.amount_minor), 0) +
    elsewhere.filter((t) => !ourIds.has(t.transaction_id)).reduce((s, t) => s + Number(t.amount_minor), 0);
  return money(Math.max(0, Number(sale.amount_minor) - taken), sale.currency);
}

export interface RefundDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

export async function requestRefund(
  deps: RefundDeps,
  actor: Actor,
  req: { transactionId: number; amount: Money; reason: string },
): Promise<RefundRequest> {
  requireRole(actor, 'clerk');
  const reason = req.reason.trim();
  if (reason.length < 3)
    throw new ApiError('invalid_request', 'Give a reason of at least 3 characters for the refund.');
  if (!Number.isSafeInteger(req.amount.minor) || req.amount.minor <= 0)
    throw new ApiError('invalid_request', 'A refund must be more than zero.');
  const now = deps.clock.now().toISOString();
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      const sale = await saleOf(trx, req.transactionId);
      const kindRefusal = refusalOfKind(sale);
      if (kindRefusal) throw new ApiError('conflict', kindRefusal);
      if (req.amount.currency !== sale.currency) {
        throw new ApiError(
          'invalid_request',
          `Sale ${sale.transaction_id} was paid in ${sale.currency}; a refund of it is in ${sale.currency} too, not ${req.amount.currency}.`,
        );
      }
      const pending = await trx
        .selectFrom('refund_requests')
        .select(['id', 'state', 'prepared_by'])
        .where('transaction_id', '=', sale.transaction_id)
        .where('state', 'in', [...PENDING_STATES])
        .executeTakeFirst();
      if (pending) {
        throw new ApiError(
          'conflict',
          `Sale ${sale.transaction_id} already has refund request ${pending.id} (${pending.state}, prepared by ${pending.prepared_by}); it must be decided before another refund is prepared.`,
        );
      }
      const refundable = (await refundableOf(trx, sale))!;
      if (req.amount.minor > refundable.minor) {
        throw new ApiError(
          'invalid_request',
          `At most ${formatMoney(refundable)} of sale ${sale.transaction_id} (${formatMoney(money(Number(sale.amount_minor), sale.currency))}) can still be refunded; ${formatMoney(req.amount)} is more than that.`,
        );
      }
      if (sale.status !== 'settled' && req.amount.minor !== Number(sale.amount_minor))
        throw new ApiError('conflict', `${UNSETTLED_PARTIAL}.`);
      const inserted = await trx
        .insertInto('refund_requests')
        .values({
          transaction_id: sale.transaction_id,
          amount_minor: req.amount.minor,
          currency: sale.currency,
          reason,
          state: 'requested',
          prepared_by: actor.name,
          prepared_at: now,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          paytrace_transaction_id: null,
          error: null,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        actor: actor.name,
        action: 'refund.requested',
        subject: subjectOf(sale.transaction_id),
        detail: {
          refundId: inserted.id,
          amount: req.amount,
          reason,
          saleAmount: { minor: Number(sale.amount_minor), currency: sale.currency },
          settled: sale.status === 'settled',
        },
      });
      return inserted.id;
    });
  } catch (e) {
    // Two clerks preparing a refund of the same sale at once: the database keeps one.
    if (!(e instanceof ApiError) && e instanceof Error && /unique/i.test(e.message)) {
      throw new ApiError(
        'conflict',
        `Sale ${req.transactionId} already has a refund request in progress; it must be decided before another refund is prepared.`,
      );
    }
    throw e;
  }
  return getRefund(deps.db, id);
}

/**
 * Records the decision on a request still waiting for one. Two people deciding at the same moment:
 * the second finds it decided and is told so, whatever the first decided.
 */
export async function decideRequest(
  trx: Transaction<Database>,
  refundId: number,
  decision: {
    state: 'approved' | 'rejected';
    decided_by: string;
    decided_at: string;
    updated_at: string;
    decision_reason?: string;
  },
): Promise<void> {
  const done = await trx
    .updateTable('refund_requests')
    .set(decision)
    .where('id', '=', refundId)
    .where('state', '=', 'requested')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1)
    throw new ApiError('conflict', `Refund request ${refundId} was decided by someone else a moment ago.`);
}

export async function rejectRefund(
  deps: RefundDeps,
  actor: Actor,
  refundId: number,
  reason: string,
): Promise<RefundRequest> {
  const r = await refundRow(deps.db, refundId);
  // An approver rejects; the preparer may withdraw their own request.
  if (r.prepared_by !== actor.name) requireRole(actor, 'approver');
  const why = reason.trim();
  if (why.length < 3)
    throw new ApiError('invalid_request', 'Give a reason of at least 3 characters for the rejection.');
  if (r.state !== 'requested')
    throw new ApiError(
      'conflict',
      `Refund request ${refundId} is ${r.state}; only a request waiting for approval can be rejected.`,
    );
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await decideRequest(trx, refundId, {
      state: 'rejected',
      decided_by: actor.name,
      decided_at: now,
      decision_reason: why,
      updated_at: now,
    });
    await appendAudit(trx, {
      actor: actor.name,
      action: 'refund.rejected',
      subject: subjectOf(r.transaction_id),
      detail: {
        refundId,
        reason: why,
        amount: { minor: Number(r.amount_minor), currency: r.currency },
        preparedBy: r.prepared_by,
      },
    });
  });
  return getRefund(deps.db, refundId);
}

function toDto(r: RefundRow, sale: TransactionsTable): RefundRequest {
  return {
    id: r.id,
    transactionId: Number(r.transaction_id),
    amount: money(Number(r.amount_minor), r.currency),
    reason: r.reason,
    state: r.state,
    preparedBy: r.prepared_by,
    preparedAt: r.prepared_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    paytraceTransactionId: r.paytrace_transaction_id === null ? null : Number(r.paytrace_transaction_id),
    error: r.error,
    sale: {
      amount: money(Number(sale.amount_minor), sale.currency),
      status: sale.status,
      batch: sale.batch === null ? null : Number(sale.batch),
      createdAt: sale.created_at_utc,
      invoiceId: sale.invoice_id,
      billingName: sale.billing_name,
      maskedCard: sale.masked_card,
    },
  };
}

export async function getRefund(db: Db, refundId: number): Promise<RefundRequest> {
  const r = await refundRow(db, refundId);
  return toDto(r, await saleOf(db, r.transaction_id));
}

/** Newest first. */
export async function listRefunds(db: Db, states?: readonly RefundState[]): Promise<RefundRequest[]> {
  let q = db.selectFrom('refund_requests').selectAll().orderBy('id', 'desc').limit(1000);
  if (states && states.length > 0) q = q.where('state', 'in', [...states]);
  const rows = (await q.execute()) as RefundRow[];
  const saleIds = [...new Set(rows.map((r) => r.transaction_id))];
  const sales = new Map<number, TransactionsTable>();
  for (let i = 0; i < saleIds.length; i += 500) {
    for (const s of await db
      .selectFrom('transactions')
      .selectAll()
      .where('transaction_id', 'in', saleIds.slice(i, i + 500))
      .execute())
      sales.set(Number(s.transaction_id), s);
  }
  return rows.flatMap((r) => {
    const sale = sales.get(Number(r.transaction_id));
    return sale ? [toDto(r, sale)] : [];
  });
}
