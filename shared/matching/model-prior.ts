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
  labels: 1429,
  positives: 696,
  bias: -1.633976067832,
  weights: {
    refExact: 0,
    refAbbreviated: 0.046292681638,
    refTypo: 0.22876023065,
    refNone: -0.765350615604,
    amountExact: 0.016164041742,
    amountDiff: -1.141356234311,
    dateDistance: -0.81629078402,
    payerVault: 0,
    payerEmail: 0.003489780818,
    payerName: 0.132777975684,
    payerAddress: 0.106680515438,
    payerHeadOffice: 0.181883987103,
    payerMismatch: -0.45308178173,
    payerUnknown: -0.323446219408,
    soleAmount: 0.182453028494,
    payerHistory: 0,
    multiItem: 0.409463221263,
    onAccount: -1.033631899417,
    writeOff: 0,
    duplicate: 1.732022402766,
    rulesFirst: 6.280787497611,
  },
};
