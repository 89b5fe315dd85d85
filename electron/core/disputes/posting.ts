// The postings a dispute case implies, under four eyes (issue 13, point 3; docs/ARCHITECTURE.md, "Disputes").
// What a case's stage asks for is one pure rule (postingFor, shared/disputes/posting.ts) under the company
// code's setting; here a clerk prepares it (the document is built and stored as the preview shows it), an
// approver who is not that person approves it, and it goes through the one Poster (the exactly-once protocol)
// under the sale's reference: PT<sale>C for the chargeback (PT<sale>C2 after a reversal), PT<sale>W for a lost
// case's loss, and for a won case the chargeback document's reversal through the reversal owner (PT<sale>Y).
import { ApiError } from '../../../shared/api';
import { samePerson } from '../../../shared/domain';
import {
  type ChargebackLedger,
  type ChargebackMethod,
  type ChargebackStep,
  chargebackRuleOf,
  postingFor,
} from '../../../shared/disputes';
import type { Money } from '../../../shared/money';
import type { ClearingRequest, Clock } from '../../../shared/ports';
import {
  type FiDocument,
  type PreviewLine,
  type PostingConfig,
  approverHeaderText,
  buildFiDocument,
  postingReference,
  previewLines,
  sapUserFor,
} from '../../../shared/posting';
import { PAYTRACE_DEFAULT_ZONE, dayInZone, toDats } from '../../../shared/time';
import type { ChargebackPostingRecord, DisputeCaseRecord, PostingRecord, Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';
import { type Poster, type PostingFlow } from '../posting/poster';
import {
  CHARGEBACK_REVERSAL_FLOW,
  chargebackReversalDocument,
  nextPostingSequence,
  type ReversalDocument,
} from '../reversals/reversals';
import { chargebackRules, postingZoneOf, sapUserMappings } from '../settings';

/**
 * The exactly-once protocol's events for a case's chargeback and loss documents: the sale's state stays what its
 * own posting made it; the case's posting row records SAP's outcome in the same transaction.
 */
export const CHARGEBACK_FLOW: PostingFlow = {
  handles: (event) => event === 'chargeback' || event === 'write-off',
  started: 'chargebackPosting',
  posted: 'chargebackPosting',
  failed: 'chargebackPosting',
  async settle(tx, posting, outcome) {
    await tx.disputes.finishPosting(posting.reference, outcome);
  },
};

/** A won case's chargeback reversed: the reversal owner's flow, and the case's row recording SAP's outcome. */
export const CASE_REVERSAL_FLOW: PostingFlow = {
  ...CHARGEBACK_REVERSAL_FLOW,
  async settle(tx, posting, outcome) {
    await CHARGEBACK_REVERSAL_FLOW.settle?.(tx, posting, outcome);
    await tx.disputes.finishPosting(posting.reference, outcome);
  },
};

export interface ChargebackPostingDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  readonly config: PostingConfig;
  readonly payTraceZone?: string;
}

/** What a case implies now, and the document it would post (what the Chargebacks tab previews). */
export interface ChargebackPlan {
  readonly caseId: number;
  readonly step: ChargebackStep['step'];
  readonly event: 'chargeback' | 'write-off' | 'chargeback-reversal' | null;
  readonly why: string;
  readonly reference: string | null;
  readonly companyCode: string | null;
  /** What the document moves: the disputed amount (a fee is its own line on top), or the reversed chargeback's. */
  readonly amount: Money | null;
  /**
   * The posting date (ISO) if it were approved now: today in the company code's zone (a reversal: never before
   * the chargeback's own date). An approval on a later day posts on that day (approveChargebackPosting).
   */
  readonly postingDate: string | null;
  /** The FI document's lines (a reversal: the chargeback document's lines, which SAP mirrors). */
  readonly lines: readonly PreviewLine[];
  /** The document to post, as JSON (stored when a clerk prepares it). */
  readonly document: string | null;
  /** Why nothing can be prepared as the case stands (no sale, no posting of the sale, ...); null when it can. */
  readonly blocked: string | null;
  /**
   * Why nothing can be prepared, in words every case it applies to shares (a bulk summary counts cases by them);
   * null when something can be prepared.
   */
  readonly group: string | null;
}

interface Context {
  readonly record: DisputeCaseRecord;
  readonly saleId: number;
  readonly sale: PostingRecord;
  readonly saleDocument: FiDocument;
  readonly chargeback: PostingRecord | null;
  readonly loss: PostingRecord | null;
  /** The sale was approved from a proposal that applied no open item (on account); false when not known. */
  readonly saleOnAccount: boolean;
}

