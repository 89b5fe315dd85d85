// What a clerk does with a queue row: approve the proposal (and post), park, ignore. Rules are
// enforced here and in the payment state machine, not in the UI.
import { ApiError, type AwaitingApproval } from '../../../shared/api';
import { fourEyesReasons, movedNoMoney, samePerson, type MatchProposal } from '../../../shared/domain';
import type { Clock, ClearingRequest } from '../../../shared/ports';
import type { FiDocument } from '../../../shared/posting/fi-document';
import type { PaymentRecord, PostingRecord, ProposalRecord, Repositories } from '../../store';
import { requireRole, roleRefusal } from '../authorization';
import { type CalendarCache, documentRequestFor } from '../posting/context';
import { voidInProgress, voidInProgressText } from '../refunds/requests';
import { postingEventOf } from '../posting/document';
import { fourEyesPolicy } from '../settings';
import type { Poster } from '../posting/poster';
import type { Actor, BuiltDocument, DocumentBuilder, DocumentRequest } from '../ports';

export { appliedOpenItems } from '../posting/context';

export interface ApproveDeps {
  readonly store: Repositories;
  readonly poster: Poster<FiDocument>;
  readonly buildDocument: DocumentBuilder;
  readonly clock: Clock;
  readonly calendars: CalendarCache;
  /** The PayTrace account's zone, the company codes' zone unless the admin set another. */
  readonly payTraceZone?: string;
}

/**
 * Builds the document an approval by `viewer` would post, without posting: the clerk's preview.
 * Null when there is nothing to post into; throws (ApiError, PostingInputError) when the proposal
 * cannot be posted as it stands, with the reason.
 */
export async function previewDocument(
  deps: Omit<ApproveDeps, 'poster'>,
  proposal: ProposalRecord,
  viewer: Actor,
): Promise<BuiltDocument | null> {
  // Without a company code there is nothing to post into, so nothing to preview.
  if (!proposal.companyCode) return null;
  const payment = await deps.store.payments.get(proposal.transactionId);
  if (!payment) return null;
  return deps.buildDocument(await documentRequestFor(deps, viewer, payment, proposal));
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
  if (proposal.status !== 'open' && proposal.status !== 'approved') throw await notLive(deps.store, proposal);
  // A posting already on its way (approved again to resend it) is resolved, never held back.
  if (payment.state !== 'approved') {
    if (movedNoMoney(payment.status))
      throw new ApiError(
        'conflict',
        `PayTrace ${payment.status} transaction ${transactionId}: there is nothing to post.`,
      );
    const voiding = await voidInProgress(deps.store, payment);
    if (voiding) throw new ApiError('conflict', voidInProgressText(voiding));
  }
  if (!proposal.companyCode) {
    throw new ApiError(
      'conflict',
      'No match: nothing says which company code to post into. Post it on account to a customer, post it to suspense, or correct the match first.',
    );
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
      if (!(await tx.proposals.prepare(proposalId, actor.name, now)))
        throw await notLive(tx, (await tx.proposals.get(proposalId)) ?? proposal);
    });
    return { state: 'awaiting-approval', preparedBy: actor.name, reasons };
  }

  const request = await documentRequestFor(deps, actor, payment, proposal);
  const built = deps.buildDocument(request);
  const document = built.document;
  const { postingDate } = built;
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
        // What goes into SAP's header, and why the posting date is what it is.
        posting: {
          postingDate: postingDate.postingDate,
          fiscalYear: postingDate.period?.fiscalYear ?? null,
          period: postingDate.period?.period ?? null,
          valueDate: postingDate.valueDate,
          basis: postingDate.basis,
          zone: postingDate.zone,
          movedFrom: postingDate.movedFrom,
          note: postingDate.note,
          sapUser: document.DOCUMENTHEADER.USERNAME || null,
          headerText: document.DOCUMENTHEADER.HEADER_TXT,
        },
        ...(payment.state === 'prepared' ? { preparedBy: proposal.preparedBy, secondApproval: reasons } : {}),
      },
      at: now,
    });
    // Replaced since it was read above (a sync's matcher, a correction on another screen): nothing is approved.
    if (!(await tx.proposals.approve(proposalId, actor.name, now)))
      throw await notLive(tx, (await tx.proposals.get(proposalId)) ?? proposal);
  });
  const posting = await deps.poster.post({
    transactionId,
    event: postingEventOf(payment.kind),
    document,
    approvedBy: actor.name,
    proposalId,
    clearing: clearingOf(proposal, request, document),
  });
  // SAP closed a period since the calendar was read: read it again before the next approval.
  if (posting.state === 'failed' && /"ID":"F5","NUMBER":"(201|567)"/.test(posting.messages))
    deps.calendars.forget(proposal.companyCode);
  return posting;
}

