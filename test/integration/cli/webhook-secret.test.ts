// `cleardesk chargebacks webhook-secret --source S`: the secret from standard input into a real Secret Service
// (the test runner's gnome-keyring), set then rotated, never printed; a short secret or a bad source name is
// refused and changes nothing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { webhookProfile } from '../../../electron/hosts/serve/webhook';
import { KeychainVault } from '../../../electron/secrets';
import { cliPath, projectRoot } from '../../support/cli';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

function run(args: string[], input: string) {
  const r = spawnSync(process.execPath, [cliPath, 'chargebacks', 'webhook-secret', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    input,
    env: { ...process.env, CLEARDESK_VAULT: '' },
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!hasBus)('cleardesk chargebacks webhook-secret', () => {
  const vault = new KeychainVault();
  const source = `cli${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await vault.delete(webhookProfile(source), 'webhook.hmac_secret');
  });

  it('sets and rotates a source secret in the keychain without printing it', async () => {
    const first = randomBytes(32).toString('hex');
    const set = run(['--source', source], `${first}\n`);
    expect(set.status, set.out).toBe(0);
    expect(set.out).toMatch(new RegExp(`^Set the webhook secret for source ${source}`));
    expect(set.out).not.toContain(first.slice(0, 8));
    expect((await vault.get(webhookProfile(source), 'webhook.hmac_secret'))?.reveal()).toBe(first);

    const second = randomBytes(32).toString('hex');
    const rotated = run(['--source', source], second);
    expect(rotated.status, rotated.out).toBe(0);
    expect(rotated.out).toMatch(/^Rotated/);
    expect(rotated.out).not.toContain(second.slice(0, 8));
    expect((await vault.get(webhookProfile(source), 'webhook.hmac_secret'))?.reveal()).toBe(second);

    const short = run(['--source', source], 'too-short');
    expect(short.status).toBe(2);
    expect(short.out).toMatch(/at least 32 characters/);
    expect(short.out).not.toContain('too-short');
    const badName = run(['--source', 'Not A Source'], randomBytes(32).toString('hex'));
    expect(badName.status).toBe(2);
    expect((await vault.get(webhookProfile(source), 'webhook.hmac_secret'))?.reveal()).toBe(second);
  });
});
