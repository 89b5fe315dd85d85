// A clerk corrects the matcher: picks the open items (and the cash applied to each) by hand. The
// old proposal is superseded, the clerk's becomes the one to approve, and what the correction
// teaches (a billing name is this customer, WEB1234 means 90001234) is stored for the matcher.
import { ApiError, type CorrectionItem } from '../../../shared/api';
import { allows, type MatchProposal } from '../../../shared/domain';
import { learnFromCorrection, matchExclusion, type MatchingRules } from '../../../shared/matching';
import { formatMoney, money } from '../../../shared/money';
import type { Clock } from '../../../shared/ports';
import { openItemKeyText, type OpenItemRecord, type ProposalRecord, type Repositories } from '../../store';
import { requireRole } from '../authorization';
import { matcherAliases, storeLearnedAliases } from '../learning/aliases';
import { explainCorrection } from '../learning/model';
import type { Actor } from '../ports';
import { matchingRulesOf, suspenseAccountOf } from '../settings';

export interface CorrectionRequest {
  readonly transactionId: number;
  readonly items: readonly CorrectionItem[];
  /** With no items: post the payment on account to this customer. */
  readonly customer?: string;
  /** The company code to post in, when neither the items nor the proposal say. */
  readonly companyCode?: string;
}

export interface CorrectionDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  /** The company codes ClearDesk works in; a company code a clerk picks must be one of them. */
  readonly companyCodes?: readonly string[];
  /** The matching rules' invoice-number prefixes, so learned prefix rules read keys as the matcher does. */
  readonly referencePrefixes?: readonly string[];
  /** The rules file's matching rules: with them, the prefixes are those in force (the admin's setting over the file's). */
  readonly matchingRules?: MatchingRules;
}

function invalid(message: string): never {
  throw new ApiError('invalid_request', message);
}

/** The proposal as the audit trail records it, before and after. */
function auditShape(
  p:
    | (Pick<MatchProposal, 'customer' | 'companyCode' | 'items' | 'onAccount' | 'rule' | 'tier'> & { id?: number })
    | null,
) {
  if (!p) return null;
  return {
    ...(p.id !== undefined ? { proposalId: p.id } : {}),
    tier: p.tier,
    rule: p.rule,
    customer: p.customer,
    companyCode: p.companyCode,
    items: p.items.map((i) => ({ ...i.item, minor: i.amount.minor })),
    onAccount: p.onAccount,
  };
}

