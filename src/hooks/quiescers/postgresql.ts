import { Duration } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { databaseFunctions, parameterSettings } from './database';
import {
  CONNECT_TIMEOUT_SECONDS, checkParameter, checkPath, checkPattern, checkPort, DB_IDENTIFIER, DB_IDENTIFIER_TEXT, HOST, lockSeconds,
  QuiescerBinding, QuiescerContext,
} from './shared';
import { Where } from '../../common/validation';
import { shellQuote } from '../private/shell-quote';

/** Connecting to PostgreSQL on the instance. */
export interface PostgresqlOptions {
  /**
   * Host name, IP address, or the directory of the server's Unix socket (an absolute path,
   * e.g. `/var/run/postgresql` or `/tmp`).
   *
   * @default - the client's default socket directory
   */
  readonly host?: string;

  /**
   * Port.
   *
   * @default 5432
   */
  readonly port?: number;

  /**
   * The database user: a superuser, or a role granted EXECUTE on `pg_backup_start` and
   * `pg_backup_stop` (`pg_start_backup`/`pg_stop_backup` before PostgreSQL 15).
   *
   * @default 'postgres'
   */
  readonly user?: string;

  /**
   * The database to connect to.
   *
   * @default 'postgres'
   */
  readonly database?: string;

  /**
   * The operating-system user that runs `psql` (through `runuser`), for peer authentication
   * over the Unix socket.
   *
   * @default 'postgres'
   */
  readonly osUser?: string;

  /**
   * A password file on the instance (`PGPASSFILE`, the `.pgpass` format), readable by
   * `osUser`.
   *
   * @default - none
   */
  readonly passwordFile?: string;

  /**
   * An SSM SecureString parameter with the user's password, read on the instance at run time
   * and given to `psql` in its environment (`PGPASSWORD`, readable only by root and `osUser`).
   * Needs the AWS CLI on the instance and `grantInstance()` on the instance role. Cannot be
   * combined with `passwordFile`.
   *
   * @default - no password (peer or trust authentication, or the password file)
   */
  readonly passwordParameter?: ssm.IParameter;

  /**
   * How long `pg_backup_start` (with its immediate checkpoint) may take before the
   * pre-script gives up (`statement_timeout`), in whole seconds.
   *
   * @default - 10 seconds, or the hook's `timeout` minus 9 seconds when that is shorter
   */
  readonly backupStartTimeout?: Duration;
}

/** `application_name` of the session that holds PostgreSQL's backup mode. */
const PG_APPLICATION_NAME = 'cdk-tiered-backup';
const OS_USER = /^[a-z_][a-z0-9_-]{0,31}$/;

// Why backup mode and not CHECKPOINT + fsfreeze: DLM snapshots all volumes of an instance at
// one point in time (crash-consistent across volumes), and PostgreSQL recovers from such a
// snapshot by replaying its WAL, like after a power loss. What a hook adds is a recent
// checkpoint (short, bounded recovery), full-page writes forced for the duration (no torn
// pages even with full_page_writes=off), and the backup label in the post-script's output for
// point-in-time recovery from a WAL archive. Non-exclusive backup mode gives all of that while
// the database keeps serving reads and writes, on any file-system layout (root volume,
// several volumes, LVM). fsfreeze would block every write on the frozen file systems for the
// whole window, cannot freeze the root file system (the SSM Agent lives there), and adds
// nothing PostgreSQL needs for a crash-consistent multi-volume snapshot. Non-exclusive mode
// ends when its session ends, so a holder process keeps the session open from pre to post.

/** Validates the connection options; the functions are `postgresql.sh` and the shared database pieces. */
export function bindPostgresql(where: Where, ctx: QuiescerContext, o: PostgresqlOptions): QuiescerBinding {
  if (o.host !== undefined && o.host.startsWith('/')) {
    checkPath(where, 'host', o.host, 100);
  } else {
    checkPattern(where, 'host', o.host, HOST, 'a host name, an IP address or an absolute socket directory');
  }
  checkPort(where, 'port', o.port);
  checkPattern(where, 'user', o.user, DB_IDENTIFIER, DB_IDENTIFIER_TEXT);
  checkPattern(where, 'database', o.database, DB_IDENTIFIER, DB_IDENTIFIER_TEXT);
  checkPattern(where, 'osUser', o.osUser, OS_USER, 'a Linux user name (lowercase letters, digits, _ and -, at most 32 characters)');
  checkPath(where, 'passwordFile', o.passwordFile, 255);
  checkParameter(where, 'passwordParameter', o.passwordParameter);
  if (o.passwordFile !== undefined && o.passwordParameter !== undefined) {
    where.fail('passwordParameter', 'cannot be combined with `passwordFile`');
  }
  const start = lockSeconds(where, 'backupStartTimeout', o.backupStartTimeout, ctx);
  const osUser = o.osUser ?? 'postgres';
  const env = [`PGAPPNAME=${shellQuote(PG_APPLICATION_NAME)}`, `PGCONNECT_TIMEOUT=${CONNECT_TIMEOUT_SECONDS}`];
  if (o.passwordFile !== undefined) env.push(`PGPASSFILE=${shellQuote(o.passwordFile)}`);
  if (o.passwordParameter !== undefined) env.push('PGPASSWORD="$HOOK_DB_SECRET"');
  const args = ['-X', '-q', '-A', '-t', '-w', '-v', 'ON_ERROR_STOP=1'];
  if (o.host !== undefined) args.push('-h', shellQuote(o.host));
  args.push('-p', String(o.port ?? 5432), '-U', shellQuote(o.user ?? 'postgres'), '-d', shellQuote(o.database ?? 'postgres'));

  const client = `
# psql as the OS user (peer authentication) with this hook's connection options.
db_client() {
  local bin
  bin=$(command -v psql) || return 127
  (cd / && ${env.join(' ')} runuser -u "$HOOK_OS_USER" -- "$bin" ${args.join(' ')} "$@")
}
`;
  const target = `${o.host ?? 'the default socket'}:${o.port ?? 5432}`;
  return {
    parts: {
      kind: 'postgresql',
      what: 'PostgreSQL',
      title: `PostgreSQL (${target}): backup mode (pg_backup_start/pg_backup_stop) from the pre-script to the post-script (with auto thaw)`,
      functions: databaseFunctions(client, 'postgresql.sh', o.passwordParameter),
      holds: true,
      held: 'backup mode',
      settings: {
        HOOK_OS_USER: shellQuote(osUser),
        HOOK_CONNECT_TIMEOUT_SECONDS: String(CONNECT_TIMEOUT_SECONDS),
        HOOK_START_TIMEOUT_SECONDS: String(start),
      },
      runtimeSettings: parameterSettings(o.passwordParameter, ctx),
    },
    pre: true,
    post: true,
    description: `PostgreSQL backup mode (${target})`,
    passwordParameter: o.passwordParameter,
  };
}
