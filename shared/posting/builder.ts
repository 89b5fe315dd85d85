// From an approved match to the FI document ClearDesk sends (BAPI_ACC_DOCUMENT_POST's tables).
// Balanced by construction: the customer side is computed from the same Money values as the
// G/L side, and the result is checked before it is returned. What goes into each field is
// described in docs/ARCHITECTURE.md, "What goes into the FI document".
import type { MatchProposal, OpenItem, WriteOffReason } from '../domain';
import {
  type Money,
  DEFAULT_SAP_CURRENCIES,
  type SapCurrencyTable,
  money,
  negate,
  subtract,
  sum,
  toBapiAmount,
} from '../money';
import { toDats } from '../time';
import { type Approver, approverHeaderText } from './approver';
import {
  type BapiAcAr09,
  type BapiAcGl09,
  type FiDocument,
  FIELD_LENGTH,
  itemNo,
  RSTGR_EXTENSION,
} from './fi-document';
import { findGlRule, type GlRule, type GlTransactionType, resolveGlAccount } from './gl-rules';

export type PostingKind = 'payment' | 'refund' | 'chargeback' | 'suspense' | 'write-off';

/** Where a customer line's assignment (ALLOC_NMBR, ZUONR) comes from. */
export type AssignmentSource = 'invoice' | 'transaction_id' | 'invoice_id';

export interface PostingConfig {
  readonly rules: readonly GlRule[];
  readonly assignmentFrom?: AssignmentSource;
  readonly documentTypes?: Partial<Record<PostingKind, string>>;
  readonly currencies?: SapCurrencyTable;
  /** The reason code (RSTGR) of the residual item a customer's deduction leaves (`deductionReason` in gl-rules.json). */
  readonly deductionReason?: string;
}

/**
 * The PayTrace settlement batch a card transaction went out in, and the day PayTrace settled it
 * (PayTrace's calendar): the card clearing line's assignment, so that F.13 or the bank statement
 * clears it against the day's deposit. Null while PayTrace has not settled it.
 */
export interface Settlement {
  readonly batch: number | null;
  /** ISO date. */
  readonly date: string;
}

export const DEFAULT_DOCUMENT_TYPES: Readonly<Record<PostingKind, string>> = {
  payment: 'DZ',
  refund: 'DZ',
  chargeback: 'DA',
  suspense: 'SA',
  'write-off': 'DA',
};

/** One open item the payment settles, and how much of it. */
export interface AppliedOpenItem {
  /** The invoice's ZUONR. */
  readonly assignment: string;
  /** The invoice's XBLNR. */
  readonly reference: string;
  /** The cash applied. */
  readonly amount: Money;
  /** What of the item is cleared to G/L on top of the cash (positive: the customer paid less). */
  readonly writeOff?: Money;
  /**
   * SAP's residual processing: what of the item the customer deducted, cleared with the item and
   * posted again as a new open item of the customer (a debit line, with `PostingInput.residualReason`
   * as its reason code), rather than staying open on the invoice. Positive.
   */
  readonly residual?: Money;
  readonly text?: string;
}

/**
 * Where one line of a dispute case's posting goes (shared/disputes/posting.ts decides which lines a case's
 * stage implies): the customer, the card clearing account the sale's posting used, or a G/L rule's account.
 */
export type ChargebackAccount = 'customer' | 'card-clearing' | 'chargeback-gl' | 'fee-gl' | 'write-off-gl';

/** One line of a dispute case's posting: a positive amount is a debit, a negative one a credit. */
export interface ChargebackLine {
  readonly account: ChargebackAccount;
  readonly amount: Money;
  /** What the line is for, after "PayTrace <id>" ("chargeback", "chargeback fee", "chargeback lost"). */
  readonly text: string;
}

/** Which G/L determination a write-off of each reason uses. */
const WRITE_OFF_GL: Readonly<Record<WriteOffReason, GlTransactionType>> = {
  'card-fee': 'fee',
  tolerance: 'write-off',
  discount: 'discount',
};

/**
 * The G/L rule a write-off of `why` posts to in `companyCode` for a payment of `paymentMethod`: the document's
 * line (below) and the proposal's reasons (shared/matching `accountedFit`) both ask here; null without a rule.
 */
