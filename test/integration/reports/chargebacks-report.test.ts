// The chargebacks report and the journal's chargeback postings (issue 13, point 5), on both store dialects, against
// the SAP simulator over RFC: a sale paid and posted, a partial chargeback with a processor's fee posted with four
// eyes, then won and its document reversed; an unmatched JPY case and a lost KWD one beside it. The journal carries
// the chargeback at the disputed amount (not the sale's) and its reversal; `chargebacks.report` gives CSV, XLSX and
// PDF whose totals tie out, audited with the file's SHA-256; `cleardesk chargebacks report` writes the same from
// the store alone.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, expect, it } from 'vitest';
import { loadGlRules, sapErpSystem } from '../../../electron/connectors/sap';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Core } from '../../../electron/core/core';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { buildJournal } from '../../../electron/core/reports';
import { startSapSandbox } from '../../../electron/sandbox/sap';
import { migrate, SQLITE_FILE_NAME, type Store } from '../../../electron/store';
import { ApiError } from '../../../shared/api';
import type { DisputeCase } from '../../../shared/disputes';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { containsPan } from '../../../shared/security';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { runCli } from '../../support/cli';
import { describeEachDialect } from '../../support/store';
import { sale } from '../core/core-fixture';
import { testSeed } from '../sap/fixture';

const alice: Actor = { name: 'alice', roles: ['clerk'] };
const bob: Actor = { name: 'bob', roles: ['approver'] };
const NOW = '2026-11-25T20:00:00.000Z';
const DAY = '2026-11-25';
const SALE = 8301;
const PAN = '4111111111111111';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-cbreport-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const hasTool = (name: string): boolean => spawnSync('which', [name]).status === 0;

async function world(store: Store, paytrace: PaymentTransaction[]) {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' }, now: () => new Date(NOW) });
  opened.push(sandbox);
  const rfc = await createSapSystem(
    {
      rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
      url: sandbox.url,
      client: '100',
      user: 'CLEARDESK',
      password: 's3cret',
      companyCodes: ['1000'],
      transport: 'rfc',
    },
    { rfc: sandbox.rfc },
  );
  opened.push(rfc);
  const rules = await loadGlRules();
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(rfc, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules, assignmentFrom: 'invoice' }),
    postingConfig: { rules, assignmentFrom: 'invoice' },
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return core;
}

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'fiserv',
  caseNumber: 'CB-7001',
  stage: 'chargeback',
  stageRaw: 'CBK1',
  status: 'open',
  statusRaw: 'Open',
  network: 'amex',
  reasonCode: 'C08',
  reasonMeaning: 'Goods / services not received',
  reasonDescription: '',
  // Partial: 50.00 of the 75.50 sale.
  amount: { minor: 5000, currency: 'USD' },
  originalAmount: { minor: 7550, currency: 'USD' },
  impact: 'debit',
  fee: { minor: 1500, currency: 'USD' },
  receivedDate: '2026-11-24',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-10',
  cardLast4: '0005',
  arn: '',
  merchantReference: '',
  transactionId: SALE,
  authCode: '',
  merchantId: '',
  ...over,
});

const ingest = (store: Store, cases: DisputeCase[]) =>
  ingestDisputes(
    store.repos,
    {
      source: 'report',
      origin: 'test',
      cases: cases.map((d, i) => ({ ref: `row ${i + 1}`, dispute: d })),
      rejected: [],
    },
    { actor: 'alice', at: NOW },
  );

/** The sale posted, its partial chargeback posted and then won and reversed, with two other cases beside it. */
async function populate(store: Store): Promise<Core> {
  const core = await world(store, [
    sale(SALE, 7550, { invoiceId: '90001236', billingName: 'Globex Corporation', cardBrand: 'amex' }),
  ]);
  const [row] = await core.handle('queue.list', {}, alice);
  await core.handle('proposal.approve', { transactionId: SALE, proposalId: row!.proposal!.id }, alice);
  await ingest(store, [
    dispute(),
    // Unmatched, JPY, with a card number in its description and a formula in its reason meaning.
    dispute({
      caseNumber: 'CB-7002',
      network: 'visa',
      reasonCode: '13.1',
      reasonMeaning: '=cmd|x',
      reasonDescription: `card ${PAN}`,
      amount: { minor: 12500, currency: 'JPY' },
      originalAmount: null,
      fee: null,
      transactionId: null,
      cardLast4: '9999',
      transactionDate: '2026-10-01',
      receivedDate: '2026-11-02',
    }),
    // Lost, KWD (three decimals), unmatched.
    dispute({
      caseNumber: 'CB-7003',
      status: 'lost',
      statusRaw: 'Lost',
      network: 'mastercard',
      reasonCode: '4853',
      reasonMeaning: 'Cardholder dispute',
      amount: { minor: 12345, currency: 'KWD' },
      originalAmount: null,
      fee: { minor: 1005, currency: 'KWD' },
      transactionId: null,
      cardLast4: '8888',
      transactionDate: '2026-10-01',
      receivedDate: '2026-10-15',
    }),
  ]);
  const caseId = (await store.repos.disputes.get('fiserv', 'CB-7001'))!.id;
  expect((await store.repos.disputes.get('fiserv', 'CB-7001'))!.match.state).toBe('matched');
  const prepared = await core.handle('chargeback.prepare', { caseId }, alice);
  expect(await core.handle('chargeback.approve', { postingId: prepared.id }, bob)).toMatchObject({ state: 'posted' });
  // The case moves on to won: the report counts it once, as won; its document is reversed.
  await ingest(store, [dispute({ stage: 'representment', status: 'won', statusRaw: 'Won' })]);
  const reversal = await core.handle('chargeback.prepare', { caseId }, alice);
  expect(await core.handle('chargeback.approve', { postingId: reversal.id }, bob)).toMatchObject({ state: 'posted' });
  return core;
}

