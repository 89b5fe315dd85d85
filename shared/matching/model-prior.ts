// The prior: weights fitted (model.ts, trainModel with TRAIN_DEFAULTS) on the labelled generator
// set, every candidate the stages find for a payment labelled by the senior clerk's answer
// (test/integration/matching/learning-set.ts; test/integration/matching/model.test.ts fits them
// again and fails when they differ). Used until the clerks' decisions reach MIN_TRAINING_LABELS.
import type { MatchModel } from './model';

/** How many clerk decisions a trained model needs before it replaces the prior. */
export const MIN_TRAINING_LABELS = 200;

export const PRIOR_MODEL: MatchModel = {
  version: 0,
  source: 'prior',
  labels: 1516,
  positives: 696,
  bias: -1.3608941350327832,
  weights: {
    refExact: -0.06883608546576403,
    refAbbreviated: 0.028482465403977805,
    refTypo: 0.13878652655232956,
    refNone: -0.7780305112755822,
    amountExact: 1.038704876437668,
    amountDiff: -1.0858096713043661,
    dateDistance: -0.9930686392819973,
    payerVault: -0.09289260724520003,
    payerEmail: -0.006453600376414259,
    payerName: 0.0009891371734326842,
    payerAddress: 0.08536452115863916,
    payerHeadOffice: 0.16730604800889867,
    payerMismatch: -0.44363411159968397,
    payerUnknown: -0.3902769919047085,
    soleAmount: -0.7229106837719202,
    payerHistory: 0,
    multiItem: 0.2505025478879357,
    onAccount: -0.956467438031624,
    writeOff: -1.1855611117853415,
    duplicate: 1.7861789322395358,
    rulesFirst: 5.93900670220585,
  },
};
