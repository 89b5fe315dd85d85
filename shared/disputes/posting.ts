// The posting a dispute case's stage implies (issue 13, point 3; docs/ARCHITECTURE.md, "Disputes"). One pure
// rule: given the case (stage, status, disputed amount, the processor's fee), the company code's chargeback
// rule (an admin's setting) and what ClearDesk already posted for the case's sale, the next step: a document
// to post (its lines, which shared/posting/builder.ts renders to accounts), the standing chargeback document
// to reverse, or nothing, with why in words a clerk reads.
import { type Money, add, negate } from '../money';
import type { ChargebackLine } from '../posting/builder';
import type { DisputeCase } from './model';

/**
 * How a company code books a chargeback: `reopen` debits the customer again (the receivable is open, the
 * customer owes it) against the card clearing account the sale's posting used; `chargeback-gl` debits the
 * chargeback G/L (chargebacks in process) against the same clearing account.
 */
export const CHARGEBACK_METHODS = ['reopen', 'chargeback-gl'] as const;
export type ChargebackMethod = (typeof CHARGEBACK_METHODS)[number];

/**
 * What a lost case does: `write-off` writes the amount off to the write-off G/L (from the customer, or from
 * the chargeback G/L); `customer-owes` leaves the customer owing it (nothing to post after a reopening; after
 * the chargeback G/L, the amount moves to the customer).
 */
export const CHARGEBACK_LOSSES = ['write-off', 'customer-owes'] as const;
export type ChargebackLoss = (typeof CHARGEBACK_LOSSES)[number];

export interface ChargebackRule {
  /** A company code, or '*' for every company code without its own rule. */
  readonly companyCode: string;
  readonly method: ChargebackMethod;
  readonly lost: ChargebackLoss;
}

/** Until an admin sets a rule: reopen the receivable, and a lost case leaves the customer owing it. */
export const DEFAULT_CHARGEBACK_RULE: Omit<ChargebackRule, 'companyCode'> = { method: 'reopen', lost: 'customer-owes' };

/** The company code's rule, else the '*' rule, else the default. */
export function chargebackRuleOf(
  rules: readonly ChargebackRule[],
  companyCode: string,
): Omit<ChargebackRule, 'companyCode'> {
  const rule = rules.find((r) => r.companyCode === companyCode) ?? rules.find((r) => r.companyCode === '*');
  return rule ? { method: rule.method, lost: rule.lost } : DEFAULT_CHARGEBACK_RULE;
}

/** What ClearDesk has posted for the case's sale so far. */
export interface ChargebackLedger {
  /** The standing (not reversed) chargeback document, and the method it was posted by; null: none stands. */
  readonly chargeback: { readonly method: ChargebackMethod; readonly amount: Money } | null;
  /** The loss step (a write-off, or moving the chargeback G/L to the customer) stands. */
  readonly lossPosted: boolean;
  /**
   * The sale itself was posted on account (it cleared no invoice): its chargeback takes that credit back from the
   * customer rather than reopening a receivable (the same debit on the customer, in other words).
   */
  readonly saleOnAccount?: boolean;
}

export const NOTHING_POSTED: ChargebackLedger = { chargeback: null, lossPosted: false };

/** The next step of a case's postings. */
export type ChargebackStep =
  /** A document to post: `event` is its reference's event (PT<sale>C for the chargeback, PT<sale>W for the loss). */
  | {
      readonly step: 'post';
      readonly event: 'chargeback' | 'write-off';
      readonly method: ChargebackMethod;
      /** Debits positive; they balance. */
      readonly lines: readonly ChargebackLine[];
      /** What the document moves (the disputed amount; the fee is its own line on top). */
      readonly amount: Money;
      readonly why: string;
    }
  /** The standing chargeback document is reversed (the case was won): the reversal owner, exactly once. */
  | { readonly step: 'reverse'; readonly why: string }
  /** Nothing to post (yet, or any more). */
  | { readonly step: 'none'; readonly why: string };

type CaseFacts = Pick<DisputeCase, 'stage' | 'status' | 'amount'> & { readonly fee?: Money | null };

const LOST_STATUSES: readonly string[] = ['lost', 'accepted', 'expired'];

/**
 * The posting a case implies now:
 * - a retrieval request moves no money: nothing;
 * - won: the standing chargeback document is reversed (nothing stands: nothing to do);
 * - lost, accepted or expired: the chargeback first when nothing stands, then the loss per the rule;
 * - representment (open or pending): nothing, it waits for the outcome;
 * - a first chargeback, pre-arbitration or arbitration: the chargeback for the disputed amount (a partial
 *   dispute for what it disputes), the processor's fee as its own line, unless one stands already.
 */
