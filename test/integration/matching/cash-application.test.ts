// The harder labelled set: the scenario generator's cash-application mode (payments as an AR team
// meets them, with a senior clerk's answers), matched by the engine. Prints per-case figures:
// payment-level and item-level first-proposal accuracy, automatic precision and coverage.
import { describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_CASES,
  CASH_APPLICATION_CASES,
  CLEARED_CASES,
  documentNumbers,
  type Evaluation,
  evaluateProposals,
  generateScenario,
  REFUND_CASES,
  type Scenario,
  type ScenarioOptions,
  scenarioClearedItems,
  scenarioCustomers,
  scenarioToLineItems,
  scenarioToPayTrace,
} from '../../../electron/sandbox/scenario';
import { fromLineItem, fromPayTraceRecord } from '../../../shared/mapping';
import {
  applyModel,
  clearedLookupKeys,
  type PaidBeforeAlias,
  paidBeforeAliases,
  DEFAULT_RULES,
  matchPayments,
  preparePrefixes,
  matchWithContext,
  PRIOR_MODEL,
  reliability,
  trainModel,
} from '../../../shared/matching';
import { currencyExponent, decimalToMinor, money, percentThousandthsOf, toDecimal } from '../../../shared/money';
import type { EngineProposal } from '../../../shared/matching';
import { correctIds, labelledRun, labelledSamples, priorRun } from './learning-set';

export const CASH_APPLICATION_OPTIONS: ScenarioOptions = {
  mode: 'cash-application',
  seed: 20251205,
  customers: 120,
  invoicesPerCustomer: 4,
  payments: 600,
  currency: 'USD',
  startDate: '2025-03-03',
  days: 21,
};

/**
 * The goals this set holds the engine to (issue 15: 95 % first proposals, 60 % automatic). The 60 %
 * is of the day's cases; the adversarial ones (ADVERSARIAL_CASES) are built to stay with a clerk.
 */
const GOALS = { accuracy: 0.97, itemAccuracy: 0.97, coverage: 0.55, dayCoverage: 0.6 };

/** Automatic coverage of the day's cases alone, without the adversarial ones. */
function dayCoverage(ev: Evaluation): { auto: number; total: number } {
  const adversarial = new Set<string>(ADVERSARIAL_CASES);
  let auto = 0;
  let total = 0;
  for (const [k, c] of Object.entries(ev.byCase))
    if (!adversarial.has(k)) {
      auto += c.auto;
      total += c.total;
    }
  return { auto, total };
}

const pct = (x: number): string => `${(x * 100).toFixed(1).padStart(5)} %`;

function table(ev: Evaluation): string {
  const rows = [
    `${'case'.padEnd(24)} ${'n'.padStart(4)}  payment    item       auto prec.  auto cov.`,
    ...Object.entries(ev.byCase)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([k, c]) =>
          `${k.padEnd(24)} ${String(c.total).padStart(4)}  ${pct(c.correct / c.total)}    ${pct(c.itemsCorrect / c.itemsTotal)}    ${c.auto ? pct((c.auto - c.autoWrong) / c.auto) : '     -  '}    ${pct(c.auto / c.total)}`,
      ),
    `${'all'.padEnd(24)} ${String(ev.total).padStart(4)}  ${pct(ev.accuracy)}    ${pct(ev.itemAccuracy)}    ${pct(ev.autoPrecision)}    ${pct(ev.coverage)}`,
  ];
  return rows.join('\n');
}

/**
 * How the run sees the customer master: `labelled` with the scenario's vault ids in it (as `cleardesk match
 * --customers` may be given them), or `sap` as the app gets it from SAP, whose KNA1 holds no vault ids, with the
 * payer history of earlier approvals (`paidBefore`); `only` limits the figures to these payments.
 */
interface RunView {
  readonly master?: 'labelled' | 'sap';
  readonly paidBefore?: readonly PaidBeforeAlias[];
  readonly only?: ReadonlySet<string>;
}

