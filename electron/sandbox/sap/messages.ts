// BAPIRET2 / BAPIRETURN rows as SAP writes them: message class, number, the short text with
// "&" placeholders filled from MESSAGE_V1..V4.
//
// Confirmed texts (sap-ecc.md §2.7, erplingo): RW 605, RW 609, F5 102, F5 201, F5 702; KI 235 (SAP notes).
// [U] marks texts chosen for the sandbox that were not confirmed against a real system.

export interface Bapiret2 {
  TYPE: string;
  ID: string;
  NUMBER: string;
  MESSAGE: string;
  LOG_NO: string;
  LOG_MSG_NO: string;
  MESSAGE_V1: string;
  MESSAGE_V2: string;
  MESSAGE_V3: string;
  MESSAGE_V4: string;
  PARAMETER: string;
  ROW: number;
  FIELD: string;
  SYSTEM: string;
}

/** The older BAPIRETURN (GETOPENITEMS and friends): CODE instead of ID + NUMBER. */
export interface BapiReturn {
  TYPE: string;
  CODE: string;
  MESSAGE: string;
  LOG_NO: string;
  LOG_MSG_NO: string;
  MESSAGE_V1: string;
  MESSAGE_V2: string;
  MESSAGE_V3: string;
  MESSAGE_V4: string;
}

const TEXTS: Readonly<Record<string, string>> = {
  'RW 605': 'Document posted successfully: & & &',
  'RW 609': 'Error in document: & & &',
  'RW 614': 'Document check without errors', // [U] commonly cited, not confirmed
  'RW 002': 'No item information transferred into Accounting',
  'RW 003': 'No currency information transferred into Accounting',
  'RW 004': 'Object type or reference number is initial',
  'RW 008': 'FI/CO interface: Inconsistent currency information',
  'RW 014': 'FI/CO interface: Line item entered several times',
  'F5 102': 'Customer & is not defined in company code &',
  'F5 201': 'Posting period & & is not open',
  'F5 702': 'Balance in transaction currency',
  'F5 165': 'Company code & is not defined', // [U]
  'F5 814': 'Document type & is not defined', // [U]
  'F5 151': 'Document & & & does not exist', // [U]
  'F5 806': 'Document & & & has already been reversed', // [U]
  'F5 807': 'Document & & & contains cleared items; reverse the clearing first', // [U]
  'F5 154': 'Reason for reversal & is not defined', // [U] T041C; number not confirmed
  'F5 155': 'Reversal reason & does not allow an alternative posting date', // [U] T041C-XABWD; number not confirmed
  'F5 351': 'Account & is blocked for posting', // [U] KNA1/KNB1-SPERR (XD05); number and text not confirmed
  'FH 010': 'G/L account & is not defined in chart of accounts &', // [U]
  'KI 235': 'Account & requires an assignment to a CO object',
  'KI 248': 'Cost center &/& does not exist on &', // [U] text as SAP shows it; number not confirmed
  'SG 105': 'Enter rate & / & rate type M for & in the system settings', // [U]
  'BM 028': 'Amount & & has more decimal places than the currency allows', // [U]
  'FN 021': 'Currency & is not defined', // [U]
  'S& 101': 'Posting could not be carried out',
  'F2 163': 'Customer & has not been created', // [U]
  ZCLEARDESK_001: 'Item & & & & is not an open item of customer &',
  ZCLEARDESK_002: 'Document item & of the payment is not a customer line',
  ZCLEARDESK_003: 'Payments exceed the open amount of item & & &',
  ZCLEARDESK_004: 'Reason code & for document item & is not a customer line or not a reason code',
  // The reset wrapper (POSTING_INTERFACE_RESET_CLEAR, FBRA "only resetting", behind a Z RFC).
  ZCLEARDESK_010: 'Clearing & & & was reset; & item(s) are open again',
  ZCLEARDESK_011: 'Clearing document & & & clears no customer items',
  ZCLEARDESK_012: 'Clearing & & & was made by a reversal and is not reset',
};

export function messageText(id: string, number: string, v: readonly string[]): string {
  const template = TEXTS[`${id} ${number}`] ?? TEXTS[`${id}_${number}`] ?? `${id} ${number}`;
  let i = 0;
  return template.replace(/&/g, () => v[i++] ?? '');
}

export interface MessageOptions {
  parameter?: string;
  row?: number;
  field?: string;
  system?: string;
}

export function bapiret2(
  type: 'S' | 'E' | 'W' | 'I' | 'A',
  id: string,
  number: string,
  v: readonly string[] = [],
  o: MessageOptions = {},
): Bapiret2 {
  return {
    TYPE: type,
    ID: id,
    NUMBER: number,
    MESSAGE: messageText(id, number, v),
    LOG_NO: '',
    LOG_MSG_NO: '000000',
    MESSAGE_V1: v[0] ?? '',
    MESSAGE_V2: v[1] ?? '',
    MESSAGE_V3: v[2] ?? '',
    MESSAGE_V4: v[3] ?? '',
    PARAMETER: o.parameter ?? '',
    ROW: o.row ?? 0,
    FIELD: o.field ?? '',
    SYSTEM: o.system ?? '',
  };
}

export const emptyBapiReturn = (): BapiReturn => ({
  TYPE: '',
  CODE: '',
  MESSAGE: '',
  LOG_NO: '',
  LOG_MSG_NO: '000000',
  MESSAGE_V1: '',
  MESSAGE_V2: '',
  MESSAGE_V3: '',
  MESSAGE_V4: '',
});

export function bapiReturn(
  type: 'E' | 'W' | 'I' | 'S',
  id: string,
  number: string,
  v: readonly string[] = [],
): BapiReturn {
  return {
    ...emptyBapiReturn(),
    TYPE: type,
    CODE: `${id}${number}`,
    MESSAGE: messageText(id, number, v),
    MESSAGE_V1: v[0] ?? '',
    MESSAGE_V2: v[1] ?? '',
    MESSAGE_V3: v[2] ?? '',
    MESSAGE_V4: v[3] ?? '',
  };
}

/** KUNNR as SAP prints it in messages (ALPHA output: no leading zeros). */
export const alphaOut = (s: string): string => (/^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s);