async function caseOf(store: Repositories, caseId: number): Promise<DisputeCaseRecord> {
  const record = await store.disputes.byId(caseId);
  if (!record) throw new ApiError('not_found', `Dispute case ${caseId} is not in ClearDesk.`);
  return record;
}

interface Refusal {
  readonly why: string;
  readonly group: string;
}

/** The case's sale and its standing SAP posting, and what the case posted so far; a reason when there is none. */
async function contextOf(store: Repositories, record: DisputeCaseRecord): Promise<Context | Refusal> {
  if (record.match.state !== 'matched')
    return {
      why: 'The case is not matched to a sale yet: link it to the sale it disputes first.',
      group: 'not matched to a sale',
    };
  const saleId = record.match.transactionId;
  const sale = await store.postings.find(saleId, 'payment');
  if (!sale || sale.state !== 'posted' || !sale.belnr)
    return {
      why: `Sale ${saleId} has no SAP posting yet: post the sale first, then its chargeback.`,
      group: 'the sale is not posted to SAP',
    };
  const saleDocument = JSON.parse(sale.document) as FiDocument;
  if (!saleDocument.ACCOUNTRECEIVABLE?.length)
    return {
      why: `Sale ${saleId} was posted without a customer (to suspense): correct it to its customer before its chargeback is posted.`,
      group: 'the sale was posted to suspense',
    };
  const [chargeback, loss, ofSale] = await Promise.all([
    store.postings.find(saleId, 'chargeback'),
    store.postings.find(saleId, 'write-off'),
    store.disputes.postingsOf({ transactionId: saleId }),
  ]);
  // ClearDesk keeps one chargeback per sale in SAP (its references are the sale's): a second case on the sale waits
  // until the first one's postings are decided and, while its chargeback stands, is posted by hand.
  const others = ofSale.filter((p) => p.caseId !== record.id);
  const waitingOther = others.find((p) => p.state === 'prepared' || p.state === 'approved');
  const standingOther =
    chargeback?.state === 'posted'
      ? others.find((p) => p.reference === chargeback.reference && p.state === 'posted')
      : undefined;
  const other = waitingOther ?? standingOther;
  if (other) {
    const name = (await store.disputes.byId(other.caseId))?.dispute.caseNumber ?? `#${other.caseId}`;
    return waitingOther
      ? {
          why: `Case ${name} on the same sale ${saleId} has a posting waiting for an approver (${other.reference}); decide that one first.`,
          group: "another case's posting on the same sale waits for an approver",
        }
      : {
          why: `Sale ${saleId}'s chargeback was posted for case ${name} (${other.reference}) and stands: ClearDesk posts one chargeback per sale, so post this case's in SAP by hand (or once case ${name} is won and reversed, here).`,
          group: 'another case on the same sale holds its chargeback',
        };
  }
  const approved = sale.proposalId === null ? null : await store.proposals.get(sale.proposalId);
  return { record, saleId, sale, saleDocument, chargeback, loss, saleOnAccount: approved?.items.length === 0 };
}

/** What the chargeback posting that stands moved, and by which method (from its own document's lines). */
function ledgerOf(ctx: Context): ChargebackLedger {
  const c = ctx.chargeback;
  if (!c || c.state !== 'posted')
    return { chargeback: null, lossPosted: ctx.loss?.state === 'posted', saleOnAccount: ctx.saleOnAccount };
  const doc = JSON.parse(c.document) as FiDocument & { CHARGEBACK?: { method: ChargebackMethod; amount: Money } };
  return {
    chargeback: doc.CHARGEBACK ?? { method: 'reopen', amount: ctx.record.dispute.amount },
    lossPosted: ctx.loss?.state === 'posted',
  };
}

/** Today's date in the company code's zone: a chargeback posts on the day it is booked. */
async function today(deps: ChargebackPostingDeps, companyCode: string): Promise<string> {
  const zone = await postingZoneOf(deps.store, companyCode, deps.payTraceZone ?? PAYTRACE_DEFAULT_ZONE);
  return dayInZone(deps.clock.now().getTime(), zone);
}

