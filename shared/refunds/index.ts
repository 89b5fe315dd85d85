export * from './reference';

/** Why a part of a sale not settled yet cannot be refunded: PayTrace only voids such a sale, whole. */
export const UNSETTLED_PARTIAL =
  "PayTrace refunds only settled transactions; void the whole sale or wait for tonight's settlement";
