// The store's public surface. The core imports only from here (a lint rule holds it): the
// repositories and the records they return, never the schema or Kysely. Hosts also open,
// migrate and check the store through it; the table types stay in schema.ts.
export {
  openStore,
  openStoreFromEnv,
  DATABASE_URL_ENV,
  SQLITE_FILE_NAME,
  type Store,
  type StoreOptions,
  type StoreServices,
} from './open';
export { migrate, migrationStatus, checkPrefix, type MigrationStatus } from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export { StoreError, type StoreErrorCode } from './errors';
export { dialectOf, type SqlDialect } from './dialect';
export {
  appendAudit,
  prepareAuditKey,
  auditHash,
  auditMac,
  auditKeyId,
  toAuditEvent,
  verifyAudit,
  readAuditHead,
  readChain,
  AuditKeys,
  GENESIS_HASH,
  MIN_AUDIT_KEY_LENGTH,
  type AuditAnchorRef,
  type AuditHeadRecord,
  type AuditInput,
  type AuditHead,
  type AuditProblem,
  type AuditVerification,
  type ChainMarker,
  type ChainState,
  type VerifyOptions,
} from './audit';
export { canonicalJson } from './canonical-json';
export { contentHash } from './content-hash';
export { upsertTransactions, upsertOpenItems, upsertCustomers } from './upsert';
export { insertRows } from './bulk';
export { addDeadLetter, type DeadLetterInput } from './dead-letters';
export { checkIntegrity, type IntegrityReport } from './integrity';
export { inspectBackup, restoreSqlite, type BackupFacts, type RestoreOutcome } from './backup';
export * from './records';
export * from './repos';
