// No card number or security code gets out, whatever way it came in (docs/ARCHITECTURE.md, "Security"). Payers'
// card numbers, in every separator form, and "cvv 123"-style codes are fed through every path: a sync from the
// PayTrace simulator (into descriptions, invoice and order ids, billing names, and records that get
// dead-lettered), an SAP customer name, SAP refusing a posting with a message that quotes one, a clerk's
// reason, an API error, `cleardesk match` over files, the journal export as CSV, XLSX and PDF, and the logs of
// CLI runs. Then the database (every value, and the raw bytes of the file and its WAL, before and after a
// checkpoint: test/support/sqlite-scan.ts), the logs, the output files and the API responses are scanned with
// test/support/card-scan.ts: it finds nothing. The first test checks that the card data did go through.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../../electron/hosts/app';
import { Core } from '../../../electron/core/core';
import { createLogger } from '../../../electron/hosts/log';
import { startBrowserHost, type BrowserHost } from '../../../electron/hosts/serve/server';
import { signDelivery } from '../../../electron/hosts/serve/webhook';
import { Secret } from '../../../electron/secrets';
import { DEMO_USER } from '../../../electron/sandbox/paytrace';
import type { ErpSystem } from '../../../shared/ports';
import { type CardFinding, describeFindings, findCardData, findCardDataInBytes } from '../../support/card-scan';
import { runCliAsync } from '../../support/cli';
import { signIn } from '../../support/host';
import { scanSqlite } from '../../support/sqlite-scan';
import { zipParts } from '../../support/zip-parts';

/** Test cards (Luhn-valid) as people write them: every separator, and mixes. */
const WRITTEN = [
  '4111 1111 1111 1111',
  '5555  5555  5555  4444',
  '4012.8888.8888.1881',
  '3782/822463/10005',
  '6011_1111_1111_1117',
  '5105-1051.0510 5100',
  '4111111111111111',
  '4012 - 8888 - 8888 - 1881',
];
const CODES = ['cvv 123', 'CVV2: 1234', 'csc=123', 'security code 123', 'cvc 123'];
const written = (i: number): string => WRITTEN[i % WRITTEN.length]!;
const code = (i: number): string => CODES[i % CODES.length]!;

const DAY = 86_400_000;
const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters';
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const hasTool = (name: string): boolean => spawnSync('which', [name]).status === 0;

/** Something ClearDesk wrote or said, to be scanned. */
interface Artifact {
  readonly where: string;
  readonly bytes: Buffer;
  readonly kind: 'raw' | 'xlsx' | 'pdf';
}

