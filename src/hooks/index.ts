export { ConsistentBackupHook } from './hook';
export type {
  CommandsHookProps, ConsistentBackupHookOptions, ConsistentBackupHookProps, FsfreezeHookProps, MysqlHookProps, PostgresqlHookProps,
} from './hook';
export { Quiescer } from './quiescers';
export type { CommandsOptions, FsfreezeOptions, MysqlOptions, PostgresqlOptions } from './quiescers';
