// The audit key as the store uses it: asked of the AuditKeyStore port (the environment, then the OS keychain) once
// per chain and then kept in memory. A new chain (migration 0070) takes the key kept for it, or has one made; every
// later use needs that same key, checked against the key id the chain recorded. A missing or wrong key is refused:
// the store never writes an unkeyed entry after 0070, nor one under a key nobody could verify it with.
import type { AuditKeyStore } from '../../shared/ports';
import { auditKeyId } from './audit-hash';
import type { ChainMarker } from './audit-chain';
import { StoreError, causeText } from './errors';

/** Shorter keys are refused: the key is all that stands between the database and a rebuilt chain. */
export const MIN_AUDIT_KEY_LENGTH = 32;

export type VerifyKey = { readonly key: string } | { readonly problem: string };

export interface ChainKey {
  readonly key: string;
  readonly id: string;
}

export class AuditKeys {
  /** Per chain, the key read (or made) and its id. */
  readonly #cache = new Map<string, ChainKey>();

  constructor(private readonly keys: AuditKeyStore) {}

  where(chain: string): string {
    return this.keys.where(chain);
  }

  /** The key of a chain being started: the one already kept for it (an earlier, rolled-back start), or a new one. */
  async forNewChain(chain: string): Promise<ChainKey> {
    const missing = (message: string) => new StoreError('audit-key-missing', message);
    let key = await this.read(chain, missing);
    if (key === null) {
      try {
        key = this.checked((await this.keys.create(chain)).reveal(), chain, (m) => new Error(m));
      } catch (error) {
        throw new StoreError(
          'audit-key-missing',
          `The audit log is keyed from now on and needs a key, but ClearDesk could not keep a new one: ${causeText(error)}`,
          { cause: error },
        );
      }
    }
    const found = { key, id: auditKeyId(key) };
    this.#cache.set(chain, found);
    return found;
  }

  /** The key to append to `marker`'s chain with: the one it was keyed with, or a StoreError saying what is wrong. */
  async forAppend(marker: ChainMarker): Promise<string> {
    const cached = this.#cache.get(marker.chain);
    if (cached?.id === marker.keyId) return cached.key;
    const key = await this.read(marker.chain, (message) => new StoreError('audit-key-missing', message));
    if (key === null) {
      throw new StoreError(
        'audit-key-missing',
        `The audit key of this installation is missing: the audit log (chain ${marker.chain}) is keyed with it from ` +
          `entry ${marker.keyedFrom} on, and ClearDesk does not write unkeyed entries. It was looked for in ` +
          `${this.where(marker.chain)}. Restore it from your backup of the key ("cleardesk audit key import --file F"), or set CLEARDESK_AUDIT_KEY to it.`,
      );
    }
    const id = auditKeyId(key);
    if (id !== marker.keyId) {
      throw new StoreError(
        'audit-key-mismatch',
        `The audit key found in ${this.where(marker.chain)} (key id ${id}) is not the one this audit log is keyed ` +
          `with (key id ${marker.keyId}). ClearDesk does not write entries under a key nobody could verify them ` +
          'with: configure the right key and start again.',
      );
    }
    this.#cache.set(marker.chain, { key, id });
    return key;
  }

  /** The key to check `marker`'s chain with, or why it cannot be checked. */
  async forVerify(marker: ChainMarker): Promise<VerifyKey> {
    let key: string | null;
    try {
      key = this.#cache.get(marker.chain)?.key ?? (await this.read(marker.chain, (message) => new Error(message)));
    } catch (error) {
      return { problem: `${causeText(error)} The keyed chain (from entry ${marker.keyedFrom} on) was not checked.` };
    }
    if (key === null) {
      return {
        problem:
          `The audit key is missing: the log is keyed (HMAC-SHA256) from entry ${marker.keyedFrom} on and cannot be ` +
          `checked without it. It was looked for in ${this.where(marker.chain)}; ` +
          'restore it from your backup of the key ("cleardesk audit key import --file F"), or set CLEARDESK_AUDIT_KEY to it.',
      };
    }
    const id = auditKeyId(key);
    if (id !== marker.keyId) {
      return {
        problem:
          `The audit key found in ${this.where(marker.chain)} (key id ${id}) is not the one this log is keyed with ` +
          `(key id ${marker.keyId}): either the wrong key is configured, or the record of the keyed chain was ` +
          `changed. The keyed chain (from entry ${marker.keyedFrom} on) was not checked.`,
      };
    }
    return { key };
  }

  private async read(chain: string, wrap: (message: string) => Error): Promise<string | null> {
    let secret;
    try {
      secret = await this.keys.read(chain);
    } catch (error) {
      throw wrap(`Could not read the audit key from ${this.where(chain)}: ${causeText(error)}`);
    }
    return secret === null ? null : this.checked(secret.reveal(), chain, wrap);
  }

  private checked(key: string, chain: string, wrap: (message: string) => Error): string {
    if (key.length >= MIN_AUDIT_KEY_LENGTH) return key;
    throw wrap(
      `The audit key in ${this.where(chain)} is ${key.length} characters long; it must have at least ` +
        `${MIN_AUDIT_KEY_LENGTH} (for example the output of \`openssl rand -hex 32\`).`,
    );
  }
}
