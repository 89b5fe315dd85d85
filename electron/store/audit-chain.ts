// Where the keyed audit chain starts: migration 0070's one audit_chain row, read by appending and verifying.
// A database from before 0070 has no such table, and its whole log is plain SHA-256.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { ChainStart } from './audit-hash';
import { dialectOf } from './dialect';

export interface ChainMarker extends ChainStart {
  /** The chain's id; names its key in the keychain. */
  readonly chain: string;
  /** The first keyed seq. */
  readonly keyedFrom: number;
  /** The hash of entry keyedFrom - 1 (64 zeros when the keyed chain starts the log). */
  readonly startHash: string;
  readonly startedAt: string;
  /** The id of the key the chain is keyed with (auditKeyId). */
  readonly keyId: string;
  /** auditChainSeal() of the fields above under that key. */
  readonly seal: string;
}

export type ChainState =
  | { readonly kind: 'plain' }
  | { readonly kind: 'keyed'; readonly marker: ChainMarker }
  /** audit_chain exists but does not hold exactly one row: someone changed it. */
  | { readonly kind: 'damaged'; readonly message: string };

type Db = Kysely<Database> | Transaction<Database>;

async function hasChainTable(db: Db): Promise<boolean> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master
      where type = 'table' and name = 'audit_chain'`.execute(db);
    return Number(rows[0]?.n ?? 0) > 0;
  }
  // to_regclass follows search_path, as every other query does; a failed lookup would abort the transaction.
  const { rows } = await sql<{ present: boolean }>`select to_regclass('audit_chain') is not null as present`.execute(
    db,
  );
  return rows[0]?.present === true;
}

export async function readChain(db: Db): Promise<ChainState> {
  if (!(await hasChainTable(db))) return { kind: 'plain' };
  const rows = await db.selectFrom('audit_chain').selectAll().limit(2).execute();
  if (rows.length !== 1) {
    return {
      kind: 'damaged',
      message:
        rows.length === 0
          ? 'The record of where the keyed audit chain starts (table audit_chain) is empty: it was deleted. Without it no entry can be trusted; restore the database from a backup.'
          : 'The record of where the keyed audit chain starts (table audit_chain) has more than one row: rows were added to it. Restore the database from a backup.',
    };
  }
  const r = rows[0]!;
  return {
    kind: 'keyed',
    marker: {
      chain: r.chain_id,
      keyedFrom: Number(r.keyed_from),
      startHash: r.start_hash,
      startedAt: r.started_at,
      keyId: r.key_id,
      seal: r.seal,
    },
  };
}
