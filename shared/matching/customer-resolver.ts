// Stage 2: who paid? PayTrace's vault customer_id, billing name, e-mail and address against the
// SAP customer master, plus what clerks taught (aliases) and what this run's exact matches show.
import type { Customer } from '../domain';
import type { CustomerAlias, CustomerAliasKind, MatchAlias } from './aliases';
import { normaliseEmail, normaliseName, normalisePostalCode, normaliseStreet } from './names';
import type { MatchableTransaction } from './types';

/** What a transaction says about who paid. */
export type Payer = Pick<MatchableTransaction, 'vaultCustomerId' | 'email' | 'billingName' | 'billingAddress'>;

export interface CustomerResolution {
  readonly KUNNR: string;
  readonly confidence: number;
  readonly reason: string;
}

type Index = Map<string, Set<string>>;

function put(index: Index, key: string, kunnr: string): void {
  if (key === '') return;
  const set = index.get(key);
  if (set) set.add(kunnr);
  else index.set(key, new Set([kunnr]));
}

function only(index: Index, key: string): string | null | 'ambiguous' {
  if (key === '') return null;
  const set = index.get(key);
  if (!set) return null;
  return set.size === 1 ? set.values().next().value! : 'ambiguous';
}

export class CustomerResolver {
  private readonly vault: Index = new Map();
  private readonly email: Index = new Map();
  private readonly name: Index = new Map();
  private readonly address: Index = new Map();
  private readonly learned = new Map<string, CustomerAlias>();
  private readonly names = new Map<string, string>();

  constructor(customers: readonly Customer[], aliases: readonly MatchAlias[]) {
    for (const c of customers) {
      const k = c.source.KUNNR;
      if (!this.names.has(k)) this.names.set(k, c.name);
      for (const v of c.vaultIds ?? []) put(this.vault, v, k);
      put(this.email, c.email ? normaliseEmail(c.email) : '', k);
      put(this.name, normaliseName(c.name), k);
      if (c.postalCode && c.street) put(this.address, `${normalisePostalCode(c.postalCode)}|${normaliseStreet(c.street)}`, k);
    }
    for (const a of aliases) if (a.kind !== 'referencePrefix') this.learned.set(`${a.kind}:${a.value}`, a);
  }

  displayName(kunnr: string): string {
    const n = this.names.get(kunnr);
    return n ? `${kunnr} (${n})` : kunnr;
  }

  private alias(kind: CustomerAliasKind, value: string): CustomerAlias | undefined {
    return value === '' ? undefined : this.learned.get(`${kind}:${value}`);
  }

  /**
   * The customer, strongest evidence first. `inferred` holds links seen in this run's exact
   * matches (a vault id that paid customer X's invoices by number is customer X's).
   */
  resolve(t: Payer, inferred?: ReadonlyMap<string, string>): CustomerResolution | null {
    const vaultId = t.vaultCustomerId.trim();
    const email = normaliseEmail(t.email);
    const name = normaliseName(t.billingName);

    const vault = only(this.vault, vaultId);
    if (typeof vault === 'string' && vault !== 'ambiguous') {
      return { KUNNR: vault, confidence: 0.95, reason: `customer ${this.displayName(vault)} by PayTrace vault id ${vaultId}` };
    }
    for (const [kind, value, label] of [
      ['vaultId', vaultId, `PayTrace vault id ${vaultId}`],
      ['email', email, `e-mail ${email}`],
      ['billingName', name, `billing name "${t.billingName.trim()}"`],
    ] as const) {
      const a = this.alias(kind, value);
      if (a) return { KUNNR: a.KUNNR, confidence: 0.9, reason: `customer ${this.displayName(a.KUNNR)} by ${label}, as a clerk taught` };
    }
    const byEmail = only(this.email, email);
    if (byEmail !== null && byEmail !== 'ambiguous') {
      return { KUNNR: byEmail, confidence: 0.9, reason: `customer ${this.displayName(byEmail)} by e-mail ${email}` };
    }
    const addr = t.billingAddress && t.billingAddress.zip && t.billingAddress.street
      ? only(this.address, `${normalisePostalCode(t.billingAddress.zip)}|${normaliseStreet(t.billingAddress.street)}`)
      : null;
    const byName = only(this.name, name);
    if (byName !== null && byName !== 'ambiguous') {
      const agrees = addr === byName;
      return {
        KUNNR: byName,
        confidence: agrees ? 0.9 : 0.8,
        reason: `customer ${this.displayName(byName)} by billing name "${t.billingName.trim()}"${agrees ? ' and address' : ''}`,
      };
    }
    if (addr !== null && addr !== 'ambiguous') {
      return { KUNNR: addr, confidence: 0.7, reason: `customer ${this.displayName(addr)} by billing address` };
    }
    if (inferred) {
      for (const [key, label] of [
        [`vaultId:${vaultId}`, `PayTrace vault id ${vaultId}`],
        [`email:${email}`, `e-mail ${email}`],
        [`billingName:${name}`, `billing name "${t.billingName.trim()}"`],
      ] as const) {
        const k = key.endsWith(':') ? undefined : inferred.get(key);
        if (k) return { KUNNR: k, confidence: 0.85, reason: `customer ${this.displayName(k)} by ${label}, which paid that customer's invoices by number in this run` };
      }
    }
    return null;
  }
}

/** The identity keys of a transaction that an exact match can vouch for. */
export function identityKeys(t: Payer): string[] {
  const keys: string[] = [];
  if (t.vaultCustomerId.trim()) keys.push(`vaultId:${t.vaultCustomerId.trim()}`);
  if (t.email.trim()) keys.push(`email:${normaliseEmail(t.email)}`);
  const n = normaliseName(t.billingName);
  if (n) keys.push(`billingName:${n}`);
  return keys;
}
