// What clerks teach the engine: "billing name ACME CORP is customer 0000100001", "invoice ids
// starting WEB are our 9000 numbers". Plain data; the host stores, lists and removes them.

export type CustomerAliasKind = 'vaultId' | 'email' | 'billingName';

export interface CustomerAlias {
  readonly kind: CustomerAliasKind;
  /** Normalised value (normaliseName / normaliseEmail; vault ids as PayTrace sends them). */
  readonly value: string;
  readonly KUNNR: string;
  readonly learnedFrom: number;
}

/** An invoice key starting with `from` is read as starting with `to` (both normalised keys). */
export interface ReferencePrefixAlias {
  readonly kind: 'referencePrefix';
  readonly from: string;
  readonly to: string;
  readonly learnedFrom: number;
}

/**
 * Not taught but remembered: a PayTrace vault id whose approved payments all went to one customer (the store's payer
 * history, read before each run, never stored as an alias). SAP's customer master holds no vault ids, so this is how
 * the app comes to know a returning payer's card on file, as a clerk who approved those payments would.
 */
export interface PaidBeforeAlias {
  readonly kind: 'paidBefore';
  /** The vault id as PayTrace sends it. */
  readonly value: string;
  readonly KUNNR: string;
  /** The latest approved payment from this vault id (transaction id). */
  readonly learnedFrom: number;
}

export type MatchAlias = CustomerAlias | ReferencePrefixAlias | PaidBeforeAlias;

/** Stable identity of an alias: a newer alias with the same id replaces the older one. */
export function aliasId(a: MatchAlias): string {
  return a.kind === 'referencePrefix' ? `referencePrefix:${a.from}` : `${a.kind}:${a.value}`;
}

/**
 * The payer history as aliases: each vault id whose approved payments went to exactly one customer (a vault id that
 * paid two customers' invoices, a head office paying for its branches say, names neither); `paid` lists every
 * (vault id, customer, latest payment) pair approved.
 */
export function paidBeforeAliases(
  paid: readonly { vaultId: string; KUNNR: string; payment: number }[],
): PaidBeforeAlias[] {
  const byVault = new Map<string, PaidBeforeAlias | null>();
  for (const p of paid) {
    const vault = p.vaultId.trim();
    if (vault === '') continue;
    const had = byVault.get(vault);
    if (had === undefined)
      byVault.set(vault, { kind: 'paidBefore', value: vault, KUNNR: p.KUNNR, learnedFrom: p.payment });
    else if (had !== null && had.KUNNR !== p.KUNNR) byVault.set(vault, null);
    else if (had !== null && p.payment > had.learnedFrom) byVault.set(vault, { ...had, learnedFrom: p.payment });
  }
  return [...byVault.values()].filter((a): a is PaidBeforeAlias => a !== null);
}

/** Existing aliases with the learned ones added (same id: the learned one wins), sorted by id. */
export function mergeAliases(existing: readonly MatchAlias[], learned: readonly MatchAlias[]): MatchAlias[] {
  const byId = new Map<string, MatchAlias>();
  for (const a of existing) byId.set(aliasId(a), a);
  for (const a of learned) byId.set(aliasId(a), a);
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a);
}

export function removeAlias(existing: readonly MatchAlias[], id: string): MatchAlias[] {
  return existing.filter((a) => aliasId(a) !== id);
}

export function describeAlias(a: MatchAlias): string {
  switch (a.kind) {
    case 'referencePrefix':
      return `invoice numbers starting ${a.from} are read as starting ${a.to}`;
    case 'vaultId':
      return `PayTrace vault id ${a.value} is customer ${a.KUNNR}`;
    case 'paidBefore':
      return `PayTrace vault id ${a.value} paid customer ${a.KUNNR}'s invoices before (payment ${a.learnedFrom})`;
    case 'email':
      return `e-mail ${a.value} is customer ${a.KUNNR}`;
    case 'billingName':
      return `billing name "${a.value}" is customer ${a.KUNNR}`;
  }
}
