// The invoices no payment of a scenario has used yet, per customer. Drawing from it costs the same at
// 100 payments and at 100,000: a few random customers are tried first, and only when none of them
// holds what a case needs is every customer that still has invoices looked at.
import type { Rng } from './prng';
import type { ScenarioCustomer, ScenarioInvoice } from './types';

/** Random customers tried before every one is looked at. */
const PROBES = 16;

export class UnusedInvoices {
  private readonly byCustomer = new Map<string, ScenarioInvoice[]>();
  /** Customers with at least one unused invoice, and where each sits in that list. */
  private readonly live: string[] = [];
  private readonly position = new Map<string, number>();
  /** How many customers hold exactly n unused invoices, so a draw nobody can serve is refused at once. */
  private readonly holding: number[] = [];

  constructor(customers: readonly ScenarioCustomer[], invoices: readonly ScenarioInvoice[]) {
    for (const c of customers) this.byCustomer.set(c.KUNNR, []);
    for (const inv of invoices) this.giveBack(inv);
  }

  /** Invoices still unused. */
  get size(): number {
    let n = 0;
    for (const list of this.byCustomer.values()) n += list.length;
    return n;
  }

  /**
   * `count` unused invoices of one customer that pass `filter` (a pure test of the invoice), in the
   * order the customer's invoices were made, and no longer unused; null when no customer has as many.
   */
  take(rng: Rng, count: number, filter: (inv: ScenarioInvoice) => boolean = () => true): ScenarioInvoice[] | null {
    if (!this.holding.some((customers, n) => n >= count && customers > 0)) return null;
    for (let tries = 0; tries < PROBES && this.live.length > 0; tries++) {
      const customer = this.live[rng.int(0, this.live.length - 1)]!;
      const chosen = this.choose(customer, count, filter);
      if (chosen) return this.remove(customer, chosen);
    }
    const holders = this.live.filter((customer) => this.choose(customer, count, filter) !== null);
    if (holders.length === 0) return null;
    const customer = rng.pick(holders);
    return this.remove(customer, this.choose(customer, count, filter)!);
  }

  /** An invoice a payment did not pay after all (declined, voided, only authorised) is unused again. */
  giveBack(inv: ScenarioInvoice): void {
    const list = this.byCustomer.get(inv.KUNNR);
    if (!list) throw new Error(`invoice ${inv.XBLNR} belongs to customer ${inv.KUNNR}, who is not in the scenario`);
    this.count(list.length, -1);
    list.push(inv);
    this.count(list.length, +1);
    if (!this.position.has(inv.KUNNR)) {
      this.position.set(inv.KUNNR, this.live.length);
      this.live.push(inv.KUNNR);
    }
  }

  private choose(customer: string, count: number, filter: (inv: ScenarioInvoice) => boolean): ScenarioInvoice[] | null {
    const chosen: ScenarioInvoice[] = [];
    for (const inv of this.byCustomer.get(customer)!) {
      if (filter(inv)) chosen.push(inv);
      if (chosen.length === count) return chosen;
    }
    return null;
  }

  private remove(customer: string, chosen: readonly ScenarioInvoice[]): ScenarioInvoice[] {
    const list = this.byCustomer.get(customer)!;
    const left = list.filter((inv) => !chosen.includes(inv));
    this.count(list.length, -1);
    this.count(left.length, +1);
    this.byCustomer.set(customer, left);
    if (left.length === 0) {
      // Swap the last live customer into this one's place: O(1), and the same every run.
      const at = this.position.get(customer)!;
      const last = this.live.pop()!;
      if (last !== customer) {
        this.live[at] = last;
        this.position.set(last, at);
      }
      this.position.delete(customer);
    }
    return [...chosen];
  }

  private count(length: number, by: number): void {
    if (length > 0) this.holding[length] = (this.holding[length] ?? 0) + by;
  }
}
