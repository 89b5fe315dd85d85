// What the FI document of an approval depends on besides the proposal (docs/ARCHITECTURE.md,
// "What goes into the FI document"): the company code's time zone and fiscal calendar, who
// approves (and as which SAP user), the open items it applies, and for a refund the credits it clears.
import { ApiError } from '../../../shared/api';
import type { MatchProposal, OpenItem, PaymentTransaction } from '../../../shared/domain';
import { formatMoney, money, negate, subtract } from '../../../shared/money';
import type { Clock, ErpSystem } from '../../../shared/ports';
import { refersTo } from '../../../shared/mapping';
import { type CompanyCalendar, type PostingConfig, refundCredits, sapUserFor } from '../../../shared/posting';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { openItemKeyText, type Repositories } from '../../store';
import type { Actor, DocumentRequest } from '../ports';
import { saleOfRefund } from '../refunds/attribute';
import { nextPostingSequence } from '../reversals/reversals';
import { postingConfigOf, postingZoneOf, sapUserMappings, suspenseAccountOf } from '../settings';
import { postingEventOf } from './document';

/** Periods open and close a few times a month: the calendar is read from SAP again after this long. */
const CALENDAR_TTL_MS = 5 * 60_000;

/**
 * Each company code's fiscal calendar, read from SAP and kept for a few minutes. A calendar SAP
 * could not give is null: the posting date is then sent as it is and SAP derives the period.
 */
export class CalendarCache {
  private readonly kept = new Map<string, { at: number; calendar: Promise<CompanyCalendar | null> }>();

  constructor(
    private readonly erp: Pick<ErpSystem, 'postingCalendar'>,
    private readonly clock: Clock,
    private readonly ttlMs = CALENDAR_TTL_MS,
  ) {}

  get(companyCode: string): Promise<CompanyCalendar | null> {
    const now = this.clock.now().getTime();
    const hit = this.kept.get(companyCode);
    if (hit && now - hit.at < this.ttlMs) return hit.calendar;
    const read = this.erp.postingCalendar;
    if (!read) return Promise.resolve(null);
    const calendar = read.call(this.erp, companyCode).catch(() => {
      // Not kept: the next approval asks SAP again.
      this.kept.delete(companyCode);
      return null;
    });
    this.kept.set(companyCode, { at: now, calendar });
    return calendar;
  }

  /** Forget what was read (a posting SAP refused for a closed period: read it again). */
  forget(companyCode: string): void {
    this.kept.delete(companyCode);
  }
}

export interface DocumentContextDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  readonly calendars: CalendarCache;
  /** The PayTrace account's zone: a company code's zone unless the admin set another. */
  readonly payTraceZone?: string;
  /** The G/L rules file's configuration, laid under the admin's G/L accounts for each document. */
  readonly postingConfig?: PostingConfig;
}

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

/**
 * What of each item is left to a payment: its open amount less its partial payments in SAP (the open lines of the
 * customer that refer to it, REBZG, `invoiceRef`) and less what other live proposals take of it (`claimed`,
 * `claimedAmounts`, by openItemKeyText), never past zero. As the matcher fits a payment to it, and as SAP's clearing
 * finds it: the clearing wrapper clears the invoice with the lines that refer to it. With its cash discount terms:
 * SAP copies an invoice's terms into each line that refers to it (REBZG's documentation), so at clearing the
 * invoice's discount less its partial payments' is the terms' percentage of what is left (2/10 on 5,000.00 with
 * 1,000.00 paid: 80.00), within a minor unit of SAP's per-line rounding, which the matcher accepts as a clerk's
 * call (shared/matching `cashDiscount`). The partial payments stay in the list as they are (a refund of one pays
 * out its line); the matcher never nets one against an invoice as a credit (`creditFor`, shared/matching). A
 * reference that names two items of the list (REBZG without year and item) is counted against neither.
 */
export function openItemsLeft(items: readonly OpenItem[], claimed: ReadonlyMap<string, number>): OpenItem[] {
  const docKey = (bukrs: string, belnr: string): string => `${bukrs}/${belnr}`;
  const partials = items.filter((i) => i.invoiceRef);
  const paid = new Map<OpenItem, number>();
  if (partials.length > 0) {
    const referred = new Set(partials.map((p) => docKey(p.source.BUKRS, p.invoiceRef!.BELNR)));
    const byDoc = new Map<string, OpenItem[]>();
    for (const i of items) {
      const key = docKey(i.source.BUKRS, i.source.BELNR);
      if (!i.invoiceRef && referred.has(key)) byDoc.set(key, [...(byDoc.get(key) ?? []), i]);
    }
    for (const p of partials) {
      const named = (byDoc.get(docKey(p.source.BUKRS, p.invoiceRef!.BELNR)) ?? []).filter(
        (i) =>
          refersTo(p.invoiceRef!, i.source) && i.customer === p.customer && i.amount.currency === p.amount.currency,
      );
      if (named.length === 1) paid.set(named[0]!, (paid.get(named[0]!) ?? 0) - p.amount.minor);
    }
  }
  return items.map((item) => {
    const taken = (paid.get(item) ?? 0) + (claimed.get(openItemKeyText(item.source)) ?? 0);
    if (taken === 0) return item;
    const whole = item.amount.minor;
    const left = whole > 0 ? Math.max(0, whole - taken) : Math.min(0, whole - taken);
    return { ...item, amount: money(left, item.amount.currency), leftOf: item.amount };
  });
}