export function writeOffGlRule(
  rules: readonly GlRule[],
  companyCode: string,
  why: WriteOffReason,
  paymentMethod: string,
): GlRule | null {
  return findGlRule(rules, companyCode, WRITE_OFF_GL[why], paymentMethod);
}

export interface PostingInput {
  readonly kind: PostingKind;
  readonly companyCode: string;
  readonly documentDate: string; // ISO date
  readonly postingDate: string; // ISO date
  /** The unique reference from postingReference(); becomes REF_DOC_NO. */
  readonly reference: string;
  readonly headerText?: string;
  /** Who approved: DOCUMENTHEADER-USERNAME (their SAP user, when mapped) and HEADER_TXT. */
  readonly approver?: Approver;
  /** Where the card transaction was settled; null or absent: not settled yet. */
  readonly settlement?: Settlement | null;
  /** KUNNR with leading zeros; null only for suspense. */
  readonly customer: string | null;
  /** For suspense: the company code's suspense G/L account (the admin's setting); else the G/L rules' 'suspense' account. */
  readonly suspenseAccount?: string;
  /** Gross amount, positive. */
  readonly amount: Money;
  /**
   * For payments and write-offs: the open items, in order; what is left goes on account. For a
   * refund: the customer's open credits it clears (the sale's residual on account, a credit memo),
   * which must add up to the refund.
   */
  readonly items?: readonly AppliedOpenItem[];
  /** Why the items' write-offs are written off (which G/L rule they go to); needed when any item has one. */
  readonly writeOffReason?: WriteOffReason;
  /** The reason code (BSEG-RSTGR, 3 characters, OBBE) of the residual items; '' or absent: none. */
  readonly residualReason?: string;
  readonly source: { readonly transactionId: number; readonly invoiceId: string; readonly paymentMethod: string };
  /**
   * For a chargeback: the lines its case's stage implies (debits positive; they balance). Without them, the
   * customer is debited against the chargeback G/L.
   */
  readonly chargebackLines?: readonly ChargebackLine[];
  /** For a chargeback: the card clearing account (HKONT) the sale's own posting debited; else the G/L rules' sale account. */
  readonly clearingAccount?: string;
  /** For a chargeback: the assignment of that line (its settlement batch and day); else the settlement's. */
  readonly clearingAssignment?: string;
}

export class PostingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostingInputError';
  }
}

interface Line {
  kind: 'gl' | 'customer';
  account: string;
  amount: Money;
  assignment: string;
  text: string;
  /** KOSTL / PRCTR for G/L lines, as the G/L rule gives them. */
  costCenter?: string;
  profitCenter?: string;
  /** RSTGR of a customer line (a residual item), sent in EXTENSION2. */
  reason?: string;
}

/** The cost objects a G/L rule puts on its lines. */
const costObjects = (rule: GlRule): Pick<Line, 'costCenter' | 'profitCenter'> => ({
  ...(rule.costCenter ? { costCenter: rule.costCenter } : {}),
  ...(rule.profitCenter ? { profitCenter: rule.profitCenter } : {}),
});

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

