export * from './common';
export * from './dlm';
export * from './hooks';
export * from './backup';
export * from './tiers';
export * from './compliance';
export * from './monitoring';
export * from './restore';
