// The audit chain's key (shared/ports AuditKeyStore; docs/ARCHITECTURE.md, "The audit log") kept by the vault. One key
// per audit chain, so per installation: in the OS keychain as service "ClearDesk/audit-<chain id>", account
// "audit.key", made on first use; or from the environment, named as env-vault.ts names every credential:
// CLEARDESK_AUDIT_<CHAIN ID>__AUDIT_KEY, then CLEARDESK_AUDIT_KEY. As for connections, the environment wins over the
// keychain, so instances sharing one PostgreSQL store can all be given the same key. With CLEARDESK_VAULT=env
// nothing is made: the environment is read-only, and the operator sets the key.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditKeyStore } from '../../shared/ports';
import { EnvVault, envVariableNames } from './env-vault';
import { KEYCHAIN_SERVICE_PREFIX } from './keyring';
import { Secret } from './secret';
import { VaultError, type SecretKey, type Vault } from './vault';

export const AUDIT_KEY: SecretKey = 'audit.key';

/** The vault "profile" of a chain's key: the chain id names the keychain entry and the specific variable. */
export const auditKeyProfile = (chain: string): string => `audit-${chain}`;

/**
 * Where a sandbox keeps its audit key when no keychain answers (a fresh machine, a container): a
 * file in the data folder. Weaker than the keychain (it sits beside the database), so it is used
 * only for a sandbox, the key moves into the keychain as soon as one answers, and doctor says so.
 */
export interface SandboxKeyFile {
  readonly file: string;
  /** Whether a new key may be made in the file (the sandbox, with no real connection). */
  readonly mayCreate: boolean;
}

const unavailable = (e: unknown): boolean => e instanceof VaultError && e.code === 'unavailable';

export function vaultAuditKeys(
  vault: Vault,
  env: NodeJS.ProcessEnv = process.env,
  sandboxFile: SandboxKeyFile | null = null,
): AuditKeyStore {
  const environment = new EnvVault(env);
  const names = (chain: string) => envVariableNames(auditKeyProfile(chain), AUDIT_KEY);
  const fromFile = (): Secret | null =>
    sandboxFile && existsSync(sandboxFile.file) ? new Secret(readFileSync(sandboxFile.file, 'utf8').trim()) : null;
  return {
    where(chain) {
      const [specific, general] = names(chain);
      const variables = `the environment (${general}, or ${specific})`;
      const keychain =
        vault.kind === 'env'
          ? variables
          : `${variables} and the OS keychain (service ${KEYCHAIN_SERVICE_PREFIX}${auditKeyProfile(chain)}, account ${AUDIT_KEY})`;
      return sandboxFile ? `${keychain}, and the sandbox's key file ${sandboxFile.file}` : keychain;
    },
    async read(chain) {
      const set = await environment.get(auditKeyProfile(chain), AUDIT_KEY);
      if (set !== null || vault.kind === 'env') return set ?? fromFile();
      let kept: Secret | null;
      try {
        kept = await vault.get(auditKeyProfile(chain), AUDIT_KEY);
      } catch (e) {
        if (!unavailable(e)) throw e;
        // No keychain: a sandbox's key is in its file (or is yet to be made there).
        const file = fromFile();
        if (file || sandboxFile?.mayCreate) return file;
        throw e;
      }
      if (kept) return kept;
      // A key a sandbox kept in its file moves into the keychain now that one answers.
      const file = fromFile();
      if (file && sandboxFile) {
        await vault.set(auditKeyProfile(chain), AUDIT_KEY, file);
        if ((await vault.get(auditKeyProfile(chain), AUDIT_KEY))?.reveal() === file.reveal()) {
          rmSync(sandboxFile.file, { force: true });
        }
      }
      return file;
    },
    async create(chain) {
      const key = randomBytes(32).toString('hex');
      // A sandbox with nowhere else to keep it: the key in the data folder, owner-only.
      const inSandboxFile = (): Secret => {
        mkdirSync(dirname(sandboxFile!.file), { recursive: true });
        writeFileSync(`${sandboxFile!.file}.tmp`, `${key}\n`, { mode: 0o600 });
        renameSync(`${sandboxFile!.file}.tmp`, sandboxFile!.file);
        return new Secret(key);
      };
      if (vault.kind === 'env') {
        if (sandboxFile?.mayCreate) return inSandboxFile();
        throw new VaultError(
          'read-only',
          `Credentials come from environment variables on this host (CLEARDESK_VAULT=env), so ClearDesk cannot keep a ` +
            `new audit key. Set ${names(chain)[1]} to a random secret of at least 32 characters (for example the ` +
            'output of `openssl rand -hex 32`) on every ClearDesk instance that writes to this store, and keep a copy ' +
            'of it somewhere safe: without it the audit log cannot be verified.',
        );
      }
      try {
        await vault.set(auditKeyProfile(chain), AUDIT_KEY, key);
      } catch (e) {
        if (!unavailable(e) || !sandboxFile?.mayCreate) throw e;
        return inSandboxFile();
      }
      // A keychain that does not give back what it was given must not be trusted with the only copy.
      if ((await vault.get(auditKeyProfile(chain), AUDIT_KEY))?.reveal() !== key) {
        throw new VaultError('unavailable', 'The OS keychain did not give back the new audit key it was given.');
      }
      return new Secret(key);
    },
  };
}

/**
 * Keeps `key` as chain `chain`'s key in the OS keychain (`cleardesk audit key import`: a key restored from its backup,
 * or the key of the team's shared store on another instance), read back before it counts. The caller has checked it
 * is the chain's (its key id); on a host that reads credentials from the environment, the operator sets it there.
 */
export async function keepAuditKey(vault: Vault, chain: string, key: string): Promise<void> {
  if (vault.kind === 'env')
    throw new VaultError(
      'read-only',
      `Credentials come from environment variables on this host (CLEARDESK_VAULT=env): set ${envVariableNames(auditKeyProfile(chain), AUDIT_KEY)[1]} to the key instead.`,
    );
  await vault.set(auditKeyProfile(chain), AUDIT_KEY, key);
  if ((await vault.get(auditKeyProfile(chain), AUDIT_KEY))?.reveal() !== key)
    throw new VaultError('unavailable', 'The OS keychain did not give back the audit key it was given.');
}

/** Where a sandbox keeps its audit key when no keychain answers. */
export const sandboxAuditKeyFile = (dataDir: string): string => join(dataDir, 'sandbox', 'audit.key');
