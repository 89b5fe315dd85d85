// Stores the matcher's proposals and puts their payments in the review queue; promotes to the
// automatic tier those that waited only for their sale to settle; takes out of it a sale PayTrace
// refunded before it was posted; replaces a proposal that applied nothing, or left money on account,
// once SAP holds open items it applies (more) to.
import { type MatchProposal, movedNoMoney } from '../../../shared/domain';
import { flaggedAsRefunded, promotedOnSettlement, reasonsWithAccount } from '../../../shared/matching';
import { type GlRule, writeOffGlRule } from '../../../shared/posting';
import { openItemKeyText, type ProposalRecord, type Repositories, type WaitingProposal } from '../../store';

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
  return replaceUntouched(
    store,
    'proposal.promoted',
    promotions.map(({ before, after }) => ({
      from: before.id,
      after,
      detail: { tier: 'auto', why: 'PayTrace settled the sale' },
    })),
    now,
  );
}

/**
 * Sales PayTrace refunded before they were posted (`saleIds`: the sales this run's refunds relate to): for those
 * still in review whose live proposal no person touched, the proposal is replaced by the same one out of the
 * automatic tier, saying what was refunded (shared/matching `flaggedAsRefunded`), audited (`proposal.refunded`). A
 * sale matched automatically would otherwise clear its invoice though the money went back. Returns how many.
 */
export async function flagRefundedSales(store: Repositories, saleIds: readonly number[], now: string): Promise<number> {
  if (saleIds.length === 0) return 0;
  const sales = (await store.payments.getMany([...new Set(saleIds)])).filter(
    (p) => p.state === 'review' && p.kind === 'sale',
  );
  if (sales.length === 0) return 0;
  const live = await store.proposals.liveFor(sales.map((p) => p.source.transaction_id));
  const flags: { from: number; after: MatchProposal; detail: Record<string, unknown> }[] = [];
  for (const sale of sales) {
    const before = live.get(sale.source.transaction_id);
    if (!before || before.correctedBy !== null || before.preparedBy !== null) continue;
    // A refund PayTrace declined, or voided before it settled, moved no money.
    const refunds = (await store.payments.refundsRelatedTo(sale.source.transaction_id))
      .filter((r) => !movedNoMoney(r.status))
      .map((r) => ({ id: r.source.transaction_id, amount: r.amount }));
    const after = flaggedAsRefunded(before, sale.amount, refunds);
    if (after)
      flags.push({
        from: before.id,
        after,
        detail: { tier: after.tier, refunds: refunds.map((r) => r.id), why: 'PayTrace refunded the sale' },
      });
  }
  return replaceUntouched(store, 'proposal.refunded', flags, now);
}

/** The reason a clerk reads on a proposal matched again (`rematchWaiting`): it applied nothing before. */
const REMATCHED_NOTE =
  'Matched again at a later sync: these open items were not in SAP when the payment was first matched.';
/** The same for a proposal that applied part of the payment and left the rest on account. */
const REST_REMATCHED_NOTE =
  'Matched again at a later sync: what was left on account now applies to open items SAP posted since the payment was first matched.';

/** What a proposal's items apply, in minor units, each counted positive (a refund's are negative). */
const appliedBy = (p: Pick<MatchProposal, 'items'>): number =>
  p.items.reduce((n, a) => n + Math.abs(a.amount.minor), 0);

/**
 * Payments whose proposal waited for SAP's open items, matched again once SAP brought some (`matchNew`,
 * sync/run.ts): the invoice SAP posted after the customer paid, the second of two invoices paid at once, the
 * credit memo a refund pays out. `waiting` is what `waitingUntouched` listed before the run (transaction id -> the
 * proposal and what it applies); `proposals` is what the matcher now makes of those payments. A proposal that
 * applies more replaces the old one, audited (`proposal.rematched`), when the payment still waits in review under
 * the same proposal that no person touched since; one that applies no more changes nothing. The payment stays in
 * review: the tier's rules apply as to any proposal. Returns how many were replaced.
 */
export async function rematchWaiting(
  store: Repositories,
  waiting: ReadonlyMap<number, WaitingProposal>,
  proposals: readonly MatchProposal[],
  now: string,
): Promise<number> {
  return replaceUntouched(
    store,
    'proposal.rematched',
    proposals
      .filter((p) => {
        const before = waiting.get(p.transactionId);
        return p.items.length > 0 && before !== undefined && appliedBy(p) > before.applied;
      })
      .map((after) => {
        const before = waiting.get(after.transactionId)!;
        return {
          from: before.proposalId,
          // Last, after the matcher's own reasons: why a payment that waited now applies (more) items.
          after: { ...after, reasons: [...after.reasons, before.applied === 0 ? REMATCHED_NOTE : REST_REMATCHED_NOTE] },
          detail: {
            tier: after.tier,
            confidence: after.confidence,
            rule: after.rule,
            items: after.items.map((it) => openItemKeyText(it.item)),
            why:
              before.applied === 0
                ? 'SAP holds open items the payment applies to'
                : 'SAP holds open items the rest left on account applies to',
          },
        };
      }),
    now,
    (current) => appliedBy(current) === waiting.get(current.transactionId)?.applied,
  );
}

/**
 * The matcher replaces its own proposals (`from`, by id) with `after`, in one transaction, each audited as
 * `action` with `detail`, the old and the new proposal's ids. Each is checked again inside the transaction, as a
 * clerk may have acted since it was read: the payment still waits in review under that same live proposal, which
 * no person corrected or approved first, and `still` holds of it. The payment's state does not change. Returns
 * how many were replaced.
 */
async function replaceUntouched(
  store: Repositories,
  action: 'proposal.promoted' | 'proposal.rematched' | 'proposal.refunded',
  replacements: readonly { from: number; after: MatchProposal; detail: Record<string, unknown> }[],
  now: string,
  still: (current: ProposalRecord) => boolean = () => true,
): Promise<number> {
  if (replacements.length === 0) return 0;
  return store.transaction(async (tx) => {
    let replaced = 0;
    for (const { from, after, detail } of replacements) {
      const [payment, current] = await Promise.all([
        tx.payments.get(after.transactionId),
        tx.proposals.live(after.transactionId),
      ]);
      if (payment?.state !== 'review' || current?.id !== from || !still(current)) continue;
      // Untouched is checked in the UPDATE: a clerk's approval or preparation on another connection wins.
      // A matched-again proposal also yields to a person's decision since the run read it (a park and unpark).
      const noPersonDecision = action === 'proposal.rematched';
      if (!(await tx.proposals.supersedeUntouched(from, now, { noPersonDecision }))) continue;
      const id = await tx.proposals.insert(after, now);
      await tx.audit.append({
        actor: 'matcher',
        action,
        subject: `paytrace:${after.transactionId}`,
        detail: { from, proposalId: id, ...detail },
        at: now,
      });
      replaced += 1;
    }
    return replaced;
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
