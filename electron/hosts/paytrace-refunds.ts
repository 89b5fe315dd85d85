// PayTrace's refunds and voids as the core's RefundGateway sees them: the client's send-once,
// look-up-when-lost money moves, with PayTrace's refusals turned into GatewayRefusal.
import { normalizeExportRecord, PayTraceError, type PayTraceClient } from '../connectors/paytrace';
import { CircuitOpenError } from '../core/resilience';
import { GatewayRefusal, type MoneyMove, type RefundGateway } from '../core/ports';

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

export function refundGatewayOf(client: PayTraceClient): RefundGateway {
  return {
    async lookup(transactionId) {
      const record = await client.exportById(transactionId);
      return record ? normalizeExportRecord(record, client.config) : null;
    },
    refund: (transactionId, amount) => moved(() => client.refundForTransaction({ transactionId, amount })),
    void: (transactionId) => moved(() => client.voidTransaction(transactionId)),
  };
}
