// The dead-letter queue keeps what could not be processed, so nothing disappears. Payloads come
// from outside (PayTrace records, import rows), so card data is masked before anything is written.
import type { Kysely, Transaction } from 'kysely';
import { redactCardData, redactCardText } from '../../shared/security';
import type { Database } from './schema';
import { canonicalJson } from './canonical-json';

type Db = Kysely<Database> | Transaction<Database>;

export interface DeadLetterInput {
  source: 'paytrace' | 'sap' | 'import' | 'posting';
  sourceKey?: string | null;
  error: string;
  payload: unknown;
  at?: string;
}

/** Adds a dead letter and returns its id. */
export async function addDeadLetter(db: Db, input: DeadLetterInput): Promise<number> {
  const row = await db
    .insertInto('dead_letters')
    .values({
      source: input.source,
      source_key: input.sourceKey ?? null,
      error: redactCardText(input.error),
      payload: safeJson(redactCardData(input.payload)),
      created_at: input.at ?? new Date().toISOString(),
      resolved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Payloads may hold bigints or NaN from a parser; keep them as text rather than lose the letter. */
function safeJson(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    const text = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v)) ? String(v) : v,
    );
    return text ?? 'null';
  }
}
