// What a clerk does with a queue row: approve the proposal (and post), park, ignore. Rules are
// enforced here and in the payment state machine, not in the UI.
import { ApiError, type AwaitingApproval } from '../../../shared/api';
import { fourEyesReasons, samePerson, type MatchProposal, type OpenItem } from '../../../shared/domain';
import type { Clock, ClearingRequest } from '../../../shared/ports';
import type { FiDocument } from '../../../shared/posting/fi-document';
import type { PaymentRecord, PostingRecord, ProposalRecord, Repositories } from '../../store';
import { requireRole } from '../authorization';
import { postingEventOf } from '../posting/document';
import { nextPostingSequence } from '../reversals/reversals';
import { fourEyesPolicy } from '../settings';
import type { Poster } from '../posting/poster';
import type { Actor, DocumentBuilder } from '../ports';

/** The open items a proposal applies the payment to, as the last sync stored them. */
export async function appliedOpenItems(store: Repositories, proposal: MatchProposal): Promise<OpenItem[]> {
  const out: OpenItem[] = [];
  for (const { item } of proposal.items) {
    const found = await store.masterData.openItem(item);
    if (!found) {
      throw new ApiError(
        'conflict',
        `Open item ${item.BELNR}/${item.BUKRS}/${item.GJAHR} is no longer known; run a sync and review the match again.`,
      );
    }
    out.push(found);
  }
  return out;
}

export interface ApproveDeps {
  readonly store: Repositories;
  readonly poster: Poster<FiDocument>;
  readonly buildDocument: DocumentBuilder;
  readonly clock: Clock;
}

/** Builds the document for an approved proposal, without posting: the clerk's preview. */
export async function previewDocument(
  deps: Omit<ApproveDeps, 'poster'>,
  proposal: ProposalRecord,
): Promise<FiDocument | null> {
  // Without a company code there is nothing to post into, so nothing to preview.
  if (!proposal.companyCode) return null;
  const payment = await deps.store.payments.get(proposal.transactionId);
  if (!payment) return null;
  return deps.buildDocument({
    transaction: payment,
    proposal,
    openItems: await appliedOpenItems(deps.store, proposal),
    postingDate: deps.clock.now().toISOString().slice(0, 10),
    username: 'preview',
    referenceSequence: await nextPostingSequence(deps.store, proposal.transactionId, postingEventOf(payment.kind)),
  });
}

/** Why the four-eyes rules want a second person for this proposal (empty: one person may post it). */
export async function secondApprovalReasons(
  store: Repositories,
  proposal: ProposalRecord,
  payment: PaymentRecord,
): Promise<string[]> {
  return fourEyesReasons(await fourEyesPolicy(store), {
    companyCode: proposal.companyCode ?? '',
    amount: payment.amount,
    proposal,
    customerChangedFrom: proposal.correctedCustomerFrom,
  });
}

/**
 * A clerk or approver approves a proposal. When the four-eyes rules want a second person, the
 * first approval only prepares it (nothing is posted) and an approver who neither prepared nor
 * corrected it approves it; otherwise, and on the second approval, it is posted.
 */
