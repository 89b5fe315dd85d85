// A store put back from a backup posts nothing twice: `cleardesk backup`, postings after it,
// `cleardesk restore`, then sync and approve everything again. The sandbox SAP keeps its ledger
// in the data folder (sandbox/sap-ledger.json), so SAP remembers what the restored store forgot;
// the poster asks SAP before it first sends a reference and records the document SAP holds
// (docs/ARCHITECTURE.md, "Posting exactly once"). And what restore refuses: a store in use, a file
// that is no ClearDesk backup or is cut short; a store already there is kept beside it.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApprovalResult, QueueRow } from '../../../shared/api';
import { PAYMENT_STATES } from '../../../shared/domain';
import { parsePostingReference } from '../../../shared/posting';
import type { Actor } from '../../../electron/core/ports';
import { openApp, type App } from '../../../electron/hosts/app';
import { createLogger } from '../../../electron/hosts/log';
import type { LedgerSnapshot } from '../../../electron/sandbox/sap/ledger';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { runCli } from '../../support/cli';

const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every command and the in-process app run as a headless host with the test's audit key; no PostgreSQL, no anchors. */
const ENV = {
  CLEARDESK_VAULT: 'env',
  ...TEST_AUDIT_KEY_ENV,
  CLEARDESK_DATABASE_URL: undefined,
  CLEARDESK_AUDIT_ANCHOR_DIR: undefined,
};
const cli = (args: readonly string[]) => runCli(args, ENV);

/** Each test runs several real `cleardesk` processes one after another (each a sync or more): minutes on a busy machine. */
const SLOW = 300_000;

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const approver: Actor = { name: 'ben.approver', roles: ['approver'] };

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const storeOf = (dataDir: string): string => join(dataDir, 'cleardesk.sqlite');

/** ClearDesk opened in this process on the data folder (sandbox PayTrace and SAP), closed after `work`. */
async function withApp<T>(dataDir: string, work: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp({ dataDir, sandbox: true, env: { ...ENV }, log: createLogger(() => {}) });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** A clerk approves; where the four-eyes rules want a second person, an approver approves too. */
async function approve(app: App, row: QueueRow): Promise<ApprovalResult> {
  const request = { transactionId: row.transactionId, proposalId: row.proposal!.id };
  const first = await app.core.handle('proposal.approve', request, clerk);
  return first.state === 'awaiting-approval' ? app.core.handle('proposal.approve', request, approver) : first;
}

const approvable = (row: QueueRow): boolean =>
  (row.queueState === 'review' || row.queueState === 'prepared') && Boolean(row.proposal?.companyCode);

/** What the sandbox SAP holds: its documents as it saved them in the data folder. */
function sapDocuments(dataDir: string) {
  const ledger = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'sap-ledger.json'), 'utf8')) as LedgerSnapshot;
  return ledger.documents.map((d) => d.header);
}

interface PostingRow {
  reference: string;
  transaction_id: number;
  state: string;
  company_code: string;
  belnr: string | null;
  gjahr: string | null;
}

function readStore<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** A data folder with a sandbox store that has synced once and posted the automatic tier. */
function syncedDataDir(): string {
  const dataDir = tempDir('cleardesk-restore-');
  const first = cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dataDir]);
  expect(first.status, first.stderr).toBe(0);
  expect((JSON.parse(first.stdout) as { posted: number }).posted).toBeGreaterThan(0);
  return dataDir;
}

function backup(dataDir: string): string {
  const file = join(tempDir('cleardesk-backups-'), 'before.cleardesk-backup');
  const r = cli(['backup', '--out', file, '--data-dir', dataDir]);
  expect(r.status, r.stderr).toBe(0);
  return file;
}

