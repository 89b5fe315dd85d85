// Each payment's candidate list, from stage 1 until the assignment has decided. Most payments of
// a large run have one candidate with one claim; those are kept as a row of typed arrays instead
// of four objects (list, candidate, claims, claim). At a million payments that is ~40 MB instead
// of ~270 MB that the garbage collector would trace again and again, and it keeps V8 from
// deciding that candidates live long (it would then allocate every later candidate, including
// the short-lived ones of the output pass, straight in the old generation).
import { type Candidate, NO_REASONS } from './candidate';
import { STAGE_IDS, type StageId } from './rules';
import type { ProposalCase } from './types';

const CASES: readonly ProposalCase[] = [
  'exact',
  'multi',
  'partial',
  'overpayment',
  'card-fee',
  'tolerance',
  'amount',
  'on-account',
  'suspense',
  'duplicate',
  'refund',
  'not-payable',
  'bad-record',
];

/** What the compact row can hold without losing anything; everything else stays an object. */
function isCompact(list: readonly Candidate[]): boolean {
  const c = list[0];
  return list.length === 1 && c!.claims.length === 1 && c!.writeOff === null && c!.reasons.length === 0 && !c!.sole;
}

export class Shortlists {
  /** Lists kept as objects; undefined for a compact row or an empty list. */
  private readonly lists: (Candidate[] | undefined)[];
  private readonly compact: Uint8Array;
  private readonly stage: Uint8Array;
  private readonly kase: Uint8Array;
  private readonly ordinal: Uint16Array;
  private readonly confidence: Float64Array;
  private readonly customer: (string | null)[];
  private readonly item: Float64Array;
  private readonly cash: Float64Array;
  private readonly writeOff: Float64Array;
  private readonly onAccount: Float64Array;
  private readonly trace: Float64Array;

  constructor(readonly size: number) {
    this.lists = new Array<Candidate[] | undefined>(size).fill(undefined);
    this.compact = new Uint8Array(size);
    this.stage = new Uint8Array(size);
    this.kase = new Uint8Array(size);
    this.ordinal = new Uint16Array(size);
    this.confidence = new Float64Array(size);
    this.customer = new Array<string | null>(size).fill(null);
    this.item = new Float64Array(size);
    this.cash = new Float64Array(size);
    this.writeOff = new Float64Array(size);
    this.onAccount = new Float64Array(size);
    this.trace = new Float64Array(size);
  }

  set(i: number, list: Candidate[]): void {
    this.compact[i] = 0;
    this.lists[i] = undefined;
    if (list.length === 0) return;
    if (!isCompact(list)) {
      this.lists[i] = list;
      return;
    }
    const c = list[0]!;
    const k = c.claims[0]!;
    this.compact[i] = 1;
    this.stage[i] = STAGE_IDS.indexOf(c.stage);
    this.kase[i] = CASES.indexOf(c.case);
    this.ordinal[i] = c.ordinal ?? 0;
    this.confidence[i] = c.confidence;
    this.customer[i] = c.customer;
    this.item[i] = k.index;
    this.cash[i] = k.cash;
    this.writeOff[i] = k.writeOff;
    this.onAccount[i] = c.onAccount;
    this.trace[i] = c.trace ?? -1;
  }

  /** The list, best first; a compact row comes back as a fresh (short-lived) one-candidate list. */
  get(i: number): readonly Candidate[] {
    if (this.compact[i] === 0) return this.lists[i] ?? [];
    return [
      {
        stage: STAGE_IDS[this.stage[i]!] as StageId,
        case: CASES[this.kase[i]!]!,
        confidence: this.confidence[i]!,
        customer: this.customer[i]!,
        claims: [{ index: this.item[i]!, cash: this.cash[i]!, writeOff: this.writeOff[i]! }],
        onAccount: this.onAccount[i]!,
        writeOff: null,
        reasons: NO_REASONS,
        ordinal: this.ordinal[i]!,
        trace: this.trace[i]!,
      },
    ];
  }

  /** Whether row i is one candidate with one claim, readable through the claim* methods below. */
  isSingle(i: number): boolean {
    return this.compact[i] === 1;
  }

  claimItem(i: number): number {
    return this.item[i]!;
  }

  /** Cash plus write-off: what the claim takes from its item. */
  claimTotal(i: number): number {
    return this.cash[i]! + this.writeOff[i]!;
  }

  /** The best candidate's confidence (0 without candidates), without building anything. */
  topConfidence(i: number): number {
    if (this.compact[i] === 1) return this.confidence[i]!;
    return this.lists[i]?.[0]?.confidence ?? 0;
  }

  /** The highest confidence in the list (-Infinity without candidates), without building anything. */
  bestConfidence(i: number): number {
    if (this.compact[i] === 1) return this.confidence[i]!;
    let best = -Infinity;
    for (const c of this.lists[i] ?? []) if (c.confidence > best) best = c.confidence;
    return best;
  }

  topCustomer(i: number): string | null {
    if (this.compact[i] === 1) return this.customer[i]!;
    return this.lists[i]?.[0]?.customer ?? null;
  }

  isEmpty(i: number): boolean {
    return this.compact[i] === 0 && (this.lists[i]?.length ?? 0) === 0;
  }

  /** Sorts every list of more than one candidate. */
  sortEach(compare: (a: Candidate, b: Candidate) => number): void {
    for (const list of this.lists) if (list && list.length > 1) list.sort(compare);
  }

  /** Forgets row i: once its proposal is written, its losers are not needed. */
  release(i: number): void {
    this.compact[i] = 0;
    this.lists[i] = undefined;
    this.customer[i] = null;
  }
}
