export * from './common';
export * from './dlm';
