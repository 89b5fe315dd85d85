// SAP as the core sees it, whatever the transport (RFC, OData, IDoc): what sync reads and what
// the posting protocol needs. The SAP connector implements it (electron/connectors/sap/erp.ts).
import type { Customer, IsoDate, OpenItem, SapMessage } from '../domain';
import type { FiDocument } from '../posting/fi-document';
import type { CompanyCalendar } from '../posting/fiscal-calendar';

export interface SapDocumentKey {
  readonly BELNR: string;
  readonly BUKRS: string;
  readonly GJAHR: string;
}

export type PostOutcome =
  | {
      readonly ok: true;
      readonly key: SapDocumentKey;
      readonly messages: readonly SapMessage[];
      /** The IDoc that carried it, where it went as one (its number and final status 53). */
      readonly idoc?: { readonly number: string; readonly status: string };
    }
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

/**
 * A posting SAP holds but has not posted yet and may still post on its own: an inbound IDoc in a
 * status SAP processes further (64 waits for RBDAPP01, 51 is posted again by BD87 or RBDMANI2, ...).
 * Sending the document again would post it twice; ClearDesk waits for SAP instead.
 */
export interface HeldInSap {
  /** The IDoc number (DOCNUM). */
  readonly idoc: string;
  /** Its current status, e.g. '64' or '51'. */
  readonly status: string;
  readonly statusText: string;
  /** SAP's messages on the status records (why a 51 was not posted), verbatim. */
  readonly messages: readonly SapMessage[];
}

/** What SAP holds under a posting reference, as the exactly-once protocol needs to know it. */
export type ReferenceInSap =
  /** Posted (BKPF with BSTAT ' ', or an IDoc in 53): the document key. `notes` say what else SAP still holds. */
  | {
      readonly state: 'posted';
      readonly key: SapDocumentKey;
      readonly notes?: readonly SapMessage[];
      /** The IDoc that posted it (status 53), where it went as one. */
      readonly idoc?: { readonly number: string; readonly status: string };
    }
  /** Held, not posted: SAP may still post it. Never send again while it is. */
  | { readonly state: 'held'; readonly held: HeldInSap }
  /** Nothing SAP holds or will still post: safe to send. */
  | { readonly state: 'absent' };

/**
 * postDocument's answer when SAP took the document but has not posted it (an IDoc not in 53 yet):
 * the outcome is neither a document nor a refusal. The poster keeps the posting "in SAP, pending".
 */
export class HeldInSapError extends Error {
  override readonly name = 'HeldInSapError';
  constructor(
    readonly reference: string,
    readonly held: HeldInSap,
  ) {
    super(
      `SAP holds ${reference} as IDoc ${held.idoc} in status ${held.status} (${held.statusText}) and has not posted it yet.`,
    );
  }
}

export interface PostingTarget<D extends ReferencedDocument = ReferencedDocument> {
  /**
   * Posts the document: BAPI_ACC_DOCUMENT_POST and BAPI_TRANSACTION_COMMIT on one session, or,
   * where the company code clears through the customer's clearing RFC, that RFC with `clearing`.
   * Throws when SAP did not answer.
   */
  postDocument(doc: D, options?: { readonly clearing?: readonly ClearingRequest[] }): Promise<PostOutcome>;
  /**
   * Why SAP is not being called right now (its circuit breaker is open after repeated failures), or
   * null. A posting is not started while it says why: the payment stays where it is, nothing is sent.
   */
  unavailable?(): string | null;
  /**
   * While SAP's breaker is open: when it lets one trial call through again (epoch ms, the end of its
   * cool-down); null when it is not open.
   */
  trialAt?(): number | null;
  /**
   * BKPF by BUKRS, BSTAT ' ' and XBLNR: the document SAP has posted under this reference, if any. A
   * reversed document (STBLG set) and a reversal document do not count: SAP does not hold that posting
   * any more, so it is not "already posted".
   */
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
   * What SAP holds under each reference, postings it has not made yet included (IDocs in 64, 51, ...):
   * for company codes that post by IDoc the IDoc's status decides first, then BKPF. Without it, BKPF
   * alone answers (findDocumentsByReferences / findDocumentByReference). References absent from the
   * answer are absent in SAP.
   */
  referencesInSap?(companyCode: string, references: readonly string[]): Promise<ReadonlyMap<string, ReferenceInSap>>;
  /**
   * Whether an error thrown by postDocument leaves the outcome unknown (a broken connection) or
   * is SAP's definite refusal. Without it every error counts as unknown, which is always safe.
   */
  isOutcomeUnknown?(error: unknown): boolean;
}