/** Returns the id of the clerk's proposal. Refuses (invalid_request) anything that could not be posted as asked. */
export async function correctProposal(deps: CorrectionDeps, actor: Actor, req: CorrectionRequest): Promise<number> {
  requireRole(actor, 'clerk', 'approver');
  const { store } = deps;
  const t = await store.payments.get(req.transactionId);
  if (!t) throw new ApiError('not_found', `Transaction ${req.transactionId} is not in ClearDesk.`);
  if (!allows(t.state, 'corrected')) {
    throw new ApiError(
      'conflict',
      `Transaction ${req.transactionId} is ${t.state}; only payments waiting for review or failed ones can be corrected.`,
    );
  }
  if (t.kind === 'refund')
    invalid('A refund is matched to the sale it refunds; correcting it to open items is not supported.');
  const currency = t.amount.currency;
  const payment = money(t.amount.minor, currency);
  const before = await store.proposals.live(req.transactionId);

  // Each item: known, still open, in the payment's currency, applied no more than is open.
  const seen = new Set<string>();
  const keys = req.items.map((i) => ({ BUKRS: i.companyCode, BELNR: i.docNo, GJAHR: i.fiscYear, BUZEI: i.itemNum }));
  const claimed = await store.proposals.claimedAmounts({
    exceptTransactionId: req.transactionId,
    docNos: [...new Set(keys.map((k) => k.BELNR))],
  });
  const picked: { row: OpenItemRecord; amount: CorrectionItem['amount'] }[] = [];
  for (const [n, item] of req.items.entries()) {
    const key = keys[n]!;
    const label = `open item ${item.docNo}/${item.companyCode}/${item.fiscYear} line ${item.itemNum}`;
    if (seen.has(openItemKeyText(key))) invalid(`The ${label} is listed twice.`);
    seen.add(openItemKeyText(key));
    const row = await store.masterData.openItem(key);
    if (!row || row.status !== 'open')
      return invalid(`The ${label} is not open in SAP (any more); run a sync and pick again.`);
    // Down payments and other special G/L items (BSID-UMSKZ, as the mirror stored it) are not cleared by a card payment.
    const excluded = matchExclusion(row);
    if (excluded) invalid(`The ${label} is ${excluded}.`);
    if (row.amount.currency !== currency)
      invalid(`The ${label} is in ${row.amount.currency}; the payment is in ${currency}.`);
    if (item.amount.currency !== currency)
      invalid(`The amount for the ${label} is in ${item.amount.currency}; the payment is in ${currency}.`);
    if (item.amount.minor <= 0) invalid(`The amount applied to the ${label} must be more than zero.`);
    const open = row.amount.minor - (claimed.get(openItemKeyText(key)) ?? 0);
    if (item.amount.minor > open) {
      const what = open === row.amount.minor ? 'its open amount' : 'what other proposals leave open of it';
      invalid(
        `${formatMoney(item.amount)} is more than ${what} on the ${label} (${formatMoney(money(open, currency))}).`,
      );
    }
    picked.push({ row, amount: item.amount });
  }

  const companyCodes = [...new Set(picked.map((p) => p.row.source.BUKRS))];
  if (companyCodes.length > 1)
    invalid(
      `The open items are in company codes ${companyCodes.join(' and ')}; one payment posts into one company code.`,
    );
  if (before?.companyCode && companyCodes[0] && companyCodes[0] !== before.companyCode) {
    invalid(
      `The open items are in company code ${companyCodes[0]}; the payment belongs to company code ${before.companyCode}.`,
    );
  }
  const customers = [...new Set(picked.map((p) => p.row.customer))];
  if (customers.length > 1)
    invalid(`The open items belong to customers ${customers.join(' and ')}; pick the items of one customer.`);
  // SAP's ALPHA conversion: a customer number typed as 100002 is KNA1-KUNNR 0000100002.
  const asked = req.customer && /^\d{1,10}$/.test(req.customer) ? req.customer.padStart(10, '0') : req.customer;
  if (asked && customers[0] && asked !== customers[0])
    invalid(`The open items belong to customer ${customers[0]}, not ${asked}.`);
  const customer = customers[0] ?? asked ?? null;
  if (!customer) return invalid('Pick at least one open item, or a customer to post the payment on account.');
  const fixed = companyCodes[0] ?? before?.companyCode ?? null;
  if (req.companyCode && fixed && req.companyCode !== fixed)
    invalid(
      `The payment posts into company code ${fixed} (${companyCodes[0] ? 'where its open items are' : 'as its proposal says'}), not ${req.companyCode}.`,
    );
  if (req.companyCode && !fixed) checkCompanyCode(deps, req.companyCode);
  const companyCode = fixed ?? req.companyCode ?? (await onlyCompanyCodeOf(store, customer));
  if (!(await store.masterData.customerExists(companyCode, customer)))
    invalid(
      `Customer ${customer} is not known in company code ${companyCode}; run a sync if it was created in SAP today.`,
    );

  const applied = picked.reduce((sum, p) => sum + p.amount.minor, 0);
  if (applied > payment.minor)
    invalid(
      `The items take ${formatMoney(money(applied, currency))}, more than the payment of ${formatMoney(payment)}.`,
    );

  const after: MatchProposal = {
    transactionId: req.transactionId,
    tier: 'suggest',
    confidence: 1,
    customer,
    companyCode,
    items: picked.map((p) => ({ item: p.row.source, amount: p.amount })),
    onAccount: money(payment.minor - applied, currency),
    reasons: [`Corrected by ${actor.name}`],
    rule: 'clerk',
    // A refund's sale, as the matcher found it, stands while the customer does; a clerk who moves the refund to
    // another customer says the matcher's sale was not it (PayTrace's own original id still holds).
    relatedTransactionId: before && before.customer === customer ? (before.relatedTransactionId ?? null) : null,
  };
  // Saved as it stands (the dialog opened and saved unchanged): the clerk's decision, which a later sync's matching
  // again leaves alone, but not a new match. It keeps the matcher's reasons and what the learned model made of it.
  // A payment a first person approved (four eyes) is decided already: nothing changes, the approval stands.
  if (before && t.state === 'prepared' && sameMatch(before, after)) return before.id;
  if (before && sameMatch(before, after))
    return saveCorrection(
      deps,
      actor,
      t.state,
      before,
      {
        ...after,
        reasons: [...before.reasons.filter((r) => !r.startsWith(CONFIRMED)), `${CONFIRMED}${actor.name}`],
        // What the model made of the matcher's proposal, now said of a clerk's decision ("before it, ...").
        explanation: before.explanation ? { ...before.explanation, ranked: { by: 'clerk', of: 1 } } : null,
      },
      [],
    );
  // The prefixes the next match run reads keys with (settings.ts `matchingRulesOf`, the admin's over the file's).
  const prefixes = deps.matchingRules
    ? (await matchingRulesOf(store, deps.matchingRules)).referencePrefixes
    : deps.referencePrefixes;
  const learned = learnFromCorrection(
    { customer: before?.customer ?? null, items: before?.items ?? [] },
    picked.map((p) => ({ item: p.row, amount: p.amount })),
    t,
    prefixes,
  );
  // The clerk's answer as the learned model sees it: what a training labels 1.
  const explanation = await explainCorrection(
    store,
    t,
    after,
    await customerItems(
      store,
      customer,
      currency,
      picked.map((p) => p.row),
    ),
    await store.masterData.customers(),
    await matcherAliases(store),
    prefixes,
  );

  return saveCorrection(deps, actor, t.state, before, { ...after, explanation }, learned);
}

