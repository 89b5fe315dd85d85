// Holding the audit log against an anchor: a head (seq, hash) recorded earlier outside the database, in an anchor
// file or a journal export. The chain alone cannot show that entries were cut from its end or that the whole log
// was rebuilt; the anchored entry must still be there, with the same hash.
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { ChainMarker } from './audit-chain';

export interface AuditAnchorRef {
  seq: number;
  hash: string;
  /** The chain the anchor was taken from (anchor files and `audit head` carry it; exports do not). */
  chain?: string | null;
  /** When the anchor was taken, for messages. */
  at?: string | null;
}

function describe(anchor: AuditAnchorRef): string {
  return `the anchor (entry ${anchor.seq}, hash ${anchor.hash.slice(0, 12)}…${anchor.at ? `, taken ${anchor.at}` : ''})`;
}

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** Where and how the log parts from `anchor`, or null when it still holds the anchored entry unchanged. */
export async function checkAnchor(
  db: Kysely<Database>,
  marker: ChainMarker | null,
  anchor: AuditAnchorRef,
): Promise<{ at: number | null; message: string } | null> {
  const what = describe(anchor);
  if (anchor.chain && marker && anchor.chain !== marker.chain) {
    return {
      at: null,
      message:
        `${capitalised(what)} was taken from another audit log (chain ${anchor.chain}; this ` +
        `log is chain ${marker.chain}): this database was replaced, or the anchor belongs to another installation.`,
    };
  }
  if (anchor.chain && !marker) {
    return {
      at: null,
      message:
        `${capitalised(what)} was taken from a keyed audit log (chain ${anchor.chain}), but ` +
        'this database has no keyed chain: it was replaced, or its record of the keyed chain was removed.',
    };
  }
  if (anchor.seq === 0) return null;
  const row = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', anchor.seq).executeTakeFirst();
  if (row) {
    if (row.hash.toLowerCase() === anchor.hash.toLowerCase()) return null;
    return {
      at: anchor.seq,
      message: `Audit entry ${anchor.seq} differs from ${what}: the log was rewritten at or before this entry.`,
    };
  }
  const last = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const lastSeq = Number(last?.seq ?? 0);
  if (lastSeq === 0) {
    return { at: 1, message: `The audit log is empty, but ${what} records entry ${anchor.seq}: the log was emptied.` };
  }
  if (lastSeq < anchor.seq) {
    return {
      at: lastSeq + 1,
      message:
        `The audit log ends at entry ${lastSeq}, but ${what} records entry ${anchor.seq}: ` +
        `${anchor.seq - lastSeq === 1 ? 'an entry was' : 'entries were'} removed from the end.`,
    };
  }
  return {
    at: anchor.seq,
    message: `Audit entry ${anchor.seq}, recorded in ${what}, is missing from the log: entries were removed.`,
  };
}
