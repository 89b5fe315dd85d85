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
  labels: 1539,
  positives: 696,
  bias: -1.659650893023,
  weights: {
    refExact: 0.00224404015,
    refAbbreviated: 0.03612806494,
    refTypo: 0.128988810364,
    refNone: -1.003064703565,
    amountExact: 0.50258392962,
    amountDiff: -0.960383100782,
    dateDistance: -0.78293795694,
    payerVault: -0.177484487023,
    payerEmail: -0.09242868622,
    payerName: 0.01148084416,
    payerAddress: 0.097601889684,
    payerHeadOffice: 0.159111384382,
    payerMismatch: -0.426844359213,
    payerUnknown: -0.407140373882,
    soleAmount: -0.151940216988,
    payerHistory: 0,
    multiItem: 0.313792362749,
    onAccount: -0.84348412871,
    writeOff: -0.938844969691,
    duplicate: 1.653509586805,
    rulesFirst: 6.320765198777,
  },
};
