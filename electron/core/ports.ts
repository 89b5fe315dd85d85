// The core's own collaborators beside the ports of shared/ports: the matcher, the posting
// builder, and who is acting. Hosts assemble them (electron/hosts/app.ts).
import type { Customer, MatchProposal, OpenItem, PaymentTransaction } from '../../shared/domain';
import type { MatchAlias } from '../../shared/matching';
import type { FiDocument } from '../../shared/posting/fi-document';

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
  /** The posting's sequence: 1, or more after SAP reversed earlier postings of it (PT<id>P2). */
  readonly referenceSequence?: number;
}

export type DocumentBuilder = (req: DocumentRequest) => FiDocument;

export type Role = 'clerk' | 'approver' | 'admin';

export interface Actor {
  readonly name: string;
  readonly roles: readonly Role[];
}
