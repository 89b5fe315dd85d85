export * from './civil';
export * from './zone';
export * from './paytrace';
export * from './sap';
