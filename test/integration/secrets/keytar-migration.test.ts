// Credentials that ClearDesk saved through keytar move to @napi-rs/keyring's naming on first read, in a real
// Secret Service (GNOME Keyring inside dbus-run-session, as `npm test` starts it). keytar's items are made with
// secret-tool exactly as keytar made them: attributes {service, account}. secret-tool also checks, independently of
// ClearDesk's code, which items exist afterwards.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE_PREFIX, KeychainVault, SECRET_KEYS, type SecretKey } from '../../../electron/secrets';
import { loadKeyring, type Keyring } from '../../../electron/secrets/keyring';
import { keytarSecretService } from '../../../electron/secrets/keytar-secret-service';
import { openSessionBus } from '../../../electron/secrets/session-bus';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const hasSecretTool = !spawnSync('secret-tool', ['--help']).error;
if (!hasBus || !hasSecretTool) {
  console.warn(
    `[skip] keytar migration tests skipped: ${hasBus ? 'secret-tool is not installed (Debian: libsecret-tools)' : 'DBUS_SESSION_BUS_ADDRESS is not set'}. Run them with \`npm test\`, which starts gnome-keyring inside dbus-run-session.`,
  );
}

function secretTool(args: string[], input?: string): { status: number | null; stdout: string } {
  const r = spawnSync('secret-tool', args, { input, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout };
}

/** The secret of the item with exactly these attributes, or null when there is none. */
function lookup(attributes: Record<string, string>): string | null {
  const r = secretTool(['lookup', ...Object.entries(attributes).flat()]);
  return r.status === 0 ? r.stdout : null;
}

describe.skipIf(!hasBus || !hasSecretTool)("Credentials saved by keytar's naming in the Secret Service", () => {
  const profile = `test-${randomBytes(4).toString('hex')}-keytar`;
  const service = KEYCHAIN_SERVICE_PREFIX + profile;
  const keytarNamed = (account: SecretKey) => ({ service, account });
  const newNamed = (username: SecretKey) => ({ service, username });

  /** An item as keytar 7 saved it on Linux (libsecret, schema org.freedesktop.Secret.Generic). */
  function saveAsKeytar(account: SecretKey, password: string): void {
    const r = secretTool(['store', `--label=${service}`, 'service', service, 'account', account], password);
    expect(r.status, 'secret-tool store').toBe(0);
    expect(lookup(keytarNamed(account))).toBe(password);
  }

  afterAll(async () => {
    for (const key of SECRET_KEYS) {
      secretTool(['clear', 'service', service, 'account', key]);
      secretTool(['clear', 'service', service, 'username', key]);
    }
  });

  it('get returns it, keeps it under the new naming, removes the old item, and needs it no more', async () => {
    saveAsKeytar('paytrace.password', 'pässwörd from keytar');
    expect(lookup(newNamed('paytrace.password'))).toBeNull();
    const events: { event: string; fields?: Record<string, unknown> }[] = [];
    const log = { info: (event: string, fields?: Record<string, unknown>) => events.push({ event, fields }) };
    const vault = new KeychainVault({ log: { ...log, warn: log.info } });

    expect((await vault.get(profile, 'paytrace.password'))?.reveal()).toBe('pässwörd from keytar');
    expect(lookup(newNamed('paytrace.password'))).toBe('pässwörd from keytar');
    expect(lookup(keytarNamed('paytrace.password'))).toBeNull();
    expect(events.map((e) => e.event)).toEqual(['keychain.keytar-migrated']);
    expect(JSON.stringify(events)).not.toContain('pässwörd');

    // The second read finds the new entry: a vault that cannot reach keytar's naming at all still gets it.
    const withoutKeytar = new KeychainVault({
      keytar: () => ({
        read: () => Promise.reject(new Error('keytar store used')),
        remove: () => Promise.reject(new Error('keytar store used')),
      }),
    });
    expect((await withoutKeytar.get(profile, 'paytrace.password'))?.reveal()).toBe('pässwörd from keytar');
  });

  it('keeps the old item, and still returns it, when saving under the new naming fails', async () => {
    saveAsKeytar('sap.password', 'sap-secret');
    // The real keyring, except that saving fails (as with a collection that will not take new items).
    const refusingSave = async (): Promise<Keyring> => {
      const real = await loadKeyring();
      function AsyncEntry(...args: ConstructorParameters<Keyring['AsyncEntry']>) {
        const entry = new real.AsyncEntry(...args);
        entry.setPassword = () => Promise.reject(new Error('Secret Service: no result found'));
        return entry;
      }
      return { AsyncEntry } as unknown as Keyring;
    };
    const warnings: string[] = [];
    const vault = new KeychainVault({ load: refusingSave, log: { info: () => {}, warn: (e) => warnings.push(e) } });

    expect((await vault.get(profile, 'sap.password'))?.reveal()).toBe('sap-secret');
    expect(lookup(keytarNamed('sap.password'))).toBe('sap-secret');
    expect(lookup(newNamed('sap.password'))).toBeNull();
    expect(warnings).toEqual(['keychain.keytar-migration-failed']);

    // A later read that can save completes the move.
    expect((await new KeychainVault().get(profile, 'sap.password'))?.reveal()).toBe('sap-secret');
    expect(lookup(keytarNamed('sap.password'))).toBeNull();
    expect(lookup(newNamed('sap.password'))).toBe('sap-secret');
  });

  it('on a host where D-Bus cannot be reached for the old item, get says "not found" and the old item stays', async () => {
    saveAsKeytar('sap.username', 'RFC_USER');
    const unreachable = keytarSecretService(() => openSessionBus('unix:path=/nonexistent/cleardesk-test-bus'));
    const vault = new KeychainVault({ keytar: () => unreachable });

    const started = Date.now();
    expect(await vault.get(profile, 'sap.username')).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lookup(keytarNamed('sap.username'))).toBe('RFC_USER');
  });

  it('delete removes the old item too, so a later get cannot bring it back', async () => {
    saveAsKeytar('webhook.hmac_secret', 'old-hmac');
    const vault = new KeychainVault();
    expect(await vault.delete(profile, 'webhook.hmac_secret')).toBe(true);
    expect(lookup(keytarNamed('webhook.hmac_secret'))).toBeNull();
    expect(await vault.get(profile, 'webhook.hmac_secret')).toBeNull();
    expect(await vault.delete(profile, 'webhook.hmac_secret')).toBe(false);
  });
});

