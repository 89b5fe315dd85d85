// A processor's dispute report (CSV or XLSX rows) into dispute cases (issue 13; formats.md §3.2, §3.5).
// Columns are found by the aliases of formats.md §3.2, in a header row searched among the first rows (title
// rows above it are skipped) or by a mapping saved for the processor; totals and blank rows below are
// skipped. Amounts and dates are read in the file's locale (shared/mapping/tabular.ts, the one owner). A row
// whose amount, date or currency cannot be read is rejected with its row number; the rest are taken. No card
// number leaves this file: the card column keeps its last four digits, every other text is masked.
import { AmountFormatError, currencyExponent, decimalToMinor, isIsoCurrency, money, type Money } from '../money';
import { headerKey, isoDate, plainDecimal } from '../mapping/tabular';
import { redactCardText } from '../security';
import type { DisputeBatchCase, DisputeIntake, DisputeRejection } from '../ports/disputes';
import { lastFourOf, stageOf, statusOf, type DisputeCase, type DisputeImpact, type DisputeStage } from './model';
import { reasonCode } from './reason-codes';

/** The canonical columns of formats.md §3.2, with the aliases processors use; the first alias found wins. */
export const DISPUTE_ALIASES = {
  caseNumber: [
    'Case Number',
    'Case #',
    'Case No',
    'CaseNumber',
    'caseId',
    'Case ID',
    'Control Number',
    'CHARGEBACK_CONTROL_NO',
    'CBK Ref Number',
    'Chargeback Reference Number',
    'Exception ID',
    'Dispute ID',
    'id',
  ],
  stage: [
    'Stage',
    'Case Type',
    'Dispute Type',
    'cycle',
    'stageCode',
    'stageDescription',
    'Exception type',
    'Item Type',
    'Chargeback Type',
    'CHARGE_TYPE_DESCRIPTION',
    'Type',
  ],
  status: ['Status', 'Dispute Status', 'Status code', 'Action-Status', 'currentQueue', 'state', 'Case Status'],
  reasonCode: [
    'Reason Code',
    'Chargeback Reason Code',
    'CBReasonCode',
    'CHGBK_RSN_CODE',
    'reasonCode',
    'Exception Code',
  ],
  reasonDescription: [
    'Reason Description',
    'reasonCodeDescription',
    'CHGBK_RSN_DESC',
    'Exception Description',
    'reasonDescription',
    'Reason',
  ],
  amount: [
    'Dispute Amount',
    'Chargeback Amount',
    'chargebackAmount',
    'CBAmount',
    'CB Amount',
    'Exception Settled Amount',
    'Settled Amount',
    'AMOUNT',
    'Amount',
  ],
  /** The processor's fee for the case (TSYS charges one per chargeback); posted as its own line to the fee G/L. */
  fee: ['Chargeback Fee', 'Dispute Fee', 'CB Fee', 'Case Fee', 'Fee Amount', 'Fee'],
  originalAmount: [
    'Payment Amount',
    'Transaction Amount',
    'Merchant Amount',
    'paymentAmount',
    'Original Amount',
    'Sale Amount',
  ],
  currency: [
    'Currency',
    'chargebackCurrencyType',
    'CURRENCY_CODE',
    'CurrencyCode',
    'Currency Code',
    'Dispute Currency',
  ],
  impact: ['Monetary Impact', 'Debit/Credit', 'CBSign', 'FinancialImpactType', 'Debit Credit'],
  receivedDate: [
    'Incoming Date',
    'Chargeback Date',
    'dateReceivedByVantivCnp',
    'Received Date',
    'Date Received',
    'posted',
    'Exception Date',
    'Disputed On',
    'CBDate',
    'File Date',
  ],
  transactionDate: [
    'Transaction Date',
    'originalTxnDay',
    'TRANSACTION_DATE',
    'OriginalSettlementDate',
    'Original Transaction Date',
    'Sale Date',
  ],
  dueDate: [
    'Due Date',
    'Merchant Due Date',
    'Respond By',
    'RespondByDate',
    'ResponseDueDate',
    'replyByDay',
    'Reply By',
    'due',
  ],
  card: [
    'Card Number',
    'CARD_NO',
    'cardNumberLast4',
    'Last 4',
    'Last Four',
    'Card Last 4',
    'Cardholder Member',
    'Cardholder Number',
    'Account Number',
  ],
  cardBrand: ['Card Brand', 'Card Type', 'cardType', 'cardScheme', 'Card Product Type', 'Exception Network', 'Network'],
  arn: [
    'Acquirer Reference Number',
    'ARN',
    'acquirerReferenceNumber',
    'CB_ACQ_REF_ID',
    'Network Transaction ID',
    'Card Brand Reference Number',
  ],
  authCode: ['Auth Code', 'Authorization Code', 'AUTHORIZATION_CODE', 'authCode', 'Approval Code'],
  merchantReference: [
    'Merchant Reference',
    'Merchant Reference ID',
    'MerchantReferenceNumber',
    'merchantTransactionRef',
    'merchantTxnId',
    'orderId',
    'Order ID',
    'Order Number',
    'MER_REF',
    'PURCH_ID',
    'Invoice',
    'Invoice Number',
    'Invoice #',
  ],
  transactionId: ['PayTrace Transaction ID', 'Gateway Transaction ID', 'Transaction ID', 'TRANXID'],
  merchantId: ['Merchant Number', 'Merchant ID', 'MID', 'MERCHANT_NUMBER', 'merchantId'],
} as const satisfies Record<string, readonly string[]>;

