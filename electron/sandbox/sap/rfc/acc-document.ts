// BAPI_ACC_DOCUMENT_CHECK / _POST / _REV_POST. POST and REV_POST register their update work on the
// session; it becomes durable with BAPI_TRANSACTION_COMMIT on the same session.
import type { FunctionHandler } from './context';
import { draftFromParams } from './draft';

export const accDocumentCheck: FunctionHandler = (ctx, params) => ({
  ...params,
  RETURN: ctx.ledger.check(draftFromParams(params)),
});

export const accDocumentPost: FunctionHandler = (ctx, params) => {
  const prepared = ctx.ledger.prepare(draftFromParams(params), ctx.user);
  if (!prepared.ok) return { ...params, OBJ_TYPE: '', OBJ_KEY: '', OBJ_SYS: '', RETURN: prepared.messages };
  ctx.session.pending.push(prepared.apply);
  return {
    ...params,
    OBJ_TYPE: 'BKPFF',
    OBJ_KEY: prepared.objKey,
    OBJ_SYS: ctx.ledger.logicalSystem,
    RETURN: prepared.messages,
  };
};

export const accDocumentRevPost: FunctionHandler = (ctx, params) => {
  const reversal = Object.fromEntries(
    Object.entries((params.REVERSAL as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [
      k,
      String(v ?? ''),
    ]),
  );
  const prepared = ctx.ledger.prepareReversal(reversal, ctx.user);
  if (!prepared.ok) return { ...params, OBJ_TYPE: '', OBJ_KEY: '', OBJ_SYS: '', RETURN: prepared.messages };
  ctx.session.pending.push(prepared.apply);
  return {
    ...params,
    OBJ_TYPE: 'BKPFF',
    OBJ_KEY: prepared.objKey,
    OBJ_SYS: ctx.ledger.logicalSystem,
    RETURN: prepared.messages,
  };
};
