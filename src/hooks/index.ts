export * from './hook';
export * from './quiescer';
