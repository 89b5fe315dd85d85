// The headless sync as a scheduler runs it: `cleardesk sync --sandbox --once --json`, twice,
// and what it does with a corrupt database, an unknown migration, and a PayTrace that is down.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const dirs: string[] = [];
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function syncJson(dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir, ...extra], env);
  return r;
}

function parseSummary(stdout: string): Record<string, number> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!) as Record<string, number>;
  for (const k of ['ingested', 'updated', 'open_items', 'proposals', 'posted', 'dead_lettered'])
    expect(Number.isInteger(summary[k]), k).toBe(true);
  return summary;
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('cleardesk sync --sandbox --once --json', () => {
  it('prints one JSON object, and a second identical run ingests nothing', () => {
    const dir = dataDir();
    const first = syncJson(dir);
    expect(first.status, first.stderr).toBe(0);
    const a = parseSummary(first.stdout);
    expect(a.ingested).toBeGreaterThan(50);
    expect(a.open_items).toBeGreaterThan(50);
    expect(a.proposals).toBeGreaterThan(0);
    expect(a.posted).toBe(0);

    const second = syncJson(dir);
    expect(second.status, second.stderr).toBe(0);
    const b = parseSummary(second.stdout);
    expect(b).toMatchObject({ ingested: 0, updated: 0, proposals: 0, posted: 0, dead_lettered: 0 });
  });

  it('--auto-post posts the automatic tier once, and each posting is in the audit log with its SAP document', () => {
    const dir = dataDir();
    const r = syncJson(dir, ['--auto-post']);
    expect(r.status, r.stderr).toBe(0);
    const s = parseSummary(r.stdout);
    expect(s.posted).toBeGreaterThan(0);
    const again = parseSummary(syncJson(dir, ['--auto-post']).stdout);
    expect(again.posted).toBe(0);
    // The sandbox clears through its clearing RFC: the paid invoices left SAP's open items.
    expect(again.open_items).toBeLessThan(s.open_items!);

    const db = new Database(join(dir, 'cleardesk.sqlite'), { readonly: true });
    const posted = db.prepare("select count(*) n from postings where state = 'posted' and belnr is not null").get() as {
      n: number;
    };
    const audited = db.prepare("select count(*) n from audit_log where action = 'posting.posted'").get() as {
      n: number;
    };
    db.close();
    expect(posted.n).toBe(s.posted);
    expect(audited.n).toBe(s.posted);
    const verify = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/intact/);
  }, 240_000);

  it('refuses a corrupt database file with a clear message, exit 3, and leaves the file as it was', () => {
    const dir = dataDir();
    const file = join(dir, 'cleardesk.sqlite');
    writeFileSync(file, Buffer.from('this is not a database, it is a spreadsheet someone saved here'.repeat(100)));
    const before = sha(file);
    const r = syncJson(dir);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/backup/i);
    expect(sha(file)).toBe(before);
  });

  it('refuses a database written by a newer version (unknown migration), exit 3, nothing lost', () => {
    const dir = dataDir();
    expect(syncJson(dir).status).toBe(0);
    const file = join(dir, 'cleardesk.sqlite');
    const db = new Database(file);
    db.prepare(
      "insert into schema_migrations (seq, name, applied_at) values (99, '0990_from_the_future', '2030-01-01T00:00:00Z')",
    ).run();
    const count = (db.prepare('select count(*) n from transactions').get() as { n: number }).n;
    db.close();
    const r = syncJson(dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('0990_from_the_future');
    const after = new Database(file, { readonly: true });
    expect((after.prepare('select count(*) n from transactions').get() as { n: number }).n).toBe(count);
    after.close();
  });

  it('says PayTrace is unreachable, exits 5, and keeps what earlier syncs stored', async () => {
    const dir = dataDir();
    expect(syncJson(dir).status).toBe(0);
    const port = await closedPort();
    const r = syncJson(dir, [], {
      CLEARDESK_PAYTRACE_URL: `http://127.0.0.1:${port}`,
      CLEARDESK_PAYTRACE_USERNAME: 'user',
      CLEARDESK_PAYTRACE_PASSWORD: 'secret-password-123',
      CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'X',
    });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/PayTrace at http:\/\/127\.0\.0\.1:\d+ could not be read/);
    expect(r.stderr).not.toContain('secret-password-123');
    const db = new Database(join(dir, 'cleardesk.sqlite'), { readonly: true });
    expect((db.prepare('select count(*) n from transactions').get() as { n: number }).n).toBeGreaterThan(50);
    db.close();
  });

  it('without --sandbox and without configuration, says what to configure (exit 4)', () => {
    const r = runCli(['sync', '--once', '--json', '--data-dir', dataDir()]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/--sandbox/);
  });
});
