// `cleardesk match --transactions T --open-items O [--rules R] [--currency C] --out P`: offline
// matching of files. PayTrace export records (JSON) or PayTrace's CSV download; LINEITEMS rows
// (JSON) or an FBL5N export (CSV/TXT/XLS text, XLSX). One output entry per transaction that has
// an id, in input order; bad records are returned as errors and the rest is still matched.
//
// Currency rule: PayTrace records carry none. `currency` when given; else the currency of the
// open items the record points at (its invoice numbers, else its customer's items) when that is
// one currency; else the only currency among all open items; else USD.
//
// Card data (shared/security): the records' text fields are masked as they are read, as at a sync's ingest,
// and every entry and error message is masked again on the way out, since they quote the input.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Customer, OpenItem } from '../../../shared/domain';
import {
  customersFromJson,
  customersFromTables,
  fromLineItem,
  fromPayTraceRecord,
  type LineItemRow,
  lineItemLabel,
  lineItemsFromFbl5n,
  type PayTraceExportRecord,
  RecordError,
  recordLabel,
  recordsFromPayTraceCsv,
  transactionIdOf,
} from '../../../shared/mapping';
import {
  createMatchContext,
  DEFAULT_RULES,
  type EngineProposal,
  inferCurrency,
  type MatchableTransaction,
  type MatchAlias,
  parseRules,
  payersFromInvoiceNumbers,
  streamProposals,
} from '../../../shared/matching';
import { money, toDecimal } from '../../../shared/money';
import { loadGlRules } from '../../connectors/sap/gl-rules-file';
import { redactCardData, redactCardText } from '../../../shared/security';

export interface RunMatchOptions {
  transactions: string;
  openItems: string;
  rules?: string;
  /** G/L rules (gl-rules.json) whose accounts the proposals' write-offs name; resources/gl-rules.json by default. */
  glRules?: string;
  out: string;
  /** Currency of the PayTrace amounts; overrides the inference described above. */
  currency?: string;
  /**
   * Optional customer master: JSON ([{KUNNR, BUKRS, name, email, city, postalCode, street, vaultIds,
   * KNRZE, KONZS}]) or KNA1/KNB1 spreadsheet exports (SE16N/ALV, CSV/TXT/XLSX), one file or several.
   */
  customers?: string | readonly string[];
  /** Optional learned aliases (JSON array of MatchAlias). */
  aliases?: string;
  /** For an FBL5N layout without a company code column. */
  companyCode?: string;
  /** PayTrace's time zone for created.at; America/Los_Angeles by default. */
  zone?: string;
  /** Told as transactions are matched (done of total), for a progress bar; throttle it yourself. */
  onProgress?: (done: number, total: number) => void;
}

export interface RunMatchResult {
  written: number;
  errors: { record: string; message: string }[];
  /** What the inputs held and how much of it could be read: nothing read of something given fails the command. */
  read: { transactions: number; transactionsGiven: number; openItems: number; openItemsGiven: number };
}

/** One entry of P.json. */
export interface MatchOutputEntry {
  transaction_id: number;
  tier: 'auto' | 'suggest' | 'none';
  confidence: number;
  items: { COMP_CODE: string; FISC_YEAR: string; DOC_NO: string; ITEM_NUM: string; amount: string }[];
  on_account: string;
  reasons: string[];
  /** Only when part of an invoice is cleared to a G/L account (tolerance, earned discount). */
  write_off?: { amount: string; gl: string };
}

export class MatchInputError extends Error {
  override readonly name = 'MatchInputError';
}