export function buildFiDocument(input: PostingInput, config: PostingConfig): FiDocument {
  validate(input);
  const lines = linesFor(input, config);
  const table = config.currencies ?? DEFAULT_SAP_CURRENCIES;
  const total = sum(
    lines.map((l) => l.amount),
    input.amount.currency,
  );
  if (total.minor !== 0) throw new Error(`internal: unbalanced document (${total.minor})`);

  const doc: FiDocument = {
    DOCUMENTHEADER: {
      BUS_ACT: 'RFBU',
      // Empty: SAP writes the RFC user into USNAM.
      USERNAME: input.approver?.sapUser ?? '',
      HEADER_TXT: cut(
        input.headerText ??
          (input.approver ? approverHeaderText(input.approver) : `PayTrace ${input.source.transactionId}`),
        FIELD_LENGTH.HEADER_TXT,
      ),
      COMP_CODE: input.companyCode,
      DOC_DATE: toDats(input.documentDate),
      PSTNG_DATE: toDats(input.postingDate),
      DOC_TYPE: (config.documentTypes ?? {})[input.kind] ?? DEFAULT_DOCUMENT_TYPES[input.kind],
      REF_DOC_NO: input.reference,
    },
    ACCOUNTGL: [],
    ACCOUNTRECEIVABLE: [],
    CURRENCYAMOUNT: [],
  };
  lines.forEach((line, i) => {
    const no = itemNo(i + 1);
    const assignment = cut(line.assignment, FIELD_LENGTH.ALLOC_NMBR);
    const text = cut(line.text, FIELD_LENGTH.ITEM_TEXT);
    if (line.kind === 'gl') {
      const gl: BapiAcGl09 = { ITEMNO_ACC: no, GL_ACCOUNT: line.account, ITEM_TEXT: text, ALLOC_NMBR: assignment };
      if (line.costCenter) gl.COSTCENTER = line.costCenter;
      if (line.profitCenter) gl.PROFIT_CTR = line.profitCenter;
      doc.ACCOUNTGL.push(gl);
    } else {
      const ar: BapiAcAr09 = { ITEMNO_ACC: no, CUSTOMER: line.account, ALLOC_NMBR: assignment, ITEM_TEXT: text };
      doc.ACCOUNTRECEIVABLE.push(ar);
      if (line.reason) (doc.EXTENSION2 ??= []).push({ STRUCTURE: RSTGR_EXTENSION, VALUEPART1: no + line.reason });
    }
    const { amount, waers } = toBapiAmount(line.amount, table);
    doc.CURRENCYAMOUNT.push({ ITEMNO_ACC: no, CURR_TYPE: '00', CURRENCY: waers, AMT_DOCCUR: amount });
  });
  return doc;
}

function validate(input: PostingInput): void {
  if (input.amount.minor <= 0)
    throw new PostingInputError(`The amount to post must be positive (got ${input.amount.minor} minor units)`);
  if (input.reference.length === 0 || input.reference.length > FIELD_LENGTH.REF_DOC_NO) {
    throw new PostingInputError(`The posting reference "${input.reference}" must have 1 to 16 characters (BKPF-XBLNR)`);
  }
  if (input.kind !== 'suspense' && !input.customer)
    throw new PostingInputError(`A ${input.kind} posting needs a customer; without one, post to suspense`);
  if (input.residualReason !== undefined && !/^[0-9A-Z]{0,3}$/.test(input.residualReason))
    throw new PostingInputError(
      `The residual items' reason code "${input.residualReason}" is not a SAP reason code (RSTGR: up to 3 letters or digits)`,
    );
  for (const item of input.items ?? []) {
    if (item.amount.currency !== input.amount.currency)
      throw new PostingInputError(
        `Open item ${item.reference} is in ${item.amount.currency}, the payment in ${input.amount.currency}`,
      );
    // A payment may net an open credit (a credit memo) against the invoices it pays: the credit's
    // negative amount becomes a debit line that clears it. Nothing else applies a negative amount.
    const nettedCredit = input.kind === 'payment' && item.amount.minor < 0 && !(item.writeOff && item.writeOff.minor);
    if (item.amount.minor === 0 || (item.amount.minor < 0 && !nettedCredit))
      throw new PostingInputError(
        `The amount applied to open item ${item.reference} must be positive (only a payment nets a credit, without a write-off)`,
      );
    if (item.residual && (input.kind !== 'payment' || item.residual.minor <= 0 || item.amount.minor <= 0))
      throw new PostingInputError(
        `Open item ${item.reference} leaves a residual item: only a payment does, of a positive amount on an invoice it pays`,
      );
    if (item.residual && item.residual.currency !== input.amount.currency)
      throw new PostingInputError(`The residual of open item ${item.reference} is in ${item.residual.currency}`);
    if (item.writeOff && item.writeOff.currency !== input.amount.currency)
      throw new PostingInputError(`The write-off on open item ${item.reference} is in ${item.writeOff.currency}`);
    if (item.writeOff && item.writeOff.minor !== 0 && !input.writeOffReason)
      throw new PostingInputError(
        `Open item ${item.reference} writes off a difference, but no reason says to which G/L`,
      );
  }
}

