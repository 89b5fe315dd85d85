// The audit trail (docs/ARCHITECTURE.md, "The audit log"): append with appendAudit, check with verifyAudit.
export { GENESIS_HASH, auditHash, auditMac, auditKeyId, toAuditEvent } from './audit-hash';
export { appendAudit, prepareAuditKey, type AuditInput } from './audit-append';
export {
  verifyAudit,
  type AuditHead,
  type AuditProblem,
  type AuditVerification,
  type VerifyOptions,
} from './audit-verify';
export type { AuditAnchorRef } from './audit-anchor-check';
export { readAuditHead, type AuditHeadRecord } from './audit-head';
export { readChain, type ChainMarker, type ChainState } from './audit-chain';
export { AuditKeys, MIN_AUDIT_KEY_LENGTH } from './audit-keys';
