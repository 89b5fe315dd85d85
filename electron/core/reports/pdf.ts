// The journal as a PDF an auditor can read and file: A4 landscape, title and range, who produced
// it and when, the state counts, the totals per company code and currency, the audit chain's
// verification with its head hash, then the journal and the audit entries as tables whose header
// repeats on every page. Every page's footer carries the range, the audit head and "page x of y".
// pdfkit's built-in Helvetica (WinAnsi): every string is redacted and reduced to what it can show.
import PDFDocument from 'pdfkit';
import type { JournalLine, JournalReport } from './journal';
import {
  CHARGEBACK_OUTCOMES,
  NETWORK_LABEL,
  type ChargebackBucket,
  type ChargebackGroup,
  type ChargebackOutcome,
  type ChargebackReport,
} from './chargebacks';
import { partlyPaidText } from './csv';
import { BASIS_LABEL, STATE_LABEL, grouped, hashText, safe, sapDocument } from './guard';

/** What the report's dates are, by the range's basis (journal.ts `JournalBasis`). */
const DATES_NOTE: Readonly<Record<string, string>> = {
  postingDate: "Dates are SAP posting dates, each company code's own day; times are UTC.",
  approvedAt: "The range is of approval times in UTC days; posting dates are each company code's own day.",
};

const C = {
  ink: '#1d2733',
  muted: '#66727f',
  border: '#dde2e8',
  zebra: '#f6f8fa',
  header: '#18283b',
  accent: '#1f62c4',
  green: '#1c7a43',
  greenBg: '#e3f4ea',
  greenBorder: '#b5dfc5',
  red: '#b42323',
  redBg: '#fce8e8',
  redBorder: '#f0bcbc',
  amber: '#8a5a00',
  amberBg: '#fdf1d8',
} as const;

const MARGIN = 36;
const FOOTER_H = 22;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';

/** Helvetica's standard encoding is WinAnsi: keep Latin-1 and replace what it cannot draw. */
function pdfText(value: string | number | null | undefined): string {
  return (
    safe(value)
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/\u2026/g, '...')
      // eslint-disable-next-line no-control-regex
      .replace(/[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff]/g, '?')
  );
}

/** "2026-12-05 11:00:00 UTC" from an ISO instant. */
const generatedText = (at: string): string =>
  at
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/Z$/, ' UTC');

/** How the document information's Keywords start; then "entry <seq>, hash <hash>". */
export const PDF_HEAD_KEYWORDS = 'ClearDesk audit head:';

function pdfHeadKeywords(report: JournalReport): string {
  const head = report.audit.verification.head;
  return `${PDF_HEAD_KEYWORDS} entry ${head?.seq ?? 0}, hash ${hashText(head?.hash ?? '0'.repeat(64))}`;
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
  readonly font?: string;
}

interface Row {
  readonly cells: readonly string[];
  /** A line under the row, across the whole table (SAP's messages for a failed posting). */
  readonly note?: string;
  readonly noteColor?: string;
  readonly bold?: boolean;
  /** Colour per cell index. */
  readonly colors?: Readonly<Record<number, string>>;
}

type Doc = PDFKit.PDFDocument;

class PdfCanvas {
  readonly doc: Doc;
  protected readonly pad = 3.5;

