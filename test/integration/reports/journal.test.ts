// The posting journal and audit report, on a store populated the way a clerk populates it: each
// format reads back to the same lines and totals, the audit head is in it, no card number leaves
// in any format, the API records the export on the audit trail, and the CLI writes the files.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { containsPan } from '../../../shared/security';
import {
  CSV_AUDIT_HEADER,
  CSV_HEADER,
  CSV_TOTALS_HEADER,
  produceJournal,
  type ReportFormat,
} from '../../../electron/core/reports';
import { hashText } from '../../../electron/core/reports/guard';
import { migrate, verifyAudit, SQLITE_FILE_NAME, type Store } from '../../../electron/store';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { runCli } from '../../support/cli';
import { describeEachDialect } from '../../support/store';
import { clerk } from '../core/core-fixture';
import { DAY, PAN, populateJournal } from './journal-fixture';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-report-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const hasTool = (name: string): boolean => spawnSync('which', [name]).status === 0;
const GENERATED = { generatedAt: '2026-11-25T20:05:00.000Z', generatedBy: 'mia.clerk' };

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The header and journal lines of a CSV journal: the records before the empty one that starts the trailer. */
function journalRecords(text: string): string[][] {
  const records = parseCsv(text);
  const blank = records.findIndex((r) => r.length === 1 && r[0] === '');
  return blank === -1 ? records : records.slice(0, blank);
}

/** Decimal text to minor units, in integers (the test must not add floats either). */
const minor = (text: string): number => {
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const n = Number(whole + frac);
  return text.startsWith('-') ? -n : n;
};

async function xlsxText(bytes: Buffer): Promise<{ wb: ExcelJS.Workbook; text: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value ?? '')))));
  return { wb, text: parts.join('\n') };
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function populated(store: Store) {
  await populateJournal(store);
  // The fixture's SAP refusal quotes a card number: the poster masks it before storing it.
  const failed = await store.db
    .selectFrom('postings')
    .select('messages')
    .where('reference', '=', 'PT7003P')
    .executeTakeFirstOrThrow();
  expect(failed.messages).not.toContain(PAN);
  expect(failed.messages).toContain('************1111');
  // A customer name from SAP still carries one, so the export's own guard is what keeps it out.
  const customer = await store.db
    .selectFrom('customers')
    .select('name')
    .where('customer', '=', '0000200001')
    .executeTakeFirstOrThrow();
  expect(containsPan(customer.name)).toBe(true);
}