function linesFor(input: PostingInput, config: PostingConfig): Line[] {
  const { companyCode, amount, source } = input;
  const method = source.paymentMethod;
  const gl = (type: GlTransactionType): GlRule => resolveGlAccount(config.rules, companyCode, type, method);
  const what = `PayTrace ${source.transactionId}${method ? ` ${method}` : ''}`;
  const fallbackAssignment = assignmentFor(config.assignmentFrom ?? 'invoice', input, null);
  // The card clearing account's lines carry the settlement batch and day (F.13, bank statement).
  const clearingAssignment = settlementAssignment(input.settlement ?? null, input.documentDate);
  const customer = input.customer ?? '';

  switch (input.kind) {
    case 'payment': {
      // Card fees are never estimated here: they come only from the processor's statement.
      const lines: Line[] = [
        { kind: 'gl', account: gl('sale').account, amount, assignment: clearingAssignment, text: `${what} payment` },
      ];
      lines.push(...writeOffLines(input, gl, fallbackAssignment, what));
      lines.push(...customerCredits(input, config, 'payment'));
      return lines;
    }
    case 'write-off':
      return [
        {
          kind: 'gl',
          account: gl('write-off').account,
          amount,
          assignment: fallbackAssignment,
          text: `${what} write-off`,
          ...costObjects(gl('write-off')),
        },
        ...customerCredits(input, config, 'write-off'),
      ];
    case 'refund':
      return [
        ...refundDebits(input, what),
        {
          kind: 'gl',
          account: gl('refund').account,
          amount: negate(amount),
          assignment: clearingAssignment,
          text: `${what} refund`,
        },
      ];
    case 'chargeback':
      if (input.chargebackLines) return chargebackLines(input, input.chargebackLines, gl, fallbackAssignment, what);
      return [
        { kind: 'customer', account: customer, amount, assignment: fallbackAssignment, text: `${what} chargeback` },
        {
          kind: 'gl',
          account: gl('chargeback').account,
          amount: negate(amount),
          assignment: fallbackAssignment,
          text: `${what} chargeback`,
        },
      ];
    case 'suspense':
      return [
        { kind: 'gl', account: gl('sale').account, amount, assignment: clearingAssignment, text: `${what} payment` },
        {
          kind: 'gl',
          account: input.suspenseAccount ?? gl('suspense').account,
          amount: negate(amount),
          assignment: fallbackAssignment,
          text: `${what} unassigned payment`,
        },
      ];
  }
}

/**
 * A dispute case's lines, each to its account: the customer (the sale's invoice as assignment, so the reopened
 * item reads like the invoice it was), the card clearing account the sale went to (with the sale's settlement
 * assignment, where the processor's debit meets it), or the G/L rules' chargeback, fee or write-off account
 * (with its cost objects).
 */
function chargebackLines(
  input: PostingInput,
  lines: readonly ChargebackLine[],
  gl: (type: GlTransactionType) => GlRule,
  assignment: string,
  what: string,
): Line[] {
  if (lines.length < 2) throw new PostingInputError('A chargeback posting needs at least two lines');
  const total = sum(
    lines.map((l) => l.amount),
    input.amount.currency,
  );
  if (total.minor !== 0)
    throw new PostingInputError(`A chargeback posting's lines must balance (they leave ${total.minor} minor units)`);
  return lines.map((l): Line => {
    if (l.amount.minor === 0) throw new PostingInputError(`A chargeback posting's ${l.text} line has no amount`);
    const text = `${what} ${l.text}`;
    switch (l.account) {
      case 'customer':
        return { kind: 'customer', account: input.customer ?? '', amount: l.amount, assignment, text };
      case 'card-clearing':
        return {
          kind: 'gl',
          account: input.clearingAccount ?? gl('sale').account,
          amount: l.amount,
          assignment: input.clearingAssignment ?? settlementAssignment(input.settlement ?? null, input.documentDate),
          text,
        };
      case 'chargeback-gl':
        return { kind: 'gl', account: gl('chargeback').account, amount: l.amount, assignment, text };
      case 'fee-gl':
        return {
          kind: 'gl',
          account: gl('fee').account,
          amount: l.amount,
          assignment,
          text,
          ...costObjects(gl('fee')),
        };
      case 'write-off-gl':
        return {
          kind: 'gl',
          account: gl('write-off').account,
          amount: l.amount,
          assignment,
          text,
          ...costObjects(gl('write-off')),
        };
    }
  });
}