/** What other live proposals than the payment's own take of these items (`claimedAmounts`). */
function othersClaims(
  store: Repositories,
  payment: PaymentTransaction,
  items: readonly OpenItem[],
): Promise<Map<string, number>> {
  return store.proposals.claimedAmounts({
    exceptTransactionId: payment.source.transaction_id,
    docNos: [...new Set(items.map((c) => c.source.BELNR))],
  });
}

/**
 * The items a payment's proposal applies, each as much of it as is left to this payment (`openItemsLeft`): what a
 * residual item is counted from. From the item's whole amount, a deduction after another payment's instalment
 * would clear more than is open, and SAP refuses the clearing.
 */
async function leftForPayment(
  store: Repositories,
  payment: PaymentTransaction,
  proposal: MatchProposal,
): Promise<OpenItem[]> {
  const items = await appliedOpenItems(store, proposal);
  if (items.length === 0) return items;
  const [claimed, partials] = await Promise.all([
    othersClaims(store, payment, items),
    store.masterData.partialPaymentsOf(items.map((i) => i.source)),
  ]);
  return openItemsLeft([...items, ...partials], claimed).slice(0, items.length);
}

/**
 * What of each credit is free for this refund: its open amount (negative) less what other live proposals claim of
 * it (another refund paying it out), as the matcher counts it (sync/run.ts `matchNew`). Keyed by openItemKeyText.
 */
async function freeOfCredits(
  store: Repositories,
  refund: PaymentTransaction,
  credits: readonly OpenItem[],
): Promise<Map<string, number>> {
  const claimed = await othersClaims(store, refund, credits);
  return new Map(
    credits.map((c) => {
      const key = openItemKeyText(c.source);
      return [key, Math.min(0, c.amount.minor - (claimed.get(key) ?? 0))];
    }),
  );
}

/** The customer's open credits a refund clears, or a conflict that says what is missing. */
async function creditsOfRefund(
  store: Repositories,
  refund: PaymentTransaction,
  proposal: MatchProposal,
): Promise<NonNullable<DocumentRequest['refundCredits']>> {
  if (!proposal.customer || !proposal.companyCode) return [];
  // The credits the proposal names (the matcher's, or a clerk's correction): those, still open and
  // of this customer, adding up to the refund; nothing else is chosen in their place.
  if (proposal.items.length > 0) return proposedCredits(store, refund, proposal);
  const sale = await saleOfRefund(store, refund, proposal);
  const credits = await store.masterData.openCredits(proposal.companyCode, proposal.customer, refund.amount.currency);
  // A credit another refund's proposal pays out is not this refund's to take too.
  const free = await freeOfCredits(store, refund, credits);
  const openItems = credits.flatMap((c) => {
    const left = free.get(openItemKeyText(c.source)) ?? 0;
    return left === 0 ? [] : [left === c.amount.minor ? c : { ...c, amount: money(left, c.amount.currency) }];
  });
  const choice = refundCredits({ refund, sale, customer: proposal.customer, openItems });
  if (choice.uncovered.minor > 0) {
    const covered = subtract(refund.amount, choice.uncovered);
    const invoice = (sale?.invoiceId || refund.invoiceId).trim();
    throw new ApiError(
      'conflict',
      `Refund ${refund.source.transaction_id} of ${formatMoney(refund.amount)} has ${covered.minor === 0 ? 'no open credit' : `open credits for only ${formatMoney(covered)}`} of customer ${proposal.customer} in company code ${proposal.companyCode} to clear against ` +
        `(${sale ? `the residual on account of sale ${sale.source.transaction_id}` : 'the refunded sale is not known'}, or a credit memo${invoice ? ` for invoice ${invoice}` : ''}); posted as it is, ${formatMoney(choice.uncovered)} would stay an open debit. ` +
        'Post the credit memo in SAP, sync, and approve again.',
    );
  }
  return choice.credits.map((c) => ({ item: c.item, amount: c.amount, why: c.why }));
}

