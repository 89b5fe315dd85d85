// An audit log that cannot be shortened unseen, through the real `cleardesk` on a real store file: a sandbox sync
// anchors the head outside the data folder; `audit head` prints it; `audit verify --anchor` holds the log against it
// (the head JSON, an anchor file, a CSV, XLSX or PDF journal). Then the log is tampered with as someone with the
// database file but not the key would: tail cut, log emptied, log rebuilt with ClearDesk's own hash functions
// (plain, and keyed under a guessed key), triggers dropped, key missing. Each is exit 6, naming what was found.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, auditMac } from '../../../electron/store';
import { KeychainVault } from '../../../electron/secrets';
import { runCli } from '../../support/cli';

const KEY = 'an audit key for this test, 32 characters or more';
/** A headless host: credentials, and so the audit key, from the environment. */
const HEADLESS = { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: KEY, CLEARDESK_AUDIT_ANCHOR_DIR: '' };
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

const dirs: string[] = [];
const tempDir = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `cleardesk-audit-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Row = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
};

/** A copy of the synced store, changed by `work` with the append-only triggers down and then put back. */
function tampered(source: string, work: (db: Database.Database) => void): string {
  const dir = tempDir('tampered');
  copyFileSync(join(source, 'cleardesk.sqlite'), join(dir, 'cleardesk.sqlite'));
  const db = new Database(join(dir, 'cleardesk.sqlite'));
  const triggers = db.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`drop trigger ${t.name}`);
  work(db);
  for (const t of triggers) db.exec(t.sql);
  db.close();
  return dir;
}

/** Every entry rewritten from its own fields with `hash`, each linked to the one before: a rebuilt chain. */
function rebuild(db: Database.Database, hash: (row: Row) => string): void {
  const rows = db.prepare('select seq, at, actor, action, subject, detail from audit_log order by seq').all() as Row[];
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const h = hash({ ...r, prev_hash: prev });
    db.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?').run(prev, h, r.seq);
    prev = h;
  }
}

function verify(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = HEADLESS) {
  return runCli(['audit', 'verify', '--data-dir', dir, ...args], env);
}

describe('cleardesk audit head / verify --anchor on a synced store', () => {
  const data = tempDir('data');
  const anchors = tempDir('anchors');
  let chain: string;
  let headFile: string;

  beforeAll(() => {
    const sync = runCli(
      ['sync', '--sandbox', '--once', '--json', '--data-dir', data, '--anchor-dir', anchors],
      HEADLESS,
    );
    expect(sync.status, sync.stderr).toBe(0);
  });

  it('anchors the head after the sync run, in a small JSON file outside the data folder', () => {
    const files = readdirSync(anchors);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cleardesk-audit-anchor-\d{8}T\d{9}Z-\d+-[0-9a-f]{6}\.json$/);
    const anchor = JSON.parse(readFileSync(join(anchors, files[0]!), 'utf8')) as Record<string, unknown>;
    expect(anchor).toEqual({
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      trigger: 'sync',
      subject: 'sync:1',
      chain: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    chain = anchor.chain as string;

    const head = runCli(['audit', 'head', '--data-dir', data], HEADLESS);
    expect(head.status, head.stderr).toBe(0);
    const printed = JSON.parse(head.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ seq: anchor.seq, hash: anchor.hash, chain });
    headFile = join(tempDir('head'), 'head.json');
    writeFileSync(headFile, head.stdout);
  });

  it('verifies against the head JSON, the anchor folder and every journal export, CSV included', () => {
    const withHead = verify(data, ['--anchor', headFile]);
    expect(withHead.status, withHead.stdout + withHead.stderr).toBe(0);
    expect(withHead.stdout).toMatch(/intact: \d+ entries.*keyed \(HMAC-SHA256\).*still holds entry \d+ of the anchor/);
    const withFolder = verify(data, ['--anchor-dir', anchors]);
    expect(withFolder.status, withFolder.stdout).toBe(0);
    expect(withFolder.stdout).toContain(`Held against the newest anchor in ${anchors}`);

    const today = new Date().toISOString().slice(0, 10);
    const out = tempDir('exports');
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const file = join(out, `journal.${format}`);
      const r = runCli(
        ['report', 'journal', '--from', today, '--to', today, '--format', format, '--out', file, '--data-dir', data],
        HEADLESS,
      );
      expect(r.status, r.stderr).toBe(0);
      const v = verify(data, ['--anchor', file]);
      expect(v.status, `${format}: ${v.stdout}${v.stderr}`).toBe(0);
      expect(v.stdout).toContain(`Held against ${file}`);
    }
    expect(readFileSync(join(out, 'journal.csv'), 'utf8')).toMatch(/\r\nAudit chain head,\d+,[0-9a-f:]{64,71}\r\n/);
  }, 300_000);

  it('exit 6 when entries were cut from the end', () => {
    // From two entries before the anchored one: what was written since (journal exports) goes too.
    const anchored = (JSON.parse(readFileSync(headFile, 'utf8')) as { seq: number }).seq;
    const dir = tampered(data, (db) => db.prepare('delete from audit_log where seq >= ?').run(anchored - 2));
    expect(verify(dir).status).toBe(0); // the chain alone cannot see a cut tail
    const r = verify(dir, ['--anchor', headFile]);
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(
      /The audit log ends at entry \d+, but the anchor \(entry \d+, .*\) records entry \d+: entries were removed from the end/,
    );
    expect(verify(dir, ['--anchor-dir', anchors]).status).toBe(6);
  });

  it('exit 6 when the log was emptied', () => {
    const dir = tampered(data, (db) => db.exec('delete from audit_log'));
    const r = verify(dir, ['--anchor', headFile]);
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(/The audit log is empty, but the anchor .* records entry \d+: the log was emptied/);
  });

  it("exit 6 when the log was rebuilt with ClearDesk's own plain SHA-256", () => {
    const dir = tampered(data, (db) => rebuild(db, (row) => auditHash(row)));
    const r = verify(dir, ['--anchor', headFile]);
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(/Audit entry 1 .* carries a plain SHA-256 hash, but entries from 1 on are keyed/);
    expect(r.stdout).toMatch(/Audit entry \d+ differs from the anchor/);
    // Even without an anchor: the database alone cannot make a chain that verifies.
    expect(verify(dir).status).toBe(6);
  });

  it("exit 6 when the log was rebuilt keyed, with ClearDesk's own HMAC but without the key", () => {
    const guess = 'a guess at the audit key, 32 characters or more';
    const dir = tampered(data, (db) => rebuild(db, (row) => auditMac(row, chain, guess)));
    const r = verify(dir);
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(
      /Audit entry 1 \(.*\) does not match its keyed hash \(HMAC-SHA256 under this installation's audit key\)/,
    );
  });

  it('exit 6 when the append-only triggers were dropped, even though the chain holds', () => {
    const dir = tempDir('triggers');
    copyFileSync(join(data, 'cleardesk.sqlite'), join(dir, 'cleardesk.sqlite'));
    const db = new Database(join(dir, 'cleardesk.sqlite'));
    db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
    db.close();
    const r = verify(dir, ['--anchor', headFile]);
    expect(r.status).toBe(6);
    expect(r.stdout).toContain('trigger audit_log_no_update on audit_log is missing (dropped)');
    expect(r.stdout).toContain('trigger audit_log_no_delete on audit_log is missing (dropped)');
  });

  it('exit 6 when the key is missing: "missing", never "intact"', () => {
    const r = verify(data, [], { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: '' });
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(/The audit key is missing/);
    expect(r.stdout).not.toMatch(/intact/);
    expect(r.stdout).toContain('CLEARDESK_AUDIT_KEY');
  });

  it('says which file holds no head (exit 2), and refuses an anchor folder inside the data folder (exit 4)', () => {
    const junk = join(tempDir('junk'), 'notes.txt');
    writeFileSync(junk, 'nothing to see here\n');
    const r = verify(data, ['--anchor', junk]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has no "Audit chain head" record/);
    const inside = join(data, 'anchors');
    mkdirSync(inside);
    const sync = runCli(['sync', '--sandbox', '--once', '--data-dir', data, '--anchor-dir', inside], HEADLESS);
    expect(sync.status).toBe(4);
    expect(sync.stderr).toMatch(/is inside the data folder .*choose a folder outside it/);
  });
});

describe.skipIf(!hasBus)('the audit key in the OS keychain', () => {
  it('is made on first use, kept under the chain id, and its absence makes verify fail', async () => {
    const data = tempDir('keychain');
    const env = { CLEARDESK_VAULT: '', CLEARDESK_AUDIT_KEY: '' };
    const sync = runCli(['sync', '--sandbox', '--once', '--data-dir', data], env);
    expect(sync.status, sync.stderr).toBe(0);
    const { chain } = JSON.parse(runCli(['audit', 'head', '--data-dir', data], env).stdout) as { chain: string };
    const key = await new KeychainVault().get(`audit-${chain}`, 'audit.key');
    expect(key?.reveal()).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(data, 'cleardesk.sqlite'))).toBe(true);
    expect(readFileSync(join(data, 'cleardesk.sqlite')).includes(Buffer.from(key!.reveal()))).toBe(false);

    const ok = verify(data, [], env);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const keyless = verify(data, [], { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: '' });
    expect(keyless.status).toBe(6);
    expect(keyless.stdout).toMatch(/The audit key is missing/);
    await new KeychainVault().delete(`audit-${chain}`, 'audit.key');
  });
});
