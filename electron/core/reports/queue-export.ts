// The review queue's current view as a file (docs/ARCHITECTURE.md, "The audit log"): the rows are read
// through queueWindow (the store's window owns the filter, sort and drill), page by page, so the
// file holds exactly what the clerk's view selects, every row of it. Money is decimal text in the
// currency's exponent with the currency in its own column; every cell passes the card guard.
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
import { negate } from '../../../shared/money';
import { containsCardText } from '../../../shared/security';
import { isoNow, type Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';
import { queueWindow } from '../review/queue';
import { MAX_API_REPORT_BYTES } from './api';
import { csvField, textCell } from './csv';
import { decimal, safe } from './guard';
import { MIME_TYPES } from './index';

type ColumnId = (typeof QUEUE_EXPORT_COLUMNS)[number];

interface FileColumn {
  readonly header: string;
  readonly cell: (r: QueueRow) => string;
  /** Text from outside (names, references, reasons): a CSV neutralises a leading formula character. */
  readonly text?: boolean;
}

/** The file's columns for each table column (a table column can be several: the amount and its currency). */
const FILE_COLUMNS: Readonly<Record<ColumnId, readonly FileColumn[]>> = {
  transactionId: [{ header: 'Transaction', cell: (r) => String(r.transactionId) }],
  createdAt: [{ header: 'Date (UTC)', cell: (r) => r.createdAt }],
  customer: [
    { header: 'Billing name', cell: (r) => r.billingName, text: true },
    { header: 'SAP customer (KUNNR)', cell: (r) => r.proposal?.customer ?? '', text: true },
    { header: 'Customer name', cell: (r) => r.proposal?.customerName ?? '', text: true },
  ],
  invoiceId: [{ header: 'Invoice', cell: (r) => r.invoiceId, text: true }],
  amount: [
    // Refunds go back to the card: negative, as the table shows them.
    { header: 'Amount', cell: (r) => decimal(r.kind === 'refund' ? negate(r.amount) : r.amount) },
    { header: 'Currency', cell: (r) => r.amount.currency },
  ],
  match: [
    {
      header: 'Proposed match',
      text: true,
      cell: (r) => (r.proposal?.items ?? []).map((i) => `${i.reference || i.docNo} ${decimal(i.amount)}`).join('; '),
    },
  ],
  tier: [{ header: 'Tier', cell: (r) => r.proposal?.tier ?? '' }],
  queueState: [
    { header: 'State', cell: (r) => r.queueState },
    {
      header: 'SAP document / reason',
      text: true,
      cell: (r) => {
        const doc = r.posting?.sapDocument;
        return doc ? `${doc.BELNR} / ${doc.BUKRS} / ${doc.GJAHR}` : (r.stateReason ?? '');
      },
    },
  ],
};

export interface QueueExportTable {
  readonly header: string[];
  /** Which columns hold text from outside (see FileColumn.text). */
  readonly text: boolean[];
  /** Every row's cells, already through the card guard. */
  readonly rows: string[][];
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
  for (let offset = 0; ; offset += pageSize) {
    const page = await queueWindow(store, { ...view, offset, limit: pageSize }, payTraceZone);
    for (const r of page.rows) rows.push(columns.map((c) => safe(c.cell(r))));
    if (page.rows.length < pageSize) break;
  }
  return { header: columns.map((c) => c.header), text: columns.map((c) => c.text === true), rows };
}

export function queueCsv(table: QueueExportTable): Buffer {
  const lines = [table.header, ...table.rows.map((r) => r.map((v, i) => (table.text[i] ? textCell(v) : v)))];
  const text = lines.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * Every cell is a text cell (never a formula): amounts stay the exact decimals of the currency,
 * no float on the way.
 */
export async function queueXlsx(table: QueueExportTable, generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ClearDesk';
  wb.created = new Date(generatedAt);
  const ws = wb.addWorksheet('Queue', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(table.header).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  table.header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(10, Math.min(40, h.length + 4));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
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
