// The audit key backed up and brought back, through the real `cleardesk` and the real OS keychain (gnome-keyring over
// D-Bus): `audit key show` says which key the log is keyed with and whether this host finds it, `export` writes it to
// an owner-only file, `import` keeps it in the keychain only when it is the log's key. The key is never printed; a
// host that lost it cannot verify the log until the backup is imported. Headless (CLEARDESK_VAULT=env), the key
// comes from the environment: export works, import says to set the variable.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainVault } from '../../../electron/secrets';
import { auditKeyId } from '../../../electron/store';
import { runCli } from '../../support/cli';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const dirs: string[] = [];
const tempDir = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `cleardesk-audit-key-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const show = (data: string, env: NodeJS.ProcessEnv) => {
  const r = runCli(['audit', 'key', 'show', '--data-dir', data], env);
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : null };
};
const actions = (data: string): string[] => {
  const db = new Database(join(data, 'cleardesk.sqlite'), { readonly: true });
  try {
    return (db.prepare('select action from audit_log order by seq').all() as { action: string }[]).map((r) => r.action);
  } finally {
    db.close();
  }
};

describe.skipIf(!hasBus)('cleardesk audit key, with the OS keychain', () => {
  it('shows, exports and imports the key the log is keyed with, and nothing else', async () => {
    const data = tempDir('keychain');
    const env = { CLEARDESK_VAULT: '', CLEARDESK_AUDIT_KEY: '', CLEARDESK_AUDIT_ANCHOR_DIR: '' };
    const sync = runCli(['sync', '--sandbox', '--once', '--data-dir', data], env);
    expect(sync.status, sync.stderr).toBe(0);
    const { chain } = JSON.parse(runCli(['audit', 'head', '--data-dir', data], env).stdout) as { chain: string };
    const vault = new KeychainVault();
    const key = (await vault.get(`audit-${chain}`, 'audit.key'))!.reveal();

    try {
      const shown = show(data, env);
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.json).toMatchObject({ chain, keyId: auditKeyId(key), found: 'this key' });
      expect(shown.stdout).not.toContain(key);

      const file = join(tempDir('backup'), 'audit.key');
      const exported = runCli(['audit', 'key', 'export', '--out', file, '--data-dir', data, '--user', 'ada'], env);
      expect(exported.status, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout)).toEqual({ chain, keyId: auditKeyId(key), file });
      expect(exported.stdout + exported.stderr).not.toContain(key);
      expect(readFileSync(file, 'utf8')).toBe(`${key}\n`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Never over a file unless asked.
      const again = runCli(['audit', 'key', 'export', '--out', file, '--data-dir', data], env);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/exists already; give a new file, or --overwrite/);
      expect(runCli(['audit', 'key', 'export', '--out', file, '--overwrite', '--data-dir', data], env).status).toBe(0);

      // The keychain loses it: show says so (exit 4), the log cannot be verified.
      await vault.delete(`audit-${chain}`, 'audit.key');
      const lost = show(data, env);
      expect(lost.status).toBe(4);
      expect(lost.json).toMatchObject({ found: 'none' });
      expect(runCli(['audit', 'verify', '--data-dir', data], env).status).toBe(6);
      expect(runCli(['audit', 'key', 'export', '--out', `${file}.2`, '--data-dir', data], env).stderr).toMatch(
        /No audit key was found for this log/,
      );

      // Another key, or a file that holds none, is refused; nothing is kept.
      const wrong = join(tempDir('wrong'), 'audit.key');
      writeFileSync(wrong, `${randomBytes(32).toString('hex')}\n`);
      const refused = runCli(['audit', 'key', 'import', '--file', wrong, '--data-dir', data], env);
      expect(refused.status).toBe(4);
      expect(refused.stderr).toMatch(/is not the one this audit log is keyed with .*nothing was changed/);
      writeFileSync(wrong, 'short\n');
      expect(runCli(['audit', 'key', 'import', '--file', wrong, '--data-dir', data], env)).toMatchObject({
        status: 2,
        stderr: expect.stringMatching(/does not hold an audit key/),
      });
      expect(await vault.get(`audit-${chain}`, 'audit.key')).toBeNull();

      // The backup brings it back: kept, shown, and the log verifies again.
      const imported = runCli(['audit', 'key', 'import', '--file', file, '--data-dir', data, '--user', 'ada'], env);
      expect(imported.status, imported.stderr).toBe(0);
      expect((await vault.get(`audit-${chain}`, 'audit.key'))!.reveal()).toBe(key);
      expect(show(data, env).json).toMatchObject({ found: 'this key' });
      const verified = runCli(['audit', 'verify', '--data-dir', data], env);
      expect(verified.status, verified.stdout + verified.stderr).toBe(0);
      expect(actions(data)).toEqual(
        expect.arrayContaining(['audit.keyExported', 'audit.keyExported', 'audit.keyImported']),
      );
      expect(readFileSync(join(data, 'cleardesk.sqlite')).includes(Buffer.from(key))).toBe(false);
    } finally {
      await vault.delete(`audit-${chain}`, 'audit.key');
    }
  });
});

describe('cleardesk audit key, headless (the key from the environment)', () => {
  it('exports the key the environment gives; import says to set the variable instead', () => {
    const data = tempDir('headless');
    const key = 'the key of a headless host, 32 characters or more';
    const env = { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: key, CLEARDESK_AUDIT_ANCHOR_DIR: '' };
    expect(runCli(['sync', '--sandbox', '--once', '--data-dir', data], env).status).toBe(0);
    const file = join(tempDir('headless-out'), 'audit.key');
    const exported = runCli(['audit', 'key', 'export', '--out', file, '--data-dir', data], env);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`${key}\n`);
    const imported = runCli(['audit', 'key', 'import', '--file', file, '--data-dir', data], env);
    expect(imported.status).toBe(4);
    expect(imported.stderr).toMatch(/CLEARDESK_VAULT=env\): set CLEARDESK_AUDIT_KEY to the key instead/);
    // A command's final error is in the data folder's log file too, not only on stderr.
    const logs = join(data, 'logs');
    const failures = readdirSync(logs)
      .filter((f) => /^cleardesk\.\d+\.log$/.test(f))
      .flatMap((f) => readFileSync(join(logs, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'cli.failed');
    expect(failures).toEqual([
      expect.objectContaining({
        level: 'error',
        command: 'audit key import',
        exitCode: 4,
        error: expect.stringMatching(/set CLEARDESK_AUDIT_KEY to the key instead/),
      }),
    ]);
    // Another key in the environment: show says it is not the log's (exit 4).
    const other = show(data, { ...env, CLEARDESK_AUDIT_KEY: 'another key entirely, 32 characters long' });
    expect(other.status).toBe(4);
    expect(other.json!.found).toMatch(/^another key \(key id [0-9a-f]+\)$/);
    // Doctor says so too, and fails: with another key ClearDesk can neither verify nor write the log.
    const doctorOf = (k: string) => {
      const r = runCli(['doctor', '--sandbox', '--json', '--data-dir', data], { ...env, CLEARDESK_AUDIT_KEY: k });
      const checks = (JSON.parse(r.stdout) as { checks: { name: string; ok: boolean; message: string }[] }).checks;
      return checks.find((c) => c.name === 'audit key')!;
    };
    expect(doctorOf('another key entirely, 32 characters long')).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^The audit key found in .* is not the one this log is keyed with \(key id [0-9a-f]+\)/,
      ),
    });
    expect(doctorOf(key)).toMatchObject({ ok: true, message: expect.stringMatching(/^The audit log's key is found/) });
  });
});
