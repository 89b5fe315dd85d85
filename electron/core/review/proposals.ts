// Stores the matcher's proposals and puts their payments in the review queue.
import type { MatchProposal } from '../../../shared/domain';
import type { Repositories } from '../../store';

/**
 * Saves one proposal per payment that still waits for matching and has none live yet; each moves
 * its payment from 'new' to 'review' (event 'proposed', audited). Returns how many were saved.
 */
export async function saveProposals(
  store: Repositories,
  proposals: readonly MatchProposal[],
  now: string,
): Promise<number> {
  if (proposals.length === 0) return 0;
  return store.transaction(async (tx) => {
    let saved = 0;
    const waiting = new Set(
      (await tx.payments.getMany(proposals.map((p) => p.transactionId)))
        .filter((p) => p.state === 'new')
        .map((p) => p.source.transaction_id),
    );
    const live = await tx.proposals.liveFor([...waiting]);
    for (const p of proposals) {
      if (!waiting.has(p.transactionId) || live.has(p.transactionId)) continue;
      const id = await tx.proposals.insert(p, now);
      await tx.payments.transition(p.transactionId, {
        event: 'proposed',
        actor: 'matcher',
        action: 'proposal.created',
        detail: {
          proposalId: id,
          tier: p.tier,
          confidence: p.confidence,
          rule: p.rule,
          customer: p.customer,
          companyCode: p.companyCode,
        },
        keepReason: true,
        at: now,
      });
      waiting.delete(p.transactionId);
      saved += 1;
    }
    return saved;
  });
}
