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
  bias: -1.360894135033,
  weights: {
    refExact: -0.068836085466,
    refAbbreviated: 0.028482465404,
    refTypo: 0.138786526552,
    refNone: -0.778030511276,
    amountExact: 1.038704876438,
    amountDiff: -1.085809671304,
    dateDistance: -0.993068639282,
    payerVault: -0.092892607245,
    payerEmail: -0.006453600376,
    payerName: 0.000989137173,
    payerAddress: 0.085364521159,
    payerHeadOffice: 0.167306048009,
    payerMismatch: -0.4436341116,
    payerUnknown: -0.390276991905,
    soleAmount: -0.722910683772,
    payerHistory: 0,
    multiItem: 0.250502547888,
    onAccount: -0.956467438032,
    writeOff: -1.185561111785,
    duplicate: 1.78617893224,
    rulesFirst: 5.939006702206,
  },
};
