// `cleardesk audit verify`: checks the audit log's hash chain and says where it breaks.
import { verifyAudit } from '../../store/audit-verify';
import { migrationStatus } from '../../store/migrate';
import { openStoreFromEnv } from '../../store/open';

export async function runAuditVerifyCommand(opts: { dataDir: string }): Promise<void> {
  const store = await openStoreFromEnv(opts.dataDir);
  try {
    await migrationStatus(store);
    const result = await verifyAudit(store.db);
    process.stdout.write(`${result.message}\n`);
    if (!result.ok) process.exitCode = 6;
  } finally {
    await store.close();
  }
}
