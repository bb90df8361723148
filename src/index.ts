export * from './common';
export * from './dlm';
export * from './hooks';
