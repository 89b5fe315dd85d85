export * from './backoff';
export * from './circuit-breaker';
export * from './classify';
export * from './errors';
export * from './policy';
export * from './timeout';
