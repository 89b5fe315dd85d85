// The confidence that learns (docs/ARCHITECTURE.md, "Matching: the learned model"): a logistic regression
// over a proposal's match features, trained by batch gradient descent with L2 on the clerks'
// decisions (or, until there are enough, on the labelled generator set: the prior). Pure and
// deterministic: the same samples in the same order give the same weights, bit for bit. Rules
// stay the gate for the automatic tier; the probability orders suggestions and explains them.
import { z } from 'zod';
import type { MatchExplanation, OpenItem } from '../domain';
import { normaliseReference, referenceKeys } from './keys';
import type { MatchableTransaction } from './types';

/** The features, in the order of a feature vector. Each is 0..1. */
export const FEATURES = [
  'refExact',
  'refAbbreviated',
  'refTypo',
  'refNone',
  'amountExact',
  'amountDiff',
  'dateDistance',
  'payerVault',
  'payerEmail',
  'payerName',
  'payerAddress',
  'payerHeadOffice',
  'payerMismatch',
  'payerUnknown',
  'soleAmount',
  'payerHistory',
  'multiItem',
  'onAccount',
  'writeOff',
  'duplicate',
  'rulesFirst',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = Readonly<Record<FeatureName, number>>;

/**
 * Which way each feature may move the confidence: +1 evidence for the proposal (its weight is kept at 0 or
 * above), -1 evidence against it (0 or below), 0 either way. A fit on correlated features otherwise gives a
 * piece of evidence a weight of the wrong sign (the payer's vault id lowering the confidence, because the rules'
 * choice already says it), which a clerk reads as nonsense; the constrained fit loses little (see ARCHITECTURE).
 */
export const FEATURE_SIGNS: Readonly<Record<FeatureName, 1 | -1 | 0>> = {
  refExact: 1,
  refAbbreviated: 1,
  refTypo: 1,
  refNone: -1,
  amountExact: 1,
  amountDiff: -1,
  dateDistance: -1,
  payerVault: 1,
  payerEmail: 1,
  payerName: 1,
  payerAddress: 1,
  payerHeadOffice: 1,
  payerMismatch: -1,
  payerUnknown: -1,
  soleAmount: 1,
  payerHistory: 1,
  // Neither is evidence by itself: several items, or a likely duplicate put on account, can be right or wrong.
  multiItem: 0,
  onAccount: -1,
  writeOff: -1,
  duplicate: 0,
  rulesFirst: 1,
};

/** How the payer was recognised (the customer resolver's evidence). */
export type PayerEvidence = 'vault id' | 'e-mail' | 'billing name' | 'address';

export interface FeatureInput {
  readonly transaction: Pick<
    MatchableTransaction,
    'amount' | 'createdAt' | 'invoiceId' | 'customerReferenceId' | 'description'
  >;
  /** The open items the proposal applies the payment to, as mirrored. */
  readonly items: readonly OpenItem[];
  /** Cash left on account (minor units). */
  readonly onAccountMinor: number;
  /** A write-off clears part of the items. */
  readonly writeOff: boolean;
  /** The customer the proposal applies the payment to. */
  readonly customer: string | null;
  /** Who the payment's own details say paid, and by what. */
  readonly payer: { readonly KUNNR: string; readonly evidence?: PayerEvidence | undefined } | null;
  /** The payer is the customer's head office or in its group (KNB1-KNRZE, KNA1-KONZS). */
  readonly related: boolean;
  /** The only open item of exactly the amount among the customer's and its group's. */
  readonly sole: boolean;
  /** Proposals for this customer the clerks approved unchanged before. */
  readonly history: number;
  /** The rules flag the payment as a likely duplicate of one that paid the item already. */
  readonly duplicate: boolean;
  /** The rules' own first choice for the payment (not an alternative, not a clerk's correction). */
  readonly rulesFirst: boolean;
  readonly prefixes: readonly string[];
}

const DAY = 86_400_000;
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** How an item's reference is named by the payment: 3 exact, 2 in an abbreviated list, 1 one digit off, 0 not. */
function referenceHit(item: OpenItem, typed: readonly string[], literal: string, prefixes: readonly string[]): number {
  const ref = normaliseReference(item.reference, prefixes);
  if (ref === '') return 0;
  if (typed.includes(ref)) return literal.includes(ref) ? 3 : 2;
  for (const k of typed) if (k.length === ref.length && oneDigitOff(k, ref)) return 1;
  return 0;
}

/** One digit different, or two neighbours swapped. */
function oneDigitOff(a: string, b: string): boolean {
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** The feature vector of one proposal (engine's or a clerk's): each value 0..1. */
export function matchFeatures(f: FeatureInput): FeatureVector {
  const t = f.transaction;
  const fields = [t.invoiceId, t.customerReferenceId, t.description];
  const typed = fields.flatMap((x) => referenceKeys(x, f.prefixes));
  const literal = fields.map((x) => x.toUpperCase().replace(/[^0-9A-Z]+/g, '')).join('|');
  let exact = 0;
  let abbreviated = 0;
  let typo = 0;
  let open = 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const item of f.items) {
    const hit = referenceHit(item, typed, literal, f.prefixes);
    if (hit === 3) exact++;
    else if (hit === 2) abbreviated++;
    else if (hit === 1) typo++;
    open += item.amount.minor;
    const d = Date.parse(`${item.documentDate}T00:00:00Z`);
    if (d < oldest) oldest = d;
  }
  const n = f.items.length;
  const pay = t.amount.minor;
  const diff = n === 0 || open === 0 ? 1 : clamp01(Math.abs(open - pay) / Math.abs(open));
  const days = n === 0 ? 180 : Math.max(0, (Date.parse(t.createdAt.utc) - oldest) / DAY);
  const payer = f.payer;
  const known = payer !== null && f.customer !== null;
  const same = known && payer.KUNNR === f.customer;
  const ev = (e: PayerEvidence): number => (same && payer.evidence === e ? 1 : 0);
  return {
    refExact: n ? exact / n : 0,
    refAbbreviated: n ? abbreviated / n : 0,
    refTypo: n ? typo / n : 0,
    refNone: n ? (n - exact - abbreviated - typo) / n : 1,
    amountExact: n > 0 && open === pay ? 1 : 0,
    amountDiff: diff,
    dateDistance: clamp01(days / 180),
    payerVault: ev('vault id'),
    payerEmail: ev('e-mail'),
    payerName: ev('billing name'),
    payerAddress: ev('address'),
    payerHeadOffice: known && !same && f.related ? 1 : 0,
    payerMismatch: known && !same && !f.related ? 1 : 0,
    payerUnknown: payer === null ? 1 : 0,
    soleAmount: f.sole ? 1 : 0,
    payerHistory: clamp01(Math.log1p(Math.max(0, f.history)) / Math.log1p(50)),
    multiItem: n > 1 ? 1 : 0,
    onAccount: f.onAccountMinor !== 0 ? 1 : 0,
    writeOff: f.writeOff ? 1 : 0,
    duplicate: f.duplicate ? 1 : 0,
    rulesFirst: f.rulesFirst ? 1 : 0,
  };
}

/** What a clerk reads for a feature that decided, with its value. */
export function featureWords(name: FeatureName, value: number, items = 1): string {
  const share = value < 1 ? ` (${Math.round(value * 100)} % of the items)` : '';
  // Without an item the amount, date and number features hold placeholders (matchFeatures): say what is true.
  if (items === 0 && (name === 'refNone' || name === 'amountDiff' || name === 'dateDistance'))
    return `no open item is applied, so no ${name === 'refNone' ? 'number names one' : name === 'amountDiff' ? 'amount is matched' : 'invoice date is near'}`;
  switch (name) {
    case 'refExact':
      return `an invoice number in the payment names the item${share}`;
    case 'refAbbreviated':
      return `the item is named in an abbreviated list of numbers${share}`;
    case 'refTypo':
      return `a number in the payment is one digit off the item's${share}`;
    case 'refNone':
      return `no number in the payment names the item${share}`;
    case 'amountExact':
      return 'the amount equals the open items';
    case 'amountDiff':
      return `the amount differs from the open items by ${value >= 1 ? '100 % or more' : `${(value * 100).toFixed(1)} %`}`;
    case 'dateDistance':
      return `${Math.round(value * 180)}${value >= 1 ? ' or more' : ''} days between the oldest item and the payment`;
    case 'payerVault':
      return "the payer's vault id is this customer's";
    case 'payerEmail':
      return "the payer's e-mail is this customer's";
    case 'payerName':
      return "the billing name is this customer's";
    case 'payerAddress':
      return "the billing address is this customer's";
    case 'payerHeadOffice':
      return "the payer is the customer's head office or in its group";
    case 'payerMismatch':
      return "the payer's details point to another customer";
    case 'payerUnknown':
      return 'the payer could not be recognised';
    case 'soleAmount':
      return "the only open item of this amount among the customer's";
    case 'payerHistory':
      return `clerks approved about ${Math.round(Math.expm1(value * Math.log1p(50)))} proposals for this customer before`;
    case 'multiItem':
      return 'it applies several items';
    case 'onAccount':
      return 'it leaves money on account';
    case 'writeOff':
      return 'it clears a difference to a G/L account';
    case 'duplicate':
      return 'the rules see a likely duplicate of a payment that paid the item already';
    case 'rulesFirst':
      return "it is the matching rules' first choice";
  }
}

export interface ModelWeights {
  readonly bias: number;
  readonly weights: Readonly<Record<FeatureName, number>>;
}

export interface MatchModel extends ModelWeights {
  /** 0 for the prior; a trained model's version counts up from 1. */
  readonly version: number;
  readonly source: 'prior' | 'trained';
  /** What it was trained on. */
  readonly labels: number;
  readonly positives: number;
}

export const MatchModelSchema = z.object({
  version: z.number().int().nonnegative(),
  source: z.enum(['prior', 'trained']),
  labels: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  bias: z.number().finite(),
  weights: z.object(
    Object.fromEntries(FEATURES.map((f) => [f, z.number().finite()])) as Record<FeatureName, z.ZodNumber>,
  ),
});

/** The model as stored: JSON, every weight by name. */
export const serialiseModel = (m: MatchModel): string => JSON.stringify(MatchModelSchema.parse(m));
export const parseModel = (json: string): MatchModel => MatchModelSchema.parse(JSON.parse(json));

export interface Sample {
  readonly x: FeatureVector;
  /** 1: approved unchanged (or the clerk's own correction); 0: corrected away or rejected. */
  readonly y: 0 | 1;
}

export interface TrainOptions {
  readonly iterations: number;
  readonly rate: number;
  /** L2 penalty on the weights (not the bias). */
  readonly l2: number;
}

export const TRAIN_DEFAULTS: TrainOptions = { iterations: 2000, rate: 0.5, l2: 0.001 };

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Batch gradient descent on the mean log loss plus L2, each step projected onto FEATURE_SIGNS (a weight that
 * would cross zero the wrong way stays at zero): weights start at zero and the samples are read in the given
 * order, so the result depends only on the samples and the options.
 */
export function trainModel(samples: readonly Sample[], options: TrainOptions = TRAIN_DEFAULTS): ModelWeights {
  const k = FEATURES.length;
  const n = samples.length;
  const xs = samples.map((s) => FEATURES.map((f) => s.x[f]));
  const w = new Float64Array(k);
  const signs = FEATURES.map((f) => FEATURE_SIGNS[f]);
  let b = 0;
  if (n === 0) return toWeights(b, w);
  const grad = new Float64Array(k);
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      let z = b;
      for (let j = 0; j < k; j++) z += w[j]! * x[j]!;
      const e = sigmoid(z) - samples[i]!.y;
      gb += e;
      for (let j = 0; j < k; j++) grad[j] = grad[j]! + e * x[j]!;
    }
    b -= (options.rate * gb) / n;
    for (let j = 0; j < k; j++) {
      const next = w[j]! - options.rate * (grad[j]! / n + options.l2 * w[j]!);
      w[j] = signs[j]! * next < 0 ? 0 : next;
    }
  }
  return toWeights(b, w);
}

