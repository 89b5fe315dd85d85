// What a function module sees when it runs: the ledger, the client (MANDT), the logged-on user,
// and its ABAP session with the work buffered for the next COMMIT WORK.
import type { SapLedger } from '../ledger';

export interface AbapSession {
  readonly id: number;
  /** Update tasks registered by BAPIs (PERFORM ... ON COMMIT), run by BAPI_TRANSACTION_COMMIT. */
  pending: (() => void)[];
}

export interface FunctionContext {
  readonly ledger: SapLedger;
  readonly client: string;
  readonly user: string;
  readonly session: AbapSession;
}

/** A function module: most answer at once; BAPI_TRANSACTION_COMMIT with WAIT answers when the update task is done. */
export type FunctionHandler = (
  ctx: FunctionContext,
  params: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;