/**
 * Why a refund's approval would be refused for its credits (none open, too few, or not the match's), or null when
 * they cover it: the posting's own check (creditsOfRefund), asked ahead, so a bulk approval lists such a refund
 * among those it cannot approve instead of promising a posting that fails.
 */
export async function refundCreditRefusal(
  store: Repositories,
  refund: PaymentTransaction,
  proposal: MatchProposal,
): Promise<string | null> {
  try {
    await creditsOfRefund(store, refund, proposal);
    return null;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'conflict') return e.message;
    throw e;
  }
}

/** The open credits a refund's proposal pays out, checked against what the last sync holds. */
async function proposedCredits(
  store: Repositories,
  refund: PaymentTransaction,
  proposal: MatchProposal,
): Promise<NonNullable<DocumentRequest['refundCredits']>> {
  const items = await appliedOpenItems(store, proposal);
  const free = await freeOfCredits(store, refund, items);
  const out = proposal.items.map((a, k) => {
    const item = items[k]!;
    const amount = negate(a.amount);
    const ref = item.reference.trim() || item.source.BELNR;
    if (item.customer !== proposal.customer || item.amount.minor >= 0 || amount.minor <= 0)
      throw new ApiError(
        'conflict',
        `Refund ${refund.source.transaction_id} can only pay out an open credit of customer ${proposal.customer}; item ${ref} (${item.source.BELNR}) is not one. Correct the match.`,
      );
    if (amount.minor > -item.amount.minor)
      throw new ApiError(
        'conflict',
        `Refund ${refund.source.transaction_id} would pay out ${formatMoney(amount)} of credit ${ref}, which has ${formatMoney(negate(item.amount))} open. Run a sync and review the match again.`,
      );
    const left = -(free.get(openItemKeyText(item.source)) ?? 0);
    if (amount.minor > left)
      throw new ApiError(
        'conflict',
        `Refund ${refund.source.transaction_id} would pay out ${formatMoney(amount)} of credit ${ref}, of which another refund's match pays out ${formatMoney(money(-item.amount.minor - left, item.amount.currency))}; ${formatMoney(money(left, item.amount.currency))} is left. Correct one of the matches.`,
      );
    return { item, amount, why: `the open credit ${ref} (document ${item.source.BELNR}) the match pays out` };
  });
  const covered = out.reduce((x, c) => x + c.amount.minor, 0);
  if (covered !== refund.amount.minor)
    throw new ApiError(
      'conflict',
      `Refund ${refund.source.transaction_id} of ${formatMoney(refund.amount)} pays out credits of ${formatMoney(money(covered, refund.amount.currency))} in its match; posted as it is, the rest would stay an open debit. Correct the match to credits adding up to the refund.`,
    );
  return out;
}

/** Everything the document builder needs for this approval by this person. */
export async function documentRequestFor(
  deps: DocumentContextDeps,
  actor: Actor,
  payment: PaymentTransaction,
  proposal: MatchProposal,
): Promise<DocumentRequest> {
  const companyCode = proposal.companyCode ?? '';
  const isRefund = payment.kind === 'refund';
  const [zone, mappings, calendar, openItems, credits, referenceSequence, suspenseAccount, postingConfig] =
    await Promise.all([
      postingZoneOf(deps.store, companyCode, deps.payTraceZone ?? PAYTRACE_DEFAULT_ZONE),
      sapUserMappings(deps.store),
      deps.calendars.get(companyCode),
      isRefund ? Promise.resolve([]) : leftForPayment(deps.store, payment, proposal),
      isRefund ? creditsOfRefund(deps.store, payment, proposal) : Promise.resolve(undefined),
      // After SAP reversed an earlier posting of this payment, the next reference (PT<id>P2, ...).
      nextPostingSequence(deps.store, payment.source.transaction_id, postingEventOf(payment.kind)),
      // No customer: the company code's suspense account, as an admin set it.
      !isRefund && !proposal.customer ? suspenseAccountOf(deps.store, companyCode) : Promise.resolve(null),
      // The G/L accounts as they are now: an admin's change applies from the next preview or approval.
      deps.postingConfig ? postingConfigOf(deps.store, deps.postingConfig) : Promise.resolve(undefined),
    ]);
  return {
    transaction: payment,
    proposal,
    openItems,
    ...(credits ? { refundCredits: credits } : {}),
    at: deps.clock.now().toISOString(),
    zone,
    calendar,
    approver: { name: actor.name, sapUser: sapUserFor(mappings, actor.name) },
    referenceSequence,
    suspenseAccount,
    ...(postingConfig ? { postingConfig } : {}),
  };
}
