// After a sync brought PayTrace's transactions in: refund requests whose outcome is not known yet
// are settled by what PayTrace shows (docs/ARCHITECTURE.md, "Refunds exactly once").
// - A refund: PayTrace's refund carrying one of the request's references (customer_reference_id)
//   makes it refunded. Found twice (an attempt and its "send again" both made), it is refunded and a
//   dead letter says money went back twice, which also covers a first attempt that turns up only
//   after the request was sent again and refunded.
// - A void: the sale voided makes it voided; the sale settled means it was never voided (failed,
//   nothing moved).
// - An attempt left 'sent' for longer than any call takes (ClearDesk stopped while sending) becomes
//   'unknown', so a person sees it.
// Every change is audited as the sync's.
import { formatMoney, money } from '../../../shared/money';
import type { Clock } from '../../../shared/ports';
import type { PaymentRecord, RefundOutcome, RefundRecord, Repositories, SyncLogEntry } from '../../store';
import { referencesOf } from './outcome';
import { subjectOf } from './requests';

/** An attempt 'sent' this long ago has had its answer, or lost it: nobody is waiting for it any more. */
export const STALE_SENT_MS = 10 * 60_000;

const SYNC = 'sync';
const TWICE_KEY = 'refund-twice:';

function doneRefunds(found: readonly PaymentRecord[], r: RefundRecord): PaymentRecord[] {
  // A refund PayTrace voided or declined returned nothing; one of another amount is not this one.
  return found.filter(
    (t) =>
      t.status !== 'voided' &&
      t.status !== 'declined' &&
      t.amount.minor === r.amountMinor &&
      t.amount.currency === r.currency,
  );
}

/** Settles what PayTrace's transactions in the store show; returns what it did, for the sync log. */
export async function resolveRefundOutcomes(store: Repositories, clock: Clock): Promise<SyncLogEntry[]> {
  const log: SyncLogEntry[] = [];
  const open = await store.refunds.unresolved();
  const resent = await store.refunds.refundedAfterResending();
  if (open.length === 0 && resent.length === 0) return log;

  const owner = new Map<string, RefundRecord>();
  for (const r of [...open, ...resent])
    if (r.operation !== 'void') for (const ref of referencesOf(r)) owner.set(ref, r);
  const byRequest = new Map<number, PaymentRecord[]>();
  for (const t of await store.payments.refundsWithReferences([...owner.keys()])) {
    const r = owner.get(t.customerReferenceId.trim())!;
    byRequest.set(r.id, [...(byRequest.get(r.id) ?? []), t]);
  }

  const now = clock.now();
  const at = now.toISOString();
  const settle = async (
    r: RefundRecord,
    outcome: Omit<RefundOutcome, 'at'>,
    action: string,
    detail: Record<string, unknown>,
    message: string,
  ): Promise<void> => {
    const changed = await store.transaction(async (tx) => {
      if (!(await tx.refunds.finish(r.id, { ...outcome, at }, [r.state]))) return false;
      await tx.audit.append({
        actor: SYNC,
        action,
        subject: subjectOf(r.transactionId),
        detail: { refundId: r.id, reference: r.reference, attempt: r.attempt, from: r.state, ...detail },
        at,
      });
      return true;
    });
    if (changed)
      log.push({
        level: outcome.state === 'unknown' ? 'warning' : 'info',
        source: 'paytrace',
        subject: `refund request ${r.id}`,
        message,
      });
  };

  for (const r of open) {
    const stale = r.state === 'sent' && now.getTime() - Date.parse(r.sentAt ?? r.updatedAt) >= STALE_SENT_MS;
    if (r.operation === 'void') {
      const sale = await store.payments.get(r.transactionId);
      if (sale?.status === 'voided') {
        await settle(
          r,
          { state: 'voided', paytraceTransactionId: r.transactionId, error: null },
          'refund.resolved',
          { paytraceTransactionId: r.transactionId, how: `PayTrace's export shows sale ${r.transactionId} voided` },
          `PayTrace shows sale ${r.transactionId} voided: the request is voided.`,
        );
      } else if (sale?.status === 'settled') {
        const error = `PayTrace settled sale ${r.transactionId}${sale.batch !== null ? ` in batch ${sale.batch}` : ''}, so it was never voided: nothing was voided. Prepare a refund of the settled sale instead.`;
        await settle(
          r,
          { state: 'failed', paytraceTransactionId: null, error },
          'refund.resolved',
          { outcome: 'not done', how: `PayTrace's export shows sale ${r.transactionId} settled` },
          error,
        );
      } else if (stale) {
        await markUnknown(r);
      }
      continue;
    }

    const found = doneRefunds(byRequest.get(r.id) ?? [], r);
    const [first] = found;
    if (first) {
      const ids = found.map((t) => t.source.transaction_id);
      await settle(
        r,
        { state: 'refunded', paytraceTransactionId: first.source.transaction_id, error: null },
        'refund.resolved',
        {
          paytraceTransactionId: first.source.transaction_id,
          how: `PayTrace refund ${first.source.transaction_id} carries ${first.customerReferenceId.trim()}`,
        },
        `PayTrace refund ${first.source.transaction_id} carries reference ${first.customerReferenceId.trim()}: the request is refunded.`,
      );
      if (ids.length > 1) await refundedTwice(r, found);
    } else if (stale) {
      await markUnknown(r);
    }
  }

  // A request sent again and refunded: an earlier attempt that turns up now is a second refund.
  for (const r of resent) {
    const extra = doneRefunds(byRequest.get(r.id) ?? [], r);
    if (extra.some((t) => t.source.transaction_id !== r.paytraceTransactionId)) await refundedTwice(r, extra);
  }
  return log;

  async function markUnknown(r: RefundRecord): Promise<void> {
    const error = `ClearDesk has no answer from PayTrace for this ${r.operation ?? 'refund'} sent at ${r.sentAt ?? r.updatedAt} (it may have stopped while sending), and PayTrace's transactions brought in so far do not show it done. Check PayTrace.`;
    await settle(
      r,
      { state: 'unknown', paytraceTransactionId: null, error },
      'refund.unknown',
      { outcome: 'unknown', error },
      `The ${r.operation ?? 'refund'} sent at ${r.sentAt ?? r.updatedAt} has no answer and PayTrace does not show it: waiting for a person to check PayTrace.`,
    );
  }

  async function refundedTwice(r: RefundRecord, found: readonly PaymentRecord[]): Promise<void> {
    const key = `${TWICE_KEY}${r.id}`;
    if ((await store.deadLetters.findOpen('paytrace', key)) !== null) return;
    const list = found.map((t) => `${t.source.transaction_id} (${t.customerReferenceId.trim()})`).join(', ');
    const error = `Refund request ${r.id} of ${formatMoney(money(r.amountMinor, r.currency))} (sale ${r.transactionId}) was refunded ${found.length} times at PayTrace: ${list}. Money went back more than once; recover the difference from the card holder or void the extra refund in PayTrace before it settles.`;
    await store.transaction(async (tx) => {
      await tx.deadLetters.add({
        source: 'paytrace',
        sourceKey: key,
        at,
        error,
        payload: { refundId: r.id, saleId: r.transactionId, refunds: found.map((t) => t.source.transaction_id) },
      });
      await tx.audit.append({
        actor: SYNC,
        action: 'refund.duplicate',
        subject: subjectOf(r.transactionId),
        detail: { refundId: r.id, refunds: found.map((t) => t.source.transaction_id), references: referencesOf(r) },
        at,
      });
    });
    log.push({ level: 'error', source: 'paytrace', subject: `refund request ${r.id}`, message: error });
  }
}
