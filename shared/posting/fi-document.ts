// The FI document in BAPI_ACC_DOCUMENT_POST's own terms: DOCUMENTHEADER (BAPIACHE09), ACCOUNTGL
// (BAPIACGL09), ACCOUNTRECEIVABLE (BAPIACAR09), CURRENCYAMOUNT (BAPIACCR09). Only the fields
// ClearDesk fills are typed; every name is the DDIC field name, so the object goes to SAP as is.

/** BAPIACHE09 subset. Dates are DATS (YYYYMMDD). */
export interface BapiAcHe09 {
  BUS_ACT: string;
  USERNAME: string;
  HEADER_TXT: string;
  COMP_CODE: string;
  DOC_DATE: string;
  PSTNG_DATE: string;
  DOC_TYPE: string;
  /** XBLNR: ClearDesk's unique posting reference (16 characters at most). */
  REF_DOC_NO: string;
  OBJ_TYPE?: string;
  OBJ_KEY?: string;
  OBJ_SYS?: string;
  FISC_YEAR?: string;
  FIS_PERIOD?: string;
}

/** BAPIACGL09 subset: a G/L line. */
export interface BapiAcGl09 {
  ITEMNO_ACC: string;
  GL_ACCOUNT: string;
  ITEM_TEXT: string;
  ALLOC_NMBR: string;
  VALUE_DATE?: string;
  COSTCENTER?: string;
  PROFIT_CTR?: string;
}

/** BAPIACAR09 subset: a customer line. */
export interface BapiAcAr09 {
  ITEMNO_ACC: string;
  CUSTOMER: string;
  ALLOC_NMBR: string;
  ITEM_TEXT: string;
  BLINE_DATE?: string;
  PMNTTRMS?: string;
}

/** BAPIACCR09 subset: the amount of one item; positive is a debit, negative a credit. */
export interface BapiAcCr09 {
  ITEMNO_ACC: string;
  CURR_TYPE: string;
  CURRENCY: string;
  AMT_DOCCUR: string;
}

/** BAPIPAREX: one row of EXTENSION2, read on SAP's side by an implementation of BAdI ACC_DOCUMENT. */
export interface BapiParex {
  STRUCTURE: string;
  VALUEPART1: string;
  VALUEPART2?: string;
  VALUEPART3?: string;
  VALUEPART4?: string;
}

/**
 * EXTENSION2's structure for a customer line's reason code (BSEG-RSTGR), which BAPIACAR09 does not
 * carry: VALUEPART1 is ITEMNO_ACC (10) followed by RSTGR (3). SAP takes it only where the customer's
 * ACC_DOCUMENT BAdI moves it into ACCIT-RSTGR (docs/ARCHITECTURE.md, "What goes into the FI document").
 */
export const RSTGR_EXTENSION = 'ZCLEARDESK_RSTGR';

export interface FiDocument {
  DOCUMENTHEADER: BapiAcHe09;
  ACCOUNTGL: BapiAcGl09[];
  ACCOUNTRECEIVABLE: BapiAcAr09[];
  CURRENCYAMOUNT: BapiAcCr09[];
  /** Only when a line needs what the standard tables lack (a residual item's reason code). */
  EXTENSION2?: BapiParex[];
}

/** An FI document's key: OBJ_KEY is BELNR (10) + BUKRS (4) + GJAHR (4) for OBJ_TYPE BKPFF. */
export interface FiDocumentKey {
  BELNR: string;
  BUKRS: string;
  GJAHR: string;
}

export function objKeyOf(key: FiDocumentKey): string {
  return key.BELNR.padStart(10, '0') + key.BUKRS.padEnd(4, ' ') + key.GJAHR;
}

export function parseObjKey(objKey: string): FiDocumentKey | null {
  const m = /^(\d{10})(.{4})(\d{4})$/.exec(objKey);
  if (!m) return null;
  return { BELNR: m[1]!, BUKRS: m[2]!.trim(), GJAHR: m[3]! };
}

/** NUMC ITEMNO_ACC for the n-th line (1-based): "0000000001". */
export const itemNo = (n: number): string => String(n).padStart(10, '0');

/** Field lengths SAP enforces on the fields ClearDesk fills (CHAR fields longer than this fail). */
export const FIELD_LENGTH = { REF_DOC_NO: 16, HEADER_TXT: 25, ITEM_TEXT: 50, ALLOC_NMBR: 18 } as const;
