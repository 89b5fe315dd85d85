// Reversing a posted payment's SAP document (docs/ARCHITECTURE.md, "Reversals"). A clerk prepares
// the reversal (reason for reversal, posting date, why); another person, an approver, executes it
// (four eyes, shared/domain/four-eyes.ts). Executing goes through the exactly-once protocol of
// postings (electron/core/posting/poster.ts) with its own flow: the reversal posting (event
// 'reversal', reference PT<id>X) is written 'sending' and committed before SAP is called, and a
// lost answer is resolved by BKPF-STBLG of the original, never by sending again blindly. When SAP
// reversed the document, the original posting no longer stands and the payment goes back to
// review, to be posted again under its next reference (PT<id>P2), unless PayTrace voided the sale: it
// then closes.
import { ApiError } from '../../../shared/api';
import { movedNoMoney, reversalExecutionRefusal, reversalPostingDate, samePerson } from '../../../shared/domain';
import { dayInZone, fromDats, PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import type { Clock, ErpSystem, PostingTarget, ReferencedDocument, SapDocumentKey } from '../../../shared/ports';
import { parsePostingReference, postingReference } from '../../../shared/posting';
import {
  ReversalInProgressError,
  type PostingEvent,
  type PostingRecord,
  type Repositories,
  type ReversalRecord,
} from '../../store';
import { requireRole } from '../authorization';
import { postingZoneOf } from '../settings';
import type { Actor } from '../ports';
import { postingEventOf } from '../posting/document';
import { type Poster, type PostingFlow } from '../posting/poster';

/** The reversal posting's document: where it goes, its reference, and what SAP is asked to reverse. */
export interface ReversalDocument extends ReferencedDocument {
  readonly REVERSAL: {
    readonly original: SapDocumentKey;
    readonly originalReference: string;
    readonly reasonCode: string;
    readonly postingDate: string;
  };
}

/** The exactly-once protocol's events and bookkeeping for a reversal posting. */
export const REVERSAL_FLOW: PostingFlow = {
  handles: (event) => event === 'reversal',
  started: 'reversalStarted',
  posted: 'reversed',
  failed: 'reversalFailed',
  // A reversal SAP refused may be prepared again: it continues under the same reference.
  existing: (store, _transactionId, _event, reference) => store.postings.get(reference),
  async settle(tx, posting, outcome) {
    const request = await tx.reversals.byReversalReference(posting.reference);
    if (!request) return;
    if (outcome.posted) {
      await tx.postings.markReversed(request.originalReference, posting.reference, outcome.at);
      // The letter a void after posting raised, asking for this reversal, is answered.
      await tx.deadLetters.resolve('paytrace', String(posting.transactionId), outcome.at);
      // A sale PayTrace voided (or declined) moved no money: with its document reversed there is nothing
      // to post again, so it closes (its proposal released) instead of waiting in review to be posted anew.
      const payment = await tx.payments.get(posting.transactionId);
      if (payment && movedNoMoney(payment.status))
        await tx.payments.transition(posting.transactionId, {
          event: 'voided',
          actor: 'sap',
          action: 'payment.closed',
          reason: `PayTrace ${payment.status} the sale and its SAP document is reversed: nothing to post`,
          detail: { status: payment.status, reversal: posting.reference },
          at: outcome.at,
        });
    }
    await tx.reversals.finish(request.id, {
      state: outcome.posted ? 'reversed' : 'failed',
      error: outcome.error,
      at: outcome.at,
    });
  },
};

/**
 * The reversal of a dispute case's chargeback document when the case was won (event 'chargeback-reversal',
 * PT<sale>Y): the same protocol as a payment's reversal, but the sale's own posting stands, so its state stays
 * (event `chargebackPosting`); SAP's reversal marks the chargeback posting reversed. The disputes owner adds
 * what its case records (electron/core/disputes/posting.ts).
 */
export const CHARGEBACK_REVERSAL_FLOW: PostingFlow = {
  handles: (event) => event === 'chargeback-reversal',
  started: 'chargebackPosting',
  posted: 'chargebackPosting',
  failed: 'chargebackPosting',
  existing: (store, _transactionId, _event, reference) => store.postings.get(reference),
  async settle(tx, posting, outcome) {
    if (!outcome.posted) return;
    const doc = JSON.parse(posting.document) as ReversalDocument;
    await tx.postings.markReversed(doc.REVERSAL.originalReference, posting.reference, outcome.at);
  },
};

/** The reversal document of a standing chargeback posting: its SAP document, reversed under reason 02 on `postingDate`. */
export function chargebackReversalDocument(
  chargeback: PostingRecord,
  reference: string,
  postingDate: string,
): ReversalDocument {
  if (chargeback.state !== 'posted' || !chargeback.belnr || !chargeback.gjahr)
    throw new ApiError('conflict', `Chargeback posting ${chargeback.reference} has no SAP document to reverse.`);
  const original = { BELNR: chargeback.belnr, BUKRS: chargeback.companyCode, GJAHR: chargeback.gjahr };
  const document = JSON.parse(chargeback.document) as { DOCUMENTHEADER?: { PSTNG_DATE?: string } };
  const originalDate = fromDats(document.DOCUMENTHEADER?.PSTNG_DATE ?? '') ?? postingDate;
  const on = postingDate < originalDate ? originalDate : postingDate;
  return {
    DOCUMENTHEADER: { COMP_CODE: chargeback.companyCode, REF_DOC_NO: reference },
    REVERSAL: {
      original,
      originalReference: chargeback.reference,
      // 02: on another date than the original's (today, in the company code's zone), never before it.
      reasonCode: '02',
      postingDate: reversalPostingDate('02', originalDate, on, on),
    },
  };
}

/**
 * SAP as the reversal poster sees it: "posting" a reversal document reverses its original (the
 * clearing reset first), and "the document under this reference" is the original's reversal
 * (BKPF-STBLG): a reversal copies the original's XBLNR, so its own reference is not in SAP.
 */
export function reversalTarget(store: Repositories, erp: ErpSystem): PostingTarget<ReversalDocument> {
  return {
    async postDocument(doc) {
      const r = await erp.reverseDocument(doc.REVERSAL.original, {
        reasonCode: doc.REVERSAL.reasonCode,
        postingDate: doc.REVERSAL.postingDate,
      });
      // A reset commits on its own (FBRA): even when SAP then refuses the reversal, the invoice is open again.
      const resets = r.clearingReset.map((k) => ({
        TYPE: 'S',
        ID: 'CLEARDESK',
        NUMBER: '004',
        MESSAGE: `Clearing ${k.BELNR} ${k.BUKRS} ${k.GJAHR} was reset before the reversal; its items are open again`,
      }));
      return r.ok
        ? { ok: true, key: r.key, messages: [...resets, ...r.messages] }
        : { ok: false, messages: [...resets, ...r.messages] };
    },
    async findDocumentByReference(_companyCode, reference) {
      const posting = await store.postings.get(reference);
      if (!posting) return null;
      return erp.findReversal((JSON.parse(posting.document) as ReversalDocument).REVERSAL.original);
    },
    ...(erp.isOutcomeUnknown ? { isOutcomeUnknown: (e: unknown) => erp.isOutcomeUnknown!(e) } : {}),
  };
}

/**
 * The sequence of the payment's next posting of this event: 1, and one more for each of its
 * postings SAP reversed (PT<id>P, then PT<id>P2 after a reversal, ...).
 */
export async function nextPostingSequence(
  store: Repositories,
  transactionId: number,
  event: PostingEvent,
): Promise<number> {
  const all = await store.postings.ofTransaction(transactionId);
  return 1 + all.filter((p) => p.event === event && p.reversedBy !== null).length;
}

/** A reversal as the API shows it: with the reversal's own SAP document once SAP posted it. */
export type ReversalView = ReversalRecord & { readonly reversalDocument: SapDocumentKey | null };

export async function reversalView(store: Repositories, r: ReversalRecord): Promise<ReversalView> {
  const p = r.state === 'reversed' && r.reversalReference ? await store.postings.get(r.reversalReference) : null;
  const reversalDocument =
    p?.state === 'posted' && p.belnr && p.gjahr ? { BELNR: p.belnr, BUKRS: p.companyCode, GJAHR: p.gjahr } : null;
  return { ...r, reversalDocument };
}

export interface ReversalDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  /** The company code's posting zone when settings name none (`postingZoneOf`): what "today" is. */
  readonly payTraceZone?: string;
}