export type DisputeField = keyof typeof DISPUTE_ALIASES;

export const REQUIRED_DISPUTE_FIELDS: readonly DisputeField[] = ['caseNumber', 'amount'];

/**
 * Amounts under these headers, written exactly so, are minor units when they are whole numbers (Worldpay's
 * chargeback API: chargebackAmount 2002 is 20.02); "Payment Amount" of other reports is a decimal amount.
 */
const MINOR_UNIT_HEADERS = new Set(['chargebackAmount', 'paymentAmount', 'preArbitrationAmount']);

/** Which header each field was read from: what a clerk confirms, and what is saved per processor. */
export interface DisputeColumnMapping {
  /** 1-based row of the header in the file. */
  readonly headerRow: number;
  readonly columns: Readonly<Partial<Record<DisputeField, string>>>;
}

export class DisputeReportError extends Error {
  override readonly name = 'DisputeReportError';
  constructor(
    message: string,
    /** The required columns the report lacks, by their canonical name. */
    readonly missing: readonly DisputeField[] = [],
  ) {
    super(message);
  }
}

export interface DisputeReportOptions {
  readonly processor: string;
  /** A mapping saved for the processor: tried first, its headers looked for in the first rows. */
  readonly saved?: DisputeColumnMapping | null;
  /** The currency when the report has no currency column (default USD, PayTrace's). */
  readonly currency?: string;
  /** Rows searched for the header. */
  readonly scan?: number;
}

export interface DisputeReport {
  readonly mapping: DisputeColumnMapping;
  /** Whether the saved mapping was used (else the aliases). */
  readonly usedSaved: boolean;
  readonly cases: readonly DisputeBatchCase[];
  readonly rejected: readonly DisputeRejection[];
  /** Blank, totals and repeated header rows passed over (a row with data but no case number is rejected). */
  readonly skipped: number;
  readonly decimal: '.' | ',';
  readonly dateOrder: 'mdy' | 'dmy';
}

const LABELS: Readonly<Record<DisputeField, string>> = {
  caseNumber: 'case number',
  stage: 'stage',
  status: 'status',
  reasonCode: 'reason code',
  reasonDescription: 'reason description',
  amount: 'dispute amount',
  fee: 'fee',
  originalAmount: 'original amount',
  currency: 'currency',
  impact: 'debit/credit',
  receivedDate: 'received date',
  transactionDate: 'transaction date',
  dueDate: 'due date',
  card: 'card number',
  cardBrand: 'card brand',
  arn: 'ARN',
  authCode: 'auth code',
  merchantReference: 'merchant reference',
  transactionId: 'transaction id',
  merchantId: 'merchant id',
};

