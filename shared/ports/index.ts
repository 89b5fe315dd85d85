// The ports: what the core needs from the outside world, as interfaces the connectors implement
// (docs/ARCHITECTURE.md, "Rooms and walls"). Pure TypeScript, so both sides may import them.
export * from './erp';
export * from './gateway';
export * from './errors';
export { LOG_LEVELS, type LogLevel, type Logger } from './log';
export { systemClock, isoNow, type Clock } from './clock';
export type { AuditKeyStore, RevealableSecret } from './audit-key';
export type { AnchorTrigger, AuditAnchor, AuditAnchors } from './audit-anchors';
export type { AlertMail, AlertMailAttachment, AlertMailer, AlertMailSecret } from './alert-mail';
export type {
  DisputeBatch,
  DisputeBatchCase,
  DisputeIntake,
  DisputeRejection,
  NorthConnection,
  NorthDisputeSource,
} from './disputes';
export type { ReportFolder, ReportFolders } from './report-folder';
export type { ConnectionAdmin } from './connections';
export type { SignInLinks } from './users';
export { CALL_OUTCOMES, type BreakerState, type CallOutcome, type CallRecorder } from './call-metrics';