/**
 * Weights are kept to 12 decimals: far below what moves a probability, and no run of 13 or more digits, which
 * the card-data policy (shared/security) would read as a card number in the stored model or in the source.
 */
const kept = (x: number): number => Math.round(x * 1e12) / 1e12;

function toWeights(bias: number, w: Float64Array): ModelWeights {
  return {
    bias: kept(bias),
    weights: Object.fromEntries(FEATURES.map((f, j) => [f, kept(w[j]!)])) as Record<FeatureName, number>,
  };
}

export function probability(m: ModelWeights, x: FeatureVector): number {
  let z = m.bias;
  for (const f of FEATURES) z += m.weights[f] * x[f];
  return sigmoid(z);
}

/** How many contributions an explanation keeps. */
export const TOP_CONTRIBUTIONS = 4;

/** The probability and what decided it (weight x value, largest first), as the proposal keeps it. */
/** `items`: how many open items the explained proposal applies (0: none, its amount and date features are placeholders). */
export function explain(
  m: MatchModel,
  x: FeatureVector,
  ranked: MatchExplanation['ranked'],
  items: number,
): MatchExplanation {
  const p = probability(m, x);
  const top = FEATURES.map((f) => ({ feature: f, value: x[f], contribution: m.weights[f] * x[f] }))
    .filter((c) => c.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1))
    .slice(0, TOP_CONTRIBUTIONS)
    .map((c) => ({
      feature: c.feature,
      value: round(c.value),
      contribution: round(c.contribution),
      words: featureWords(c.feature, c.value, items),
    }));
  return {
    probability: Math.round(p * 1000) / 1000,
    model: { version: m.version, source: m.source, labels: m.labels },
    features: Object.fromEntries(FEATURES.map((f) => [f, round(x[f])])),
    top,
    ranked,
  };
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** A feature vector read back from a stored explanation (a feature it lacks is 0: an older model's). */
export function featuresFrom(stored: Readonly<Record<string, number>>): FeatureVector {
  return Object.fromEntries(FEATURES.map((f) => [f, Number(stored[f] ?? 0)])) as Record<FeatureName, number>;
}

export interface ReliabilityBin {
  /** Predicted probability from (included) .. to (excluded; the last bin includes 1). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** How many of them were approved unchanged. */
  readonly approved: number;
  readonly meanPredicted: number;
}

/** Predictions against outcomes in equal-width bins, and the expected calibration error (ECE). */
export function reliability(
  predicted: readonly number[],
  outcome: readonly (0 | 1)[],
  bins = 10,
): { bins: ReliabilityBin[]; ece: number } {
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    hits[b]! += outcome[i]!;
    sum[b]! += p;
  }
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    if (c > 0) ece += (c / predicted.length) * Math.abs(hits[b]! / c - sum[b]! / c);
    out.push({ from: b / bins, to: (b + 1) / bins, count: c, approved: hits[b]!, meanPredicted: c ? sum[b]! / c : 0 });
  }
  return { bins: out, ece };
}
