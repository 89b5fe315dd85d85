// Credentials saved by ClearDesk's earlier keychain module, keytar, move to the current naming the first time they
// are read. keytar named them differently on Linux (Secret Service attributes {service, account}) and Windows
// (target "<service>/<account>"); on macOS both name generic passwords alike, so nothing moves there.
// The old entry is removed only after the copy reads back equal, so a failure never loses it.
import type { Keyring } from './keyring';
import { keytarCredentialManager } from './keytar-credential-manager';
import { keytarSecretService } from './keytar-secret-service';
import { KeytarEntryLocked, type KeytarStore } from './keytar-store';

/** The same credential under the current naming. */
export interface CurrentEntry {
  save(value: string): Promise<void>;
  read(): Promise<string | null>;
  remove(): Promise<unknown>;
}

export interface MigrationLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Where keytar kept credentials on `platform`, or null where the current naming is keytar's (macOS). */
export function keytarStoreFor(platform: NodeJS.Platform, keyring: Keyring): KeytarStore | null {
  if (platform === 'linux' || platform === 'freebsd') return keytarSecretService();
  if (platform === 'win32') return keytarCredentialManager(keyring);
  return null;
}

/**
 * keytar's value for this credential, copied to `current` and then removed from keytar's naming; null when keytar
 * has none or cannot be reached (a host without D-Bus: as good as none, and the old entry is left alone).
 */
export async function moveFromKeytar(
  old: KeytarStore,
  service: string,
  account: string,
  current: CurrentEntry,
  log?: MigrationLog,
): Promise<string | null> {
  let value: string | null;
  try {
    value = await old.read(service, account);
  } catch (error) {
    if (error instanceof KeytarEntryLocked) throw error;
    log?.warn('keychain.keytar-lookup-failed', { service, account, reason: reason(error) });
    return null;
  }
  if (value === null) return null;

  try {
    await current.save(value);
    if ((await current.read()) !== value) {
      // A wrong copy would hide the old entry from every later read: take it away again.
      await current.remove().catch(() => undefined);
      throw new Error('the copy under the new naming did not read back equal');
    }
  } catch (error) {
    log?.warn('keychain.keytar-migration-failed', { service, account, reason: reason(error) });
    return value; // the old entry stays, and the next read tries again
  }

  try {
    await old.remove(service, account);
    log?.info('keychain.keytar-migrated', { service, account });
  } catch (error) {
    // The copy is in place and is what every later read finds; the old entry is only left over.
    log?.warn('keychain.keytar-cleanup-failed', { service, account, reason: reason(error) });
  }
  return value;
}

/** Removes keytar's entry too when a credential is deleted, or the next read would bring it back. */
export async function removeFromKeytar(
  old: KeytarStore,
  service: string,
  account: string,
  log?: MigrationLog,
): Promise<boolean> {
  try {
    return await old.remove(service, account);
  } catch (error) {
    if (error instanceof KeytarEntryLocked) throw error;
    log?.warn('keychain.keytar-lookup-failed', { service, account, reason: reason(error) });
    return false; // unreachable: it is just as unreachable for the next read
  }
}
