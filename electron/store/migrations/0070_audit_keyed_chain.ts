// The audit chain becomes keyed (docs/ARCHITECTURE.md, "The audit log"): from the entry after today's head on,
// each entry's hash is an HMAC-SHA256 under the installation's audit key, kept outside the database (made now, in
// the OS keychain, unless one is kept for the chain already or set in the environment). Entries written before stay
// as they are and stay verifiable as plain SHA-256; the first keyed entry links to the last plain one. audit_chain
// records where the keyed chain starts, its id (which names the key in the keychain), which key it is, and a seal
// under the key, so the start cannot be moved by someone who does not hold the key. Like audit_log it refuses
// changes in the database. Without a key this migration fails and the database stays at the step before.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import { GENESIS_HASH, auditChainSeal } from '../audit-hash';
import { StoreError } from '../errors';
import { strict, type Migration } from './types';

export const AUDIT_CHAIN_FIXED_MESSAGE = 'audit_chain is fixed: where the keyed audit chain starts cannot be changed';

const refuse = sql.raw(`'${AUDIT_CHAIN_FIXED_MESSAGE}'`);

/** audit_chain's guards: no update, no delete (and no truncate on PostgreSQL). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createAuditChainTriggers(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger audit_chain_no_update before update on audit_chain
      begin select raise(abort, ${refuse}); end`.execute(db);
    await sql`create trigger audit_chain_no_delete before delete on audit_chain
      begin select raise(abort, ${refuse}); end`.execute(db);
    return;
  }
  await sql`create function audit_chain_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception ${refuse} using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_chain_no_update_delete before update or delete on audit_chain
    for each row execute function audit_chain_refuse_change()`.execute(db);
  await sql`create trigger audit_chain_no_truncate before truncate on audit_chain
    for each statement execute function audit_chain_refuse_change()`.execute(db);
}

export const auditKeyedChain: Migration = {
  name: '0070_audit_keyed_chain',
  async up(db, dialect, context) {
    const keys = context?.auditKeys;
    if (!keys) {
      throw new StoreError(
        'audit-key-missing',
        'Migration 0070 starts the keyed audit chain and needs the audit key, but the store was opened without ' +
          'access to it. Open ClearDesk through its hosts (they pass the key).',
      );
    }
    await strict(
      db.schema
        .createTable('audit_chain')
        // Random, so each installation's key has an entry of its own in the keychain.
        .addColumn('chain_id', 'text', (c) => c.primaryKey())
        // The first seq whose hash is keyed; every entry before it is plain SHA-256.
        .addColumn('keyed_from', 'integer', (c) => c.notNull())
        // The hash of entry keyed_from - 1 (64 zeros for an empty log): the head the keyed chain continues.
        .addColumn('start_hash', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('seal', 'text', (c) => c.notNull()),
      dialect,
    ).execute();

    const head = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const chain = randomBytes(8).toString('hex');
    const { key, id } = await keys.forNewChain(chain);
    const start = {
      chain,
      keyedFrom: Number(head?.seq ?? 0) + 1,
      startHash: (head?.hash as string | undefined) ?? GENESIS_HASH,
      startedAt: new Date().toISOString(),
      keyId: id,
    };
    await db
      .insertInto('audit_chain')
      .values({
        chain_id: start.chain,
        keyed_from: start.keyedFrom,
        start_hash: start.startHash,
        started_at: start.startedAt,
        key_id: start.keyId,
        seal: auditChainSeal(start, key),
      })
      .execute();
    await createAuditChainTriggers(db, dialect);
  },
};
