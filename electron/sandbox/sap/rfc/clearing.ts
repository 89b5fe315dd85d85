// The customer's clearing wrapper (default name Z_CLEARDESK_POST_AND_CLEAR): takes the same
// document tables as BAPI_ACC_DOCUMENT_POST plus CLEARING (which open item each customer line
// pays) and posts + clears through POSTING_INTERFACE_CLEARING. FB05 runs as CALL TRANSACTION,
// which commits on its own, so the result is durable when the call returns.
import type { ClearingRow } from '../ledger-types';
import type { FunctionHandler } from './context';
import { draftFromParams } from './draft';

export const postAndClear: FunctionHandler = (ctx, params) => {
  const clearing = ((params.CLEARING as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
    ITEMNO_ACC: String(r.ITEMNO_ACC ?? ''),
    COMP_CODE: String(r.COMP_CODE ?? '').trim(),
    CUSTOMER: String(r.CUSTOMER ?? '').trim(),
    FISC_YEAR: String(r.FISC_YEAR ?? '').trim(),
    DOC_NO: String(r.DOC_NO ?? '').trim(),
    ITEM_NUM: String(r.ITEM_NUM ?? '').trim(),
  })) satisfies ClearingRow[];
  const prepared = ctx.ledger.prepareClearing(draftFromParams(params), clearing, ctx.user);
  if (!prepared.ok) return { ...params, OBJ_TYPE: '', OBJ_KEY: '', OBJ_SYS: '', RETURN: prepared.messages };
  prepared.apply();
  return {
    ...params,
    OBJ_TYPE: 'BKPFF',
    OBJ_KEY: prepared.objKey,
    OBJ_SYS: ctx.ledger.logicalSystem,
    RETURN: prepared.messages,
  };
};