type Positions = Partial<Record<DisputeField, number>>;

/** Column positions by alias in one row; a column is given to one field only. */
function byAliases(header: readonly string[]): Positions {
  const pos = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (k !== '' && !pos.has(k)) pos.set(k, i);
  });
  const taken = new Set<number>();
  const out: Positions = {};
  for (const field of Object.keys(DISPUTE_ALIASES) as DisputeField[]) {
    for (const alias of DISPUTE_ALIASES[field]) {
      const i = pos.get(headerKey(alias));
      if (i !== undefined && !taken.has(i)) {
        out[field] = i;
        taken.add(i);
        break;
      }
    }
  }
  return out;
}

/** Column positions of a saved mapping in one row, or null when one of its headers is not there. */
function bySaved(header: readonly string[], saved: DisputeColumnMapping): Positions | null {
  const keys = header.map(headerKey);
  const out: Positions = {};
  for (const [field, label] of Object.entries(saved.columns) as [DisputeField, string][]) {
    const i = keys.indexOf(headerKey(label));
    if (i < 0) return null;
    out[field] = i;
  }
  return REQUIRED_DISPUTE_FIELDS.every((f) => out[f] !== undefined) ? out : null;
}

function locate(
  rows: readonly (readonly string[])[],
  opts: DisputeReportOptions,
): { row: number; columns: Positions; usedSaved: boolean } {
  if (rows.every((r) => r.every((c) => c.trim() === '')))
    throw new DisputeReportError('the report is empty', REQUIRED_DISPUTE_FIELDS);
  const scan = Math.min(opts.scan ?? 25, rows.length);
  if (opts.saved) {
    for (let r = 0; r < scan; r++) {
      const columns = bySaved(rows[r]!, opts.saved);
      if (columns) return { row: r, columns, usedSaved: true };
    }
  }
  let best: { row: number; columns: Positions; hits: number } | null = null;
  for (let r = 0; r < scan; r++) {
    const columns = byAliases(rows[r]!);
    if (REQUIRED_DISPUTE_FIELDS.every((f) => columns[f] !== undefined)) return { row: r, columns, usedSaved: false };
    const hits = Object.keys(columns).length;
    if (hits > (best?.hits ?? 0)) best = { row: r, columns, hits };
  }
  if (!best || best.hits < 2)
    throw new DisputeReportError(
      `no header row in the first ${scan} rows names the required columns: ${REQUIRED_DISPUTE_FIELDS.map(
        (f) => `${LABELS[f]} (e.g. "${DISPUTE_ALIASES[f][0]}")`,
      ).join(', ')}`,
      REQUIRED_DISPUTE_FIELDS,
    );
  const missing = REQUIRED_DISPUTE_FIELDS.filter((f) => best!.columns[f] === undefined);
  throw new DisputeReportError(
    `the report's header (row ${best.row + 1}) has no ${missing
      .map((f) => `${LABELS[f]} column (one of: ${DISPUTE_ALIASES[f].map((a) => `"${a}"`).join(', ')})`)
      .join(' and no ')}`,
    missing,
  );
}

const TOTALS = /^(grand\s*)?(sub)?totals?\b|^(count|sum|records?|end of report)\b/i;

/** The file's decimal separator: a comma when an amount ends in a comma and one or two digits ("1.234,56"). */
function decimalOf(
  rows: readonly (readonly string[])[],
  from: number,
  cols: readonly (number | undefined)[],
): '.' | ',' {
  for (let r = from; r < rows.length; r++)
    for (const c of cols) {
      if (c === undefined) continue;
      const v = (rows[r]![c] ?? '').trim();
      if (/,\d{1,2}\)?-?$/.test(v.replace(/[^\d.,()-]/g, '')) && !/\.\d{1,2}\)?-?$/.test(v)) return ',';
    }
  return '.';
}

