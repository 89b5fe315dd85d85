// Four eyes on postings (docs/ARCHITECTURE.md, "Where each rule lives"): which postings need a
// second person, per company code, and who counts as a different person. The core asks this
// before an approval posts anything; the automatic tier never posts what needs a second person.
import { formatMoney, type Money } from '../money';
import type { MatchProposal } from './model';

/** What needs a second person in one company code ('*' for every company code without its own rule). */
export interface FourEyesRule {
  readonly companyCode: string;
  /** Postings of more than this (in its currency) need a second person; null: no amount limit. */
  readonly amountAbove: Money | null;
  /** Any posting that writes a difference off to G/L. */
  readonly writeOffs: boolean;
  /**
   * Any correction that moves the payment to another customer than the one proposed, and any
   * posting on account to a customer a person chose (the matcher proposed none, or no invoice).
   */
  readonly customerChanges: boolean;
  /** Any posting to the suspense account (no customer). */
  readonly suspense: boolean;
}

export interface FourEyesPolicy {
  readonly rules: readonly FourEyesRule[];
}

/** What ClearDesk does until an admin sets the rules: every write-off, re-pointing and suspense posting, and postings above 10,000.00 USD. */
export const DEFAULT_FOUR_EYES: FourEyesPolicy = {
  rules: [
    {
      companyCode: '*',
      amountAbove: { minor: 1_000_000, currency: 'USD' },
      writeOffs: true,
      customerChanges: true,
      suspense: true,
    },
  ],
};

/** The facts of a posting the rules look at. */
export interface FourEyesSubject {
  readonly companyCode: string;
  readonly amount: Money;
  readonly proposal: Pick<MatchProposal, 'customer' | 'writeOff' | 'items'> & {
    /** The person whose correction this proposal is; null or absent for the matcher's. */
    readonly correctedBy?: string | null;
  };
  /** The customer the payment was proposed for before a person corrected it to another, or null. */
  readonly customerChangedFrom: string | null;
}

export function ruleFor(policy: FourEyesPolicy, companyCode: string): FourEyesRule | null {
  return (
    policy.rules.find((r) => r.companyCode === companyCode) ?? policy.rules.find((r) => r.companyCode === '*') ?? null
  );
}

/** One reason for a second person: in the clerk's words, and as the kind of reason many postings share. */
export interface FourEyesFinding {
  /** About this posting ("12,500.00 USD is more than the 10,000.00 USD ..."). */
  readonly reason: string;
  /** The same for every posting it applies to ("above the 10,000.00 USD one person may post in 1000"): a bulk summary groups by it. */
  readonly group: string;
}

/** Why the posting needs a second person, each reason with its group; empty when one person may post it. */
export function fourEyesFindings(policy: FourEyesPolicy, s: FourEyesSubject): FourEyesFinding[] {
  const rule = ruleFor(policy, s.companyCode);
  if (!rule) return [];
  const found: FourEyesFinding[] = [];
  const limit = rule.amountAbove;
  // A limit in another currency than the payment's cannot be compared without a rate: ask a second person.
  if (limit && (limit.currency !== s.amount.currency || s.amount.minor > limit.minor)) {
    found.push(
      limit.currency === s.amount.currency
        ? {
            reason: `${formatMoney(s.amount)} is more than the ${formatMoney(limit)} one person may post in company code ${s.companyCode}`,
            group: `above the ${formatMoney(limit)} one person may post in company code ${s.companyCode}`,
          }
        : {
            reason: `the limit for one person in company code ${s.companyCode} is in ${limit.currency}, the payment in ${s.amount.currency}`,
            group: `in ${s.amount.currency}, while the limit for one person in company code ${s.companyCode} is in ${limit.currency}`,
          },
    );
  }
  const writeOff = s.proposal.writeOff;
  if (rule.writeOffs && writeOff && writeOff.amount.minor !== 0) {
    found.push({
      reason: `it writes ${formatMoney(writeOff.amount)} off to G/L ${writeOff.gl}`,
      group: `writes a difference off to G/L ${writeOff.gl}`,
    });
  }
  if (rule.customerChanges && s.customerChangedFrom !== null && s.customerChangedFrom !== s.proposal.customer) {
    found.push({
      reason: `a correction moved it from customer ${s.customerChangedFrom} to ${s.proposal.customer ?? 'suspense'}`,
      group: 'a correction moved it to another customer',
    });
  }
  // Nothing but the person's word ties the payment to this customer: no invoice it pays, no
  // customer the matcher found. (A change of customer is already named above.)
  const chosenBy = s.proposal.correctedBy ?? null;
  if (
    rule.customerChanges &&
    chosenBy !== null &&
    s.proposal.customer &&
    s.proposal.items.length === 0 &&
    (s.customerChangedFrom === null || s.customerChangedFrom === s.proposal.customer)
  ) {
    found.push({
      reason: `${chosenBy} chose customer ${s.proposal.customer} to post it on account`,
      group: 'posts on account to a customer a person chose',
    });
  }
  if (rule.suspense && !s.proposal.customer) {
    found.push({ reason: 'it posts to the suspense account', group: 'posts to the suspense account' });
  }
  return found;
}

/** Why the posting needs a second person, in the clerk's words; empty when one person may post it. */
export function fourEyesReasons(policy: FourEyesPolicy, s: FourEyesSubject): string[] {
  return fourEyesFindings(policy, s).map((f) => f.reason);
}

/** How a person's name compares: "Sam", "sam " and "ＳＡＭ" are the same person. */
export function personKey(name: string): string {
  return name.normalize('NFKC').trim().toLocaleLowerCase('en-US');
}

export function samePerson(a: string | null | undefined, b: string | null | undefined): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && personKey(a) === personKey(b);
}

/**
 * A reversal of a posted document always needs a second person: why `executor` may not execute a
 * reversal `preparer` prepared, or null when they may.
 */
export function reversalExecutionRefusal(preparer: string, executor: string): string | null {
  return samePerson(preparer, executor)
    ? `${executor} prepared this reversal and so cannot execute it; another approver must (four eyes)`
    : null;
}
