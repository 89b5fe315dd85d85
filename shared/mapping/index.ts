export * from './customer-master';
export * from './fbl5n';
export * from './paytrace-csv';
export * from './paytrace-record';
export * from './record-error';
export * from './sap-line-item';
export * from './tabular';
export * from './net-due-date';
