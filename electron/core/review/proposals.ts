// Stores the engine's proposals and puts their transactions in the review queue.
import type { Kysely } from 'kysely';
import type { MatchProposal } from '../../../shared/domain';
import type { Database } from '../../store/schema';

/** Saves one proposal per transaction that has none open yet; returns how many were saved. */
export async function saveProposals(
  db: Kysely<Database>,
  proposals: readonly MatchProposal[],
  now: string,
): Promise<number> {
  if (proposals.length === 0) return 0;
  let saved = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of proposals) {
      const open = await trx
        .selectFrom('proposals')
        .select('id')
        .where('transaction_id', '=', p.transactionId)
        .where('status', 'in', ['open', 'approved'])
        .executeTakeFirst();
      if (open) continue;
      await insertProposal(trx, p, now);
      await trx
        .updateTable('transactions')
        .set({ queue_state: 'review', updated_at: now })
        .where('transaction_id', '=', p.transactionId)
        .where('queue_state', '=', 'new')
        .execute();
      saved += 1;
    }
  });
  return saved;
}

/** Stores a proposal, open, with the open items it applies; returns its id. Run it in a transaction. */
export async function insertProposal(trx: Kysely<Database>, p: MatchProposal, now: string): Promise<number> {
  const { id } = await trx
    .insertInto('proposals')
    .values({
      transaction_id: p.transactionId,
      tier: p.tier,
      confidence: Math.round(p.confidence * 1000),
      customer: p.customer,
      company_code: p.companyCode,
      on_account_minor: p.onAccount.minor,
      currency: p.onAccount.currency,
      reasons: JSON.stringify(p.reasons),
      rule: p.rule,
      status: 'open',
      created_at: now,
      decided_by: null,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (p.items.length > 0) {
    await trx
      .insertInto('proposal_items')
      .values(
        p.items.map((it) => ({
          proposal_id: id,
          company_code: it.item.BUKRS,
          doc_no: it.item.BELNR,
          fisc_year: it.item.GJAHR,
          item_num: it.item.BUZEI,
          amount_minor: it.amount.minor,
        })),
      )
      .execute();
  }
  return id;
}
