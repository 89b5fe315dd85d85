export { PayTraceClient, type ClientDeps, type CustomerInput, type FetchResult, type RejectedRecord } from './client';
export {
  PAYTRACE_PRODUCTION_URL,
  PAYTRACE_SANDBOX_URL,
  payTraceConfigFromEnv,
  presets,
  type PayTraceConfig,
} from './config';
export { PayTraceError, RecordError, type PayTraceErrorKind } from './errors';
export { normalizeExportRecord, transactionIdOf, type NormalizeOptions } from './normalize';
export { readEnvelope } from './envelope';
export { classifyPayTraceFailure } from './transport';
export { cardBrand } from './card-brand';
export type { MoneyMoveResult } from './money-moves';
export type { ExportQuery } from './export-windows';
export { payTraceGateway, payTraceRefunds } from './gateway';