export function runCashApplication(s: Scenario, view: RunView = {}): Evaluation {
  const { records, idByKey } = scenarioToPayTrace(s);
  const ops = new Map(s.payments.map((op) => [op.key, op]));
  const keyById = new Map([...idByKey].map(([k, id]) => [id, k]));
  const currencyOf = (key: string): string => {
    const op = ops.get(key)!;
    const sale = 'ref' in op ? ops.get(op.ref)! : op;
    return ('currency' in sale && sale.currency) || s.currency;
  };
  const txs = records.map((r, i) => fromPayTraceRecord(r, i, currencyOf(keyById.get(r.transaction_id)!)));
  const items = scenarioToLineItems(s).map((row, i) => fromLineItem(row, i));
  // The cleared invoices the payments name, as the store's look-up hands them to the matcher.
  const clearedItems = scenarioClearedItems(
    s,
    clearedLookupKeys(txs, preparePrefixes(DEFAULT_RULES.referencePrefixes)),
  );
  const customers = scenarioCustomers(s);
  const proposals = matchPayments({
    transactions: txs,
    openItems: items,
    customers: view.master === 'sap' ? customers.map((c) => ({ ...c, vaultIds: [] })) : customers,
    aliases: view.paidBefore ?? [],
    clearedItems,
  });
  const only = view.only;
  return evaluateProposals(
    s,
    only ? new Map([...idByKey].filter(([key]) => only.has(key))) : idByKey,
    proposals.map((p) => ({
      transactionId: p.transactionId,
      tier: p.tier,
      items: p.items.map((a) => ({
        ...a.item,
        amount: toDecimal(a.amount),
        ...(a.writeOff ? { writeOff: toDecimal(a.writeOff) } : {}),
      })),
      onAccount: toDecimal(p.onAccount),
      writeOffWhy: p.writeOff?.why ?? null,
      duplicate: p.case === 'duplicate',
    })),
    { strict: true },
  );
}

