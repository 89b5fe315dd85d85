import * as crypto from 'node:crypto';

// crypto.hash (Node >= 20.12) hashes a string in one call; createHash costs an object per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
export const sha256Hex = oneShot
  ? (text: string): string => oneShot('sha256', text, 'hex')
  : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

// Ingest hashes every record of a page, all with the same keys: remember the last key list and
// its sorted form (with each key's JSON prefix) so that is not sorted and stringified again.
let lastKeys: string[] = [];
let lastSorted: { key: string; prefix: string }[] = [];

function sortedKeys(record: Record<string, unknown>): { key: string; prefix: string }[] {
  const keys = Object.keys(record);
  if (keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i])) return lastSorted;
  const sorted = [...keys].sort().map((key, i) => ({ key, prefix: `${i === 0 ? '' : ','}[${JSON.stringify(key)},` }));
  lastKeys = keys;
  lastSorted = sorted;
  return sorted;
}

/** The value as JSON writes it inside an array. */
function jsonValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (v === null || v === undefined) return 'null';
  // Inside an array JSON writes functions and symbols as null; JSON.stringify of one alone gives undefined.
  return JSON.stringify(v) ?? 'null';
}

/**
 * A stable hash of a flat record: same fields and values, same hash, whatever the key order.
 * Stored hashes must not change: the text hashed is exactly
 * JSON.stringify(sortedKeys.map((k) => [k, record[k] ?? null])), written out by hand because
 * building and stringifying the pairs cost more than the hashing (ingest hashes every record).
 */
export function contentHash(record: Record<string, unknown>): string {
  const keys = sortedKeys(record);
  const parts: string[] = new Array(keys.length + 2);
  parts[0] = '[';
  for (let i = 0; i < keys.length; i++) {
    const { key, prefix } = keys[i]!;
    parts[i + 1] = `${prefix}${jsonValue(record[key])}]`;
  }
  parts[keys.length + 1] = ']';
  return sha256Hex(parts.join('')).slice(0, 32);
}
