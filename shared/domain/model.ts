// The canonical model: the one language the core speaks. PayTrace and SAP field names stop at
// the connectors; each entity keeps the keys of the record it came from (its source keys).
import type { Money } from '../money';

/** An instant as UTC ISO-8601 ("2026-11-25T19:53:00.000Z"). */
export type IsoInstant = string;
/** A calendar date as ISO ("2026-11-25"). */
export type IsoDate = string;

/** SAP's key of a customer: KNA1-KUNNR with leading zeros, in a company code (KNB1-BUKRS). */
export interface Customer {
  readonly source: { readonly KUNNR: string; readonly BUKRS: string };
  readonly name: string;
  readonly email?: string;
  readonly city?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly street?: string;
  /** PayTrace customer vault tokens known to belong to this customer. */
  readonly vaultIds?: readonly string[];
  /** KNB1-KNRZE: the head office (payer) account of a branch, when SAP names one. */
  readonly headOffice?: string;
  /** KNA1-KONZS: the corporate group key. */
  readonly group?: string;
  /**
   * Flagged for deletion in SAP (KNA1-LOEVM or KNB1-LOEVM). The flag only asks the archiving run
   * to remove the customer once nothing is open: the customer and its open items stay mirrored.
   */
  readonly deletionFlag?: boolean;
}

/** A sales order (SAP VBAK) or web order, as far as payments refer to it. */
export interface Order {
  readonly source: { readonly VBELN?: string; readonly externalId?: string };
  readonly customer: string;
  readonly amount: Money;
  readonly purchaseOrder?: string;
}

/** Where a PayTrace transaction stands, derived from status_code (GB<batch>, Y, N). */
export type SettlementStatus = 'settled' | 'pending' | 'voided' | 'declined' | 'authorized';

export type PaymentKind = 'sale' | 'authorization' | 'refund' | 'void' | 'capture';

/** A card transaction from PayTrace, normalised. Amounts are positive; refunds are kind 'refund'. */
export interface PaymentTransaction {
  readonly source: { readonly transaction_id: number };
  readonly kind: PaymentKind;
  readonly status: SettlementStatus;
  /** Settlement batch number from GB<batch>, when settled. */
  readonly batch: number | null;
  readonly amount: Money;
  readonly createdAt: { readonly utc: IsoInstant; readonly original: string };
  readonly settledAt: { readonly utc: IsoInstant; readonly original: string } | null;
  readonly invoiceId: string;
  readonly customerReferenceId: string;
  readonly description: string;
  /** PayTrace vault customer_id ("" when none). */
  readonly vaultCustomerId: string;
  readonly billingName: string;
  readonly email: string;
  /** Masked only ("************5454"); a full card number never enters the model. */
  readonly maskedCard: string;
  readonly cardBrand: string;
  readonly approvalCode: string;
  /** For a refund: the sale it refunds, when PayTrace says so. */
  readonly originalTransactionId: number | null;
  /** PayTrace's billing_address (street_address, city, zip), which the matcher's payer identity reads; absent when unknown. */
  readonly billingAddress?: { readonly street: string; readonly city: string; readonly zip: string };
}

/** An open receivable in SAP (BSID row / BAPI_AR_ACC_GETOPENITEMS line). */
export interface OpenItem {
  readonly source: { readonly BUKRS: string; readonly BELNR: string; readonly GJAHR: string; readonly BUZEI: string };
  readonly customer: string;
  /** Signed: invoices (debit, SHKZG S) positive, credits (H) negative. */
  readonly amount: Money;
  /** XBLNR, the reference (usually the invoice number the customer sees). */
  readonly reference: string;
  /** ZUONR, the assignment. */
  readonly assignment: string;
  readonly documentType: string;
  readonly postingDate: IsoDate;
  readonly documentDate: IsoDate;
  readonly dueDate: IsoDate | null;
  readonly text: string;
  /**
   * BSID-UMSKZ, the special G/L indicator ('A' down payment, 'F' down payment request, ...); ''
   * or absent for a normal receivable. Special G/L items are mirrored but never matched
   * (`matchExclusion`, shared/matching).
   */
  readonly specialGl?: string;
  /** ZFBDT, the baseline date the due date and cash discount periods count from. */
  readonly baselineDate?: IsoDate | null;
  /** BSID-CPUDT, the day SAP entered the document (what the mirror's delta reads by). */
  readonly entryDate?: IsoDate | null;
  /** The item's cash discount terms as SAP holds them (ZBD1T/ZBD1P, ZBD2T/ZBD2P), for matching that applies discounts. */
  readonly cashDiscount?: CashDiscountTerms | null;
  /**
   * REBZG/REBZJ/REBZZ: the invoice item of the same company code this line is a partial payment of (open beside
   * it until they add up, then cleared with it); null or absent for any other line (`invoiceRefOf`, shared/mapping).
   */
  readonly invoiceRef?: OpenItemRef | null;
  /**
   * What SAP holds open of the item when less of it is left to a payment (its partial payments, what other proposals
   * take: core `openItemsLeft`); `amount` is then what is left. Absent when the whole item is.
   */
  readonly leftOf?: Money | null;
}

/** An item of a document of the line's company code; GJAHR and BUZEI '' where the source names only the document. */
export interface OpenItemRef {
  readonly BELNR: string;
  readonly GJAHR: string;
  readonly BUZEI: string;
}

