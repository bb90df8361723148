import { Duration, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { RuntimeSetting, ScriptParts, shellQuote } from './shell';
import { checkInteger, raw, Where } from '../common/validation';

/** Freezing file systems with `fsfreeze`. */
export interface FsfreezeOptions {
  /**
   * Mount points to freeze (absolute paths, 1 to 16), frozen in this order and thawed in the
   * reverse order. Not `/`: a frozen root file system also stops the SSM Agent that would
   * run the post-script (the auto thaw would still end it).
   */
  readonly mountPoints: string[];
}

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

/** Your own pre- and post-script commands. */
export interface CommandsOptions {
  /**
   * Shell commands (bash) for the pre-script, run with `set -e -o pipefail`: the first
   * failing command fails the pre-script (exit 201).
   *
   * @default - no pre-script (the script runs in the POST stage only)
   */
  readonly pre?: string[];

  /**
   * Shell commands (bash) for the post-script, run with `set -e -o pipefail`. With `pre`,
   * they also run as the auto thaw when no post-script arrives in time.
   *
   * @default - no post-script (the script runs in the PRE stage only)
   */
  readonly post?: string[];
}

/**
 * What a quiescer contributes to its hook.
 * @internal
 */
export interface QuiescerBinding {
  readonly parts: ScriptParts;
  /** Whether the script runs before (PRE) and/or after (POST) the snapshot starts. */
  readonly pre: boolean;
  readonly post: boolean;
  readonly description: string;
  readonly passwordParameter?: ssm.IParameter;
}

/**
 * What a quiescer needs from its hook.
 * @internal
 */
export interface QuiescerContext {
  readonly timeoutSeconds: number;
  readonly autoThawSeconds: number;
  readonly region: string;
}

/**
 * Seconds the database clients wait to connect.
 * @internal
 */
export const CONNECT_TIMEOUT_SECONDS = 5;
/** Seconds of the hook's timeout kept for connecting and bookkeeping around the lock wait. */
const LOCK_MARGIN_SECONDS = CONNECT_TIMEOUT_SECONDS + 4;
const DEFAULT_LOCK_SECONDS = 10;
const MAX_MOUNT_POINTS = 16;
/** SSM documents may hold at most 64 KB of content; keep custom commands well below. */
const MAX_COMMANDS_CHARS = 32_000;

const PATH = /^(\/[A-Za-z0-9._+@-]+)+$/;
const PATH_TEXT = 'an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts)';
const HOST = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;
const DB_IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/;
const DB_IDENTIFIER_TEXT = 'letters, digits and _ . - (not starting with . or -), at most 63 characters';
const OS_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

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

// ---------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------

function literal(where: Where, prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    where.fail(prop, 'must be a literal string, not a token (it is written into the script at synth time)', raw(value));
  }
}

/**
 * An absolute path; `allowRoot` lets `/` through.
 * @internal
 */
export function checkPath(where: Where, prop: string, value: string | undefined, maxLength: number, allowRoot = false): void {
  if (value === undefined) return;
  literal(where, prop, value);
  if (allowRoot && value === '/') return;
  if (!PATH.test(value) || value.split('/').some((part) => part === '.' || part === '..') || value.length > maxLength) {
    where.fail(prop, `must be ${PATH_TEXT}, at most ${maxLength} characters`, value);
  }
}

function checkPattern(where: Where, prop: string, value: string | undefined, pattern: RegExp, text: string): void {
  if (value === undefined) return;
  literal(where, prop, value);
  if (!pattern.test(value)) where.fail(prop, `must be ${text}`, value);
}

function checkPort(where: Where, prop: string, port: number | undefined): void {
  if (port !== undefined && Token.isUnresolved(port)) where.fail(prop, 'must be a literal number, not a token', raw(String(port)));
  checkInteger(where, prop, port, 1, 65535);
}

/** Whole seconds of a lock/start timeout, bounded by the hook's timeout. */
function lockSeconds(where: Where, prop: string, value: Duration | undefined, ctx: QuiescerContext): number {
  const max = ctx.timeoutSeconds - LOCK_MARGIN_SECONDS;
  if (value === undefined) return Math.min(DEFAULT_LOCK_SECONDS, max);
  if (value.isUnresolved()) where.fail(prop, 'must be a literal duration, not a token');
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > max) {
    where.fail(prop, `must be a whole number of seconds between 1 and ${max} (the hook's \`timeout\` of ${ctx.timeoutSeconds} seconds minus ${LOCK_MARGIN_SECONDS} for connecting)`, raw(`${seconds} seconds`));
  }
  return seconds;
}