/** How a posted document is reversed: SAP's reason for reversal (T041C) and the reversal's posting date. */
export interface ReversalInstruction {
  /** BAPIACREV-REASON_REV, e.g. '01' reversal in current period. */
  readonly reasonCode: string;
  /** ISO date the reversal posts on (BAPIACREV-PSTNG_DATE). */
  readonly postingDate: string;
}

/** SAP's answer to a reversal, with the clearing documents whose clearing was reset before it. */
export type ReversalOutcome = PostOutcome & { readonly clearingReset: readonly SapDocumentKey[] };

/** Reversing a document SAP holds (docs/ARCHITECTURE.md, "Reversals"). */
export interface ReversalTarget {
  /**
   * Resets the clearing of the document's customer lines when they are cleared (FBRA, through
   * the customer's reset RFC), then BAPI_ACC_DOCUMENT_REV_POST and BAPI_TRANSACTION_COMMIT on one
   * session. Throws when SAP did not answer (the outcome is then unknown: ask findReversal).
   */
  reverseDocument(original: SapDocumentKey, instruction: ReversalInstruction): Promise<ReversalOutcome>;
  /** BKPF-STBLG/STJAH of the document: the reversal SAP holds for it, or null when it is not reversed. */
  findReversal(original: SapDocumentKey): Promise<SapDocumentKey | null>;
}

/** An item's key: BUKRS, BELNR, GJAHR, BUZEI. */
export type OpenItemKey = OpenItem['source'];

/**
 * An item SAP holds as cleared (BSAD), whole, with its clearing document (AUGBL) and date (AUGDT): what the
 * full read keeps of the clearings within the cleared-items look-back, so an invoice cleared before the
 * mirror's first run still names a second payment of it a likely duplicate (shared/matching/cleared.ts).
 */
export type ClearedOpenItem = OpenItem & {
  readonly clearing: { readonly AUGBL: string; readonly AUGDT: IsoDate | null };
};

/** A page of what changed in SAP's open items since a day. */
export interface OpenItemChanges {
  /** Items entered (or changed) since: open now; they replace what the mirror holds. */
  readonly open: readonly OpenItem[];
  /**
   * Items SAP cleared since (BSAD by clearing date, and by the clearing documents entered since), whole: they
   * leave the mirror's open items, or join it as cleared when it never held them open (posted and cleared
   * since the last run), keeping their clearing, which names a second payment of the invoice a likely
   * duplicate (shared/matching/cleared.ts).
   */
  readonly cleared: readonly ClearedOpenItem[];
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
  /**
   * Every item of the company code SAP cleared on or after the day (BSAD by AUGDT), whole and with its
   * clearing: the full read's look-back at cleared items.
   */
  readClearedItems(companyCode: string, since: IsoDate): AsyncIterable<readonly ClearedOpenItem[]>;
  /** Items entered or changed on or after the day, and items cleared on or after it. */
  readOpenItemChanges(companyCode: string, since: IsoDate): AsyncIterable<OpenItemChanges>;
  /** Count and signed sum of the company code's open items per currency, as SAP holds them now. */
  openItemTotals(companyCode: string): Promise<readonly OpenItemTotal[]>;
  /**
   * Those of the items (keys) that SAP lists as open now (BSID): items the mirror had as cleared that
   * a clearing reset (FBRA) put back. Without it, the periodic reconciliation finds them.
   */
  readOpenItemsByKey?(companyCode: string, keys: readonly OpenItemKey[]): AsyncIterable<readonly OpenItem[]>;
}

/**
 * SAP for the core: the customer master and open items per company code, posting and reversing.
 * `mirror`, when the transport has one (RFC), reads them in pages and by what changed; without it the
 * sync reads them whole.
 */
export interface ErpSystem extends PostingTarget<FiDocument>, ReversalTarget {
  listCustomers(companyCode: string): Promise<Customer[]>;
  getOpenItems(companyCode: string): Promise<OpenItem[]>;
  readonly mirror?: MasterDataSource;
  /**
   * The company code's fiscal calendar (T001, T009/T009B/T009Y, T001B): which period a posting
   * date falls in and which periods are open. Without it (a transport that cannot read it) the
   * posting date is sent as it is and SAP derives the period.
   */
  postingCalendar?(companyCode: string): Promise<CompanyCalendar>;
}
