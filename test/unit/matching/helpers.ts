// Small builders for readable engine tests.
import type { Customer, OpenItem } from '../../../shared/domain';
import type { MatchableTransaction } from '../../../shared/matching';
import { parseMoney } from '../../../shared/money';

export function invoice(
  ref: string,
  amount: string,
  o: Partial<OpenItem> & { BELNR?: string; BUKRS?: string; currency?: string } = {},
): OpenItem {
  return {
    source: {
      BUKRS: o.BUKRS ?? '1000',
      BELNR: o.BELNR ?? `00${ref.replace(/\D/g, '').padStart(8, '0')}`.slice(-10),
      GJAHR: '2025',
      BUZEI: '001',
    },
    customer: o.customer ?? '0000100001',
    amount: parseMoney(amount, o.currency ?? 'USD'),
    reference: ref,
    assignment: o.assignment ?? ref,
    documentType: 'DR',
    postingDate: o.postingDate ?? '2025-02-01',
    documentDate: o.documentDate ?? '2025-02-01',
    dueDate: null,
    text: '',
  };
}

let nextId = 1000;
export function payment(
  amount: string,
  o: Partial<MatchableTransaction> & { currency?: string } = {},
): MatchableTransaction {
  return {
    source: o.source ?? { transaction_id: nextId++ },
    kind: o.kind ?? 'sale',
    status: o.status ?? 'settled',
    batch: o.batch ?? 7,
    amount: parseMoney(amount, o.currency ?? 'USD'),
    createdAt: o.createdAt ?? { utc: '2025-03-03T17:00:00.000Z', original: '3/3/2025 9:00:00 AM' },
    settledAt: null,
    invoiceId: o.invoiceId ?? '',
    customerReferenceId: o.customerReferenceId ?? '',
    description: o.description ?? '',
    vaultCustomerId: o.vaultCustomerId ?? '',
    billingName: o.billingName ?? '',
    email: o.email ?? '',
    maskedCard: o.maskedCard ?? '************1111',
    cardBrand: 'visa',
    approvalCode: 'TAS123',
    originalTransactionId: o.originalTransactionId ?? null,
    ...(o.billingAddress ? { billingAddress: o.billingAddress } : {}),
  };
}

export const ACME: Customer = {
  source: { KUNNR: '0000100001', BUKRS: '1000' },
  name: 'Acme Corp',
  email: 'ap@acme.example',
  vaultIds: ['ACME01'],
  postalCode: '97201',
  street: '1 Main Street',
};
export const GLOBEX: Customer = {
  source: { KUNNR: '0000100002', BUKRS: '1000' },
  name: 'Globex LLC',
  email: 'pay@globex.example',
  vaultIds: ['GLOBEX'],
};