/** The posting a case implies now, with the document it would post; nothing is stored. */
export async function chargebackPlan(deps: ChargebackPostingDeps, caseId: number): Promise<ChargebackPlan> {
  const record = await caseOf(deps.store, caseId);
  const none = (why: string, blocked: string | null, group: string): ChargebackPlan => ({
    caseId,
    step: 'none',
    event: null,
    why,
    reference: null,
    companyCode: null,
    amount: null,
    postingDate: null,
    lines: [],
    document: null,
    blocked,
    group,
  });
  const ctx = await contextOf(deps.store, record);
  if ('group' in ctx) return none(ctx.why, ctx.why, ctx.group);
  const companyCode = ctx.sale.companyCode;
  const rule = chargebackRuleOf((await chargebackRules(deps.store)).rules, companyCode);
  const dispute = record.dispute;
  const saleAmount = ctx.saleDocument.CURRENCYAMOUNT[0]?.CURRENCY;
  if (saleAmount && saleAmount !== dispute.amount.currency)
    return none(
      `The case is in ${dispute.amount.currency}, the sale was posted in ${saleAmount}.`,
      'currency differs from the sale',
      'its currency differs from the sale',
    );
  let step: ChargebackStep;
  try {
    step = postingFor(dispute, rule, ledgerOf(ctx));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return none(why, why, 'the rule cannot post it as it stands');
  }
  if (step.step === 'none') return none(step.why, null, 'nothing to post at its stage');
  const date = await today(deps, companyCode);
  if (step.step === 'reverse') {
    const standing = ctx.chargeback!;
    // One more than the chargeback reversals SAP posted for the sale (a refused one is sent again under its reference).
    const sequence =
      1 +
      (await deps.store.postings.ofTransaction(ctx.saleId)).filter(
        (p) => p.event === 'chargeback-reversal' && p.state === 'posted',
      ).length;
    const reference = postingReference(ctx.saleId, 'chargeback-reversal', sequence);
    const document = chargebackReversalDocument(standing, reference, date);
    return {
      caseId,
      step: 'reverse',
      event: 'chargeback-reversal',
      why: `${step.why} SAP reverses document ${standing.belnr} ${standing.companyCode} ${standing.gjahr} (${standing.reference}) on ${document.REVERSAL.postingDate}.`,
      reference,
      companyCode,
      amount: ledgerOf(ctx).chargeback?.amount ?? dispute.amount,
      postingDate: document.REVERSAL.postingDate,
      lines: previewLines(JSON.parse(standing.document) as FiDocument, deps.config.currencies).map((l) => ({
        ...l,
        amount: { ...l.amount, minor: -l.amount.minor },
      })),
      document: JSON.stringify(document),
      blocked: null,
      group: null,
    };
  }
  const sequence = await nextPostingSequence(deps.store, ctx.saleId, step.event);
  const reference = postingReference(ctx.saleId, step.event, sequence);
  const clearing = ctx.saleDocument.ACCOUNTGL[0];
  const invoice = ctx.saleDocument.ACCOUNTRECEIVABLE[0]!;
  const doc = buildFiDocument(
    {
      kind: 'chargeback',
      companyCode,
      documentDate: dispute.receivedDate && dispute.receivedDate <= date ? dispute.receivedDate : date,
      postingDate: date,
      reference,
      headerText: `Chargeback ${dispute.caseNumber}`,
      customer: invoice.CUSTOMER,
      amount: step.amount,
      chargebackLines: step.lines,
      ...(clearing ? { clearingAccount: clearing.GL_ACCOUNT, clearingAssignment: clearing.ALLOC_NMBR } : {}),
      source: {
        transactionId: ctx.saleId,
        invoiceId: invoice.ALLOC_NMBR,
        paymentMethod: '',
      },
    },
    deps.config,
  );
  const clears = step.event === 'write-off' ? reopenedItemCleared(ctx, doc, invoice.CUSTOMER) : null;
  // The document remembers how it was posted, for the case's later steps (what a loss takes from), and
  // which open item its customer line clears.
  const stored: StoredChargebackDocument = {
    ...doc,
    CHARGEBACK: { method: step.method, amount: step.amount },
    ...(clears ? { CLEARING: [clears] } : {}),
  };
  return {
    caseId,
    step: 'post',
    event: step.event,
    why: clears
      ? `${step.why} Its customer line clears the reopened item (document ${clears.BELNR} ${clears.BUKRS} ${clears.GJAHR}, line ${clears.BUZEI}) where SAP clears through ClearDesk's clearing RFC; elsewhere it carries the item's assignment for SAP's automatic clearing.`
      : step.why,
    reference,
    companyCode,
    amount: step.amount,
    postingDate: date,
    lines: previewLines(doc, deps.config.currencies),
    document: JSON.stringify(stored),
    blocked: null,
    group: null,
  };
}

