// A PayTrace export record (reference §4) into the canonical PaymentTransaction. PayTrace's
// field names stop here. A record that cannot be read exactly is refused with a RecordError.
import { AmountFormatError, fromPayTraceAmount, type Money } from '../../../shared/money';
import { parsePayTraceTimestamp, TimestampFormatError, type SourceTimestamp } from '../../../shared/time';
import type { PaymentKind, PaymentTransaction, SettlementStatus } from '../../../shared/domain';
import { redactCardText } from '../../../shared/security';
import { cardBrand } from './card-brand';
import { RecordError } from './errors';

export interface NormalizeOptions {
  readonly zone: string;
  readonly currency: string;
}

type Rec = Record<string, unknown>;

/**
 * A text field as it may be stored: card numbers and security codes a payer typed into it are masked here, at
 * ingest (shared/security). Invoice and order ids stay whole unless they are Luhn-valid card-length numbers.
 */
const text = (v: unknown): string =>
  typeof v === 'string' ? redactCardText(v) : typeof v === 'number' ? redactCardText(String(v)) : '';

/** transaction_id as PayTrace sends it (an integer), or null when it is missing or not one. */
export function transactionIdOf(record: unknown): number | null {
  if (record === null || typeof record !== 'object') return null;
  const v = (record as Rec).transaction_id;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The batch number of "GB<batch>" (any case), or null for any other code. Read without a regular expression: every record has one. */
function settledBatch(code: string): number | null {
  if (code.length < 3 || (code.charCodeAt(0) | 0x20) !== 0x67 /* g */ || (code.charCodeAt(1) | 0x20) !== 0x62 /* b */)
    return null;
  let batch = 0;
  for (let i = 2; i < code.length; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    batch = batch * 10 + d;
  }
  return Number.isSafeInteger(batch) ? batch : null;
}

function statusOf(id: number, r: Rec, type: string): { status: SettlementStatus; batch: number | null } {
  const code = typeof r.status_code === 'string' ? r.status_code.trim() : '';
  const batch = settledBatch(code);
  if (batch !== null) return { status: 'settled', batch };
  if (/^settled$/i.test(code)) return { status: 'settled', batch: null };
  if (code === 'Y') return { status: 'pending', batch: null };
  if (code === 'N') {
    // N covers voided, declined and authorization-only; PayTrace's status text tells them apart.
    const message = typeof r.status_message === 'string' ? r.status_message : '';
    if (/void/i.test(message)) return { status: 'voided', batch: null };
    if (/decl/i.test(message)) return { status: 'declined', batch: null };
    if (/auth/i.test(message) || type === 'AUTHORIZATION') return { status: 'authorized', batch: null };
    if (text(r.approval_code) === '') return { status: 'declined', batch: null };
    throw new RecordError(
      id,
      'status_message',
      `"${message}" does not say whether status N means voided, declined or authorization only`,
    );
  }
  throw new RecordError(id, 'status_code', `"${code}" is not a known status (expected GB<batch>, Y or N)`);
}

function kindOf(id: number, type: string, status: SettlementStatus): PaymentKind {
  switch (type) {
    case 'SALE':
      return 'sale';
    case 'REFUND':
      return 'refund';
    case 'VOID':
      return 'void';
    case 'AUTHORIZATION':
      // An authorization that settles (or will tonight) was captured.
      return status === 'settled' || status === 'pending' ? 'capture' : 'authorization';
    default:
      throw new RecordError(id, 'transaction_type', `"${type}" is not SALE, AUTHORIZATION, REFUND or VOID`);
  }
}

function amountOf(id: number, r: Rec, kind: PaymentKind, currency: string): Money {
  let m: Money;
  try {
    m = fromPayTraceAmount(r.amount, currency);
  } catch (e) {
    if (e instanceof AmountFormatError)
      throw new RecordError(id, 'amount', `${JSON.stringify(r.amount)} is not a ${currency} amount: ${e.message}`);
    throw e;
  }
  if (m.minor < 0 && kind === 'refund') return { ...m, minor: -m.minor };
  if (m.minor < 0) throw new RecordError(id, 'amount', `${JSON.stringify(r.amount)} is negative on a ${kind}`);
  return m;
}

function timestamp(id: number, field: string, v: unknown, zone: string): SourceTimestamp {
  try {
    return parsePayTraceTimestamp(typeof v === 'string' ? v : String(v), zone);
  } catch (e) {
    if (e instanceof TimestampFormatError)
      throw new RecordError(id, field, `${JSON.stringify(v)} is not a PayTrace timestamp (M/d/yyyy h:mm:ss AM/PM)`);
    throw e;
  }
}

// Every record of a settlement batch carries the batch's settlement time, and an export lists a
// batch's records together: the last one read is kept (a SourceTimestamp is never modified).
let lastSettled: { text: unknown; zone: string; at: SourceTimestamp } | null = null;

function settledAt(id: number, v: unknown, zone: string): SourceTimestamp {
  if (lastSettled !== null && lastSettled.text === v && lastSettled.zone === zone) return lastSettled.at;
  const at = timestamp(id, 'settled', v, zone);
  lastSettled = { text: v, zone, at };
  return at;
}

/** PayTrace's export mask, "************1234": asterisks, then the last four digits. */
function isExportMask(masked: string): boolean {
  const last4 = masked.length - 4;
  if (last4 < 1) return false;
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (i < last4 ? c !== 42 /* * */ : c < 48 || c > 57) return false;
  }
  return true;
}

