// Credentials in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through
// @napi-rs/keyring: service "ClearDesk/<profile>", username = key (e.g. "paytrace.password"). A keychain that cannot
// be reached (no Secret Service on D-Bus, a locked or absent collection) becomes one actionable error instead of a
// native stack trace. Credentials saved by keytar, ClearDesk's earlier keychain module, move over on first read.
import { KEYCHAIN_SERVICE_PREFIX, keychainEntry, loadKeyring, type Keyring } from './keyring';
import { keytarStoreFor, moveFromKeytar, removeFromKeytar, type MigrationLog } from './keytar-migration';
import { KeytarEntryLocked, type KeytarStore } from './keytar-store';
import { Secret } from './secret';
import { VaultError, checkNames, type SecretKey, type Vault } from './vault';

const HEADLESS_HINT = 'On a headless host set the CLEARDESK_* environment variables instead.';

const KEYCHAIN_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS Keychain',
  win32: 'Windows Credential Manager',
};

function unavailable(cause: unknown): VaultError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const name = KEYCHAIN_NAMES[process.platform];
  const message = name
    ? `No OS keychain reachable (${name}): ${detail}. ${HEADLESS_HINT}`
    : `No OS keychain reachable (Secret Service over D-Bus): ${detail}. ` +
      `On a desktop, check that a keyring (GNOME Keyring, KWallet) is running and unlocked. ${HEADLESS_HINT}`;
  return new VaultError('unavailable', message, { cause });
}

function locked(profile: string, key: SecretKey, cause: KeytarEntryLocked): VaultError {
  return new VaultError(
    'unavailable',
    `The ${key} of connection profile '${profile}' was saved by an earlier ClearDesk version in a locked keyring ` +
      `(${cause.message}). Unlock the keyring (GNOME Keyring, KWallet) and try again. ${HEADLESS_HINT}`,
    { cause },
  );
}

export interface KeychainVaultOptions {
  /** Replaceable so tests can simulate a host where the native module does not load. */
  load?: () => Promise<Keyring>;
  /** Where keytar kept credentials on this host (null: nowhere else); replaceable for tests. */
  keytar?: (keyring: Keyring) => KeytarStore | null;
  /** Told when a credential moved from keytar's naming, or could not; never given a secret. */
  log?: MigrationLog;
}

export class KeychainVault implements Vault {
  readonly kind = 'keychain' as const;
  #keyring: Promise<Keyring> | undefined;

  constructor(private readonly options: KeychainVaultOptions = {}) {}

  private keyring(): Promise<Keyring> {
    this.#keyring ??= (this.options.load ?? loadKeyring)().catch((error: unknown) => {
      this.#keyring = undefined; // let a later call retry
      throw new VaultError(
        'unavailable',
        `The keychain module (@napi-rs/keyring) could not be loaded: ${String(error)}. ${HEADLESS_HINT}`,
        { cause: error },
      );
    });
    return this.#keyring;
  }

  private async call<T>(work: (keyring: Keyring) => Promise<T>): Promise<T> {
    const keyring = await this.keyring();
    try {
      return await work(keyring);
    } catch (error) {
      throw unavailable(error);
    }
  }

  private async keytar(): Promise<KeytarStore | null> {
    const keyring = await this.keyring();
    return (this.options.keytar ?? ((k: Keyring) => keytarStoreFor(process.platform, k)))(keyring);
  }

  async get(profile: string, key: SecretKey): Promise<Secret | null> {
    checkNames(profile, key);
    const value = await this.call((k) => keychainEntry(k, profile, key).getPassword());
    if (value !== null) return new Secret(value);

    const old = await this.keytar();
    if (!old) return null;
    const current = {
      save: (v: string) => this.call((k) => keychainEntry(k, profile, key).setPassword(v)),
      read: () => this.call((k) => keychainEntry(k, profile, key).getPassword()),
      remove: () => this.call((k) => keychainEntry(k, profile, key).deletePassword()),
    };
    try {
      const moved = await moveFromKeytar(old, KEYCHAIN_SERVICE_PREFIX + profile, key, current, this.options.log);
      return moved === null ? null : new Secret(moved);
    } catch (error) {
      throw error instanceof KeytarEntryLocked ? locked(profile, key, error) : error;
    }
  }

  async set(profile: string, key: SecretKey, secret: Secret | string): Promise<void> {
    checkNames(profile, key);
    const value = typeof secret === 'string' ? secret : secret.reveal();
    await this.call((k) => keychainEntry(k, profile, key).setPassword(value));
  }

  async delete(profile: string, key: SecretKey): Promise<boolean> {
    checkNames(profile, key);
    const deleted = await this.call((k) => keychainEntry(k, profile, key).deletePassword());
    const old = await this.keytar();
    if (!old) return deleted;
    try {
      // keytar's entry goes too, or the next get would bring it back.
      const deletedOld = await removeFromKeytar(old, KEYCHAIN_SERVICE_PREFIX + profile, key, this.options.log);
      return deleted || deletedOld;
    } catch (error) {
      throw error instanceof KeytarEntryLocked ? locked(profile, key, error) : error;
    }
  }
}
