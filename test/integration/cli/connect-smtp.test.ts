// An admin saves the alert mail server's password once, from standard input into the real OS keychain
// (gnome-keyring over D-Bus); alerts then sign in to the SMTP server with it, with no password in the
// environment.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alerts } from '../../../electron/core/alerts/alerts';
import { syncFailed } from '../../../electron/core/alerts/kinds';
import { alertMailSource } from '../../../electron/hosts/alert-mail';
import { KeychainVault } from '../../../electron/secrets';
import { migrate, openStore, type Store } from '../../../electron/store';
import { testAuditKeys } from '../../support/audit-key';
import { cliPath, projectRoot } from '../../support/cli';
import { startSmtp, type TestSmtp } from '../../support/smtp';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus)
  console.warn('[skip] cleardesk connect smtp tests skipped: no D-Bus session (the test runner starts one).');

function cli(args: string[], input: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.CLEARDESK_SMTP_PASSWORD;
  delete env.CLEARDESK_VAULT;
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: projectRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe.skipIf(!hasBus)('cleardesk connect smtp', () => {
  const password = `smtp-${randomBytes(6).toString('hex')}`;
  const profile = `it-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-connect-smtp-'));
  let smtp: TestSmtp;
  let store: Store;

  beforeAll(async () => {
    smtp = await startSmtp({ user: 'alerts', password });
    store = await openStore({ kind: 'sqlite', file: join(dir, 'db.sqlite') }, { auditKeys: testAuditKeys() });
    await migrate(store);
  });

  afterAll(async () => {
    await store?.close();
    await smtp?.close();
    await new KeychainVault().delete(profile, 'smtp.password');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the password in the keychain, and alerts sign in with it', async () => {
    const saved = await cli(['connect', 'smtp', '--profile', profile], `${password}\n`);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(`for profile '${profile}' in the OS keychain`);
    expect(saved.stdout + saved.stderr).not.toContain(password);

    const env = {
      CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
      CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
      CLEARDESK_ALERT_EMAIL: 'admin@example.com',
    };
    const mail = alertMailSource({ env, vault: () => new KeychainVault(), profile });
    const alerts = new Alerts({ store: store.repos, clock: { now: () => new Date() }, mail });
    const outcome = await alerts.raise(
      syncFailed({ system: 'sap', unreachable: true, error: 'SAP did not answer.', startedAt: 'now', inRow: 1 }),
    );
    expect(outcome).toEqual({ status: 'sent', recipients: ['admin@example.com'], error: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.user).toBe('alerts');
    expect(smtp.refusedLogins).toBe(0);
  });
});