/** A case's document as stored when a clerk prepares it: the FI document and what ClearDesk needs later. */
type StoredChargebackDocument = FiDocument & {
  readonly CHARGEBACK?: { readonly method: ChargebackMethod; readonly amount: Money };
  readonly CLEARING?: readonly ClearingRequest[];
};

/**
 * A lost case's write-off from the customer settles the receivable the chargeback reopened: the write-off's
 * customer line clears the chargeback document's customer line (BSEG-BUZEI follows ITEMNO_ACC in a document
 * BAPI_ACC_DOCUMENT_POST posted). Null when the loss takes from the chargeback G/L (no customer item) or the
 * chargeback's SAP document is not known.
 */
function reopenedItemCleared(ctx: Context, doc: FiDocument, customer: string): ClearingRequest | null {
  const standing = ctx.chargeback;
  const credit = doc.ACCOUNTRECEIVABLE.find((l) => l.CUSTOMER === customer);
  if (!standing || standing.state !== 'posted' || !standing.belnr || !standing.gjahr || !credit) return null;
  const reopened = (JSON.parse(standing.document) as FiDocument).ACCOUNTRECEIVABLE.find((l) => l.CUSTOMER === customer);
  if (!reopened) return null;
  return {
    ITEMNO_ACC: credit.ITEMNO_ACC,
    BUKRS: standing.companyCode,
    KUNNR: customer,
    BELNR: standing.belnr,
    GJAHR: standing.gjahr,
    BUZEI: reopened.ITEMNO_ACC.slice(-3).padStart(3, '0'),
  };
}

/** A clerk prepares the posting a case implies, as previewed; it waits for an approver. */
export async function prepareChargebackPosting(
  deps: ChargebackPostingDeps,
  actor: Actor,
  caseId: number,
): Promise<ChargebackPostingRecord> {
  requireRole(actor, 'clerk', 'approver');
  const plan = await chargebackPlan(deps, caseId);
  if (plan.blocked) throw new ApiError('conflict', plan.blocked);
  if (plan.step === 'none' || !plan.document || !plan.reference || !plan.companyCode)
    throw new ApiError('conflict', `Nothing to post for this case: ${plan.why}`);
  const record = await caseOf(deps.store, caseId);
  const prepared = await deps.store.disputes.preparePosting({
    caseId,
    transactionId: record.match.state === 'matched' ? record.match.transactionId : 0,
    step: plan.step === 'reverse' ? 'reversal' : plan.event === 'write-off' ? 'write-off' : 'chargeback',
    reference: plan.reference,
    companyCode: plan.companyCode,
    document: plan.document,
    why: plan.why,
    preparedBy: actor.name,
    at: deps.clock.now().toISOString(),
  });
  if (!prepared)
    throw new ApiError('conflict', 'A posting of this case waits for an approver already; approve or reject it first.');
  return prepared;
}

async function waiting(store: Repositories, id: number): Promise<ChargebackPostingRecord> {
  const p = await store.disputes.postingById(id);
  if (!p) throw new ApiError('not_found', `Chargeback posting ${id} does not exist.`);
  if (p.state !== 'prepared')
    throw new ApiError('conflict', `Chargeback posting ${id} is ${p.state}; only a prepared one waits for a decision.`);
  return p;
}

/** An approver rejects a prepared posting (or its preparer withdraws it): nothing goes to SAP. */
export async function rejectChargebackPosting(
  deps: ChargebackPostingDeps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<ChargebackPostingRecord> {
  const p = await waiting(deps.store, id);
  if (!samePerson(p.preparedBy, actor.name)) requireRole(actor, 'approver');
  if (!reason.trim()) throw new ApiError('invalid_request', 'Say why the posting is not approved.');
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.disputes.decidePosting(id, { state: 'rejected', by: actor.name, at, reason: reason.trim() })))
    throw new ApiError('conflict', `Chargeback posting ${id} was decided by someone else meanwhile.`);
  return (await deps.store.disputes.postingById(id))!;
}

/**
 * Whether `actor` may approve the prepared posting `p` now (the rule both the single and the bulk approval, and
 * the bulk approval's summary, ask): never the person who prepared it, and only while the case still implies
 * what was prepared. `group` says why in words every refused case shares; `plan` is what the case implies.
 */
