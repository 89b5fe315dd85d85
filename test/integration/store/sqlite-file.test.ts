// The desktop database file: a file ClearDesk cannot read, or one of another program, is refused
// with a message naming it, and is left exactly as it was: no WAL switch, no repair, no delete.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError, checkIntegrity, migrate, openStore, openStoreFromEnv } from '../../../electron/store';
import { testAuditKeys } from '../../support/audit-key';

const dir = mkdtempSync(join(tmpdir(), 'cleardesk-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function expectRefusedUntouched(file: string, code: StoreError['code'], message: RegExp): Promise<void> {
  const before = digest(file);
  const opening = openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
  await expect(opening).rejects.toBeInstanceOf(StoreError);
  await expect(opening).rejects.toMatchObject({ code });
  await expect(opening).rejects.toThrow(message);
  expect(digest(file)).toBe(before);
  expect(existsSync(`${file}-wal`)).toBe(false);
}

describe('opening the SQLite file', () => {
  it('refuses a file of random bytes, names it, says to restore a backup, and leaves it untouched', async () => {
    const file = join(dir, 'random.sqlite');
    writeFileSync(file, randomBytes(8192));
    await expectRefusedUntouched(
      file,
      'corrupt',
      new RegExp(`${file}.*cannot be read as a SQLite database.*has not changed it.*Restore it from a backup`),
    );
  });

  it('refuses a SQLite file whose header is damaged ("file is not a database")', async () => {
    const file = join(dir, 'damaged.sqlite');
    const db = new BetterSqlite3(file);
    db.exec('create table t (x integer)');
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xff, 16, 100); // keep the magic string, destroy the rest of the header
    writeFileSync(file, bytes);
    await expectRefusedUntouched(
      file,
      'corrupt',
      /damaged\.sqlite cannot be read as a SQLite database \(file is not a database\)/,
    );
  });

  it("refuses another program's SQLite database and leaves it untouched", async () => {
    const file = join(dir, 'other-app.sqlite');
    const db = new BetterSqlite3(file);
    db.exec('create table contacts (id integer primary key, name text)');
    db.close();
    await expectRefusedUntouched(file, 'foreign', /is a SQLite database of some other program \(tables: contacts\)/);
  });

  it('creates a new database in WAL mode with foreign keys on, and reopens it', async () => {
    const file = join(dir, 'fresh.sqlite');
    const store = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    await migrate(store);
    await store.close();
    const reopened = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    expect(await migrate(reopened)).toEqual([]);
    await reopened.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('treats an empty file as a new database', async () => {
    const file = join(dir, 'empty.sqlite');
    writeFileSync(file, '');
    const store = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    expect((await migrate(store)).length).toBeGreaterThan(0);
    await store.close();
  });
});

describe('checkIntegrity', () => {
  it('passes a sound file and reports damage in a data page that opening does not read', async () => {
    const file = join(dir, 'pages.sqlite');
    const raw = new BetterSqlite3(file);
    raw.exec('create table schema_migrations (seq integer primary key, name text, applied_at text)');
    raw.exec('create table filler (x text)');
    const insert = raw.prepare('insert into filler values (?)');
    raw.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(200));
    })();
    raw.close();

    const sound = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    expect(await checkIntegrity(sound)).toMatchObject({ ok: true, problems: [] });
    await sound.close();

    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096 * 4 + 8, 4096 * 5); // inside a data page of "filler", past its header
    writeFileSync(file, bytes);
    const damaged = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    const report = await checkIntegrity(damaged);
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(
      /pages\.sqlite is damaged \(Tree \d+ page \d+.*\)\. Stop ClearDesk, keep a copy of the file, and restore the latest backup\./,
    );
    await damaged.close();
  });
});

describe('openStoreFromEnv', () => {
  it('uses <dataDir>/cleardesk.sqlite when CLEARDESK_DATABASE_URL is not set, creating the folder', async () => {
    const dataDir = join(dir, 'data', 'nested');
    const store = await openStoreFromEnv(dataDir, {});
    expect(store.dialect).toBe('sqlite');
    expect(store.location).toBe(join(dataDir, 'cleardesk.sqlite'));
    await store.close();
    expect(readdirSync(dataDir)).toContain('cleardesk.sqlite');
  });

  it('uses PostgreSQL when CLEARDESK_DATABASE_URL is set, and never shows the password when it cannot connect', async () => {
    const opening = openStoreFromEnv(join(dir, 'unused'), {
      CLEARDESK_DATABASE_URL: 'postgres://clerk:s3cret-pw@127.0.0.1:1/cleardesk',
    });
    await expect(opening).rejects.toMatchObject({ code: 'connect-failed' });
    await expect(opening).rejects.toThrow(
      /Could not connect to PostgreSQL at postgres:\/\/clerk:\*\*\*@127\.0\.0\.1:1\/cleardesk.*CLEARDESK_DATABASE_URL/,
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});
