// The customer vault: merchant-chosen customer ids, one card each, kept masked.
import { ERR, SimValidationError } from './codes';
import type { SimAddress, SimCard, SimCustomer } from './model';

export class Vault {
  readonly customers = new Map<string, SimCustomer>();

  create(c: SimCustomer): SimCustomer {
    if (c.customerId.trim() === '' || this.customers.has(c.customerId)) throw SimValidationError.of(ERR.uniqueCustomer);
    this.customers.set(c.customerId, c);
    return c;
  }

  get(customerId: unknown): SimCustomer {
    const c = typeof customerId === 'string' ? this.customers.get(customerId) : undefined;
    if (!c) throw SimValidationError.of(ERR.customerNotFound(String(customerId ?? '')));
    return c;
  }

  update(
    customerId: unknown,
    change: { newId?: string; card?: SimCard; billing?: Partial<SimAddress>; email?: string; phone?: string },
  ): SimCustomer {
    const c = this.get(customerId);
    if (change.newId !== undefined && change.newId !== c.customerId) {
      if (this.customers.has(change.newId)) throw SimValidationError.of(ERR.uniqueCustomer);
      this.customers.delete(c.customerId);
      c.customerId = change.newId;
      this.customers.set(c.customerId, c);
    }
    if (change.card) c.card = change.card;
    if (change.billing) c.billing = { ...c.billing, ...change.billing };
    if (change.email !== undefined) c.email = change.email;
    if (change.phone !== undefined) c.phone = change.phone;
    return c;
  }

  delete(customerId: unknown): SimCustomer {
    const c = this.get(customerId);
    this.customers.delete(c.customerId);
    return c;
  }
}
