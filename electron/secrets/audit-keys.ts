// The audit chain's key (shared/ports AuditKeyStore; docs/ARCHITECTURE.md, "The audit log") kept by the vault. One key
// per audit chain, so per installation: in the OS keychain as service "ClearDesk/audit-<chain id>", account
// "audit.key", made on first use; or from the environment, named as env-vault.ts names every credential:
// CLEARDESK_AUDIT_<CHAIN ID>__AUDIT_KEY, then CLEARDESK_AUDIT_KEY. As for connections, the environment wins over the
// keychain, so instances sharing one PostgreSQL store can all be given the same key. With CLEARDESK_VAULT=env
// nothing is made: the environment is read-only, and the operator sets the key.
import { randomBytes } from 'node:crypto';
import type { AuditKeyStore } from '../../shared/ports';
import { EnvVault, envVariableNames } from './env-vault';
import { KEYCHAIN_SERVICE_PREFIX } from './keyring';
import { Secret } from './secret';
import { VaultError, type SecretKey, type Vault } from './vault';

export const AUDIT_KEY: SecretKey = 'audit.key';

/** The vault "profile" of a chain's key: the chain id names the keychain entry and the specific variable. */
export const auditKeyProfile = (chain: string): string => `audit-${chain}`;

export function vaultAuditKeys(vault: Vault, env: NodeJS.ProcessEnv = process.env): AuditKeyStore {
  const environment = new EnvVault(env);
  const names = (chain: string) => envVariableNames(auditKeyProfile(chain), AUDIT_KEY);
  return {
    where(chain) {
      const [specific, general] = names(chain);
      const variables = `the environment (${general}, or ${specific})`;
      return vault.kind === 'env'
        ? variables
        : `${variables} and the OS keychain (service ${KEYCHAIN_SERVICE_PREFIX}${auditKeyProfile(chain)}, account ${AUDIT_KEY})`;
    },
    async read(chain) {
      const set = await environment.get(auditKeyProfile(chain), AUDIT_KEY);
      if (set !== null || vault.kind === 'env') return set;
      return vault.get(auditKeyProfile(chain), AUDIT_KEY);
    },
    async create(chain) {
      if (vault.kind === 'env') {
        throw new VaultError(
          'read-only',
          `Credentials come from environment variables on this host (CLEARDESK_VAULT=env), so ClearDesk cannot keep a ` +
            `new audit key. Set ${names(chain)[1]} to a random secret of at least 32 characters (for example the ` +
            'output of `openssl rand -hex 32`) on every ClearDesk instance that writes to this store, and keep a copy ' +
            'of it somewhere safe: without it the audit log cannot be verified.',
        );
      }
      const key = randomBytes(32).toString('hex');
      await vault.set(auditKeyProfile(chain), AUDIT_KEY, key);
      // A keychain that does not give back what it was given must not be trusted with the only copy.
      if ((await vault.get(auditKeyProfile(chain), AUDIT_KEY))?.reveal() !== key) {
        throw new VaultError('unavailable', 'The OS keychain did not give back the new audit key it was given.');
      }
      return new Secret(key);
    },
  };
}