  constructor(info: PDFKit.DocumentInfo) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: MARGIN, bottom: MARGIN + FOOTER_H, left: MARGIN, right: MARGIN },
      bufferPages: true,
      info,
    });
  }
  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  text(
    value: string | number | null | undefined,
    x: number,
    y: number,
    options: PDFKit.Mixins.TextOptions & { font?: string; size?: number; color?: string } = {},
  ): void {
    const { font = REGULAR, size = 8, color = C.ink, ...rest } = options;
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(pdfText(value), x, y, { lineBreak: rest.width !== undefined, ...rest });
  }

  protected heightOf(value: string, width: number, font: string, size: number): number {
    return this.doc
      .font(font)
      .fontSize(size)
      .heightOfString(pdfText(value) || ' ', { width });
  }

  ensure(space: number): void {
    if (this.doc.y + space > this.bottom) this.doc.addPage();
  }

  sectionTitle(title: string, x = this.left, y = this.doc.y, detail?: string): void {
    this.text(title, x, y, { font: BOLD, size: 11, color: C.ink });
    if (detail) {
      const w = this.doc.font(BOLD).fontSize(11).widthOfString(pdfText(title));
      this.text(detail, x + w + 8, y + 2.5, { size: 8, color: C.muted });
    }
  }

  // --- tables ----------------------------------------------------------------------------------

  protected drawHeader(cols: readonly Column[], x: number, y: number, size: number): number {
    const h = size + 2 * this.pad + 3;
    const total = cols.reduce((s, c) => s + c.width, 0);
    this.doc.rect(x, y, total, h).fill(C.header);
    let cx = x;
    for (const c of cols) {
      this.text(c.header, cx + this.pad, y + this.pad + 1, {
        font: BOLD,
        size: size - 0.5,
        color: '#ffffff',
        width: c.width - 2 * this.pad,
        align: c.align ?? 'left',
        lineBreak: false,
      });
      cx += c.width;
    }
    return y + h;
  }

  /** Draws the rows; a row never splits, and a new page repeats the header. Returns the y below. */
  table(
    cols: readonly Column[],
    rows: readonly Row[],
    options: { x?: number; size?: number; repeatTitle: string | null },
  ): number {
    const x = options.x ?? this.left;
    const size = options.size ?? 7.5;
    const total = cols.reduce((s, c) => s + c.width, 0);
    let y = this.drawHeader(cols, x, this.doc.y, size);
    rows.forEach((row, i) => {
      const cellHeights = row.cells.map((cell, j) =>
        this.heightOf(cell, cols[j]!.width - 2 * this.pad, row.bold ? BOLD : (cols[j]!.font ?? REGULAR), size),
      );
      const noteH = row.note ? this.heightOf(row.note, total - 2 * this.pad - 8, REGULAR, size - 0.5) + 2 : 0;
      const h = Math.max(...cellHeights) + 2 * this.pad + noteH;
      if (y + h > this.bottom) {
        this.doc.addPage();
        if (options.repeatTitle) {
          this.sectionTitle(options.repeatTitle, this.left, this.doc.page.margins.top, '(continued)');
          y = this.drawHeader(cols, x, this.doc.page.margins.top + 18, size);
        } else {
          y = this.drawHeader(cols, x, this.doc.page.margins.top, size);
        }
      }
      if (i % 2 === 1) this.doc.rect(x, y, total, h).fill(C.zebra);
      let cx = x;
      row.cells.forEach((cell, j) => {
        const col = cols[j]!;
        this.text(cell, cx + this.pad, y + this.pad, {
          font: row.bold ? BOLD : (col.font ?? REGULAR),
          size,
          color: row.colors?.[j] ?? C.ink,
          width: col.width - 2 * this.pad,
          align: col.align ?? 'left',
        });
        cx += col.width;
      });
      if (row.note) {
        this.text(row.note, x + this.pad + 8, y + this.pad + Math.max(...cellHeights) + 1, {
          size: size - 0.5,
          color: row.noteColor ?? C.muted,
          width: total - 2 * this.pad - 8,
        });
      }
      this.doc
        .moveTo(x, y + h)
        .lineTo(x + total, y + h)
        .lineWidth(0.4)
        .strokeColor(C.border)
        .stroke();
      y += h;
    });
    this.doc.y = y;
    return y;
  }

  /** The first page's head: the kicker, a title, a line under it and a muted note. */
  protected heading(title: string, sub: string, note: string): void {
    const doc = this.doc;
    const x = this.left;
    doc.rect(0, 0, doc.page.width, 6).fill(C.header);
    this.text('CLEARDESK', x, MARGIN - 8, { font: BOLD, size: 8, color: C.accent, characterSpacing: 1.2 });
    this.text(title, x, MARGIN + 4, { font: BOLD, size: 18, color: C.ink });
    this.text(sub, x, MARGIN + 28, { size: 10, color: C.ink });
    this.text(note, x, MARGIN + 43, { size: 8, color: C.muted });
    doc
      .moveTo(x, MARGIN + 58)
      .lineTo(x + this.width, MARGIN + 58)
      .lineWidth(0.6)
      .strokeColor(C.border)
      .stroke();
    doc.y = MARGIN + 68;
  }

  /** Every page's footer: `left`, and "Page x of y" on the right. */
  protected pageFooters(left: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // Drawing inside the bottom margin must not start a new page.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - MARGIN + 4;
      this.doc
        .moveTo(this.left, y - 6)
        .lineTo(this.left + this.width, y - 6)
        .lineWidth(0.5)
        .strokeColor(C.border)
        .stroke();
      this.text(left, this.left, y, { size: 6.5, color: C.muted, width: this.width - 80, lineBreak: false });
      this.text(`Page ${i - range.start + 1} of ${range.count}`, this.left + this.width - 80, y, {
        size: 6.5,
        color: C.muted,
        width: 80,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = bottom;
    }
  }

  /** A row of boxes, each a label over a figure. */
  protected statBoxes(items: readonly (readonly [string, number | string, string])[]): void {
    const gap = 10;
    const w = (this.width - gap * (items.length - 1)) / items.length;
    const y = this.doc.y;
    items.forEach(([label, n, color], i) => {
      const x = this.left + i * (w + gap);
      this.doc.roundedRect(x, y, w, 40, 4).lineWidth(0.6).fillAndStroke('#fbfcfd', C.border);
      this.text(label.toUpperCase(), x + 10, y + 7, { size: 6.5, color: C.muted, characterSpacing: 0.4 });
      this.text(String(n), x + 10, y + 18, { font: BOLD, size: 15, color });
    });
    this.doc.y = y + 52;
  }

  /** The finished file, once `draw` has drawn the pages. */
  finish(draw: () => void): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    draw();
    this.doc.end();
    return done;
  }

  /** A section's title and a table of `rows` scaled to the page width, or `empty` when there are none. */
  protected section(title: string, detail: string, cols: readonly Column[], rows: readonly Row[], empty: string): void {
    this.ensure(80);
    this.sectionTitle(title, this.left, this.doc.y, detail);
    this.doc.y += 18;
    if (rows.length === 0) {
      this.text(empty, this.left, this.doc.y, { size: 9, color: C.muted });
      this.doc.y += 24;
      return;
    }
    const scale = this.width / cols.reduce((s, c) => s + c.width, 0);
    this.table(
      cols.map((c) => ({ ...c, width: c.width * scale })),
      rows,
      { repeatTitle: title, size: 7.5 },
    );
    this.doc.y += 16;
  }
}

