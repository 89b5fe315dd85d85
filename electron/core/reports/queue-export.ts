// The review queue's current view as a file (docs/ARCHITECTURE.md, "The audit log"): the rows are read
// through queueWindow (the store's window owns the filter, sort and drill), page by page, so the
// file holds exactly what the clerk's view selects, every row of it. Money is decimal text in the
// currency's exponent with the currency in its own column (in the XLSX a number cell with the
// currency's decimals); a payment's date is the one the table shows (its company code's zone) beside
// the UTC instant; every cell passes the card guard.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  ApiError,
  QUEUE_EXPORT_COLUMNS,
  QUEUE_WINDOW_MAX,
  type QueueExportRequest,
  type QueueRow,
  type ResponseOf,
} from '../../../shared/api';
import { PAYMENT_STATE_LABELS, TIER_LABELS } from '../../../shared/domain';
import { negate } from '../../../shared/money';
import { wallClockAt } from '../../../shared/time';
import { containsCardText } from '../../../shared/security';
import { isoNow, type Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';
import { queueWindow } from '../review/queue';
import { MAX_API_REPORT_BYTES } from './api';
import { csvField, textCell } from './csv';
import { decimal, safe } from './guard';
import { numberFormat } from './xlsx';
import { MIME_TYPES } from './index';

type ColumnId = (typeof QUEUE_EXPORT_COLUMNS)[number];

/**
 * What a column holds. `text`: from outside (names, references, reasons), so a CSV neutralises a leading
 * formula character; `amount`: the row's money as decimal text, a number cell in the XLSX; `local`: a wall
 * clock `YYYY-MM-DD HH:MM:SS`, a date cell in the XLSX; `plain`: ClearDesk's own words and ids.
 */
export type ExportCellKind = 'text' | 'amount' | 'local' | 'plain';

interface FileColumn {
  readonly header: string;
  readonly cell: (r: QueueRow) => string;
  readonly kind?: ExportCellKind;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The payment's time on the wall clock of its zone, as the table shows it (UTC when it has none). */
function localTime(r: QueueRow): string {
  const w = wallClockAt(Date.parse(r.createdAt), r.zone ?? 'UTC');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/** The file's columns for each table column (a table column can be several: the amount and its currency). */
const FILE_COLUMNS: Readonly<Record<ColumnId, readonly FileColumn[]>> = {
  transactionId: [{ header: 'Transaction', cell: (r) => String(r.transactionId) }],
  createdAt: [
    { header: 'Date', cell: localTime, kind: 'local' },
    { header: 'Zone', cell: (r) => r.zone ?? 'UTC' },
    { header: 'Date (UTC)', cell: (r) => r.createdAt },
  ],
  customer: [
    { header: 'Billing name', cell: (r) => r.billingName, kind: 'text' },
    { header: 'SAP customer (KUNNR)', cell: (r) => r.proposal?.customer ?? '', kind: 'text' },
    { header: 'Customer name', cell: (r) => r.proposal?.customerName ?? '', kind: 'text' },
  ],
  invoiceId: [{ header: 'Invoice', cell: (r) => r.invoiceId, kind: 'text' }],
  amount: [
    // Refunds go back to the card: negative, as the table shows them.
    { header: 'Amount', cell: (r) => decimal(r.kind === 'refund' ? negate(r.amount) : r.amount), kind: 'amount' },
    { header: 'Currency', cell: (r) => r.amount.currency },
  ],
  match: [
    {
      header: 'Proposed match',
      kind: 'text',
      cell: (r) => (r.proposal?.items ?? []).map((i) => `${i.reference || i.docNo} ${decimal(i.amount)}`).join('; '),
    },
    // What the proposal leaves on the customer's account, unapplied (the table's "On account"): empty without one.
    {
      header: 'On account',
      kind: 'amount',
      cell: (r) => (r.proposal && r.proposal.onAccount.minor !== 0 ? decimal(r.proposal.onAccount) : ''),
    },
  ],
  tier: [{ header: 'Tier', cell: (r) => (r.proposal ? TIER_LABELS[r.proposal.tier] : '') }],
  queueState: [
    // In the words the screen shows ("To review"), as a clerk filters a spreadsheet by them.
    { header: 'State', cell: (r) => PAYMENT_STATE_LABELS[r.queueState] },
    {
      header: 'SAP document / reason',
      kind: 'text',
      cell: (r) => {
        const doc = r.posting?.sapDocument;
        return doc ? `${doc.BELNR} / ${doc.BUKRS} / ${doc.GJAHR}` : (r.stateReason ?? '');
      },
    },
  ],
};

export interface QueueExportTable {
  readonly header: string[];
  /** What each column holds (ExportCellKind). */
  readonly kinds: ExportCellKind[];
  /** Every row's cells, already through the card guard. */
  readonly rows: string[][];
  /** Each row's currency: the decimals of its amount cells. */
  readonly currencies: string[];
}

/** The view's rows, every page of queueWindow in the view's order, as the file's cells. */
export async function queueExportTable(
  store: Repositories,
  req: Omit<QueueExportRequest, 'format'>,
  payTraceZone?: string,
  /** Rows per read of the window (smaller in tests, so paging is exercised). */
  pageSize = QUEUE_WINDOW_MAX,
): Promise<QueueExportTable> {
  const wanted = req.columns && req.columns.length > 0 ? req.columns : QUEUE_EXPORT_COLUMNS;
  // The table's order, whatever order the request names them in; each once.
  const ids = QUEUE_EXPORT_COLUMNS.filter((c) => wanted.includes(c));
  const columns = ids.flatMap((id) => FILE_COLUMNS[id]);
  const { states, batch, text, sort, drill } = req;
  const view = {
    ...(states ? { states } : {}),
    ...(batch !== undefined ? { batch } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(sort ? { sort } : {}),
    ...(drill ? { drill } : {}),
  };
  const rows: string[][] = [];
  const currencies: string[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await queueWindow(store, { ...view, offset, limit: pageSize }, payTraceZone);
    for (const r of page.rows) {
      rows.push(columns.map((c) => safe(c.cell(r))));
      currencies.push(r.amount.currency);
    }
    if (page.rows.length < pageSize) break;
  }
  return { header: columns.map((c) => c.header), kinds: columns.map((c) => c.kind ?? 'plain'), rows, currencies };
}

export function queueCsv(table: QueueExportTable): Buffer {
  const lines = [
    table.header,
    ...table.rows.map((r) => r.map((v, i) => (table.kinds[i] === 'text' ? textCell(v) : v))),
  ];
  const text = lines.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * No cell is a formula. An amount is a number cell parsed from its exact decimal text (below 2^53 minor
 * units every amount shows exactly, as in the journal's workbook) with its currency's decimals as the
 * format, so it sums and pivots; the local date is a date cell holding the wall clock the table shows;
 * the rest is text.
 */
export async function queueXlsx(table: QueueExportTable, generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ClearDesk';
  wb.created = new Date(generatedAt);
  const ws = wb.addWorksheet('Queue', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(table.header).font = { bold: true };
  table.rows.forEach((r, n) => {
    const row = ws.addRow(r.map((v, i) => xlsxValue(table.kinds[i]!, v)));
    table.kinds.forEach((kind, i) => {
      if (kind === 'amount' && r[i] !== '') row.getCell(i + 1).numFmt = numberFormat(table.currencies[n]!);
      else if (kind === 'local') row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
  });
  table.header.forEach((h, i) => {
    ws.getColumn(i + 1).width = table.kinds[i] === 'local' ? 20 : Math.max(10, Math.min(40, h.length + 4));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's value in the workbook: exceljs writes a Date as the same wall clock, whatever the zone. */
function xlsxValue(kind: ExportCellKind, v: string): string | number | Date {
  if (v === '') return v;
  if (kind === 'amount') return Number(v);
  if (kind === 'local') return new Date(`${v.replace(' ', 'T')}Z`);
  return v;
}

export async function queueExportForApi(
  deps: { store: Repositories; clock: Clock; payTraceZone?: string; maxBytes?: number },
  actor: Actor,
  req: QueueExportRequest,
): Promise<ResponseOf<'queue.export'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  const generatedAt = isoNow(deps.clock);
  const table = await queueExportTable(deps.store, req, deps.payTraceZone);
  const bytes = req.format === 'csv' ? queueCsv(table) : await queueXlsx(table, generatedAt);
  if (req.format === 'csv' && containsCardText(bytes.toString('utf8')))
    throw new Error('The CSV export still held a card number after redaction; it was not written.');
  const max = deps.maxBytes ?? MAX_API_REPORT_BYTES;
  if (bytes.length > max)
    throw new ApiError(
      'invalid_request',
      `This view has ${table.rows.length} rows, more than the app downloads at once: narrow it with the filter or a tab.`,
    );
  const fileName = `cleardesk-queue_${generatedAt.slice(0, 10)}.${req.format}`;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await deps.store.audit.append({
    actor: actor.name,
    action: 'report.exported',
    subject: 'report:queue',
    detail: {
      report: 'queue',
      via: 'api',
      view: {
        states: req.states ?? null,
        batch: req.batch ?? null,
        // What the clerk typed may be anything: through the card guard like every cell.
        text: req.text ? safe(req.text) : null,
        sort: req.sort ?? null,
        drill: req.drill ?? null,
      },
      columns: req.columns ?? null,
      format: req.format,
      fileName,
      lines: table.rows.length,
      bytes: bytes.length,
      sha256,
    },
    at: generatedAt,
  });
  return { fileName, mimeType: MIME_TYPES[req.format], base64: bytes.toString('base64'), lines: table.rows.length };
}
