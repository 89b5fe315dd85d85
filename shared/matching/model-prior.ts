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
  labels: 1430,
  positives: 697,
  bias: -1.661370933552,
  weights: {
    refExact: 0,
    refAbbreviated: 0.045181173323,
    refTypo: 0.230027956787,
    refNone: -0.753343684965,
    amountExact: 0.007599818249,
    amountDiff: -1.100166721936,
    dateDistance: -0.781190895543,
    payerVault: 0,
    payerEmail: 0,
    payerName: 0.119697530861,
    payerAddress: 0.100953734088,
    payerHeadOffice: 0.179116175143,
    payerMismatch: -0.454175186648,
    payerUnknown: -0.121728394795,
    soleAmount: 0.160941350411,
    payerHistory: 0,
    multiItem: 0.398332111932,
    onAccount: -0.991681893091,
    writeOff: 0,
    duplicate: 1.641783430931,
    rulesFirst: 6.352273356194,
  },
};
