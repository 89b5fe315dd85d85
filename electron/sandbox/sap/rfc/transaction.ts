// BAPI_TRANSACTION_COMMIT (COMMIT WORK [AND WAIT]) and BAPI_TRANSACTION_ROLLBACK on the session.
import { type Bapiret2, bapiret2 } from '../messages';
import type { FunctionHandler } from './context';

const blank = (): Bapiret2 => ({ ...bapiret2('S', '', '000'), TYPE: '', MESSAGE: '', NUMBER: '000' });

export const transactionCommit: FunctionHandler = (ctx, params) => {
  const work = ctx.session.pending;
  ctx.session.pending = [];
  for (const apply of work) apply();
  return { ...params, RETURN: blank() };
};

export const transactionRollback: FunctionHandler = (ctx, params) => {
  ctx.session.pending = [];
  return { ...params, RETURN: blank() };
};
