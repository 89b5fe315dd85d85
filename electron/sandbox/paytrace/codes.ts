// PayTrace response codes and error codes the simulator answers with. Codes marked
// "simulator's own" are not documented publicly; see /work/shared/reference/paytrace.md §3.

export const RC = {
  requestErrors: 1,
  approved: 101,
  declined: 102,
  refunded: 106,
  voided: 109,
  captured: 112,
  customerCreated: 160,
  customerUpdated: 161,
  customerDeleted: 162,
} as const;

export const ERR = {
  customerNotFound: (id: string) => ['30', `Customer ID, ${id}, was not found or is incomplete.`] as const,
  cardNumber: ['35', 'Please provide a valid Credit Card Number.'] as const,
  expMonth: ['43', 'Please provide a valid Expiration Month.'] as const,
  expYear: ['44', 'Please provide a valid Expiration Year.'] as const,
  transactionId: ['58', 'Please provide a valid Transaction ID.'] as const,
  uniqueCustomer: ['171', 'Please provide a unique customer ID.'] as const,
  refundUnsettled: [
    '817',
    'The Transaction ID that you provided could not be refunded. Only settled transactions can be refunded. Please try to void the transaction instead.',
  ] as const,
  // 818 is reported by one client only [UNCONFIRMED].
  voidSettled: [
    '818',
    'The Transaction ID that you provided could not be voided. Settled transactions cannot be voided. Please try to refund the transaction instead.',
  ] as const,
  // Simulator's own codes below.
  amount: ['SIM-AMOUNT', 'Please provide a valid Amount.'] as const,
  captureAmount: [
    'SIM-CAPTURE',
    'The capture amount exceeds the authorized amount, or the transaction is not an open authorization.',
  ] as const,
  refundAmount: [
    'SIM-REFUND',
    'The refund amount exceeds the amount of the transaction that has not been refunded yet.',
  ] as const,
  notRefundable: ['SIM-NOT-REFUNDABLE', 'Only approved sales and captured authorizations can be refunded.'] as const,
  notVoidable: ['SIM-NOT-VOIDABLE', 'The transaction was already voided or was declined.'] as const,
  customerReference: [
    'SIM-CUSTOMER-REFERENCE',
    'Please provide a Customer Reference ID of at most 50 characters.',
  ] as const,
  date: ['SIM-DATE', 'Please provide start_date and end_date as MM/DD/YYYY.'] as const,
  batch: ['SIM-BATCH', 'Please provide a valid Batch Number.'] as const,
  noUser: ['981', 'Log in failed for insufficient permissions.'] as const,
};

/** A rule the request broke: becomes a 400 with `errors: { code: [message] }`. */
export class SimValidationError extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super(
      Object.entries(errors)
        .map(([c, m]) => `${c}: ${m.join(' ')}`)
        .join('; '),
    );
    this.name = 'SimValidationError';
  }
  static of(entry: readonly [string, string]): SimValidationError {
    return new SimValidationError({ [entry[0]]: [entry[1]] });
  }
}

export function validationEnvelope(errors: Record<string, string[]>): Record<string, unknown> {
  return {
    success: false,
    response_code: RC.requestErrors,
    status_message: 'One or more errors has occurred.',
    errors,
    external_transaction_id: '',
  };
}

export const exportEnvelope = {
  success: true,
  response_code: 1,
  status_message: 'Your request has been successfully completed.',
} as const;