class ReportPdf extends PdfCanvas {
  constructor(private readonly report: JournalReport) {
    super({
      Title: pdfText(`Posting journal ${report.query.from} to ${report.query.to}`),
      Author: pdfText(report.generatedBy),
      Subject: 'ClearDesk posting journal and audit report',
      Creator: 'ClearDesk',
      CreationDate: new Date(report.generatedAt),
      // The head again where a program finds it: the document information is not compressed, the pages are.
      Keywords: pdfHeadKeywords(report),
    });
  }

  // --- the first page's head ------------------------------------------------------------------

  title(): void {
    const r = this.report;
    const range = r.query.from === r.query.to ? r.query.from : `${r.query.from} to ${r.query.to}`;
    this.heading(
      'Posting journal and audit report',
      `${range} (inclusive) by ${BASIS_LABEL[r.query.basis] ?? r.query.basis}  ·  Company code: ${r.query.companyCode ?? 'all'}`,
      `Generated ${generatedText(r.generatedAt)} by ${r.generatedBy}. ${DATES_NOTE[r.query.basis]} Amounts in each currency's own decimals.`,
    );
  }

  stats(): void {
    const r = this.report;
    const items: [string, number, string][] = [
      ['Journal lines', r.lines.length, C.ink],
      ['Posted', r.stateCounts.posted, C.green],
      ['Failed', r.stateCounts.failed, r.stateCounts.failed ? C.red : C.ink],
      [
        'Sending or in SAP, pending',
        r.stateCounts.sending + r.stateCounts.pending,
        r.stateCounts.sending + r.stateCounts.pending ? C.amber : C.ink,
      ],
      ['Audit entries in range', r.audit.entries.length, C.ink],
    ];
    this.statBoxes(items);
  }

