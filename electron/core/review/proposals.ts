// Stores the matcher's proposals and puts their payments in the review queue; promotes to the
// automatic tier those that waited only for their sale to settle.
import type { MatchProposal } from '../../../shared/domain';
import { promotedOnSettlement, reasonsWithAccount } from '../../../shared/matching';
import { type GlRule, writeOffGlRule } from '../../../shared/posting';
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

/**
 * The matcher's automatic proposals that waited only for their sale to settle (`promotedOnSettlement`,
 * shared/matching) move to the automatic tier once PayTrace settled the sale: for the payments of
 * `transactionIds` still in review whose live proposal no person touched (not corrected, not
 * prepared), the proposal is replaced by the same one in the automatic tier, audited
 * (`proposal.promoted`). The payment stays in review; the automatic tier then posts it or leaves it
 * to a clerk under its own rules (opt-in, limit, four eyes). Returns how many were promoted.
 */
export async function promoteSettled(
  store: Repositories,
  transactionIds: readonly number[],
  now: string,
): Promise<number> {
  if (transactionIds.length === 0) return 0;
  const payments = (await store.payments.getMany(transactionIds)).filter(
    (p) => p.state === 'review' && p.status === 'settled',
  );
  if (payments.length === 0) return 0;
  const live = await store.proposals.liveFor(payments.map((p) => p.source.transaction_id));
  const promotions = payments.flatMap((p) => {
    const before = live.get(p.source.transaction_id);
    if (!before || before.correctedBy !== null || before.preparedBy !== null) return [];
    const after = promotedOnSettlement(before, p);
    return after ? [{ before, after }] : [];
  });
  if (promotions.length === 0) return 0;
  return store.transaction(async (tx) => {
    let promoted = 0;
    for (const { before, after } of promotions) {
      // Checked again inside the transaction: a clerk may have acted since the read above.
      const [payment, current] = await Promise.all([
        tx.payments.get(before.transactionId),
        tx.proposals.live(before.transactionId),
      ]);
      if (payment?.state !== 'review' || current?.id !== before.id) continue;
      await tx.proposals.supersedeLive(before.transactionId, 'matcher', now);
      const id = await tx.proposals.insert(after, now);
      await tx.audit.append({
        actor: 'matcher',
        action: 'proposal.promoted',
        subject: `paytrace:${before.transactionId}`,
        detail: { from: before.id, proposalId: id, tier: 'auto', why: 'PayTrace settled the sale' },
        at: now,
      });
      promoted += 1;
    }
    return promoted;
  });
}

/**
 * After the G/L rules changed (the admin's G/L accounts, settings.ts): each open proposal whose write-off the
 * rules now send to another account names that account, in its write-off and in its reasons
 * (shared/matching `reasonsWithAccount`), as the posting's builder will post it (shared/posting
 * `writeOffGlRule`, the same look-up). A first approval given for the old account (four eyes) is withdrawn,
 * and each move is audited against the payment. Inside the caller's transaction. Returns how many moved.
 */
export async function reaccountOpenProposals(
  tx: Repositories,
  rules: readonly GlRule[],
  actor: string,
  at: string,
): Promise<number> {
  let moved = 0;
  for (const p of await tx.proposals.openWriteOffs()) {
    const rule = writeOffGlRule(rules, p.companyCode, p.why, p.cardBrand);
    if (rule === null || rule.account === p.account) continue;
    await tx.proposals.reaccount(p.id, rule.account, reasonsWithAccount(p.reasons, p.account, rule.account));
    await tx.audit.append({
      actor,
      action: 'proposal.reaccounted',
      subject: `paytrace:${p.transactionId}`,
      detail: {
        proposal: p.id,
        from: p.account,
        to: rule.account,
        ...(p.preparedBy !== null ? { preparationWithdrawn: p.preparedBy } : {}),
      },
      at,
    });
    moved += 1;
  }
  return moved;
}
