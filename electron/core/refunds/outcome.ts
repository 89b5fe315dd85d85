// A refund or void whose outcome is unknown (PayTrace's answer was lost and the look-up could not
// tell) waits for a person, who checks PayTrace and then does one of two things
// (docs/ARCHITECTURE.md, "Refunds exactly once"):
// - "PayTrace shows it refunded": an approver gives the refund's PayTrace transaction id (a void
//   needs none), and ClearDesk looks it up at PayTrace and checks it is this refund before it
//   marks the request refunded or voided;
// - "PayTrace shows no refund, send again": an approver who did not prepare the request (four
//   eyes) says what they checked; ClearDesk looks every earlier attempt's reference up once more and
//   sends a new attempt, with a new reference, only when PayTrace shows none of them.
// Both are audited. A later sync that finds the refund resolves the request by itself (resolve.ts).
import { ApiError, type RefundRequest } from '../../../shared/api';
import { samePerson, type PaymentTransaction } from '../../../shared/domain';
import { formatMoney, money } from '../../../shared/money';
import { attemptReferences, parseRefundReference, refundReference } from '../../../shared/refunds';
import type { RefundRecord } from '../../store';
import { requireRole } from '../authorization';
import type { Actor, RefundGateway } from '../ports';
import {
  firstReference,
  operationFor,
  requireGateway,
  requireRefundable,
  sendAttempt,
  type ApproveRefundDeps,
} from './approve';
import { getRefund, refundRow, saleOf, subjectOf, type RefundDeps } from './requests';

/** PayTrace's time and ClearDesk's may differ a little: a refund this much older than the send still counts. */
const CLOCK_SLACK_MS = 10 * 60_000;

const lastFour = (masked: string): string => masked.replace(/\D/g, '').slice(-4);

/** Every reference this request's attempts carried, first to last. */
export function referencesOf(r: RefundRecord): string[] {
  if (!r.reference) return [];
  const parsed = parseRefundReference(r.reference);
  return parsed ? attemptReferences(parsed) : [r.reference];
}

function requireUnknown(r: RefundRecord, what: string): void {
  if (r.state !== 'unknown')
    throw new ApiError(
      'conflict',
      `Refund request ${r.id} is ${r.state}; ${what} only a request whose outcome is unknown.`,
    );
}

async function ask<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw new ApiError(
      'unavailable',
      `PayTrace could not be asked ${what} (${e instanceof Error ? e.message : String(e)}). Nothing was changed; try again later.`,
    );
  }
}

/** Why PayTrace transaction `t` is not this request's refund, or null when it is. */
async function notThisRefund(
  deps: RefundDeps,
  r: RefundRecord,
  t: PaymentTransaction,
  saleCard: string,
): Promise<string | null> {
  const id = t.source.transaction_id;
  const amount = money(r.amountMinor, r.currency);
  if (t.kind !== 'refund') return `PayTrace transaction ${id} is a ${t.kind}, not a refund.`;
  if (t.status === 'voided' || t.status === 'declined')
    return `PayTrace refund ${id} is ${t.status}: no money went back with it.`;
  if (t.amount.currency !== amount.currency || t.amount.minor !== amount.minor)
    return `PayTrace refund ${id} is of ${formatMoney(t.amount)}, not ${formatMoney(amount)}.`;
  if (saleCard && lastFour(t.maskedCard) !== saleCard)
    return `PayTrace refund ${id} went to card ${t.maskedCard || '(none)'}, but sale ${r.transactionId} was paid with a card ending ${saleCard}.`;
  const theirs = parseRefundReference(t.customerReferenceId);
  const ours = new Set(referencesOf(r));
  if (theirs && !ours.has(t.customerReferenceId.trim()))
    return `PayTrace refund ${id} carries ClearDesk's reference ${t.customerReferenceId.trim()}, which belongs to refund request ${theirs.refundId}, not to this one (${[...ours].join(', ')}).`;
  const since = r.decidedAt ?? r.sentAt;
  if (since && Date.parse(t.createdAt.utc) < Date.parse(since) - CLOCK_SLACK_MS)
    return `PayTrace refund ${id} was made at ${t.createdAt.original}, before refund request ${r.id} was approved.`;
  const others = (await deps.store.refunds.holding(id)).filter((o) => o.id !== r.id);
  if (others.length > 0) return `PayTrace refund ${id} is already refund request ${others[0]!.id}'s.`;
  return null;
}

