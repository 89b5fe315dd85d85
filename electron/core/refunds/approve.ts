// The approver's side of a refund: four eyes, then the money move at PayTrace. A settled sale is
// refunded; an unsettled one is voided when the refund is for all of it (PayTrace refuses to
// refund before settlement, error 817). The request is marked 'sent' and committed before the
// call, and the gateway sends once and looks up a lost answer, so nothing is refunded twice.
import { ApiError, type RefundRequest } from '../../../shared/api';
import { samePerson } from '../../../shared/domain';
import { formatMoney, money } from '../../../shared/money';
import type { RefundState } from '../../store';
import { requireRole } from '../authorization';
import { GatewayRefusal, type Actor, type MoneyMove, type RefundGateway } from '../ports';
import {
  decideRequest,
  getRefund,
  refundableOf,
  refundRow,
  saleOf,
  subjectOf,
  UNSETTLED_PARTIAL,
  type RefundDeps,
} from './requests';

export interface ApproveRefundDeps extends RefundDeps {
  readonly gateway: RefundGateway | undefined;
}

type Operation = 'refund' | 'void';

/** What PayTrace will be asked to do, decided on the sale as PayTrace has it now (it may have settled since the last sync). */
async function operationFor(gateway: RefundGateway, saleId: number, amountMinor: number): Promise<Operation> {
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
  if (!deps.gateway) throw new ApiError('unavailable', 'No PayTrace connection is set up for refunds in this host.');
  const saleId = r.transactionId;
  const amount = money(r.amountMinor, r.currency);
  const sale = await saleOf(deps.store, saleId);
  const refundable = await refundableOf(deps.store, sale, refundId);
  if (!refundable || refundable.minor < amount.minor) {
    throw new ApiError(
      'conflict',
      `Only ${formatMoney(refundable ?? money(0, r.currency))} of sale ${saleId} can still be refunded; reject this request of ${formatMoney(amount)} and prepare a new one.`,
    );
  }
  const operation = await operationFor(deps.gateway, saleId, amount.minor);

  const decidedAt = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await decideRequest(tx, refundId, { state: 'approved', decidedBy: actor.name, at: decidedAt });
    await tx.audit.append({
      actor: actor.name,
      action: 'refund.approved',
      subject: subjectOf(saleId),
      detail: { refundId, amount, operation, preparedBy: r.preparedBy, reason: r.reason },
      at: decidedAt,
    });
  });
  // Committed before PayTrace hears of it: a crash from here on leaves 'sent', never a silent retry.
  await deps.store.refunds.markSent(refundId, deps.clock.now().toISOString());

  let outcome: { state: RefundState; move: MoneyMove | null; error: string | null; unknown: boolean };
  try {
    const move = operation === 'refund' ? await deps.gateway.refund(saleId, amount) : await deps.gateway.void(saleId);
    outcome = { state: operation === 'refund' ? 'refunded' : 'voided', move, error: null, unknown: false };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Only a refusal PayTrace gave is sure to have moved nothing; anything else may have moved money.
    const unknown = !(e instanceof GatewayRefusal) || e.outcomeUnknown;
    outcome = {
      state: unknown ? 'sent' : 'failed',
      move: null,
      error: unknown ? `${message} Check PayTrace for sale ${saleId} before preparing the refund again.` : message,
      unknown,
    };
  }

  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.refunds.finish(refundId, {
      state: outcome.state,
      paytraceTransactionId: outcome.move?.transactionId ?? null,
      error: outcome.error,
      at,
    });
    await tx.audit.append({
      actor: actor.name,
      action: outcome.move ? 'refund.sent' : 'refund.failed',
      subject: subjectOf(saleId),
      detail: outcome.move
        ? {
            refundId,
            amount,
            operation,
            paytraceTransactionId: outcome.move.transactionId,
            recovered: outcome.move.recovered,
          }
        : { refundId, amount, operation, outcome: outcome.unknown ? 'unknown' : 'refused', error: outcome.error },
      at,
    });
  });
  return getRefund(deps.store, refundId);
}
