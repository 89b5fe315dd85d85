// The simulator's state written the way PayTrace's exports write it (reference §4).
import { money, toDecimal } from '../../../shared/money';
import { formatPayTraceTimestamp } from '../../../shared/time';
import type { SimBatch, SimCard, SimCustomer, SimTransaction } from './model';

export interface RecordFormat {
  readonly zone: string;
  readonly currency: string;
}

// A JSON number is PayTrace's wire format for `amount`; the decimal text is exact, and
// Number() of text with at most 15 significant digits prints back as the same text.
// Formatting through Intl is slow; an export writes thousands of the same instants again and again.
const stamps = new Map<string, string>();
function stamp(ms: number, zone: string): string {
  const key = `${zone}|${ms}`;
  let text = stamps.get(key);
  if (text === undefined) {
    if (stamps.size > 200_000) stamps.clear();
    text = formatPayTraceTimestamp(ms, zone);
    stamps.set(key, text);
  }
  return text;
}

const amountNumber = (minor: number, currency: string): number => Number(toDecimal(money(minor, currency)));

export function maskedNumber(card: SimCard, includeBin = false, maskChar: '*' | 'x' = '*'): string {
  if (includeBin) return card.bin + '*'.repeat(Math.max(0, card.length - 10)) + card.last4;
  return maskChar.repeat(Math.max(0, card.length - 4)) + card.last4;
}

export function statusOf(t: SimTransaction): { status_code: string; status_message: string } {
  switch (t.state) {
    case 'settled':
      return { status_code: `GB${t.batch}`, status_message: `GB${t.batch}` };
    case 'pending':
      return { status_code: 'Y', status_message: 'Pending Settlement' };
    case 'authorized':
      return { status_code: 'N', status_message: 'Authorization Only' };
    case 'voided':
      return { status_code: 'N', status_message: 'Voided' };
    case 'declined':
      return { status_code: 'N', status_message: 'Declined' };
  }
}

export function exportRecord(t: SimTransaction, fmt: RecordFormat, includeBin = false): Record<string, unknown> {
  return {
    transaction_id: t.id,
    credit_card: {
      masked_number: maskedNumber(t.card, includeBin),
      expiration_month: t.card.expirationMonth,
      expiration_year: t.card.expirationYear % 100,
    },
    transaction_type: t.type,
    description: t.description,
    amount: amountNumber(t.amountMinor, fmt.currency),
    invoice_id: t.invoiceId,
    shipping_address: {
      name: '',
      street_address: '',
      street_address2: '',
      city: '',
      county: '',
      state: '',
      zip: '',
      country: '',
    },
    billing_address: { ...t.billing },
    receipt_emailed_to: t.email,
    tax_amount: t.taxAmount,
    customer_reference_id: t.customerReferenceId,
    approval_code: t.approvalCode,
    approval_message: t.approvalMessage,
    avs_response: t.avsResponse,
    csc_response: t.cscResponse,
    ...statusOf(t),
    created: { through: t.through, at: stamp(t.createdAt, fmt.zone), by: t.createdBy, from_ip: t.fromIp },
    settled: t.settledAt === null ? '' : stamp(t.settledAt, fmt.zone),
    customer_id: t.customerId,
  };
}

/**
 * A batch summary. PayTrace's JSON names for these are not documented [UNCONFIRMED]; they
 * follow the legacy fields BATCHNUM, WHEN, TRANXCOUNT, NETAMOUNT, SALESCOUNT, SALESAMOUNT,
 * REFUNDCOUNT, REFUNDAMOUNT. Net amount is sales minus refunds, not net of fees.
 */
export function batchSummary(
  b: SimBatch,
  transactions: ReadonlyMap<number, SimTransaction>,
  fmt: RecordFormat,
): Record<string, unknown> {
  let salesMinor = 0;
  let refundMinor = 0;
  let sales = 0;
  let refunds = 0;
  for (const id of b.transactionIds) {
    const t = transactions.get(id)!;
    if (t.type === 'REFUND') {
      refunds += 1;
      refundMinor += t.amountMinor;
    } else {
      sales += 1;
      salesMinor += t.amountMinor;
    }
  }
  return {
    number: b.number,
    when: formatPayTraceTimestamp(b.settledAt, fmt.zone),
    transaction_count: b.transactionIds.length,
    net_amount: amountNumber(salesMinor - refundMinor, fmt.currency),
    sales_count: sales,
    sales_amount: amountNumber(salesMinor, fmt.currency),
    refund_count: refunds,
    refund_amount: amountNumber(refundMinor, fmt.currency),
  };
}

export function customerRecord(c: SimCustomer): Record<string, unknown> {
  return {
    customer_id: c.customerId,
    credit_card: {
      masked_number: maskedNumber(c.card),
      expiration_month: c.card.expirationMonth,
      expiration_year: c.card.expirationYear % 100,
    },
    billing_address: { ...c.billing },
    email: c.email,
    phone: c.phone,
  };
}

export type MalformedKind =
  | 'missing-transaction-id'
  | 'amount-not-a-number'
  | 'amount-three-decimals'
  | 'unknown-status-code'
  | 'full-card-number'
  /** created.at holds the description, as a conversion that shifted a field writes it (opt-in, not a default). */
  | 'shifted-field';
/** The kinds a fault setting picks from unless it names its own. */
export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'missing-transaction-id',
  'amount-not-a-number',
  'amount-three-decimals',
  'unknown-status-code',
  'full-card-number',
];

/** Damages one exported record the way a buggy gateway or proxy might (for dead-letter tests). */
export function malform(
  record: Record<string, unknown>,
  kind: MalformedKind,
  t: SimTransaction,
  currency: string,
): Record<string, unknown> {
  const r = { ...record };
  switch (kind) {
    case 'missing-transaction-id':
      delete r.transaction_id;
      break;
    case 'amount-not-a-number':
      r.amount = 'abc';
      break;
    case 'amount-three-decimals':
      r.amount = Number(`${toDecimal(money(t.amountMinor, currency))}5`);
      break;
    case 'unknown-status-code':
      r.status_code = 'Q';
      r.status_message = 'Queued';
      break;
    case 'shifted-field':
      r.created = { ...(r.created as object), at: r.description };
      break;
    case 'full-card-number':
      r.credit_card = {
        ...(r.credit_card as object),
        masked_number: t.card.bin + '0'.repeat(Math.max(0, t.card.length - 10)) + t.card.last4,
      };
      break;
  }
  return r;
}
