// Stage 2: who paid? PayTrace's vault customer_id, billing name, e-mail and address against the
// SAP customer master, plus what clerks taught (aliases) and what this run's exact matches show.
import type { Customer } from '../domain';
import type { CustomerAlias, CustomerAliasKind, MatchAlias } from './aliases';
import { fullName, normaliseEmail, normaliseName, normalisePostalCode, normaliseStreet } from './names';
import type { MatchableTransaction } from './types';

/** What a transaction says about who paid. */
export type Payer = Pick<MatchableTransaction, 'vaultCustomerId' | 'email' | 'billingName' | 'billingAddress'>;

export interface CustomerResolution {
  readonly KUNNR: string;
  readonly confidence: number;
  readonly reason: string;
  /** What recognised the payer (the learned model's features); absent when inferred otherwise. */
  readonly evidence?: 'vault id' | 'e-mail' | 'billing name' | 'address';
  /** Known only from the payer history (a card that paid this customer before), which a shared card misleads. */
  readonly fromHistory?: boolean;
}

const INFERRED = ", which paid that customer's invoices by number in this run";

/** How a payer was recognised: the evidence, and what the sentence says after it. */
const HOW = {
  vault: { evidence: 'vault id', tail: '', confidence: 0.95 },
  kunnr: {
    evidence: 'vault id',
    tail: ', which is the SAP customer number without its leading zeros',
    confidence: 0.9,
  },
  domain: { evidence: 'e-mail', tail: ": the customer's own mail domain", confidence: 0.8 },
  namePrefix: { evidence: 'billing name', tail: ' (the customer name with more words)', confidence: 0.75 },
  taughtVault: { evidence: 'vault id', tail: ', as a clerk taught', confidence: 0.9 },
  // Below a certain payer (0.9, `SURE_PAYER` in scored-stage.ts): the history suggests, it never posts a payment
  // without an invoice number by itself; a shared card (a bookkeeper's, a payment service's) may have paid once.
  paidVault: {
    evidence: 'vault id',
    tail: ", which paid this customer's invoices before",
    confidence: 0.85,
    history: true,
  },
  taughtEmail: { evidence: 'e-mail', tail: ', as a clerk taught', confidence: 0.9 },
  taughtName: { evidence: 'billing name', tail: ', as a clerk taught', confidence: 0.9 },
  email: { evidence: 'e-mail', tail: '', confidence: 0.9 },
  nameAndAddress: { evidence: 'billing name', tail: ' and address', confidence: 0.9 },
  name: { evidence: 'billing name', tail: '', confidence: 0.8 },
  address: { evidence: 'address', tail: '', confidence: 0.7 },
  inferredVault: { evidence: 'vault id', tail: INFERRED, confidence: 0.85 },
  inferredEmail: { evidence: 'e-mail', tail: INFERRED, confidence: 0.85 },
  inferredName: { evidence: 'billing name', tail: INFERRED, confidence: 0.85 },
} as const;
type Evidence = (typeof HOW)[keyof typeof HOW]['evidence'];
interface How {
  readonly evidence: Evidence;
  readonly tail: string;
  readonly confidence: number;
  readonly history?: boolean;
}

/**
 * A resolution whose reason is written only when read: a run resolves every payer, but most
 * proposals never show this sentence, and a million of them would stay in memory until the end.
 * It holds a shared description (`how`) rather than its own number and strings, for the same reason.
 */
class Resolution implements CustomerResolution {
  constructor(
    readonly KUNNR: string,
    private readonly how: How,
    private readonly resolver: CustomerResolver,
    /** The payer's value the evidence is about (vault id, e-mail, billing name as typed). */
    private readonly value: string,
  ) {}

  get confidence(): number {
    return this.how.confidence;
  }

  get evidence(): Evidence {
    return this.how.evidence;
  }

  get fromHistory(): boolean {
    return this.how.history === true;
  }

  get reason(): string {
    return `customer ${this.resolver.displayName(this.KUNNR)} by ${label(this.how.evidence, this.value)}${this.how.tail}`;
  }
}

