export * from './tier';
export * from './tiered-backup';
export * from './coverage';
export * from './event-backup-options';
