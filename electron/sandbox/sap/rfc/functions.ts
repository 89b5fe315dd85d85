// The function modules the sandbox offers over RFC, with their signatures.
import { CLEARING_SIGNATURE, RESET_CLEARING_SIGNATURE, type ParamKind, SIGNATURES } from '../ddic';
import { accDocumentCheck, accDocumentPost, accDocumentRevPost } from './acc-document';
import { getBalancedItems, getOpenItems } from './ar-items';
import { postAndClear } from './clearing';
import type { FunctionHandler } from './context';
import { customerGetDetail2 } from './customer';
import { rfcReadTable } from './read-table';
import { resetClearing } from './reset-clearing';
import { transactionCommit, transactionRollback } from './transaction';

export const DEFAULT_CLEARING_FUNCTION = 'Z_CLEARDESK_POST_AND_CLEAR';
export const DEFAULT_RESET_CLEARING_FUNCTION = 'Z_CLEARDESK_RESET_CLEARING';

export interface FunctionModule {
  signature: Record<string, ParamKind>;
  handler: FunctionHandler;
}

export function functionModules(
  clearingFunction: string = DEFAULT_CLEARING_FUNCTION,
  resetClearingFunction: string = DEFAULT_RESET_CLEARING_FUNCTION,
): Map<string, FunctionModule> {
  const m = new Map<string, FunctionModule>();
  const add = (name: string, handler: FunctionHandler, signature = SIGNATURES[name]!): void =>
    void m.set(name, { signature, handler });
  add('BAPI_ACC_DOCUMENT_CHECK', accDocumentCheck);
  add('BAPI_ACC_DOCUMENT_POST', accDocumentPost);
  add('BAPI_ACC_DOCUMENT_REV_POST', accDocumentRevPost);
  add('BAPI_TRANSACTION_COMMIT', transactionCommit);
  add('BAPI_TRANSACTION_ROLLBACK', transactionRollback);
  add('BAPI_AR_ACC_GETOPENITEMS', getOpenItems);
  add('BAPI_AR_ACC_GETBALANCEDITEMS', getBalancedItems);
  add('BAPI_CUSTOMER_GETDETAIL2', customerGetDetail2);
  add('RFC_READ_TABLE', rfcReadTable);
  add('RFC_PING', (_ctx, p) => ({ ...p }));
  add(clearingFunction, postAndClear, CLEARING_SIGNATURE);
  add(resetClearingFunction, resetClearing, RESET_CLEARING_SIGNATURE);
  return m;
}
