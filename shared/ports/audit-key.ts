// The key of the audit chain (docs/ARCHITECTURE.md, "The audit log"): entries are HMAC-SHA256 under a key kept
// outside the database (the OS keychain, or the environment on headless hosts), so someone who can rewrite the
// database but not read the key cannot rebuild a chain that verifies. The store asks for it through this port;
// electron/secrets implements it over the vault.

/** A secret that prints as [redacted]; only reveal() gives it out (electron/secrets' Secret is one). */
export interface RevealableSecret {
  reveal(): string;
}

export interface AuditKeyStore {
  /** Where the key of chain `chain` is looked for, for messages a person can act on. */
  where(chain: string): string;
  /** The key of audit chain `chain`, or null when none is kept for it. Throws when the keychain cannot be reached. */
  read(chain: string): Promise<RevealableSecret | null>;
  /**
   * Makes, keeps and returns a new key for a chain that has none yet. Throws an error saying what to configure
   * when it cannot keep one (a read-only environment, no keychain).
   */
  create(chain: string): Promise<RevealableSecret>;
}
