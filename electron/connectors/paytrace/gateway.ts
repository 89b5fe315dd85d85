// PayTrace as the core's ports see it (shared/ports): reading transactions (PaymentGateway) and
// the money moves of approved refunds (RefundGateway). Failures become the ports' errors, so the
// core and the hosts never need to know PayTraceError or the resilience policy's errors.
import {
  ConfigurationError,
  GatewayRefusal,
  SystemUnavailableError,
  type MoneyMove,
  type PaymentGateway,
  type RefundGateway,
} from '../../../shared/ports';
import { CircuitOpenError, TimeoutError } from '../../resilience';
import type { PayTraceClient } from './client';
import { PayTraceError } from './errors';
import { normalizeExportRecord } from './normalize';

/** Reading PayTrace; an unreachable PayTrace or a refused sign-in becomes an error that says so. */
export function payTraceGateway(client: PayTraceClient): PaymentGateway {
  return {
    async fetchTransactions(range, onNote, onPage) {
      try {
        return await client.fetchTransactions(range, onNote, onPage);
      } catch (e) {
        const unreachable =
          (e instanceof PayTraceError && (e.kind === 'unavailable' || e.kind === 'protocol')) ||
          e instanceof CircuitOpenError ||
          e instanceof TimeoutError;
        if (unreachable) {
          throw new SystemUnavailableError(
            `PayTrace at ${client.config.baseUrl} could not be read (${(e as Error).message}). Nothing was changed; the next sync starts from the same point.`,
          );
        }
        if (e instanceof PayTraceError && e.kind === 'auth') {
          throw new ConfigurationError(
            `PayTrace at ${client.config.baseUrl} refused the sign-in (${e.message}). Check the API user, password and integrator id of the PayTrace connection.`,
          );
        }
        throw e;
      }
    },
  };
}

async function moved(move: () => Promise<MoneyMove>): Promise<MoneyMove> {
  try {
    const r = await move();
    return { transactionId: r.transactionId, recovered: r.recovered };
  } catch (e) {
    if (e instanceof PayTraceError) {
      // Validation (817, over-refund), declines and sign-in refusals moved nothing; a confirmation
      // without an id (protocol) or a lost answer that could not be looked up may have.
      const unknown = e.kind === 'protocol' || e.failure.ambiguous;
      throw new GatewayRefusal(e.message, unknown);
    }
    if (e instanceof CircuitOpenError)
      throw new GatewayRefusal(`PayTrace is not being called for now (${e.message}); nothing was sent.`, false);
    throw e;
  }
}

/**
 * PayTrace's refunds and voids: the client's send-once money moves, whose lost answers are looked
 * up (a refund by the reference it carries in customer_reference_id, a void in the sale's record).
 */
export function payTraceRefunds(client: PayTraceClient): RefundGateway {
  return {
    async lookup(transactionId) {
      const record = await client.exportById(transactionId);
      return record ? normalizeExportRecord(record, client.config) : null;
    },
    refund: (transactionId, amount, reference) =>
      moved(() => client.refundForTransaction({ transactionId, amount, reference })),
    void: (transactionId) => moved(() => client.voidTransaction(transactionId)),
    findRefunds: (references, range) =>
      client.findRefunds(references, { from: Date.parse(range.from), to: Date.parse(range.to) }),
  };
}
