// Hash indexes over open items: normalised reference (XBLNR), assignment (ZUONR) and document
// number (BELNR) to items, and customer to items. Built once per run; O(n) time and memory.
import type { OpenItem } from '../domain';
import { normaliseReference } from './keys';

export type ItemField = 'reference' | 'assignment' | 'document';
const FIELDS: readonly ItemField[] = ['reference', 'assignment', 'document'];

export interface KeyHit {
  readonly index: number;
  readonly field: ItemField;
}

function unpack(p: number): KeyHit {
  return { index: Math.floor(p / 4), field: FIELDS[p % 4]! };
}

/** Maps a key to one packed hit (index * 4 + field) or several, to keep 1M items cheap. */
type Slot = number | number[];

export class OpenItemIndex {
  private readonly keys = new Map<string, Slot>();
  private readonly customers = new Map<string, number[]>();

  constructor(readonly items: readonly OpenItem[], prefixes: readonly string[]) {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const seen: string[] = [];
      const values = [item.reference, item.assignment, item.source.BELNR];
      for (let f = 0; f < 3; f++) {
        const key = normaliseReference(values[f]!, prefixes);
        if (key === '' || seen.includes(key)) continue;
        seen.push(key);
        this.add(key, i * 4 + f);
      }
      const list = this.customers.get(item.customer);
      if (list) list.push(i);
      else this.customers.set(item.customer, [i]);
    }
  }

  private add(key: string, packed: number): void {
    const slot = this.keys.get(key);
    if (slot === undefined) this.keys.set(key, packed);
    else if (typeof slot === 'number') this.keys.set(key, [slot, packed]);
    else slot.push(packed);
  }

  /** Items whose reference, assignment or document number has this normalised key. */
  lookup(key: string): KeyHit[] {
    const slot = this.keys.get(key);
    if (slot === undefined) return [];
    return typeof slot === 'number' ? [unpack(slot)] : slot.map(unpack);
  }

  hasKey(key: string): boolean {
    return this.keys.has(key);
  }

  /** Indexes of the customer's open items, in input order. */
  ofCustomer(kunnr: string): readonly number[] {
    return this.customers.get(kunnr) ?? [];
  }

  customerNumbers(): IterableIterator<string> {
    return this.customers.keys();
  }
}
