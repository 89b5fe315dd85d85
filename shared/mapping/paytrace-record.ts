// A PayTrace export record (v1 /transactions/export/by_date_range, transactions[]) into the
// canonical PaymentTransaction. PayTrace's field names stop here.
import type { PaymentKind, SettlementStatus } from '../domain';
import type { MatchableTransaction } from '../matching/types';
import { fromPayTraceAmount } from '../money';
import { maskCardField, redactCardText } from '../security';
import { PAYTRACE_DEFAULT_ZONE, parsePayTraceTimestamp } from '../time';
import { RecordError } from './record-error';

export interface PayTraceAddress {
  name?: string;
  street_address?: string;
  street_address2?: string;
  city?: string;
  county?: string;
  state?: string;
  zip?: string;
  country?: string;
}

/** One element of transactions[] as PayTrace returns it (see reference/paytrace.md §4). */
export interface PayTraceExportRecord {
  transaction_id: number;
  credit_card?: { masked_number?: string; expiration_month?: number; expiration_year?: number };
  transaction_type: string;
  description?: string;
  /** A JSON number as PayTrace sends it; a CSV export gives text. */
  amount: number | string;
  invoice_id?: string;
  shipping_address?: PayTraceAddress;
  billing_address?: PayTraceAddress;
  receipt_emailed_to?: string;
  tax_amount?: string;
  customer_reference_id?: string;
  approval_code?: string;
  approval_message?: string;
  avs_response?: string;
  csc_response?: string;
  status_code: string;
  status_message?: string;
  created?: { through?: string; at?: string; by?: string; from_ip?: string };
  settled?: string;
  customer_id?: string;
  /** Not in PayTrace's documented record; honoured when a source adds it. */
  original_transaction_id?: number;
}

export function recordLabel(record: unknown, index: number, list = 'transactions'): string {
  const id =
    typeof record === 'object' && record !== null ? (record as { transaction_id?: unknown }).transaction_id : undefined;
  return `${list}[${index}]${id !== undefined ? ` (transaction_id ${JSON.stringify(id)})` : ''}`;
}

/** The transaction id, or a RecordError: without it a record can have no output row. */
export function transactionIdOf(record: unknown, index: number): number {
  const id =
    typeof record === 'object' && record !== null ? (record as { transaction_id?: unknown }).transaction_id : undefined;
  const n = typeof id === 'string' && /^\d+$/.test(id.trim()) ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new RecordError(
      recordLabel(record, index),
      `transaction_id ${id === undefined ? 'is missing' : `${JSON.stringify(id)} is not a positive integer`}; the record cannot be matched or reported`,
    );
  }
  return n;
}

const KINDS: Readonly<Record<string, PaymentKind>> = {
  SALE: 'sale',
  'STR/FWD': 'sale',
  FORCE: 'sale',
  CAPTURE: 'capture',
  AUTHORIZATION: 'authorization',
  REFUND: 'refund',
  VOID: 'void',
};

export function statusOf(
  statusCode: string,
  statusMessage: string,
  kind: PaymentKind,
): { status: SettlementStatus; batch: number | null } {
  const code = statusCode.trim().toUpperCase();
  const gb = /^GB(\d+)$/.exec(code);
  if (gb) return { status: 'settled', batch: Number(gb[1]) };
  if (code === 'SETTLED') return { status: 'settled', batch: null };
  if (code === 'Y') return { status: 'pending', batch: null };
  const msg = statusMessage.toUpperCase();
  if (kind === 'void' || msg.includes('VOID')) return { status: 'voided', batch: null };
  if (msg.includes('DECL')) return { status: 'declined', batch: null };
  if (kind === 'authorization' || msg.includes('AUTH')) return { status: 'authorized', batch: null };
  return { status: 'declined', batch: null };
}

export function cardBrand(masked: string): string {
  const first = masked.replace(/[^0-9*x]/gi, '')[0] ?? '';
  if (first === '4') return 'visa';
  if (first === '5' || first === '2') return 'mastercard';
  if (first === '3') return 'amex';
  if (first === '6') return 'discover';
  return '';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** A text field as matching may quote it: card numbers and security codes a payer typed are masked first. */
const text = (v: unknown): string => redactCardText(str(v));

/**
 * The canonical transaction. Throws RecordError for a bad amount or timestamp; the caller
 * reports it against the transaction id.
 */
export function fromPayTraceRecord(
  record: PayTraceExportRecord,
  index: number,
  currency: string,
  zone: string = PAYTRACE_DEFAULT_ZONE,
): MatchableTransaction {
  const label = recordLabel(record, index);
  const id = transactionIdOf(record, index);
  const type = str(record.transaction_type).trim().toUpperCase();
  const kind = KINDS[type];
  if (!kind)
    throw new RecordError(
      label,
      `transaction_type ${JSON.stringify(record.transaction_type)} is not one PayTrace exports (SALE, AUTHORIZATION, CAPTURE, REFUND, VOID, STR/FWD)`,
    );
  let amount;
  try {
    amount = fromPayTraceAmount(record.amount, currency);
  } catch (e) {
    throw new RecordError(
      label,
      `amount ${JSON.stringify(record.amount)} is not a ${currency} amount: ${(e as Error).message}`,
    );
  }
  let createdAt;
  try {
    createdAt = parsePayTraceTimestamp(str(record.created?.at), zone);
  } catch (e) {
    throw new RecordError(label, `created.at: ${(e as Error).message}`);
  }
  let settledAt = null;
  if (str(record.settled).trim() !== '') {
    try {
      settledAt = parsePayTraceTimestamp(str(record.settled), zone);
    } catch (e) {
      throw new RecordError(label, `settled: ${(e as Error).message}`);
    }
  }
  const { status, batch } = statusOf(str(record.status_code), str(record.status_message), kind);
  // PayTrace's field for the masked card: a full number that slipped into it is masked to its last four digits.
  const card = str(record.credit_card?.masked_number);
  const masked = maskCardField(card) ?? text(card);
  const bill = record.billing_address ?? {};
  return {
    source: { transaction_id: id },
    kind,
    status,
    batch,
    amount,
    createdAt,
    settledAt,
    invoiceId: text(record.invoice_id),
    customerReferenceId: text(record.customer_reference_id),
    description: text(record.description),
    vaultCustomerId: text(record.customer_id),
    billingName: text(bill.name),
    email: text(record.receipt_emailed_to),
    maskedCard: masked,
    cardBrand: cardBrand(card),
    approvalCode: text(record.approval_code),
    originalTransactionId: typeof record.original_transaction_id === 'number' ? record.original_transaction_id : null,
    billingAddress: { street: text(bill.street_address), city: text(bill.city), zip: text(bill.zip) },
  };
}