/**
 * The card clearing line's assignment (ZUONR, 18 characters): "B<batch>-<YYYYMMDD>", the PayTrace
 * settlement batch and day, which is what the processor's deposit for that batch carries; for a
 * transaction PayTrace has not settled yet, "UNSETTLED <YYYYMMDD>" of its own day, so nobody takes it for a batch.
 */
export function settlementAssignment(settlement: Settlement | null, transactionDate: string): string {
  if (!settlement) return `UNSETTLED ${toDats(transactionDate)}`;
  const day = toDats(settlement.date);
  if (settlement.batch === null) return `SETTLED ${day}`;
  const full = `B${settlement.batch}-${day}`;
  return full.length <= FIELD_LENGTH.ALLOC_NMBR ? full : `B${settlement.batch}`.slice(0, FIELD_LENGTH.ALLOC_NMBR);
}

/**
 * A refund debits the customer against the credits it clears (the sale's residual on account, a
 * credit memo), one line per credit, so nothing is left as an open debit; they must add up to it.
 */
function refundDebits(input: PostingInput, what: string): Line[] {
  const items = input.items ?? [];
  const covered = sum(
    items.map((i) => i.amount),
    input.amount.currency,
  );
  if (items.length === 0 || covered.minor !== input.amount.minor)
    throw new PostingInputError(
      `A refund of ${input.amount.minor} minor units of ${input.amount.currency} must clear open credits of the customer adding up to it ` +
        `(the sale's residual on account or a credit memo); ${items.length === 0 ? 'none was given' : `the credits given add up to ${covered.minor}`}, and the rest would stay an open debit.`,
    );
  return items.map((item) => ({
    kind: 'customer',
    account: input.customer ?? '',
    amount: item.amount,
    assignment: item.assignment || item.reference,
    // What it clears first: the item text is cut at 50 characters, and the credit's number is what F-32 needs.
    text: item.text ?? `Clears ${item.reference}: ${what} refund`,
  }));
}

const WRITE_OFF_TEXT: Readonly<Record<WriteOffReason, string>> = {
  'card-fee': 'card fee deducted',
  tolerance: 'payment difference',
  discount: 'cash discount',
};

/** One G/L line for what the items write off (a debit when the customer paid less), so they clear in full. */
function writeOffLines(
  input: PostingInput,
  gl: (type: GlTransactionType) => GlRule,
  assignment: string,
  what: string,
): Line[] {
  const total = sum(
    (input.items ?? []).map((i) => i.writeOff ?? money(0, input.amount.currency)),
    input.amount.currency,
  );
  if (total.minor === 0 || !input.writeOffReason) return [];
  // gl() throws GlRuleMissingError where writeOffGlRule finds none.
  const rule = gl(WRITE_OFF_GL[input.writeOffReason]);
  return [
    {
      kind: 'gl',
      account: rule.account,
      amount: total,
      assignment,
      text: `${what} ${WRITE_OFF_TEXT[input.writeOffReason]}`,
      ...costObjects(rule),
    },
  ];
}