function checkParameter(where: Where, prop: string, parameter: ssm.IParameter | undefined): void {
  if (parameter === undefined) return;
  const name = parameter.parameterName;
  if (!Token.isUnresolved(name) && (!PARAMETER_NAME.test(name) || name.length > 1011)) {
    where.fail(`${prop}.parameterName`, 'must be an SSM parameter name (letters, digits, _ . - and / between parts, at most 1011 characters)', name);
  }
}

// ---------------------------------------------------------------------------------------------
// fsfreeze
// ---------------------------------------------------------------------------------------------

function bindFsfreeze(where: Where, options: FsfreezeOptions): QuiescerBinding {
  const mounts = options.mountPoints;
  if (Token.isUnresolved(mounts)) where.fail('mountPoints', 'must be a literal list, not a token');
  if (mounts.length < 1 || mounts.length > MAX_MOUNT_POINTS) {
    where.fail('mountPoints', `must have 1 to ${MAX_MOUNT_POINTS} items`, raw(`${mounts.length} items`));
  }
  mounts.forEach((m, i) => {
    checkPath(where, `mountPoints[${i}]`, m, 255, true);
    if (m === '/') where.fail(`mountPoints[${i}]`, 'must not be the root file system `/` (freezing it stops the SSM Agent that runs the post-script)', m);
  });
  const seen = new Set<string>();
  for (const m of mounts) {
    if (seen.has(m)) where.fail('mountPoints', 'must not repeat a mount point', m);
    seen.add(m);
  }
  // Tests run these functions with a recording `fsfreeze` (and `mountpoint`) on PATH.
  const functions = `
# The mount points, in freezing order (thawed in the reverse order).
HOOK_MOUNTS=(${mounts.map(shellQuote).join(' ')})

hook_check() {
  local tool m ok=0
  for tool in fsfreeze mountpoint; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      log "ERROR: $tool (util-linux) is not installed"
      ok=1
    fi
  done
  [ "$ok" -eq 0 ] || return 1
  for m in "\${HOOK_MOUNTS[@]}"; do
    if ! mountpoint -q "$m"; then
      log "ERROR: $m is not a mount point"
      ok=1
    fi
  done
  return "$ok"
}

hook_probe() {
  log "INFO: would freeze" "\${HOOK_MOUNTS[@]}"
}

# Freezes in order, recording each frozen mount point (index) in the state file 'frozen', so
# that whoever thaws (the holder, a post-script, the watchdog) thaws exactly those; on a failure
# thaws what it froze and fails.
hook_acquire() {
  local m i
  : >"$HOOK_STATE_DIR/frozen"
  for ((i = 0; i < \${#HOOK_MOUNTS[@]}; i++)); do
    m=\${HOOK_MOUNTS[i]}
    if fsfreeze --freeze "$m"; then
      printf '%s\n' "$i" >>"$HOOK_STATE_DIR/frozen"
      log "INFO: froze $m"
    else
      log "ERROR: could not freeze $m"
      fs_thaw >/dev/null
      return 1
    fi
  done
}

# Thaws the recorded mount points in reverse order; those that fail stay recorded. Sets
# FS_THAWED, FS_NOT_FROZEN (someone thawed it before us) and FS_FAILED (counts).
fs_thaw() {
  local i m out keep=()
  local -a frozen=()
  FS_THAWED=0 FS_NOT_FROZEN=0 FS_FAILED=0
  if [ -f "$HOOK_STATE_DIR/frozen" ]; then
    mapfile -t frozen <"$HOOK_STATE_DIR/frozen"
  fi
  for ((i = \${#frozen[@]} - 1; i >= 0; i--)); do
    case \${frozen[i]} in '' | *[!0-9]*) continue ;; esac
    m=\${HOOK_MOUNTS[\${frozen[i]}]}
    if out=$(LC_ALL=C fsfreeze --unfreeze "$m" 2>&1); then
      log "INFO: thawed $m"
      FS_THAWED=$((FS_THAWED + 1))
    elif [[ $out == *'Invalid argument'* ]]; then
      log "ERROR: $m was not frozen any more (thawed by someone else)"
      FS_NOT_FROZEN=$((FS_NOT_FROZEN + 1))
    else
      printf '%s\n' "$out"
      log "ERROR: could not thaw $m"
      FS_FAILED=$((FS_FAILED + 1))
      keep=("\${frozen[i]}" "\${keep[@]}")
    fi
  done
  if [ "\${#keep[@]}" -gt 0 ]; then printf '%s\n' "\${keep[@]}" >"$HOOK_STATE_DIR/frozen"; else : >"$HOOK_STATE_DIR/frozen"; fi
}

# Thaws in reverse order: 0 thawed, 4 thawed but one had been thawed before (the freeze did
# not hold), 1 a thaw failed (the mount point stays recorded, to be thawed again).
hook_release() {
  fs_thaw
  [ "$FS_FAILED" -eq 0 ] || return 1
  [ "$FS_NOT_FROZEN" -eq 0 ] || return 4
}

# The holder is gone (SIGKILL), or a thaw failed before: thaw what is still recorded.
# 0 thawed something, 3 nothing was frozen any more, 1 a thaw failed.
hook_orphaned() {
  fs_thaw
  [ "$FS_FAILED" -eq 0 ] || return 1
  [ "$FS_THAWED" -gt 0 ] || return 3
}
`;
  return {
    parts: {
      kind: 'fsfreeze',
      what: 'the file systems',
      title: `fsfreeze: freezes ${mounts.join(', ')} from the pre-script to the post-script (with auto thaw)`,
      functions,
      holds: true,
      held: 'freeze',
    },
    pre: true,
    post: true,
    description: `Freezes ${mounts.join(', ')} with fsfreeze`,
  };
}

