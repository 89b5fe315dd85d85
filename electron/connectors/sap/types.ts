// The one interface the core uses to talk to SAP ECC, whatever the transport (RFC, OData, IDoc).
import type { Customer, IsoDate, OpenItem, SapMessage } from '../../../shared/domain';
import type { SapCurrencyTable } from '../../../shared/money';
import type { CompanyCalendar, FiDocument, FiDocumentKey } from '../../../shared/posting';
import type { ClearingRequest, MasterDataSource, ReferenceInSap } from '../../../shared/ports';
import type { Policy } from '../../resilience';

export type SapTransport = 'rfc' | 'odata' | 'idoc';

/** The outcome of a posting SAP answered. A call SAP did not answer throws instead. */
export type PostResult =
  | {
      readonly ok: true;
      readonly key: FiDocumentKey;
      readonly messages: readonly SapMessage[];
      /** The IDoc that carried the document (IDoc transport): its number and status 53. */
      readonly idoc?: { readonly number: string; readonly status: string };
    }
  | { readonly ok: false; readonly messages: readonly SapMessage[] };

/** A reversal's outcome, with the clearing documents whose clearing was reset before it (FBRA). */
export type ReversalResult = PostResult & { readonly clearingReset: readonly FiDocumentKey[] };

/** Which open item a customer line of the payment document clears (clearing strategy b): the core's posting port's ClearingRequest. */
export type ClearingInstruction = ClearingRequest;

export interface PostOptions {
  /** Run BAPI_ACC_DOCUMENT_CHECK first (one more round trip; catches errors before a number is drawn). */
  readonly check?: boolean;
  /**
   * The open items the payment's customer lines settle. Where the company code's clearing
   * strategy is the customer's clearing RFC (RFC transport), the document goes through that RFC
   * and clears them; everywhere else it is posted on account and they are ignored.
   */
  readonly clearing?: readonly ClearingInstruction[];
}

/**
 * Clearing strategy of a company code (docs/ARCHITECTURE.md, "Posting exactly once"): on account for SAP's automatic clearing,
 * the customer's clearing RFC, or ACC_DOCUMENT IDocs to the HTTP XML port.
 */
export type ClearingStrategy = 'on-account' | 'clearing-rfc' | 'idoc';

export interface SapSystem {
  readonly transport: SapTransport;
  /** The SAP system's resilience policy (./resilience.ts), where its calls go through one: retries and the breaker. */
  readonly policy?: Policy;
  /** The mirror's paged reads (shared/ports), where the transport has them (RFC). */
  readonly mirror?: MasterDataSource;
  /** Customers of a company code (KNB1 joined with KNA1), all pages collected: for small company codes and tests. */
  listCustomers(companyCode: string): Promise<Customer[]>;
  /**
   * Open items at the key date (default today): of one customer (BAPI_AR_ACC_GETOPENITEMS with
   * SECINDEX over RFC), or with no customer every page of readOpenItems collected.
   */
  getOpenItems(companyCode: string, customer?: string, keyDate?: IsoDate): Promise<OpenItem[]>;
  /**
   * BAPI_ACC_DOCUMENT_POST then BAPI_TRANSACTION_COMMIT (WAIT 'X') on the same session; rollback
   * on any E/A message. Resolves with SAP's answer; rejects when SAP did not answer (the outcome
   * is then unknown: resolve it with findDocumentByReference).
   */
  postDocument(doc: FiDocument, options?: PostOptions): Promise<PostResult>;
  /**
   * BKPF by BUKRS, BSTAT ' ' and XBLNR (index BKPF~1): the document posted under this reference that
   * stands (neither a reversed original nor a reversal: STBLG empty). Parked (BSTAT 'V') and noted
   * (BSTAT 'S') documents under it are not postings.
   */
  findDocumentByReference(companyCode: string, reference: string): Promise<FiDocumentKey | null>;
  /** The same for many references in few round trips; references SAP does not hold are absent. */
  findDocumentsByReferences(companyCode: string, references: readonly string[]): Promise<Map<string, FiDocumentKey>>;
  /**
   * Resets the clearing of the document's cleared customer lines (FBRA through the customer's
   * reset RFC or service), then BAPI_ACC_DOCUMENT_REV_POST + commit with the reason for reversal
   * (T041C) and posting date.
   */
  reverseDocument(key: FiDocumentKey, reason: string, postingDate: IsoDate): Promise<ReversalResult>;
  /** BKPF-STBLG/STJAH: the document's reversal, or null when it is not reversed. */
  findReversal(key: FiDocumentKey): Promise<FiDocumentKey | null>;
  /** The customer's clearing RFC: posts the payment and clears the named open items in one step. */
  postAndClear(doc: FiDocument, clearing: readonly ClearingInstruction[]): Promise<PostResult>;
  /**
   * What SAP holds under each reference, postings it has not made yet included: the IDoc transport asks
   * the IDocs' status first (an IDoc in 64 or 51 is held, not absent), then BKPF. Absent references are missing.
   */
  referencesInSap?(companyCode: string, references: readonly string[]): Promise<ReadonlyMap<string, ReferenceInSap>>;
  /**
   * The company code's fiscal calendar (T001, T009/T009B/T009Y, T001B), where the transport can read
   * SAP's tables (RFC). The OData service and the IDoc port expose no such tables: without it the
   * posting date is sent as it is and SAP derives and checks the period.
   */
  postingCalendar?(companyCode: string): Promise<CompanyCalendar>;
  /** TCURC/TCURX as a currency table (SAP keys, ISO codes, decimals). */
  readCurrencies(): Promise<SapCurrencyTable>;
  close(): Promise<void>;
}
