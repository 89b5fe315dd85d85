export * from './fi-document';
export * from './gl-rules';
export * from './reference';
export * from './builder';
export * from './preview';
export * from './fiscal-calendar';
export * from './posting-date';
