// The database scan finds card data in any value and in the raw bytes, deleted rows included, and tells a seam
// between two neighbouring values from a card number.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { scanSqlite } from '../../support/sqlite-scan';

const dir = mkdtempSync(join(tmpdir(), 'cleardesk-sqlite-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function database(rows: [string, string, number][], then?: (db: Database.Database) => void): string {
  const file = join(dir, `db${++n}.sqlite`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table items (reference text, assignment text, amount integer)');
  const insert = db.prepare('insert into items values (?, ?, ?)');
  for (const row of rows) insert.run(...row);
  then?.(db);
  // Left open on purpose would keep the WAL; closing checkpoints it into the file, which is scanned too.
  db.close();
  return file;
}

describe('SQLite card-data scan', () => {
  it('takes two neighbouring values for what they are, though their digits together pass Luhn', () => {
    // XBLNR and ZUONR side by side: "9010001790100017" is Luhn-valid, but no value holds it.
    const file = database([['90100017', '90100017', 1234]]);
    expect(scanSqlite(file)).toEqual({ values: [], raw: [] });
  });

  it('finds a card number in a value, read as a value and in the raw bytes', () => {
    const file = database([['paid 4111 1111 1111 1111', 'x', 1]]);
    const scan = scanSqlite(file);
    expect(scan.values.map((f) => [f.column, f.text])).toEqual([['items.reference', '4111 1111 1111 1111']]);
    expect(scan.raw.map((f) => f.text)).toContain('4111 1111 1111 1111');
  });

  it('finds a card number stored as an integer, which the raw bytes hold in binary', () => {
    const file = database([['a', 'b', 4111111111111111]]);
    expect(scanSqlite(file).values.map((f) => f.column)).toEqual(['items.amount']);
  });

  it('finds a card number in a row that was deleted: only the raw bytes still hold it', () => {
    const file = database([['keep', 'x', 1]], (db) => {
      db.prepare('insert into items values (?, ?, ?)').run('cvv 123 for 5555555555554444', 'y', 2);
      db.prepare("delete from items where assignment = 'y'").run();
    });
    const scan = scanSqlite(file);
    expect(scan.values).toEqual([]);
    expect(scan.raw.map((f) => f.text).sort()).toEqual(['5555555555554444', 'cvv 123']);
  });
});
