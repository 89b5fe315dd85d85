// Where credentials live (docs/ARCHITECTURE.md, "Security"): the OS keychain on desktops, environment variables on
// headless hosts. Callers see only this interface, so Electron's safeStorage can replace the
// keychain module later without touching them. Secrets are read in the Node core and never sent to the renderer.
import type { Secret } from './secret';

/** The credentials ClearDesk keeps, one per connection profile ('audit.key': one per audit chain, audit-keys.ts). */
export const SECRET_KEYS = [
  'paytrace.username',
  'paytrace.password',
  'sap.username',
  'sap.password',
  'webhook.hmac_secret',
  'audit.key',
  'smtp.password',
  'north.client_id',
  'north.client_secret',
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export interface Vault {
  /** 'keychain' or 'env', for messages such as "PayTrace password not found in the OS keychain". */
  readonly kind: 'keychain' | 'env';
  /** The secret, or null when none is stored for this profile and key. */
  get(profile: string, key: SecretKey): Promise<Secret | null>;
  set(profile: string, key: SecretKey, secret: Secret | string): Promise<void>;
  /** True when something was deleted. */
  delete(profile: string, key: SecretKey): Promise<boolean>;
}

export type VaultErrorCode = 'unavailable' | 'read-only' | 'invalid-name';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const PROFILE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Profiles name keychain entries and environment variables, so they are kept to plain characters. */
export function checkNames(profile: string, key: string): void {
  if (!PROFILE.test(profile)) {
    throw new VaultError(
      'invalid-name',
      `The connection profile name '${profile}' is not valid: use letters, digits, '-' and '_' (at most 64).`,
    );
  }
  if (!(SECRET_KEYS as readonly string[]).includes(key)) {
    throw new VaultError(
      'invalid-name',
      `'${key}' is not a credential ClearDesk keeps; known ones are ${SECRET_KEYS.join(', ')}.`,
    );
  }
}