// ---------------------------------------------------------------------------------------------
// Database sessions held by the holder (shared by MySQL and PostgreSQL)
// ---------------------------------------------------------------------------------------------

/**
 * The client session as a coprocess of the holder. `db_client` (per database) runs the client
 * reading statements on stdin; markers printed by the session tell when a step is done.
 */
const DB_SESSION = `
# Starts the session that holds the lock: the client as a coprocess of the holder.
db_open() {
  coproc HOOK_DB { db_client; }
  DB_PID=$HOOK_DB_PID
  # Own copies of the pipe ends, and the originals closed: closing DB_IN is then the end of input.
  local rfd=\${HOOK_DB[0]} wfd=\${HOOK_DB[1]}
  exec {DB_OUT}<&"$rfd" {DB_IN}>&"$wfd" {rfd}<&- {wfd}>&-
}

# Sends statements, one per line.
db_send() {
  printf '%s\\n' "$@" >&"$DB_IN"
}

# Waits up to $2 seconds for a line starting with $1 (kept in DB_MARKER_LINE); prints the lines
# before it. Fails when the session ends first, on timeout, or when the pre-script gave up.
db_await() {
  local marker=$1 deadline=$((SECONDS + $2)) line partial='' rc
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ -e "$HOOK_STATE_DIR/abort" ] && return 1
    if IFS= read -r -t 1 line <&"$DB_OUT"; then
      line=$partial$line
      partial=''
      case $line in
        "$marker"*)
          DB_MARKER_LINE=$line
          return 0
          ;;
      esac
      printf '%s\\n' "$line"
    else
      rc=$?
      [ "$rc" -gt 128 ] || return 1
      partial=$partial$line
    fi
  done
  return 1
}

# Ends the session: end of input, then TERM/KILL if the client does not exit. Fails only if
# the client is still running (ending the session is what releases the lock on the server).
db_close() {
  exec {DB_IN}>&-
  local tries=50
  while [ "$tries" -gt 0 ] && alive "$DB_PID"; do
    sleep 0.1
    tries=$((tries - 1))
  done
  if alive "$DB_PID"; then
    command -v pkill >/dev/null 2>&1 && pkill -TERM -P "$DB_PID"
    kill -TERM "$DB_PID" 2>/dev/null
    sleep 1
    command -v pkill >/dev/null 2>&1 && pkill -KILL -P "$DB_PID"
    kill -KILL "$DB_PID" 2>/dev/null
  fi
  wait "$DB_PID" 2>/dev/null
  exec {DB_OUT}<&-
  ! alive "$DB_PID"
}

# The holder vanished: its session ended with it, and the server released the lock then.
hook_orphaned() {
  return 3
}
`;

