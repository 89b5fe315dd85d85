// Scores proposals against a scenario's truth: auto-tier precision (no wrong automatic posting)
// and first-proposal accuracy, overall and per case.
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
  }[];
  readonly onAccount: string;
}

export interface Evaluation {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly auto: number;
  readonly autoCorrect: number;
  /** 1 when there is no auto proposal at all. */
  readonly autoPrecision: number;
  readonly byCase: Record<string, { total: number; correct: number; auto: number; autoWrong: number }>;
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
): Evaluation {
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
  for (const t of s.truth) {
    const id = idByKey.get(t.key);
    if (id === undefined) continue;
    const p = byId.get(id);
    total++;
    const expected =
      [...t.items.map((i) => `${i.BUKRS}:${i.XBLNR}=${norm(i.amount)}`)].sort().join(' ') + ` | ${norm(t.onAccount)}`;
    const got = p
      ? [
          ...p.items.map(
            (i) => `${i.BUKRS}:${xblnrOf.get(`${i.BUKRS}/${i.BELNR}/${i.GJAHR}`) ?? i.BELNR}=${norm(i.amount)}`,
          ),
        ]
          .sort()
          .join(' ') + ` | ${norm(p.onAccount)}`
      : '(no proposal)';
    const ok = expected === got;
    const c = (byCase[t.case] ??= { total: 0, correct: 0, auto: 0, autoWrong: 0 });
    c.total++;
    if (ok) {
      correct++;
      c.correct++;
    } else wrong.push({ key: t.key, case: t.case, transactionId: id, expected, got });
    if (p?.tier === 'auto') {
      auto++;
      c.auto++;
      if (ok) autoCorrect++;
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
    byCase,
    wrong,
  };
}
