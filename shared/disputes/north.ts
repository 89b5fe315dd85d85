// North's chargeback records to ClearDesk's dispute case (issue 13; docs/ARCHITECTURE.md, "Disputes"): the ONE
// place that knows North's field names. Pure.
//
// What North documents publicly (developer.north.com, Merchant Management API, "Get Chargebacks by State"):
// `GET /merchant-risk-management/disputes/mid/{merchantId}/chargebacks` with `state` (open | pending | closed,
// required), `fromDate` (required) and `toDate` (defaults to today), a range within the last 18 months; answers
// 200, 400, 403 and 500. The other Merchant Management endpoints answer 401 for a missing or invalid token.
//
// What it does NOT document publicly: the response body (its field names, how amounts and dates are written),
// paging, and how the token is obtained. Everything below about the record is therefore ClearDesk's assumption,
// modelled on the fields every processor's dispute feed carries (formats.md §3.2) in the camelCase North's other
// Merchant Management endpoints use, and it must be checked against a real North answer before production use
// (README, "Connecting North"). The assumed record:
//
//   caseNumber          string (or integer)   required
//   stage               North's word: "Request For Clarity", "First Chargeback", "Representment",
//                       "Pre-Arbitration", "Arbitration"                                      required
//   status              "Open", "Pending", "Won", "Lost", "Closed", ...; absent: the `state` that was asked
//   disputeAmount       decimal text "125.00" (a JSON number is read by its digits)              required
//   transactionAmount   the sale's amount, same form                                              optional
//   currency            ISO 4217; absent: the merchant account's currency
//   reasonCode, reasonDescription, cardBrand                                                      optional
//   receivedDate, transactionDate, replyByDate   YYYY-MM-DD (or an ISO instant: its date)         optional
//   cardNumber          masked ("411111******1111") or cardLast4: only the last four are kept     optional
//   arn, authCode, invoiceNumber, gatewayTransactionId (PayTrace's transaction id)                 optional
//
// A stage or status word ClearDesk does not know is rejected with the word, never guessed; so is an amount,
// currency or date it cannot read. Every text passes the card-data policy.
import { numberToDecimalText, parseMoney, type Money } from '../money';
import { redactCardText } from '../security';
import { knownStatusOf, lastFourOf, stageOf, type DisputeCase, type DisputeImpact } from './model';
import { reasonCode } from './reason-codes';

/** The processor name North's cases are stored under (one case per processor and case number). */
export const NORTH_PROCESSOR = 'north';

/** The states North's endpoint is asked for, one call each (its `state` parameter). */
export const NORTH_STATES = ['open', 'pending', 'closed'] as const;
export type NorthState = (typeof NORTH_STATES)[number];

export interface NorthRecordContext {
  readonly merchantId: string;
  /** The `state` the record was listed under. */
  readonly state: NorthState;
  /** The merchant account's currency, for a record that names none. */
  readonly currency: string;
}

export type NorthCaseResult =
  | { readonly ok: true; readonly ref: string; readonly dispute: DisputeCase }
  | { readonly ok: false; readonly ref: string; readonly reason: string };

type Rec = Record<string, unknown>;

class NorthRecordError extends Error {}