describeEachDialect('posting journal report', (h) => {
  it('CSV: BOM, one header row, RFC 4180, the range’s lines with plain decimal amounts that add up to the totals', async () => {
    const store = await h.migrated();
    await populated(store);
    const produced = await produceJournal(store.repos, { from: DAY, to: DAY }, 'csv', GENERATED);
    expect(produced.fileName).toBe('cleardesk-journal_2026-11-25.csv');
    expect([...produced.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = produced.bytes.subarray(3).toString('utf8');
    const [header, ...rows] = journalRecords(text);
    expect(header).toEqual([...CSV_HEADER]);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
    // After an empty record, the totals per company code and currency; after another, the trailer: the audit
    // head and whether the chain verified.
    const head = produced.report.audit.verification.head!;
    const after = parseCsv(text).slice(rows.length + 2);
    expect(after.slice(0, 3)).toEqual([
      [...CSV_TOTALS_HEADER],
      ['1000', 'USD', '4', '360.00', '0.00', '1', '80.00', '0'],
      ['2000', 'JPY', '1', '12345', '0', '0', '0', '0'],
    ]);
    // The range's audit entries, as the XLSX's Audit sheet and the PDF list them.
    const entries = produced.report.audit.entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(after.slice(3, 5)).toEqual([[''], [...CSV_AUDIT_HEADER]]);
    expect(after.slice(5, 5 + entries.length)).toEqual(
      entries.map((e) => [String(e.seq), e.at, e.actor, e.action, e.subject]),
    );
    expect(after.slice(5 + entries.length)).toEqual([
      [''],
      ['Audit chain head', String(head.seq), hashText(head.hash)],
      ['Audit chain', 'intact'],
    ]);
    const col = (name: (typeof CSV_HEADER)[number]) => CSV_HEADER.indexOf(name);
    const byRef = new Map(rows.map((r) => [r[col('Posting reference (XBLNR)')]!, r]));
    // 6901 was posted on 2026-11-20: outside the range.
    expect([...byRef.keys()].sort()).toEqual(['PT7001P', 'PT7002P', 'PT7003P', 'PT7004P', 'PT7101R', 'PT7201P']);

    const p7001 = byRef.get('PT7001P')!;
    expect(p7001[col('State')]).toBe('posted');
    expect(p7001[col('SAP document (BELNR)')]).toMatch(/^14\d{8}$/);
    expect(p7001[col('Company code (BUKRS)')]).toBe('1000');
    expect(p7001[col('Fiscal year (GJAHR)')]).toBe('2026');
    expect(p7001[col('Posting date')]).toBe('2026-11-25');
    expect(p7001[col('PayTrace transaction')]).toBe('7001');
    expect(p7001[col('Settlement batch')]).toBe('571');
    expect(p7001[col('Amount')]).toBe('100.00');
    expect(p7001[col('Currency')]).toBe('USD');
    expect(p7001[col('Customer (KUNNR)')]).toBe('0000100001');
    expect(p7001[col('Customer name')]).toBe('Acme Corp');
    expect(p7001[col('Invoices cleared')]).toBe('90001234');
    expect(p7001[col('Approved by')]).toBe('mia.clerk');
    expect(p7001[col('Approved at (UTC)')]).toBe('2026-11-25T20:00:00.000Z');

    const failed = byRef.get('PT7003P')!;
    expect(failed[col('State')]).toBe('failed');
    expect(failed[col('SAP document (BELNR)')]).toBe('');
    expect(failed[col('SAP messages')]).toContain('E F5 702: Balance in transaction currency');
    expect(failed[col('SAP messages')]).toContain('************1111 "do not charge twice"');
    expect(byRef.get('PT7101R')![col('Amount')]).toBe('-30.00');
    expect(byRef.get('PT7201P')![col('Amount')]).toBe('12345');
    expect(byRef.get('PT7201P')![col('Currency')]).toBe('JPY');

    // The CSV's own lines add up to the report's totals, per company code and currency.
    const sums = new Map<string, number>();
    for (const r of rows.filter((x) => x[col('State')] === 'posted')) {
      const key = `${r[col('Company code (BUKRS)')]}/${r[col('Currency')]}`;
      sums.set(key, (sums.get(key) ?? 0) + minor(r[col('Amount')]!));
    }
    expect(Object.fromEntries(sums)).toEqual({ '1000/USD': 36000, '2000/JPY': 12345 });
    expect(produced.report.totals).toEqual([
      {
        companyCode: '1000',
        currency: 'USD',
        postedCount: 4,
        posted: { minor: 36000, currency: 'USD' },
        onAccount: { minor: 0, currency: 'USD' },
        failedCount: 1,
        failed: { minor: 8000, currency: 'USD' },
        sendingCount: 0,
      },
      {
        companyCode: '2000',
        currency: 'JPY',
        postedCount: 1,
        posted: { minor: 12345, currency: 'JPY' },
        onAccount: { minor: 0, currency: 'JPY' },
        failedCount: 0,
        failed: { minor: 0, currency: 'JPY' },
        sendingCount: 0,
      },
    ]);
    expect(produced.report.stateCounts).toEqual({ posted: 5, failed: 1, sending: 0, pending: 0 });
  });

  it('XLSX: sheets Journal, Totals, Audit; amounts are numeric cells in the currency’s format; the header row is frozen', async () => {
    const store = await h.migrated();
    await populated(store);
    const produced = await produceJournal(store.repos, { from: DAY, to: DAY }, 'xlsx', GENERATED);
    const { wb } = await xlsxText(produced.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Journal', 'Totals', 'Audit']);

    const journal = wb.getWorksheet('Journal')!;
    expect(journal.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(journal.getColumn(14).width).toBeGreaterThan(20);
    const header = (journal.getRow(1).values as unknown[]).slice(1);
    const amountCol = header.indexOf('Amount') + 1;
    const refCol = header.indexOf('Posting reference (XBLNR)') + 1;
    expect(journal.rowCount).toBe(7);
    const cells = new Map<string, ExcelJS.Cell>();
    for (let r = 2; r <= journal.rowCount; r++)
      cells.set(String(journal.getRow(r).getCell(refCol).value), journal.getRow(r).getCell(amountCol));
    expect(cells.get('PT7002P')!.value).toBe(250);
    expect(cells.get('PT7002P')!.numFmt).toBe('#,##0.00;-#,##0.00');
    expect(cells.get('PT7101R')!.value).toBe(-30);
    expect(cells.get('PT7201P')!.value).toBe(12345);
    expect(cells.get('PT7201P')!.numFmt).toBe('#,##0;-#,##0');
    for (const c of cells.values()) expect(typeof c.value).toBe('number');

    const totals = wb.getWorksheet('Totals')!;
    expect(totals.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((totals.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['1000', 'USD', 4, 360, 1, 80]);
    const facts = new Map<string, unknown>();
    totals.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    const head = produced.report.audit.verification.head!;
    expect(facts.get('Audit head seq')).toBe(head.seq);
    expect(facts.get('Audit head hash')).toMatch(new RegExp(head.hash.slice(0, 8)));
    expect(facts.get('Audit chain')).toBe('Intact');

    const audit = wb.getWorksheet('Audit')!;
    expect((audit.getRow(1).values as unknown[]).slice(1)).toEqual(['Seq', 'At (UTC)', 'Actor', 'Action', 'Subject']);
    expect(audit.rowCount - 1).toBe(produced.report.audit.entries.length);
  });

  it('PDF: a real PDF that poppler renders, with the totals, the failure and the audit head in its text', async () => {
    const store = await h.migrated();
    await populated(store);
    const produced = await produceJournal(store.repos, { from: DAY, to: DAY }, 'pdf', GENERATED);
    expect(produced.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = tempDir();
    const file = join(dir, produced.fileName);
    writeFileSync(file, produced.bytes);
    if (hasTool('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, join(dir, 'page')]);
      const png = ['page-1.png', 'page-01.png'].map((n) => join(dir, n)).find((p) => existsSync(p));
      expect(png, 'pdftoppm wrote page 1').toBeDefined();
      expect(statSync(png!).size).toBeGreaterThan(10_000);
    }
    if (hasTool('pdftotext')) {
      const text = pdfText(file);
      expect(text).toContain('Posting journal and audit report');
      expect(text).toContain('360.00');
      expect(text).toContain('80.00');
      expect(text).toContain('12,345');
      expect(text).toContain('PT7003P');
      expect(text).toContain('Balance in transaction currency');
      expect(text).toContain('Audit chain intact');
      const head = produced.report.audit.verification.head!;
      // The whole hash; printed in colon-separated groups when it happens to hold a card-like digit run.
      expect(text.replace(/[\s:]+/g, '')).toContain(head.hash);
      expect(text).toMatch(/Page 1 of \d/);
    }
  });

  it('no card number leaves in any format, though the store holds one', async () => {
    const store = await h.migrated();
    await populated(store);
    const dir = tempDir();
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const produced = await produceJournal(store.repos, { from: '2026-11-01', to: '2026-11-30' }, format, GENERATED);
      if (format === 'csv') expect(containsPan(produced.bytes.toString('utf8'))).toBe(false);
      if (format === 'xlsx') expect(containsPan((await xlsxText(produced.bytes)).text)).toBe(false);
      if (format === 'pdf' && hasTool('pdftotext')) {
        const file = join(dir, produced.fileName);
        writeFileSync(file, produced.bytes);
        const text = pdfText(file);
        expect(text).toContain('************1111');
        expect(containsPan(text)).toBe(false);
        expect(containsPan(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }))).toBe(false);
      }
    }
  });

  it('filters by company code, by approval time, and keeps only the range’s audit entries', async () => {
    const store = await h.migrated();
    await populated(store);
    const only2000 = await produceJournal(store.repos, { from: DAY, to: DAY, companyCode: '2000' }, 'csv', GENERATED);
    expect(only2000.report.lines.map((l) => l.reference)).toEqual(['PT7201P']);
    expect(only2000.fileName).toBe('cleardesk-journal_2026-11-25_2000.csv');

    const earlier = await produceJournal(store.repos, { from: '2026-11-19', to: '2026-11-24' }, 'csv', GENERATED);
    expect(earlier.report.lines.map((l) => l.reference)).toEqual(['PT6901P']);
    const approved = await produceJournal(store.repos, { from: DAY, to: DAY, basis: 'approvedAt' }, 'csv', GENERATED);
    expect(approved.report.lines).toHaveLength(6);

    const audit = (await produceJournal(store.repos, { from: DAY, to: DAY }, 'csv', GENERATED)).report.audit;
    expect(audit.entries.every((e) => e.at >= '2026-11-25T00:00:00.000Z' && e.at < '2026-11-26T00:00:00.000Z')).toBe(
      true,
    );
    expect(audit.entries.map((e) => e.subject)).toContain('paytrace:7201');
    expect(audit.entries.map((e) => e.subject)).not.toContain('paytrace:6999');
    const verified = await verifyAudit(store.db, store.auditKeys);
    expect(audit.verification).toMatchObject({ ok: true, entries: verified.entries, head: verified.head });
  });

  it('reports.journal returns the file as base64 and writes report.exported with the range, format, lines and audit head', async () => {
    const store = await h.migrated();
    const { core } = await populateJournal(store);
    const headBefore = (await verifyAudit(store.db, store.auditKeys)).head!;
    const progress: unknown[] = [];
    core.events.on('report.progress', (p) => progress.push(p));
    const file = await core.handle('reports.journal', { from: DAY, to: DAY, format: 'xlsx', progressId: 'j-1' }, clerk);
    // Reading the range, then its lines written (a file is rendered whole: 0 of 6, then 6 of 6).
    expect(progress).toEqual([
      { progressId: 'j-1', step: 'reading', done: 0, total: null },
      { progressId: 'j-1', step: 'writing', done: 0, total: 6 },
      { progressId: 'j-1', step: 'written', done: 6, total: 6 },
    ]);
    expect(file).toMatchObject({
      fileName: 'cleardesk-journal_2026-11-25.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      lines: 6,
    });
    const { wb } = await xlsxText(Buffer.from(file.base64, 'base64'));
    expect(wb.worksheets).toHaveLength(3);

    const entry = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report.exported')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor: 'mia.clerk',
      subject: 'report:journal:2026-11-25..2026-11-25',
      seq: headBefore.seq + 1,
    });
    expect(JSON.parse(entry.detail)).toMatchObject({
      via: 'api',
      from: DAY,
      to: DAY,
      format: 'xlsx',
      lines: 6,
      companyCode: null,
      basis: 'postingDate',
      auditHead: headBefore,
      auditIntact: true,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true);

    const refused = await core
      .handle('reports.journal', { from: '2026-11-26', to: DAY, format: 'csv' }, clerk)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'invalid_request' });
    // A company code ClearDesk neither works in nor ever posted into is a mistake, not an empty journal; one it
    // posted into before (2000, no longer configured) still has its journal.
    expect(
      await core
        .handle('reports.journal', { from: DAY, to: DAY, format: 'csv', companyCode: 'ZZZZ' }, clerk)
        .catch((e: unknown) => e),
    ).toMatchObject({
      code: 'invalid_request',
      message: 'Company code ZZZZ is not one ClearDesk works in (1000), and nothing was ever posted into it.',
    });
    const of2000 = await core.handle(
      'reports.journal',
      { from: DAY, to: DAY, format: 'csv', companyCode: '2000' },
      clerk,
    );
    expect(of2000.lines).toBeGreaterThan(0);
    const nobody = await core
      .handle('reports.journal', { from: DAY, to: DAY, format: 'csv' }, { name: 'guest', roles: [] })
      .catch((e: unknown) => e);
    expect(nobody).toMatchObject({ code: 'forbidden' });
    expect(
      await store.db.selectFrom('audit_log').select('seq').where('action', '=', 'report.exported').execute(),
    ).toHaveLength(2);
  });

  it('cleardesk report journal writes CSV, XLSX and PDF from the store alone, and refuses a bad range or an unwritable path', async () => {
    const dir = tempDir();
    const base = await h.fresh();
    const options = base.kind === 'sqlite' ? { kind: 'sqlite' as const, file: join(dir, SQLITE_FILE_NAME) } : base;
    const store = await h.open(options);
    await migrate(store);
    await populated(store);
    // The store was keyed with the test key; the CLI is given the same one (the environment wins over the keychain).
    const env = {
      ...TEST_AUDIT_KEY_ENV,
      CLEARDESK_DATABASE_URL: options.kind === 'postgres' ? options.url : '',
    };
    const outDir = tempDir();
    const args = (format: ReportFormat, out: string, extra: string[] = []) => [
      'report',
      'journal',
      '--from',
      DAY,
      '--to',
      DAY,
      '--format',
      format,
      '--out',
      out,
      '--data-dir',
      dir,
      '--user',
      'ava.admin',
      ...extra,
    ];

    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const out = join(outDir, `journal.${format}`);
      const r = runCli(args(format, out), env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('6 journal line(s)');
      expect(r.stdout).toMatch(/Audit chain intact; head #\d+ [0-9a-f]{64}/);
      expect(statSync(out).size).toBeGreaterThan(500);
    }
    expect(readFileSync(join(outDir, 'journal.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(containsPan(readFileSync(join(outDir, 'journal.csv'), 'utf8'))).toBe(false);
    const companyOnly = runCli(args('csv', join(outDir, 'jpy.csv'), ['--company-code', '2000']), env);
    expect(companyOnly.status, companyOnly.stderr).toBe(0);
    expect(journalRecords(readFileSync(join(outDir, 'jpy.csv'), 'utf8').slice(1))).toHaveLength(2);
    // An export already written (perhaps the one an auditor holds) is replaced only when asked.
    const again = runCli(args('csv', join(outDir, 'jpy.csv')), env);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists already; ClearDesk does not overwrite a report unless --overwrite is given');
    expect(journalRecords(readFileSync(join(outDir, 'jpy.csv'), 'utf8').slice(1))).toHaveLength(2);
    const replaced = runCli(args('csv', join(outDir, 'jpy.csv'), ['--overwrite']), env);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(journalRecords(readFileSync(join(outDir, 'jpy.csv'), 'utf8').slice(1))).toHaveLength(7);

    const exported = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'report.exported')
      .orderBy('seq')
      .execute();
    expect(exported.map((e) => [e.actor, JSON.parse(e.detail).via, JSON.parse(e.detail).format])).toEqual([
      ['ava.admin', 'cli', 'csv'],
      ['ava.admin', 'cli', 'xlsx'],
      ['ava.admin', 'cli', 'pdf'],
      ['ava.admin', 'cli', 'csv'],
      ['ava.admin', 'cli', 'csv'],
    ]);
    expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true);

    // The same CSV export of one range starting on `from`: refused before anything is written.
    const fromDay = (from: string) =>
      runCli(
        [
          'report',
          'journal',
          '--from',
          from,
          '--to',
          DAY,
          '--format',
          'csv',
          '--out',
          join(outDir, 'x.csv'),
          '--data-dir',
          dir,
        ],
        env,
      );
    const backwards = fromDay('2026-11-26');
    expect(backwards.status).not.toBe(0);
    expect(backwards.stderr).toContain('the from date must not be after the to date');
    const notADate = fromDay('2026-02-30');
    expect(notADate.status).not.toBe(0);
    expect(notADate.stderr).toMatch(/2026-02-30/);
    // A month that does not exist is refused in the same words as a day that does not.
    expect(notADate.stderr).toContain('expected a day of the calendar as YYYY-MM-DD');
    const notAMonth = fromDay('2026-13-01');
    expect(notAMonth.status).toBe(notADate.status);
    expect(notAMonth.stderr).toContain('expected a day of the calendar as YYYY-MM-DD');
    const nowhere = runCli(args('pdf', join(outDir, 'no', 'such', 'folder', 'x.pdf')), env);
    expect(nowhere.status).not.toBe(0);
    expect(nowhere.stderr).toContain('does not exist');
    const aFolder = runCli(args('pdf', outDir), env);
    expect(aFolder.status).not.toBe(0);
    expect(aFolder.stderr).toContain('it is a folder');
    expect(existsSync(join(outDir, 'x.csv'))).toBe(false);
    // Refusals are not exports: nothing more on the audit trail.
    expect(
      await store.db.selectFrom('audit_log').select('seq').where('action', '=', 'report.exported').execute(),
    ).toHaveLength(5);
  }, 240_000);
});
