// The alert e-mail interface (issue 14): a `cleardesk sync --once` that fails because PayTrace cannot be
// reached sends ONE e-mail naming what failed and what to do, through a real SMTP server that asks for
// the password; the same failure again inside the rate-limit window (kept in the store) sends none.
// Two real CLI processes, one after the other, against PayTrace on a closed port.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../../support/cli';
import { startSmtp, type TestSmtp } from '../../support/smtp';

const SMTP_PASSWORD = 'smtp-Pass-4f9a2c7e';
const PAYTRACE_PASSWORD = 'paytrace-Pass-8d1b6e3f';
const AUDIT_KEY = 'alert-test-audit-key-0123456789abcdef0123';
/** A Luhn-valid test card number put into the PayTrace URL, so the error quoted in the alert carries one. */
const CARD = '4111111111111111';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('alert e-mail from `cleardesk sync --once` when PayTrace cannot be reached', () => {
  let smtp: TestSmtp;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-alert-'));
  beforeAll(async () => {
    smtp = await startSmtp({ user: 'alerts', password: SMTP_PASSWORD });
  });
  afterAll(async () => {
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends one e-mail naming what failed and what to do, and none for the same failure inside the window', async () => {
    const port = await closedPort();
    const env = {
      CLEARDESK_VAULT: 'env',
      CLEARDESK_AUDIT_KEY: AUDIT_KEY,
      CLEARDESK_PAYTRACE_URL: `http://127.0.0.1:${port}/${CARD}`,
      CLEARDESK_PAYTRACE_USERNAME: 'api-user',
      CLEARDESK_PAYTRACE_PASSWORD: PAYTRACE_PASSWORD,
      CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'X',
      CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
      CLEARDESK_SMTP_PASSWORD: SMTP_PASSWORD,
      CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
      CLEARDESK_ALERT_EMAIL: 'ar-admin@example.com',
    };
    const args = ['sync', '--sandbox', '--once', '--json', '--data-dir', dir];

    const first = await runCliAsync(args, env, 180_000);
    expect(first.status, first.stderr).toBe(5);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.user).toBe('alerts');
    expect(mail.from).toBe('cleardesk@example.com');
    expect(mail.to).toEqual(['ar-admin@example.com']);
    expect(mail.subject).toBe('ClearDesk: sync failed, PayTrace could not be reached');
    expect(mail.text).toMatch(/The sync that started at \S+ stopped: PayTrace could not be reached\./);
    expect(mail.text).toMatch(/What failed: PayTrace at http:\/\/127\.0\.0\.1:\d+\/\*{12}1111 could not be read/);
    expect(mail.text).toContain('What to do: check that this machine reaches PayTrace');
    expect(mail.text).toContain('cleardesk sync --once');
    for (const secret of [SMTP_PASSWORD, PAYTRACE_PASSWORD, AUDIT_KEY, CARD]) expect(mail.raw).not.toContain(secret);
    expect(smtp.refusedLogins).toBe(0);

    const second = await runCliAsync(args, env, 180_000);
    expect(second.status, second.stderr).toBe(5);
    expect(smtp.received).toHaveLength(1);

    const db = new Database(join(dir, 'cleardesk.sqlite'), { readonly: true });
    const history = db
      .prepare('select kind, dedupe_key, status, recipients, error from alert_history order by id')
      .all();
    const dump = JSON.stringify(db.prepare('select * from alert_history').all());
    db.close();
    expect(history).toEqual([
      {
        kind: 'sync.failed',
        dedupe_key: 'sync.failed:paytrace:unreachable',
        status: 'sent',
        recipients: '["ar-admin@example.com"]',
        error: null,
      },
      {
        kind: 'sync.failed',
        dedupe_key: 'sync.failed:paytrace:unreachable',
        status: 'suppressed',
        recipients: '[]',
        error: null,
      },
    ]);
    for (const secret of [SMTP_PASSWORD, PAYTRACE_PASSWORD, CARD]) expect(dump).not.toContain(secret);
  }, 400_000);
});
