export * from './vault';
export * from './selection';
export * from './plan';