/** Customer credits for each applied item (its cash and its write-off), plus what is left on account. */
function customerCredits(input: PostingInput, config: PostingConfig, label: string): Line[] {
  const items = input.items ?? [];
  const applied = sum(
    items.map((i) => i.amount),
    input.amount.currency,
  );
  const rest = subtract(input.amount, applied);
  if (rest.minor < 0)
    throw new PostingInputError(
      `The items applied (${applied.minor}) exceed the ${label} amount (${input.amount.minor}) in minor units of ${input.amount.currency}`,
    );
  const from = config.assignmentFrom ?? 'invoice';
  const what = `PayTrace ${input.source.transactionId}`;
  const lines: Line[] = items.map((item) => ({
    kind: 'customer',
    account: input.customer ?? '',
    amount: negate(
      sum(
        [item.amount, ...(item.writeOff ? [item.writeOff] : []), ...(item.residual ? [item.residual] : [])],
        item.amount.currency,
      ),
    ),
    assignment: assignmentFor(from, input, item),
    text: item.text ?? `${what} ${label} ${item.reference}`,
  }));
  // Residual items after every item's own line (the first lines clear the items, in order).
  for (const item of items)
    if (item.residual)
      lines.push({
        kind: 'customer',
        account: input.customer ?? '',
        amount: item.residual,
        assignment: assignmentFor(from, input, item),
        text: `${what} residual of ${item.reference}`,
        ...(input.residualReason ? { reason: input.residualReason } : {}),
      });
  if (rest.minor > 0) {
    lines.push({
      kind: 'customer',
      account: input.customer ?? '',
      amount: negate(rest),
      assignment: assignmentFor(from, input, null),
      text: `${what} ${label} on account`,
    });
  }
  return lines;
}

function assignmentFor(from: AssignmentSource, input: PostingInput, item: AppliedOpenItem | null): string {
  const txn = String(input.source.transactionId);
  switch (from) {
    case 'invoice':
      return item ? item.assignment || item.reference || txn : input.source.invoiceId || txn;
    case 'invoice_id':
      return input.source.invoiceId || txn;
    case 'transaction_id':
      return txn;
  }
}

/**
 * Whether a proposal of this rule and write-off clears its one item and posts what it leaves as a residual item, as
 * SAP's residual processing does, instead of leaving it open on the invoice: a customer's round deduction (rule
 * `<stage>/deduction`, with the deduction's reason code), and a discount taken late while a later level of the terms
 * was still earned (`<stage>/short-pay` with a discount write-off: that level granted on the whole invoice, which is
 * cleared, so SAP does not offer the discount again on the rest).
 */
export const residualRule = (rule: string, writeOffWhy: string | null): boolean =>
  deductionRule(rule) || (rule.endsWith('/short-pay') && writeOffWhy === 'discount');

/** Whether the matcher's rule is a customer's round deduction, whose residual item carries the deduction's reason code. */
export const deductionRule = (rule: string): boolean => rule.endsWith('/deduction');

/** `residualRule` for a proposal of one item. */
export const leavesResidual = (proposal: Pick<MatchProposal, 'rule' | 'items' | 'writeOff'>): boolean =>
  proposal.items.length === 1 && residualRule(proposal.rule, proposal.writeOff?.why ?? null);

/** The open items a match proposal applies, with their assignment and reference from SAP. */
export function appliedItemsFromMatch(proposal: MatchProposal, openItems: readonly OpenItem[]): AppliedOpenItem[] {
  const residual = leavesResidual(proposal);
  return proposal.items.map((applied) => {
    const k = applied.item;
    const item = openItems.find(
      (o) =>
        o.source.BUKRS === k.BUKRS &&
        o.source.BELNR === k.BELNR &&
        o.source.GJAHR === k.GJAHR &&
        o.source.BUZEI === k.BUZEI,
    );
    if (!item)
      throw new PostingInputError(
        `Open item ${k.BUKRS}/${k.BELNR}/${k.GJAHR}/${k.BUZEI} of the match is no longer open in SAP`,
      );
    const left = item.amount.minor - applied.amount.minor - (applied.writeOff?.minor ?? 0);
    return {
      assignment: item.assignment,
      reference: item.reference,
      amount: applied.amount,
      ...(applied.writeOff && applied.writeOff.minor !== 0 ? { writeOff: applied.writeOff } : {}),
      ...(residual && left > 0 ? { residual: money(left, applied.amount.currency) } : {}),
    };
  });
}

/** Sum of the document's amounts per currency; all zero for a balanced document. */
export function documentBalance(doc: FiDocument): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const row of doc.CURRENCYAMOUNT) {
    const [w, f = ''] = row.AMT_DOCCUR.replace('-', '').split('.');
    const scaled = BigInt(w! + f.padEnd(4, '0').slice(0, 4)) * (row.AMT_DOCCUR.startsWith('-') ? -1n : 1n);
    out.set(row.CURRENCY, (out.get(row.CURRENCY) ?? 0n) + scaled);
  }
  return out;
}
