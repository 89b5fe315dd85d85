// @napi-rs/keyring, the OS keychain binding: its prebuilt binaries ship inside the npm package, so installing
// ClearDesk needs neither a compiler nor libsecret. It is native, so it is loaded on first use only.
import type * as KeyringModule from '@napi-rs/keyring';

export type Keyring = Pick<typeof KeyringModule, 'AsyncEntry'>;
type Entry = InstanceType<Keyring['AsyncEntry']>;

export const KEYCHAIN_SERVICE_PREFIX = 'ClearDesk/';

// On Linux the store is pinned to the Secret Service: keyring's fallback, the kernel keyring, forgets everything
// at logout, so a missing or locked keyring must be an error the user sees, not a silent switch.
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

/** The entry for one credential: service "ClearDesk/<profile>", username = key (e.g. "paytrace.password"). */
export function keychainEntry(keyring: Keyring, profile: string, key: string): Entry {
  return new keyring.AsyncEntry(KEYCHAIN_SERVICE_PREFIX + profile, key, ENTRY_OPTIONS);
}

export async function loadKeyring(): Promise<Keyring> {
  // A CommonJS module: under ESM its exports may sit on the default export.
  const loaded = (await import('@napi-rs/keyring')) as Keyring & { default?: Keyring };
  return loaded.default ?? loaded;
}
