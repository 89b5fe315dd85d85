// The credential vault's public surface.
import { EnvVault } from './env-vault';
import { KeychainVault } from './keychain-vault';
import type { MigrationLog } from './keytar-migration';
import type { Vault } from './vault';

export { Secret } from './secret';
export { SECRET_KEYS, VaultError, type SecretKey, type Vault, type VaultErrorCode } from './vault';
export { KeychainVault, type KeychainVaultOptions } from './keychain-vault';
export { KEYCHAIN_SERVICE_PREFIX } from './keyring';
export { EnvVault, envVariableNames } from './env-vault';
export {
  AUDIT_KEY,
  auditKeyProfile,
  keepAuditKey,
  sandboxAuditKeyFile,
  vaultAuditKeys,
  type SandboxKeyFile,
} from './audit-keys';

/**
 * The vault for this host: environment variables when CLEARDESK_VAULT=env (headless servers,
 * CI), otherwise the OS keychain. `log` hears of credentials moved from keytar's naming.
 */
export function vaultForHost(env: NodeJS.ProcessEnv = process.env, log?: MigrationLog): Vault {
  return env.CLEARDESK_VAULT === 'env' ? new EnvVault(env) : new KeychainVault({ log });
}
