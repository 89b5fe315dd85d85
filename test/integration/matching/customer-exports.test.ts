// `cleardesk match --customers` with the customer master as clerks export it from SAP: SE16N/ALV
// lists of KNA1 and KNB1 (XLSX or CSV, technical names or English/German headings, one file or
// two), against the same master as JSON. The cash-application set's customers are written out in
// each shape; every shape must give the same proposals, and the head office (KNRZE) and group
// (KONZS) columns must count.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatch } from '../../../electron/hosts/cli/match';
import {
  generateScenario,
  type Scenario,
  type ScenarioCustomer,
  scenarioToLineItems,
  scenarioToPayTrace,
} from '../../../electron/sandbox/scenario';

const dir = mkdtempSync(join(tmpdir(), 'cleardesk-customers-'));
const file = (name: string): string => join(dir, name);
const text = (name: string): string => readFileSync(file(name), 'utf8');

let s: Scenario;
/** What the JSON master's run reported: records of the set that cannot be read, whatever the master. */
let baseline: { record: string; message: string }[];

/** KNA1 as SE16N lists it with German headings (KONZS is "Konzern"), numbers as Excel keeps them. */
async function writeKna1Xlsx(name: string, customers: readonly ScenarioCustomer[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('KNA1');
  ws.addRow(['Kunde', 'Land', 'Name 1', 'Ort', 'Postleitzahl', 'Straße', 'Konzern', 'E-Mail-Adresse']);
  const seen = new Set<string>();
  for (const c of customers) {
    if (seen.has(c.KUNNR)) continue;
    seen.add(c.KUNNR);
    // Excel turns the customer number into a number: the leading zeros are gone.
    ws.addRow([Number(c.KUNNR), c.LAND1, c.NAME1, c.ORT01, c.PSTLZ, c.STRAS, c.KONZS ?? '', c.SMTP_ADDR]);
  }
  await wb.xlsx.writeFile(file(name));
}

/** KNB1 as SE16N's "unconverted" download with technical names: |-separated between dashed lines. */
function writeKnb1Text(name: string, customers: readonly ScenarioCustomer[]): void {
  const line = (cells: string[]) => `|${cells.map((c, i) => c.padEnd([3, 10, 4, 10, 10][i]!)).join('|')}|`;
  const rule = '-'.repeat(line(['', '', '', '', '']).length);
  const rows = [
    rule,
    line(['MANDT', 'KUNNR', 'BUKRS', 'AKONT', 'KNRZE']),
    rule,
    ...customers.map((c) => line(['100', c.KUNNR, c.BUKRS, c.AKONT, c.KNRZE ?? ''])),
    rule,
  ];
  writeFileSync(file(name), `${rows.join('\n')}\n`);
}

/** KNA1 and KNB1 joined in one ALV list with English headings, as a CSV with semicolons. */
function writeJoinedCsv(name: string, customers: readonly ScenarioCustomer[]): void {
  const q = (v: string) => (/[;"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = [
    'Customer;Company Code;Name 1;Street;City;Postal Code;Country;E-Mail Address;Head office;Group key',
    ...customers.map((c) =>
      [c.KUNNR, c.BUKRS, c.NAME1, c.STRAS, c.ORT01, c.PSTLZ, c.LAND1, c.SMTP_ADDR, c.KNRZE ?? '', c.KONZS ?? '']
        .map(q)
        .join(';'),
    ),
  ];
  writeFileSync(file(name), `\uFEFF${rows.join('\r\n')}\r\n`);
}

const match = (out: string, customers?: string | string[]) =>
  runMatch({
    transactions: file('transactions.json'),
    openItems: file('open-items.json'),
    ...(customers ? { customers: typeof customers === 'string' ? file(customers) : customers.map(file) } : {}),
    out: file(out),
  });

beforeAll(async () => {
  s = generateScenario({
    mode: 'cash-application',
    seed: 20251205,
    customers: 120,
    invoicesPerCustomer: 4,
    payments: 600,
    currency: 'USD',
    startDate: '2025-03-03',
    days: 21,
  });
  writeFileSync(file('transactions.json'), JSON.stringify(scenarioToPayTrace(s).records));
  writeFileSync(file('open-items.json'), JSON.stringify(scenarioToLineItems(s)));
  // The same master as JSON (no vault ids: KNA1 and KNB1 have none), and once without KNRZE/KONZS.
  const flat = s.customers.map((c) => ({
    KUNNR: c.KUNNR,
    BUKRS: c.BUKRS,
    NAME1: c.NAME1,
    SMTP_ADDR: c.SMTP_ADDR,
    ORT01: c.ORT01,
    PSTLZ: c.PSTLZ,
    STRAS: c.STRAS,
    LAND1: c.LAND1,
    ...(c.KNRZE ? { KNRZE: c.KNRZE } : {}),
    ...(c.KONZS ? { KONZS: c.KONZS } : {}),
  }));
  writeFileSync(file('customers.json'), JSON.stringify(flat));
  writeFileSync(file('plain.json'), JSON.stringify(flat.map(({ KNRZE: _h, KONZS: _g, ...c }) => c)));
  await writeKna1Xlsx('kna1.xlsx', s.customers);
  writeKnb1Text('knb1.txt', s.customers);
  writeJoinedCsv('joined.csv', s.customers);
  baseline = (await match('json.json', 'customers.json')).errors;
}, 60_000);

describe('the customer master from KNA1/KNB1 exports', () => {
  it('the set has head offices and groups to find, and they change proposals', async () => {
    expect(s.customers.some((c) => c.KNRZE)).toBe(true);
    expect(s.customers.some((c) => c.KONZS)).toBe(true);
    await match('plain-out.json', 'plain.json');
    expect(text('plain-out.json')).not.toBe(text('json.json'));
  });

  it('KNA1 as XLSX with German headings and KNB1 as SE16N text, given twice, match as the JSON does', async () => {
    const r = await match('two.json', ['kna1.xlsx', 'knb1.txt']);
    expect(r.errors).toEqual(baseline);
    expect(text('two.json')).toBe(text('json.json'));
  });

  it('one joined CSV with English headings matches as the JSON does', async () => {
    const r = await match('joined-out.json', 'joined.csv');
    expect(r.errors).toEqual(baseline);
    expect(text('joined-out.json')).toBe(text('json.json'));
  });

  it('names the missing column: no customer number, no name nor company code, no KNA1 at all', async () => {
    writeFileSync(file('no-kunnr.csv'), 'Name 1;City\nAcme Corp;Portland\n');
    await expect(match('x.json', 'no-kunnr.csv')).rejects.toThrow(
      /no-kunnr\.csv: has no customer number column KUNNR \("Customer" or "Kunde"\)/,
    );
    writeFileSync(file('no-name.csv'), 'Kunde;Ort\n100001;Portland\n');
    await expect(match('x.json', 'no-name.csv')).rejects.toThrow(
      /no-name\.csv: has neither a name column NAME1 \("Name 1" or "Name"\) of KNA1 nor a company code column BUKRS/,
    );
    await expect(match('x.json', 'knb1.txt')).rejects.toThrow(
      /no name column NAME1 .*: give the KNA1 export too \(--customers may be given twice\)/,
    );
  });

  it('a bad row is named and the rest is kept; a KNB1 customer missing from KNA1 is kept by number', async () => {
    writeFileSync(
      file('kna1-bad.csv'),
      ['KUNNR;NAME1;KONZS', '0000100001;Beacon Farms LLC;', '10000 1;Broken;', '0000100002;Silverline;'].join('\n'),
    );
    writeFileSync(
      file('knb1-more.csv'),
      ['KUNNR;BUKRS;KNRZE', '100001;1000;', '100002;1000;100001', '100003;1000;'].join('\n'),
    );
    const r = await match('bad.json', ['kna1-bad.csv', 'knb1-more.csv']);
    // (The set's own unreadable records differ with so small a master: only the master's errors here.)
    expect(r.errors.filter((e) => !e.record.startsWith('transactions['))).toEqual([
      {
        record: expect.stringMatching(/kna1-bad\.csv row 3$/),
        message: 'customer number "10000 1" is not an SAP customer number',
      },
      {
        record: 'customer 0000100003 in 1000',
        message: 'is in the KNB1 export but not in the KNA1 export: kept without name or address',
      },
    ]);
    expect(JSON.parse(text('bad.json')).length).toBeGreaterThan(0);
  });
});
