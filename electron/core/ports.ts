// The core's view of its collaborators. Hosts (desktop, browser host, CLI) assemble them:
// the real PayTrace and SAP connectors, or the sandbox simulators behind the same interfaces.
import type { Customer, MatchProposal, OpenItem, PaymentTransaction } from '../../shared/domain';
import type { MatchAlias } from '../../shared/matching';
import type { FiDocument } from '../../shared/posting/fi-document';
import type { PostingTarget } from './posting/ports';

export interface RejectedRecord {
  readonly record: unknown;
  readonly error: string;
  readonly transactionId: number | null;
}

export interface PaymentGateway {
  /** Every transaction created in [from, to] (ISO dates, PayTrace's zone), normalised. */
  fetchTransactions(range: { from: string; to: string }): Promise<{ transactions: PaymentTransaction[]; rejected: RejectedRecord[] }>;
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
