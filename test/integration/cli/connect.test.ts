// A finance admin saves the PayTrace connection once: settings in the data folder, the password
// in the real OS keychain (gnome-keyring over D-Bus), read from standard input. Sync then uses it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainVault } from '../../../electron/secrets';
import { DEMO_USER, startPayTraceSandbox, type RunningSandbox } from '../../../electron/sandbox/paytrace';
import { demoScenario } from '../../../electron/sandbox/scenario';
import { cliPath, projectRoot } from '../../support/cli';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus)
  console.warn(
    '[skip] cleardesk connect tests skipped: no D-Bus session (the test runner starts one with gnome-keyring).',
  );

// Asynchronous: the PayTrace simulator answering the child runs in this process's event loop.
function cli(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('CLEARDESK_PAYTRACE_') || k.startsWith('CLEARDESK_SAP_')) delete env[k];
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: projectRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe.skipIf(!hasBus)('cleardesk connect paytrace', () => {
  let paytrace: RunningSandbox;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-connect-'));
  const profile = `it-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    paytrace = await startPayTraceSandbox({ port: 0, seed: 7 });
    const today = new Date(Date.now() - 16 * 86_400_000).toISOString().slice(0, 10);
    for (const op of demoScenario(7, today).payments) paytrace.sim.apply(op);
  });

  afterAll(async () => {
    await paytrace?.close();
    await new KeychainVault().delete(profile, 'paytrace.password');
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the sign-in, keeps the password in the keychain only, and sync uses the saved connection', async () => {
    const saved = await cli(
      [
        'connect',
        'paytrace',
        '--data-dir',
        dir,
        '--profile',
        profile,
        '--url',
        paytrace.url,
        '--username',
        DEMO_USER.username,
        '--integrator-id',
        'CDTEST',
      ],
      `${DEMO_USER.password}\n`,
    );
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(`Saved PayTrace connection '${profile}'`);
    const file = readFileSync(join(dir, 'connections.json'), 'utf8');
    expect(file).toContain(paytrace.url);
    expect(file).not.toContain(DEMO_USER.password);

    // PayTrace from the saved profile, SAP from the sandbox (not configured).
    const sync = await cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir, '--profile', profile]);
    expect(sync.status, sync.stderr).toBe(0);
    expect((JSON.parse(sync.stdout) as { ingested: number }).ingested).toBeGreaterThan(50);
  });

  it('refuses a wrong password before saving anything', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cleardesk-connect-bad-'));
    const r = await cli(
      [
        'connect',
        'paytrace',
        '--data-dir',
        other,
        '--profile',
        `${profile}-bad`,
        '--url',
        paytrace.url,
        '--username',
        DEMO_USER.username,
        '--integrator-id',
        'CDTEST',
      ],
      'wrong-password\n',
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/PayTrace/);
    expect(r.stderr).not.toContain('wrong-password');
    rmSync(other, { recursive: true, force: true });
  });

  it('refuses a zone and a currency the app would refuse, before reading the password', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cleardesk-connect-zone-'));
    const r = await cli(
      [
        'connect',
        'paytrace',
        '--data-dir',
        other,
        '--url',
        paytrace.url,
        '--username',
        DEMO_USER.username,
        '--integrator-id',
        'CDTEST',
        '--zone',
        'Mars/Olympus',
        '--currency',
        'ZZZ',
      ],
      `${DEMO_USER.password}\n`,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      'The PayTrace connection is not valid: zone: Give an IANA time zone, such as America/Los_Angeles; currency: Give an ISO 4217 currency code, such as USD',
    );
    expect(existsSync(join(other, 'connections.json'))).toBe(false);
    rmSync(other, { recursive: true, force: true });
  });
});
