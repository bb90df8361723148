export * from './cadence';
export * from './retention';