function label(evidence: Evidence, value: string): string {
  switch (evidence) {
    case 'vault id':
      return `PayTrace vault id ${value}`;
    case 'e-mail':
      return `e-mail ${value}`;
    case 'billing name':
      return `billing name "${value}"`;
    case 'address':
      return 'billing address';
  }
}

/** Key to the customer it names, or to the set of customers when more than one: most keys name one (no Set each). */
type Index = Map<string, string | Set<string>>;

function put(index: Index, key: string, kunnr: string): void {
  if (key === '') return;
  const had = index.get(key);
  if (had === undefined) index.set(key, kunnr);
  else if (typeof had !== 'string') had.add(kunnr);
  else if (had !== kunnr) index.set(key, new Set([had, kunnr]));
}

function only(index: Index, key: string): string | null | 'ambiguous' {
  if (key === '') return null;
  const had = index.get(key);
  if (had === undefined) return null;
  return typeof had === 'string' ? had : 'ambiguous';
}

export class CustomerResolver {
  private readonly vault: Index = new Map();
  private readonly email: Index = new Map();
  private readonly name: Index = new Map();
  /** The first words of every customer's longer name ("ACME" of "ACME LOGISTICS"): a payer's name that is one names no one. */
  private readonly nameStarts = new Set<string>();
  /** The full names, legal form and all ("CEDAR FOODS CORP"), of customers whose name is such a start: typed so, they name it. */
  private readonly fullNames: Index = new Map();
  private readonly address: Index = new Map();
  private readonly learned = new Map<string, CustomerAlias>();
  /** The payer history (`PaidBeforeAlias`): vault id -> its customer, with the sentence naming the payment. */
  private readonly paidBefore = new Map<string, { KUNNR: string; how: How }>();
  private readonly names = new Map<string, string>();
  private readonly vaultResolutions = new Map<string, Resolution>();
  private readonly domain: Index = new Map();
  private readonly headOffice = new Map<string, string>();
  private readonly group = new Map<string, string>();
  private readonly groupMembers = new Map<string, Set<string>>();
  private readonly branches = new Map<string, string[]>();
  /** KUNNR -> its company codes (KNB1), built when first asked (a run with a refund): a million entries otherwise. */
  private codes: Map<string, string[]> | null = null;

  constructor(
    private readonly customers: readonly Customer[],
    aliases: readonly MatchAlias[],
  ) {
    for (const c of customers) {
      const k = c.source.KUNNR;
      if (!this.names.has(k)) this.names.set(k, c.name);
      if (c.email) put(this.domain, companyDomain(c.email), k);
      if (c.headOffice && c.headOffice !== k && !this.headOffice.has(k)) {
        this.headOffice.set(k, c.headOffice);
        this.branches.set(c.headOffice, [...(this.branches.get(c.headOffice) ?? []), k]);
      }
      if (c.group) {
        this.group.set(k, c.group);
        const members = this.groupMembers.get(c.group);
        if (members) members.add(k);
        else this.groupMembers.set(c.group, new Set([k]));
      }
      for (const v of c.vaultIds ?? []) put(this.vault, v, k);
      put(this.email, c.email ? normaliseEmail(c.email) : '', k);
      const name = normaliseName(c.name);
      put(this.name, name, k);
      for (let at = name.indexOf(' '); at > 0; at = name.indexOf(' ', at + 1)) this.nameStarts.add(name.slice(0, at));
      if (c.postalCode && c.street)
        put(this.address, `${normalisePostalCode(c.postalCode)}|${normaliseStreet(c.street)}`, k);
    }
    for (const a of aliases)
      if (a.kind === 'paidBefore')
        this.paidBefore.set(a.value, {
          KUNNR: a.KUNNR,
          how: { ...HOW.paidVault, tail: `${HOW.paidVault.tail} (payment ${a.learnedFrom} was approved)` },
        });
      else if (a.kind !== 'referencePrefix') this.learned.set(`${a.kind}:${a.value}`, a);
    if (this.nameStarts.size > 0)
      for (const c of customers)
        if (this.nameStarts.has(normaliseName(c.name))) put(this.fullNames, fullName(c.name), c.source.KUNNR);
  }