  /** Totals on the left, the audit verification box on the right. */
  summary(): void {
    const top = this.doc.y;
    const boxW = 300;
    const gap = 16;
    const tableW = this.width - boxW - gap;
    this.sectionTitle('Totals by company code and currency', this.left, top);
    const cols: Column[] = [
      { header: 'Company code', width: 0.14 },
      { header: 'Currency', width: 0.09 },
      { header: 'Posted', width: 0.08, align: 'right' },
      { header: 'Posted (net)', width: 0.18, align: 'right' },
      { header: 'On account', width: 0.17, align: 'right' },
      { header: 'Failed', width: 0.08, align: 'right' },
      { header: 'Failed amount', width: 0.17, align: 'right' },
      { header: 'Sending', width: 0.09, align: 'right' },
    ].map((c) => ({ ...c, width: c.width * tableW }) as Column);
    const rows: Row[] = this.report.totals.map((t): Row => ({
      cells: [
        t.companyCode || 'All codes',
        t.currency,
        String(t.postedCount),
        grouped(t.posted),
        grouped(t.onAccount),
        String(t.failedCount),
        grouped(t.failed),
        String(t.sendingCount),
      ],
      bold: !t.companyCode,
      ...(t.failedCount ? { colors: { 5: C.red, 6: C.red } } : {}),
    }));
    this.doc.y = top + 16;
    const afterTable = rows.length
      ? this.table(cols, rows, { x: this.left, size: 8, repeatTitle: null })
      : (this.text('No postings in this range.', this.left, top + 18, { size: 9, color: C.muted }), top + 34);
    const afterBox = this.verificationBox(this.left + tableW + gap, top, boxW);
    this.doc.y = Math.max(afterTable, afterBox) + 14;
  }

  private verificationBox(x: number, y: number, w: number): number {
    const v = this.report.audit.verification;
    const ok = v.ok;
    const pad = 10;
    const inner = w - 2 * pad;
    const headLine = v.head ? `Entry ${v.head.seq} of ${v.entries}` : 'The audit log is empty';
    const hash = v.head ? hashText(v.head.hash) : '';
    const note = ok
      ? 'Keep this head with the report. A later check of the log must still find this entry with this hash; if it does not, entries were changed or removed after this report.'
      : 'The chain no longer vouches for the log from the break on. Investigate before relying on this report.';
    // The core's own message repeats the hash when the chain holds; it matters only for a break.
    const message = ok
      ? 'Every entry matches its hash and links to the one before it, from the first entry to the head.'
      : v.message;
    const messageH = this.heightOf(message, inner, REGULAR, 7.5);
    const hashH = hash ? this.heightOf(hash, inner, MONO, 7) : 0;
    const noteH = this.heightOf(note, inner, REGULAR, 7);
    const h = pad + 14 + 4 + messageH + 8 + 10 + 12 + (hash ? 10 + hashH : 0) + 8 + noteH + pad;
    this.doc
      .roundedRect(x, y, w, h, 5)
      .lineWidth(0.8)
      .fillAndStroke(ok ? C.greenBg : C.redBg, ok ? C.greenBorder : C.redBorder);
    const color = ok ? C.green : C.red;
    let cy = y + pad;
    this.doc.circle(x + pad + 6, cy + 6, 6).fill(color);
    const mx = x + pad + 6;
    const my = cy + 6;
    if (ok)
      this.doc
        .moveTo(mx - 3, my)
        .lineTo(mx - 0.8, my + 2.4)
        .lineTo(mx + 3.2, my - 2.6);
    else
      this.doc
        .moveTo(mx - 2.5, my - 2.5)
        .lineTo(mx + 2.5, my + 2.5)
        .moveTo(mx + 2.5, my - 2.5)
        .lineTo(mx - 2.5, my + 2.5);
    this.doc.lineWidth(1.4).strokeColor('#ffffff').stroke();
    this.text(
      ok
        ? `Audit chain intact: ${v.entries} ${v.entries === 1 ? 'entry' : 'entries'} verified`
        : `Audit chain broken at entry ${v.brokenAt ?? '?'}`,
      x + pad + 18,
      cy + 1,
      {
        font: BOLD,
        size: 10,
        color,
      },
    );
    cy += 18;
    this.text(message, x + pad, cy, { size: 7.5, color: C.ink, width: inner });
    cy += messageH + 8;
    this.text('AUDIT HEAD', x + pad, cy, { size: 6.5, color: C.muted, characterSpacing: 0.4 });
    cy += 10;
    this.text(headLine, x + pad, cy, { font: BOLD, size: 9, color: C.ink });
    cy += 12;
    if (hash) {
      this.text('SHA-256', x + pad, cy, { size: 6.5, color: C.muted, characterSpacing: 0.4 });
      cy += 10;
      this.text(hash, x + pad, cy, { font: MONO, size: 7, color: C.ink, width: inner });
      cy += hashH;
    }
    cy += 8;
    this.text(note, x + pad, cy, { size: 7, color: C.muted, width: inner });
    return y + h;
  }

