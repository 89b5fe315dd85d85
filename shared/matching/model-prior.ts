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
  labels: 1477,
  positives: 678,
  bias: -1.359846152213,
  weights: {
    refExact: -0.082902249814,
    refAbbreviated: 0.028970256618,
    refTypo: 0.142629087822,
    refNone: -0.766752873508,
    amountExact: 1.033996865366,
    amountDiff: -1.089088202937,
    dateDistance: -1.000306481951,
    payerVault: -0.087461157512,
    payerEmail: -0.006621028123,
    payerName: 0.001133305133,
    payerAddress: 0.086738476653,
    payerHeadOffice: 0.172698291693,
    payerMismatch: -0.446729931674,
    payerUnknown: -0.397813735051,
    soleAmount: -0.739418675416,
    payerHistory: 0,
    multiItem: 0.256025577661,
    onAccount: -0.95956773836,
    writeOff: -1.190040041606,
    duplicate: 1.794834935493,
    rulesFirst: 5.949710278598,
  },
};