describe('the cash-application labelled set', () => {
  const s = generateScenario(CASH_APPLICATION_OPTIONS);

  it('is deterministic and covers every case in every currency', () => {
    expect(JSON.stringify(generateScenario(CASH_APPLICATION_OPTIONS))).toBe(JSON.stringify(s));
    const cases = new Set(s.truth.map((t) => t.case));
    for (const c of [...CASH_APPLICATION_CASES, ...ADVERSARIAL_CASES, ...REFUND_CASES, ...CLEARED_CASES])
      expect(cases, c).toContain(c);
    const currencies = new Set(s.truth.flatMap((t) => t.items.map((i) => i.BUKRS)));
    expect([...currencies].sort()).toEqual(['1000', '2000', '3000', '4000']);
  });

  it('labels balance: what each payment applies adds up to what it paid', () => {
    const { records, idByKey } = scenarioToPayTrace(s);
    const byId = new Map(records.map((r) => [r.transaction_id, r]));
    const invoices = new Map(s.invoices.map((i) => [`${i.BUKRS}:${i.XBLNR}`, i]));
    const ops = new Map(s.payments.map((op) => [op.key, op]));
    // Without items (a duplicate on account), the currency the payment was made in.
    const paidIn = (key: string): string => {
      const op = ops.get(key)!;
      const sale = op.op === 'refund' ? ops.get(op.ref)! : op;
      return ('currency' in sale && sale.currency) || s.currency;
    };
    for (const t of s.truth) {
      const r = byId.get(idByKey.get(t.key)!)!;
      const cur = t.items[0] ? invoices.get(`${t.items[0].BUKRS}:${t.items[0].XBLNR}`)!.WAERS : paidIn(t.key);
      const e = currencyExponent(cur);
      const applied = t.items.reduce((x, i) => x + decimalToMinor(i.amount, e), 0) + decimalToMinor(t.onAccount, e);
      const paid = decimalToMinor(String(r.amount), e);
      expect(applied, t.key).toBe(r.transaction_type === 'REFUND' ? -paid : paid);
    }
  });

  it('labels follow the terms: a discount only within DSCT_DAYS1 of the baseline, of DSCT_PCT1', () => {
    const rows = scenarioToLineItems(s);
    const docs = documentNumbers(s.invoices);
    const { records, idByKey } = scenarioToPayTrace(s);
    const byId = new Map(records.map((r) => [r.transaction_id, r]));
    let checked = 0;
    for (const t of s.truth.filter((x) => x.case === 'discount-earned' || x.case === 'discount-late')) {
      const k = s.invoices.findIndex((i) => i.BUKRS === t.items[0]!.BUKRS && i.XBLNR === t.items[0]!.XBLNR);
      const row = rows.find((x) => x.DOC_NO === docs[k]!.BELNR && x.COMP_CODE === docs[k]!.BUKRS)!;
      const r = byId.get(idByKey.get(t.key)!)!;
      const [m, d, y] = r.created!.at!.split(' ')[0]!.split('/');
      const paidOn = Date.parse(`${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`);
      const baseline = Date.parse(
        `${row.BLINE_DATE!.slice(0, 4)}-${row.BLINE_DATE!.slice(4, 6)}-${row.BLINE_DATE!.slice(6)}`,
      );
      const days = (paidOn - baseline) / 86_400_000;
      const gross = decimalToMinor(row.AMT_DOCCUR, currencyExponent(row.CURRENCY));
      const discount = percentThousandthsOf(money(gross, row.CURRENCY), Number(row.DSCT_PCT1!.replace('.', ''))).minor;
      expect(decimalToMinor(String(r.amount), currencyExponent(row.CURRENCY))).toBe(gross - discount);
      if (t.case === 'discount-earned') {
        expect(days).toBeLessThanOrEqual(Number(row.DSCT_DAYS1));
        expect(t.items[0]!.writeOff).toBe(toDecimal(money(discount, row.CURRENCY)));
      } else {
        expect(days).toBeGreaterThan(Number(row.DSCT_DAYS1));
        expect(t.items[0]!.writeOff).toBeUndefined();
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('the vault id of a "vault-kunnr" payer is the SAP number without zeros, known to no vault in SAP', () => {
    const vaults = new Set(s.customers.flatMap((c) => (c.vaultId ? [c.vaultId] : [])));
    const ops = new Map(s.payments.map((op) => [op.key, op]));
    for (const t of s.truth.filter((x) => x.case === 'vault-kunnr')) {
      const op = ops.get(t.key)!;
      const inv = s.invoices.find((i) => i.XBLNR === t.items[0]!.XBLNR && i.BUKRS === t.items[0]!.BUKRS)!;
      expect('customer_id' in op && op.customer_id).toBe(String(Number(inv.KUNNR)));
      expect(vaults.has(String(Number(inv.KUNNR)))).toBe(false);
    }
  });

  it('engine: no wrong automatic proposal; first-proposal accuracy and coverage at least the goals', () => {
    const ev = runCashApplication(s);
    const day = dayCoverage(ev);
    console.log(
      `cash-application set (seed ${CASH_APPLICATION_OPTIONS.seed}, ${ev.total} payments)\n${table(ev)}\n` +
        `day's cases without the adversarial ones: ${day.total} payments, automatic coverage ${pct(day.auto / day.total)}`,
    );
    for (const w of ev.wrong.filter((x) => x.case !== 'exact').slice(0, 40))
      console.log(`  wrong: ${w.case} ${w.transactionId}: expected ${w.expected}, got ${w.got}`);
    expect(ev.autoPrecision).toBe(1);
    expect(ev.accuracy).toBeGreaterThanOrEqual(GOALS.accuracy);
    expect(ev.itemAccuracy).toBeGreaterThanOrEqual(GOALS.itemAccuracy);
    expect(ev.coverage).toBeGreaterThanOrEqual(GOALS.coverage);
    expect(day.auto / day.total).toBeGreaterThanOrEqual(GOALS.dayCoverage);
    // Every adversarial case is there, and none of them went automatic.
    for (const k of ADVERSARIAL_CASES) {
      expect(ev.byCase[k]?.total, k).toBeGreaterThan(0);
      expect(ev.byCase[k]?.auto, k).toBe(0);
    }
    // A second payment of an invoice SAP cleared is never automatic, and is always a clerk's right answer.
    for (const k of ['duplicate-cleared-ours', 'duplicate-cleared-sap'] as const) {
      expect(ev.byCase[k]?.total, k).toBeGreaterThan(0);
      expect(ev.byCase[k]?.auto, k).toBe(0);
      expect(ev.byCase[k]?.correct, k).toBe(ev.byCase[k]?.total);
    }
  });

  it("as the app sees SAP's master (no vault ids): the last week, without and with the first two weeks' approvals", () => {
    // The payments of the first two weeks are approved as labelled (the truth's customer), and the app remembers
    // whom each vault id paid (matchModels.payers, paidBeforeAliases); the last week's payments are measured.
    const { records, idByKey } = scenarioToPayTrace(s);
    const recordOf = new Map(records.map((r) => [r.transaction_id, r]));
    const kunnrOf = new Map(s.invoices.map((i) => [`${i.BUKRS}:${i.XBLNR}`, i.KUNNR]));
    const ops = new Map(s.payments.map((op) => [op.key, op]));
    const cut = Date.parse(CASH_APPLICATION_OPTIONS.startDate!) + 14 * 86_400_000;
    const earlier: { vaultId: string; KUNNR: string; payment: number }[] = [];
    const later = new Set<string>();
    for (const t of s.truth) {
      const op = ops.get(t.key)!;
      if (Date.parse(op.at) >= cut) later.add(t.key);
      else if (t.items[0] && t.autoAllowed !== false && !t.suspense) {
        const r = recordOf.get(idByKey.get(t.key)!)!;
        earlier.push({
          vaultId: r.customer_id ?? '',
          KUNNR: kunnrOf.get(`${t.items[0].BUKRS}:${t.items[0].XBLNR}`)!,
          payment: r.transaction_id,
        });
      }
    }
    const paidBefore = paidBeforeAliases(earlier);
    const views = [
      ['labelled master (vault ids in it)', runCashApplication(s, { only: later })],
      ["SAP's master, no history", runCashApplication(s, { master: 'sap', only: later })],
      [
        `SAP's master, ${paidBefore.length} vault ids remembered`,
        runCashApplication(s, { master: 'sap', paidBefore, only: later }),
      ],
    ] as const;
    console.log(
      `the last week (${later.size} payments, from ${new Date(cut).toISOString().slice(0, 10)}), as the app sees the master:\n` +
        views
          .map(
            ([name, ev]) =>
              `  ${name.padEnd(40)} payment ${pct(ev.accuracy)}, item ${pct(ev.itemAccuracy)}, auto precision ${pct(ev.autoPrecision)}, auto coverage ${pct(ev.coverage)}`,
          )
          .join('\n'),
    );
    for (const [, ev] of views) expect(ev.autoPrecision).toBe(1);

    // A shared card (a bookkeeper's, a payment service's): cards that pay a customer's invoices in the last week
    // and paid only another customer's (of the same company code) before, so the history names the wrong one. The
    // payment's own evidence (its invoice number, SAP's e-mail and name) must still win, and the history's word alone
    // never makes a payment automatic.
    const truthOf = new Map(s.truth.map((t) => [t.key, t]));
    const cards = new Map<string, string>(); // vault id -> the other customer it paid before
    const shared = new Set<string>();
    for (const key of later) {
      const t = truthOf.get(key)!;
      const vaultId = recordOf.get(idByKey.get(key)!)?.customer_id ?? '';
      if (shared.size >= 24 || !t.items[0] || t.suspense || vaultId === '' || cards.has(vaultId)) continue;
      const payer = kunnrOf.get(`${t.items[0].BUKRS}:${t.items[0].XBLNR}`)!;
      const other = s.customers.find((c) => c.BUKRS === t.items[0]!.BUKRS && c.KUNNR !== payer);
      if (!other) continue;
      cards.set(vaultId, other.KUNNR);
      shared.add(key);
    }
    // Those cards' first two weeks went to the other customer only.
    const misled = [
      ...earlier.filter((e) => !cards.has(e.vaultId)),
      ...[...cards].map(([vaultId, KUNNR], i) => ({ vaultId, KUNNR, payment: -(i + 1) })),
    ];
    const sharedViews = [
      ["SAP's master, no history", runCashApplication(s, { master: 'sap', only: shared })],
      [
        'the history names another customer',
        runCashApplication(s, { master: 'sap', paidBefore: paidBeforeAliases(misled), only: shared }),
      ],
    ] as const;
    console.log(
      `${shared.size} of those payments by shared cards (each paid only another customer before):\n` +
        sharedViews
          .map(
            ([name, ev]) =>
              `  ${name.padEnd(40)} payment ${pct(ev.accuracy)}, item ${pct(ev.itemAccuracy)}, auto precision ${pct(ev.autoPrecision)}, auto coverage ${pct(ev.coverage)}`,
          )
          .join('\n'),
    );
    expect(shared.size).toBeGreaterThanOrEqual(10);
    const [unmisled, misledEv] = sharedViews.map(([, ev]) => ev);
    // Nothing automatic on the history's word, and nothing wrong made automatic. Where the history's customer has no
    // open item the payment fits and the payment's own words (here a head office's billing address) name a customer
    // that has, those win (`ownWordsOver`, engine.ts). A number typed for another customer's invoice than the
    // history's is offered rather than automatic: one payment here (66.7 -> 62.5 % coverage).
    expect(misledEv!.autoPrecision).toBe(1);
    expect(misledEv!.coverage).toBeLessThanOrEqual(unmisled!.coverage);
    expect(misledEv!.accuracy).toBe(unmisled!.accuracy);
    const [labelled, bare, remembered] = views.map(([, ev]) => ev);
    expect(paidBefore.length).toBeGreaterThan(20);
    // The history suggests; it never makes a payment automatic by itself (below a certain payer), and it must not
    // cost the automatic tier what SAP's master names for certain.
    expect(remembered!.coverage).toBeGreaterThanOrEqual(bare!.coverage);
    expect(remembered!.accuracy).toBeGreaterThanOrEqual(bare!.accuracy);
    expect(labelled!.total).toBe(later.size);
  });

  it('learned model: the prior is the fit on the generator set; calibrated here, first proposals no worse', () => {
    // The prior is fitted on another seed of the same generator mode (learning-set.ts, PRIOR_OPTIONS).
    const samples = labelledSamples(priorRun());
    const fitted = trainModel(samples);
    expect({ labels: PRIOR_MODEL.labels, positives: PRIOR_MODEL.positives }).toEqual({
      labels: samples.length,
      positives: samples.filter((x) => x.y === 1).length,
    });
    expect(PRIOR_MODEL.bias, 'refit and paste shared/matching/model-prior.ts').toBeCloseTo(fitted.bias, 9);
    for (const [f, w] of Object.entries(fitted.weights))
      expect(PRIOR_MODEL.weights[f as keyof typeof fitted.weights], f).toBeCloseTo(w, 9);

    // On this set (another seed): the engine's first proposals against the model-ordered ones.
    const run = labelledRun(s);
    const engine = matchWithContext(run.ctx, run.txs);
    const ranked = applyModel(run.ctx, run.txs, engine, PRIOR_MODEL);
    const before = correctIds(run, engine);
    const after = correctIds(run, ranked);
    const explained = ranked.filter((p) => p.explanation);
    const cal = reliability(
      explained.map((p) => p.explanation!.probability),
      explained.map((p) => (after.has(p.transactionId) ? 1 : 0)),
    );
    const ordered = ranked.filter((p) => p.explanation?.ranked.by === 'model');
    const changed = ranked.filter((p, i) => p !== engine[i] && p.reasons.at(-1)?.startsWith('offered first'));
    const labelled = s.truth.length;
    console.log(
      `learned model (prior, ${PRIOR_MODEL.labels} labelled candidates of seed ${20251206}) on seed ${CASH_APPLICATION_OPTIONS.seed}:\n` +
        `  first-proposal accuracy: rules ${pct(before.size / ran(run))}, with the model ${pct(after.size / ran(run))} (${labelled} labelled payments)\n` +
        `  suggestions the model ordered: ${ordered.length}, offered another first: ${changed.length}\n` +
        `  calibration over ${explained.length} explained proposals: ECE ${cal.ece.toFixed(4)}\n` +
        cal.bins
          .filter((b) => b.count > 0)
          .map(
            (b) =>
              `    ${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${String(b.count).padStart(4)} proposals, predicted ${pct(b.meanPredicted)}, right ${pct(b.approved / b.count)}`,
          )
          .join('\n'),
    );
    expect(after.size).toBeGreaterThanOrEqual(before.size);
    // How often the model put another suggestion first, and whether each change was right; on this set
    // and on the one the prior was fitted on, with the guard (rank.ts, RANK_GUARD) and, for reference,
    // without it.
    // Also a model that ignores which candidate the rules chose (rulesFirst 0), as a badly trained one might.
    const blind: typeof PRIOR_MODEL = { ...PRIOR_MODEL, weights: { ...PRIOR_MODEL.weights, rulesFirst: 0 } };
    const prior = priorRun();
    for (const [name, r, model] of [
      [`seed ${CASH_APPLICATION_OPTIONS.seed}`, run, PRIOR_MODEL],
      [`seed ${20251206}`, prior, PRIOR_MODEL],
      [`seed ${CASH_APPLICATION_OPTIONS.seed}, rulesFirst 0`, run, blind],
    ] as const) {
      const rules = matchWithContext(r.ctx, r.txs);
      const right = correctIds(r, rules);
      const guarded = changes(r, rules, applyModel(r.ctx, r.txs, rules, model), right);
      const open = changes(
        r,
        rules,
        applyModel(r.ctx, r.txs, rules, model, new Map(), { closeConfidence: 1, margin: 0 }),
        right,
      );
      console.log(
        `  first proposals the model changed on ${name}: ${guarded.total} (right to wrong ${guarded.rightToWrong}, wrong to right ${guarded.wrongToRight}, wrong to wrong ${guarded.wrongToWrong}); ` +
          `without the guard ${open.total} (right to wrong ${open.rightToWrong}, wrong to right ${open.wrongToRight}, wrong to wrong ${open.wrongToWrong})`,
      );
      expect(guarded.rightToWrong, `the model turned a right first proposal wrong on ${name}`).toBe(0);
    }
    expect(cal.ece).toBeLessThan(0.05);
    expect(explained.length).toBeGreaterThan(labelled * 0.9);
    // The rules stay the gate: the model never changes what is automatic.
    expect(ranked.map((p) => p.tier)).toEqual(engine.map((p) => p.tier));
  });
});

/** The payments whose first proposal the model changed, by whether the rules' and the model's were right. */
function changes(
  run: ReturnType<typeof labelledRun>,
  rules: readonly EngineProposal[],
  ranked: readonly EngineProposal[],
  rulesRight: ReadonlySet<number>,
): { total: number; rightToWrong: number; wrongToRight: number; wrongToWrong: number } {
  const key = (p: EngineProposal): string =>
    `${p.customer}|${p.items.map((a) => `${a.item.BUKRS}/${a.item.BELNR}/${a.item.BUZEI}=${a.amount.minor}/${a.writeOff?.minor ?? 0}`).join(',')}|${p.onAccount.minor}`;
  const changed = ranked.filter((p, i) => key(p) !== key(rules[i]!));
  const modelRight = correctIds(run, ranked);
  const out = { total: changed.length, rightToWrong: 0, wrongToRight: 0, wrongToWrong: 0 };
  for (const p of changed) {
    const was = rulesRight.has(p.transactionId);
    const is = modelRight.has(p.transactionId);
    if (was && !is) out.rightToWrong++;
    else if (!was && is) out.wrongToRight++;
    else if (!was && !is) out.wrongToWrong++;
  }
  return out;
}

/** Payments of the run with a proposal (what correctIds scores). */
const ran = (run: ReturnType<typeof labelledRun>): number => run.txs.length;
