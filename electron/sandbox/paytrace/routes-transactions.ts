// /v1/transactions/*: sales, authorizations, capture, void, refund, settle.
import { ERR, RC, SimValidationError } from './codes';
import type { ChargeInput, RefundFields } from './ledger';
import { maskedNumber } from './records';
import { addressFrom, amountMinor, type Body, cardFrom, optionalAmount, str } from './request';
import type { Reply, RouteContext, Routes } from './routes';
import type { PayTraceSimulator } from './simulator';
import type { SimTransaction } from './model';

function chargeInput(
  sim: PayTraceSimulator,
  body: Body,
  ctx: RouteContext,
  type: ChargeInput['type'],
  byCustomer: boolean,
): ChargeInput {
  const amount = amountMinor(body.amount, sim.currency, type === 'AUTHORIZATION');
  const customer = byCustomer ? sim.vault.get(body.customer_id) : null;
  return {
    type,
    amountMinor: amount,
    taxAmount: str(body.tax_amount),
    card: customer ? customer.card : cardFrom(body),
    invoiceId: str(body.invoice_id),
    description: str(body.description),
    customerReferenceId: str(body.customer_reference_id),
    customerId: customer ? customer.customerId : '',
    billing:
      body.billing_address !== undefined
        ? addressFrom(body.billing_address)
        : customer
          ? { ...customer.billing }
          : addressFrom(undefined),
    email: str(body.email) || (customer?.email ?? ''),
    createdBy: ctx.username,
    through: 'API',
    fromIp: ctx.ip,
  };
}

/** customer_reference_id holds 50 characters (v3 spec); the simulator refuses more rather than cut it. */
const MAX_REFERENCE = 50;

/**
 * The merchant's own fields a refund by transaction id may carry (reference §2.1 lists only
 * transaction_id and amount; PayTrace's other refund methods take invoice, description and
 * customer reference [UNCONFIRMED for this one]). What the request leaves out, the refund takes
 * from the sale.
 */
function refundFields(body: Body): RefundFields {
  const out: { invoiceId?: string; description?: string; customerReferenceId?: string } = {};
  if (body.invoice_id !== undefined) out.invoiceId = str(body.invoice_id);
  if (body.description !== undefined) out.description = str(body.description);
  if (body.customer_reference_id !== undefined) {
    const ref = str(body.customer_reference_id);
    if (ref.length > MAX_REFERENCE) throw SimValidationError.of(ERR.customerReference);
    out.customerReferenceId = ref;
  }
  return out;
}

export function chargeReply(sim: PayTraceSimulator, t: SimTransaction): Reply {
  const approved = t.state !== 'declined';
  return {
    status: approved ? 200 : sim.declineHttpStatus,
    body: {
      success: approved,
      response_code: approved ? RC.approved : RC.declined,
      status_message: approved ? 'Your transaction was successfully approved.' : 'Your transaction was not approved.',
      transaction_id: t.id,
      approval_code: t.approvalCode,
      approval_message: t.approvalMessage,
      avs_response: t.avsResponse,
      csc_response: t.cscResponse,
      external_transaction_id: '',
      masked_card_number: maskedNumber(t.card, false, 'x'),
    },
  };
}

const charge =
  (type: ChargeInput['type'], byCustomer: boolean) =>
  (sim: PayTraceSimulator, body: Body, ctx: RouteContext): Reply =>
    chargeReply(sim, sim.ledger.charge(chargeInput(sim, body, ctx, type, byCustomer), ctx.at));

export const transactionRoutes: Routes = {
  '/v1/transactions/sale/keyed': charge('SALE', false),
  '/v1/transactions/sale/by_customer': charge('SALE', true),
  '/v1/transactions/authorization/keyed': charge('AUTHORIZATION', false),
  '/v1/transactions/authorization/by_customer': charge('AUTHORIZATION', true),
  '/v1/transactions/authorization/capture': (sim, body) => {
    const t = sim.ledger.capture(body.transaction_id, optionalAmount(body.amount, sim.currency));
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.captured,
        status_message: 'Your transaction was successfully captured.',
        transaction_id: t.id,
        external_transaction_id: '',
      },
    };
  },
  '/v1/transactions/void': (sim, body) => {
    const t = sim.ledger.void(body.transaction_id);
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.voided,
        status_message: 'Your transaction was successfully voided.',
        transaction_id: t.id,
      },
    };
  },
  '/v1/transactions/refund/for_transaction': (sim, body, ctx) => {
    const t = sim.ledger.refund(
      body.transaction_id,
      optionalAmount(body.amount, sim.currency),
      { createdBy: ctx.username, through: 'API', fromIp: ctx.ip },
      ctx.at,
      sim.refundTakesReferences ? refundFields(body) : {},
    );
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.refunded,
        status_message: 'Your transaction was successfully refunded.',
        transaction_id: t.id,
        external_transaction_id: '',
      },
    };
  },
  '/v1/transactions/settle': (sim, _body, ctx) => {
    const batch = sim.ledger.settle(ctx.at);
    // The settle response beyond the envelope is undocumented; batch is the simulator's addition.
    return {
      status: 200,
      body: {
        success: true,
        response_code: 1,
        status_message: 'Your request has been successfully completed.',
        ...(batch ? { batch: { number: batch.number } } : {}),
      },
    };
  },
};
