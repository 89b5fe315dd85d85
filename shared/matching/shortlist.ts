// Each payment's candidate list, from stage 1 until the assignment has decided. Most payments of
// a large run have one candidate with one claim; those are kept as a row of typed arrays instead
// of four objects (list, candidate, claims, claim). At a million payments that is ~30 MB instead
// of ~270 MB that the garbage collector would trace again and again, and it keeps V8 from
// deciding that candidates live long (it would then allocate every later candidate, including
// the short-lived ones of the output pass, straight in the old generation).
import { type Candidate, type Claim, NO_REASONS } from './candidate';
import type { OpenItem } from '../domain';
import { STAGE_IDS, type StageId } from './rules';
import type { ProposalCase } from './types';

const CASES: readonly ProposalCase[] = [
  'exact',
  'multi',
  'partial',
  'overpayment',
  'tolerance',
  'amount',
  'on-account',
  'suspense',
  'duplicate',
  'refund',
  'not-payable',
  'bad-record',
];

/**
 * What the compact row can hold without losing anything: one claim of cash only, nothing on account, the
 * customer its item's. Everything else (write-offs, overpayments, several claims or candidates) stays an object.
 */
function isCompact(list: readonly Candidate[], items: readonly OpenItem[]): boolean {
  const c = list[0];
  return (
    list.length === 1 &&
    c!.claims.length === 1 &&
    c!.writeOff === null &&
    c!.claims[0]!.writeOff === 0 &&
    c!.onAccount === 0 &&
    c!.reasons.length === 0 &&
    !c!.sole &&
    c!.confidence >= 0 &&
    c!.confidence <= 1 &&
    Math.round(c!.confidence * 1000) / 1000 === c!.confidence &&
    c!.customer === items[c!.claims[0]!.index]!.customer
  );
}

/**
 * A copy of a candidate the run keeps until its output pass, allocated here. V8 decides per allocation
 * site whether objects live long (pretenuring): were the stages' own objects kept, the sites that also
 * make the output pass's short-lived candidates, fits and claims would allocate them straight in the
 * old generation, which then grows by ~100 MB of garbage at a million payments before a full collection.
 */
function kept(c: Candidate): Candidate {
  const claims: Claim[] = new Array<Claim>(c.claims.length);
  for (let k = 0; k < c.claims.length; k++) {
    const x = c.claims[k]!;
    claims[k] = { index: x.index, cash: x.cash, writeOff: x.writeOff };
  }
  const w = c.writeOff;
  return {
    stage: c.stage,
    case: c.case,
    confidence: c.confidence,
    customer: c.customer,
    claims,
    onAccount: c.onAccount,
    writeOff: w === null ? null : { minor: w.minor, gl: w.gl, why: w.why },
    reasons: c.reasons,
    ...(c.ordinal !== undefined ? { ordinal: c.ordinal } : {}),
    ...(c.trace !== undefined ? { trace: c.trace } : {}),
    ...(c.sole !== undefined ? { sole: c.sole } : {}),
    ...(c.companyCode !== undefined ? { companyCode: c.companyCode } : {}),
  };
}

/** What row i holds (`Shortlists.compact`): nothing, a compact row, or a list in `lists`. */
const EMPTY = 0;
const COMPACT = 1;
const LISTED = 2;

export class Shortlists {
  /** Lists kept as objects, by position; none for a compact row or an empty list. */
  private readonly lists = new Map<number, Candidate[]>();
  private readonly compact: Uint8Array;
  private readonly stage: Uint8Array;
  private readonly kase: Uint8Array;
  private readonly ordinal: Uint16Array;
  /** In thousandths: a compact row's confidence is rounded to three places (candidate.ts `round3`). */
  private readonly confidence: Uint16Array;
  private readonly item: Int32Array;
  private readonly cash: Float64Array;
  /** The exact stage's trace (exact-stage.ts `Trace`), -1 for none or one too large to keep here (the twin then looks up again). */
  private readonly trace: Int32Array;

  constructor(
    readonly size: number,
    /** The run's open items, which the compact rows' claims point into. */
    private readonly items: readonly OpenItem[],
  ) {
    this.compact = new Uint8Array(size);
    this.stage = new Uint8Array(size);
    this.kase = new Uint8Array(size);
    this.ordinal = new Uint16Array(size);
    this.confidence = new Uint16Array(size);
    this.item = new Int32Array(size);
    this.cash = new Float64Array(size);
    this.trace = new Int32Array(size);
  }

