// From an approved proposal to the FI document: the core's side of shared/posting's builder
// (docs/ARCHITECTURE.md, "What goes into the FI document").
import type { PaymentTransaction } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import { fromPayTraceDate } from '../../../shared/time';
import {
  type AppliedOpenItem,
  appliedItemsFromMatch,
  buildFiDocument,
  decidePostingDate,
  deductionRule,
  localDateOf,
  postingReference,
  PostingInputError,
  settlementAssignment,
  type FiDocument,
  type PostedAccount,
  type PostingConfig,
  type PostingInput,
  type PostingKind,
  type Settlement,
} from '../../../shared/posting';
import type { DocumentBuilder, DocumentRequest } from '../ports';

/** The posting event of a transaction: the reference letter and the postings row's event. */
export function postingEventOf(kind: string): 'payment' | 'refund' {
  return kind === 'refund' ? 'refund' : 'payment';
}

function kindOf(req: DocumentRequest): PostingKind {
  if (req.transaction.kind === 'refund') return 'refund';
  return req.proposal.customer ? 'payment' : 'suspense';
}

/** The date of a PayTrace timestamp in PayTrace's own calendar (its timestamps are its local time). */
function payTraceDay(at: { utc: string; original: string }): string {
  try {
    return fromPayTraceDate(at.original.split(' ')[0] ?? '');
  } catch {
    return at.utc.slice(0, 10);
  }
}

/** The settlement batch and day, as PayTrace names them; null while it is not settled. */
export function settlementOf(t: PaymentTransaction): Settlement | null {
  if (t.status !== 'settled') return null;
  return { batch: t.batch, date: payTraceDay(t.settledAt ?? t.createdAt) };
}

/** The accounts a document posts to, for SAP's posting-period check per account type. */
function accountsOf(doc: FiDocument): PostedAccount[] {
  return [
    ...doc.ACCOUNTGL.map((g) => ({ type: 'S', account: g.GL_ACCOUNT })),
    ...doc.ACCOUNTRECEIVABLE.map((a) => ({ type: 'D', account: a.CUSTOMER })),
  ];
}

/**
 * The builder over a posting configuration (the G/L rules file's); a request that carries the configuration in
 * force (`postingConfig`: the file's with the admin's G/L accounts over it) is built with that one instead.
 */
export function createDocumentBuilder(fileConfig: PostingConfig): DocumentBuilder {
  return (req) => {
    const config = req.postingConfig ?? fileConfig;
    const { transaction: t, proposal } = req;
    const kind = kindOf(req);
    if (!proposal.companyCode)
      throw new Error(`Transaction ${t.source.transaction_id} has no company code to post into.`);
    if (kind === 'suspense' && !req.suspenseAccount)
      throw new PostingInputError(
        `No suspense account is set for company code ${proposal.companyCode}: an admin sets one in Settings (suspense accounts), or post the payment on account to a customer.`,
      );
    if (kind === 'refund' && !proposal.customer)
      throw new PostingInputError(
        `Refund ${t.source.transaction_id} has no customer: a refund clears a credit of the customer it was paid to; correct the match to name the customer.`,
      );
    const items: AppliedOpenItem[] =
      kind === 'payment'
        ? appliedItemsFromMatch(proposal, req.openItems)
        : kind === 'refund'
          ? (req.refundCredits ?? []).map((c) => ({
              assignment: c.item.assignment,
              reference: c.item.reference,
              amount: c.amount,
            }))
          : [];
    const settlement = settlementOf(t);
    const deduction = deductionRule(proposal.rule);
    // The company code's calendar day the customer paid on (BLDAT).
    const documentDate = localDateOf(t.createdAt.utc, req.zone);
    const input: PostingInput = {
      kind,
      companyCode: proposal.companyCode,
      documentDate,
      postingDate: documentDate,
      reference: postingReference(t.source.transaction_id, postingEventOf(t.kind), req.referenceSequence ?? 1),
      approver: req.approver,
      settlement,
      customer: proposal.customer,
      ...(kind === 'suspense' && req.suspenseAccount ? { suspenseAccount: req.suspenseAccount } : {}),
      amount: t.amount,
      items,
      ...(kind === 'payment' && proposal.writeOff ? { writeOffReason: proposal.writeOff.why } : {}),
      // The deduction's reason code (RSTGR) on a customer's deduction; a late discount's rest is a plain residual.
      ...(deduction && items.some((i) => i.residual) && config.deductionReason
        ? { residualReason: config.deductionReason }
        : {}),
      source: {
        transactionId: t.source.transaction_id,
        invoiceId: t.invoiceId,
        paymentMethod: t.cardBrand.toLowerCase(),
      },
    };
    // The lines do not depend on the date; the period check needs their accounts.
    const draft = buildFiDocument(input, config);
    const postingDate = decidePostingDate({
      settledAt: settlement ? (t.settledAt?.utc ?? null) : null,
      now: req.at,
      zone: req.zone,
      calendar: req.calendar,
      accounts: accountsOf(draft),
    });
    const document = buildFiDocument({ ...input, postingDate: postingDate.postingDate }, config);
    const notes = [postingDate.note];
    if (!settlement)
      notes.push(
        `PayTrace has not settled this ${t.kind === 'refund' ? 'refund' : 'payment'} yet: the card clearing line's assignment is ${settlementAssignment(null, documentDate)}, not a settlement batch, so it will not clear against a deposit by itself.`,
      );
    if (kind === 'suspense')
      notes.push(
        `No customer: the payment goes to suspense account ${req.suspenseAccount} of company code ${proposal.companyCode} until someone identifies the payer.`,
      );
    else if (kind === 'payment' && items.length === 0)
      notes.push(
        `Nothing is cleared: the payment stays on account as an open credit of customer ${proposal.customer} in company code ${proposal.companyCode}.`,
      );
    for (const i of items)
      if (i.residual)
        notes.push(
          deduction
            ? `Residual processing: invoice ${i.reference} is cleared and the ${formatMoney(i.residual)} the customer deducted is posted again as a new open item of customer ${proposal.customer}${input.residualReason ? ` with reason code ${input.residualReason}` : ' (no reason code: an admin sets one in Settings, G/L accounts)'}.`
            : `Residual processing: invoice ${i.reference} is cleared with the ${formatMoney(i.writeOff!)} cash discount still earned, and the ${formatMoney(i.residual)} the customer took beyond it is posted again as a new open item of customer ${proposal.customer}.`,
        );
    for (const c of req.refundCredits ?? []) notes.push(`The refund clears ${formatMoney(c.amount)} of ${c.why}.`);
    return { document, postingDate, notes };
  };
}
