import { bindCommands, CommandsOptions } from './commands';
import { bindFsfreeze, FsfreezeOptions } from './fsfreeze';
import { bindMysql, MysqlOptions } from './mysql';
import { bindPostgresql, PostgresqlOptions } from './postgresql';
import { QuiescerBinding, QuiescerContext } from './shared';
import { Where } from '../../common/validation';

/**
 * What a `ConsistentBackupHook` quiesces on the instance between the pre-script and the
 * post-script: file systems (`fsfreeze`), MySQL/MariaDB, PostgreSQL, or your own commands.
 */
export class Quiescer {
  /**
   * Freeze file systems with `fsfreeze --freeze` (util-linux) in the pre-script and thaw them
   * in the post-script. Writes to them block meanwhile; reads go on.
   */
  public static fsfreeze(options: FsfreezeOptions): Quiescer {
    return new Quiescer('fsfreeze', (where) => bindFsfreeze(where, options));
  }

  /**
   * Hold MySQL's or MariaDB's global read lock (`FLUSH TABLES WITH READ LOCK`, then `sync`)
   * from the pre-script to the post-script (`UNLOCK TABLES`), in a client session kept open
   * by a background process. Writes wait meanwhile; reads go on.
   */
  public static mysql(options: MysqlOptions = {}): Quiescer {
    return new Quiescer('mysql', (where, ctx) => bindMysql(where, ctx, options));
  }

  /**
   * Put PostgreSQL in (non-exclusive) backup mode from the pre-script to the post-script:
   * `pg_backup_start(fast => true)` (an immediate checkpoint, and full-page writes until the
   * end) and `pg_backup_stop`, in one session kept open by a background process. Reads and
   * writes go on.
   */
  public static postgresql(options: PostgresqlOptions = {}): Quiescer {
    return new Quiescer('postgresql', (where, ctx) => bindPostgresql(where, ctx, options));
  }

  /** Run your own commands as the pre-script and/or the post-script. */
  public static commands(options: CommandsOptions): Quiescer {
    return new Quiescer('commands', (where) => bindCommands(where, options));
  }

  /** `fsfreeze`, `mysql`, `postgresql` or `commands`. */
  public readonly kind: string;

  private readonly binder: (where: Where, ctx: QuiescerContext) => QuiescerBinding;

  private constructor(kind: string, binder: (where: Where, ctx: QuiescerContext) => QuiescerBinding) {
    this.kind = kind;
    this.binder = binder;
  }

  /**
   * Validates the options and renders the script parts.
   * @internal
   */
  public _bind(where: Where, ctx: QuiescerContext): QuiescerBinding {
    return this.binder(where.in(this.kind), ctx);
  }
}