  set(i: number, list: Candidate[]): void {
    if (this.compact[i] === LISTED) this.lists.delete(i);
    this.compact[i] = EMPTY;
    if (list.length === 0) return;
    if (!isCompact(list, this.items)) {
      this.lists.set(i, list.map(kept));
      this.compact[i] = LISTED;
      return;
    }
    const c = list[0]!;
    const k = c.claims[0]!;
    this.compact[i] = COMPACT;
    this.stage[i] = STAGE_IDS.indexOf(c.stage);
    this.kase[i] = CASES.indexOf(c.case);
    this.ordinal[i] = c.ordinal ?? 0;
    this.confidence[i] = Math.round(c.confidence * 1000);
    this.item[i] = k.index;
    this.cash[i] = k.cash;
    const trace = c.trace ?? -1;
    this.trace[i] = trace <= 0x7fffffff ? trace : -1;
  }

  /** The list, best first; a compact row comes back as a fresh (short-lived) one-candidate list. */
  get(i: number): readonly Candidate[] {
    if (this.compact[i] !== COMPACT) return this.lists.get(i) ?? [];
    return [
      {
        stage: STAGE_IDS[this.stage[i]!] as StageId,
        case: CASES[this.kase[i]!]!,
        confidence: this.confidence[i]! / 1000,
        customer: this.items[this.item[i]!]!.customer,
        claims: [{ index: this.item[i]!, cash: this.cash[i]!, writeOff: 0 }],
        onAccount: 0,
        writeOff: null,
        reasons: NO_REASONS,
        ordinal: this.ordinal[i]!,
        trace: this.trace[i]!,
      },
    ];
  }

  /**
   * How entry `at` of row i was found (its stage, its ordinal among that stage's candidates, its trace),
   * without building it: all the output pass needs to generate it again with its reasons.
   */
  originAt(i: number, at: number): { stage: StageId; ordinal: number; trace: number | undefined } | null {
    if (this.compact[i] === COMPACT)
      return at === 0
        ? { stage: STAGE_IDS[this.stage[i]!] as StageId, ordinal: this.ordinal[i]!, trace: this.trace[i]! }
        : null;
    const c = this.lists.get(i)?.[at];
    return c ? { stage: c.stage, ordinal: c.ordinal ?? 0, trace: c.trace } : null;
  }

  /** Whether row i is one candidate with one claim, readable through the claim* methods below. */
  isSingle(i: number): boolean {
    return this.compact[i] === COMPACT;
  }

  claimItem(i: number): number {
    return this.item[i]!;
  }

  /** What the claim takes from its item (a compact row writes nothing off). */
  claimTotal(i: number): number {
    return this.cash[i]!;
  }

  /** The best candidate's confidence (0 without candidates), without building anything. */
  topConfidence(i: number): number {
    if (this.compact[i] === COMPACT) return this.confidence[i]! / 1000;
    return this.lists.get(i)?.[0]?.confidence ?? 0;
  }

  /** The highest confidence in the list (-Infinity without candidates), without building anything. */
  bestConfidence(i: number): number {
    if (this.compact[i] === COMPACT) return this.confidence[i]! / 1000;
    let best = -Infinity;
    for (const c of this.lists.get(i) ?? []) if (c.confidence > best) best = c.confidence;
    return best;
  }

  topCustomer(i: number): string | null {
    if (this.compact[i] === COMPACT) return this.items[this.item[i]!]!.customer;
    return this.lists.get(i)?.[0]?.customer ?? null;
  }

  isEmpty(i: number): boolean {
    return this.compact[i] === EMPTY;
  }

  /** Sorts every list of more than one candidate. */
  sortEach(compare: (a: Candidate, b: Candidate) => number): void {
    for (const list of this.lists.values()) if (list.length > 1) list.sort(compare);
  }

  /** Forgets row i: once its proposal is written, its losers are not needed. */
  release(i: number): void {
    if (this.compact[i] === LISTED) this.lists.delete(i);
    this.compact[i] = EMPTY;
  }
}