  /**
   * One shared (immutable) resolution per vault id that names exactly one customer: a
   * customer's many payments need only one, and the next payment finds it with one look-up.
   */
  private byVault(kunnr: string, vaultId: string): Resolution {
    const r = new Resolution(kunnr, HOW.vault, this, vaultId);
    this.vaultResolutions.set(vaultId, r);
    return r;
  }

  /** The company codes the customer master holds `kunnr` in (KNB1-BUKRS). */
  companyCodesOf(kunnr: string): readonly string[] {
    if (this.codes === null) {
      this.codes = new Map();
      for (const c of this.customers) {
        const had = this.codes.get(c.source.KUNNR);
        if (!had) this.codes.set(c.source.KUNNR, [c.source.BUKRS]);
        else if (!had.includes(c.source.BUKRS)) had.push(c.source.BUKRS);
      }
    }
    return this.codes.get(kunnr) ?? [];
  }

  /** Customers whose head office (KNB1-KNRZE) is `kunnr`. */
  branchesOf(kunnr: string): readonly string[] {
    return this.branches.get(kunnr) ?? [];
  }

  /**
   * Every customer SAP's master relates to `kunnr`, itself included: its head office, the head
   * office's branches and its own (KNB1-KNRZE), and the members of its corporate group (KNA1-KONZS).
   * Who may pay for whom: an amount is unique to a payer only when it is unique among these.
   */
  related(kunnr: string): Set<string> {
    const out = new Set([kunnr]);
    const head = this.headOffice.get(kunnr) ?? kunnr;
    out.add(head);
    for (const b of this.branches.get(head) ?? []) out.add(b);
    for (const b of this.branches.get(kunnr) ?? []) out.add(b);
    for (const k of [...out]) {
      const g = this.group.get(k);
      for (const m of g === undefined ? [] : (this.groupMembers.get(g) ?? [])) out.add(m);
    }
    return out;
  }

  /**
   * How the payer `payer` is related to the customer `customer` in SAP's master: 'head-office' when
   * the payer is the customer's head office (KNB1-KNRZE), 'group' when both are in one corporate
   * group (KNA1-KONZS), else null.
   */
  relation(payer: string, customer: string): 'head-office' | 'group' | null {
    if (this.headOffice.get(customer) === payer) return 'head-office';
    const g = this.group.get(payer);
    return g !== undefined && g === this.group.get(customer) ? 'group' : null;
  }

  displayName(kunnr: string): string {
    const n = this.names.get(kunnr);
    return n ? `${kunnr} (${n})` : kunnr;
  }

  private alias(kind: CustomerAliasKind, value: string): CustomerAlias | undefined {
    return value === '' ? undefined : this.learned.get(`${kind}:${value}`);
  }

  /** What the payment's words name in SAP's master: billing name (and address), address, name variants, mail domain. */
  private byText(t: Payer, email: string, name: string, typedName: string): Resolution | null {
    const addr =
      t.billingAddress && t.billingAddress.zip && t.billingAddress.street
        ? only(this.address, `${normalisePostalCode(t.billingAddress.zip)}|${normaliseStreet(t.billingAddress.street)}`)
        : null;
    // "ACME" is ACME Corporation Ltd's name less its legal form, but also how Acme Logistics starts: it names
    // neither, unless the address confirms it or the name is typed in full ("Cedar Foods Corp", not "Cedar Foods").
    const byName = only(this.name, name);
    if (
      byName !== null &&
      byName !== 'ambiguous' &&
      (addr === byName || !this.nameStarts.has(name) || only(this.fullNames, fullName(typedName)) === byName)
    )
      return new Resolution(byName, addr === byName ? HOW.nameAndAddress : HOW.name, this, typedName);
    if (addr !== null && addr !== 'ambiguous') return new Resolution(addr, HOW.address, this, '');
    // Variants: "Acme Corp - Accounts Payable" is Acme Corp; accounts.payable@acme.example is Acme's.
    const words = name.split(' ');
    for (let n = words.length - 1; n >= 2; n--) {
      const prefix = only(this.name, words.slice(0, n).join(' '));
      if (prefix === 'ambiguous') break;
      if (prefix !== null) return new Resolution(prefix, HOW.namePrefix, this, typedName);
    }
    const byDomain = only(this.domain, companyDomain(email));
    if (byDomain !== null && byDomain !== 'ambiguous') return new Resolution(byDomain, HOW.domain, this, email);
    return null;
  }

