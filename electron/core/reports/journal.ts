// The posting journal (docs/ARCHITECTURE.md, "Who uses it": "export the day's journal"; "The audit log"): every SAP posting
// ClearDesk made in a date range, with what an auditor needs beside it: who approved it and when,
// what it cleared, what SAP said when it failed, totals per company code and currency, the audit
// entries of the range, and the verified head of the audit chain so a later check can prove that
// nothing was removed after the report was produced.
//
// Dates are ISO calendar dates, inclusive: by posting date, the SAP posting date (BUDAT), the company code's own day
// (its posting zone, electron/core/review/actions.ts); by approval time, UTC days.
import type { Money } from '../../../shared/money';
import { decimalToMinor, currencyExponent } from '../../../shared/money';
import { addDays, fromDats, isRealDate } from '../../../shared/time';
import type { PostingState } from '../../../shared/domain';
import type {
  AuditHead,
  JournalAppliedItem,
  JournalApproval,
  PostingEvent,
  PostingRecord,
  Repositories,
} from '../../store';

export type JournalBasis = 'postingDate' | 'approvedAt';

export interface JournalQuery {
  /** ISO date, inclusive. */
  readonly from: string;
  /** ISO date, inclusive. */
  readonly to: string;
  readonly companyCode?: string | undefined;
  /** Which date puts a posting in the range; default the SAP posting date. */
  readonly basis?: JournalBasis | undefined;
}

export interface JournalLine {
  /** XBLNR, ClearDesk's unique posting reference. */
  readonly reference: string;
  readonly event: PostingEvent;
  readonly state: PostingState;
  readonly companyCode: string;
  /** BELNR/GJAHR once SAP has the document; null while sending or after a failure. */
  readonly belnr: string | null;
  readonly gjahr: string | null;
  /** ISO date (from PSTNG_DATE), null when the stored document lacks it. */
  readonly postingDate: string | null;
  readonly documentType: string;
  readonly transactionId: number;
  readonly batch: number | null;
  /** Signed: money the customer paid is positive; refunds, chargebacks (the disputed amount), their losses and reversals negative; a won chargeback's reversal positive. */
  readonly amount: Money;
  readonly customer: string;
  readonly customerName: string;
  /** The references (XBLNR of the invoices) of the open items the posting cleared in full (a payment, a refund). */
  readonly invoices: readonly string[];
  /** A reversal's: the invoices the reversed payment had cleared, open again in SAP. */
  readonly reopened: readonly string[];
  /** Open items it paid only in part: SAP keeps the residual open (the payment's currency). */
  readonly partlyPaid: readonly PartlyPaid[];
  /**
   * What of a payment stays on the customer's account, applied to no invoice; a reversal takes it back (negative),
   * so the totals' on-account nets; zero for other events.
   */
  readonly onAccount: Money;
  readonly approvedBy: string;
  /** ISO instant. */
  readonly approvedAt: string;
  /** SAP's messages, "E F5 702: text"; filled for failed postings. */
  readonly messages: readonly string[];
}

export interface PartlyPaid {
  readonly reference: string;
  /** What is still open of the item after this posting. */
  readonly residual: Money;
}

export interface JournalTotal {
  readonly companyCode: string;
  readonly currency: string;
  readonly postedCount: number;
  /** Net of the posted lines (refunds negative). */
  readonly posted: Money;
  /** Of the posted lines' amounts, what went on account (applied to no invoice). */
  readonly onAccount: Money;
  readonly failedCount: number;
  readonly failed: Money;
  /** Lines not posted yet: being sent, or in SAP, pending (an IDoc SAP has not posted). */
  readonly sendingCount: number;
}

export interface JournalAuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
}

export interface JournalAuditSection {
  readonly entries: readonly JournalAuditEntry[];
  readonly verification: {
    readonly ok: boolean;
    readonly entries: number;
    readonly brokenAt: number | null;
    readonly message: string;
    readonly head: AuditHead | null;
  };
}

export interface JournalReport {
  readonly query: {
    readonly from: string;
    readonly to: string;
    readonly companyCode: string | null;
    readonly basis: JournalBasis;
  };
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly lines: readonly JournalLine[];
  /** Per company code and currency, sorted; a currency spanning several company codes also gets an "all" row (companyCode ''). */
  readonly totals: readonly JournalTotal[];
  readonly stateCounts: Readonly<Record<PostingState, number>>;
  readonly audit: JournalAuditSection;
}

