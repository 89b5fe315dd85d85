// The reference ClearDesk gives every attempt to refund or void a sale at PayTrace, stored before
// PayTrace is called and sent in a field PayTrace keeps on the refund (docs/ARCHITECTURE.md,
// "Refunds exactly once"). PayTrace's v1 API has no idempotency key: a refund whose answer was lost
// is found again only by this reference.
//
// "CDR<refund request id>-<nonce>" for the first attempt, "...-<attempt>" for later ones, e.g.
// CDR42-K7Q2M and CDR42-K7Q2M-2. The nonce is drawn once per request: request ids start at 1 in
// every store, so without it a restored backup, or a second installation on the same PayTrace
// account, would give two refunds the same reference. Its alphabet (Crockford's base 32) has no
// I, L, O or U, so a person reading it off a screen cannot mix up letters and digits.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_NONCE_LENGTH = 5;
/** PayTrace's customer_reference_id holds 50 characters (v3 spec); ClearDesk's references stay far below. */
export const REFUND_REFERENCE_MAX_LENGTH = 50;

export interface RefundReference {
  readonly refundId: number;
  readonly nonce: string;
  /** 1 for the first send, 2 for the first "send again", and so on. */
  readonly attempt: number;
}

/** A nonce from random bytes (at least REFERENCE_NONCE_LENGTH of them; each gives one character). */
export function referenceNonce(randomBytes: ArrayLike<number>): string {
  if (randomBytes.length < REFERENCE_NONCE_LENGTH)
    throw new RangeError(`a reference nonce needs ${REFERENCE_NONCE_LENGTH} random bytes, not ${randomBytes.length}`);
  let out = '';
  for (let i = 0; i < REFERENCE_NONCE_LENGTH; i++) out += ALPHABET[randomBytes[i]! & 31];
  return out;
}

export function refundReference(r: RefundReference): string {
  if (!Number.isSafeInteger(r.refundId) || r.refundId <= 0)
    throw new RangeError(`refund request id ${r.refundId} is not a positive integer`);
  if (!Number.isSafeInteger(r.attempt) || r.attempt < 1)
    throw new RangeError(`attempt ${r.attempt} is not a positive integer`);
  if (r.nonce.length !== REFERENCE_NONCE_LENGTH || [...r.nonce].some((c) => !ALPHABET.includes(c)))
    throw new RangeError(`"${r.nonce}" is not a reference nonce`);
  return `CDR${r.refundId}-${r.nonce}${r.attempt === 1 ? '' : `-${r.attempt}`}`;
}

/**
 * Reads a reference back, as PayTrace returns it or as a person typed it (case and the look-alikes
 * O/0, I/L/1 forgiven, surrounding blanks ignored). Null when the text is not one.
 */
export function parseRefundReference(text: string): RefundReference | null {
  const m = /^CDR([1-9]\d{0,15})-([0-9A-Z]{5})(?:-([1-9]\d{0,5}))?$/.exec(text.trim().toUpperCase());
  if (!m) return null;
  const nonce = m[2]!.replace(/O/g, '0').replace(/[IL]/g, '1');
  if ([...nonce].some((c) => !ALPHABET.includes(c))) return null;
  const refundId = Number(m[1]);
  const attempt = m[3] === undefined ? 1 : Number(m[3]);
  // "-1" is never written (the first attempt has no suffix): one reference, one spelling.
  if (!Number.isSafeInteger(refundId) || m[3] === '1') return null;
  return { refundId, nonce, attempt };
}

/** The references of every attempt up to `attempt`, first to last. */
export function attemptReferences(r: RefundReference): string[] {
  return Array.from({ length: r.attempt }, (_, i) => refundReference({ ...r, attempt: i + 1 }));
}
