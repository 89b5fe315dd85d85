// The approver's side of a refund: four eyes, then the money move at PayTrace. A settled sale is
// refunded; an unsettled one is voided when the refund is for all of it (PayTrace refuses to
// refund before settlement, error 817). Each attempt gets ClearDesk's reference and is marked
// 'sent' and committed before the call; the gateway sends it once, and a lost answer it cannot
// settle by looking it up leaves the request 'unknown' for a person, never sent again by itself
// (docs/ARCHITECTURE.md, "Refunds exactly once").
import { randomBytes } from 'node:crypto';
import { ApiError, type RefundRequest } from '../../../shared/api';
import { samePerson } from '../../../shared/domain';
import { formatMoney, money } from '../../../shared/money';
import { REFERENCE_NONCE_LENGTH, referenceNonce, refundReference } from '../../../shared/refunds';
import type { RefundOperation, RefundRecord, RefundState } from '../../store';
import { requireRole } from '../authorization';
import { GatewayRefusal, type Actor, type MoneyMove, type RefundGateway } from '../ports';
import { decideRequest, getRefund, refundableOf, refundRow, saleOf, subjectOf, type RefundDeps } from './requests';
import { UNSETTLED_PARTIAL } from '../../../shared/refunds';

export interface ApproveRefundDeps extends RefundDeps {
  readonly gateway: RefundGateway | undefined;
  /** Random bytes for a reference's nonce (node:crypto's by default). */
  readonly randomBytes?: (n: number) => ArrayLike<number>;
}

/** A new request's first reference: CDR<id>-<nonce>. */
export function firstReference(deps: Pick<ApproveRefundDeps, 'randomBytes'>, refundId: number): string {
  const bytes = (deps.randomBytes ?? randomBytes)(REFERENCE_NONCE_LENGTH);
  return refundReference({ refundId, nonce: referenceNonce(bytes), attempt: 1 });
}

export function requireGateway(gateway: RefundGateway | undefined): RefundGateway {
  if (!gateway) throw new ApiError('unavailable', 'No PayTrace connection is set up for refunds in this host.');
  return gateway;
}

/** What PayTrace will be asked to do, decided on the sale as PayTrace has it now (it may have settled since the last sync). */
export async function operationFor(
  gateway: RefundGateway,
  saleId: number,
  amountMinor: number,
): Promise<RefundOperation> {
  let live;
  try {
    live = await gateway.lookup(saleId);
  } catch (e) {
    throw new ApiError(
      'unavailable',
      `PayTrace could not be asked whether sale ${saleId} is settled (${e instanceof Error ? e.message : String(e)}). Nothing was refunded; try again later.`,
    );
  }
  if (!live) throw new ApiError('conflict', `PayTrace does not know sale ${saleId}; nothing was refunded.`);
  if (live.status === 'settled') return 'refund';
  if (live.status === 'pending') {
    if (amountMinor === live.amount.minor) return 'void';
    throw new ApiError('conflict', `${UNSETTLED_PARTIAL}.`);
  }
  throw new ApiError('conflict', `Sale ${saleId} is ${live.status} at PayTrace; there is nothing to refund.`);
}

/** Refuses a request that would take more of the sale than is left to refund. */
export async function requireRefundable(deps: RefundDeps, r: RefundRecord): Promise<void> {
  const amount = money(r.amountMinor, r.currency);
  const sale = await saleOf(deps.store, r.transactionId);
  const refundable = await refundableOf(deps.store, sale, r.id);
  if (!refundable || refundable.minor < amount.minor) {
    throw new ApiError(
      'conflict',
      `Only ${formatMoney(refundable ?? money(0, r.currency))} of sale ${r.transactionId} can still be refunded; reject this request of ${formatMoney(amount)} and prepare a new one.`,
    );
  }
}

export async function approveRefund(deps: ApproveRefundDeps, actor: Actor, refundId: number): Promise<RefundRequest> {
  requireRole(actor, 'approver');
  const r = await refundRow(deps.store, refundId);
  if (samePerson(r.preparedBy, actor.name)) {
    throw new ApiError(
      'forbidden',
      `${actor.name} prepared refund request ${refundId} and so cannot approve it; another approver must (four eyes).`,
    );
  }
  if (r.state !== 'requested')
    throw new ApiError(
      'conflict',
      `Refund request ${refundId} is ${r.state}; only a request waiting for approval can be approved.`,
    );
  const gateway = requireGateway(deps.gateway);
  await requireRefundable(deps, r);
  const operation = await operationFor(gateway, r.transactionId, r.amountMinor);
  const reference = firstReference(deps, refundId);

  // The decision and the attempt, with its reference, are committed before PayTrace hears of it:
  // a crash from here on leaves 'sent' with a reference to look for, never a silent retry.
  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await decideRequest(tx, refundId, { state: 'approved', decidedBy: actor.name, at });
    await tx.refunds.send(refundId, { reference, attempt: 1, operation, at, by: actor.name }, ['approved']);
    await tx.audit.append({
      actor: actor.name,
      action: 'refund.approved',
      subject: subjectOf(r.transactionId),
      detail: {
        refundId,
        amount: money(r.amountMinor, r.currency),
        operation,
        reference,
        preparedBy: r.preparedBy,
        reason: r.reason,
      },
      at,
    });
  });
  return sendAttempt(deps, gateway, actor, refundId);
}

/**
 * Sends the request's current attempt (state 'sent', its reference committed) to PayTrace once and
 * records what came of it: refunded or voided, failed when PayTrace refused it (nothing moved), or
 * unknown when the answer was lost and the look-up could not tell. When a sync or a person settled
 * the request meanwhile, their outcome stands.
 */
export async function sendAttempt(
  deps: RefundDeps,
  gateway: RefundGateway,
  actor: Actor,
  refundId: number,
): Promise<RefundRequest> {
  const r = await refundRow(deps.store, refundId);
  if (r.state !== 'sent' || !r.operation || !r.reference)
    throw new Error(`refund request ${refundId} has no attempt to send (state ${r.state})`);
  const saleId = r.transactionId;
  const amount = money(r.amountMinor, r.currency);

  let outcome: { state: RefundState; move: MoneyMove | null; error: string | null };
  try {
    const move =
      r.operation === 'refund' ? await gateway.refund(saleId, amount, r.reference) : await gateway.void(saleId);
    outcome = { state: r.operation === 'refund' ? 'refunded' : 'voided', move, error: null };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Only a refusal PayTrace gave is sure to have moved nothing; anything else may have moved money.
    const unknown = !(e instanceof GatewayRefusal) || e.outcomeUnknown;
    outcome = { state: unknown ? 'unknown' : 'failed', move: null, error: message };
  }

  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    const finished = await tx.refunds.finish(
      refundId,
      { state: outcome.state, paytraceTransactionId: outcome.move?.transactionId ?? null, error: outcome.error, at },
      ['sent'],
    );
    if (!finished) return;
    const base = { refundId, amount, operation: r.operation, reference: r.reference, attempt: r.attempt };
    await tx.audit.append({
      actor: actor.name,
      action: outcome.move ? 'refund.sent' : outcome.state === 'unknown' ? 'refund.unknown' : 'refund.failed',
      subject: subjectOf(saleId),
      detail: outcome.move
        ? { ...base, paytraceTransactionId: outcome.move.transactionId, recovered: outcome.move.recovered }
        : { ...base, outcome: outcome.state === 'unknown' ? 'unknown' : 'refused', error: outcome.error },
      at,
    });
  });
  return getRefund(deps.store, refundId);
}
