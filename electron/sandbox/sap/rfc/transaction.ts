// BAPI_TRANSACTION_COMMIT (COMMIT WORK [AND WAIT]) and BAPI_TRANSACTION_ROLLBACK on the session.
// COMMIT WORK hands the session's update work to the update task and returns; with WAIT (any
// non-blank value) it returns once the update task has written it (SapLedger.commitWork).
import { type Bapiret2, bapiret2 } from '../messages';
import type { FunctionHandler } from './context';

const blank = (): Bapiret2 => ({ ...bapiret2('S', '', '000'), TYPE: '', MESSAGE: '', NUMBER: '000' });

export const transactionCommit: FunctionHandler = async (ctx, params) => {
  const work = ctx.session.pending;
  ctx.session.pending = [];
  const update = ctx.ledger.commitWork(work);
  if (String(params.WAIT ?? '').trim() !== '') await update;
  return { ...params, RETURN: blank() };
};

export const transactionRollback: FunctionHandler = (ctx, params) => {
  ctx.session.pending = [];
  return { ...params, RETURN: blank() };
};
