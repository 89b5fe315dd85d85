// The approver's side of a refund: four eyes, then the money move at PayTrace. A settled sale is
// refunded; an unsettled one is voided when the refund is for all of it (PayTrace refuses to
// refund before settlement, error 817). The request is marked 'sent' and committed before the
// call, and the gateway sends once and looks up a lost answer, so nothing is refunded twice.
import { ApiError, type RefundRequest } from '../../../shared/api';
import { formatMoney, money } from '../../../shared/money';
import { appendAudit } from '../../store/audit';
import type { RefundState } from '../../store/schema';
import { GatewayRefusal, type Actor, type MoneyMove, type RefundGateway } from '../ports';
import { requireRole } from '../review/actions';
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
  const r = await refundRow(deps.db, refundId);
  if (r.prepared_by === actor.name) {
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
  const saleId = Number(r.transaction_id);
  const amount = money(Number(r.amount_minor), r.currency);
  const sale = await saleOf(deps.db, saleId);
  const refundable = await refundableOf(deps.db, sale, refundId);
  if (!refundable || refundable.minor < amount.minor) {
    throw new ApiError(
      'conflict',
      `Only ${formatMoney(refundable ?? money(0, r.currency))} of sale ${saleId} can still be refunded; reject this request of ${formatMoney(amount)} and prepare a new one.`,
    );
  }
  const operation = await operationFor(deps.gateway, saleId, amount.minor);

  const decidedAt = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await decideRequest(trx, refundId, {
      state: 'approved',
      decided_by: actor.name,
      decided_at: decidedAt,
      updated_at: decidedAt,
    });
    await appendAudit(trx, {
      actor: actor.name,
      action: 'refund.approved',
      subject: subjectOf(saleId),
      detail: { refundId, amount, operation, preparedBy: r.prepared_by, reason: r.reason },
    });
  });
  // Committed before PayTrace hears of it: a crash from here on leaves 'sent', never a silent retry.
  await deps.db
    .updateTable('refund_requests')
    .set({ state: 'sent', updated_at: deps.clock.now().toISOString() })
    .where('id', '=', refundId)
    .execute();

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
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('refund_requests')
      .set({
        state: outcome.state,
        paytrace_transaction_id: outcome.move?.transactionId ?? null,
        error: outcome.error,
        updated_at: at,
      })
      .where('id', '=', refundId)
      .execute();
    await appendAudit(trx, {
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
    });
  });
  return getRefund(deps.db, refundId);
}