export function postingFor(
  dispute: CaseFacts,
  rule: Omit<ChargebackRule, 'companyCode'>,
  ledger: ChargebackLedger,
): ChargebackStep {
  const { stage, status, amount } = dispute;
  if (amount.minor <= 0) return { step: 'none', why: 'The case disputes no amount.' };
  if (stage === 'retrieval')
    return { step: 'none', why: 'A retrieval request asks for documents; no money moves, nothing is posted.' };
  if (status === 'won') {
    if (ledger.lossPosted)
      return {
        step: 'none',
        why: 'The case was won after its loss was posted; reverse the loss document in SAP by hand.',
      };
    return ledger.chargeback
      ? { step: 'reverse', why: 'The case was won: the chargeback document is reversed, the money is back.' }
      : { step: 'none', why: 'The case was won and no chargeback document stands: nothing to post.' };
  }
  if (LOST_STATUSES.includes(status)) {
    if (!ledger.chargeback)
      return chargeback(
        dispute,
        rule.method,
        'The case is lost: the chargeback is posted first.',
        ledger.saleOnAccount,
      );
    if (ledger.lossPosted) return { step: 'none', why: 'The case is lost and its loss is posted.' };
    return loss(ledger.chargeback, rule.lost);
  }
  if (stage === 'representment')
    return { step: 'none', why: 'Represented: the case waits for the issuer; nothing is posted until it is decided.' };
  if (ledger.chargeback)
    return { step: 'none', why: 'The chargeback document stands already; this stage posts nothing more.' };
  return chargeback(
    dispute,
    rule.method,
    stage === 'chargeback'
      ? 'A first chargeback: the processor took the money back.'
      : `At ${stage} with no chargeback document standing: the processor holds the money.`,
    ledger.saleOnAccount,
  );
}

function chargeback(dispute: CaseFacts, method: ChargebackMethod, why: string, onAccount = false): ChargebackStep {
  const { amount } = dispute;
  const fee = dispute.fee && dispute.fee.minor > 0 ? dispute.fee : null;
  if (fee && fee.currency !== amount.currency)
    throw new RangeError(`The processor's fee is in ${fee.currency}, the case in ${amount.currency}`);
  const lines: ChargebackLine[] =
    method === 'reopen'
      ? [
          {
            account: 'customer',
            amount,
            // SGTXT holds 50 characters with "PayTrace <id> " before it.
            text: onAccount ? 'chargeback, on-account reversed' : 'chargeback, receivable reopened',
          },
        ]
      : [{ account: 'chargeback-gl', amount, text: 'chargeback in process' }];
  if (fee) lines.push({ account: 'fee-gl', amount: fee, text: 'chargeback fee' });
  lines.push({ account: 'card-clearing', amount: negate(fee ? add(amount, fee) : amount), text: 'chargeback' });
  return {
    step: 'post',
    event: 'chargeback',
    method,
    lines,
    amount,
    why: `${why} ${method === 'chargeback-gl' ? 'The amount goes to the chargeback G/L' : onAccount ? 'The sale was posted on account: that credit is taken back from the customer' : 'The receivable is reopened on the customer'}${fee ? ', the fee to the fee G/L' : ''}.`,
  };
}

function loss(standing: NonNullable<ChargebackLedger['chargeback']>, lost: ChargebackLoss): ChargebackStep {
  const { amount, method } = standing;
  if (method === 'reopen' && lost === 'customer-owes')
    return {
      step: 'none',
      why: 'The case is lost: the customer owes the reopened receivable; nothing more is posted.',
    };
  const from = method === 'reopen' ? 'customer' : 'chargeback-gl';
  const to = lost === 'write-off' ? 'write-off-gl' : 'customer';
  return {
    step: 'post',
    event: 'write-off',
    method,
    lines: [
      { account: to, amount, text: lost === 'write-off' ? 'chargeback lost, written off' : 'chargeback lost, owed' },
      { account: from, amount: negate(amount), text: 'chargeback lost' },
    ],
    amount,
    why:
      lost === 'write-off'
        ? `The case is lost: the amount is written off from the ${from === 'customer' ? 'customer' : 'chargeback G/L'} to the write-off G/L.`
        : 'The case is lost: the amount moves from the chargeback G/L to the customer, who owes it.',
  };
}
