// Refunds a clerk prepares by hand: preparing, rejecting and listing requests, and what of a sale
// is still refundable. Four-eyes rules are enforced here, not in the UI; the money move itself is
// in approve.ts.
import { ApiError, type RefundRequest } from '../../../shared/api';
import { neverCharged, samePerson } from '../../../shared/domain';
import { attemptReferences, parseRefundReference, UNSETTLED_PARTIAL } from '../../../shared/refunds';
import { formatMoney, money, type Money } from '../../../shared/money';
import type { Clock } from '../../../shared/ports';
import {
  RefundInProgressError,
  type PaymentRecord,
  type RefundRecord,
  type RefundState,
  type Repositories,
} from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';

/** In progress: at most one per sale (a partial unique index of migrations 0040 and 0100 holds it too). */
export const PENDING_STATES: readonly RefundState[] = ['requested', 'approved', 'sent', 'unknown'];
/** Done at PayTrace. */
const MADE_STATES: readonly RefundState[] = ['refunded', 'voided'];
/** Transactions whose money a card holder paid: sales and captured authorizations. */
const REFUNDABLE_KINDS: ReadonlySet<string> = new Set(['sale', 'capture']);

export const subjectOf = (saleId: number): string => `paytrace:${saleId}`;

export async function saleOf(store: Repositories, transactionId: number): Promise<PaymentRecord> {
  const sale = await store.payments.get(transactionId);
  if (!sale) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  return sale;
}

export async function refundRow(store: Repositories, refundId: number): Promise<RefundRecord> {
  const r = await store.refunds.get(refundId);
  if (!r) throw new ApiError('not_found', `Refund request ${refundId} is not in ClearDesk.`);
  return r;
}

function refusalOfKind(sale: PaymentRecord): string | null {
  const id = sale.source.transaction_id;
  if (!REFUNDABLE_KINDS.has(sale.kind))
    return `Transaction ${id} is a ${sale.kind}, not a sale; only sales can be refunded.`;
  if (neverCharged(sale.status)) return `Sale ${id} is ${sale.status} at PayTrace; there is no money to refund.`;
  return null;
}

/**
 * What of a sale may still be refunded: its amount less refunds ClearDesk made or has pending,
 * less refunds made at PayTrace outside ClearDesk that sync brought in (PayTrace names the sale, or the matcher
 * found it: `refundsRelatedTo`). Null: not a refundable sale.
 */
export async function refundableOf(
  store: Repositories,
  sale: PaymentRecord,
  exceptRefundId?: number,
): Promise<Money | null> {
  if (refusalOfKind(sale)) return null;
  const saleId = sale.source.transaction_id;
  const ours = await store.refunds.ofSale(saleId, [...PENDING_STATES, ...MADE_STATES], exceptRefundId);
  if (ours.some((r) => r.state === 'voided')) return money(0, sale.amount.currency);
  const ourIds = new Set(ours.map((r) => r.paytraceTransactionId).filter((id): id is number => id !== null));
  const elsewhere = (await store.payments.refundsRelatedTo(saleId)).filter((t) => !ourIds.has(t.source.transaction_id));
  const taken = ours.reduce((s, r) => s + r.amountMinor, 0) + elsewhere.reduce((s, t) => s + t.amount.minor, 0);
  return money(Math.max(0, sale.amount.minor - taken), sale.amount.currency);
}

/**
 * A refund of an unsettled sale in progress: once approved, PayTrace voids the whole sale (no money moves), so
 * the sale must not go to SAP meanwhile (it would then have to be reversed). Null when none is in progress or the
 * sale is settled: a settled sale's refund moves money of its own and is posted apart, and the sale's posting stands.
 */
export async function voidInProgress(store: Repositories, sale: PaymentRecord): Promise<RefundRecord | null> {
  if (sale.status === 'settled') return null;
  const [request] = await store.refunds.ofSale(sale.source.transaction_id, PENDING_STATES);
  return request ?? null;
}