export interface PrepareReversal {
  readonly transactionId: number;
  /** T041C reason for reversal: 01 on the original's date, 02 on another date. */
  readonly reasonCode: string;
  /** ISO date; null or absent: the original's posting date. */
  readonly postingDate?: string | null;
  readonly reason: string;
}

/** The payment's posting that stands in SAP, or a conflict saying why there is nothing to reverse. */
async function standingPosting(store: Repositories, transactionId: number): Promise<PostingRecord> {
  const payment = await store.payments.get(transactionId);
  if (!payment) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  const posting = await store.postings.find(transactionId, postingEventOf(payment.kind));
  if (!posting || posting.state !== 'posted' || !posting.belnr || !posting.gjahr) {
    throw new ApiError(
      'conflict',
      `Transaction ${transactionId} has no posted SAP document to reverse (it is ${payment.state}).`,
    );
  }
  return posting;
}

/** A clerk prepares the reversal; the payment waits for an approver (state 'reversing'). */
export async function prepareReversal(deps: ReversalDeps, actor: Actor, req: PrepareReversal): Promise<ReversalRecord> {
  requireRole(actor, 'clerk', 'approver');
  const reason = req.reason.trim();
  if (!reason) throw new ApiError('invalid_request', 'A reversal needs a reason: say why the SAP document is wrong.');
  const posting = await standingPosting(deps.store, req.transactionId);
  const document = JSON.parse(posting.document) as { DOCUMENTHEADER?: { PSTNG_DATE?: string } };
  // The document keeps SAP's DATS (YYYYMMDD).
  const originalDate = fromDats(document.DOCUMENTHEADER?.PSTNG_DATE ?? '') ?? '';
  let postingDate: string;
  try {
    const zone = await postingZoneOf(deps.store, posting.companyCode, deps.payTraceZone ?? PAYTRACE_DEFAULT_ZONE);
    const today = dayInZone(deps.clock.now().getTime(), zone);
    postingDate = reversalPostingDate(req.reasonCode, originalDate, req.postingDate ?? null, today);
  } catch (e) {
    throw new ApiError('invalid_request', e instanceof Error ? e.message : String(e));
  }
  const original = { BELNR: posting.belnr!, BUKRS: posting.companyCode, GJAHR: posting.gjahr! };
  const at = deps.clock.now().toISOString();
  try {
    const id = await deps.store.transaction(async (tx) => {
      const id = await tx.reversals.insert({
        transactionId: req.transactionId,
        originalReference: posting.reference,
        original,
        reasonCode: req.reasonCode.trim(),
        postingDate,
        reason,
        preparedBy: actor.name,
        at,
      });
      await tx.payments.transition(req.transactionId, {
        event: 'reversalPrepared',
        actor: actor.name,
        action: 'reversal.prepared',
        detail: { reversalId: id, reference: posting.reference, ...original, reasonCode: req.reasonCode, postingDate },
        reason,
        at,
      });
      return id;
    });
    return (await deps.store.reversals.get(id))!;
  } catch (e) {
    if (e instanceof ReversalInProgressError) {
      throw new ApiError('conflict', `Posting ${posting.reference} already has a reversal waiting or done.`);
    }
    throw e;
  }
}