function findingsIn(a: Artifact, dir: string): CardFinding[] {
  if (a.kind === 'xlsx') return [...zipParts(a.bytes).values()].flatMap((part) => findCardDataInBytes(part));
  if (a.kind === 'pdf') {
    const file = join(dir, `scan-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, a.bytes);
    return ['-layout', '-raw'].flatMap((mode) => {
      const text = spawnSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' });
      if (text.status !== 0) throw new Error(`pdftotext could not read ${a.where}: ${text.stderr}`);
      return findCardData(text.stdout);
    });
  }
  return findCardDataInBytes(a.bytes);
}

const artifact = (where: string, content: string | Buffer, kind: Artifact['kind'] = 'raw'): Artifact => ({
  where,
  bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  kind,
});

describe('card data through every path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-leaks-'));
  const dataDir = join(dir, 'data');
  const database = join(dataDir, 'cleardesk.sqlite');
  const logLines: string[] = [];
  const logs: Artifact[] = [];
  const outputs: Artifact[] = [];
  const responses: Artifact[] = [];
  const planted: number[] = [];
  let mirroredNames: string[] = [];
  let app: App;
  let host: BrowserHost;
  /** The clerk's session cookie, from signing in with the host's one-time link. */
  let cookie = '';
  /** Set while the clerk approves the payment SAP refuses. */
  let refuse = false;

  async function api(channel: string, body: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> {
    const res = await fetch(`${host.origin}/api/${channel}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    responses.push(artifact(`API ${channel}`, text));
    return JSON.parse(text) as { ok: boolean; data?: unknown; error?: unknown };
  }

  /** A CLI run whose output is kept for the scan; `status` says whether it should succeed. */
  async function cli(args: string[], status: 'ok' | 'fails', env: NodeJS.ProcessEnv = {}): Promise<void> {
    const r = await runCliAsync(args, env, 180_000);
    const what = `cleardesk ${args.slice(0, 2).join(' ')}`;
    if (status === 'ok') expect(r.status, `${what}\n${r.stderr}`).toBe(0);
    else expect(r.status, `${what}\n${r.stderr}`).not.toBe(0);
    logs.push(artifact(`stdout of ${what}`, r.stdout), artifact(`stderr of ${what}`, r.stderr));
  }

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    app = await openApp({
      dataDir,
      sandbox: true,
      env: { CLEARDESK_VAULT: 'env' },
      log: createLogger((line) => logLines.push(line)),
    });
    const paytrace = app.sandbox!.paytrace!.server;
    const sap = app.sandbox!.sap!;

    // Payers type card numbers and codes into every free-text field PayTrace keeps.
    const at = new Date(Date.now() - 2 * 3_600_000).toISOString();
    for (let i = 0; i < 12; i++) {
      planted.push(
        paytrace.sim.apply({
          op: 'sale',
          key: `leak-${i}`,
          at,
          amount: `${20 + i}.00`,
          invoice_id: written(i),
          customer_reference_id: `PO ${code(i)}`,
          description: `card ${written(i + 1)} exp 12/29 ${code(i + 2)}`,
          customer_id: '',
          billing_name: `Pat Doe ${written(i + 2)}`,
          email: `pat${i}@example.com`,
          card: 'visa',
        }),
      );
    }
    // Some records arrive broken and are dead-lettered with everything they hold.
    paytrace.sim.faults.set({
      malformedRate: 0.3,
      malformedKinds: ['shifted-field', 'missing-transaction-id', 'amount-not-a-number'],
    });
    // Someone typed a card number into an SAP customer's name and address (within SAP's 35 characters).
    const [kunnr, customer] = [...sap.ledger.kna1][0]!;
    sap.ledger.kna1.set(kunnr, { ...customer, NAME1: `Acme ${written(2)}`, STRAS: `${code(1)} Main St` });

    // SAP refuses one posting, quoting an item text with a card number in it.
    const erp = app.core.options.erp;
    const quoting: ErpSystem = {
      ...erp,
      postDocument: async (doc, options) =>
        refuse
          ? {
              ok: false,
              messages: [
                {
                  TYPE: 'E',
                  ID: 'ZPAY',
                  NUMBER: '001',
                  MESSAGE: `Item text "card ${written(3)} ${code(3)}" not allowed`,
                },
              ],
            }
          : erp.postDocument(doc, options),
    };
    const core = new Core({ ...app.core.options, erp: quoting });
    await core.sync({ autoPost: (t, p) => core.autoPost(t, p) });
    // The CLI's own SAP simulator mirrors the customer as seeded, so the name is checked here.
    mirroredNames = (await app.store.db.selectFrom('customers').select('name').execute()).map((c) => c.name);

    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    host = await startBrowserHost({
      core,
      rendererDir,
      users: [{ actor: { name: 'mia.clerk', roles: ['clerk', 'approver', 'admin'] } }],
      log: createLogger((line) => logLines.push(line)),
      webhooks: { secretOf: async (source) => (source === 'acquirer' ? new Secret(WEBHOOK_SECRET) : null) },
    });
    cookie = await signIn(host.url);

    // What the renderer reads, and what a clerk does.
    const queue = (await api('queue.list', {})).data as {
      transactionId: number;
      kind: string;
      status: string;
      queueState: string;
      amount: { minor: number; currency: string };
      proposal: { id: number; companyCode: string | null } | null;
    }[];
    for (const id of planted) await api('queue.detail', { transactionId: id });
    const parkable = queue.find((r) => planted.includes(r.transactionId) && ['new', 'review'].includes(r.queueState));
    if (parkable)
      await api('transaction.park', {
        transactionId: parkable.transactionId,
        reason: `payer read out ${written(4)}, ${code(4)}`,
      });
    // One person may post it (under the four-eyes rules' 10,000.00 USD), so it goes to SAP, which refuses it.
    const approvable = queue.find(
      (r) =>
        r.kind === 'sale' &&
        r.queueState === 'review' &&
        r.proposal?.companyCode &&
        r.amount.currency === 'USD' &&
        r.amount.minor <= 1_000_000,
    );
    expect(approvable).toBeDefined();
    if (approvable) {
      refuse = true;
      await api('proposal.approve', { transactionId: approvable.transactionId, proposalId: approvable.proposal!.id });
      refuse = false;
    }
    const settled = queue.find((r) => r.kind === 'sale' && r.status === 'settled' && r.queueState === 'posted');
    if (settled)
      await api('refund.request', {
        transactionId: settled.transactionId,
        amount: { minor: 100, currency: 'USD' },
        reason: `back to ${written(5)} ${code(0)}`,
      });
    if (settled) {
      // A chargeback entered by hand from the sale, its case number a card number as people write it.
      const recorded = await api('chargeback.record', {
        transactionId: settled.transactionId,
        processor: 'north',
        caseNumber: `CB ${written(0)}`,
        stage: 'chargeback',
        reasonCode: '10.4',
        amount: { minor: 100, currency: 'USD' },
        dueDate: null,
      });
      expect(recorded.ok, JSON.stringify(recorded.error)).toBe(true);
      // A processor pushes cases to the signed webhook with card numbers in every text it sends: the full card
      // number as the "last four", in the case number, ARN, reference and description; one case unreadable.
      const body = JSON.stringify({
        cases: [
          {
            caseNumber: `WH ${written(1)}`,
            stage: 'First Chargeback',
            status: 'Open',
            reasonCode: '10.4',
            reasonDescription: `cardholder says ${written(2)} ${code(1)}`,
            cardBrand: 'visa',
            amount: '1.00',
            fee: '0.50',
            currency: 'USD',
            cardLast4: written(3),
            arn: written(6),
            merchantReference: `PO ${written(4)} ${code(2)}`,
            transactionId: settled.transactionId,
          },
          { caseNumber: `WH ${written(5)}`, stage: 'First Chargeback', amount: written(5), currency: 'USD' },
        ],
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const pushed = await fetch(`${host.origin}/webhooks/disputes/acquirer`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-ClearDesk-Timestamp': timestamp,
          'X-ClearDesk-Signature': `sha256=${signDelivery(WEBHOOK_SECRET, timestamp, body)}`,
        },
        body,
      });
      const answer = await pushed.text();
      responses.push(artifact('webhook /webhooks/disputes/acquirer', answer));
      expect(pushed.status, answer).toBe(200);
      await api('chargebacks.window', { offset: 0, limit: 50 });
    }
    await api('aliases.remove', { id: `card ${written(6)} ${code(2)}` });
    for (const channel of ['deadLetters.list', 'sync.log', 'batches.list', 'refunds.list', 'aliases.list']) {
      await api(channel, {});
    }
    await api('queue.list', {});
    // The audit browser: the newest entries, and those whose text holds what a card number would start with.
    await api('audit.list', { limit: 500 });
    await api('audit.list', { text: '4111', limit: 500 });
    const range = { from: isoDate(Date.now() - 30 * DAY), to: isoDate(Date.now() + DAY) };
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const file = (await api('reports.journal', { ...range, format })).data as { base64: string };
      responses.push(
        artifact(
          `API reports.journal (${format} file)`,
          Buffer.from(file.base64, 'base64'),
          format === 'csv' ? 'raw' : format,
        ),
      );
    }

    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const file = (await api('chargebacks.report', { ...range, format })).data as { base64: string };
      responses.push(
        artifact(
          `API chargebacks.report (${format} file)`,
          Buffer.from(file.base64, 'base64'),
          format === 'csv' ? 'raw' : format,
        ),
      );
    }

    // The CLI: a sync whose log quotes what PayTrace sent, the journal as files, and offline matching.
    const env = {
      CLEARDESK_PAYTRACE_URL: paytrace.url,
      CLEARDESK_PAYTRACE_USERNAME: DEMO_USER.username,
      CLEARDESK_PAYTRACE_PASSWORD: DEMO_USER.password,
      CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'CLEARDESKTEST',
      CLEARDESK_VAULT: 'env',
    };
    await cli(['sync', '--sandbox', '--once', '--data-dir', dataDir], 'ok', env);
    const transactions = Array.from({ length: 8 }, (_, i) => ({
      transaction_id: 900 + i,
      transaction_type: i === 7 ? 'REFUND' : 'SALE',
      amount: i === 3 ? written(3) : 25 + i,
      invoice_id: written(i),
      description: `card ${written(i + 1)} ${code(i)}`,
      customer_reference_id: code(i + 1),
      billing_address: { name: `Pat ${written(i + 2)}` },
      credit_card: { masked_number: i % 2 ? '4111111111111111' : '************1111' },
      status_code: 'GB1',
      created: { at: '3/3/2025 9:00:00 AM' },
    }));
    const openItem = {
      COMP_CODE: '1000',
      CUSTOMER: '0000100001',
      FISC_YEAR: '2025',
      DOC_NO: '0090000001',
      ITEM_NUM: '001',
      REF_DOC_NO: '4111111111111111',
      ALLOC_NMBR: '90001234',
      PSTNG_DATE: '20250201',
      CURRENCY: 'USD',
      AMT_DOCCUR: '25.00',
      DB_CR_IND: 'S',
      ITEM_TEXT: `paid by ${written(5)}`,
    };
    const badItem = { ...openItem, DOC_NO: '0090000002', AMT_DOCCUR: written(1) };
    writeFileSync(join(dir, 't.json'), JSON.stringify(transactions));
    writeFileSync(join(dir, 'o.json'), JSON.stringify([openItem, badItem]));
    writeFileSync(join(dir, 'broken.json'), `[{"description": "card ${written(0)} ${code(0)}" oops}]`);
    // The scanner sees what goes in, so finding nothing in what comes out means something.
    expect(findCardData(readFileSync(join(dir, 't.json'), 'utf8')).length).toBeGreaterThan(20);
    const match = (transactionsFile: string, out: string) => [
      'match',
      '--transactions',
      join(dir, transactionsFile),
      '--open-items',
      join(dir, 'o.json'),
      '--out',
      out,
    ];
    const journal = (format: string, out: string) => [
      'report',
      'journal',
      '--from',
      range.from,
      '--to',
      range.to,
      '--format',
      format,
      '--out',
      out,
      '--data-dir',
      dataDir,
    ];
    // One journal at a time: three processes asking the Secret Service for the audit key at once
    // were sometimes answered "no such item" on a loaded machine.
    for (const format of ['csv', 'xlsx', 'pdf'] as const)
      await cli(journal(format, join(dir, `journal.${format}`)), 'ok');
    const chargebacksReport = [
      ...['chargebacks', 'report', '--from', range.from, '--to', range.to, '--format', 'csv'],
      ...['--out', join(dir, 'chargebacks.csv'), '--data-dir', dataDir],
    ];
    await cli(chargebacksReport, 'ok');
    await Promise.all([
      cli(match('t.json', join(dir, 'p.json')), 'ok'),
      cli(match('broken.json', join(dir, 'q.json')), 'fails'),
    ]);
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const bytes = readFileSync(join(dir, `journal.${format}`));
      outputs.push(artifact(`cleardesk report journal --format ${format}`, bytes, format === 'csv' ? 'raw' : format));
    }
    outputs.push(artifact('cleardesk chargebacks report --format csv', readFileSync(join(dir, 'chargebacks.csv'))));
    outputs.push(artifact('cleardesk match output', readFileSync(join(dir, 'p.json'))));
    logs.push(artifact('the in-process log', logLines.join('\n')));
  }, 300_000);

  afterAll(async () => {
    await host?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('really fed card data through each path (so the scans below can fail)', async () => {
    const db = app.store.db;
    const ingested = await db.selectFrom('transactions').select(['description', 'invoice_id']).execute();
    expect(ingested.some((t) => t.description.includes('************') && t.description.includes('***'))).toBe(true);
    const letters = await db.selectFrom('dead_letters').select(['error', 'payload']).execute();
    expect(letters.some((l) => /created\.at ".*\*{12}/.test(l.error))).toBe(true);
    expect(letters.some((l) => l.payload.includes('************'))).toBe(true);
    const failed = await db.selectFrom('postings').select('messages').where('state', '=', 'failed').execute();
    expect(failed.some((p) => p.messages.includes('card ***********0005 security code ***'))).toBe(true);
    const cases = await db.selectFrom('dispute_cases').select('case_number').execute();
    expect(cases.map((c) => c.case_number).sort()).toEqual(['CB ************1111', 'WH ************4444']);
    const pushed = await db
      .selectFrom('dispute_cases')
      .select(['card_last4', 'arn', 'merchant_reference', 'reason_description', 'fee_minor'])
      .where('source', '=', 'webhook')
      .execute();
    expect(pushed).toEqual([expect.objectContaining({ card_last4: '0005', arn: '************1111', fee_minor: 50 })]);
    expect(pushed[0]!.merchant_reference).toContain('************');
    expect(
      responses.find((r) => r.where.startsWith('webhook'))!.bytes.toString(),
      'the unreadable case is named in the answer',
    ).toContain('************');
    expect(responses.find((r) => r.where === 'API chargebacks.report (csv file)')!.bytes.toString()).toContain(
      'WH ************4444',
    );
    const posted = await db.selectFrom('postings').select('messages').where('state', '=', 'posted').execute();
    expect(posted.length).toBeGreaterThan(0);
    expect(mirroredNames.some((name) => name.includes('************1881'))).toBe(true);
    const stderr = logs.filter((l) => l.where.startsWith('stderr of cleardesk')).map((l) => l.bytes.toString());
    expect(stderr.some((t) => t.includes('"event":"sync.log"') && t.includes('************'))).toBe(true);
    expect(stderr.some((t) => t.includes('cleardesk match:') && t.includes('************'))).toBe(true);
    expect(responses.some((r) => r.where === 'API aliases.remove' && r.bytes.toString().includes('************'))).toBe(
      true,
    );
    expect(outputs.find((o) => o.where === 'cleardesk match output')!.bytes.toString()).toContain('************');
  });

  it('leaves none in the SQLite database: its values, and the raw bytes of the file and its WAL, before and after a checkpoint', () => {
    expect(statSync(`${database}-wal`).size).toBeGreaterThan(0);
    const before = scanSqlite(database);
    const sqlite = new Database(database);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    expect(statSync(`${database}-wal`).size).toBe(0);
    const after = scanSqlite(database);
    for (const scan of [before, after]) {
      expect(scan.values, describeFindings('a value in the database', scan.values)).toEqual([]);
      expect(scan.raw, describeFindings('the raw bytes of the database or its WAL', scan.raw)).toEqual([]);
    }
  });

  /** Each artifact scanned; a failure names the artifact and what was found where. */
  function expectNone(artifacts: readonly Artifact[]): void {
    for (const a of artifacts) {
      const found = findingsIn(a, dir);
      expect(found, describeFindings(a.where, found)).toEqual([]);
    }
  }
  const notPdf = (a: Artifact) => a.kind !== 'pdf';

  it('leaves none in the logs of the app and of CLI runs', () => {
    expect(logs.length).toBeGreaterThan(8);
    expectNone(logs);
  });

  it('leaves none in the output files: journal CSV and XLSX, the chargebacks report, and match proposals', () => {
    expect(outputs.filter(notPdf)).toHaveLength(4);
    expectNone(outputs.filter(notPdf));
  });

  it('leaves none in the API responses, errors and report files included', () => {
    expect(responses.filter(notPdf).length).toBeGreaterThan(20);
    expectNone(responses.filter(notPdf));
  });

  // A PDF's text is compressed: it is read back with pdftotext (poppler-utils, which npm test installs).
  it.skipIf(!hasTool('pdftotext'))('leaves none in the report PDFs, from the CLI and from the API', () => {
    const pdfs = [...outputs, ...responses].filter((a) => a.kind === 'pdf');
    expect(pdfs).toHaveLength(3);
    expectNone(pdfs);
  });
});