/** Why a sale is not posted while its void is in progress, and what to do. */
export function voidInProgressText(request: RefundRecord): string {
  const amount = formatMoney(money(request.amountMinor, request.currency));
  const where =
    request.state === 'requested'
      ? 'waits for an approver'
      : request.state === 'unknown'
        ? "waits for someone to confirm PayTrace's outcome"
        : 'is on its way to PayTrace';
  return `Refund request ${request.id} of ${amount} for sale ${request.transactionId}, by ${request.preparedBy}, ${where}: approved before the sale settles, PayTrace voids the whole sale, so it is not posted to SAP meanwhile. Decide the refund first (Refunds).`;
}

export interface RefundDeps {
  readonly store: Repositories;
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
    id = await deps.store.transaction(async (tx) => {
      const sale = await saleOf(tx, req.transactionId);
      const saleId = sale.source.transaction_id;
      const kindRefusal = refusalOfKind(sale);
      if (kindRefusal) throw new ApiError('conflict', kindRefusal);
      if (req.amount.currency !== sale.amount.currency) {
        throw new ApiError(
          'invalid_request',
          `Sale ${saleId} was paid in ${sale.amount.currency}; a refund of it is in ${sale.amount.currency} too, not ${req.amount.currency}.`,
        );
      }
      const [pending] = await tx.refunds.ofSale(saleId, PENDING_STATES);
      if (pending) {
        throw new ApiError(
          'conflict',
          `Sale ${saleId} already has refund request ${pending.id} (${pending.state}, prepared by ${pending.preparedBy}); it must be decided before another refund is prepared.`,
        );
      }
      const refundable = (await refundableOf(tx, sale))!;
      if (req.amount.minor > refundable.minor) {
        throw new ApiError(
          'invalid_request',
          `At most ${formatMoney(refundable)} of sale ${saleId} (${formatMoney(sale.amount)}) can still be refunded; ${formatMoney(req.amount)} is more than that.`,
        );
      }
      if (sale.status !== 'settled' && req.amount.minor !== sale.amount.minor)
        throw new ApiError('conflict', `${UNSETTLED_PARTIAL}.`);
      const inserted = await tx.refunds.insert({
        transactionId: saleId,
        amountMinor: req.amount.minor,
        currency: sale.amount.currency,
        reason,
        preparedBy: actor.name,
        at: now,
      });
      await tx.audit.append({
        actor: actor.name,
        action: 'refund.requested',
        subject: subjectOf(saleId),
        detail: {
          refundId: inserted,
          amount: req.amount,
          reason,
          saleAmount: sale.amount,
          settled: sale.status === 'settled',
        },
        at: now,
      });
      return inserted;
    });
  } catch (e) {
    // Two clerks preparing a refund of the same sale at once: the database keeps one.
    if (e instanceof RefundInProgressError) {
      throw new ApiError(
        'conflict',
        `Sale ${req.transactionId} already has a refund request in progress; it must be decided before another refund is prepared.`,
      );
    }
    throw e;
  }
  return getRefund(deps.store, id);
}

/**
 * Records the decision on a request still waiting for one. Two people deciding at the same moment:
 * the second finds it decided and is told so, whatever the first decided.
 */
export async function decideRequest(
  store: Repositories,
  refundId: number,
  decision: { state: 'approved' | 'rejected'; decidedBy: string; at: string; reason?: string },
): Promise<void> {
  if (!(await store.refunds.decide(refundId, decision)))
    throw new ApiError('conflict', `Refund request ${refundId} was decided by someone else a moment ago.`);
}

export async function rejectRefund(
  deps: RefundDeps,
  actor: Actor,
  refundId: number,
  reason: string,
): Promise<RefundRequest> {
  const r = await refundRow(deps.store, refundId);
  // An approver rejects; the preparer may withdraw their own request.
  const withdrawn = samePerson(r.preparedBy, actor.name);
  if (!withdrawn) requireRole(actor, 'approver');
  const why = reason.trim();
  if (why.length < 3)
    throw new ApiError('invalid_request', 'Give a reason of at least 3 characters for the rejection.');
  if (r.state !== 'requested')
    throw new ApiError(
      'conflict',
      `Refund request ${refundId} is ${r.state}; only a request waiting for approval can be rejected.`,
    );
  const now = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await decideRequest(tx, refundId, { state: 'rejected', decidedBy: actor.name, at: now, reason: why });
    await tx.audit.append({
      actor: actor.name,
      action: withdrawn ? 'refund.withdrawn' : 'refund.rejected',
      subject: subjectOf(r.transactionId),
      detail: { refundId, reason: why, amount: money(r.amountMinor, r.currency), preparedBy: r.preparedBy },
      at: now,
    });
  });
  return getRefund(deps.store, refundId);
}