export async function approveAndPost(
  deps: ApproveDeps,
  actor: Actor,
  transactionId: number,
  proposalId: number,
): Promise<PostingRecord | AwaitingApproval> {
  requireRole(actor, 'clerk', 'approver');
  const proposal = await deps.store.proposals.get(proposalId);
  if (!proposal || proposal.transactionId !== transactionId) {
    throw new ApiError('not_found', `Proposal ${proposalId} is not a proposal for transaction ${transactionId}.`);
  }
  const payment = await deps.store.payments.get(transactionId);
  if (!payment) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  if (proposal.status !== 'open' && proposal.status !== 'approved') {
    throw new ApiError('conflict', `Proposal ${proposalId} is ${proposal.status}.`);
  }
  if (!proposal.companyCode) {
    throw new ApiError('conflict', 'This proposal has no company code to post into; correct the match first.');
  }
  const now = deps.clock.now().toISOString();
  const reasons = await secondApprovalReasons(deps.store, proposal, payment);

  if (payment.state === 'prepared') {
    checkSecondPerson(actor, proposal);
  } else if (reasons.length > 0 && payment.state !== 'approved') {
    // The first pair of eyes: recorded, nothing posted.
    await deps.store.transaction(async (tx) => {
      await tx.payments.transition(transactionId, {
        event: 'prepared',
        actor: actor.name,
        action: 'proposal.prepared',
        detail: { proposalId, reasons, amount: payment.amount },
        at: now,
      });
      await tx.proposals.prepare(proposalId, actor.name, now);
    });
    return { state: 'awaiting-approval', preparedBy: actor.name, reasons };
  }

  const document = deps.buildDocument({
    transaction: payment,
    proposal,
    openItems: await appliedOpenItems(deps.store, proposal),
    postingDate: now.slice(0, 10),
    username: actor.name,
    // After SAP reversed an earlier posting of this payment, the next reference (PT<id>P2, ...).
    referenceSequence: await nextPostingSequence(deps.store, transactionId, postingEventOf(payment.kind)),
  });
  await deps.store.transaction(async (tx) => {
    // The state machine decides whether the payment may be approved in its state (and says why not).
    await tx.payments.transition(transactionId, {
      event: 'approved',
      actor: actor.name,
      action: 'proposal.approved',
      detail: {
        proposalId,
        tier: proposal.tier,
        amount: payment.amount,
        items: proposal.items.map((i) => ({ ...i.item, minor: i.amount.minor })),
        reference: document.DOCUMENTHEADER.REF_DOC_NO,
        ...(payment.state === 'prepared' ? { preparedBy: proposal.preparedBy, secondApproval: reasons } : {}),
      },
      at: now,
    });
    await tx.proposals.approve(proposalId, actor.name, now);
  });
  return deps.poster.post({
    transactionId,
    event: postingEventOf(payment.kind),
    document,
    approvedBy: actor.name,
    clearing: clearingOf(proposal, document),
  });
}

/** The second person: an approver who neither prepared nor corrected the proposal (names compare case-insensitively). */
function checkSecondPerson(actor: Actor, proposal: ProposalRecord): void {
  requireRole(actor, 'approver');
  if (samePerson(actor.name, proposal.preparedBy)) {
    throw new ApiError(
      'forbidden',
      `${actor.name} approved this payment first and so cannot give the second approval; another approver must (four eyes).`,
    );
  }
  if (samePerson(actor.name, proposal.correctedBy)) {
    throw new ApiError(
      'forbidden',
      `${actor.name} corrected this match and so cannot give the second approval; another approver must (four eyes).`,
    );
  }
}

/** The second person does not approve: the payment goes back to the queue with the reason. */
export async function sendBack(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  transactionId: number,
  reason: string,
): Promise<void> {
  requireRole(actor, 'approver');
  const proposal = await store.proposals.live(transactionId);
  const at = clock.now().toISOString();
  await store.transaction(async (tx) => {
    await tx.payments.transition(transactionId, {
      event: 'sentBack',
      actor: actor.name,
      action: 'proposal.sentBack',
      detail: { reason, proposalId: proposal?.id ?? null, preparedBy: proposal?.preparedBy ?? null },
      reason,
      at,
    });
    if (proposal) await tx.proposals.prepare(proposal.id, null, null);
  });
}

/**
 * The builder writes one customer line per applied open item, in the proposal's order, before
 * any on-account line; each of those lines clears its item where the clearing RFC is used.
 */
function clearingOf(proposal: MatchProposal, document: FiDocument): ClearingRequest[] {
  const customer = proposal.customer;
  if (!customer) return [];
  return proposal.items.flatMap((applied, i) => {
    const line = document.ACCOUNTRECEIVABLE[i];
    if (!line) return [];
    return [
      {
        ITEMNO_ACC: line.ITEMNO_ACC,
        BUKRS: applied.item.BUKRS,
        KUNNR: customer,
        BELNR: applied.item.BELNR,
        GJAHR: applied.item.GJAHR,
        BUZEI: applied.item.BUZEI,
      },
    ];
  });
}

/** Parks or ignores a payment with the clerk's reason; the state machine says from where. */
export async function setAside(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  transactionId: number,
  state: 'parked' | 'ignored',
  reason: string,
): Promise<void> {
  requireRole(actor, 'clerk', 'approver');
  await store.payments.transition(transactionId, {
    event: state,
    actor: actor.name,
    action: `transaction.${state}`,
    detail: { reason },
    reason,
    at: clock.now().toISOString(),
  });
}
