// The open items' key table (shared/matching/open-item-index.ts) against the obvious Map of normalised
// keys, on ledgers drawn so that keys repeat across items and fields, collide in the table's home slots and
// wrap around its end, and customers' items interleave.
import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../shared/domain';
import { DEFAULT_RULES, normaliseReference, preparePrefixes } from '../../../shared/matching';
import { hashKey, hitField, hitIndex, OpenItemIndex } from '../../../shared/matching/open-item-index';

const P = preparePrefixes(DEFAULT_RULES.referencePrefixes);

function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n;
}

/** References, assignments and document numbers from a small pool, typed the ways clerks type them. */
function ledger(seed: number, size: number): OpenItem[] {
  const r = lcg(seed);
  const pool = Array.from({ length: Math.max(3, size >> 2) }, (_, k) => String(90000000 + k * 7));
  const typed = (n: string): string =>
    [n, `INV-${n}`, `00${n}`, `inv ${n.slice(0, 4)} ${n.slice(4)}`, '', 'AB', `PO${n}`][r(7)]!;
  return Array.from({ length: size }, (_, i) => ({
    source: {
      BUKRS: '1000',
      BELNR: String(r(3) === 0 ? pool[r(pool.length)] : 1400000000 + i),
      GJAHR: '2026',
      BUZEI: '001',
    },
    customer: `C${r(Math.max(1, size >> 3))}`,
    amount: { minor: 100 + r(1000), currency: 'USD' },
    reference: typed(pool[r(pool.length)]!),
    assignment: typed(pool[r(pool.length)]!),
    documentType: 'DR',
    postingDate: '2026-11-01',
    documentDate: '2026-11-01',
    dueDate: '2026-12-01',
    text: '',
  }));
}

/** What the index must answer: each non-empty key once per item (reference before assignment before document). */
function expected(items: readonly OpenItem[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, hit: string): void => {
    if (key !== '') out.set(key, [...(out.get(key) ?? []), hit]);
  };
  items.forEach((item, i) => {
    const ref = normaliseReference(item.reference, P);
    const asg = normaliseReference(item.assignment, P);
    const doc = normaliseReference(item.source.BELNR, P);
    add(ref, `${i}:reference`);
    if (asg !== ref) add(asg, `${i}:assignment`);
    if (doc !== ref && doc !== asg) add(doc, `${i}:document`);
  });
  return out;
}

describe('the open items key table', () => {
  it.each([1, 2, 3, 4, 5])('answers every key as a Map of the keys would (ledger %i)', (seed) => {
    const items = ledger(seed, 40 + seed * 300);
    const index = new OpenItemIndex(items, P);
    const want = expected(items);
    for (const [key, hits] of want) {
      expect(index.lookup(key).map((h) => `${h.index}:${h.field}`)).toEqual(hits);
      const packed = index.packedHits(key);
      const list = typeof packed === 'number' ? [packed] : [...(packed ?? [])];
      expect(list.map((p) => `${hitIndex(p)}:${hitField(p)}`)).toEqual(hits);
    }
    for (const miss of ['', '90000001', '1', 'INV90000000', '99999999', '1400000000x'])
      if (!want.has(miss)) expect(index.packedHits(miss)).toBeUndefined();
  });

  it("gives each customer's items in input order, and nothing for an unknown customer", () => {
    const items = ledger(9, 500);
    const index = new OpenItemIndex(items, P);
    const customers = new Set(items.map((i) => i.customer));
    for (const c of customers)
      expect([...index.ofCustomer(c)]).toEqual(items.flatMap((item, i) => (item.customer === c ? [i] : [])));
    expect([...index.ofCustomer('nobody')]).toEqual([]);
  });

  it('tells apart two keys of one slot and one mark (the high 16 bits of the hash) by the items themselves', () => {
    // Two references whose hashes agree in the 16 bits of the mark and the 4 bits that place them in a
    // 16-slot table (two keys): the second sits on the first's probe sequence with the same mark.
    const a = '90000000';
    const want = hashKey(a) & 0xffff000f;
    let b = '';
    for (let n = 90000001; b === ''; n++) if ((hashKey(String(n)) & 0xffff000f) === want) b = String(n);
    const items = ledger(1, 2).map((item, i) => ({
      ...item,
      reference: i === 0 ? a : b,
      assignment: '',
      source: { ...item.source, BELNR: '1' },
    }));
    const index = new OpenItemIndex(items, P);
    expect(index.lookup(a)).toEqual([{ index: 0, field: 'reference' }]);
    expect(index.lookup(b)).toEqual([{ index: 1, field: 'reference' }]);
  });

  it('holds a ledger without keys, and an empty one', () => {
    expect(new OpenItemIndex([], P).packedHits('90000000')).toBeUndefined();
    const blank = ledger(3, 20).map((i) => ({
      ...i,
      reference: '',
      assignment: '',
      source: { ...i.source, BELNR: '1' },
    }));
    const index = new OpenItemIndex(blank, P);
    expect(index.lookup('90000000')).toEqual([]);
    expect([...index.ofCustomer(blank[0]!.customer)]).toContain(0);
  });
});
