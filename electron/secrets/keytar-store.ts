// Where ClearDesk's earlier keychain module, keytar, kept credentials: the migration (keytar-migration.ts) reads
// them from there once and removes them.

/** keytar's naming on one platform. */
export interface KeytarStore {
  read(service: string, account: string): Promise<string | null>;
  /** Removes every entry under keytar's naming; true when there was one. */
  remove(service: string, account: string): Promise<boolean>;
}

/** keytar's entry exists but sits in a locked keyring that was not unlocked (e.g. its prompt was dismissed). */
export class KeytarEntryLocked extends Error {
  override readonly name = 'KeytarEntryLocked';
}
