export { NorthClient, earliestFromDate, type ChargebackPage, type NorthClientDeps, type ReadResult } from './client';
export { MERCHANT_ID, resolveNorthConfig, type NorthConfig } from './config';
export { NorthError, classifyNorthFailure, type NorthErrorKind } from './errors';