export async function approvalCheck(
  deps: ChargebackPostingDeps,
  actor: Actor,
  p: ChargebackPostingRecord,
): Promise<{ readonly refused: ApiError | null; readonly group: string | null; readonly plan: ChargebackPlan | null }> {
  if (samePerson(p.preparedBy, actor.name))
    return {
      refused: new ApiError(
        'forbidden',
        `${p.preparedBy} prepared this posting; a second person, an approver who did not prepare it, approves it.`,
      ),
      group: 'you prepared it (four eyes: another approver approves it)',
      plan: null,
    };
  const plan = await chargebackPlan(deps, p.caseId);
  if (plan.reference !== p.reference)
    return {
      refused: new ApiError(
        'conflict',
        `The case no longer implies what was prepared (${p.reference}): ${plan.why} Reject it and prepare again.`,
      ),
      group: 'the case moved on since it was prepared (reject it and prepare again)',
      plan,
    };
  return { refused: null, group: null, plan };
}

/**
 * An approver who did not prepare it approves the prepared posting: the decision is committed, then the Poster
 * sends it exactly once. The case must still imply what was prepared (a later report may have moved it on).
 * Returns the posting as it ends: posted, failed (SAP's words kept), or still approved when SAP did not answer
 * (the posting stays 'sending' and is resolved by recovery, like any other).
 */
export async function approveChargebackPosting(
  deps: ChargebackPostingDeps & {
    readonly poster: Poster<FiDocument>;
    readonly reversalPoster: Poster<ReversalDocument>;
  },
  actor: Actor,
  id: number,
): Promise<ChargebackPostingRecord> {
  requireRole(actor, 'approver');
  const p = await waiting(deps.store, id);
  const check = await approvalCheck(deps, actor, p);
  if (check.refused) throw check.refused;
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.disputes.decidePosting(id, { state: 'approved', by: actor.name, at })))
    throw new ApiError('conflict', `Chargeback posting ${id} was decided by someone else meanwhile.`);
  // It posts on the day it is approved (a posting prepared last month is booked in this month's period);
  // the lines are the ones prepared and approved.
  const postingDate = check.plan!.postingDate!;
  try {
    if (p.step === 'reversal') {
      const document = JSON.parse(p.document) as ReversalDocument;
      await deps.reversalPoster.post({
        transactionId: p.transactionId,
        event: 'chargeback-reversal',
        document: { ...document, REVERSAL: { ...document.REVERSAL, postingDate } },
        approvedBy: actor.name,
      });
    } else {
      const document = JSON.parse(p.document) as StoredChargebackDocument;
      const sapUser = sapUserFor(await sapUserMappings(deps.store), actor.name);
      const approver = { name: actor.name, sapUser };
      document.DOCUMENTHEADER = {
        ...document.DOCUMENTHEADER,
        PSTNG_DATE: toDats(postingDate),
        USERNAME: sapUser ?? '',
        HEADER_TXT: approverHeaderText(approver),
      };
      await deps.poster.post({
        transactionId: p.transactionId,
        event: p.step === 'write-off' ? 'write-off' : 'chargeback',
        document,
        approvedBy: actor.name,
        ...(document.CLEARING?.length ? { clearing: document.CLEARING } : {}),
      });
    }
  } catch (e) {
    // SAP did not answer: the posting stays 'sending' until recovery resolves it by its reference.
    if (!(e instanceof Error && e.name === 'SapUnreachableError')) throw e;
  }
  return (await deps.store.disputes.postingById(id))!;
}

/** A case's postings as the API shows them: with the SAP document of each one posted. */
export async function casePostings(store: Repositories, caseId: number) {
  const rows = await store.disputes.postingsOf({ caseId });
  return Promise.all(
    rows.map(async (r) => {
      const posting = r.state === 'posted' ? await store.postings.get(r.reference) : null;
      return {
        id: r.id,
        step: r.step,
        reference: r.reference,
        companyCode: r.companyCode,
        state: r.state,
        why: r.why,
        preparedBy: r.preparedBy,
        preparedAt: r.preparedAt,
        decidedBy: r.decidedBy,
        decidedAt: r.decidedAt,
        error: r.error,
        sapDocument:
          posting?.belnr && posting.gjahr
            ? { BELNR: posting.belnr, BUKRS: posting.companyCode, GJAHR: posting.gjahr }
            : null,
      };
    }),
  );
}
