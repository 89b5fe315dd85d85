// `cleardesk audit verify`: checks the audit log's hash chain (plain SHA-256 before migration 0070, HMAC under the
// installation's audit key from it on) and its append-only triggers, and says where it breaks.
import { vaultAuditKeys, vaultForHost } from '../../secrets';
import { verifyAudit } from '../../store/audit-verify';
import { migrationStatus } from '../../store/migrate';
import { openStoreFromEnv } from '../../store/open';
import { createLogger } from '../log';
import { EXIT } from './errors';

export async function runAuditVerifyCommand(opts: { dataDir: string }): Promise<void> {
  const auditKeys = vaultAuditKeys(vaultForHost(process.env, createLogger()), process.env);
  const store = await openStoreFromEnv(opts.dataDir, process.env, { auditKeys });
  try {
    await migrationStatus(store);
    const result = await verifyAudit(store.db, store.auditKeys);
    process.stdout.write(`${result.message}\n`);
    if (!result.ok) process.exitCode = EXIT.auditBroken;
  } finally {
    await store.close();
  }
}
