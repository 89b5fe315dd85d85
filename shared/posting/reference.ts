// The unique reference ClearDesk writes into REF_DOC_NO (BKPF-XBLNR, 16 characters) before it
// calls SAP, so that a posting whose answer was lost can be found again (docs/ARCHITECTURE.md, "Posting exactly once").
// A payment whose SAP document was reversed and is posted again gets the next reference of its
// event (PT123P2, PT123P3, ...): SAP does not enforce a unique XBLNR, ClearDesk's lookup by it is
// the guard, and a re-post under the first reference would look like the reversed original.

export type PostingEvent =
  | 'payment'
  | 'refund'
  | 'chargeback'
  | 'reversal'
  | 'fee'
  | 'write-off'
  /** The reversal of a chargeback's document when its case was won (PT<sale>Y, PT<sale>Y2, ...). */
  | 'chargeback-reversal';

const EVENT_LETTER: Readonly<Record<PostingEvent, string>> = {
  payment: 'P',
  refund: 'R',
  chargeback: 'C',
  reversal: 'X',
  fee: 'F',
  'write-off': 'W',
  'chargeback-reversal': 'Y',
};

const MAX_LENGTH = 16;

/**
 * "PT<transaction id><event letter>[<sequence>]", e.g. PT123456789P, and PT123456789P2 for the
 * second posting of the event after the first was reversed. Ids too long for the decimal form are
 * written in base 36 after "PT#" so the result still fits 16 characters and stays unique.
 */
export function postingReference(transactionId: number | string, event: PostingEvent, sequence = 1): string {
  const id = String(transactionId);
  if (!/^\d+$/.test(id)) throw new RangeError(`PayTrace transaction id "${id}" is not a number`);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`A posting's sequence is a whole number from 1 (got ${sequence})`);
  const letter = EVENT_LETTER[event];
  const suffix = sequence === 1 ? '' : String(sequence);
  const decimal = `PT${id}${letter}${suffix}`;
  if (id.length <= 13 && decimal.length <= MAX_LENGTH) return decimal;
  const b36 = `PT#${BigInt(id).toString(36).toUpperCase()}${letter}${suffix}`;
  if (b36.length > MAX_LENGTH) {
    throw new RangeError(
      sequence === 1
        ? `PayTrace transaction id ${id} is too long for a 16-character reference`
        : `PayTrace transaction id ${id} has no 16-character reference left for its ${event} posting number ${sequence}`,
    );
  }
  return b36;
}

export function parsePostingReference(
  reference: string,
): { transactionId: string; event: PostingEvent; sequence: number } | null {
  // The event letter is the last letter: only the sequence's digits may follow it.
  const m = /^PT(#?)([0-9A-Z]+)([PRCXFWY])([2-9]|[1-9]\d+)?$/.exec(reference.trim());
  if (!m) return null;
  const event = (Object.keys(EVENT_LETTER) as PostingEvent[]).find((e) => EVENT_LETTER[e] === m[3])!;
  const sequence = m[4] ? Number(m[4]) : 1;
  if (m[1] === '#') {
    let n = 0n;
    for (const ch of m[2]!) n = n * 36n + BigInt(parseInt(ch, 36));
    return { transactionId: n.toString(), event, sequence };
  }
  if (!/^\d+$/.test(m[2]!)) return null;
  return { transactionId: m[2]!, event, sequence };
}
