export * from './tier';
export * from './engines';
export * from './compiled-tier';
export * from './tiered-backup';
export * from './coverage';
export * from './event-backup-options';
