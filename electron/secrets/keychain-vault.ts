// Credentials in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through
// @napi-rs/keyring: service "ClearDesk/<profile>", username = key (e.g. "paytrace.password"). A keychain that cannot
// be reached (no Secret Service on D-Bus, a locked or absent collection) becomes one actionable error instead of a
// native stack trace.
import { keychainEntry, loadKeyring, type Keyring } from './keyring';
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

export interface KeychainVaultOptions {
  /** Replaceable so tests can simulate a host where the native module does not load. */
  load?: () => Promise<Keyring>;
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

  async get(profile: string, key: SecretKey): Promise<Secret | null> {
    checkNames(profile, key);
    const value = await this.call((k) => keychainEntry(k, profile, key).getPassword());
    return value === null ? null : new Secret(value);
  }

  async set(profile: string, key: SecretKey, secret: Secret | string): Promise<void> {
    checkNames(profile, key);
    const value = typeof secret === 'string' ? secret : secret.reveal();
    await this.call((k) => keychainEntry(k, profile, key).setPassword(value));
  }

  async delete(profile: string, key: SecretKey): Promise<boolean> {
    checkNames(profile, key);
    return this.call((k) => keychainEntry(k, profile, key).deletePassword());
  }
}