/** The reason a proposal saved unchanged ends with: who confirmed it. */
const CONFIRMED = 'Confirmed as proposed by ';

/**
 * Whether two proposals apply the payment alike: one customer and company code, the same items with the same amounts
 * and no write-off (what is left of the payment, on account, follows).
 */
function sameMatch(a: MatchProposal, b: MatchProposal): boolean {
  if (a.customer !== b.customer || a.companyCode !== b.companyCode || a.items.length !== b.items.length) return false;
  // A correction applies cash only: to a proposal that writes a difference off, the same amounts are a change.
  if (a.writeOff || b.writeOff || a.items.some((i) => i.writeOff) || b.items.some((i) => i.writeOff)) return false;
  const amounts = new Map(a.items.map((i) => [openItemKeyText(i.item), i.amount]));
  return b.items.every((i) => {
    const amount = amounts.get(openItemKeyText(i.item));
    return amount !== undefined && amount.minor === i.amount.minor && amount.currency === i.amount.currency;
  });
}

/** The customer's open items in the currency (for the model's sole-amount feature), with the picked ones. */
async function customerItems(
  store: Repositories,
  customer: string | null,
  currency: string,
  picked: readonly OpenItemRecord[],
): Promise<OpenItemRecord[]> {
  const out = new Map(picked.map((r) => [openItemKeyText(r.source), r]));
  if (customer !== null)
    for (const r of await store.masterData.candidates({ currency, text: customer.toLowerCase(), limit: 1000 }))
      if (r.customer === customer && !out.has(openItemKeyText(r.source))) out.set(openItemKeyText(r.source), r);
  return [...out.values()];
}