  journal(): void {
    const title = 'Journal';
    this.ensure(80);
    this.sectionTitle(
      title,
      this.left,
      this.doc.y,
      `${this.report.lines.length} ${this.report.lines.length === 1 ? 'posting' : 'postings'}, by posting date`,
    );
    this.doc.y += 18;
    if (this.report.lines.length === 0) {
      this.text('ClearDesk made no SAP postings in this range.', this.left, this.doc.y, { size: 9, color: C.muted });
      this.doc.y += 24;
      return;
    }
    const cols: Column[] = [
      { header: 'Posting date', width: 52 },
      { header: 'Reference (XBLNR)', width: 76 },
      { header: 'SAP document', width: 96 },
      { header: 'Type', width: 28 },
      { header: 'PayTrace / batch', width: 62 },
      { header: 'Amount', width: 66, align: 'right' },
      { header: 'Cur.', width: 26 },
      { header: 'Customer', width: 128 },
      { header: 'Invoices', width: 96 },
      { header: 'On account', width: 56, align: 'right' },
      { header: 'Approved', width: 100 },
      { header: 'State', width: 58 },
    ];
    const scale = this.width / cols.reduce((s, c) => s + c.width, 0);
    const scaled = cols.map((c) => ({ ...c, width: c.width * scale }));
    const rows: Row[] = this.report.lines.map((l) => journalRow(l));
    this.table(scaled, rows, { repeatTitle: title, size: 7.5 });
    this.doc.y += 16;
  }

  auditEntries(): void {
    const title = 'Audit entries in range';
    const entries = this.report.audit.entries;
    this.ensure(80);
    this.sectionTitle(
      title,
      this.left,
      this.doc.y,
      `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} written ${this.report.query.from} to ${this.report.query.to} (UTC), all company codes`,
    );
    this.doc.y += 18;
    if (entries.length === 0) {
      this.text('No audit entries were written in this range.', this.left, this.doc.y, { size: 9, color: C.muted });
      return;
    }
    const cols: Column[] = [
      { header: 'Seq', width: 44, align: 'right' },
      { header: 'At (UTC)', width: 120 },
      { header: 'Actor', width: 120 },
      { header: 'Action', width: 130 },
      { header: 'Subject', width: 356 },
    ];
    const scale = this.width / cols.reduce((s, c) => s + c.width, 0);
    this.table(
      cols.map((c) => ({ ...c, width: c.width * scale })),
      entries.map((e) => ({ cells: [String(e.seq), e.at.replace('T', ' '), e.actor, e.action, e.subject] })),
      { repeatTitle: title, size: 7.5 },
    );
  }

