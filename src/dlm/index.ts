export * from './policy-base';
export * from './snapshot-policy';
export * from './ami-policy';
export * from './default-policy';
export * from './schedule';
export * from './script';
export * from './copy';
