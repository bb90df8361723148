export { Quiescer } from './quiescer';
export type { FsfreezeOptions } from './fsfreeze';
export type { MysqlOptions } from './mysql';
export type { PostgresqlOptions } from './postgresql';
export type { CommandsOptions } from './commands';
