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

/**
 * FNV-1a over the key's UTF-16 code units: the key table places a key by its low bits and marks it with its high
 * 16 (exported for the tests, which make keys collide).
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

const NONE = new Int32Array(0);
/** A document time not parsed yet: no date parses to it (Date.parse gives whole milliseconds or NaN). */
const NOT_PARSED = 0.5;

/** The first position in ascending `sorted` whose value is at least `x`. */
function firstAtLeast(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class OpenItemIndex {
  /**
   * The keys as an open-addressing hash table (linear probing) over two typed arrays: `slots` holds
   * packed hit + 1 (0: empty), `marks` the high 16 bits of the key's hash (the low bits chose the slot).
   * The keys themselves are not kept: a probe whose mark matches normalises that item's field again and
   * compares. A Map of the keys held two million strings for a million items (~170 MB the garbage
   * collector traced again and again); this holds 6 bytes a slot, at most half of them used. Hits of one key lie along the probe
   * sequence in insertion order (no deletions), so they come back in item order as the Map gave them.
   */
  private readonly slots: Int32Array;
  private readonly marks: Uint16Array;
  private readonly mask: number;
  /**
   * Each customer's items, in input order, as one array sorted by customer (`byCustomer`) with each
   * customer's start and end (`from`), found by its number's ordinal (`customerOrdinal`): a million items
   * of 100,000 customers cost two typed arrays, not 100,000 growing lists.
   */
  private readonly customerOrdinal = new Map<string, number>();
  private readonly from: Int32Array;
  private readonly byCustomer: Int32Array;
  /**
   * What the scored stage reads for each of a customer's items, for each of the customer's payments, copied
   * into flat arrays: the amount (minor units), its currency (as an ordinal of `currencyCodes`) and whether
   * the item has cash discount terms. Reading them through the item objects was two cache misses per item.
   */
  private readonly amounts: Float64Array;
  private readonly currencyOrdinals: Uint16Array;
  private readonly currencyCodes = new Map<string, number>();
  private readonly discountTerms: Uint8Array;
  /** Each item's document date as Date.parse gives it, parsed when first asked (NOT_PARSED until then). */
  private times: Float64Array | null = null;
  /** Every item's amount, sorted, and the items in that order, built when first asked (`ofAmount`). */
  private byAmount: { readonly amounts: Float64Array; readonly order: Int32Array } | null = null;

  constructor(
    readonly items: readonly OpenItem[],
    private readonly prefixes: readonly string[],
  ) {
    // One pass normalises every field; the hashes wait in scratch arrays until the table's size is known.
    const pending = new Int32Array(items.length * 3);
    const pendingHash = new Int32Array(items.length * 3);
    this.amounts = new Float64Array(items.length);
    this.currencyOrdinals = new Uint16Array(items.length);
    this.discountTerms = new Uint8Array(items.length);
    let n = 0;
    const put = (packed: PackedHit, key: string): void => {
      pending[n] = packed;
      pendingHash[n++] = hashKey(key);
    };
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      this.amounts[i] = item.amount.minor;
      let ordinal = this.currencyCodes.get(item.amount.currency);
      if (ordinal === undefined) this.currencyCodes.set(item.amount.currency, (ordinal = this.currencyCodes.size));
      this.currencyOrdinals[i] = ordinal;
      const terms = item.cashDiscount;
      if (terms && terms.percent1 + terms.percent2 > 0) this.discountTerms[i] = 1;
      // Three fields, written out: no per-item arrays, and a key shared by two fields counts once.
      const ref = normaliseReference(item.reference, prefixes);
      const asg = normaliseReference(item.assignment, prefixes);
      const doc = normaliseReference(item.source.BELNR, prefixes);
      if (ref !== '') put(i * 4, ref);
      if (asg !== '' && asg !== ref) put(i * 4 + 1, asg);
      if (doc !== '' && doc !== ref && doc !== asg) put(i * 4 + 2, doc);
    }
    // Items grouped by customer, in input order within each (a counting sort).
    const ordinalOf = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const kunnr = items[i]!.customer;
      let o = this.customerOrdinal.get(kunnr);
      if (o === undefined) this.customerOrdinal.set(kunnr, (o = this.customerOrdinal.size));
      ordinalOf[i] = o;
    }
    this.from = new Int32Array(this.customerOrdinal.size + 1);
    for (let i = 0; i < items.length; i++) this.from[ordinalOf[i]! + 1] = this.from[ordinalOf[i]! + 1]! + 1;
    for (let o = 0; o < this.customerOrdinal.size; o++) this.from[o + 1] = this.from[o + 1]! + this.from[o]!;
    const next = this.from.slice(0, this.customerOrdinal.size);
    this.byCustomer = new Int32Array(items.length);
    for (let i = 0; i < items.length; i++) this.byCustomer[next[ordinalOf[i]!]!++] = i;
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.marks = new Uint16Array(size);
    this.mask = size - 1;
    for (let k = 0; k < n; k++) {
      const h = pendingHash[k]!;
      let at = h & this.mask;
      while (this.slots[at] !== 0) at = (at + 1) & this.mask;
      this.slots[at] = pending[k]! + 1;
      this.marks[at] = h >>> 16;
    }
  }

  /** The key item field `p` was indexed under (the constructor's rule, computed again). */
  private keyOf(p: PackedHit): string {
    const item = this.items[hitIndex(p)]!;
    const field = p % 4;
    return normaliseReference(
      field === 0 ? item.reference : field === 1 ? item.assignment : item.source.BELNR,
      this.prefixes,
    );
  }

  /** Items whose reference, assignment or document number has this normalised key. */
  lookup(key: string): KeyHit[] {
    const slot = this.packedHits(key);
    if (slot === undefined) return [];
    return typeof slot === 'number' ? [unpack(slot)] : slot.map(unpack);
  }

  /** lookup without objects, for the per-transaction hot path: packed hits (one number when one), or undefined. */
  packedHits(key: string): PackedHit | readonly PackedHit[] | undefined {
    if (key === '') return undefined;
    const h = hashKey(key);
    const mark = h >>> 16;
    let one: PackedHit | undefined;
    let more: PackedHit[] | undefined;
    for (let at = h & this.mask; this.slots[at] !== 0; at = (at + 1) & this.mask) {
      if (this.marks[at] !== mark) continue;
      const p = this.slots[at]! - 1;
      if (this.keyOf(p) !== key) continue;
      if (one === undefined) one = p;
      else (more ??= [one]).push(p);
    }
    return more ?? one;
  }

  /**
   * Date.parse of the item's document date, parsed once: the scored stage asks for every item of
   * a customer for each of that customer's payments.
   */
  documentTime(i: number): number {
    this.times ??= new Float64Array(this.items.length).fill(NOT_PARSED);
    let t = this.times[i]!;
    if (t === NOT_PARSED) this.times[i] = t = Date.parse(this.items[i]!.documentDate);
    return t;
  }

  /** Item i's amount in minor units (its `amount.minor`). */
  amountOf(i: number): number {
    return this.amounts[i]!;
  }

  /**
   * The open items, of any customer and in any currency, for `amount` minor units, by index: a binary search
   * over the amounts sorted once (12 bytes an item), when first asked.
   */
  ofAmount(amount: number): Int32Array {
    const { amounts, order } = (this.byAmount ??= this.sortByAmount());
    const lo = firstAtLeast(amounts, amount);
    return order.subarray(lo, firstAtLeast(amounts, amount + 0.5));
  }

  /** The amounts sorted natively, then each item placed in the run of its amount (no comparator calls). */
  private sortByAmount(): { amounts: Float64Array; order: Int32Array } {
    const amounts = Float64Array.from(this.amounts).sort();
    const order = new Int32Array(amounts.length);
    const placed = new Int32Array(amounts.length);
    for (let i = 0; i < amounts.length; i++) {
      const at = firstAtLeast(amounts, this.amounts[i]!);
      order[at + placed[at]!] = i;
      placed[at] = placed[at]! + 1;
    }
    return { amounts, order };
  }

  /** Whether item i is in the currency of `ordinal` (see `currencyOrdinal`). */
  inCurrency(i: number, ordinal: number): boolean {
    return this.currencyOrdinals[i] === ordinal;
  }

  /** The ordinal of a currency among the items' (`inCurrency`); -1 for one no item has. */
  currencyOrdinal(currency: string): number {
    return this.currencyCodes.get(currency) ?? -1;
  }

  /** Whether item i has cash discount terms (its `cashDiscount` grants a percentage). */
  hasDiscountTerms(i: number): boolean {
    return this.discountTerms[i] === 1;
  }

  /** Indexes of the customer's open items, in input order. */
  ofCustomer(kunnr: string): Int32Array {
    const o = this.customerOrdinal.get(kunnr);
    return o === undefined ? NONE : this.byCustomer.subarray(this.from[o], this.from[o + 1]);
  }
}
