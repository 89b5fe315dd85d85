// The BAPIs by SAP's own names, each one call on a given client (session). Errors from node-rfc
// are rethrown as SapCallError with the original object kept.
import { SapCallError, type RfcErrorObject } from '../errors';
import type { FiDocument } from '../../../../shared/posting';
import type { RfcClientLike } from './node-rfc';

export async function rfcCall(
  client: RfcClientLike,
  rfm: string,
  params: Record<string, unknown>,
  operation: string,
  timeout?: number,
): Promise<Record<string, unknown>> {
  try {
    return await client.call(rfm, params, timeout ? { timeout } : undefined);
  } catch (e) {
    if (e instanceof SapCallError) throw e;
    const obj = e && typeof e === 'object' && 'message' in e ? (e as RfcErrorObject) : null;
    throw new SapCallError(`${operation} (${rfm})`, obj, e);
  }
}

const documentTables = (doc: FiDocument): Record<string, unknown> => ({
  DOCUMENTHEADER: doc.DOCUMENTHEADER,
  ACCOUNTGL: doc.ACCOUNTGL,
  ACCOUNTRECEIVABLE: doc.ACCOUNTRECEIVABLE,
  CURRENCYAMOUNT: doc.CURRENCYAMOUNT,
  ...(doc.EXTENSION2 ? { EXTENSION2: doc.EXTENSION2 } : {}),
});

export const BAPI_ACC_DOCUMENT_CHECK = (c: RfcClientLike, doc: FiDocument, t?: number) =>
  rfcCall(
    c,
    'BAPI_ACC_DOCUMENT_CHECK',
    { ...documentTables(doc), RETURN: [] },
    `checking document ${doc.DOCUMENTHEADER.REF_DOC_NO}`,
    t,
  );

export const BAPI_ACC_DOCUMENT_POST = (c: RfcClientLike, doc: FiDocument, t?: number) =>
  rfcCall(
    c,
    'BAPI_ACC_DOCUMENT_POST',
    { ...documentTables(doc), RETURN: [] },
    `posting document ${doc.DOCUMENTHEADER.REF_DOC_NO}`,
    t,
  );

export const BAPI_ACC_DOCUMENT_REV_POST = (
  c: RfcClientLike,
  reversal: Record<string, string>,
  busAct: string,
  t?: number,
) =>
  rfcCall(
    c,
    'BAPI_ACC_DOCUMENT_REV_POST',
    { REVERSAL: reversal, BUS_ACT: busAct, RETURN: [] },
    `reversing ${reversal.OBJ_KEY_R}`,
    t,
  );

/** The customer's reset wrapper around POSTING_INTERFACE_RESET_CLEAR (FBRA), for one clearing document. */
export const resetClearingCall = (
  c: RfcClientLike,
  rfm: string,
  clearing: { BELNR: string; BUKRS: string; GJAHR: string },
  t?: number,
) =>
  rfcCall(
    c,
    rfm,
    { I_BUKRS: clearing.BUKRS, I_AUGBL: clearing.BELNR, I_GJAHR: clearing.GJAHR, RETURN: [] },
    `resetting clearing ${clearing.BELNR}/${clearing.BUKRS}/${clearing.GJAHR}`,
    t,
  );

export const BAPI_TRANSACTION_COMMIT = (c: RfcClientLike, what: string, t?: number) =>
  rfcCall(c, 'BAPI_TRANSACTION_COMMIT', { WAIT: 'X' }, `committing ${what}`, t);

export const BAPI_TRANSACTION_ROLLBACK = (c: RfcClientLike, what: string, t?: number) =>
  rfcCall(c, 'BAPI_TRANSACTION_ROLLBACK', {}, `rolling back ${what}`, t);

export const BAPI_AR_ACC_GETOPENITEMS = (c: RfcClientLike, bukrs: string, kunnr: string, keyDate: string, t?: number) =>
  rfcCall(
    c,
    'BAPI_AR_ACC_GETOPENITEMS',
    // SECINDEX: read through BSID/BSAD instead of BSEG with BKPF per line item.
    { COMPANYCODE: bukrs, CUSTOMER: kunnr, KEYDATE: keyDate, SECINDEX: 'X' },
    `reading open items of customer ${kunnr} in ${bukrs}`,
    t,
  );

export const postAndClearCall = (
  c: RfcClientLike,
  rfm: string,
  doc: FiDocument,
  clearing: Record<string, string>[],
  t?: number,
) =>
  rfcCall(
    c,
    rfm,
    { ...documentTables(doc), CLEARING: clearing, RETURN: [] },
    `posting and clearing ${doc.DOCUMENTHEADER.REF_DOC_NO}`,
    t,
  );
