// The unique reference ClearDesk writes into REF_DOC_NO (BKPF-XBLNR, 16 characters) before it
// calls SAP, so that a posting whose answer was lost can be found again (docs/ARCHITECTURE.md, "Posting exactly once").

export type PostingEvent = 'payment' | 'refund' | 'chargeback' | 'reversal' | 'fee' | 'write-off';

const EVENT_LETTER: Readonly<Record<PostingEvent, string>> = {
  payment: 'P',
  refund: 'R',
  chargeback: 'C',
  reversal: 'X',
  fee: 'F',
  'write-off': 'W',
};

/**
 * "PT<transaction id><event letter>", e.g. PT123456789P. Ids longer than 13 digits are written
 * in base 36 after "PT#" so the result still fits 16 characters and stays unique.
 */
export function postingReference(transactionId: number | string, event: PostingEvent): string {
  const id = String(transactionId);
  if (!/^\d+$/.test(id)) throw new RangeError(`PayTrace transaction id "${id}" is not a number`);
  const letter = EVENT_LETTER[event];
  if (id.length <= 13) return `PT${id}${letter}`;
  const b36 = BigInt(id).toString(36).toUpperCase();
  if (b36.length > 12) throw new RangeError(`PayTrace transaction id ${id} is too long for a 16-character reference`);
  return `PT#${b36}${letter}`;
}

export function parsePostingReference(reference: string): { transactionId: string; event: PostingEvent } | null {
  const m = /^PT(#?)([0-9A-Z]+)([PRCXFW])$/.exec(reference.trim());
  if (!m) return null;
  const event = (Object.keys(EVENT_LETTER) as PostingEvent[]).find((e) => EVENT_LETTER[e] === m[3])!;
  if (m[1] === '#') {
    let n = 0n;
    for (const ch of m[2]!) n = n * 36n + BigInt(parseInt(ch, 36));
    return { transactionId: n.toString(), event };
  }
  if (!/^\d+$/.test(m[2]!)) return null;
  return { transactionId: m[2]!, event };
}
