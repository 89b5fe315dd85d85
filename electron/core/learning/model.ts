// The learned model of the matcher (docs/ARCHITECTURE.md, "Matching: the learned model"): which
// weights apply (the newest trained on the clerks' decisions, else the prior fitted on the labelled
// generator set), training on the decisions the store labels, and the explanation of a clerk's own
// correction (the proposal a training labels 1).
import {
  createMatchContext,
  DEFAULT_RULES,
  explain,
  featuresFrom,
  type MatchAlias,
  type MatchModel,
  MIN_TRAINING_LABELS,
  parseModel,
  PRIOR_MODEL,
  proposalFeatures,
  type Sample,
  serialiseModel,
  TRAIN_DEFAULTS,
  trainModel,
} from '../../../shared/matching';
import type { Customer, MatchExplanation, MatchProposal, OpenItem, PaymentTransaction } from '../../../shared/domain';
import type { Repositories } from '../../store';

/** The weights that apply now: the newest trained model, or the prior while there is none. */
export async function currentModel(store: Repositories): Promise<MatchModel> {
  const latest = await store.matchModels.latest();
  if (!latest) return PRIOR_MODEL;
  try {
    return parseModel(latest.model);
  } catch {
    // A row this version cannot read (written by a newer one): the prior, not a guess.
    return PRIOR_MODEL;
  }
}

export interface TrainingOutcome {
  /** False while there are fewer labelled decisions than `needed`: the weights in use stay as they are. */
  readonly trained: boolean;
  readonly version: number;
  readonly labels: number;
  readonly needed: number;
  readonly approvals: number;
  readonly corrections: number;
  readonly rejections: number;
}

/**
 * Trains on every labelled decision (approved unchanged 1, corrected away 0, the clerk's correction
 * 1, rejected 0) and stores the weights as the next version, when there are at least `needed`.
 */
export async function trainFromDecisions(
  store: Repositories,
  by: string,
  now: string,
  needed = MIN_TRAINING_LABELS,
): Promise<TrainingOutcome> {
  const decisions = await store.matchModels.decisions();
  const samples: Sample[] = [];
  let approvals = 0;
  let corrections = 0;
  let rejections = 0;
  for (const d of decisions) {
    const features = featuresOfStored(d.explanation);
    if (!features) continue;
    samples.push({ x: features, y: d.label });
    if (d.kind === 'approved') approvals++;
    else if (d.kind === 'rejected') rejections++;
    else corrections++;
  }
  const counts = { labels: samples.length, needed, approvals, corrections, rejections };
  if (samples.length < needed) {
    const latest = await store.matchModels.latest();
    return { trained: false, version: latest?.version ?? 0, ...counts };
  }
  const weights = trainModel(samples, TRAIN_DEFAULTS);
  const positives = samples.filter((s) => s.y === 1).length;
  const draft: MatchModel = { version: 0, source: 'trained', labels: samples.length, positives, ...weights };
  // The version is the store's; the model written carries it too.
  const next = ((await store.matchModels.latest())?.version ?? 0) + 1;
  const model: MatchModel = { ...draft, version: next };
  const version = await store.matchModels.save({
    model: serialiseModel(model),
    labels: samples.length,
    approvals,
    corrections,
    rejections,
    trainedAt: now,
    trainedBy: by,
  });
  await store.audit.append({
    actor: by,
    action: 'matching.modelTrained',
    subject: `match-model:${version}`,
    detail: { version, labels: samples.length, positives, approvals, corrections, rejections },
    at: now,
  });
  return { trained: true, version, ...counts };
}

function featuresOfStored(text: string): ReturnType<typeof featuresFrom> | null {
  try {
    const e = JSON.parse(text) as { features?: unknown };
    if (!e.features || typeof e.features !== 'object') return null;
    return featuresFrom(e.features as Record<string, number>);
  } catch {
    return null;
  }
}

/**
 * A clerk's correction explained by the model in use: its features are what a training labels 1
 * (the clerk's answer). `openItems` are the customer's open items as mirrored (for the sole-amount
 * feature); `customers` the customer master.
 */
export async function explainCorrection(
  store: Repositories,
  t: PaymentTransaction,
  proposal: MatchProposal,
  openItems: readonly OpenItem[],
  customers: readonly Customer[],
  aliases: readonly MatchAlias[],
  referencePrefixes: readonly string[] = DEFAULT_RULES.referencePrefixes,
): Promise<MatchExplanation> {
  const model = await currentModel(store);
  const ctx = createMatchContext(openItems, customers, aliases, {
    ...DEFAULT_RULES,
    referencePrefixes: [...referencePrefixes],
  });
  const history = await store.matchModels.history(proposal.customer ? [proposal.customer] : []);
  const x = proposalFeatures(
    ctx,
    t,
    { ...proposal, writeOff: proposal.writeOff ?? null, case: 'exact' },
    history,
    false,
  );
  return explain(model, x, { by: 'clerk', of: 1 }, proposal.items.length);
}