export async function confirmRefund(
  deps: ApproveRefundDeps,
  actor: Actor,
  refundId: number,
  paytraceTransactionId: number | undefined,
  reason: string,
): Promise<RefundRequest> {
  requireRole(actor, 'approver');
  const r = await refundRow(deps.store, refundId);
  requireUnknown(r, 'PayTrace can be said to show');
  const saw = reason.trim();
  if (saw.length < 3) throw new ApiError('invalid_request', 'Say what you saw in PayTrace, in at least 3 characters.');
  const gateway = requireGateway(deps.gateway);
  const saleId = r.transactionId;

  let found: PaymentTransaction;
  const checks: string[] = [];
  if (r.operation === 'void') {
    if (paytraceTransactionId !== undefined && paytraceTransactionId !== saleId)
      throw new ApiError(
        'invalid_request',
        `A void is PayTrace's sale itself: give sale ${saleId}, or no transaction id, not ${paytraceTransactionId}.`,
      );
    const live = await ask(`about sale ${saleId}`, () => gateway.lookup(saleId));
    if (!live) throw new ApiError('conflict', `PayTrace does not show sale ${saleId}; nothing was changed.`);
    if (live.status !== 'voided')
      throw new ApiError(
        'conflict',
        `PayTrace shows sale ${saleId} as ${live.status}, not voided; nothing was changed.${live.status === 'settled' ? ' It settled, so it cannot be voided any more: send it again to refund it instead.' : ''}`,
      );
    found = live;
    checks.push(`sale ${saleId} is voided at PayTrace`);
  } else {
    if (paytraceTransactionId === undefined)
      throw new ApiError('invalid_request', "Give the refund's PayTrace transaction id, as PayTrace shows it.");
    const live = await ask(`about transaction ${paytraceTransactionId}`, () => gateway.lookup(paytraceTransactionId));
    if (!live)
      throw new ApiError(
        'not_found',
        `PayTrace does not know transaction ${paytraceTransactionId}; nothing was changed. Check the id.`,
      );
    const sale = await saleOf(deps.store, saleId);
    const why = await notThisRefund(deps, r, live, lastFour(sale.maskedCard));
    if (why) throw new ApiError('conflict', `${why} Nothing was changed.`);
    found = live;
    checks.push(
      'a refund at PayTrace',
      `of ${formatMoney(live.amount)}`,
      ...(sale.maskedCard ? [`to the sale's card ${live.maskedCard}`] : []),
      `made ${live.createdAt.original}`,
      live.customerReferenceId.trim() ? `with reference ${live.customerReferenceId.trim()}` : 'without a reference',
    );
  }

  const at = deps.clock.now().toISOString();
  const state = r.operation === 'void' ? 'voided' : 'refunded';
  const paytraceId = found.source.transaction_id;
  await deps.store.transaction(async (tx) => {
    const done = await tx.refunds.finish(refundId, { state, paytraceTransactionId: paytraceId, error: null, at }, [
      'unknown',
    ]);
    if (!done) throw new ApiError('conflict', `Refund request ${refundId} was settled by someone else a moment ago.`);
    await tx.audit.append({
      actor: actor.name,
      action: 'refund.confirmed',
      subject: subjectOf(saleId),
      detail: {
        refundId,
        amount: money(r.amountMinor, r.currency),
        operation: r.operation,
        reference: r.reference,
        attempt: r.attempt,
        paytraceTransactionId: paytraceId,
        checked: checks.join(', '),
        reason: saw,
        preparedBy: r.preparedBy,
      },
      at,
    });
  });
  return getRefund(deps.store, refundId);
}

