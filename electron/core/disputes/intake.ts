// One intake for every source of dispute cases (docs/ARCHITECTURE.md, "Disputes"): a DisputeBatch from a
// report file, the North API, a webhook or a clerk is stored case by case (new, updated with an audit entry,
// or a duplicate), and every new case is matched to the PayTrace sale it disputes. A case whose stage or
// status moved on keeps the sale it was matched to; an unmatched one is tried again.
import { ApiError } from '../../../shared/api';
import {
  lastFourOf,
  matchDispute,
  reasonCode,
  type DisputeCase,
  type DisputeMatch,
  type DisputeStage,
} from '../../../shared/disputes';
import { neverCharged } from '../../../shared/domain';
import { formatMoney, type Money } from '../../../shared/money';
import type { DisputeBatch } from '../../../shared/ports';
import { redactCardText } from '../../../shared/security';
import type { DisputeCaseRecord, Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';

export interface DisputeIntakeSummary {
  /** New cases stored; `matched` + `unmatched` split them. */
  readonly imported: number;
  /** Known cases whose stage or status changed. */
  readonly updated: number;
  /** Known cases seen again with nothing new (or from an earlier report than the one stored). */
  readonly duplicates: number;
  readonly matched: number;
  readonly unmatched: number;
  /** What the source could not read. */
  readonly rejected: number;
  readonly rejections: readonly { readonly ref: string; readonly reason: string }[];
}

export interface DisputeIntakeContext {
  readonly actor: string;
  readonly at: string;
}

/** Matches one stored case against the store's sales and writes the outcome. */
export async function matchStoredDispute(
  store: Repositories,
  id: number,
  dispute: Parameters<typeof matchDispute>[0],
  at: string,
): Promise<DisputeMatch> {
  const sales = await store.disputes.saleCandidates(dispute);
  const byArn = await store.disputes.matchedSaleByArn(dispute.arn, id);
  const match = matchDispute(dispute, sales, byArn);
  await store.disputes.setMatch(id, match, at);
  return match;
}

export async function ingestDisputes(
  store: Repositories,
  batch: DisputeBatch,
  ctx: DisputeIntakeContext,
): Promise<DisputeIntakeSummary> {
  let imported = 0;
  let updated = 0;
  let duplicates = 0;
  let matched = 0;
  let unmatched = 0;
  const rejections = [...batch.rejected];
  // Each case in its own transaction: a failure of the store stops the run (the host names it), and what was
  // stored before it stays; importing the same batch again completes it.
  for (const { dispute } of batch.cases) {
    const outcome = await store.transaction(async (tx) => {
      const o = await tx.disputes.record(dispute, { source: batch.source, origin: batch.origin, ...ctx });
      if (o.kind === 'imported') return { o, match: await matchStoredDispute(tx, o.id, dispute, ctx.at) };
      if (o.kind === 'updated') {
        const known = await tx.disputes.get(dispute.processor, dispute.caseNumber);
        if (known && known.match.state === 'unmatched') await matchStoredDispute(tx, o.id, dispute, ctx.at);
      }
      return { o, match: null };
    });
    if (outcome.o.kind === 'imported') {
      imported++;
      if (outcome.match?.state === 'matched') matched++;
      else unmatched++;
    } else if (outcome.o.kind === 'updated') updated++;
    else duplicates++;
  }
  return { imported, updated, duplicates, matched, unmatched, rejected: rejections.length, rejections };
}

/** A sale a case may be linked to, or why not: the kind that is disputed (a sale or capture) in the case's currency. */
async function disputableSale(store: Repositories, transactionId: number, currency: string) {
  const sale = await store.payments.get(transactionId);
  if (!sale) throw new ApiError('not_found', `Sale ${transactionId} is not in ClearDesk.`);
  if (sale.kind !== 'sale' && sale.kind !== 'capture')
    throw new ApiError(
      'invalid_request',
      `Transaction ${transactionId} is a ${sale.kind}; a chargeback disputes a sale.`,
    );
  if (sale.amount.currency !== currency)
    throw new ApiError(
      'invalid_request',
      `Sale ${transactionId} is in ${sale.amount.currency}; the case is in ${currency}.`,
    );
  if (neverCharged(sale.status))
    throw new ApiError(
      'conflict',
      `Sale ${transactionId} is ${sale.status} at PayTrace: the card was never charged, so there is nothing to dispute.`,
    );
  return sale;
}

/**
 * A clerk links a case to the sale it disputes (one of its candidates, or a sale they know): the sale must be a
 * sale in the case's currency; the link replaces whatever match the case had and is audited (`dispute.linked`).
 */
export async function linkDispute(
  store: Repositories,
  actor: Actor,
  req: { readonly caseId: number; readonly transactionId: number; readonly reason: string },
  at: string,
): Promise<DisputeCaseRecord> {
  requireRole(actor, 'clerk');
  const known = await store.disputes.byId(req.caseId);
  if (!known) throw new ApiError('not_found', `Chargeback case ${req.caseId} is not in ClearDesk.`);
  await disputableSale(store, req.transactionId, known.dispute.amount.currency);
  if (known.match.state === 'matched' && known.match.transactionId === req.transactionId) return known;
  const linked = await store.disputes.link(req.caseId, req.transactionId, {
    actor: actor.name,
    at,
    reason: req.reason,
  });
  if (!linked) throw new ApiError('not_found', `Chargeback case ${req.caseId} is not in ClearDesk.`);
  return linked;
}

export interface ManualDisputeEntry {
  readonly transactionId: number;
  readonly processor: string;
  readonly caseNumber: string;
  readonly stage: DisputeStage;
  readonly reasonCode: string;
  readonly amount: Money;
  /** The processor's fee for the case, in the sale's currency (posted to the fee G/L), as the webhook's `fee`. */
  readonly fee?: Money | null | undefined;
  readonly dueDate: string | null;
}

/**
 * A clerk records a chargeback from a sale's detail panel. It is one more intake source (`manual`): the case is
 * built from what the clerk typed and the sale (its card's last four, its date, its network), and stored by
 * ingestDisputes like a report's, keyed by processor + case number, so entering it twice adds nothing.
 */
export async function recordManualDispute(
  store: Repositories,
  actor: Actor,
  entry: ManualDisputeEntry,
  at: string,
): Promise<{ outcome: 'imported' | 'updated' | 'duplicate'; record: DisputeCaseRecord }> {
  requireRole(actor, 'clerk');
  const sale = await disputableSale(store, entry.transactionId, entry.amount.currency);
  if (entry.amount.minor > sale.amount.minor)
    throw new ApiError(
      'invalid_request',
      `A chargeback of sale ${entry.transactionId} is at most the sale's amount (${formatMoney(sale.amount)}).`,
    );
  const fee = entry.fee ?? null;
  if (fee && fee.currency !== sale.amount.currency)
    throw new ApiError(
      'invalid_request',
      `The processor's fee is in ${fee.currency}; give it in the sale's currency, ${sale.amount.currency}.`,
    );
  if (fee && (!Number.isSafeInteger(fee.minor) || fee.minor <= 0))
    throw new ApiError('invalid_request', "The processor's fee is more than zero; leave it empty when there is none.");
  // A respond-by date before the sale is a typing slip (a year, a month): the case would be overdue from birth.
  const saleDay = sale.createdAt.utc.slice(0, 10);
  if (entry.dueDate && entry.dueDate < saleDay)
    throw new ApiError(
      'invalid_request',
      `The respond-by date ${entry.dueDate} is before the sale (${saleDay}); give the date the processor's notice names.`,
    );
  const code = reasonCode(entry.reasonCode, sale.cardBrand);
  const dispute: DisputeCase = {
    processor: entry.processor.trim().toLowerCase(),
    caseNumber: entry.caseNumber.trim(),
    stage: entry.stage,
    stageRaw: entry.stage,
    status: 'open',
    statusRaw: 'entered by hand',
    network: code.network,
    reasonCode: code.code,
    reasonMeaning: code.meaning,
    reasonDescription: '',
    amount: entry.amount,
    originalAmount: sale.amount,
    impact: 'debit',
    fee,
    receivedDate: at.slice(0, 10),
    transactionDate: saleDay,
    dueDate: entry.dueDate,
    cardLast4: lastFourOf(sale.maskedCard),
    arn: '',
    merchantReference: '',
    transactionId: sale.source.transaction_id,
    authCode: sale.approvalCode,
    merchantId: '',
  };
  const summary = await ingestDisputes(
    store,
    {
      source: 'manual',
      origin: `sale ${entry.transactionId}`,
      cases: [{ ref: `sale ${entry.transactionId}`, dispute }],
      rejected: [],
    },
    { actor: actor.name, at },
  );
  const record = await store.disputes.get(dispute.processor, redactCardText(dispute.caseNumber));
  if (!record) throw new Error(`Chargeback ${dispute.processor} ${dispute.caseNumber} was not stored.`);
  const outcome = summary.imported > 0 ? 'imported' : summary.updated > 0 ? 'updated' : 'duplicate';
  return { outcome, record };
}