/** Day first when some slashed or dashed date cannot be month first (25/11/2026). */
function dateOrderOf(
  rows: readonly (readonly string[])[],
  from: number,
  cols: readonly (number | undefined)[],
): 'mdy' | 'dmy' {
  for (let r = from; r < rows.length; r++)
    for (const c of cols) {
      if (c === undefined) continue;
      const m = /^(\d{1,2})[/-](\d{1,2})[/-]\d{4}/.exec((rows[r]![c] ?? '').trim());
      if (m && Number(m[1]) > 12 && Number(m[2]) <= 12) return 'dmy';
    }
  return 'mdy';
}

class RowError extends Error {}

export function parseDisputeReport(rows: readonly (readonly string[])[], opts: DisputeReportOptions): DisputeReport {
  const processor = opts.processor.trim();
  if (processor === '') throw new DisputeReportError('no processor name');
  const { row: headerRow, columns, usedSaved } = locate(rows, opts);
  const header = rows[headerRow]!;
  const mapping: DisputeColumnMapping = {
    headerRow: headerRow + 1,
    columns: Object.fromEntries(
      (Object.entries(columns) as [DisputeField, number][]).map(([f, i]) => [
        f,
        redactCardText((header[i] ?? '').trim()),
      ]),
    ),
  };
  const minorUnits = (field: 'amount' | 'fee' | 'originalAmount'): boolean =>
    columns[field] !== undefined && MINOR_UNIT_HEADERS.has((header[columns[field]!] ?? '').trim());
  const decimal = decimalOf(rows, headerRow + 1, [columns.amount, columns.originalAmount, columns.fee]);
  const dateOrder = dateOrderOf(rows, headerRow + 1, [columns.receivedDate, columns.transactionDate, columns.dueDate]);
  const defaultCurrency = (opts.currency ?? 'USD').trim().toUpperCase();
  if (!isIsoCurrency(defaultCurrency))
    throw new DisputeReportError(`currency "${defaultCurrency}" is not an ISO 4217 code`);

  const cases: DisputeBatchCase[] = [];
  const rejected: DisputeRejection[] = [];
  let skipped = 0;
  for (let r = headerRow + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const get = (f: DisputeField): string => (columns[f] === undefined ? '' : (cells[columns[f]!] ?? '').trim());
    const ref = `row ${r + 1}`;
    const caseNumber = get('caseNumber');
    const firstText = cells.find((c) => c.trim() !== '')?.trim() ?? '';
    if (
      firstText === '' ||
      TOTALS.test(firstText) ||
      (caseNumber !== '' && headerKey(caseNumber) === headerKey(header[columns.caseNumber!] ?? ''))
    ) {
      skipped++;
      continue;
    }
    // A row with data but no case number cannot be a chargeback ClearDesk could find again: named, not dropped.
    if (caseNumber === '') {
      rejected.push({ ref, reason: redactCardText(`no case number (the row has ${JSON.stringify(firstText)})`) });
      continue;
    }
    try {
      cases.push({
        ref,
        dispute: readRow(get, { processor, caseNumber, decimal, dateOrder, defaultCurrency, minorUnits }),
      });
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      rejected.push({ ref: `${ref} (case ${redactCardText(caseNumber)})`, reason: redactCardText(e.message) });
    }
  }
  return { mapping, usedSaved, cases, rejected, skipped, decimal, dateOrder };
}

interface RowContext {
  readonly processor: string;
  readonly caseNumber: string;
  readonly decimal: '.' | ',';
  readonly dateOrder: 'mdy' | 'dmy';
  readonly defaultCurrency: string;
  readonly minorUnits: (field: 'amount' | 'fee' | 'originalAmount') => boolean;
}