// A keytar item in a locked keyring: the read asks the keyring to unlock (as keytar did), and when the prompt is
// dismissed the user hears that the keyring is locked. Headless, GNOME Keyring's prompter cannot open a window, so
// the prompt ends dismissed at once; with a display it would put a real dialog on screen, so the case is skipped there.
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (hasBus && hasSecretTool && hasDisplay) {
  console.warn('[skip] locked-keyring migration test skipped: a display is set, so GNOME Keyring would show a prompt.');
}

describe.skipIf(!hasBus || !hasSecretTool || hasDisplay)('A keytar item in a locked keyring', () => {
  const SECRETS = '/org/freedesktop/secrets';
  // GNOME Keyring's own interface for making and unlocking a collection without a prompt (test set-up only).
  const INTERNAL = 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface';
  const profile = `test-${randomBytes(4).toString('hex')}-locked`;
  const service = KEYCHAIN_SERVICE_PREFIX + profile;
  const masterPassword = randomBytes(8).toString('hex');
  let collection = '';

  async function onBus<T>(work: (bus: Awaited<ReturnType<typeof openSessionBus>>, master: unknown[]) => Promise<T>) {
    const bus = await openSessionBus();
    try {
      const [, session] = await bus.call(SECRETS, 'org.freedesktop.Secret.Service', 'OpenSession', 'sv', [
        'plain',
        bus.variant('s', ''),
      ]);
      return await work(bus, [session, Buffer.alloc(0), Buffer.from(masterPassword), 'text/plain']);
    } finally {
      bus.close();
    }
  }

  afterAll(async () => {
    if (!collection) return;
    await onBus(async (bus, master) => {
      await bus.call(SECRETS, INTERNAL, 'UnlockWithMasterPassword', 'o(oayays)', [collection, master]);
      await bus.call(collection, 'org.freedesktop.Secret.Collection', 'Delete');
    });
  });

  it('get says the keyring is locked and how to go on, and the old item stays', async () => {
    collection = await onBus(async (bus, master) => {
      const label = bus.variant('s', `ClearDesk test ${profile}`);
      const [path] = await bus.call(SECRETS, INTERNAL, 'CreateWithMasterPassword', 'a{sv}(oayays)', [
        { 'org.freedesktop.Secret.Collection.Label': label },
        master,
      ]);
      return path as string;
    });
    const stored = secretTool(
      ['store', `--label=${service}`, `--collection=${collection}`, 'service', service, 'account', 'sap.password'],
      'locked-away',
    );
    expect(stored.status, 'secret-tool store').toBe(0);
    await onBus((bus) => bus.call(SECRETS, 'org.freedesktop.Secret.Service', 'Lock', 'ao', [[collection]]));

    await expect(new KeychainVault().get(profile, 'sap.password')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /^The sap\.password of connection profile '.+' was saved by an earlier ClearDesk version in a locked keyring \(its unlock prompt was dismissed\)\. Unlock the keyring .+CLEARDESK_\* environment variables instead\.$/,
      ),
    });

    await onBus((bus, master) =>
      bus.call(SECRETS, INTERNAL, 'UnlockWithMasterPassword', 'o(oayays)', [collection, master]),
    );
    expect(lookup({ service, account: 'sap.password' })).toBe('locked-away');
    expect(lookup({ service, username: 'sap.password' })).toBeNull();
  });
});