/** The clerk's proposal replaces the live one, with what it taught the matcher, in one transaction. */
async function saveCorrection(
  deps: CorrectionDeps,
  actor: Actor,
  from: string,
  before: ProposalRecord | null,
  after: MatchProposal,
  learned: ReturnType<typeof learnFromCorrection>,
): Promise<number> {
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => {
    await tx.proposals.supersedeLive(after.transactionId, actor.name, now);
    // The customer the matcher proposed, carried through earlier corrections: moving the payment
    // away from it is what the four-eyes rules call a customer change.
    const proposedFor = before ? (before.correctedCustomerFrom ?? before.customer) : null;
    const id = await tx.proposals.insert(after, now, {
      by: actor.name,
      customerFrom: proposedFor !== null && proposedFor !== after.customer ? proposedFor : null,
    });
    const aliasIds = await storeLearnedAliases(tx, learned, actor.name, now);
    await tx.payments.transition(after.transactionId, {
      event: 'corrected',
      actor: actor.name,
      action: 'proposal.corrected',
      detail: {
        from,
        before: auditShape(before),
        after: auditShape({ ...after, id }),
        learned: aliasIds,
      },
      at: now,
    });
    return id;
  });
}

/** A company code a clerk picks must be one ClearDesk works in. */
function checkCompanyCode(deps: CorrectionDeps, companyCode: string): void {
  if (deps.companyCodes && !deps.companyCodes.includes(companyCode))
    invalid(
      `ClearDesk does not post into company code ${companyCode}; it works in ${deps.companyCodes.join(', ') || 'no company code'}.`,
    );
}

/**
 * "Post to suspense": a payment nobody could place goes, whole, to the suspense G/L account an admin
 * set for the company code the clerk picks (nothing cleared, no customer). The four-eyes rules give
 * every suspense posting to a second person. Returns the id of the clerk's proposal.
 */
export async function correctToSuspense(
  deps: CorrectionDeps,
  actor: Actor,
  req: { readonly transactionId: number; readonly companyCode: string },
): Promise<number> {
  requireRole(actor, 'clerk', 'approver');
  const { store } = deps;
  const t = await store.payments.get(req.transactionId);
  if (!t) throw new ApiError('not_found', `Transaction ${req.transactionId} is not in ClearDesk.`);
  if (!allows(t.state, 'corrected'))
    throw new ApiError(
      'conflict',
      `Transaction ${req.transactionId} is ${t.state}; only payments waiting for review or failed ones can go to suspense.`,
    );
  if (t.kind === 'refund')
    invalid('A refund pays a customer back; it is matched to the sale it refunds, never posted to suspense.');
  const before = await store.proposals.live(req.transactionId);
  if (before?.companyCode && before.companyCode !== req.companyCode)
    invalid(`The payment belongs to company code ${before.companyCode}, not ${req.companyCode}.`);
  checkCompanyCode(deps, req.companyCode);
  const account = await suspenseAccountOf(store, req.companyCode);
  if (!account)
    invalid(
      `No suspense account is set for company code ${req.companyCode}: an admin sets one in Settings (suspense accounts), or post the payment on account to a customer.`,
    );
  const after: MatchProposal = {
    transactionId: req.transactionId,
    tier: 'suggest',
    confidence: 1,
    customer: null,
    companyCode: req.companyCode,
    items: [],
    onAccount: money(t.amount.minor, t.amount.currency),
    reasons: [`To suspense account ${account} by ${actor.name}: nobody could tell who paid`],
    rule: 'clerk',
  };
  return saveCorrection(deps, actor, t.state, before, after, []);
}

async function onlyCompanyCodeOf(store: Repositories, customer: string): Promise<string> {
  const codes = await store.masterData.companyCodesOf(customer);
  if (codes.length === 1) return codes[0]!;
  if (codes.length === 0) return invalid(`Customer ${customer} is not in the customer master ClearDesk read from SAP.`);
  return invalid(
    `Customer ${customer} exists in company codes ${codes.join(', ')}; pick an open item so the company code is clear.`,
  );
}
