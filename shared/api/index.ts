export * from './schemas';
export * from './channels';
export * from './csp';
export * from './ipc';
export * from './progress';
