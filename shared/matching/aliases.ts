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

export type MatchAlias = CustomerAlias | ReferencePrefixAlias;

/** Stable identity of an alias: a newer alias with the same id replaces the older one. */
export function aliasId(a: MatchAlias): string {
  return a.kind === 'referencePrefix' ? `referencePrefix:${a.from}` : `${a.kind}:${a.value}`;
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
    case 'email':
      return `e-mail ${a.value} is customer ${a.KUNNR}`;
    case 'billingName':
      return `billing name "${a.value}" is customer ${a.KUNNR}`;
  }
}
