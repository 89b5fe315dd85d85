// The core's own collaborators beside the ports of shared/ports: the matcher, the posting
// builder, and who is acting. Hosts assemble them (electron/hosts/app.ts).
import type { Customer, MatchProposal, OpenItem, PaymentTransaction } from '../../shared/domain';
import type { ClearedItem, MatchAlias, MatchingRules, MatchModel, RefundContext } from '../../shared/matching';
import type { Money } from '../../shared/money';
import type { Approver, CompanyCalendar, GlRule, PostingConfig, PostingDateDecision } from '../../shared/posting';
import type { FiDocument } from '../../shared/posting/fi-document';
import type { Role } from '../../shared/api/users';

export type {
  ClearingRequest,
  ErpSystem,
  GatewayNote,
  MoneyMove,
  PaymentGateway,
  PostOutcome,
  PostingTarget,
  ReferencedDocument,
  RefundGateway,
  RejectedRecord,
  SapDocumentKey,
} from '../../shared/ports';
export { GatewayRefusal } from '../../shared/ports';

export interface MatchInput {
  readonly transactions: readonly PaymentTransaction[];
  readonly openItems: readonly OpenItem[];
  readonly customers: readonly (Customer & { companyCode: string })[];
  /**
   * What clerks taught by correcting proposals (stored in match_aliases) and the payer history (never stored: read
   * from the postings, `matcherAliases` in learning/aliases.ts).
   */
  readonly aliases: readonly MatchAlias[];
  /** The learned model in use (electron/core/learning/model.ts), and approvals per customer. */
  readonly model?: MatchModel;
  readonly history?: ReadonlyMap<string, number>;
  /**
   * The rules in force for this run (the rules file's with the admin's matching setting over them), when the core
   * was given the file's; a matcher without them uses its own.
   */
  readonly rules?: MatchingRules;
  /** The cleared items the payments name (`store.masterData.clearedItems`): a second payment of one is a likely duplicate. */
  readonly clearedItems?: readonly ClearedItem[];
  /** The G/L rules in force (settings.ts `postingConfigOf`): the write-off account a proposal names is its document's. */
  readonly glRules?: readonly GlRule[];
  /** The earlier sales the run's refunds may refund, and those ClearDesk refunded (refunds/attribute.ts `refundContextOf`). */
  readonly refundContext?: RefundContext;
}

export type Matcher = (input: MatchInput) => MatchProposal[];

/** What the posting builder needs beyond the proposal (docs/ARCHITECTURE.md, "What goes into the FI document"). */
export interface DocumentRequest {
  readonly transaction: PaymentTransaction;
  readonly proposal: MatchProposal;
  /**
   * The open items the proposal applies the payment to, as SAP listed them, each less what other live proposals
   * take of it and its partial payments in SAP (`openItemsLeft`, posting/context.ts): what is left to this payment.
   */
  readonly openItems: readonly OpenItem[];
  /** For a refund: the customer's open credits it clears, and what of each. */
  readonly refundCredits?: readonly { readonly item: OpenItem; readonly amount: Money; readonly why: string }[];
  /** The approval (UTC instant). */
  readonly at: string;
  /** The company code's time zone: its local date is the posting date. */
  readonly zone: string;
  /** The company code's fiscal calendar as SAP keeps it; null when SAP could not tell. */
  readonly calendar: CompanyCalendar | null;
  /** Who approves: HEADER_TXT, and USERNAME when the admin mapped a SAP user. */
  readonly approver: Approver;
  /** The posting's sequence: 1, or more after SAP reversed earlier postings of it (PT<id>P2). */
  readonly referenceSequence?: number;
  /** For a proposal without a customer: the company code's suspense G/L account (setting), null when none is set. */
  readonly suspenseAccount?: string | null;
  /**
   * The G/L rules and reason code in force (the rules file's with the admin's G/L accounts over them), when the
   * core was given the file's; absent, the builder's own.
   */
  readonly postingConfig?: PostingConfig;
}

/** The document, the posting date chosen for it and why, and what the clerk should know before approving. */
export interface BuiltDocument {
  readonly document: FiDocument;
  readonly postingDate: PostingDateDecision;
  readonly notes: readonly string[];
}

export type DocumentBuilder = (req: DocumentRequest) => BuiltDocument;

export type { Role };

export interface Actor {
  readonly name: string;
  readonly roles: readonly Role[];
}
