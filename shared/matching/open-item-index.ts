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

/**
 * A hit packed into one number, item index * 4 + field: a million items then cost no objects.
 * Unpack with hitIndex / hitField.
 */
export type PackedHit = number;
export const hitIndex = (p: PackedHit): number => Math.floor(p / 4);
export const hitField = (p: PackedHit): ItemField => FIELDS[p % 4]!;
export const packHit = (index: number, field: ItemField): PackedHit => index * 4 + FIELDS.indexOf(field);

function unpack(p: PackedHit): KeyHit {
  return { index: hitIndex(p), field: hitField(p) };
}

/** Maps a key to one packed hit or several; almost every key has exactly one. */
type Slot = PackedHit | PackedHit[];

export class OpenItemIndex {
  private readonly keys = new Map<string, Slot>();
  private readonly customers = new Map<string, number[]>();
  private times: Float64Array | null = null;
  private timeKnown: Uint8Array | null = null;

  constructor(
    readonly items: readonly OpenItem[],
    prefixes: readonly string[],
  ) {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      // Three fields, written out: no per-item arrays, and a key shared by two fields counts once.
      const ref = normaliseReference(item.reference, prefixes);
      const asg = normaliseReference(item.assignment, prefixes);
      const doc = normaliseReference(item.source.BELNR, prefixes);
      if (ref !== '') this.add(ref, i * 4);
      if (asg !== '' && asg !== ref) this.add(asg, i * 4 + 1);
      if (doc !== '' && doc !== ref && doc !== asg) this.add(doc, i * 4 + 2);
      const list = this.customers.get(item.customer);
      if (list) list.push(i);
      else this.customers.set(item.customer, [i]);
    }
  }

  private add(key: string, packed: PackedHit): void {
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

  /** lookup without objects, for the per-transaction hot path: packed hits, or undefined. */
  packedHits(key: string): PackedHit | readonly PackedHit[] | undefined {
    return this.keys.get(key);
  }

  /**
   * Date.parse of the item's document date, parsed once: the scored stage asks for every item of
   * a customer for each of that customer's payments.
   */
  documentTime(i: number): number {
    if (this.times === null) {
      this.times = new Float64Array(this.items.length);
      this.timeKnown = new Uint8Array(this.items.length);
    }
    if (this.timeKnown![i] === 0) {
      this.times[i] = Date.parse(this.items[i]!.documentDate);
      this.timeKnown![i] = 1;
    }
    return this.times[i]!;
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
