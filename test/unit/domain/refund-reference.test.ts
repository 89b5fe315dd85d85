// The reference every refund attempt carries to PayTrace (shared/refunds/reference.ts): one
// spelling per attempt, read back the way PayTrace returns it or a person types it, never mistaken
// for another request's.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  attemptReferences,
  parseRefundReference,
  referenceNonce,
  refundReference,
  REFUND_REFERENCE_MAX_LENGTH,
} from '../../../shared/refunds';

describe('refund references', () => {
  it('writes CDR<request>-<nonce> for the first attempt and adds the attempt after that', () => {
    expect(refundReference({ refundId: 42, nonce: 'K7Q2M', attempt: 1 })).toBe('CDR42-K7Q2M');
    expect(refundReference({ refundId: 42, nonce: 'K7Q2M', attempt: 2 })).toBe('CDR42-K7Q2M-2');
    expect(attemptReferences({ refundId: 7, nonce: '0Z9AB', attempt: 3 })).toEqual([
      'CDR7-0Z9AB',
      'CDR7-0Z9AB-2',
      'CDR7-0Z9AB-3',
    ]);
  });

  it('reads back what it wrote, for every attempt', () => {
    for (let i = 0; i < 200; i++) {
      const r = { refundId: 1 + ((i * 7919) % 100_000), nonce: referenceNonce(randomBytes(5)), attempt: 1 + (i % 4) };
      expect(parseRefundReference(refundReference(r))).toEqual(r);
    }
  });

  it('forgives case, blanks and the look-alikes a person may type, but not another request', () => {
    expect(parseRefundReference('  cdr42-k7q2m-2 ')).toEqual({ refundId: 42, nonce: 'K7Q2M', attempt: 2 });
    expect(parseRefundReference('CDR42-O1IL0')).toEqual({ refundId: 42, nonce: '01110', attempt: 1 });
    expect(parseRefundReference('CDR42-K7Q2M')).not.toEqual(parseRefundReference('CDR421-K7Q2M'));
  });

  it.each([
    ['an invoice number', 'INV-2041'],
    ['a posting reference', 'PT123456P'],
    ['no nonce', 'CDR42'],
    ['a short nonce', 'CDR42-K7Q2'],
    ['a nonce with U', 'CDR42-K7Q2U'],
    ['request 0', 'CDR0-K7Q2M'],
    ['a leading zero', 'CDR042-K7Q2M'],
    ['attempt 1 written out', 'CDR42-K7Q2M-1'],
    ['attempt 0', 'CDR42-K7Q2M-0'],
    ['text around it', 'refund CDR42-K7Q2M'],
  ])('is not read from %s', (_what, text) => {
    expect(parseRefundReference(text)).toBeNull();
  });

  it('draws nonces from the 32 unambiguous characters only, and refuses too few random bytes', () => {
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) seen.add(referenceNonce([b, b, b, b, b])[0]!);
    expect([...seen].sort().join('')).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(() => referenceNonce([1, 2, 3, 4])).toThrow(/needs 5 random bytes/);
  });

  it('refuses what would not read back as the same reference', () => {
    expect(() => refundReference({ refundId: 0, nonce: 'K7Q2M', attempt: 1 })).toThrow(RangeError);
    expect(() => refundReference({ refundId: 4.5, nonce: 'K7Q2M', attempt: 1 })).toThrow(RangeError);
    expect(() => refundReference({ refundId: 42, nonce: 'K7Q2M', attempt: 0 })).toThrow(RangeError);
    expect(() => refundReference({ refundId: 42, nonce: 'K7QUM', attempt: 1 })).toThrow(/not a reference nonce/);
    expect(() => refundReference({ refundId: 42, nonce: 'k7q2m', attempt: 1 })).toThrow(/not a reference nonce/);
  });

  it("fits PayTrace's customer_reference_id with room to spare, even for the largest ids", () => {
    const longest = refundReference({ refundId: Number.MAX_SAFE_INTEGER, nonce: 'ZZZZZ', attempt: 999_999 });
    expect(longest.length).toBeLessThanOrEqual(REFUND_REFERENCE_MAX_LENGTH);
    expect(parseRefundReference(longest)).toEqual({
      refundId: Number.MAX_SAFE_INTEGER,
      nonce: 'ZZZZZ',
      attempt: 999_999,
    });
  });
});