/** RFC 4180 records (quoted fields may hold commas, quotes, line breaks); the empty record stays. */
const parseCsv = (text: string): string[][] =>
  parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];

/** Decimal text to minor units, in integers. */
const minor = (text: string): number => {
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const n = Number(whole + frac);
  return text.startsWith('-') ? -n : n;
};

/** Per "grouped by" and currency, the disputed amount's sum in minor units, from the CSV's group rows. */
function csvSums(text: string): Map<string, number> {
  const records = parseCsv(text);
  const blank = records.findIndex((r) => r.length === 1 && r[0] === '');
  const [header, ...groups] = records.slice(0, blank);
  const by = header!.indexOf('Grouped by');
  const cur = header!.indexOf('Currency');
  const amount = header!.indexOf('Disputed amount');
  const sums = new Map<string, number>();
  for (const g of groups) {
    const key = `${g[by]}/${g[cur]}`;
    sums.set(key, (sums.get(key) ?? 0) + minor(g[amount]!));
  }
  return sums;
}

describeEachDialect('the chargebacks report and the journal', (h) => {
  it("the journal carries a chargeback at its disputed amount and the won case's reversal", async () => {
    const store = await h.migrated();
    await populate(store);
    const journal = await buildJournal(
      store.repos,
      { from: '2026-11-01', to: DAY },
      { generatedAt: NOW, generatedBy: 'mia' },
    );
    const byRef = new Map(journal.lines.map((l) => [l.reference, l]));
    expect(journal.lines.map((l) => [l.event, l.reference])).toEqual([
      ['payment', expect.stringMatching(new RegExp(`^PT${SALE}`))],
      ['chargeback', `PT${SALE}C`],
      ['chargeback-reversal', `PT${SALE}Y`],
    ]);
    expect(journal.lines[0]).toMatchObject({ event: 'payment', amount: { minor: 7550, currency: 'USD' } });
    expect(byRef.get(`PT${SALE}C`)).toMatchObject({
      event: 'chargeback',
      state: 'posted',
      amount: { minor: -5000, currency: 'USD' },
      customer: '0000100002',
      approvedBy: 'bob',
    });
    expect(byRef.get(`PT${SALE}Y`)).toMatchObject({
      event: 'chargeback-reversal',
      state: 'posted',
      amount: { minor: 5000, currency: 'USD' },
      postingDate: DAY,
    });
    // Posted net: the payment, less the chargeback, plus its reversal.
    expect(journal.totals.find((t) => t.currency === 'USD')!.posted.minor).toBe(7550 - 5000 + 5000);
  });

  it('chargebacks.report gives CSV, XLSX and PDF whose totals tie out, audited with their SHA-256', async () => {
    const store = await h.migrated();
    const core = await populate(store);
    const req = { from: '2026-10-01', to: DAY };

    const csv = await core.handle('chargebacks.report', { ...req, format: 'csv' }, alice);
    expect(csv).toMatchObject({ fileName: `cleardesk-chargebacks_2026-10-01_${DAY}.csv`, lines: 3 });
    const csvText = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(containsPan(csvText)).toBe(false);
    expect(csvText).toContain("'=cmd|x");
    const sums = csvSums(csvText);
    for (const cur of ['USD', 'JPY', 'KWD'])
      for (const by of ['Reason code', 'Customer', 'Month received'])
        expect(sums.get(`${by}/${cur}`), `${by} ${cur}`).toBe(sums.get(`Total/${cur}`));
    expect(sums.get('Total/USD')).toBe(5000);
    expect(sums.get('Total/JPY')).toBe(12500);
    expect(sums.get('Total/KWD')).toBe(12345);
    const totalRows = parseCsv(csvText).filter((r) => r[0] === 'Total');
    // USD: the partial dispute, won; KWD lost; JPY open.
    expect(totalRows.map((r) => r.slice(2).join(','))).toEqual([
      'JPY,1,12500,0,0,0,0,0,0,1,12500,0',
      'KWD,0,0.000,0,0.000,1,12.345,0,0.000,1,12.345,1.005',
      'USD,0,0.00,1,50.00,0,0.00,0,0.00,1,50.00,15.00',
    ]);
    expect(csvText).toContain('0000100002 (1000)');

    const xlsx = await core.handle('chargebacks.report', { ...req, format: 'xlsx' }, alice);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheetSum = (name: string, cur: string) => {
      let s = 0;
      wb.getWorksheet(name)!.eachRow((r, n) => {
        if (n > 1 && r.getCell(2).value === cur) s += Math.round(Number(r.getCell(12).value) * 1000);
      });
      return s;
    };
    for (const cur of ['USD', 'JPY', 'KWD'])
      for (const name of ['By reason', 'By customer', 'By month'])
        expect(sheetSum(name, cur), `${name} ${cur}`).toBe(sheetSum('Totals', cur));
    expect(sheetSum('Totals', 'KWD')).toBe(12345);
    expect(wb.getWorksheet('Cases')!.rowCount).toBe(4);

    const pdf = await core.handle('chargebacks.report', { ...req, format: 'pdf' }, alice);
    const pdfBytes = Buffer.from(pdf.base64, 'base64');
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasTool('pdftotext')) {
      const dir = tempDir();
      const file = join(dir, 'r.pdf');
      writeFileSync(file, pdfBytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Chargebacks report');
      expect(text).toMatch(/Page 1 of \d+/);
      expect(text).toMatch(/Total\s+KWD\s+-\s+-\s+1 \/ 12\.345\s+-\s+1 \/ 12\.345\s+1\.005/);
      expect(text).toMatch(/Total\s+USD\s+-\s+1 \/ 50\.00\s+-\s+-\s+1 \/ 50\.00\s+15\.00/);
      expect(containsPan(text)).toBe(false);
    }

    const exported = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'subject', 'detail'])
      .where('action', '=', 'report.exported')
      .orderBy('seq')
      .execute();
    expect(exported).toHaveLength(3);
    const details = exported.map((e) => JSON.parse(e.detail) as Record<string, unknown>);
    expect(exported[0]).toMatchObject({ actor: 'alice', subject: `report:chargebacks:2026-10-01..${DAY}` });
    [csv, xlsx, pdf].forEach((f, i) =>
      expect(details[i]).toMatchObject({
        report: 'chargebacks',
        via: 'api',
        format: ['csv', 'xlsx', 'pdf'][i],
        lines: 3,
        sha256: createHash('sha256').update(Buffer.from(f.base64, 'base64')).digest('hex'),
      }),
    );

    // Company code 1000: only the matched case; a backwards range and a guest are refused.
    const only = await core.handle('chargebacks.report', { ...req, companyCode: '1000', format: 'csv' }, alice);
    expect(only.lines).toBe(1);
    await expect(
      core.handle('chargebacks.report', { from: DAY, to: '2026-10-01', format: 'csv' }, alice),
    ).rejects.toBeInstanceOf(ApiError);
    await expect(
      core.handle('chargebacks.report', { ...req, format: 'csv' }, { name: 'guest', roles: [] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('cleardesk chargebacks report writes CSV, XLSX and PDF from the store alone', async () => {
    const dir = tempDir();
    const base = await h.fresh();
    const options = base.kind === 'sqlite' ? { kind: 'sqlite' as const, file: join(dir, SQLITE_FILE_NAME) } : base;
    const store = await h.open(options);
    await migrate(store);
    await populate(store);
    const env = { ...TEST_AUDIT_KEY_ENV, CLEARDESK_DATABASE_URL: options.kind === 'postgres' ? options.url : '' };
    const outDir = tempDir();
    const hashes: string[] = [];
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const out = join(outDir, `chargebacks.${format}`);
      const r = runCli(
        [
          'chargebacks',
          'report',
          '--from',
          '2026-10-01',
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
        ],
        env,
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('3 case(s)');
      expect(r.stdout).toContain('KWD 1 case(s) 12.345 [open 0.000, won 0.000, lost 12.345]');
      hashes.push(createHash('sha256').update(readFileSync(out)).digest('hex'));
    }
    expect(csvSums(readFileSync(join(outDir, 'chargebacks.csv'), 'utf8')).get('Total/USD')).toBe(5000);
    const details = (
      await store.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'report.exported')
        .orderBy('seq')
        .execute()
    ).map((e) => JSON.parse(e.detail) as { via: string; sha256: string });
    expect(details.map((d) => [d.via, d.sha256])).toEqual(hashes.map((x) => ['cli', x]));

    const backwards = runCli(
      [
        'chargebacks',
        'report',
        '--from',
        DAY,
        '--to',
        '2026-10-01',
        '--format',
        'csv',
        '--out',
        join(outDir, 'x.csv'),
        '--data-dir',
        dir,
      ],
      env,
    );
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/ends earlier/);
  }, 300_000); // four CLI runs, each a fresh Node process: slow on a loaded machine
});
