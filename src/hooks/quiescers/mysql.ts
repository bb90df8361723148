import { Duration } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { databaseFunctions, parameterSettings } from './database';
import { CONNECT_TIMEOUT_SECONDS, checkParameter, checkPath, checkPattern, checkPort, DB_IDENTIFIER, DB_IDENTIFIER_TEXT, HOST, lockSeconds, QuiescerBinding, QuiescerContext } from './shared';
import { Where } from '../../common/validation';
import { shellQuote } from '../private/shell-quote';

/** Connecting to MySQL or MariaDB on the instance. */
export interface MysqlOptions {
  /**
   * Unix socket of the server. Give this or `host`, not both.
   *
   * @default - the client's default (from the instance's option files)
   */
  readonly socketPath?: string;

  /**
   * Host name or IP address to connect to over TCP instead of the socket.
   *
   * @default - the Unix socket
   */
  readonly host?: string;

  /**
   * TCP port, with `host`.
   *
   * @default 3306
   */
  readonly port?: number;

  /**
   * The database user. It needs the `RELOAD` privilege (for FLUSH TABLES WITH READ LOCK).
   *
   * @default - the client's default: the OS user `root` (Unix socket authentication on
   * Debian, Ubuntu and MariaDB packages) unless the option file names another
   */
  readonly user?: string;

  /**
   * An option file on the instance (`--defaults-extra-file`), e.g. with a `[client]` section
   * holding `user` and `password`. Keep it readable by root only.
   *
   * @default - no extra option file
   */
  readonly optionFile?: string;

  /**
   * An SSM SecureString parameter with the user's password, read on the instance at run time
   * (`aws ssm get-parameter --with-decryption`) and handed to the client through a pipe,
   * never written to disk or the command line. Needs the AWS CLI on the instance and
   * `grantInstance()` on the instance role. Cannot be combined with `optionFile`.
   *
   * @default - no password (socket authentication or the option file)
   */
  readonly passwordParameter?: ssm.IParameter;

  /**
   * How long FLUSH TABLES WITH READ LOCK may wait (for running statements) before the
   * pre-script gives up (`lock_wait_timeout`), in whole seconds.
   *
   * @default - 10 seconds, or the hook's `timeout` minus 9 seconds when that is shorter
   */
  readonly lockTimeout?: Duration;
}

/** Validates the connection options; the functions are `mysql.sh` and the shared database pieces. */
export function bindMysql(where: Where, ctx: QuiescerContext, o: MysqlOptions): QuiescerBinding {
  checkPath(where, 'socketPath', o.socketPath, 107);
  checkPattern(where, 'host', o.host, HOST, 'a host name or an IP address');
  checkPort(where, 'port', o.port);
  if (o.port !== undefined && o.host === undefined) where.fail('port', 'needs `host` (the socket is used without it)', o.port);
  if (o.socketPath !== undefined && o.host !== undefined) where.fail('socketPath', 'cannot be combined with `host` (a socket or TCP, not both)', o.socketPath);
  checkPattern(where, 'user', o.user, DB_IDENTIFIER, DB_IDENTIFIER_TEXT);
  checkPath(where, 'optionFile', o.optionFile, 255);
  checkParameter(where, 'passwordParameter', o.passwordParameter);
  if (o.optionFile !== undefined && o.passwordParameter !== undefined) {
    where.fail('passwordParameter', 'cannot be combined with `optionFile` (put the password in the option file, or drop the option file)');
  }
  const lock = lockSeconds(where, 'lockTimeout', o.lockTimeout, ctx);

  // --defaults-extra-file must come first. The password travels through a pipe (<(...)).
  const args: string[] = [];
  if (o.optionFile !== undefined) args.push(`--defaults-extra-file=${shellQuote(o.optionFile)}`);
  if (o.passwordParameter !== undefined) args.push('--defaults-extra-file=<(db_option_file)');
  if (o.host !== undefined) {
    args.push('--protocol=TCP', `--host=${shellQuote(o.host)}`, `--port=${o.port ?? 3306}`);
  } else if (o.socketPath !== undefined) {
    args.push('--protocol=SOCKET', `--socket=${shellQuote(o.socketPath)}`);
  }
  if (o.user !== undefined) args.push(`--user=${shellQuote(o.user)}`);
  args.push(`--connect-timeout=${CONNECT_TIMEOUT_SECONDS}`, '--skip-reconnect', '--batch', '--skip-column-names', '--unbuffered');

  const client = `
# The client (mariadb or mysql) with this hook's connection options; statements on stdin.
db_client() {
  local bin
  bin=$(command -v mariadb || command -v mysql) || return 127
  "$bin" ${args.join(' ')} "$@"
}
`;
  const target = o.host !== undefined ? `${o.host}:${o.port ?? 3306}` : o.socketPath ?? 'the default socket';
  return {
    parts: {
      kind: 'mysql',
      what: 'MySQL/MariaDB',
      title: `MySQL/MariaDB (${target}): FLUSH TABLES WITH READ LOCK from the pre-script to the post-script (with auto thaw)`,
      functions: databaseFunctions(client, 'mysql.sh', o.passwordParameter, o.passwordParameter ? ['mysql-password.sh'] : []),
      holds: true,
      held: 'lock',
      settings: { HOOK_CONNECT_TIMEOUT_SECONDS: String(CONNECT_TIMEOUT_SECONDS), HOOK_LOCK_TIMEOUT_SECONDS: String(lock) },
      runtimeSettings: parameterSettings(o.passwordParameter, ctx),
    },
    pre: true,
    post: true,
    description: `MySQL/MariaDB global read lock (${target})`,
    passwordParameter: o.passwordParameter,
  };
}
