// SAP as the core sees it, whatever the transport (RFC, OData, IDoc): what sync reads and what
// the posting protocol needs. The SAP connector implements it (electron/connectors/sap/erp.ts).
import type { Customer, OpenItem, SapMessage } from '../domain';
import type { FiDocument } from '../posting/fi-document';
import type { CompanyCalendar } from '../posting/fiscal-calendar';

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
  /**
   * BKPF by BUKRS and XBLNR: the document SAP holds under this reference, if any. A reversed
   * document (STBLG set) and a reversal document do not count: SAP does not hold that posting
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

/** SAP for the core: the customer master and open items per company code, posting and reversing. */
export interface ErpSystem extends PostingTarget<FiDocument>, ReversalTarget {
  listCustomers(companyCode: string): Promise<Customer[]>;
  getOpenItems(companyCode: string): Promise<OpenItem[]>;
  /**
   * The company code's fiscal calendar (T001, T009/T009B/T009Y, T001B): which period a posting
   * date falls in and which periods are open. Without it (a transport that cannot read it) the
   * posting date is sent as it is and SAP derives the period.
   */
  postingCalendar?(companyCode: string): Promise<CompanyCalendar>;
}
