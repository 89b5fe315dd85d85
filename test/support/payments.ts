// A PayTrace transaction, normalised, for tests that need one.
import type { PaymentTransaction } from '../../shared/domain';

export function payment(id: number, over: Partial<PaymentTransaction> = {}): PaymentTransaction {
  return {
    source: { transaction_id: id },
    kind: 'sale',
    status: 'pending',
    batch: null,
    amount: { minor: 12500, currency: 'USD' },
    createdAt: { utc: '2026-11-20T18:00:00.000Z', original: '11/20/2026 10:00:00 AM' },
    settledAt: null,
    invoiceId: `9000${id}`,
    customerReferenceId: '',
    description: '',
    vaultCustomerId: '',
    billingName: 'Acme Corp',
    email: 'ap@acme.example',
    maskedCard: '************5454',
    cardBrand: 'mastercard',
    approvalCode: 'TAS123',
    originalTransactionId: null,
    ...over,
  };
}
