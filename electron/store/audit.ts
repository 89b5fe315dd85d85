// The audit trail (docs/ARCHITECTURE.md, "The audit log"): append with appendAudit, check with verifyAudit.
export { GENESIS_HASH, auditHash, toAuditEvent } from './audit-hash';
export { appendAudit, type AuditInput } from './audit-append';
export { verifyAudit, type AuditHead, type AuditVerification, type VerifyOptions } from './audit-verify';
