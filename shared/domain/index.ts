export * from './model';
export * from './payment-state';
export * from './four-eyes';
export * from './reversal';
export * from './dead-letters';
