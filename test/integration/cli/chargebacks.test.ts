// `cleardesk chargebacks import` as a clerk or a scheduler runs it: the sample report against the sandbox's
// sales (after a sandbox sync), imported twice; a later report moving a case on; bad rows named on stderr;
// a report without the required columns; an XLSX report; and a card number that reaches neither the
// database file, its WAL, nor the output.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../../support/cli';
import { scanSqlite } from '../../support/sqlite-scan';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-cb-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SAMPLE = join(projectRoot, 'resources', 'sample-chargebacks.csv');
const FIELDS = ['imported', 'updated', 'duplicates', 'matched', 'unmatched', 'rejected'] as const;

function importJson(dataDir: string, file: string, extra: string[] = []) {
  const r = runCli(['chargebacks', 'import', '--file', file, '--data-dir', dataDir, '--sandbox', '--json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!) as Record<string, unknown>;
  for (const k of FIELDS) expect(Number.isInteger(summary[k]), k).toBe(true);
  return { summary: summary as Record<(typeof FIELDS)[number], number> & Record<string, unknown>, stderr: r.stderr };
}

const rowsOf = (dataDir: string, query: string): Record<string, unknown>[] => {
  const db = new Database(join(dataDir, 'cleardesk.sqlite'), { readonly: true });
  try {
    return db.prepare(query).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe('cleardesk chargebacks import', () => {
  it("matches the sample report to the sandbox's sales, and a second import adds nothing", () => {
    const dir = tmp();
    const sync = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir]);
    expect(sync.status, sync.stderr).toBe(0);

    const { summary } = importJson(dir, SAMPLE, ['--processor', 'North']);
    expect(summary).toMatchObject({ imported: 8, updated: 0, duplicates: 0, rejected: 0 });
    expect(summary.matched + summary.unmatched).toBe(8);
    // By invoice, transaction id and ARN whatever day the sandbox started; by card, amount and date when its
    // scenario starts on the sample's days. The unknown invoice on an unknown card never matches.
    expect(summary.matched).toBeGreaterThanOrEqual(5);
    expect(summary.unmatched).toBeGreaterThanOrEqual(1);
    expect(summary.mapping).toMatchObject({ headerRow: 3, source: 'aliases' });

    const cases = rowsOf(
      dir,
      'select case_number, match_state, matched_transaction_id, match_method, reason_meaning from dispute_cases order by case_number',
    );
    const byCase = Object.fromEntries(cases.map((c) => [c.case_number, c]));
    expect(byCase['CBK-2026-000101']).toMatchObject({
      match_state: 'matched',
      matched_transaction_id: 100000001,
      match_method: 'merchant-reference',
    });
    expect(byCase['CBK-2026-000102']).toMatchObject({
      match_state: 'matched',
      matched_transaction_id: 100000007,
      match_method: 'transaction-id',
    });
    expect(byCase['CBK-2026-000104']).toMatchObject({
      match_state: 'matched',
      matched_transaction_id: 100000001,
      match_method: 'arn',
    });
    expect(byCase['CBK-2026-000106']).toMatchObject({ match_state: 'unmatched' });
    expect(byCase['CBK-2026-000107']).toMatchObject({ reason_meaning: 'unknown code' });
    // Cases are keyed by the processor's name as given, in lower case; its mapping is saved.
    expect(rowsOf(dir, 'select distinct processor from dispute_cases')).toEqual([{ processor: 'north' }]);
    expect(rowsOf(dir, 'select processor from dispute_mappings')).toEqual([{ processor: 'north' }]);

    // The unmatched cases are listed with their reasons, respond-by date first.
    const list = runCli(['chargebacks', 'list', '--unmatched', '--data-dir', dir, '--sandbox']);
    expect(list.status, list.stderr).toBe(0);
    const unmatched = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { case: string; dueDate: string; match: { state: string; reasons: string[] } });
    expect(unmatched).toHaveLength(summary.unmatched);
    expect(unmatched.every((c) => c.match.state === 'unmatched')).toBe(true);
    expect(unmatched.map((c) => c.dueDate)).toEqual([...unmatched.map((c) => c.dueDate)].sort());
    const c106 = unmatched.find((c) => c.case === 'CBK-2026-000106')!;
    expect(c106).toMatchObject({ cardLast4: '1117', reasonCode: '4755', amount: '89.00' });
    expect(c106.match.reasons).toContain('no sale carries merchant reference 90109999');

    const again = importJson(dir, SAMPLE, ['--processor', 'north']);
    expect(again.summary).toMatchObject({
      imported: 0,
      updated: 0,
      duplicates: 8,
      matched: 0,
      unmatched: 0,
      rejected: 0,
    });
    expect(again.summary.mapping).toMatchObject({ source: 'saved' });
  });

  it('updates a case a later report moves on, with an audit entry, and names each rejected row on stderr', () => {
    const dir = tmp();
    const first = join(tmp(), 'week1.csv');
    writeFileSync(
      first,
      [
        'Case Number,Incoming Date,Type,Status,Dispute Amount,Currency,Card Brand,Reason Code,Card Number,Due Date',
        'W-1,11/18/2026,Chargeback,Open,$25.00,USD,Visa,13.1,************4242,12/08/2026',
        'W-2,11/18/2026,Chargeback,Open,$30.00,USD,Visa,13.1,************4242,12/08/2026',
        'W-3,11/19/2026,Chargeback,Open,thirty,USD,Visa,13.1,************4242,12/08/2026',
        'W-4,11/19/2026,Chargeback,Open,$30.00,USD,Visa,13.1,************4242,2026-13-45',
        'W-5,11/19/2026,Chargeback,Open,$30.00,US Dollar,Visa,13.1,************4242,12/08/2026',
      ].join('\n'),
    );
    const a = importJson(dir, first);
    expect(a.summary).toMatchObject({ imported: 2, updated: 0, duplicates: 0, unmatched: 2, matched: 0, rejected: 3 });
    const rejected = a.stderr.split('\n').filter((l) => l.includes('rejected'));
    expect(rejected).toEqual([
      'cleardesk: rejected row 4 (case W-3): dispute amount "thirty" is not an amount',
      'cleardesk: rejected row 5 (case W-4): due date "2026-13-45" is not a date',
      'cleardesk: rejected row 6 (case W-5): currency "US DOLLAR" is not an ISO 4217 code',
    ]);

    const second = join(tmp(), 'week2.csv');
    writeFileSync(
      second,
      [
        'Case Number,Incoming Date,Type,Status,Dispute Amount,Currency,Card Brand,Reason Code,Card Number,Due Date',
        'W-1,11/18/2026,Representment,Won,$25.00,USD,Visa,13.1,************4242,12/08/2026',
        'W-2,11/18/2026,Chargeback,Open,$30.00,USD,Visa,13.1,************4242,12/08/2026',
        'W-3,11/19/2026,Chargeback,Open,$31.00,USD,Visa,13.1,************4242,12/08/2026',
      ].join('\n'),
    );
    const b = importJson(dir, second);
    expect(b.summary).toMatchObject({ imported: 1, updated: 1, duplicates: 1, rejected: 0 });
    expect(rowsOf(dir, "select stage, status from dispute_cases where case_number = 'W-1'")).toEqual([
      { stage: 'representment', status: 'won' },
    ]);
    const audit = rowsOf(
      dir,
      "select action, detail from audit_log where subject = 'dispute:default:W-1' order by seq",
    );
    expect(audit.map((x) => x.action)).toEqual(['dispute.received', 'dispute.updated']);
    expect(JSON.parse(String(audit[1]!.detail))).toMatchObject({
      from: { stage: 'chargeback', status: 'open' },
      to: { stage: 'representment', status: 'won' },
    });
  });

  it('refuses a report without the required columns, naming them, and stores nothing', () => {
    const dir = tmp();
    const file = join(tmp(), 'no-columns.csv');
    writeFileSync(
      file,
      ['Status code,Cardholder Member,Chargeback Reason Code', 'OUTSTANDING,************1111,13.1'].join('\n'),
    );
    const r = runCli(['chargebacks', 'import', '--file', file, '--data-dir', dir, '--sandbox', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no case number column \(one of: "Case Number".*no dispute amount column/);
    if (existsSync(join(dir, 'cleardesk.sqlite')))
      expect(rowsOf(dir, 'select count(*) as n from dispute_cases')).toEqual([{ n: 0 }]);

    const missing = runCli([
      'chargebacks',
      'import',
      '--file',
      join(dir, 'nope.csv'),
      '--data-dir',
      dir,
      '--sandbox',
      '--json',
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no file');

    // A file named .xlsx that is no workbook: said in words, not the zip library's.
    const notXlsx = join(tmp(), 'report.xlsx');
    writeFileSync(notXlsx, 'Case Number,Dispute Amount\nCB-1,10.00\n');
    const bad = runCli(['chargebacks', 'import', '--file', notXlsx, '--data-dir', dir, '--sandbox', '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/is not an Excel workbook \(\.xlsx\) that can be read/);
    expect(bad.stderr).not.toMatch(/central directory|jszip/);
  });

  it('imports an XLSX report, and keeps no card number written into any column anywhere', async () => {
    const dir = tmp();
    const file = join(tmp(), 'disputes.xlsx');
    const pan = '4111111111111111';
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cases');
    ws.addRow(['Chargeback/Retrieval Detail Report']);
    ws.addRow([
      'Case Number',
      'Chargeback Date',
      'Type',
      'Chargeback amount',
      'Currency',
      'Card Number',
      'Reason Code',
      'Reason Description',
      'Merchant Reference',
      'ARN',
    ]);
    ws.addRow([
      'X-1',
      new Date(Date.UTC(2026, 10, 20)),
      'Chargeback',
      42.5,
      'USD',
      pan,
      '4837',
      `cardholder ${pan} called`,
      pan,
      '74872713125731259073219',
    ]);
    ws.addRow([
      'X-2',
      new Date(Date.UTC(2026, 10, 21)),
      'Retrieval',
      10,
      'USD',
      '4111 1111 1111 1111',
      'ZZ',
      '',
      '',
      '',
    ]);
    ws.addRow(['Total', '', '', 52.5]);
    await wb.xlsx.writeFile(file);

    const { summary, stderr } = importJson(dir, file);
    expect(summary).toMatchObject({ imported: 2, rejected: 0, unmatched: 2 });
    expect(stderr).not.toContain(pan);
    expect(JSON.stringify(summary)).not.toContain(pan);
    expect(
      rowsOf(dir, 'select card_last4, amount_minor, reason_meaning from dispute_cases order by case_number'),
    ).toEqual([
      { card_last4: '1111', amount_minor: 4250, reason_meaning: 'No cardholder authorization' },
      { card_last4: '1111', amount_minor: 1000, reason_meaning: 'unknown code' },
    ]);

    // Nothing in the database file or its WAL holds the number, in any table, in any byte.
    const dbFile = join(dir, 'cleardesk.sqlite');
    for (const f of [dbFile, `${dbFile}-wal`])
      if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(pan)), f).toBe(false);
    const scan = scanSqlite(dbFile);
    expect(scan.values).toEqual([]);
    expect(scan.raw).toEqual([]);
  });
});