export class ReportRangeError extends Error {
  override readonly name = 'ReportRangeError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(label: string, value: string): void {
  const m = ISO_DATE.exec(value);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new ReportRangeError(
      `The ${label} date "${value}" is not a date; write it as YYYY-MM-DD, for example 2026-11-25.`,
    );
  }
}

/** Throws ReportRangeError unless from and to are real ISO dates with from <= to. */
export function checkRange(from: string, to: string): void {
  checkDate('from', from);
  checkDate('to', to);
  if (from > to)
    throw new ReportRangeError(
      `The range starts on ${from} but ends earlier, on ${to}; the from date must not be after the to date.`,
    );
}

interface StoredDocument {
  DOCUMENTHEADER?: { PSTNG_DATE?: string; DOC_TYPE?: string };
  /** A chargeback or its loss (electron/core/disputes/posting.ts): the disputed amount the document moves. */
  CHARGEBACK?: { amount?: Money };
  /** A reversal: the reversed posting's reference and the reversal's posting date (ISO). */
  REVERSAL?: { originalReference?: string; postingDate?: string };
  ACCOUNTRECEIVABLE?: { CUSTOMER?: string }[];
  CURRENCYAMOUNT?: { ITEMNO_ACC?: string; CURRENCY?: string; AMT_DOCCUR?: string }[];
}

function parseDocument(text: string): StoredDocument {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as StoredDocument) : {};
  } catch {
    return {};
  }
}

function postingDateOf(doc: StoredDocument): string | null {
  const reversal = doc.REVERSAL?.postingDate;
  if (reversal && ISO_DATE.test(reversal)) return reversal;
  const dats = doc.DOCUMENTHEADER?.PSTNG_DATE;
  if (!dats) return null;
  try {
    return fromDats(dats);
  } catch {
    return null;
  }
}

function messagesOf(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return [];
    return value.map((m: unknown) => {
      if (!m || typeof m !== 'object') return String(m);
      const r = m as Record<string, unknown>;
      const code = [r.ID, r.NUMBER].filter((x) => typeof x === 'string' && x.trim() !== '').join(' ');
      return `${typeof r.TYPE === 'string' ? r.TYPE : '?'}${code ? ` ${code}` : ''}: ${typeof r.MESSAGE === 'string' ? r.MESSAGE : ''}`;
    });
  } catch {
    return text.trim() ? [text] : [];
  }
}

/** A posting without its transaction row (should not happen): the amount as the document sent it. */
function amountFromDocument(doc: StoredDocument): Money | null {
  const line = doc.CURRENCYAMOUNT?.[0];
  if (!line?.CURRENCY || !line.AMT_DOCCUR) return null;
  try {
    return {
      minor: Math.abs(decimalToMinor(line.AMT_DOCCUR, currencyExponent(line.CURRENCY))),
      currency: line.CURRENCY,
    };
  } catch {
    return null;
  }
}

/** Money that went back to the cardholder, or a loss: negative in the journal. A won chargeback's reversal is positive. */
const OUTGOING: ReadonlySet<PostingEvent> = new Set(['refund', 'chargeback', 'write-off', 'reversal']);
/** The postings that reverse another (the original named in their document's REVERSAL). */
const REVERSALS: ReadonlySet<PostingEvent> = new Set(['reversal', 'chargeback-reversal']);

/** The disputed amount a chargeback document carries (not the sale's amount: a partial dispute moves less). */
function chargebackAmountOf(doc: StoredDocument): Money | null {
  const a = doc.CHARGEBACK?.amount;
  return a && Number.isSafeInteger(a.minor) && typeof a.currency === 'string'
    ? { minor: a.minor, currency: a.currency }
    : null;
}

/**
 * A payment's applied items, cleared in full or only in part: an item is cleared when what was applied
 * and written off covers what SAP listed open; else SAP keeps the residual open and the item is partly
 * paid. An item no longer in the mirror is taken as cleared (what was applied is all that is known).
 */
function appliedOf(
  items: readonly JournalAppliedItem[],
  currency: string,
): { cleared: string[]; partlyPaid: PartlyPaid[] } {
  const cleared: string[] = [];
  const partlyPaid: PartlyPaid[] = [];
  for (const i of items) {
    const residual = i.openMinor === null ? 0 : Math.abs(i.openMinor) - i.appliedMinor - i.writeOffMinor;
    if (residual > 0) partlyPaid.push({ reference: i.reference, residual: { minor: residual, currency } });
    else cleared.push(i.reference);
  }
  return { cleared, partlyPaid };
}

export interface JournalContext {
  readonly generatedAt: string;
  readonly generatedBy: string;
}