/** What PayTrace shows of the request's earlier attempts now: the transaction that did it, or null. */
async function doneAfterAll(
  gateway: RefundGateway,
  r: RefundRecord,
  now: string,
): Promise<{ transaction: PaymentTransaction; how: string } | null> {
  if (r.operation === 'void') {
    const live = await ask(`about sale ${r.transactionId}`, () => gateway.lookup(r.transactionId));
    return live?.status === 'voided' ? { transaction: live, how: `sale ${r.transactionId} is voided` } : null;
  }
  const references = referencesOf(r);
  if (references.length === 0) return null;
  const from = r.decidedAt ?? r.sentAt ?? now;
  const found = await ask(`for refunds with reference ${references.join(', ')}`, () =>
    gateway.findRefunds(references, { from, to: now }),
  );
  const [first] = found;
  if (!first) return null;
  if (found.length > 1)
    throw new ApiError(
      'conflict',
      `PayTrace shows ${found.length} refunds with this request's references (${found.map((t) => `${t.source.transaction_id}: ${t.customerReferenceId}`).join(', ')}). Nothing was sent; settle it in PayTrace and confirm the one that stands.`,
    );
  return {
    transaction: first,
    how: `PayTrace refund ${first.source.transaction_id} carries ${first.customerReferenceId}`,
  };
}

export async function resendRefund(
  deps: ApproveRefundDeps,
  actor: Actor,
  refundId: number,
  reason: string,
): Promise<RefundRequest> {
  requireRole(actor, 'approver');
  const r = await refundRow(deps.store, refundId);
  if (samePerson(r.preparedBy, actor.name)) {
    throw new ApiError(
      'forbidden',
      `${actor.name} prepared refund request ${refundId} and so cannot send it again; another approver must (four eyes).`,
    );
  }
  requireUnknown(r, 'PayTrace can be said to show no refund for');
  const checked = reason.trim();
  if (checked.length < 3)
    throw new ApiError('invalid_request', 'Say what you checked in PayTrace, in at least 3 characters.');
  const gateway = requireGateway(deps.gateway);
  const now = deps.clock.now().toISOString();

  // The person saw nothing in PayTrace; ClearDesk looks once more before it sends anything.
  const done = await doneAfterAll(gateway, r, now);
  if (done) {
    const state = r.operation === 'void' ? 'voided' : 'refunded';
    await deps.store.transaction(async (tx) => {
      const finished = await tx.refunds.finish(
        refundId,
        { state, paytraceTransactionId: done.transaction.source.transaction_id, error: null, at: now },
        ['unknown'],
      );
      if (!finished)
        throw new ApiError('conflict', `Refund request ${refundId} was settled by someone else a moment ago.`);
      await tx.audit.append({
        actor: actor.name,
        action: 'refund.resolved',
        subject: subjectOf(r.transactionId),
        detail: {
          refundId,
          reference: r.reference,
          paytraceTransactionId: done.transaction.source.transaction_id,
          how: `found at PayTrace when asked to send it again (${done.how}); nothing was sent`,
          reason: checked,
        },
        at: now,
      });
    });
    return getRefund(deps.store, refundId);
  }

  const operation = await operationFor(gateway, r.transactionId, r.amountMinor);
  await requireRefundable(deps, r);
  const parsed = r.reference ? parseRefundReference(r.reference) : null;
  const attempt = r.attempt + 1;
  const reference = parsed ? refundReference({ ...parsed, attempt }) : firstReference(deps, refundId);
  await deps.store.transaction(async (tx) => {
    const sent = await tx.refunds.send(refundId, { reference, attempt, operation, at: now, by: actor.name }, [
      'unknown',
    ]);
    if (!sent) throw new ApiError('conflict', `Refund request ${refundId} was settled by someone else a moment ago.`);
    await tx.audit.append({
      actor: actor.name,
      action: 'refund.resent',
      subject: subjectOf(r.transactionId),
      detail: {
        refundId,
        amount: money(r.amountMinor, r.currency),
        operation,
        reference,
        attempt,
        earlier: referencesOf(r),
        reason: checked,
        preparedBy: r.preparedBy,
      },
      at: now,
    });
  });
  return sendAttempt(deps, gateway, actor, refundId);
}
