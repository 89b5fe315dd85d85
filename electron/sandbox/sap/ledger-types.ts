// The records of the in-memory FI-AR ledger, under SAP's table and field names.
import type { Money } from '../../../shared/money';

/** T001 (company code) with the fiscal-year variant and posting-period variant. */
export interface T001Row {
  BUKRS: string;
  BUTXT: string;
  ORT01: string;
  LAND1: string;
  WAERS: string;
  SPRAS: string;
  KTOPL: string;
  PERIV: string;
  OPVAR: string;
}

export interface Kna1Row {
  KUNNR: string;
  NAME1: string;
  STRAS: string;
  ORT01: string;
  PSTLZ: string;
  LAND1: string;
  REGIO: string;
  SPRAS: string;
  KTOKD: string;
  LOEVM: string;
  /** The corporate group key ('' when none). */
  KONZS: string;
  /** Central posting block ('X': no posting to the customer in any company code; XD05). */
  SPERR: string;
  /** ADR6-SMTP_ADDR, kept with the customer for GETDETAIL2 and served as ADR6 (table ADR6, keyed by ADRNR). */
  SMTP_ADDR: string;
  /** KNA1-ADRNR, the customer's address number (ADRC/ADR6 key), given by the ledger when the customer is created. */
  ADRNR: string;
}

export interface Knb1Row {
  KUNNR: string;
  BUKRS: string;
  AKONT: string;
  ZTERM: string;
  ZWELS: string;
  /** Posting block in this company code ('X'; XD05). */
  SPERR: string;
  LOEVM: string;
  ZUAWA: string;
  /** The head office (payer) account of a branch ('' when none). */
  KNRZE: string;
}

export interface BkpfRow {
  BUKRS: string;
  BELNR: string;
  GJAHR: string;
  BLART: string;
  BLDAT: string;
  BUDAT: string;
  MONAT: string;
  CPUDT: string;
  CPUTM: string;
  USNAM: string;
  TCODE: string;
  XBLNR: string;
  STBLG: string;
  STJAH: string;
  STGRD: string;
  BKTXT: string;
  WAERS: string;
  HWAER: string;
  BSTAT: string;
  /** Day of the last change of the document by a transaction (FB02); '' when never changed. */
  AEDAT?: string;
  GLVOR: string;
  AWTYP: string;
  AWKEY: string;
  AWSYS: string;
}

/** One BSEG line. Amounts are positive; SHKZG says debit (S) or credit (H). */
export interface BsegLine {
  BUZEI: string;
  BSCHL: string;
  KOART: 'D' | 'S';
  SHKZG: 'S' | 'H';
  HKONT: string;
  KUNNR: string;
  WRBTR: Money;
  DMBTR: Money;
  ZUONR: string;
  SGTXT: string;
  AUGBL: string;
  AUGDT: string;
  AUGGJ: string;
  ZFBDT: string;
  ZTERM: string;
  /** Cost centre and profit centre of a G/L line ('' when none). */
  KOSTL?: string;
  PRCTR?: string;
  REBZG: string;
  REBZJ: string;
  REBZZ: string;
  /** Special G/L indicator of a customer line ('A' down payment, 'F' request, ...); '' or absent when normal. */
  UMSKZ?: string;
  /** Payment terms as the line holds them (T052 resolved at posting): days, and percentages in thousandths. */
  ZBD1T?: number;
  ZBD1P?: number;
  ZBD2T?: number;
  ZBD2P?: number;
  ZBD3T?: number;
  /** Reason code of a customer line (residual items, deductions; from EXTENSION2 through the ACC_DOCUMENT BAdI). */
  RSTGR?: string;
}

/** CDHDR: a change document header (object class DEBI for customers, OBJECTID = KUNNR). */
export interface CdhdrRow {
  OBJECTCLAS: string;
  OBJECTID: string;
  CHANGENR: string;
  USERNAME: string;
  UDATE: string;
  UTIME: string;
  TCODE: string;
  /** I created, U changed. */
  CHANGE_IND: string;
}

export interface LedgerDocument {
  header: BkpfRow;
  lines: BsegLine[];
}

export interface DocumentKey {
  BUKRS: string;
  BELNR: string;
  GJAHR: string;
}

/** A document as the accounting BAPIs receive it: BAPIACHE09 + item tables, field names as SAP's. */
export interface DraftDocument {
  header: Record<string, string>;
  gl: Record<string, string>[];
  ar: Record<string, string>[];
  amounts: Record<string, string>[];
  /** EXTENSION2 (BAPIPAREX) rows, as the system's ACC_DOCUMENT BAdI reads them. */
  extension2?: Record<string, string>[];
}

/** A row of the clearing wrapper's CLEARING table. */
export interface ClearingRow {
  ITEMNO_ACC: string;
  COMP_CODE: string;
  CUSTOMER: string;
  FISC_YEAR: string;
  DOC_NO: string;
  ITEM_NUM: string;
}

export interface EdidcRow {
  DOCNUM: string;
  STATUS: string;
  DIRECT: string;
  IDOCTP: string;
  MESTYP: string;
  SNDPOR: string;
  SNDPRT: string;
  SNDPRN: string;
  CREDAT: string;
  CRETIM: string;
  ARCKEY: string;
}

export interface EdidsRow {
  DOCNUM: string;
  LOGDAT: string;
  LOGTIM: string;
  COUNTR: string;
  STATUS: string;
  STATXT: string;
  STAPA1: string;
  STAPA2: string;
  STAPA3: string;
  STAPA4: string;
  STAMID: string;
  STAMNO: string;
  STATYP: string;
}