function text(r: Rec, key: string, max: number): string {
  const v = r[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new NorthRecordError(`${key} is not text (${typeof v})`);
  const t = v.trim();
  if (t.length > max) throw new NorthRecordError(`${key} is longer than ${max} characters`);
  return redactCardText(t);
}

function amount(r: Rec, key: string, currency: string, required: boolean): Money | null {
  const v = r[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw new NorthRecordError(`${key} is missing`);
    return null;
  }
  let decimal: string;
  try {
    if (typeof v === 'number') decimal = numberToDecimalText(v);
    else if (typeof v === 'string') decimal = v.trim();
    else throw new Error(`is not an amount (${typeof v})`);
    const m = parseMoney(decimal, currency);
    if (m.minor < 0) throw new Error('is negative');
    return m;
  } catch (e) {
    throw new NorthRecordError(
      `${key} ${JSON.stringify(v)} cannot be read as ${currency}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T\d{2}:\d{2})/;

function date(r: Rec, key: string): string | null {
  const v = r[key];
  if (v === undefined || v === null || v === '') return null;
  const m = typeof v === 'string' ? ISO_DATE.exec(v.trim()) : null;
  if (!m) throw new NorthRecordError(`${key} ${JSON.stringify(v)} is not a date (YYYY-MM-DD)`);
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    throw new NorthRecordError(`${key} ${JSON.stringify(v)} is not a date of the calendar`);
  return iso;
}

function transactionIdOf(r: Rec): number | null {
  const v = r.gatewayTransactionId;
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new NorthRecordError(`gatewayTransactionId ${JSON.stringify(v)} is not a transaction id`);
  return n;
}

/** How a record is named for people: its case number when it has one, else its place in the answer. */
export function northRecordRef(record: unknown, position: string): string {
  const c = record && typeof record === 'object' ? (record as Rec).caseNumber : undefined;
  return typeof c === 'string' || typeof c === 'number'
    ? `North case ${redactCardText(String(c).slice(0, 64))}`
    : `North ${position}`;
}

/** One record of North's chargebacks answer as a dispute case, or why it cannot be read. */
export function northDisputeCase(record: unknown, ctx: NorthRecordContext, position = 'record'): NorthCaseResult {
  const ref = northRecordRef(record, position);
  try {
    if (!record || typeof record !== 'object' || Array.isArray(record))
      throw new NorthRecordError('the record is not an object');
    const r = record as Rec;
    const caseNumber = text(r, 'caseNumber', 64);
    if (caseNumber === '') throw new NorthRecordError('caseNumber is missing');
    const stageRaw = text(r, 'stage', 64);
    if (stageRaw === '') throw new NorthRecordError('stage is missing');
    const stage = stageOf(stageRaw);
    if (stage === null) throw new NorthRecordError(`stage "${stageRaw}" is not a dispute stage ClearDesk knows`);
    const statusRaw = text(r, 'status', 64) || ctx.state;
    const status = knownStatusOf(statusRaw);
    if (status === null) throw new NorthRecordError(`status "${statusRaw}" is not a dispute status ClearDesk knows`);
    const currency = (text(r, 'currency', 3) || ctx.currency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new NorthRecordError(`currency "${currency}" is not an ISO 4217 code`);
    const disputed = amount(r, 'disputeAmount', currency, true)!;
    const original = amount(r, 'transactionAmount', currency, false);
    const brand = text(r, 'cardBrand', 32);
    const code = reasonCode(text(r, 'reasonCode', 16), brand);
    const impactRaw = text(r, 'impact', 16).toLowerCase();
    const impact: DisputeImpact =
      impactRaw === 'debit' || impactRaw === 'credit'
        ? impactRaw
        : stage === 'retrieval'
          ? 'unknown'
          : status === 'won'
            ? 'credit'
            : 'debit';
    const dispute: DisputeCase = {
      processor: NORTH_PROCESSOR,
      caseNumber,
      stage,
      stageRaw,
      status,
      statusRaw,
      network: code.network,
      reasonCode: code.code,
      reasonMeaning: code.meaning,
      reasonDescription: text(r, 'reasonDescription', 500),
      amount: disputed,
      originalAmount: original,
      impact,
      receivedDate: date(r, 'receivedDate'),
      transactionDate: date(r, 'transactionDate'),
      dueDate: date(r, 'replyByDate'),
      // Only the last four digits, whatever the field holds (a full number is never kept).
      cardLast4: lastFourOf(String(r.cardLast4 ?? r.cardNumber ?? '')),
      arn: text(r, 'arn', 32),
      merchantReference: text(r, 'invoiceNumber', 100),
      transactionId: transactionIdOf(r),
      authCode: text(r, 'authCode', 16),
      merchantId: ctx.merchantId,
    };
    return { ok: true, ref, dispute };
  } catch (e) {
    if (!(e instanceof NorthRecordError)) throw e;
    return { ok: false, ref, reason: redactCardText(e.message) };
  }
}
