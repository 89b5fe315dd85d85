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
  bias: -1.408584208379,
  weights: {
    refExact: -0.065577179024,
    refAbbreviated: 0.028924849984,
    refTypo: 0.130884498806,
    refNone: -0.804353982303,
    amountExact: 0.885965147467,
    amountDiff: -1.085401190282,
    dateDistance: -0.948479686622,
    payerVault: -0.103036465762,
    payerEmail: -0.024654555351,
    payerName: -0.00156163361,
    payerAddress: 0.085357394693,
    payerHeadOffice: 0.164807636407,
    payerMismatch: -0.439281531226,
    payerUnknown: -0.391752657686,
    soleAmount: -0.633375425008,
    payerHistory: 0,
    multiItem: 0.254537538493,
    onAccount: -0.961398778983,
    writeOff: -1.045210609507,
    duplicate: 1.735169744018,
    rulesFirst: 6.083430912685,
  },
};