/** What a person checks in PayTrace when ClearDesk could not tell whether an attempt was done. */
function checksFor(r: RefundRecord, sale: PaymentRecord): string[] {
  if (r.state !== 'unknown') return [];
  const amount = formatMoney(money(r.amountMinor, r.currency));
  const card = sale.maskedCard ? ` to card ${sale.maskedCard}` : '';
  const invoice = sale.invoiceId.trim() ? `, invoice ${sale.invoiceId.trim()}` : '';
  if (r.operation === 'void') {
    return [
      `In PayTrace, open sale ${r.transactionId} (${formatMoney(sale.amount)}${card ? `, card ${sale.maskedCard}` : ''}${invoice}) and see whether it is voided.`,
      'Voided: an approver presses “PayTrace shows it voided”; ClearDesk checks the sale at PayTrace first.',
      `Not voided: an approver other than ${r.preparedBy} presses “No void — send again”, saying what they checked.`,
    ];
  }
  const parsed = r.reference ? parseRefundReference(r.reference) : null;
  const refs = parsed ? attemptReferences(parsed) : r.reference ? [r.reference] : [];
  const latest = refs.at(-1);
  return [
    `In PayTrace, look for a refund of ${amount}${card} (sale ${r.transactionId}${invoice}) made since the request was sent.`,
    latest
      ? `ClearDesk sent it with customer reference ${latest}${refs.length > 1 ? ` (earlier attempts: ${refs.slice(0, -1).join(', ')})` : ''}; PayTrace's refund may also show it without one.`
      : 'It was sent without a reference: look for the amount and the card.',
    'Found: an approver presses “PayTrace shows it refunded” and gives its PayTrace transaction id; ClearDesk checks that refund at PayTrace first.',
    `Not there: an approver other than ${r.preparedBy} presses “No refund — send again”, saying what they checked; it is sent once more with a new reference.`,
  ];
}

function toDto(r: RefundRecord, sale: PaymentRecord, leftBesides: Money | null = null): RefundRequest {
  return {
    id: r.id,
    transactionId: r.transactionId,
    amount: money(r.amountMinor, r.currency),
    reason: r.reason,
    state: r.state,
    preparedBy: r.preparedBy,
    preparedAt: r.preparedAt,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    paytraceTransactionId: r.paytraceTransactionId,
    error: r.error,
    reference: r.reference,
    attempt: r.attempt,
    operation: r.operation,
    sentAt: r.sentAt,
    sentBy: r.sentBy,
    checks: checksFor(r, sale),
    sale: {
      amount: sale.amount,
      status: sale.status,
      batch: sale.batch,
      createdAt: sale.createdAt.utc,
      invoiceId: sale.invoiceId,
      billingName: sale.billingName,
      maskedCard: sale.maskedCard,
      queueState: sale.state,
      ...(leftBesides ? { leftBesides } : {}),
    },
  };
}

/** What an approver weighs a waiting request against: the sale's refundable amount besides this request. */
async function leftBesidesOf(store: Repositories, r: RefundRecord, sale: PaymentRecord): Promise<Money | null> {
  return r.state === 'requested' ? refundableOf(store, sale, r.id) : null;
}

export async function getRefund(store: Repositories, refundId: number): Promise<RefundRequest> {
  const r = await refundRow(store, refundId);
  const sale = await saleOf(store, r.transactionId);
  return toDto(r, sale, await leftBesidesOf(store, r, sale));
}

/** Newest first. */
export async function listRefunds(store: Repositories, states?: readonly RefundState[]): Promise<RefundRequest[]> {
  const rows = await store.refunds.list(states, 1000);
  const sales = new Map(
    (await store.payments.getMany([...new Set(rows.map((r) => r.transactionId))])).map((s) => [
      s.source.transaction_id,
      s,
    ]),
  );
  const out: RefundRequest[] = [];
  for (const r of rows) {
    const sale = sales.get(r.transactionId);
    if (sale) out.push(toDto(r, sale, await leftBesidesOf(store, r, sale)));
  }
  return out;
}