export async function runMatch(opts: RunMatchOptions): Promise<RunMatchResult> {
  const errors: RecordError[] = [];
  const rules = opts.rules ? parseRules(await readJson(opts.rules, 'rules')) : DEFAULT_RULES;

  const openItems: OpenItem[] = [];
  const rows = await readOpenItemRows(opts, errors);
  rows.forEach((row, i) => {
    try {
      openItems.push(fromLineItem(row, i));
    } catch (e) {
      errors.push(e instanceof RecordError ? e : new RecordError(lineItemLabel(row, i), (e as Error).message));
    }
  });
  const customers = await readCustomers(opts.customers, errors);
  const aliases = opts.aliases ? ((await readJson(opts.aliases, 'aliases')) as MatchAlias[]) : [];
  // The accounts a write-off names are the ones its document would post to: the G/L rules' (the app's own
  // admin overrides live in its store, which this offline command does not read).
  const glRules = await loadGlRules(opts.glRules).catch((e: unknown) => {
    throw new MatchInputError(`The G/L rules file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  });
  const ctx = createMatchContext(openItems, customers, aliases, rules, [], glRules);

  const records = await readTransactionRecords(opts.transactions, errors);
  const payers = opts.currency
    ? undefined
    : payersFromInvoiceNumbers(
        ctx,
        records.flatMap((r) => (r ? [hintsOf(r)] : [])),
      );
  const slots: (
    { kind: 'tx'; t: MatchableTransaction } | { kind: 'bad'; id: number; currency: string; message: string }
  )[] = [];
  records.forEach((record, i) => {
    if (record === null) return;
    let id: number;
    try {
      id = transactionIdOf(record, i);
    } catch (e) {
      errors.push(e as RecordError);
      return;
    }
    const currency = opts.currency ?? inferCurrency(ctx, hintsOf(record), 'USD', payers).currency;
    try {
      slots.push({ kind: 'tx', t: fromPayTraceRecord(record, i, currency, opts.zone) });
    } catch (e) {
      const err = e instanceof RecordError ? e : new RecordError(recordLabel(record, i), (e as Error).message);
      errors.push(err);
      slots.push({ kind: 'bad', id, currency, message: err.message });
    }
  });

  const txs = slots.flatMap((s) => (s.kind === 'tx' ? [s.t] : []));
  // Proposals are written as the engine hands them over, never all held at once; the bad
  // records' entries are written in their places between them.
  const out = new JsonArrayWriter(opts.out);
  let at = 0;
  let matched = 0;
  opts.onProgress?.(0, txs.length);
  const badUntilTx = (): void => {
    for (let s = slots[at]; s !== undefined && s.kind === 'bad'; s = slots[++at])
      out.write(badEntry(s.id, s.currency, s.message));
  };
  try {
    streamProposals(ctx, txs, (p) => {
      badUntilTx();
      out.write(toEntry(p));
      at++;
      opts.onProgress?.(++matched, txs.length);
    });
    badUntilTx();
    out.close();
  } catch (e) {
    out.abandon();
    throw e;
  }
  return {
    written: slots.length,
    read: {
      transactions: txs.length,
      transactionsGiven: records.filter((r) => r !== null).length,
      openItems: openItems.length,
      openItemsGiven: rows.length,
    },
    errors: errors.map((e) => ({
      record: redactCardText(e.record),
      message: redactCardText(e.message.slice(e.record.length + 2)),
    })),
  };
}

/**
 * Writes the same bytes as `JSON.stringify(entries, null, 2) + "\n"` one entry at a time, so a
 * million proposals never exist as one array or one string.
 */
class JsonArrayWriter {
  private readonly fd: number;
  private chunk: string[] = [];
  private size = 0;
  private count = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(entry: MatchOutputEntry): void {
    // An element of a pretty-printed array is its own pretty-printed text, indented one level.
    const text = `  ${JSON.stringify(redactCardData(entry), null, 2).replace(/\n/g, '\n  ')}`;
    this.push(this.count++ === 0 ? `[\n${text}` : `,\n${text}`);
  }

  close(): void {
    this.push(this.count === 0 ? '[]\n' : '\n]\n');
    this.flush();
    closeSync(this.fd);
  }

  /** After a failure: no half-written file is left behind. */
  abandon(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }

  private push(s: string): void {
    this.chunk.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.chunk.join(''), null, 'utf8');
    this.chunk = [];
    this.size = 0;
  }
}

function toEntry(p: EngineProposal): MatchOutputEntry {
  const entry: MatchOutputEntry = {
    transaction_id: p.transactionId,
    tier: p.tier,
    confidence: p.confidence,
    items: p.items.map((a) => ({
      COMP_CODE: a.item.BUKRS,
      FISC_YEAR: a.item.GJAHR,
      DOC_NO: a.item.BELNR,
      ITEM_NUM: a.item.BUZEI,
      amount: toDecimal(a.amount),
    })),
    on_account: toDecimal(p.onAccount),
    reasons: [...p.reasons],
  };
  if (p.writeOff) entry.write_off = { amount: toDecimal(p.writeOff.amount), gl: p.writeOff.gl };
  return entry;
}

function badEntry(id: number, currency: string, message: string): MatchOutputEntry {
  let zero = '0.00';
  try {
    zero = toDecimal(money(0, currency));
  } catch {
    // an unknown currency given on the command line: keep the plain zero
  }
  return {
    transaction_id: id,
    tier: 'none',
    confidence: 0,
    items: [],
    on_account: zero,
    reasons: [`not matched: ${message}`],
  };
}

function hintsOf(r: PayTraceExportRecord) {
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    invoiceId: s(r.invoice_id),
    customerReferenceId: s(r.customer_reference_id),
    description: s(r.description),
    vaultCustomerId: s(r.customer_id),
    email: s(r.receipt_emailed_to),
    billingName: s(r.billing_address?.name),
  };
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new MatchInputError(`cannot read the ${what} file ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new MatchInputError(`the ${what} file ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

async function readTransactionRecords(path: string, errors: RecordError[]): Promise<(PayTraceExportRecord | null)[]> {
  if (extname(path).toLowerCase() === '.json') {
    const data = await readJson(path, 'transactions');
    // Either transactions[] itself or the whole export response around it.
    const list = Array.isArray(data) ? data : (data as { transactions?: unknown })?.transactions;
    if (!Array.isArray(list))
      throw new MatchInputError(
        `the transactions file ${path} is neither a JSON array of PayTrace export records nor an export response with transactions[]`,
      );
    return list.map((r, i) => {
      if (typeof r === 'object' && r !== null && !Array.isArray(r)) return r as PayTraceExportRecord;
      errors.push(
        new RecordError(`transactions[${i}]`, 'is not a JSON object; the record cannot be matched or reported'),
      );
      return null;
    });
  }
  const { records, errors: rowErrors } = recordsFromPayTraceCsv(await readTable(path));
  errors.push(...rowErrors);
  return records;
}

async function readOpenItemRows(opts: RunMatchOptions, errors: RecordError[]): Promise<LineItemRow[]> {
  const path = opts.openItems;
  if (extname(path).toLowerCase() === '.json') {
    const data = await readJson(path, 'open-items');
    const list = Array.isArray(data) ? data : (data as { LINEITEMS?: unknown })?.LINEITEMS;
    if (!Array.isArray(list))
      throw new MatchInputError(
        `the open-items file ${path} is neither a JSON array of LINEITEMS rows nor an object with LINEITEMS`,
      );
    return list as LineItemRow[];
  }
  const { rows, errors: rowErrors } = lineItemsFromFbl5n(await readTable(path), {
    companyCode: opts.companyCode,
    currency: opts.currency,
  });
  errors.push(...rowErrors);
  return rows;
}

/** Rows of cells from CSV/TXT/TSV/XLS-as-text (any delimiter, UTF-8 or UTF-16) or XLSX. */
export async function readTable(path: string): Promise<string[][]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  const bytes = await readFile(path);
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? bytes.subarray(2).toString('utf16le')
      : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  // SAP's "unconverted" list export: |-delimited data lines between dashed separators.
  if (nonEmpty.length > 0 && nonEmpty.filter((l) => l.trimStart().startsWith('|')).length >= nonEmpty.length / 2) {
    return nonEmpty
      .filter((l) => l.trimStart().startsWith('|') && !/^\|?-+\|?$/.test(l.trim()))
      .map((l) =>
        l
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim().replace(/"/g, '')),
      );
  }
  const sample = nonEmpty.slice(0, 20).join('\n');
  const count = (ch: string): number => sample.split(ch).length - 1;
  const delimiter = ['\t', ';', ','].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  return parseCsv(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
  }) as string[][];
}

async function readXlsx(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    // A missing file keeps its own error; anything else is not a workbook exceljs can open (the zip library's
    // message, "Can't find end of central directory", says nothing to a clerk).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    throw new MatchInputError(
      `${path} is not an Excel workbook (.xlsx) that can be read: save it from Excel as .xlsx, or export it as CSV`,
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new MatchInputError(`${path} has no worksheet`);
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : v.toFixed(Math.min(6, (String(v).split('.')[1] ?? '').length));
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

/**
 * The customer master from the --customers files: JSON files as they are, spreadsheet exports of
 * KNA1 and KNB1 joined together (shared/mapping/customer-master.ts).
 */
async function readCustomers(
  paths: string | readonly string[] | undefined,
  errors: RecordError[],
): Promise<Customer[]> {
  const list = paths === undefined ? [] : typeof paths === 'string' ? [paths] : paths;
  const customers: Customer[] = [];
  const tables = [];
  try {
    for (const path of list) {
      if (extname(path).toLowerCase() === '.json')
        customers.push(...customersFromJson(await readJson(path, 'customers'), `the customers file ${path}`));
      else tables.push({ label: `the customers file ${path}`, rows: await readTable(path) });
    }
    if (tables.length > 0) {
      const read = customersFromTables(tables);
      customers.push(...read.customers);
      errors.push(...read.errors);
    }
  } catch (e) {
    if (e instanceof RecordError) throw new MatchInputError(e.message);
    throw e;
  }
  return customers;
}
