// Credentials in a real OS keychain (GNOME Keyring's Secret Service over D-Bus). The test runner
// starts one with dbus-run-session + gnome-keyring-daemon --unlock; without a session bus these
// cases are skipped, and the "no keychain" case still runs in a child process.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainVault, Secret, SECRET_KEYS } from '../../../electron/secrets';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus) {
  console.warn(
    '[skip] keychain tests skipped: DBUS_SESSION_BUS_ADDRESS is not set. Run vitest inside dbus-run-session with gnome-keyring-daemon --unlock (see reference/toolchain.md).',
  );
}

describe.skipIf(!hasBus)('KeychainVault against the Secret Service', () => {
  const vault = new KeychainVault();
  // Unique profiles so parallel runs and earlier failures never collide.
  const run = randomBytes(4).toString('hex');
  const [prod, sandbox] = [`test-${run}-prod`, `test-${run}-sandbox`];

  afterAll(async () => {
    for (const profile of [prod, sandbox]) for (const key of SECRET_KEYS) await vault.delete(profile, key);
  });

  it('stores, reads back, replaces and deletes a PayTrace password', async () => {
    expect(await vault.get(prod, 'paytrace.password')).toBeNull();
    await vault.set(prod, 'paytrace.password', new Secret('first pässwörd'));
    expect((await vault.get(prod, 'paytrace.password'))?.reveal()).toBe('first pässwörd');
    await vault.set(prod, 'paytrace.password', 'second');
    expect((await vault.get(prod, 'paytrace.password'))?.reveal()).toBe('second');
    expect(await vault.delete(prod, 'paytrace.password')).toBe(true);
    expect(await vault.get(prod, 'paytrace.password')).toBeNull();
    expect(await vault.delete(prod, 'paytrace.password')).toBe(false);
  });

  it('keeps each connection profile and each key apart', async () => {
    await vault.set(prod, 'sap.password', 'prod-sap');
    await vault.set(sandbox, 'sap.password', 'sandbox-sap');
    await vault.set(prod, 'sap.username', 'RFC_USER');
    expect((await vault.get(prod, 'sap.password'))?.reveal()).toBe('prod-sap');
    expect((await vault.get(sandbox, 'sap.password'))?.reveal()).toBe('sandbox-sap');
    expect((await vault.get(prod, 'sap.username'))?.reveal()).toBe('RFC_USER');
  });
});

describe('KeychainVault with no keychain reachable', () => {
  const script = fileURLToPath(new URL('./keychain-no-bus.fixture.ts', import.meta.url));
  async function getInChild(env: NodeJS.ProcessEnv) {
    delete env.DISPLAY;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      env,
      timeout: 30_000,
    });
    return JSON.parse(stdout) as { code: string; message: string };
  }
  const actionable =
    /^No OS keychain reachable \(Secret Service over D-Bus\): .+On a headless host set the CLEARDESK_\* environment variables instead\.$/;

  it('says no OS keychain is reachable and to use CLEARDESK_* variables on a headless host', async () => {
    const result = await getInChild({
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cleardesk-test-bus',
    });
    expect(result.code).toBe('unavailable');
    expect(result.message).toMatch(actionable);
  });

  it('says the same on a host with no D-Bus session at all', async () => {
    const runtime = mkdtempSync(join(tmpdir(), 'cleardesk-no-bus-')); // no "bus" socket in it
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const result = await getInChild(env);
      expect(result.code).toBe('unavailable');
      expect(result.message).toMatch(actionable);
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });
});
