// Tampering with the audit log as someone with write access to the database would: the append-only triggers
// dropped first and, to cover the tracks, put back afterwards, so that what verification then finds is the
// tampering itself (test/integration/store/audit.test.ts checks that dropped triggers are found on their own).
import { sql } from 'kysely';
import type { Store } from '../../electron/store';
import { auditAppendOnly } from '../../electron/store/migrations/0020_audit_append_only';
import { createAuditChainTriggers } from '../../electron/store/migrations/0070_audit_keyed_chain';
import { tablesOf } from './store-introspect';

export async function dropAuditGuards(store: Store): Promise<void> {
  const chain = (await tablesOf(store)).includes('audit_chain');
  if (store.dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
    if (chain) {
      await sql`drop trigger audit_chain_no_update`.execute(store.db);
      await sql`drop trigger audit_chain_no_delete`.execute(store.db);
    }
    return;
  }
  await sql`drop function audit_log_refuse_change() cascade`.execute(store.db);
  if (chain) await sql`drop function audit_chain_refuse_change() cascade`.execute(store.db);
}

export async function restoreAuditGuards(store: Store): Promise<void> {
  await auditAppendOnly.up(store.db, store.dialect);
  if ((await tablesOf(store)).includes('audit_chain')) await createAuditChainTriggers(store.db, store.dialect);
}

/** Runs `work` with the guards down, then puts them back. */
export async function tamper(store: Store, work: () => Promise<unknown>): Promise<void> {
  await dropAuditGuards(store);
  await work();
  await restoreAuditGuards(store);
}
