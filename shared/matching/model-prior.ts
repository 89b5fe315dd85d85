// The prior: weights fitted (model.ts, trainModel with TRAIN_DEFAULTS, signs kept by FEATURE_SIGNS) on the labelled generator
// set, every candidate the stages find for a payment labelled by the senior clerk's answer
// (test/integration/matching/learning-set.ts; test/integration/matching/model.test.ts fits them
// again and fails when they differ). Used until the clerks' decisions reach MIN_TRAINING_LABELS.
import type { MatchModel } from './model';

/** How many clerk decisions a trained model needs before it replaces the prior. */
export const MIN_TRAINING_LABELS = 200;

export const PRIOR_MODEL: MatchModel = {
  version: 0,
  source: 'prior',
  labels: 1539,
  positives: 696,
  bias: -1.87835567906,
  weights: {
    refExact: 0.02274837449,
    refAbbreviated: 0.038040435131,
    refTypo: 0.110773888587,
    refNone: -0.972842199455,
    amountExact: 0.41667126798,
    amountDiff: -0.931856010915,
    dateDistance: -0.798038300739,
    payerVault: 0,
    payerEmail: 0.016742986003,
    payerName: 0.089625014926,
    payerAddress: 0.128004464241,
    payerHeadOffice: 0.179558684963,
    payerMismatch: -0.375835684217,
    payerUnknown: -0.336124770601,
    soleAmount: 0,
    payerHistory: 0,
    multiItem: 0.336583795995,
    onAccount: -0.828187345473,
    writeOff: -0.979345462688,
    duplicate: 1.649685241008,
    rulesFirst: 6.335481887062,
  },
};
