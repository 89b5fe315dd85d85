// SAP as the core sees it, whatever the transport (RFC, OData, IDoc): what sync reads and what
// the posting protocol needs. The SAP connector implements it (electron/connectors/sap/erp.ts).
import type { Customer, IsoDate, OpenItem, SapMessage } from '../domain';
import type { FiDocument } from '../posting/fi-document';

export interface SapDocumentKey {
  readonly BELNR: string;
  readonly BUKRS: string;
  readonly GJAHR: string;
}

export type PostOutcome =
  | { readonly ok: true; readonly key: SapDocumentKey; readonly messages: readonly SapMessage[] }
  | { readonly ok: false; readonly messages: readonly SapMessage[] };

/** The minimum of an FI document the protocol reads: where it goes and its unique reference. */
export interface ReferencedDocument {
  readonly DOCUMENTHEADER: { readonly COMP_CODE: string; readonly REF_DOC_NO: string };
}

/** An open item the payment's customer line (ITEMNO_ACC) settles, for clearing strategy (b). */
export interface ClearingRequest {
  readonly ITEMNO_ACC: string;
  readonly BUKRS: string;
  readonly KUNNR: string;
  readonly BELNR: string;
  readonly GJAHR: string;
  readonly BUZEI: string;
}

export interface PostingTarget<D extends ReferencedDocument = ReferencedDocument> {
  /**
   * Posts the document: BAPI_ACC_DOCUMENT_POST and BAPI_TRANSACTION_COMMIT on one session, or,
   * where the company code clears through the customer's clearing RFC, that RFC with `clearing`.
   * Throws when SAP did not answer.
   */
  postDocument(doc: D, options?: { readonly clearing?: readonly ClearingRequest[] }): Promise<PostOutcome>;
  /** BKPF by BUKRS and XBLNR: the document SAP holds under this reference, if any. */
  findDocumentByReference(companyCode: string, reference: string): Promise<SapDocumentKey | null>;
  /**
   * The same for many references in few round trips (one read for a bulk or automatic posting
   * run); references SAP does not hold are absent. Without it, references are looked up one by one.
   */
  findDocumentsByReferences?(
    companyCode: string,
    references: readonly string[],
  ): Promise<ReadonlyMap<string, SapDocumentKey>>;
  /**
   * Whether an error thrown by postDocument leaves the outcome unknown (a broken connection) or
   * is SAP's definite refusal. Without it every error counts as unknown, which is always safe.
   */
  isOutcomeUnknown?(error: unknown): boolean;
}

/** An item's key: BUKRS, BELNR, GJAHR, BUZEI. */
export type OpenItemKey = OpenItem['source'];

/** A page of what changed in SAP's open items since a day. */
export interface OpenItemChanges {
  /** Items entered (or changed) since: open now; they replace what the mirror holds. */
  readonly open: readonly OpenItem[];
  /** Items SAP cleared since (BSAD by clearing date): they leave the mirror's open items. */
  readonly cleared: readonly OpenItemKey[];
}

/** How many open items SAP holds in one currency of a company code, and their signed sum. */
export interface OpenItemTotal {
  readonly currency: string;
  readonly count: number;
  /** Debits positive, credits negative, in minor units. */
  readonly sumMinor: number;
}

/**
 * What the mirror reads, page by page: each page is written to the store as it comes, so memory
 * stays bounded by a page (times the reads in flight) whatever the size of the ledger
 * (docs/ARCHITECTURE.md, "Mirroring SAP"). Days are SAP's calendar days (ISO dates).
 */
export interface MasterDataSource {
  /** Every customer of the company code (KNB1 with KNA1), flagged for deletion or not. */
  readCustomers(companyCode: string): AsyncIterable<readonly Customer[]>;
  /** Customers created or changed on or after the day (change documents), as SAP holds them now. */
  readChangedCustomers(companyCode: string, since: IsoDate): AsyncIterable<readonly Customer[]>;
  /** Every open item (BSID) of the company code. */
  readOpenItems(companyCode: string): AsyncIterable<readonly OpenItem[]>;
  /** Items entered or changed on or after the day, and items cleared on or after it. */
  readOpenItemChanges(companyCode: string, since: IsoDate): AsyncIterable<OpenItemChanges>;
  /** Count and signed sum of the company code's open items per currency, as SAP holds them now. */
  openItemTotals(companyCode: string): Promise<readonly OpenItemTotal[]>;
}

/**
 * SAP for the core: the customer master and open items per company code, and posting. `mirror`,
 * when the transport has one (RFC), reads them in pages and by what changed; without it the sync
 * reads them whole.
 */
export interface ErpSystem extends PostingTarget<FiDocument> {
  listCustomers(companyCode: string): Promise<Customer[]>;
  getOpenItems(companyCode: string): Promise<OpenItem[]>;
  readonly mirror?: MasterDataSource;
}
