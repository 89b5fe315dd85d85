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
  bias: -1.359846152213358,
  weights: {
    refExact: -0.08290224981434857,
    refAbbreviated: 0.02897025661771875,
    refTypo: 0.14262908782161485,
    refNone: -0.7667528735077106,
    amountExact: 1.0339968653659795,
    amountDiff: -1.089088202936622,
    dateDistance: -1.0003064819508685,
    payerVault: -0.08746115751227974,
    payerEmail: -0.006621028123414482,
    payerName: 0.0011333051325705642,
    payerAddress: 0.08673847665333102,
    payerHeadOffice: 0.17269829169252116,
    payerMismatch: -0.44672993167423297,
    payerUnknown: -0.39781373505122264,
    soleAmount: -0.7394186754158995,
    payerHistory: 0,
    multiItem: 0.25602557766051015,
    onAccount: -0.9595677383602497,
    writeOff: -1.1900400416057915,
    duplicate: 1.7948349354927295,
    rulesFirst: 5.949710278598078,
  },
};