/** Cash discount terms of an item: days from the baseline date and the percentage in thousandths (2.000% = 2000). */
export interface CashDiscountTerms {
  readonly days1: number;
  readonly percent1: number;
  readonly days2: number;
  readonly percent2: number;
}

export type MatchTier = 'auto' | 'suggest' | 'none';

export interface AppliedItem {
  readonly item: OpenItem['source'];
  /** The cash applied to the item. */
  readonly amount: Money;
  /**
   * What of the item is cleared to a G/L account instead of staying open: positive when the
   * customer paid less (a short payment within tolerance, an earned discount),
   * negative when they paid a little more. Absent or zero: nothing.
   */
  readonly writeOff?: Money;
}

/**
 * Why a difference is cleared. The matcher no longer proposes 'card-fee' (PayTrace never takes a fee out of a
 * sale); it stays so that a proposal made before, still in the queue, posts as it was approved.
 */
export type WriteOffReason = 'card-fee' | 'tolerance' | 'discount';

/** A difference cleared to a G/L account instead of staying open (the sum of the items' write-offs). */
export interface WriteOff {
  readonly amount: Money;
  /** The G/L account the matching rules name for it; the posting takes the G/L rules' account and cost object. */
  readonly gl: string;
  readonly why: WriteOffReason;
}

/** The engine's proposal for one transaction. */
export interface MatchProposal {
  readonly transactionId: number;
  readonly tier: MatchTier;
  /** 0..1, in thousandths to stay integral where it is stored. */
  readonly confidence: number;
  readonly customer: string | null;
  readonly companyCode: string | null;
  readonly items: readonly AppliedItem[];
  /** What is left on account (overpayment), or to suspense when no customer is known. */
  readonly onAccount: Money;
  readonly reasons: readonly string[];
  readonly rule: string;
  /** The difference the items clear to a G/L account, if any. */
  readonly writeOff?: WriteOff | null;
  /** What the learned model (shared/matching/model.ts) made of it, when one was applied. */
  readonly explanation?: MatchExplanation | null;
  /** A refund's original sale, as the matcher found it; null (or absent) for everything else. */
  readonly relatedTransactionId?: number | null;
}

/** The model's probability for a proposal and the features that decided it (weight x value). */
export interface MatchExplanation {
  /** 0..1, in thousandths: how likely a clerk approves it unchanged. */
  readonly probability: number;
  /** Which weights: the prior (fitted on the labelled generator set) or trained on clerks' decisions. */
  readonly model: { readonly version: number; readonly source: 'prior' | 'trained'; readonly labels: number };
  /** Every feature's value (0..1), by name, for training on the clerk's decision later. */
  readonly features: Readonly<Record<string, number>>;
  /** The largest contributions, largest first, with words a clerk reads. */
  readonly top: readonly {
    readonly feature: string;
    readonly value: number;
    readonly contribution: number;
    readonly words: string;
  }[];
  /**
   * How it came first: 'rules' when the rules decided (automatic tier, or no alternative), 'model'
   * when the model ordered the suggestions, 'clerk' for a clerk's correction; `of` is how many
   * suggestions were ordered.
   */
  readonly ranked: { readonly by: 'rules' | 'model' | 'clerk'; readonly of: number };
}

/**
 * Where a posting stands: being sent (outcome not known yet), pending (SAP holds it, as an IDoc in 64 or
 * 51 say, and has not posted it yet), posted, or failed (SAP refused it).
 */
export type PostingState = 'sending' | 'pending' | 'posted' | 'failed';

/** An FI document ClearDesk sends to SAP, and what became of it. */
export interface Posting {
  /** The unique reference written into REF_DOC_NO (XBLNR) before the call. */
  readonly reference: string;
  readonly transactionId: number;
  readonly event: 'payment' | 'refund' | 'chargeback' | 'reversal';
  readonly state: PostingState;
  readonly companyCode: string;
  readonly sapDocument: { readonly BELNR: string; readonly BUKRS: string; readonly GJAHR: string } | null;
  readonly messages: readonly SapMessage[];
}

/** A BAPIRET2/BAPIRETURN row kept verbatim for the clerk. */
export interface SapMessage {
  readonly TYPE: string;
  readonly ID: string;
  readonly NUMBER: string;
  readonly MESSAGE: string;
}

export type RefundState = 'requested' | 'approved' | 'sent' | 'unknown' | 'refunded' | 'voided' | 'failed';

export interface Refund {
  readonly source: { readonly transaction_id: number | null };
  readonly originalTransactionId: number;
  readonly amount: Money;
  readonly state: RefundState;
  readonly reason: string;
  readonly preparedBy: string;
  readonly approvedBy: string | null;
}

export type ChargebackState = 'open' | 'won' | 'lost' | 'posted';

/** A dispute from the processor's report (PayTrace's API has none). */
export interface Chargeback {
  readonly source: { readonly processor: string; readonly caseNumber: string };
  readonly transactionId: number | null;
  readonly amount: Money;
  readonly reasonCode: string;
  readonly receivedOn: IsoDate;
  readonly state: ChargebackState;
}

/** One entry of the append-only, hash-chained audit log. */
export interface AuditEvent {
  readonly seq: number;
  readonly at: IsoInstant;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}
