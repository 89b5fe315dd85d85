// The aliases clerks taught the matcher (shared/matching), kept in match_aliases: stored when a
// correction teaches them, read before every match run, listed and removed by the clerk.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApiError, type MatchAliasDto } from '../../../shared/api';
import { aliasId, describeAlias, mergeAliases, type MatchAlias } from '../../../shared/matching';
import { appendAudit } from '../../store/audit';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { Actor } from '../ports';

const AliasPayload = z.union([
  z.object({
    kind: z.enum(['vaultId', 'email', 'billingName']),
    value: z.string(),
    KUNNR: z.string(),
    learnedFrom: z.number().int(),
  }),
  z.object({ kind: z.literal('referencePrefix'), from: z.string(), to: z.string(), learnedFrom: z.number().int() }),
]);

interface StoredAlias {
  readonly alias: MatchAlias;
  readonly learnedBy: string;
  readonly learnedAt: string;
}

async function readAll(db: Kysely<Database>): Promise<StoredAlias[]> {
  const rows = await db.selectFrom('match_aliases').selectAll().orderBy('id').execute();
  const out: StoredAlias[] = [];
  for (const r of rows) {
    // A row this version cannot read (written by a newer one) is left alone, not guessed at.
    const parsed = AliasPayload.safeParse(safeJson(r.payload));
    if (parsed.success) out.push({ alias: parsed.data, learnedBy: r.learned_by, learnedAt: r.learned_at });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Every stored alias, for the matcher. */
export async function loadAliases(db: Kysely<Database>): Promise<MatchAlias[]> {
  return (await readAll(db)).map((a) => a.alias);
}

export async function listAliases(db: Kysely<Database>): Promise<MatchAliasDto[]> {
  return (await readAll(db)).map(({ alias, learnedBy, learnedAt }) => ({
    id: aliasId(alias),
    description: describeAlias(alias),
    learnedBy,
    learnedAt,
  }));
}

/** Stores what a correction taught; an alias with the same id is replaced (the newer lesson wins). */
export async function storeLearnedAliases(
  db: Kysely<Database>,
  learned: readonly MatchAlias[],
  learnedBy: string,
  learnedAt: string,
): Promise<string[]> {
  const unique = mergeAliases([], learned);
  for (const alias of unique) {
    const row = {
      id: aliasId(alias),
      kind: alias.kind,
      payload: JSON.stringify(alias),
      learned_by: learnedBy,
      learned_at: learnedAt,
    };
    await db
      .insertInto('match_aliases')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ kind: row.kind, payload: row.payload, learned_by: learnedBy, learned_at: learnedAt }),
      )
      .execute();
  }
  return unique.map(aliasId);
}

export async function removeAlias(db: Kysely<Database>, clock: Clock, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('match_aliases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiError('not_found', `There is no learned rule ${id}; it may have been removed already.`);
    await trx.deleteFrom('match_aliases').where('id', '=', id).execute();
    await appendAudit(trx, {
      actor: actor.name,
      action: 'alias.removed',
      subject: `alias:${id}`,
      detail: { id, alias: safeJson(row.payload), learnedBy: row.learned_by, learnedAt: row.learned_at },
      at: clock.now().toISOString(),
    });
  });
}
