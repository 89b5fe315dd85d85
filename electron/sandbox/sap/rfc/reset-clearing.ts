// The customer's reset wrapper (default name Z_CLEARDESK_RESET_CLEARING): FBRA "only resetting"
// through POSTING_INTERFACE_START / _RESET_CLEAR / _END, which are not remote-enabled. Imports
// I_BUKRS, I_AUGBL, I_GJAHR (the clearing document, as FBRA asks for it); RETURN says what
// happened. FBRA runs as CALL TRANSACTION, which commits on its own, so the reset is durable when
// the call returns.
import type { FunctionHandler } from './context';

export const resetClearing: FunctionHandler = (ctx, params) => {
  const text = (v: unknown): string => String(v ?? '').trim();
  const outcome = ctx.ledger.resetClearing(text(params.I_BUKRS), text(params.I_AUGBL), text(params.I_GJAHR));
  return { ...params, RETURN: outcome.messages };
};