  footers(): void {
    const r = this.report;
    const head = r.audit.verification.head;
    const left = `ClearDesk posting journal ${r.query.from} to ${r.query.to}${r.query.companyCode ? `, company code ${r.query.companyCode}` : ''}  ·  Audit head ${head ? `#${head.seq}  ${hashText(head.hash)}` : 'none (empty log)'}`;
    this.pageFooters(left);
  }
}

/**
 * Cleared invoices, then those paid in part with what stays open, or those a reversal opened again; a payment
 * applied to none is on account.
 */
function invoicesCell(l: JournalLine): string {
  const parts = [
    ...(l.invoices.length ? [`cleared ${l.invoices.join(', ')}`] : []),
    ...(l.reopened.length ? [`reopened ${l.reopened.join(', ')}`] : []),
    ...(l.partlyPaid.length ? [`partly paid ${partlyPaidText(l)}`] : []),
  ];
  if (parts.length) return parts.join('\n');
  return l.event === 'payment' ? 'on account' : '';
}

function journalRow(l: JournalLine): Row {
  const stateColor = l.state === 'posted' ? C.green : l.state === 'failed' ? C.red : C.amber;
  return {
    cells: [
      l.postingDate ?? '',
      l.reference,
      sapDocument(l) || (l.state === 'failed' ? 'not posted' : 'pending'),
      l.documentType,
      `${l.transactionId}\nbatch ${l.batch ?? '-'}`,
      grouped(l.amount),
      l.amount.currency,
      l.customer ? `${l.customer}\n${l.customerName}` : '(suspense)',
      invoicesCell(l),
      l.onAccount.minor ? grouped(l.onAccount) : '',
      `${l.approvedBy}\n${l.approvedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}`,
      `${STATE_LABEL[l.state] ?? l.state}${l.event !== 'payment' ? `\n${l.event}` : ''}`,
    ],
    colors: { 2: l.belnr ? C.ink : C.muted, 5: l.amount.minor < 0 ? C.red : C.ink, 11: stateColor },
    ...(l.messages.length ? { note: `SAP: ${l.messages.join('  |  ')}`, noteColor: C.red } : {}),
  };
}

export function journalPdf(report: JournalReport): Promise<Buffer> {
  const pdf = new ReportPdf(report);
  return pdf.finish(() => {
    pdf.title();
    pdf.stats();
    pdf.summary();
    pdf.journal();
    pdf.auditEntries();
    pdf.footers();
  });
}

// --- The chargebacks report (chargebacks.ts) -------------------------------------------------------------------

const OUTCOME_LABEL: Readonly<Record<ChargebackOutcome, string>> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
  closed: 'Closed',
};

const GROUP_COLUMNS = (heading: string): Column[] => [
  { header: heading, width: 190 },
  { header: 'Cur.', width: 28 },
  ...CHARGEBACK_OUTCOMES.map((o): Column => ({ header: OUTCOME_LABEL[o], width: 78, align: 'right' })),
  { header: 'Total', width: 84, align: 'right' },
  { header: 'Fees', width: 60, align: 'right' },
];

/** "3 / 1,250.00": the cases and their amount. */
const bucketText = (b: ChargebackBucket): string => (b.count === 0 ? '-' : `${b.count} / ${grouped(b.amount)}`);

function groupRow(g: ChargebackGroup, bold = false): Row {
  return {
    cells: [
      g.label,
      g.currency,
      ...CHARGEBACK_OUTCOMES.map((o) => bucketText(g.outcomes[o])),
      bucketText(g.total),
      g.fees.minor ? grouped(g.fees) : '',
    ],
    bold,
    // The won and lost columns (after the label, the currency and open).
    colors: { 3: C.green, 4: C.red },
  };
}