/** Masked card as "************1234" whatever PayTrace sent (x-mask, BIN form, a full number). */
function card(r: Rec): { masked: string; brand: string } {
  const cc = (r.credit_card ?? {}) as Rec;
  const raw = typeof cc.masked_number === 'string' ? cc.masked_number.trim() : '';
  if (raw === '') return { masked: '', brand: '' };
  if (isExportMask(raw)) return { masked: raw, brand: '' }; // nothing to redo, and no leading digits for a brand
  const digits = raw.replace(/\D/g, '');
  const leading = /^\d+/.exec(raw)?.[0] ?? '';
  const masked = '*'.repeat(Math.max(0, raw.length - 4)) + digits.slice(-4);
  return { masked, brand: leading.length >= 1 ? cardBrand(leading) : '' };
}

/** PayTrace's billing_address as the matcher reads it (street_address, city, zip); none when all are blank. */
function address(billing: Rec): Pick<PaymentTransaction, 'billingAddress'> {
  const street = text(billing.street_address);
  const city = text(billing.city);
  const zip = text(billing.zip);
  return street || city || zip ? { billingAddress: { street, city, zip } } : {};
}

export function normalizeExportRecord(record: unknown, opts: NormalizeOptions): PaymentTransaction {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new RecordError(null, 'record', 'is not a JSON object');
  const r = record as Rec;
  const id = transactionIdOf(r);
  if (id === null)
    throw new RecordError(
      null,
      'transaction_id',
      `${JSON.stringify(r.transaction_id) ?? 'missing'} is not a positive integer`,
    );
  const type = typeof r.transaction_type === 'string' ? r.transaction_type.trim().toUpperCase() : '';
  const { status, batch } = statusOf(id, r, type);
  const kind = kindOf(id, type, status);
  const created = (r.created ?? {}) as Rec;
  if (created.at === undefined || created.at === '') throw new RecordError(id, 'created.at', 'is missing');
  const settled =
    r.settled === undefined || r.settled === null || r.settled === '' ? null : settledAt(id, r.settled, opts.zone);
  const { masked, brand } = card(r);
  const billing = (r.billing_address ?? {}) as Rec;
  return {
    source: { transaction_id: id },
    kind,
    status,
    batch,
    amount: amountOf(id, r, kind, opts.currency),
    createdAt: timestamp(id, 'created.at', created.at, opts.zone),
    settledAt: settled,
    invoiceId: text(r.invoice_id),
    customerReferenceId: text(r.customer_reference_id),
    description: text(r.description),
    vaultCustomerId: text(r.customer_id),
    billingName: text(billing.name),
    email: text(r.receipt_emailed_to),
    maskedCard: masked,
    cardBrand: brand,
    approvalCode: text(r.approval_code),
    originalTransactionId: transactionIdOf({ transaction_id: r.original_transaction_id }),
    ...address(billing),
  };
}