/**
 * The refusal of an approval given for a proposal that is no longer live. Replaced while the clerk looked at it
 * (by a correction, or by the matcher: promoted on settlement, matched again when SAP brought its open items),
 * the approval was given for what the screen showed, not for what replaced it.
 */
async function notLive(store: Repositories, proposal: ProposalRecord): Promise<ApiError> {
  if (proposal.status === 'superseded' && (await store.proposals.live(proposal.transactionId))) {
    const by =
      proposal.decidedBy === 'matcher'
        ? ' by the matcher at a sync'
        : proposal.decidedBy
          ? ` by ${proposal.decidedBy}`
          : '';
    return new ApiError(
      'conflict',
      `The proposal you approved was replaced${by}; nothing was posted. Look at the current proposal and approve that one.`,
    );
  }
  return new ApiError('conflict', `Proposal ${proposal.id} is ${proposal.status}.`);
}

/**
 * Why `actor` may not give the second approval to a prepared proposal, or null when they may: it
 * takes an approver who neither prepared nor corrected it (names compare case-insensitively).
 */
export function secondPersonRefusal(actor: Actor, proposal: ProposalRecord): string | null {
  const role = roleRefusal(actor, 'approver');
  if (role) return role;
  if (samePerson(actor.name, proposal.preparedBy)) {
    return `${actor.name} approved this payment first and so cannot give the second approval; another approver must (four eyes).`;
  }
  if (samePerson(actor.name, proposal.correctedBy)) {
    return `${actor.name} corrected this match and so cannot give the second approval; another approver must (four eyes).`;
  }
  return null;
}

function checkSecondPerson(actor: Actor, proposal: ProposalRecord): void {
  const refusal = secondPersonRefusal(actor, proposal);
  if (refusal) throw new ApiError('forbidden', refusal);
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
 * The builder writes one customer line per applied open item (for a refund: per credit it
 * clears), in order, before any on-account line; each of those lines clears its item where the
 * clearing RFC is used.
 */
function clearingOf(proposal: MatchProposal, request: DocumentRequest, document: FiDocument): ClearingRequest[] {
  const customer = proposal.customer;
  if (!customer) return [];
  const keys = request.refundCredits
    ? request.refundCredits.map((c) => c.item.source)
    : proposal.items.map((applied) => applied.item);
  return keys.flatMap((item, i) => {
    const line = document.ACCOUNTRECEIVABLE[i];
    if (!line) return [];
    return [
      {
        ITEMNO_ACC: line.ITEMNO_ACC,
        BUKRS: item.BUKRS,
        KUNNR: customer,
        BELNR: item.BELNR,
        GJAHR: item.GJAHR,
        BUZEI: item.BUZEI,
      },
    ];
  });
}

/**
 * Brings a parked or ignored payment back to review (the state machine allows it only from those two), with
 * the proposal it had, or for the matcher to try again when it had none.
 */
export async function unpark(store: Repositories, clock: Clock, actor: Actor, transactionId: number): Promise<void> {
  requireRole(actor, 'clerk', 'approver');
  const ignored = (await store.payments.get(transactionId))?.state === 'ignored';
  await store.payments.transition(transactionId, {
    event: ignored ? 'unignored' : 'unparked',
    actor: actor.name,
    action: ignored ? 'transaction.unignored' : 'transaction.unparked',
    detail: {},
    at: clock.now().toISOString(),
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
