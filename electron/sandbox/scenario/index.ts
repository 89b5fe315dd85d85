export * from './cash-application';
export * from './doc-numbers';
export * from './evaluate';
export * from './generate';
export * from './prng';
export * from './to-paytrace';
export * from './to-sap';
export type * from './types';
