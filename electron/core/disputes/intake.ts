// One intake for every source of dispute cases (docs/ARCHITECTURE.md, "Disputes"): a DisputeBatch from a
// report file, the North API, a webhook or a clerk is stored case by case (new, updated with an audit entry,
// or a duplicate), and every new case is matched to the PayTrace sale it disputes. A case whose stage or
// status moved on keeps the sale it was matched to; an unmatched one is tried again.
import { matchDispute, type DisputeMatch } from '../../../shared/disputes';
import type { DisputeBatch } from '../../../shared/ports';
import type { Repositories } from '../../store';

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
