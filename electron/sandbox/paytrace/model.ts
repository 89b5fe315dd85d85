// What the simulator remembers. Card data is kept as PayTrace keeps it for exports: masked.
import type { SimCardBrand } from './card-brand';

export type SimState = 'authorized' | 'pending' | 'voided' | 'declined' | 'settled';
export type SimType = 'SALE' | 'AUTHORIZATION' | 'REFUND';

export interface SimAddress {
  name: string;
  street_address: string;
  street_address2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export interface SimCard {
  /** First six digits (the BIN), which PCI allows to keep. */
  bin: string;
  last4: string;
  length: number;
  /** '' when the number is in no network's range. */
  brand: SimCardBrand | '';
  expirationMonth: number;
  expirationYear: number;
}

export interface SimTransaction {
  id: number;
  type: SimType;
  state: SimState;
  /** Current amount in minor units: for a captured authorization, the captured amount. */
  amountMinor: number;
  authorizedMinor: number;
  /** Sum of refunds issued against this transaction. */
  refundedMinor: number;
  taxAmount: string;
  card: SimCard;
  invoiceId: string;
  description: string;
  customerReferenceId: string;
  customerId: string;
  billing: SimAddress;
  email: string;
  approvalCode: string;
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
  createdAt: number;
  createdBy: string;
  through: string;
  fromIp: string;
  batch: number | null;
  settledAt: number | null;
  /** For refunds: the sale refunded (not shown in PayTrace's export record). */
  originalId: number | null;
}

export interface SimBatch {
  number: number;
  settledAt: number;
  transactionIds: number[];
}

export interface SimCustomer {
  customerId: string;
  card: SimCard;
  billing: SimAddress;
  email: string;
  phone: string;
  createdAt: number;
}

export const emptyAddress = (): SimAddress => ({
  name: '',
  street_address: '',
  street_address2: '',
  city: '',
  state: '',
  zip: '',
  country: '',
});
