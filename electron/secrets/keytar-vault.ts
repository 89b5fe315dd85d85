// Credentials in the OS keychain through keytar: service "ClearDesk/<profile>", account = key
// (e.g. "paytrace.password"). keytar is a native module, so it is loaded on first use, and a
// missing keychain (no Secret Service on D-Bus, a locked or absent collection) becomes one
// actionable error instead of a native stack trace.
import type * as KeytarModule from 'keytar';
import { Secret } from './secret';
import { VaultError, checkNames, type SecretKey, type Vault } from './vault';

type Keytar = typeof KeytarModule;

export const KEYCHAIN_SERVICE_PREFIX = 'ClearDesk/';

const HEADLESS_HINT = 'On a headless host set the CLEARDESK_* environment variables instead.';

function unavailable(cause: unknown): VaultError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new VaultError(
    'unavailable',
    `No OS keychain reachable (Secret Service over D-Bus): ${detail}. ` +
      `On a desktop, check that a keyring (GNOME Keyring, KWallet) is running and unlocked. ${HEADLESS_HINT}`,
    { cause },
  );
}

async function loadKeytar(): Promise<Keytar> {
  // keytar is CommonJS: under ESM its functions may sit on the default export.
  const loaded = (await import('keytar')) as Keytar & { default?: Keytar };
  return loaded.default ?? loaded;
}

export class KeytarVault implements Vault {
  readonly kind = 'keychain' as const;
  #keytar: Promise<Keytar> | undefined;

  /** `load` is replaceable so tests can simulate a host where the native module does not load. */
  constructor(private readonly load: () => Promise<Keytar> = loadKeytar) {}

  private keytar(): Promise<Keytar> {
    this.#keytar ??= this.load().catch((error: unknown) => {
      this.#keytar = undefined; // let a later call retry, e.g. after the keyring was started
      throw new VaultError(
        'unavailable',
        `The keychain module (keytar) could not be loaded: ${String(error)}. ${HEADLESS_HINT}`,
        { cause: error },
      );
    });
    return this.#keytar;
  }

  private async call<T>(work: (keytar: Keytar) => Promise<T>): Promise<T> {
    const keytar = await this.keytar();
    try {
      return await work(keytar);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async get(profile: string, key: SecretKey): Promise<Secret | null> {
    checkNames(profile, key);
    const value = await this.call((k) => k.getPassword(KEYCHAIN_SERVICE_PREFIX + profile, key));
    return value === null ? null : new Secret(value);
  }

  async set(profile: string, key: SecretKey, secret: Secret | string): Promise<void> {
    checkNames(profile, key);
    const value = typeof secret === 'string' ? secret : secret.reveal();
    await this.call((k) => k.setPassword(KEYCHAIN_SERVICE_PREFIX + profile, key, value));
  }

  async delete(profile: string, key: SecretKey): Promise<boolean> {
    checkNames(profile, key);
    return this.call((k) => k.deletePassword(KEYCHAIN_SERVICE_PREFIX + profile, key));
  }
}
