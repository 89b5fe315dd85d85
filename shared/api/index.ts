export * from './schemas';
export * from './channels';
export * from './connections';
export * from './users';
export * from './csp';
export * from './ipc';
export { smtpUrlProblem } from './smtp-url';
export * from './progress';
export { alertNotification, notifies, NOTIFICATION_BODY_MAX } from './alert-notification';