async function waiting(store: Repositories, id: number): Promise<ReversalRecord> {
  const r = await store.reversals.get(id);
  if (!r) throw new ApiError('not_found', `Reversal ${id} does not exist.`);
  if (r.state !== 'requested') {
    throw new ApiError(
      'conflict',
      `Reversal ${id} is ${r.state}; only a reversal waiting for an approver can be decided.`,
    );
  }
  return r;
}

/** An approver declines it, or its preparer withdraws it: the SAP document stands, the payment is posted again. */
export async function rejectReversal(
  deps: ReversalDeps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<ReversalRecord> {
  const r = await waiting(deps.store, id);
  // Its preparer may withdraw it; deciding someone else's is an approver's.
  const withdrawn = samePerson(r.preparedBy, actor.name);
  if (!withdrawn) requireRole(actor, 'approver');
  if (!reason.trim()) throw new ApiError('invalid_request', 'Say why the reversal is not executed.');
  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.reversals.decide(id, { state: 'rejected', decidedBy: actor.name, at, reason: reason.trim() }))) {
      throw new ApiError('conflict', `Reversal ${id} was decided by someone else meanwhile.`);
    }
    await tx.payments.transition(r.transactionId, {
      event: 'reversalRejected',
      actor: actor.name,
      action: withdrawn ? 'reversal.withdrawn' : 'reversal.rejected',
      detail: { reversalId: id, reference: r.originalReference, preparedBy: r.preparedBy },
      reason: reason.trim(),
      at,
    });
  });
  return (await deps.store.reversals.get(id))!;
}