  /** What the payment's own billing name, address and mail domain say (`byText`), the payer history aside. */
  ownWords(t: Payer): CustomerResolution | null {
    return this.byText(t, normaliseEmail(t.email), normaliseName(t.billingName), t.billingName.trim());
  }

  /**
   * The customer, strongest evidence first. `inferred` holds links seen in this run's exact
   * matches (a vault id that paid customer X's invoices by number is customer X's).
   */
  resolve(t: Payer, inferred?: ReadonlyMap<string, string>): CustomerResolution | null {
    const vaultId = t.vaultCustomerId.trim();
    // The usual case first, before the e-mail and name are normalised: a vault id seen before.
    const known = this.vaultResolutions.get(vaultId);
    if (known) return known;
    const vault = only(this.vault, vaultId);
    if (typeof vault === 'string' && vault !== 'ambiguous') return this.byVault(vault, vaultId);
    const email = normaliseEmail(t.email);
    const name = normaliseName(t.billingName);
    const typedName = t.billingName.trim();
    const evidence = [
      ['vaultId', vaultId, HOW.taughtVault, HOW.inferredVault, vaultId],
      ['email', email, HOW.taughtEmail, HOW.inferredEmail, email],
      ['billingName', name, HOW.taughtName, HOW.inferredName, typedName],
    ] as const;

    for (const [kind, value, taught, , shown] of evidence) {
      const a = this.alias(kind, value);
      if (a) return new Resolution(a.KUNNR, taught, this, shown);
    }
    const byEmail = only(this.email, email);
    if (byEmail !== null && byEmail !== 'ambiguous') return new Resolution(byEmail, HOW.email, this, email);
    // A PayTrace vault id that is the SAP customer number without its leading zeros (a common setup).
    if (/^\d{1,10}$/.test(vaultId)) {
      const kunnr = vaultId.padStart(10, '0');
      if (this.names.has(kunnr) && !this.vault.has(vaultId)) return new Resolution(kunnr, HOW.kunnr, this, vaultId);
    }
    // The payer history where the master's words say less (a billing name, an address) or nothing: after what
    // SAP's master says for certain (the exact e-mail, the SAP number), as the history is inferred and a card once
    // used for one company may pay for another.
    const text = this.byText(t, email, name, typedName);
    const paid = this.paidBefore.get(vaultId);
    if (paid && (text === null || text.confidence < paid.how.confidence))
      return new Resolution(paid.KUNNR, paid.how, this, vaultId);
    if (text !== null) return text;
    if (inferred) {
      for (const [kind, value, , learned, shown] of evidence) {
        const key = `${kind}:${value}`;
        const k = key.endsWith(':') ? undefined : inferred.get(key);
        if (k) return new Resolution(k, learned, this, shown);
      }
    }
    return null;
  }
}

/** Mail providers anyone can use: their domain says nothing about the company. */
const PUBLIC_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

/** The company's mail domain of an address, or "" for a public provider or no address. */
export function companyDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '';
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain.includes('.') && !PUBLIC_MAIL.has(domain) ? domain : '';
}

export type IdentityKind = 'vaultId' | 'email' | 'billingName';
const EVERY_IDENTITY: ReadonlySet<IdentityKind> = new Set(['vaultId', 'email', 'billingName']);

/** The kind of an identity key ("vaultId:V1" is a vault id). */
export const identityKindOf = (key: string): IdentityKind => key.slice(0, key.indexOf(':')) as IdentityKind;

/** The identity keys of a transaction that an exact match can vouch for (of the kinds asked, else all). */
export function identityKeys(t: Payer, kinds: ReadonlySet<IdentityKind> = EVERY_IDENTITY): string[] {
  const keys: string[] = [];
  if (kinds.has('vaultId') && t.vaultCustomerId.trim()) keys.push(`vaultId:${t.vaultCustomerId.trim()}`);
  if (kinds.has('email') && t.email.trim()) keys.push(`email:${normaliseEmail(t.email)}`);
  const n = kinds.has('billingName') ? normaliseName(t.billingName) : '';
  if (n) keys.push(`billingName:${n}`);
  return keys;
}
