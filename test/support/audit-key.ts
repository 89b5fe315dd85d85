// The audit key in tests: a fixed key (at least 32 characters) behind the AuditKeyStore port, for stores opened by
// the test itself, and the same key in CLEARDESK_AUDIT_KEY for the `cleardesk` processes a test starts on them.
import type { AuditKeyStore, RevealableSecret } from '../../shared/ports';

export const TEST_AUDIT_KEY = 'cleardesk-test-audit-key-0123456789abcdef';

/** The environment that gives a child `cleardesk` the test key (the environment wins over the keychain). */
export const TEST_AUDIT_KEY_ENV = { CLEARDESK_AUDIT_KEY: TEST_AUDIT_KEY } as const;

const secret = (value: string): RevealableSecret => ({ reveal: () => value });

/** Every chain's key is `key`; null makes a store whose key is missing (nothing kept, nothing can be made). */
export function testAuditKeys(key: string | null = TEST_AUDIT_KEY): AuditKeyStore {
  return {
    where: (chain) => `the test's key store (chain ${chain})`,
    read: async () => (key === null ? null : secret(key)),
    create: async () => {
      if (key === null) throw new Error('this test keeps no audit key');
      return secret(key);
    },
  };
}
