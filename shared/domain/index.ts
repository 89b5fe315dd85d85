export * from './model';
export * from './payment-state';