class ChargebacksPdf extends PdfCanvas {
  constructor(private readonly report: ChargebackReport) {
    super({
      Title: pdfText(`Chargebacks ${report.query.from} to ${report.query.to}`),
      Author: pdfText(report.generatedBy),
      Subject: 'ClearDesk chargebacks report',
      Creator: 'ClearDesk',
      CreationDate: new Date(report.generatedAt),
    });
  }

  draw(): void {
    const r = this.report;
    const range = r.query.from === r.query.to ? r.query.from : `${r.query.from} to ${r.query.to}`;
    this.heading(
      'Chargebacks report',
      `Received ${range} (inclusive)  ·  Company code: ${r.query.companyCode ?? 'all'}`,
      `Generated ${generatedText(r.generatedAt)} by ${r.generatedBy}. Cells are cases / disputed amount in each currency's own decimals; lost includes accepted and expired.`,
    );
    const count = (o: ChargebackOutcome) => r.cases.filter((c) => c.outcome === o).length;
    this.statBoxes([
      ['Cases', r.cases.length, C.ink],
      ['Open or pending', count('open'), count('open') ? C.amber : C.ink],
      ['Won', count('won'), C.green],
      ['Lost', count('lost'), count('lost') ? C.red : C.ink],
      ['Closed, no outcome', count('closed'), C.ink],
    ]);
    const per = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    this.section(
      'Totals by currency',
      'sum of every grouping below',
      GROUP_COLUMNS('Total'),
      r.totals.map((g) => groupRow(g, true)),
      'No chargebacks were received in this range.',
    );
    this.section(
      'By reason code',
      per(r.byReason.length, 'group', 'groups'),
      GROUP_COLUMNS('Network, code and meaning'),
      r.byReason.map((g) => groupRow(g)),
      'None.',
    );
    this.section(
      'By customer',
      per(r.byCustomer.length, 'group', 'groups'),
      GROUP_COLUMNS('SAP customer (company code) name'),
      r.byCustomer.map((g) => groupRow(g)),
      'None.',
    );
    this.section(
      'By month received',
      per(r.byMonth.length, 'group', 'groups'),
      GROUP_COLUMNS('Month'),
      r.byMonth.map((g) => groupRow(g)),
      'None.',
    );
    this.section(
      'Cases',
      per(r.cases.length, 'case', 'cases'),
      [
        { header: 'Received', width: 52 },
        { header: 'Processor / case', width: 110 },
        { header: 'Stage / status', width: 84 },
        { header: 'Reason', width: 190 },
        { header: 'Amount', width: 66, align: 'right' },
        { header: 'Fee', width: 48, align: 'right' },
        { header: 'Cur.', width: 28 },
        { header: 'Customer', width: 130 },
        { header: 'Sale', width: 56 },
      ],
      r.cases.map((c): Row => ({
        cells: [
          c.receivedDate,
          `${c.processor}\n${c.caseNumber}`,
          `${c.stage}\n${c.status}`,
          `${NETWORK_LABEL[c.network]} ${c.reasonCode}\n${c.reasonMeaning}`,
          grouped(c.amount),
          c.fee ? grouped(c.fee) : '',
          c.amount.currency,
          c.customer
            ? `${c.customer}${c.companyCode ? ` (${c.companyCode})` : ''}\n${c.customerName}`
            : 'no SAP customer',
          c.transactionId === null ? 'unmatched' : String(c.transactionId),
        ],
        colors: { 2: c.outcome === 'won' ? C.green : c.outcome === 'lost' ? C.red : C.ink },
      })),
      'No chargebacks were received in this range.',
    );
    this.pageFooters(
      `ClearDesk chargebacks received ${r.query.from} to ${r.query.to}${r.query.companyCode ? `, company code ${r.query.companyCode}` : ''}`,
    );
  }
}

export function chargebacksPdf(report: ChargebackReport): Promise<Buffer> {
  const pdf = new ChargebacksPdf(report);
  return pdf.finish(() => pdf.draw());
}
