import { createHash } from 'node:crypto';

/** A stable hash of a flat record: same fields and values, same hash, whatever the key order. */
export function contentHash(record: Record<string, unknown>): string {
  const keys = Object.keys(record).sort();
  return createHash('sha256').update(JSON.stringify(keys.map((k) => [k, record[k] ?? null]))).digest('hex').slice(0, 32);
}