/**
 * The approval a posting carries, of its transaction's (`approvals`): a payment's posting names the proposal it was
 * approved from, and a payment's reversal the one of the posting it reversed (`original`); a posting that names
 * none (a refund's, one written before migration 0420) carries the payment's last approval.
 */
export function approvalOf(
  approvals: readonly JournalApproval[],
  posting: Pick<PostingRecord, 'proposalId'>,
  original: Pick<PostingRecord, 'proposalId'> | null,
): JournalApproval | undefined {
  const named = original ? original.proposalId : posting.proposalId;
  const found = named === null ? undefined : approvals.find((a) => a.proposalId === named);
  return found ?? approvals.findLast((a) => a.status === 'approved');
}

export async function buildJournal(
  store: Repositories,
  query: JournalQuery,
  context: JournalContext,
): Promise<JournalReport> {
  checkRange(query.from, query.to);
  const basis = query.basis ?? 'postingDate';
  const companyCode = query.companyCode?.trim() || null;
  const startInstant = `${query.from}T00:00:00.000Z`;
  const endInstant = `${addDays(query.to, 1)}T00:00:00.000Z`;

  // A posting's posting date and approval lie between its row's created_at and updated_at (the
  // posting is written at approval, and a re-approval rewrites it); two days either side covers
  // rows written by other code paths. The exact test is made on each row below.
  const candidates = await store.reports.postingsTouched({
    createdBefore: `${addDays(query.to, 3)}T00:00:00.000Z`,
    updatedFrom: `${addDays(query.from, -2)}T00:00:00.000Z`,
    companyCode,
  });
  const ids = [...new Set(candidates.map((p) => p.transactionId))];
  const transactions = await store.reports.paymentFacts(ids);
  // The postings the range's reversals reversed: a payment's reversal opened again what its original cleared (that
  // posting's approval says), a won chargeback's reversal moves what its chargeback moved (that document says).
  const byReference = new Map(candidates.map((p) => [p.reference, p] as const));
  const originals = new Map<string, PostingRecord | null>();
  for (const p of candidates) {
    const original = REVERSALS.has(p.event) ? parseDocument(p.document).REVERSAL?.originalReference : undefined;
    if (original && !originals.has(original))
      originals.set(original, byReference.get(original) ?? (await store.postings.get(original)));
  }
  const linked = [...candidates, ...originals.values()].flatMap((p) => (p?.proposalId ? [p.proposalId] : []));
  const approvals = await store.reports.approvals(ids, [...new Set(linked)]);

  const drafts = candidates.map((p) => {
    const doc = parseDocument(p.document);
    const reversed = doc.REVERSAL?.originalReference;
    const original = reversed ? (originals.get(reversed) ?? null) : null;
    const approval = approvalOf(approvals.get(p.transactionId) ?? [], p, p.event === 'reversal' ? original : null);
    const t = transactions.get(p.transactionId);
    const disputed =
      p.event === 'chargeback' || p.event === 'write-off'
        ? chargebackAmountOf(doc)
        : p.event === 'chargeback-reversal'
          ? chargebackAmountOf(parseDocument(original?.document ?? '{}'))
          : null;
    const base =
      disputed ??
      (t ? { minor: t.amountMinor, currency: t.currency } : (amountFromDocument(doc) ?? { minor: 0, currency: 'XXX' }));
    const sign = OUTGOING.has(p.event) ? -1 : 1;
    const applied = p.event === 'payment' ? appliedOf(approval?.items ?? [], base.currency) : null;
    const onAccount = Math.max(0, approval?.onAccountMinor ?? 0);
    return {
      reference: p.reference,
      event: p.event,
      state: p.state,
      companyCode: p.companyCode,
      belnr: p.belnr,
      gjahr: p.gjahr,
      postingDate: postingDateOf(doc),
      documentType: doc.DOCUMENTHEADER?.DOC_TYPE ?? '',
      transactionId: p.transactionId,
      batch: t?.batch ?? null,
      amount: { minor: base.minor === 0 ? 0 : sign * Math.abs(base.minor), currency: base.currency },
      customer: approval?.customer ?? doc.ACCOUNTRECEIVABLE?.[0]?.CUSTOMER ?? '',
      customerName: '',
      // A chargeback, its write-off or reversal clears no invoice; a payment's reversal opens its invoices again.
      invoices: applied ? applied.cleared : p.event === 'refund' ? (approval?.invoices ?? []) : [],
      reopened: p.event === 'reversal' ? (approval?.invoices ?? []) : [],
      partlyPaid: applied ? applied.partlyPaid : [],
      onAccount: {
        minor: p.event === 'payment' ? onAccount : p.event === 'reversal' && onAccount > 0 ? -onAccount : 0,
        currency: base.currency,
      },
      approvedBy: p.approvedBy,
      // A re-approval after a failure updates approved_by; its proposal decision says when.
      approvedAt:
        approval?.status === 'approved' && approval.decidedAt && approval.decidedBy === p.approvedBy
          ? approval.decidedAt
          : p.createdAt,
      messages: p.state === 'posted' ? [] : messagesOf(p.messages),
    } satisfies JournalLine;
  });

  const inRange = drafts.filter((l) => {
    if (basis === 'approvedAt') return l.approvedAt >= startInstant && l.approvedAt < endInstant;
    const day = l.postingDate ?? l.approvedAt.slice(0, 10);
    return day >= query.from && day <= query.to;
  });

  // Customer names, per company code (SAP's customer master is per BUKRS).
  const names = await store.masterData.customerNames(inRange.filter((l) => l.customer).map((l) => l.customer));
  const lines: JournalLine[] = inRange
    .map((l) => ({ ...l, customerName: names.get(`${l.companyCode}/${l.customer}`) ?? '' }))
    .sort(
      (a, b) =>
        (a.postingDate ?? '').localeCompare(b.postingDate ?? '') ||
        a.companyCode.localeCompare(b.companyCode) ||
        a.approvedAt.localeCompare(b.approvedAt) ||
        a.reference.localeCompare(b.reference),
    );

  const stateCounts: Record<PostingState, number> = { posted: 0, failed: 0, sending: 0, pending: 0 };
  for (const l of lines) stateCounts[l.state] += 1;

  const auditRows = await store.audit.between(startInstant, endInstant);
  const verification = await store.audit.verify();

  return {
    query: { from: query.from, to: query.to, companyCode, basis },
    generatedAt: context.generatedAt,
    generatedBy: context.generatedBy,
    lines,
    totals: totalsOf(lines),
    stateCounts,
    audit: {
      entries: auditRows.map((r) => ({
        seq: Number(r.seq),
        at: r.at,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
      })),
      verification: {
        ok: verification.ok,
        entries: verification.entries,
        brokenAt: verification.brokenAt,
        message: verification.message,
        head: verification.head,
      },
    },
  };
}

