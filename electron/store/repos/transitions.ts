// The one writer of a payment's queue state (docs/ARCHITECTURE.md, "The payment state machine").
// It asks the transition table in shared/domain whether the event may happen, writes the new
// state only if nobody changed it meanwhile, carries out what the table asks (release the
// proposal, ask for a reversal) and appends the audit entry, all in one database transaction.
import type { Kysely, Transaction } from 'kysely';
import {
  applyPaymentEvent,
  reversalRequestText,
  type PaymentEvent,
  type PaymentState,
  type TransitionEffect,
} from '../../../shared/domain';
import { redactCardText } from '../../../shared/security';
import { appendAudit } from '../audit-append';
import type { AuditKeys } from '../audit-keys';
import { addDeadLetter } from '../dead-letters';
import type { Database } from '../schema';

export interface TransitionRequest {
  readonly event: PaymentEvent;
  /** Who made it happen ('sync', 'sap', a person), the audit action and what the entry records. */
  readonly actor: string;
  readonly action: string;
  readonly detail?: Record<string, unknown>;
  /**
   * Why the payment is in its new state (a clerk's reason, SAP's refusal). Null or absent
   * clears the old reason, unless `keepReason` is set (an event that leaves the state alone).
   */
  readonly reason?: string | null;
  readonly keepReason?: boolean;
  readonly at: string;
}

export interface TransitionResult {
  readonly from: PaymentState;
  readonly to: PaymentState;
  readonly effect: TransitionEffect | null;
}

/** The payment is not in the store. */
export class PaymentNotFoundError extends Error {
  override readonly name = 'PaymentNotFoundError';
  readonly code = 'not_found' as const;
  constructor(readonly transactionId: number) {
    super(`Transaction ${transactionId} is not in ClearDesk.`);
  }
}

/** The audit subject of a payment's entries (its transitions, postings, refunds): "paytrace:<id>". */
export const paymentSubject = (id: number): string => `paytrace:${id}`;
const subjectOf = paymentSubject;

export async function writeTransition(
  db: Kysely<Database>,
  transactionId: number,
  request: TransitionRequest,
  keys: AuditKeys | null,
): Promise<TransitionResult> {
  if (!db.isTransaction) return db.transaction().execute((trx) => writeTransition(trx, transactionId, request, keys));
  const trx = db as Transaction<Database>;
  // Read, decide, then write only if the state is still the one decided on. Another writer that
  // got in between makes the update miss; the table then decides again on what it left.
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await trx
      .selectFrom('transactions')
      .select(['queue_state', 'state_reason', 'status'])
      .where('transaction_id', '=', transactionId)
      .executeTakeFirst();
    if (!row) throw new PaymentNotFoundError(transactionId);
    const from = row.queue_state;
    const next = applyPaymentEvent(from, request.event, `Transaction ${transactionId}`);
    // A reason is what a clerk typed or what SAP said: either may quote a card number.
    const reason = request.keepReason ? row.state_reason : request.reason ? redactCardText(request.reason) : null;
    const written = await trx
      .updateTable('transactions')
      .set({ queue_state: next.to, state_reason: reason, updated_at: request.at })
      .where('transaction_id', '=', transactionId)
      .where('queue_state', '=', from)
      .executeTakeFirst();
    if (Number(written.numUpdatedRows) !== 1) continue;
    await carryOut(trx, transactionId, next.effect ?? null, row.status, request.at);
    await appendAudit(
      trx,
      {
        actor: request.actor,
        action: request.action,
        subject: subjectOf(transactionId),
        // The reason a person gave (or SAP's words) is part of the chained record, not only of the row it
        // may be overwritten in: a detail's own `reason` stays as the caller wrote it.
        detail: {
          ...(!request.keepReason && reason !== null ? { reason } : {}),
          ...request.detail,
          transition: { event: request.event, from, to: next.to },
        },
        at: request.at,
      },
      keys,
    );
    return { from, to: next.to, effect: next.effect ?? null };
  }
  throw new Error(`Transaction ${transactionId} kept changing while ClearDesk tried to record '${request.event}'.`);
}

async function carryOut(
  trx: Transaction<Database>,
  transactionId: number,
  effect: TransitionEffect | null,
  status: string,
  at: string,
): Promise<void> {
  if (effect === 'releaseProposal') {
    await trx
      .updateTable('proposals')
      .set({ status: 'superseded' })
      .where('transaction_id', '=', transactionId)
      .where('status', '=', 'open')
      .execute();
  } else if (effect === 'askForReversal') {
    await addDeadLetter(trx, {
      source: 'paytrace',
      sourceKey: String(transactionId),
      error: reversalRequestText(transactionId, status),
      payload: { transaction_id: transactionId, status },
      at,
    });
  }
}