describe('cleardesk restore, then sync and approve again', () => {
  it(
    'posts nothing twice: what was posted after the backup is recovered from SAP, each payment in one state',
    async () => {
      const dataDir = syncedDataDir();
      const backupFile = backup(dataDir);

      // After the backup a clerk approves some of the queue: posted into SAP, and unknown to the backup.
      const postedAfterBackup = await withApp(dataDir, async (app) => {
        const rows = (await app.core.handle('queue.list', {}, clerk)).filter(approvable);
        expect(rows.length).toBeGreaterThan(10);
        const posted: { transactionId: number; reference: string; BELNR: string; BUKRS: string; GJAHR: string }[] = [];
        for (const row of rows.slice(0, 8)) {
          const result = await approve(app, row);
          if (result.state === 'posted')
            posted.push({ transactionId: row.transactionId, reference: result.reference, ...result.sapDocument! });
        }
        return posted;
      });
      expect(postedAfterBackup.length).toBeGreaterThanOrEqual(5);
      for (const p of postedAfterBackup) {
        expect(sapDocuments(dataDir).filter((d) => d.XBLNR === p.reference)).toEqual([
          expect.objectContaining({ BELNR: p.BELNR, BUKRS: p.BUKRS, GJAHR: p.GJAHR }),
        ]);
      }
      const storeBeforeRestore = readStore(storeOf(dataDir), (db) =>
        db.prepare("select count(*) n from postings where state = 'posted'").pluck().get(),
      );

      // The store is put back as it was at the backup; the one it replaces is kept beside it.
      const restored = cli(['restore', backupFile, '--data-dir', dataDir]);
      expect(restored.status, restored.stderr).toBe(0);
      const outcome = JSON.parse(restored.stdout) as { previous: string; store: string; next: string };
      expect(outcome.store).toBe(storeOf(dataDir));
      expect(outcome.next).toMatch(/looked up in SAP before it is sent/);
      expect(existsSync(outcome.previous)).toBe(true);
      expect(
        readStore(outcome.previous, (db) =>
          db.prepare("select count(*) n from postings where state = 'posted'").pluck().get(),
        ),
      ).toBe(storeBeforeRestore);
      const references = postedAfterBackup.map((p) => p.reference);
      const forgotten = readStore(storeOf(dataDir), (db) =>
        db
          .prepare(`select count(*) from postings where reference in (${references.map(() => '?').join(',')})`)
          .pluck()
          .get(...references),
      );
      expect(forgotten).toBe(0);

      // Sync and approve everything that can be approved, as if nothing had happened.
      const again = cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dataDir]);
      expect(again.status, again.stderr).toBe(0);
      const refused: string[] = [];
      await withApp(dataDir, async (app) => {
        for (const row of (await app.core.handle('queue.list', {}, clerk)).filter(approvable)) {
          try {
            await approve(app, row);
          } catch (e) {
            refused.push(`${row.transactionId}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      });
      expect(refused).toEqual([]);

      // SAP holds exactly one document per reference ClearDesk posted.
      const documents = sapDocuments(dataDir).filter((d) => parsePostingReference(d.XBLNR) !== null);
      const perReference = new Map<string, number>();
      for (const d of documents) perReference.set(d.XBLNR, (perReference.get(d.XBLNR) ?? 0) + 1);
      expect([...perReference].filter(([, n]) => n > 1)).toEqual([]);

      const file = storeOf(dataDir);
      const postings = readStore(file, (db) => db.prepare('select * from postings').all() as PostingRow[]);
      // Every posting the store knows is settled, and the document it names is the one SAP holds under its reference.
      expect(postings.filter((p) => p.state !== 'posted' && p.state !== 'failed')).toEqual([]);
      for (const p of postings.filter((q) => q.state === 'posted')) {
        expect(documents.filter((d) => d.XBLNR === p.reference)).toEqual([
          expect.objectContaining({ BELNR: p.belnr, BUKRS: p.company_code, GJAHR: p.gjahr }),
        ]);
      }
      // ...and SAP holds no ClearDesk document the store does not know as posted.
      const postedReferences = new Set(postings.filter((p) => p.state === 'posted').map((p) => p.reference));
      expect(documents.map((d) => d.XBLNR).filter((ref) => !postedReferences.has(ref))).toEqual([]);
      expect(documents).toHaveLength(postedReferences.size);
      expect(postedReferences.size).toBeGreaterThan(storeBeforeRestore as number);

      // What was posted after the backup is recorded with the document SAP holds, audited as recovered.
      for (const p of postedAfterBackup) {
        const posting = postings.find((q) => q.reference === p.reference);
        expect(posting, p.reference).toMatchObject({
          state: 'posted',
          belnr: p.BELNR,
          company_code: p.BUKRS,
          gjahr: p.GJAHR,
        });
        const audit = readStore(
          file,
          (db) =>
            db
              .prepare("select detail from audit_log where subject = ? and action = 'posting.recovered'")
              .pluck()
              .all(`paytrace:${p.transactionId}`) as string[],
        );
        expect(audit, p.reference).toHaveLength(1);
        expect(JSON.parse(audit[0]!)).toMatchObject({
          reference: p.reference,
          BELNR: p.BELNR,
          recovered: expect.stringMatching(/restored from a backup/),
        });
      }

      // Nothing else was recovered: every other posting was sent once, by this store or the one before.
      const recovered = readStore(file, (db) =>
        db.prepare("select count(*) from audit_log where action = 'posting.recovered'").pluck().get(),
      );
      expect(recovered).toBe(postedAfterBackup.length);

      // Every payment is in exactly one state, none left half way; a posted one has exactly one posted posting.
      const payments = readStore(
        file,
        (db) =>
          db.prepare('select transaction_id id, queue_state state from transactions').all() as {
            id: number;
            state: string;
          }[],
      );
      expect(new Set(payments.map((p) => p.id)).size).toBe(payments.length);
      expect(payments.filter((p) => !(PAYMENT_STATES as readonly string[]).includes(p.state))).toEqual([]);
      expect(payments.filter((p) => p.state === 'approved')).toEqual([]);
      const postedPayments = payments.filter((p) => p.state === 'posted').map((p) => p.id);
      const postedPostings = postings.filter((p) => p.state === 'posted').map((p) => Number(p.transaction_id));
      expect(postedPostings.sort((a, b) => a - b)).toEqual(postedPayments.sort((a, b) => a - b));

      // The restore is on the audit trail of the store it brought back, and the chain verifies.
      const restoredEntry = readStore(
        file,
        (db) => db.prepare("select detail from audit_log where action = 'store.restored'").pluck().all() as string[],
      );
      expect(restoredEntry).toHaveLength(1);
      expect(JSON.parse(restoredEntry[0]!)).toMatchObject({ from: backupFile, previousStoreKeptAt: outcome.previous });
      const verify = cli(['audit', 'verify', '--data-dir', dataDir]);
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/intact/);
    },
    SLOW,
  );
});

describe('what cleardesk restore refuses', () => {
  it(
    'refuses while ClearDesk has the store open, exit 9, saying it is in use; nothing is moved',
    async () => {
      const dataDir = syncedDataDir();
      const backupFile = backup(dataDir);
      const counts = () =>
        readStore(storeOf(dataDir), (db) => ({
          payments: db.prepare('select count(*) from transactions').pluck().get(),
          audit: db.prepare('select count(*) from audit_log').pluck().get(),
        }));
      const before = counts();
      // A ClearDesk that is open and idle, as the desktop app between syncs. (Nothing in this process
      // may open and close the database file meanwhile: closing any descriptor of a file drops the
      // process's POSIX locks on it, SQLite's included.)
      await withApp(dataDir, async () => {
        const r = cli(['restore', backupFile, '--data-dir', dataDir]);
        expect(r.status, r.stderr).toBe(9);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(storeOf(dataDir));
        expect(r.stderr).toMatch(/is locked by another program \(it is in use: open in a running ClearDesk/);
        expect(r.stderr).not.toMatch(/move it aside|restore it from a backup/i);
        expect(readdirSync(dataDir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
      });
      expect(counts()).toEqual(before);
      // Once it is closed, the same restore goes through.
      const r = cli(['restore', backupFile, '--data-dir', dataDir]);
      expect(r.status, r.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    'refuses a file that is not a ClearDesk backup, or one cut short, exit 3; the store stays as it was',
    () => {
      const dataDir = syncedDataDir();
      const backupFile = backup(dataDir);
      const folder = tempDir('cleardesk-not-backups-');
      const text = join(folder, 'notes.txt');
      writeFileSync(text, 'Quarterly close checklist\n'.repeat(200));
      const other = join(folder, 'other-app.sqlite');
      const db = new Database(other);
      db.exec('create table contacts (id integer primary key, name text)');
      db.close();
      const truncated = join(folder, 'truncated.cleardesk-backup');
      copyFileSync(backupFile, truncated);
      truncateSync(truncated, Math.floor(readFileSync(backupFile).length / 2));

      const store = storeOf(dataDir);
      const before = sha(store);
      for (const [file, message] of [
        [text, /notes\.txt is not a ClearDesk backup: SQLite cannot read it \(file is not a database\)/],
        [other, /other-app\.sqlite is not a ClearDesk backup: it has no migration ledger/],
        [
          truncated,
          /truncated\.cleardesk-backup is not a ClearDesk backup: SQLite .*(malformed|never used|integrity)/i,
        ],
      ] as const) {
        const r = cli(['restore', file, '--data-dir', dataDir]);
        expect(r.status, `${file}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).toMatch(/Nothing was restored/);
        expect(sha(store)).toBe(before);
        expect(readdirSync(dataDir).filter((f) => /before-restore|restoring/.test(f))).toEqual([]);
      }
      // A file that is not there is a usage error (exit 2), saying so.
      const missing = cli(['restore', join(folder, 'nowhere.cleardesk-backup'), '--data-dir', dataDir]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/There is no backup file .*nowhere\.cleardesk-backup/);
    },
    SLOW,
  );

  it(
    'keeps the store it replaces beside it, even one SQLite cannot read, and overwrites nothing',
    () => {
      const dataDir = syncedDataDir();
      const backupFile = backup(dataDir);
      const store = storeOf(dataDir);
      // The store was damaged since the backup: what a restore is for.
      writeFileSync(store, Buffer.from('this is not a database any more'.repeat(500)));
      const damaged = sha(store);
      const r = cli(['restore', backupFile, '--data-dir', dataDir]);
      expect(r.status, r.stderr).toBe(0);
      const { previous } = JSON.parse(r.stdout) as { previous: string };
      expect(previous).toMatch(/cleardesk\.sqlite\.before-restore-\d{4}-\d\d-\d\dT/);
      expect(sha(previous)).toBe(damaged);
      const doctor = cli(['doctor', '--sandbox', '--json', '--data-dir', dataDir]);
      const store_ = (JSON.parse(doctor.stdout) as { checks: { name: string; ok: boolean }[] }).checks.find(
        (c) => c.name === 'store',
      );
      expect(store_).toMatchObject({ ok: true });
      // The backup itself is left as it was, and a backup never overwrites a file.
      const again = cli(['backup', '--out', backupFile, '--data-dir', dataDir]);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/exists already; ClearDesk does not overwrite a file/);
    },
    SLOW,
  );
});