function totalsOf(lines: readonly JournalLine[]): JournalTotal[] {
  type Acc = {
    companyCode: string;
    currency: string;
    postedCount: number;
    posted: number;
    onAccount: number;
    failedCount: number;
    failed: number;
    sendingCount: number;
  };
  const accumulate = (groups: Map<string, Acc>, companyCode: string, l: JournalLine): void => {
    const key = `${companyCode}\u0000${l.amount.currency}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        companyCode,
        currency: l.amount.currency,
        postedCount: 0,
        posted: 0,
        onAccount: 0,
        failedCount: 0,
        failed: 0,
        sendingCount: 0,
      };
      groups.set(key, g);
    }
    if (l.state === 'posted') {
      g.postedCount += 1;
      g.posted = safeAdd(g.posted, l.amount.minor);
      g.onAccount = safeAdd(g.onAccount, l.onAccount.minor);
    } else if (l.state === 'failed') {
      g.failedCount += 1;
      g.failed = safeAdd(g.failed, l.amount.minor);
    } else {
      g.sendingCount += 1;
    }
  };
  const byCode = new Map<string, Acc>();
  for (const l of lines) accumulate(byCode, l.companyCode, l);
  // A currency booked in more than one company code also gets a grand total (companyCode '').
  const codes = new Map<string, Set<string>>();
  for (const g of byCode.values())
    codes.set(g.currency, (codes.get(g.currency) ?? new Set<string>()).add(g.companyCode));
  const grand = new Map<string, Acc>();
  for (const l of lines) if ((codes.get(l.amount.currency)?.size ?? 0) > 1) accumulate(grand, '', l);
  const order = (a: Acc, b: Acc) => a.companyCode.localeCompare(b.companyCode) || a.currency.localeCompare(b.currency);
  return [...[...byCode.values()].sort(order), ...[...grand.values()].sort(order)].map((g) => ({
    companyCode: g.companyCode,
    currency: g.currency,
    postedCount: g.postedCount,
    posted: { minor: g.posted, currency: g.currency },
    onAccount: { minor: g.onAccount, currency: g.currency },
    failedCount: g.failedCount,
    failed: { minor: g.failed, currency: g.currency },
    sendingCount: g.sendingCount,
  }));
}

function safeAdd(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s))
    throw new RangeError('A journal total is beyond the exact integer range; narrow the range.');
  return s;
}