/** Reading the SecureString parameter on the instance (into HOOK_DB_SECRET, not exported). */
function credentialsFunction(parameter: ssm.IParameter | undefined): string {
  if (!parameter) {
    return `
db_credentials() {
  return 0
}`;
  }
  return `
# Reads the password from the SecureString parameter (never written to disk).
db_credentials() {
  if ! HOOK_DB_SECRET=$(aws ssm get-parameter --region "$HOOK_REGION" --name "$HOOK_PASSWORD_PARAMETER" \\
    --with-decryption --query Parameter.Value --output text); then
    log "ERROR: cannot read the SecureString parameter $HOOK_PASSWORD_PARAMETER (instance role, AWS CLI?)"
    return 1
  fi
}`;
}

function awsCliCheck(parameter: ssm.IParameter | undefined): string {
  if (!parameter) return '';
  return `
  if ! command -v aws >/dev/null 2>&1; then
    log "ERROR: the AWS CLI (aws) is needed to read the password parameter"
    ok=1
  fi`;
}

/**
 * The parameter name and the Region may be tokens (a CfnParameter, a parameter of the same
 * stack, an environment-agnostic stack): they reach the script as data, decoded and checked on
 * the instance (see `RuntimeSetting`).
 */
function parameterSettings(parameter: ssm.IParameter | undefined, ctx: QuiescerContext): { [name: string]: RuntimeSetting } {
  if (!parameter) return {};
  return {
    HOOK_PASSWORD_PARAMETER: { value: parameter.parameterName, pattern: PARAMETER_NAME_RUNTIME, what: 'a valid SSM parameter name' },
    HOOK_REGION: { value: ctx.region, pattern: REGION_RUNTIME, what: 'a valid AWS Region' },
  };
}

/** The same rule as PARAMETER_NAME, as an anchored bash ERE (and at most 1011 characters). */
const PARAMETER_NAME_RUNTIME = '^/?[A-Za-z0-9_.-]{1,1011}(/[A-Za-z0-9_.-]{1,1011})*$';
/** An AWS Region name (us-east-1, us-gov-west-1, cn-north-1, ...). */
const REGION_RUNTIME = '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$';

// ---------------------------------------------------------------------------------------------
// MySQL / MariaDB
// ---------------------------------------------------------------------------------------------