/**
 * An approver who did not prepare it executes the reversal: the decision is committed with the
 * reversal posting's reference, then the poster sends it exactly once. Returns the request as it
 * ends: 'reversed', 'failed' (SAP refused; the document stands), or still 'approved' when SAP did
 * not answer (the posting stays 'sending' and is resolved by BKPF-STBLG on recovery).
 */
export async function executeReversal(
  deps: ReversalDeps & { readonly poster: Poster<ReversalDocument> },
  actor: Actor,
  id: number,
): Promise<ReversalRecord> {
  requireRole(actor, 'approver');
  const r = await waiting(deps.store, id);
  const refusal = reversalExecutionRefusal(r.preparedBy, actor.name);
  if (refusal) throw new ApiError('forbidden', `${refusal}.`);
  const original = parsePostingReference(r.originalReference);
  const reference = postingReference(r.transactionId, 'reversal', original?.sequence ?? 1);
  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    if (
      !(await tx.reversals.decide(id, { state: 'approved', decidedBy: actor.name, at, reversalReference: reference }))
    ) {
      throw new ApiError('conflict', `Reversal ${id} was decided by someone else meanwhile.`);
    }
    await tx.audit.append({
      actor: actor.name,
      action: 'reversal.approved',
      subject: `paytrace:${r.transactionId}`,
      detail: {
        reversalId: id,
        reference: r.originalReference,
        reversalReference: reference,
        preparedBy: r.preparedBy,
      },
      at,
    });
  });
  const document: ReversalDocument = {
    DOCUMENTHEADER: { COMP_CODE: r.original.BUKRS, REF_DOC_NO: reference },
    REVERSAL: {
      original: r.original,
      originalReference: r.originalReference,
      reasonCode: r.reasonCode,
      postingDate: r.postingDate,
    },
  };
  try {
    await deps.poster.post({ transactionId: r.transactionId, event: 'reversal', document, approvedBy: actor.name });
  } catch (e) {
    // SAP did not answer: the reversal stays approved, its posting 'sending' until recovery resolves it.
    if (!(e instanceof Error && e.name === 'SapUnreachableError')) throw e;
  }
  return (await deps.store.reversals.get(id))!;
}
