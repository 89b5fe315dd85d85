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
  labels: 1536,
  positives: 696,
  bias: -1.874558614696,
  weights: {
    refExact: 0.022420596655,
    refAbbreviated: 0.038155828642,
    refTypo: 0.110160829323,
    refNone: -0.969588369973,
    amountExact: 0.413003094089,
    amountDiff: -0.934754496653,
    dateDistance: -0.800049329039,
    payerVault: 0,
    payerEmail: 0.015060400882,
    payerName: 0.088443418183,
    payerAddress: 0.127874040343,
    payerHeadOffice: 0.179785810479,
    payerMismatch: -0.376782591839,
    payerUnknown: -0.336731827969,
    soleAmount: 0,
    payerHistory: 0,
    multiItem: 0.337679944697,
    onAccount: -0.830287057576,
    writeOff: -0.971780251817,
    duplicate: 1.651896410685,
    rulesFirst: 6.334242874208,
  },
};
