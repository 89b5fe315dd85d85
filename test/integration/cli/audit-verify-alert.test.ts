// `cleardesk audit verify` through the real command on a real store file raises the audit alert when the log does
// not hold, as the Audit screen's check does: one e-mail to the admin through a real SMTP server, the same again
// inside the window held back (the window is in the store, so it holds across processes), while what the command
// prints and its exit code (6) stay exactly as without e-mail. An intact log raises nothing.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../../support/cli';
import { startSmtp, type TestSmtp } from '../../support/smtp';

const KEY = 'an audit key for this alert test, 32 characters or more';
const HEADLESS = { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: KEY, CLEARDESK_AUDIT_ANCHOR_DIR: '' };
const PASSWORD = 'smtp-Pass-audit-cli-5';

const dirs: string[] = [];
const tempDir = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `cleardesk-audit-alert-${name}-`));
  dirs.push(d);
  return d;
};

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp({ user: 'alerts', password: PASSWORD });
});
afterAll(async () => {
  await smtp?.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const mailEnv = () => ({
  ...HEADLESS,
  CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
  CLEARDESK_SMTP_PASSWORD: PASSWORD,
  CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
  CLEARDESK_ALERT_EMAIL: 'admin@example.com',
});

describe('cleardesk audit verify raises the audit alert', () => {
  const data = tempDir('data');

  beforeAll(() => {
    const sync = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', data], HEADLESS);
    expect(sync.status, sync.stderr).toBe(0);
  }, 300_000);

  it('an intact log: exit 0, no alert', async () => {
    const before = smtp.received.length;
    const r = await runCliAsync(['audit', 'verify', '--data-dir', data], mailEnv());
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(smtp.received.length).toBe(before);
  }, 120_000);

  it('a changed entry: exit 6 and the same output as without e-mail, one e-mail per window', async () => {
    const dir = tempDir('tampered');
    copyFileSync(join(data, 'cleardesk.sqlite'), join(dir, 'cleardesk.sqlite'));
    const db = new Database(join(dir, 'cleardesk.sqlite'));
    const triggers = db.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as {
      name: string;
      sql: string;
    }[];
    for (const t of triggers) db.exec(`drop trigger ${t.name}`);
    db.prepare("update audit_log set actor = 'mallory' where seq = 2").run();
    for (const t of triggers) db.exec(t.sql);
    db.close();

    const before = smtp.received.length;
    const first = await runCliAsync(['audit', 'verify', '--data-dir', dir], mailEnv());
    expect(first.status, first.stdout + first.stderr).toBe(6);
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['admin@example.com']);
    expect(mails[0]!.subject).toBe('ClearDesk: the audit log fails verification');
    expect(mails[0]!.text).toContain('from entry 2 on');

    // Again (another process): held back inside the window. Without e-mail configured: the same output.
    const second = await runCliAsync(['audit', 'verify', '--data-dir', dir], mailEnv());
    expect(second.status).toBe(6);
    expect(smtp.received.length).toBe(before + 1);
    const plain = await runCliAsync(['audit', 'verify', '--data-dir', dir], HEADLESS);
    expect(plain.status).toBe(6);
    expect(first.stdout).toBe(plain.stdout);
    expect(second.stdout).toBe(plain.stdout);

    const history = new Database(join(dir, 'cleardesk.sqlite'), { readonly: true });
    const rows = history.prepare('select kind, status from alert_history order by id').all();
    history.close();
    expect(rows).toEqual([
      { kind: 'audit.broken', status: 'sent' },
      { kind: 'audit.broken', status: 'suppressed' },
      { kind: 'audit.broken', status: 'suppressed' },
    ]);
  }, 300_000);
});
