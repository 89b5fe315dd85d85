// The core's view of its collaborators. Hosts (desktop, browser host, CLI) assemble them:
// the real PayTrace and SAP connectors, or the sandbox simulators behind the same interfaces.
import type { Customer, MatchProposal, OpenItem, PaymentTransaction } from '../../shared/domain';
import type { Money } from '../../shared/money';
import type { MatchAlias } from '../../shared/matching';
import type { FiDocument } from '../../shared/posting/fi-document';
import type { PostingTarget } from './posting/ports';

export interface RejectedRecord {
  readonly record: unknown;
  readonly error: string;
  readonly transactionId: number | null;
}

/** Something the gateway met and dealt with while reading (a call tried again, a window re-asked in parts). */
export interface GatewayNote {
  readonly subject: string;
  readonly message: string;
}

export interface PaymentGateway {
  /**
   * Every transaction created in [from, to] (ISO dates, PayTrace's zone), normalised. What the
   * gateway met on the way is told to onNote as it happens (so it is kept when the read fails).
   */
  fetchTransactions(
    range: { from: string; to: string },
    onNote?: (note: GatewayNote) => void,
  ): Promise<{ transactions: PaymentTransaction[]; rejected: RejectedRecord[] }>;
}

/** The outcome of a money move at PayTrace: the transaction it made (a refund's own id, or the voided sale's). */
export interface MoneyMove {
  readonly transactionId: number;
  /** The answer was lost and PayTrace was asked what happened (nothing was sent twice). */
  readonly recovered: boolean;
}

/** A refusal or failure of a money move, as the gateway reports it. */
export class GatewayRefusal extends Error {
  constructor(
    message: string,
    /** True when the move may have happened (answer lost and the look-up failed): do not repeat it blindly. */
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
    this.name = 'GatewayRefusal';
  }
}

/**
 * PayTrace's money-moving side, for refunds a clerk prepared and an approver approved. Each move
 * is sent once; a lost answer is looked up at PayTrace before anything is sent again. Failures
 * are GatewayRefusal.
 */
export interface RefundGateway {
  /** The sale as PayTrace has it now (settled or not), or null when PayTrace does not know it. */
  lookup(transactionId: number): Promise<PaymentTransaction | null>;
  /** Refunds a settled sale, in full or in part. */
  refund(transactionId: number, amount: Money): Promise<MoneyMove>;
  /** Voids an unsettled sale (all of it). */
  void(transactionId: number): Promise<MoneyMove>;
}

export interface ErpSystem extends PostingTarget<FiDocument> {
  listCustomers(companyCode: string): Promise<Customer[]>;
  getOpenItems(companyCode: string): Promise<OpenItem[]>;
}

export interface MatchInput {
  readonly transactions: readonly PaymentTransaction[];
  readonly openItems: readonly OpenItem[];
  readonly customers: readonly (Customer & { companyCode: string })[];
  /** What clerks taught by correcting proposals (stored in match_aliases). */
  readonly aliases: readonly MatchAlias[];
}

export type Matcher = (input: MatchInput) => MatchProposal[];

/** What the posting builder needs beyond the proposal: the payment and today's date. */
export interface DocumentRequest {
  readonly transaction: PaymentTransaction;
  readonly proposal: MatchProposal;
  /** The open items the proposal applies the payment to, as SAP listed them. */
  readonly openItems: readonly OpenItem[];
  readonly postingDate: string; // ISO date
  readonly username: string;
}

export type DocumentBuilder = (req: DocumentRequest) => FiDocument;

export type Role = 'clerk' | 'approver' | 'admin';

export interface Actor {
  readonly name: string;
  readonly roles: readonly Role[];
}