function readRow(get: (f: DisputeField) => string, ctx: RowContext): DisputeCase {
  const currencyText = get('currency').toUpperCase();
  const currency = currencyText === '' ? ctx.defaultCurrency : currencyText;
  if (!isIsoCurrency(currency)) throw new RowError(`currency ${JSON.stringify(currencyText)} is not an ISO 4217 code`);

  const amountOf = (field: 'amount' | 'fee' | 'originalAmount'): Money | null => {
    const text = get(field);
    if (text === '') return null;
    const plain = plainDecimal(text, ctx.decimal);
    if (plain === null) throw new RowError(`${LABELS[field]} ${JSON.stringify(text)} is not an amount`);
    try {
      if (ctx.minorUnits(field) && /^-?\d+$/.test(text)) return money(Math.abs(Number(plain)), currency);
      return money(Math.abs(decimalToMinor(plain, currencyExponent(currency))), currency);
    } catch (e) {
      if (e instanceof AmountFormatError) throw new RowError(`${LABELS[field]} ${JSON.stringify(text)}: ${e.message}`);
      throw e;
    }
  };
  const amount = amountOf('amount');
  if (amount === null) throw new RowError('no dispute amount');
  const originalAmount = amountOf('originalAmount');
  const fee = amountOf('fee');

  const dateOf = (field: 'receivedDate' | 'transactionDate' | 'dueDate'): string | null => {
    const text = get(field);
    if (text === '') return null;
    const iso = isoDate(text, ctx.dateOrder);
    if (iso === null) throw new RowError(`${LABELS[field]} ${JSON.stringify(text)} is not a date`);
    return iso;
  };

  const stageText = get('stage');
  let stage: DisputeStage = 'chargeback';
  if (stageText !== '') {
    const s = stageOf(stageText);
    if (s === null)
      throw new RowError(
        `stage ${JSON.stringify(stageText)} is not one ClearDesk knows (retrieval request, chargeback, representment, pre-arbitration, arbitration)`,
      );
    stage = s;
  }
  const statusText = get('status');
  const reason = reasonCode(get('reasonCode'), get('cardBrand'));
  const transactionIdText = get('transactionId');
  const transactionId = /^\d{1,15}$/.test(transactionIdText) ? Number(transactionIdText) : null;
  const arn = get('arn').replace(/\s/g, '');

  return {
    processor: ctx.processor,
    caseNumber: redactCardText(ctx.caseNumber),
    stage,
    stageRaw: redactCardText(stageText),
    status: statusText === '' ? 'open' : statusOf(statusText),
    statusRaw: redactCardText(statusText),
    network: reason.network,
    reasonCode: redactCardText(reason.code),
    reasonMeaning: reason.meaning,
    reasonDescription: redactCardText(get('reasonDescription')),
    amount,
    originalAmount,
    ...(fee !== null && fee.minor > 0 ? { fee } : {}),
    impact: impactOf(get('impact'), get('amount'), ctx.decimal),
    receivedDate: dateOf('receivedDate'),
    transactionDate: dateOf('transactionDate'),
    dueDate: dateOf('dueDate'),
    cardLast4: lastFourOf(get('card')),
    // A 23-digit ARN is no card number; anything that is one is masked all the same.
    arn: redactCardText(arn),
    merchantReference: redactCardText(get('merchantReference')),
    transactionId,
    authCode: redactCardText(get('authCode')),
    merchantId: redactCardText(get('merchantId')),
  };
}

/** Debit or credit from the report's impact column ("Debit", "D", "-"), else from the amount's sign. */
function impactOf(text: string, amountText: string, decimal: '.' | ','): DisputeImpact {
  const t = text.trim().toLowerCase();
  if (/^(d|dr|debit|-)$/.test(t) || t.startsWith('debit')) return 'debit';
  if (/^(c|cr|credit|\+)$/.test(t) || t.startsWith('credit')) return 'credit';
  const plain = plainDecimal(amountText, decimal);
  if (plain !== null && plain.startsWith('-')) return 'debit';
  return 'unknown';
}

/** A read report as a DisputeIntake (shared/ports/disputes.ts), the interface every source of cases gives the core. */
export function reportIntake(report: DisputeReport, processor: string, origin: string): DisputeIntake {
  return {
    source: 'report',
    processor,
    read: async () => ({ source: 'report', origin, cases: report.cases, rejected: report.rejected }),
  };
}
