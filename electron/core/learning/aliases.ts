// The aliases clerks taught the matcher (shared/matching): stored when a correction teaches them,
// read before every match run, listed and removed by the clerk.
import { z } from 'zod';
import { ApiError, type MatchAliasDto, type PayerHistoryPage } from '../../../shared/api';
import { aliasId, describeAlias, type MatchAlias, mergeAliases, paidBeforeAliases } from '../../../shared/matching';
import type { Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';
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

async function readAll(store: Repositories): Promise<StoredAlias[]> {
  const out: StoredAlias[] = [];
  for (const r of await store.aliases.all()) {
    // A row this version cannot read (written by a newer one) is left alone, not guessed at.
    const parsed = AliasPayload.safeParse(safeJson(r.payload));
    if (parsed.success) out.push({ alias: parsed.data, learnedBy: r.learnedBy, learnedAt: r.learnedAt });
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

/** Every stored alias (what clerks taught). */
export async function loadAliases(store: Repositories): Promise<MatchAlias[]> {
  return (await readAll(store)).map((a) => a.alias);
}

/**
 * What a match run knows of its payers beyond SAP's master: the stored aliases clerks taught, and the payer history
 * (`paidBeforeAliases`, shared/matching: the vault ids whose payments in SAP all went to one customer).
 */
export async function matcherAliases(store: Repositories): Promise<MatchAlias[]> {
  return [...(await loadAliases(store)), ...paidBeforeAliases(await store.matchModels.payers())];
}

/**
 * The payer history as a clerk reads it beside the learned rules: the vault ids a match run takes from the postings
 * (`matcherAliases`), those whose vault id or customer number contains `query` (case and a customer's leading zeros
 * aside), the first `limit` by vault id, and how many match. Nothing to remove here: it is what SAP holds, and a
 * reversal or a correction of the payment takes a wrong one away.
 */
export async function payerHistory(
  store: Repositories,
  req: { query?: string; limit?: number },
): Promise<PayerHistoryPage> {
  const q = (req.query ?? '').trim().toLowerCase();
  const digits = /^\d+$/.test(q) ? q.replace(/^0+/, '') : null;
  const matches = paidBeforeAliases(await store.matchModels.payers())
    .filter(
      (a) =>
        q === '' ||
        a.value.toLowerCase().includes(q) ||
        a.KUNNR.toLowerCase().includes(q) ||
        (digits !== null && digits !== '' && a.KUNNR.replace(/^0+/, '').includes(digits)),
    )
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    total: matches.length,
    rows: matches
      .slice(0, req.limit ?? 200)
      .map((a) => ({ vaultId: a.value, customer: a.KUNNR, lastPayment: a.learnedFrom })),
  };
}

export async function listAliases(store: Repositories): Promise<MatchAliasDto[]> {
  return (await readAll(store)).map(({ alias, learnedBy, learnedAt }) => ({
    id: aliasId(alias),
    description: describeAlias(alias),
    learnedBy,
    learnedAt,
  }));
}

/** Stores what a correction taught; an alias with the same id is replaced (the newer lesson wins). */
export async function storeLearnedAliases(
  store: Repositories,
  learned: readonly MatchAlias[],
  learnedBy: string,
  learnedAt: string,
): Promise<string[]> {
  const unique = mergeAliases([], learned);
  for (const alias of unique) {
    await store.aliases.put({
      id: aliasId(alias),
      kind: alias.kind,
      payload: JSON.stringify(alias),
      learnedBy,
      learnedAt,
    });
  }
  return unique.map(aliasId);
}

export async function removeAlias(store: Repositories, clock: Clock, actor: Actor, id: string): Promise<void> {
  await store.transaction(async (tx) => {
    const row = await tx.aliases.get(id);
    if (!row) throw new ApiError('not_found', `There is no learned rule ${id}; it may have been removed already.`);
    await tx.aliases.remove(id);
    await tx.audit.append({
      actor: actor.name,
      action: 'alias.removed',
      subject: `alias:${id}`,
      detail: { id, alias: safeJson(row.payload), learnedBy: row.learnedBy, learnedAt: row.learnedAt },
      at: clock.now().toISOString(),
    });
  });
}
