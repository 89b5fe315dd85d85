// The store's public surface. Services import from here, not from the files inside.
export type { Database } from './schema';
export * from './schema';
export { openStore, openStoreFromEnv, DATABASE_URL_ENV, SQLITE_FILE_NAME, type Store, type StoreOptions } from './open';
export { migrate, migrationStatus, checkPrefix, type MigrationStatus } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export { StoreError, type StoreErrorCode } from './errors';
export { dialectOf, type SqlDialect } from './dialect';
export {
  appendAudit,
  auditHash,
  toAuditEvent,
  verifyAudit,
  GENESIS_HASH,
  type AuditInput,
  type AuditHead,
  type AuditVerification,
  type VerifyOptions,
} from './audit';
export { canonicalJson } from './canonical-json';
export { upsertTransactions, upsertOpenItems, upsertCustomers } from './upsert';
export { insertRows } from './bulk';
export { addDeadLetter, type DeadLetterInput } from './dead-letters';
export { checkIntegrity, type IntegrityReport } from './integrity';
