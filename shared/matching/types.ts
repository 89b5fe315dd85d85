// The engine's inputs and outputs beyond the canonical model in shared/domain.
import type { Customer, IsoDate, MatchProposal, OpenItem, PaymentTransaction, WriteOff } from '../domain';
import type { MatchAlias } from './aliases';
import type { MatchModel } from './model';
import type { GlRule } from '../posting/gl-rules';

/** What the engine matches: a PayTrace transaction (its billing address, when known, helps name the payer). */
export type MatchableTransaction = PaymentTransaction;

export interface MatchInput {
  readonly transactions: readonly MatchableTransaction[];
  readonly openItems: readonly OpenItem[];
  readonly customers?: readonly Customer[];
  readonly aliases?: readonly MatchAlias[];
  /** The learned model (model.ts): orders suggestions and explains every payment's proposal. */
  readonly model?: MatchModel;
  /** Proposals approved unchanged per customer (KUNNR), the model's payer history. */
  readonly history?: ReadonlyMap<string, number>;
  /**
   * Items SAP cleared already (BSAD) that the payments' references name (`clearedLookupKeys`, the
   * store's look-up): a payment of one without an open match is a likely duplicate (cleared.ts).
   */
  readonly clearedItems?: readonly ClearedItem[];
  /**
   * The G/L rules in force (resources/gl-rules.json with the admin's G/L accounts over them): a write-off's
   * account in the proposal and its reasons is the one the document will post to. Without them: the rules'.
   */
  readonly glRules?: readonly GlRule[];
  /** What the store knows about the run's refunds: the earlier sales they may refund, and the sales ClearDesk refunded. */
  readonly refundContext?: RefundContext;
}

/**
 * A refund usually comes in on a later sync than its sale, so the sale is not among the run's transactions.
 * The store supplies the sales the run's refunds may name (by PayTrace's original id, invoice or card), with the
 * customer each sale's proposal decided, and, for a refund ClearDesk made itself, which sale it refunded.
 */
export interface RefundContext {
  readonly earlierSales: readonly {
    readonly t: MatchableTransaction;
    readonly customer: string | null;
    /** Minor units refunded of it by refunds an earlier sync brought in. */
    readonly refunded?: number;
  }[];
  /** Refund transaction id -> the sale ClearDesk refunded, and how ClearDesk knows ("refund request 7, ..."). */
  readonly origins: ReadonlyMap<number, { readonly saleId: number; readonly how: string }>;
}

/** An item SAP cleared (BSAD), with its clearing, as the mirror stored it. */
export interface ClearedItem extends OpenItem {
  readonly clearing: {
    /** AUGBL, the clearing document; null when the mirror did not read it (an item a full read no longer listed). */
    readonly document: string | null;
    /** AUGDT, the clearing date; null when unknown. */
    readonly date: IsoDate | null;
    /** The PayTrace transaction whose posting by ClearDesk is that clearing document, or null. */
    readonly paidBy: number | null;
  };
}

export type ProposalCase =
  | 'exact'
  | 'multi'
  | 'partial'
  | 'overpayment'
  | 'tolerance'
  | 'discount'
  | 'short-pay'
  | 'deduction'
  | 'credit-memo'
  | 'amount'
  | 'on-account'
  | 'suspense'
  | 'duplicate'
  | 'refund'
  | 'not-payable'
  | 'bad-record';

/** A stored proposal's case, from its rule ("stage/case": engine.ts `ruleName`, "clerk/correction" for a clerk's). */
export const caseOfRule = (rule: string): string => rule.slice(rule.lastIndexOf('/') + 1);

/** A difference cleared to a G/L account instead of staying open (shared/domain). */
export type { WriteOff } from '../domain';

/**
 * A MatchProposal plus what a posting needs: items carry the cash applied, so
 * sum(items) + onAccount = the payment (negative for a refund); a write-off clears the
 * rest of an invoice.
 */
export interface EngineProposal extends MatchProposal {
  readonly case: ProposalCase;
  readonly writeOff: WriteOff | null;
  /** A refund's original sale. */
  readonly relatedTransactionId: number | null;
}
