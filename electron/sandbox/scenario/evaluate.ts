// Scores proposals against a scenario's truth: auto-tier precision (no wrong automatic posting)
// and first-proposal accuracy, overall and per case; item-level accuracy and automatic coverage.
import { documentNumbers } from './doc-numbers';
import type { Scenario } from './types';

/** A proposal reduced to what the truth labels: items by document key, amounts as decimal text. */
export interface ScoredProposal {
  readonly transactionId: number;
  readonly tier: 'auto' | 'suggest' | 'none';
  readonly items: readonly {
    readonly BUKRS: string;
    readonly BELNR: string;
    readonly GJAHR: string;
    readonly amount: string;
    /** What of the item is cleared to a G/L account (strict scoring compares it). */
    readonly writeOff?: string;
  }[];
  readonly onAccount: string;
  /** Why the write-offs are cleared: 'discount', 'tolerance' (strict scoring compares it). */
  readonly writeOffWhy?: string | null;
  /**
   * The proposal flags a likely duplicate (the engine's case 'duplicate'). When given, strict scoring
   * compares it with the truth (`duplicateOfKey`, `duplicateOfCleared`): money on account is not the
   * same answer as money on account because it likely pays an invoice again.
   */
  readonly duplicate?: boolean;
}

export interface EvaluateOptions {
  /**
   * Also compare what each item clears to a G/L account and why (an earned discount is not a card
   * fee, a short payment clears nothing), and count an automatic proposal where the truth says a
   * clerk must decide (`autoAllowed: false`) as a wrong one, whatever it proposes.
   */
  readonly strict?: boolean;
}

export interface Evaluation {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly auto: number;
  readonly autoCorrect: number;
  /** 1 when there is no auto proposal at all. */
  readonly autoPrecision: number;
  /** Share of payments proposed for the automatic tier. */
  readonly coverage: number;
  /** Item level: lines (an item with its amount, or what goes on account) proposed right, of max(expected, proposed) per payment. */
  readonly itemsCorrect: number;
  readonly itemsTotal: number;
  readonly itemAccuracy: number;
  readonly byCase: Record<
    string,
    { total: number; correct: number; auto: number; autoWrong: number; itemsCorrect: number; itemsTotal: number }
  >;
  readonly wrong: { key: string; case: string; transactionId: number; expected: string; got: string }[];
}

const norm = (d: string): string => {
  const neg = d.startsWith('-');
  const t = (neg ? d.slice(1) : d).replace(/^0+(?=\d)/, '');
  const [w, f = ''] = t.split('.');
  const frac = f.replace(/0+$/, '');
  const body = frac ? `${w}.${frac}` : w!;
  return body === '0' ? '0' : (neg ? '-' : '') + body;
};

export function evaluateProposals(
  s: Scenario,
  idByKey: ReadonlyMap<string, number>,
  proposals: readonly ScoredProposal[],
  options: EvaluateOptions = {},
): Evaluation {
  const strict = options.strict === true;
  const wo = (amount: string | undefined, why: string | null | undefined): string =>
    strict && amount !== undefined && norm(amount) !== '0' ? ` +${norm(amount)} ${why ?? '?'}` : '';
  const docs = documentNumbers(s.invoices);
  const xblnrOf = new Map(
    s.invoices.map((inv, i) => [`${docs[i]!.BUKRS}/${docs[i]!.BELNR}/${docs[i]!.GJAHR}`, inv.XBLNR]),
  );
  const byId = new Map(proposals.map((p) => [p.transactionId, p]));
  const byCase: Evaluation['byCase'] = {};
  const wrong: Evaluation['wrong'] = [];
  let correct = 0;
  let auto = 0;
  let autoCorrect = 0;
  let total = 0;
  let itemsCorrect = 0;
  let itemsTotal = 0;
  for (const t of s.truth) {
    const id = idByKey.get(t.key);
    if (id === undefined) continue;
    const p = byId.get(id);
    total++;
    const want = t.items.map((i) => `${i.BUKRS}:${i.XBLNR}=${norm(i.amount)}${wo(i.writeOff, t.writeOffWhy)}`);
    const have = p
      ? p.items.map(
          (i) =>
            `${i.BUKRS}:${xblnrOf.get(`${i.BUKRS}/${i.BELNR}/${i.GJAHR}`) ?? i.BELNR}=${norm(i.amount)}${wo(i.writeOff, p.writeOffWhy)}`,
        )
      : [];
    if (norm(t.onAccount) !== '0') want.push(`on account ${norm(t.onAccount)}`);
    if (p && norm(p.onAccount) !== '0') have.push(`on account ${norm(p.onAccount)}`);
    const flags = strict && p?.duplicate !== undefined;
    const dupWanted = flags && (t.duplicateOfKey !== undefined || t.duplicateOfCleared !== undefined);
    const expected =
      [...t.items.map((_, k) => want[k]!)].sort().join(' ') + ` | ${norm(t.onAccount)}${dupWanted ? ' duplicate' : ''}`;
    const got = p
      ? [...have.filter((h) => !h.startsWith('on account'))].sort().join(' ') +
        ` | ${norm(p.onAccount)}${flags && p.duplicate ? ' duplicate' : ''}`
      : '(no proposal)';
    const pending = [...have];
    let lines = 0;
    for (const w of want) {
      const k = pending.indexOf(w);
      if (k >= 0) {
        lines++;
        pending.splice(k, 1);
      }
    }
    const lineTotal = Math.max(want.length, have.length, 1);
    itemsCorrect += lines;
    itemsTotal += lineTotal;
    const ok = expected === got;
    const c = (byCase[t.case] ??= { total: 0, correct: 0, auto: 0, autoWrong: 0, itemsCorrect: 0, itemsTotal: 0 });
    c.total++;
    c.itemsCorrect += lines;
    c.itemsTotal += lineTotal;
    if (ok) {
      correct++;
      c.correct++;
    } else wrong.push({ key: t.key, case: t.case, transactionId: id, expected, got });
    if (p?.tier === 'auto') {
      auto++;
      c.auto++;
      if (ok && !(strict && t.autoAllowed === false)) autoCorrect++;
      else c.autoWrong++;
    }
  }
  return {
    total,
    correct,
    accuracy: total ? correct / total : 1,
    auto,
    autoCorrect,
    autoPrecision: auto ? autoCorrect / auto : 1,
    coverage: total ? auto / total : 0,
    itemsCorrect,
    itemsTotal,
    itemAccuracy: itemsTotal ? itemsCorrect / itemsTotal : 1,
    byCase,
    wrong,
  };
}