function bindMysql(where: Where, ctx: QuiescerContext, o: MysqlOptions): QuiescerBinding {
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

  const optionFile = o.passwordParameter ? `
# The client's password as an option file, escaped for the option-file syntax.
db_option_file() {
  local value=$HOOK_DB_SECRET
  value=\${value//\\\\/\\\\\\\\}
  value=\${value//\\"/\\\\\\"}
  value=\${value//$'\\n'/\\\\n}
  value=\${value//$'\\r'/\\\\r}
  value=\${value//$'\\t'/\\\\t}
  printf '[client]\\npassword="%s"\\n' "$value"
}
` : '';

  const functions = `
# The client (mariadb or mysql) with this hook's connection options; statements on stdin.
db_client() {
  local bin
  bin=$(command -v mariadb || command -v mysql) || return 127
  "$bin" ${args.join(' ')} "$@"
}
${optionFile}${credentialsFunction(o.passwordParameter)}

hook_check() {
  local ok=0
  if ! command -v mariadb >/dev/null 2>&1 && ! command -v mysql >/dev/null 2>&1; then
    log "ERROR: no MySQL/MariaDB client (mariadb or mysql) is installed"
    ok=1
  fi${awsCliCheck(o.passwordParameter)}
  return "$ok"
}

hook_probe() {
  local version
  db_credentials || return 1
  if ! version=$(db_client -e 'SELECT VERSION()' </dev/null); then
    log "ERROR: cannot connect to MySQL/MariaDB"
    return 1
  fi
  log "INFO: connected to MySQL/MariaDB $version"
}

# Connects (not ready when that fails), takes the global read lock in a session that stays
# open, then flushes the OS page cache.
hook_acquire() {
  db_credentials || return 1
  db_open
  db_send "SELECT 'CDK_TIERED_BACKUP_CONNECTED';"
  if ! db_await CDK_TIERED_BACKUP_CONNECTED ${CONNECT_TIMEOUT_SECONDS + 2}; then
    log "ERROR: cannot connect to MySQL/MariaDB"
    db_close
    return 2
  fi
  db_send "SET SESSION wait_timeout = $((HOOK_AUTO_THAW_SECONDS + 300));" \\
    "SET SESSION lock_wait_timeout = ${lock};" \\
    'FLUSH TABLES WITH READ LOCK;' \\
    "SELECT CONCAT('CDK_TIERED_BACKUP_LOCKED ', CONNECTION_ID());"
  if ! db_await CDK_TIERED_BACKUP_LOCKED ${lock + 2}; then
    log "ERROR: FLUSH TABLES WITH READ LOCK failed or timed out (lock_wait_timeout ${lock}s)"
    db_close
    return 1
  fi
  DB_LOCK_CONNECTION=\${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED }
  log "INFO: global read lock held by connection $DB_LOCK_CONNECTION (client $DB_PID); syncing file systems"
  sync
}

# Checks that the connection that took the lock is still the session's (a killed connection or a
# restarted server ends the lock; the client does not reconnect), then UNLOCK TABLES and the
# session ends. 0 released, 4 the lock had been lost before, 1 the session cannot be ended.
hook_release() {
  local lost=0
  db_send "SELECT CONCAT('CDK_TIERED_BACKUP_HELD ', CONNECTION_ID());" 'UNLOCK TABLES;' "SELECT 'CDK_TIERED_BACKUP_RELEASED';"
  if ! db_await CDK_TIERED_BACKUP_HELD 10; then
    log "ERROR: the connection that held the lock is gone (killed, or the server restarted): the lock did not hold"
    lost=1
  elif [ "\${DB_MARKER_LINE#CDK_TIERED_BACKUP_HELD }" != "$DB_LOCK_CONNECTION" ]; then
    log "ERROR: the session is connection \${DB_MARKER_LINE#CDK_TIERED_BACKUP_HELD }, not $DB_LOCK_CONNECTION that took the lock: the lock did not hold"
    lost=1
  elif ! db_await CDK_TIERED_BACKUP_RELEASED 10; then
    log "WARN: UNLOCK TABLES got no answer; ending the session releases the lock"
  fi
  db_close || return 1
  [ "$lost" -eq 0 ] || return 4
}
${DB_SESSION}`;
  const target = o.host !== undefined ? `${o.host}:${o.port ?? 3306}` : o.socketPath ?? 'the default socket';
  return {
    parts: {
      kind: 'mysql',
      what: 'MySQL/MariaDB',
      title: `MySQL/MariaDB (${target}): FLUSH TABLES WITH READ LOCK from the pre-script to the post-script (with auto thaw)`,
      functions,
      holds: true,
      held: 'lock',
      runtimeSettings: parameterSettings(o.passwordParameter, ctx),
    },
    pre: true,
    post: true,
    description: `MySQL/MariaDB global read lock (${target})`,
    passwordParameter: o.passwordParameter,
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

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

function bindPostgresql(where: Where, ctx: QuiescerContext, o: PostgresqlOptions): QuiescerBinding {
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

  const functions = `
# psql as the OS user (peer authentication) with this hook's connection options.
db_client() {
  local bin
  bin=$(command -v psql) || return 127
  (cd / && ${env.join(' ')} runuser -u "$HOOK_OS_USER" -- "$bin" ${args.join(' ')} "$@")
}
${credentialsFunction(o.passwordParameter)}

hook_check() {
  local ok=0
  if ! command -v psql >/dev/null 2>&1; then
    log "ERROR: the PostgreSQL client (psql) is not installed"
    ok=1
  fi
  if ! command -v runuser >/dev/null 2>&1 || ! id -u "$HOOK_OS_USER" >/dev/null 2>&1; then
    log "ERROR: cannot run psql as the OS user $HOOK_OS_USER (runuser, or the user, is missing)"
    ok=1
  fi${awsCliCheck(o.passwordParameter)}
  return "$ok"
}

hook_probe() {
  local version
  db_credentials || return 1
  if ! version=$(db_client -c 'SHOW server_version' </dev/null); then
    log "ERROR: cannot connect to PostgreSQL"
    return 1
  fi
  log "INFO: connected to PostgreSQL $version"
}

# Connects (not ready when that fails), then starts a non-exclusive backup (immediate
# checkpoint) in a session that stays open.
hook_acquire() {
  db_credentials || return 1
  db_open
  db_send "SELECT 'CDK_TIERED_BACKUP_CONNECTED';"
  if ! db_await CDK_TIERED_BACKUP_CONNECTED ${CONNECT_TIMEOUT_SECONDS + 2}; then
    log "ERROR: cannot connect to PostgreSQL"
    db_close
    return 2
  fi
  db_send 'SELECT :SERVER_VERSION_NUM >= 150000 AS cdk_pg15, :SERVER_VERSION_NUM >= 140000 AS cdk_pg14 \\gset' \\
    '\\if :cdk_pg14' 'SET idle_session_timeout = 0;' '\\endif' \\
    'SET idle_in_transaction_session_timeout = 0;' \\
    "SET statement_timeout = '${start}s';" \\
    '\\if :cdk_pg15' \\
    "SELECT 'CDK_TIERED_BACKUP_LOCKED ' || pg_backup_start('${PG_BACKUP_LABEL}', true);" \\
    '\\else' \\
    "SELECT 'CDK_TIERED_BACKUP_LOCKED ' || pg_start_backup('${PG_BACKUP_LABEL}', true, false);" \\
    '\\endif'
  if ! db_await CDK_TIERED_BACKUP_LOCKED ${start + 2}; then
    log "ERROR: pg_backup_start failed or timed out (statement_timeout ${start}s)"
    db_close
    return 1
  fi
  write_state start_lsn "\${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED }"
  log "INFO: backup mode started at WAL location \${DB_MARKER_LINE#CDK_TIERED_BACKUP_LOCKED } (client $DB_PID)"
}

# pg_backup_stop (not waiting for WAL archiving) in the session that started the backup, keeps
# the backup label, then the session ends. pg_backup_stop fails in any other session, and psql
# does not reconnect: no answer means the backup mode had ended before (session terminated,
# server restarted). 0 released, 4 backup mode had been lost, 1 the session cannot be ended.
hook_release() {
  local out line section='' lost=0
  db_send '\\if :cdk_pg15' \\
    'SELECT lsn AS cdk_stop_lsn, labelfile AS cdk_label, spcmapfile AS cdk_map FROM pg_backup_stop(false) \\gset' \\
    '\\else' \\
    'SELECT lsn AS cdk_stop_lsn, labelfile AS cdk_label, spcmapfile AS cdk_map FROM pg_stop_backup(false, false) \\gset' \\
    '\\endif' \\
    '\\echo CDK_TIERED_BACKUP_STOP_LSN :cdk_stop_lsn' \\
    '\\echo CDK_TIERED_BACKUP_LABEL' '\\echo :cdk_label' \\
    '\\echo CDK_TIERED_BACKUP_MAP' '\\echo :cdk_map' \\
    '\\echo CDK_TIERED_BACKUP_RELEASED'
  if out=$(db_await CDK_TIERED_BACKUP_RELEASED 20); then
    : >"$HOOK_STATE_DIR/backup_label"
    : >"$HOOK_STATE_DIR/tablespace_map"
    while IFS= read -r line; do
      case $line in
        CDK_TIERED_BACKUP_STOP_LSN*) log "INFO: backup mode stopped at WAL location \${line#CDK_TIERED_BACKUP_STOP_LSN }" ;;
        CDK_TIERED_BACKUP_LABEL) section=backup_label ;;
        CDK_TIERED_BACKUP_MAP) section=tablespace_map ;;
        *) [ -n "$section" ] && [ -n "$line" ] && printf '%s\\n' "$line" >>"$HOOK_STATE_DIR/$section" ;;
      esac
    done <<<"$out"
    log "INFO: backup label (for point-in-time recovery from a WAL archive; $HOOK_STATE_DIR/backup_label):"
    sed 's/^/    /' "$HOOK_STATE_DIR/backup_label"
  else
    log "ERROR: pg_backup_stop did not complete in the session that started the backup (terminated, or the server restarted): the backup mode did not hold"
    lost=1
  fi
  db_close || return 1
  [ "$lost" -eq 0 ] || return 4
}
${DB_SESSION}`;
  const target = `${o.host ?? 'the default socket'}:${o.port ?? 5432}`;
  return {
    parts: {
      kind: 'postgresql',
      what: 'PostgreSQL',
      title: `PostgreSQL (${target}): backup mode (pg_backup_start/pg_backup_stop) from the pre-script to the post-script (with auto thaw)`,
      functions,
      holds: true,
      held: 'backup mode',
      settings: { HOOK_OS_USER: shellQuote(osUser) },
      runtimeSettings: parameterSettings(o.passwordParameter, ctx),
    },
    pre: true,
    post: true,
    description: `PostgreSQL backup mode (${target})`,
    passwordParameter: o.passwordParameter,
  };
}

/**
 * `application_name` of the session that holds PostgreSQL's backup mode.
 * @internal
 */
export const PG_APPLICATION_NAME = 'cdk-tiered-backup';
/**
 * The label passed to pg_backup_start.
 * @internal
 */
export const PG_BACKUP_LABEL = 'cdk-tiered-backup';

// ---------------------------------------------------------------------------------------------
// Custom commands
// ---------------------------------------------------------------------------------------------

function checkCommands(where: Where, prop: string, lines: string[] | undefined): string | undefined {
  if (lines === undefined) return undefined;
  if (Token.isUnresolved(lines)) where.fail(prop, 'must be a literal list, not a token');
  if (lines.length === 0) where.fail(prop, 'must have at least 1 command (leave it out to skip the stage)', raw('0 items'));
  lines.forEach((line, i) => {
    literal(where, `${prop}[${i}]`, line);
    if (line.includes('{{')) {
      where.fail(`${prop}[${i}]`, 'must not contain `{{` (SSM would substitute it as a document parameter); use $DLM_EXECUTION_ID', line);
    }
    if (line.includes('\0')) where.fail(`${prop}[${i}]`, 'must not contain a NUL character', line);
  });
  const text = lines.join('\n');
  if (text.length > MAX_COMMANDS_CHARS) where.fail(prop, `must be at most ${MAX_COMMANDS_CHARS} characters in all`, raw(`${text.length} characters`));
  return text;
}

function bindCommands(where: Where, options: CommandsOptions): QuiescerBinding {
  const pre = checkCommands(where, 'pre', options.pre);
  const post = checkCommands(where, 'post', options.post);
  if (pre === undefined && post === undefined) where.fail('pre', 'or `post` must be given (a script needs at least one stage)');
  // Each stage's commands are in the script once, in a variable, verbatim in single quotes
  // (they expand when they run); the run and the syntax check both read it.
  const text = (name: string, commands: string) => `
# The ${name} commands, verbatim.
# shellcheck disable=SC2016
HOOK_${name.toUpperCase()}_COMMANDS=${shellQuote(commands)}`;
  const run = (name: string) => `
hook_${name}_commands() {
  HOOK_STAGE=${name} "$BASH" -e -o pipefail -c "$HOOK_${name.toUpperCase()}_COMMANDS" cdk-tiered-backup-${name}
}`;
  const syntax = (name: string) => `
  if ! "$BASH" -n -c "$HOOK_${name.toUpperCase()}_COMMANDS"; then
    log "ERROR: the ${name} commands have a syntax error"
    ok=1
  fi`;
  const holds = pre !== undefined && post !== undefined;
  const common = `${pre !== undefined ? text('pre', pre) : ''}${post !== undefined ? text('post', post) : ''}
${pre !== undefined ? run('pre') : ''}
${post !== undefined ? run('post') : ''}

hook_check() {
  return 0
}

# Checks the commands' syntax without running them.
hook_probe() {
  local ok=0${pre !== undefined ? syntax('pre') : ''}${post !== undefined ? syntax('post') : ''}
  return "$ok"
}
`;
  const functions = holds ? `${common}
# Any failure of the pre commands is a failed pre-script (201), whatever their exit status.
hook_acquire() {
  hook_pre_commands || return 1
}

# Runs the post commands; HOOK_RELEASE_REASON says why (released, auto-thawed, ...). Any
# failure is a failed thaw (retried).
hook_release() {
  HOOK_RELEASE_REASON=\${1:-released} hook_post_commands || return 1
}

# The holder vanished before the post commands ran, or they failed before: run them (again);
# HOOK_RELEASE_REASON is orphaned, auto-thawed (by the watchdog) or retry.
hook_orphaned() {
  HOOK_RELEASE_REASON=\${1:-orphaned} hook_post_commands || return 1
}
` : `${common}
hook_pre() {
  ${pre !== undefined ? 'hook_pre_commands' : 'log "INFO: no pre-script commands"'}
}

hook_post() {
  ${post !== undefined ? 'hook_post_commands' : 'log "INFO: no post-script commands"'}
}
`;
  const stages = holds ? 'pre- and post-script commands (with auto thaw)' : pre !== undefined ? 'pre-script commands' : 'post-script commands';
  return {
    parts: {
      kind: 'commands',
      what: 'the application',
      title: `Custom ${stages}`,
      functions,
      holds,
    },
    pre: pre !== undefined,
    post: post !== undefined,
    description: `Custom ${stages}`,
  };
}
