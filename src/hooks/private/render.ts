/**
 * Assembles the DLM pre/post script of a `ConsistentBackupHook` (internal).
 *
 * The bash lives in `src/hooks/scripts/*.sh`; this file only generates the settings preamble
 * (values validated and quoted at synth, or base64 for tokens: see `shell-quote.ts`) and puts
 * the pieces together. The only `{{ ... }}` in a script are SSM's `{{ command }}` and
 * `{{ executionId }}` placeholders (SSM would substitute any other parameter or `{{ssm:...}}`
 * reference); no secret is ever written: credentials are read on the instance at run time.
 *
 * The machinery (state directory, holder process, auto thaw, exit codes: `holder.sh`) is shared
 * by every quiescer; a quiescer only contributes the `hook_*` functions described in `ScriptParts`.
 */
import { Token } from 'aws-cdk-lib';
import { EXIT_TABLE } from './exit-codes';
import { readScript } from './scripts';
import { encodedSetting, RuntimeSetting, shellQuote } from './shell-quote';

/** The marker in the holder's command line, so a recycled PID is never mistaken for it. */
export const HOLDER_MARK = 'cdk-tiered-backup-holder';

/** The watchdog's marker in its command line. */
export const WATCHDOG_MARK = 'cdk-tiered-backup-watchdog';

/** What a quiescer contributes to a script. */
export interface ScriptParts {
  /** Short name shown in logs: `fsfreeze`, `mysql`, `postgresql`, `commands`. */
  readonly kind: string;
  /** What is frozen, for log messages: `the file systems`, `MySQL/MariaDB`, ... */
  readonly what: string;
  /** One line saying what the script does, for the header comment. */
  readonly title: string;
  /**
   * Bash that defines the functions below (and any helpers they call):
   *  - `hook_check`: prerequisites (tools, mount points); returns non-zero when not ready (206).
   *  - `hook_probe`: read-only check for `dry-run` (e.g. connect and `SELECT 1`).
   * With `holds`:
   *  - `hook_acquire`: freeze/lock, run by the holder; 0 ok, 2 not ready, other failure.
   *  - `hook_release`: thaw/unlock, run by the holder; non-zero when it failed.
   *  - `hook_orphaned`: run by the post-script when the holder vanished without releasing:
   *    0 it was still frozen and is now released, 3 it had already been released, else failed.
   * Without `holds`:
   *  - `hook_pre`, `hook_post`: run synchronously by the pre/post-script.
   */
  readonly functions: string;
  /** Whether a holder keeps a freeze/lock from pre-script to post-script (with auto thaw). */
  readonly holds: boolean;
  /** What is held, for messages: `freeze` (default), `lock`, `backup mode`. */
  readonly held?: string;
  /** Extra `export NAME=value` settings (values already quoted). */
  readonly settings?: { [name: string]: string };
  /** Settings that may be tokens: decoded and checked on the instance (`NAME` from `NAME_B64`). */
  readonly runtimeSettings?: { [name: string]: RuntimeSetting };
}

/** Settings common to every script. */
export interface ScriptSettings {
  readonly stateDirectory: string;
  readonly autoThawSeconds: number;
  /** How long the pre-script waits for the freeze/lock (DLM's timeout minus a margin). */
  readonly acquireSeconds: number;
  /** How long the post-script waits for the release. */
  readonly releaseSeconds: number;
}

/** Seconds between the watchdog's retries of a failed thaw. */
export const RETRY_SECONDS = 5;
/** Seconds past the auto thaw after which the watchdog thaws a holder that did not. */
export const WATCHDOG_GRACE_SECONDS = 5;
/** How long the watchdog keeps retrying a failed thaw. */
export const WATCHDOG_LIMIT_SECONDS = 3600;

/** The header: `@TITLE@` and `@EXIT_TABLE@` (in comments) are filled in here. */
function header(title: string): string {
  const table = EXIT_TABLE.map(([code, meaning]) => `#   ${String(code).padEnd(3)} ${meaning}`).join('\n');
  return readScript('header.sh').replace('@TITLE@', title).replace('@EXIT_TABLE@', table);
}

/** `export NAME=value` lines: the construct's validated, quoted values (and base64 for tokens). */
function settingsPreamble(parts: ScriptParts, settings: ScriptSettings): string {
  const vars: { [name: string]: string } = {
    HOOK_KIND: shellQuote(parts.kind),
    HOOK_WHAT: shellQuote(parts.what),
    HOOK_HELD: shellQuote(parts.held ?? 'freeze'),
    HOOK_STATE_DIR: shellQuote(settings.stateDirectory),
    HOOK_AUTO_THAW_SECONDS: String(settings.autoThawSeconds),
    HOOK_ACQUIRE_SECONDS: String(settings.acquireSeconds),
    HOOK_RELEASE_SECONDS: String(settings.releaseSeconds),
    HOOK_RETRY_SECONDS: String(RETRY_SECONDS),
    HOOK_WATCHDOG_GRACE_SECONDS: String(WATCHDOG_GRACE_SECONDS),
    HOOK_WATCHDOG_LIMIT_SECONDS: String(WATCHDOG_LIMIT_SECONDS),
    HOLDER_MARK: shellQuote(HOLDER_MARK),
    WATCHDOG_MARK: shellQuote(WATCHDOG_MARK),
    ...parts.settings,
  };
  const runtime = Object.entries(parts.runtimeSettings ?? {});
  const known = runtime.filter(([, setting]) => !Token.isUnresolved(setting.value));
  const deployed = runtime.filter(([, setting]) => Token.isUnresolved(setting.value));
  return [
    '',
    '# ---- settings (from the construct\'s props, validated and quoted at synth) --------------------',
    ...Object.entries(vars).map(([name, value]) => `export ${name}=${value}`),
    // SSM's PATH usually has these; keep them (appended, so a PATH given by the caller wins).
    'export PATH="${PATH:-/usr/bin:/bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
    ...(parts.holds ? ['HOOK_SCRIPT=$(readlink -f -- "$0")'] : []),
    // known at synth: validated then, checked again by load_settings
    ...known.map(([name, setting]) => `export ${name}=${shellQuote(setting.value)}`),
    ...(deployed.length > 0 ? [
      '# resolved at deployment: base64 (the shell never parses the value), decoded and checked by load_settings',
      ...deployed.map(([name, setting]) => encodedSetting(name, setting)),
    ] : []),
  ].join('\n');
}

/** `load_settings`: decodes and checks each runtime setting (`decode_setting`, decode-setting.sh). */
function loader(parts: ScriptParts): string {
  const runtime = Object.entries(parts.runtimeSettings ?? {});
  if (runtime.length === 0) {
    return '\nload_settings() {\n  return 0\n}\n';
  }
  const checks = runtime.map(([name, setting]) => {
    const value = Token.isUnresolved(setting.value) ? `"$${name}_B64"` : '-';
    return `\n  decode_setting ${name} ${value} ${shellQuote(setting.pattern)} ${shellQuote(setting.what)} || ok=1`;
  });
  return `${readScript('decode-setting.sh')}\nload_settings() {\n  local ok=0${checks.join('')}\n  return "$ok"\n}\n`;
}

/** The whole script. */
export function renderScript(parts: ScriptParts, settings: ScriptSettings): string {
  return [
    header(parts.title),
    settingsPreamble(parts, settings),
    readScript('common.sh'),
    loader(parts),
    `\n# ---- ${parts.kind} ${'-'.repeat(Math.max(0, 90 - parts.kind.length))}\n${parts.functions.trim()}\n`,
    readScript(parts.holds ? 'holder.sh' : 'simple.sh'),
    readScript('main.sh'),
  ].join('').replace(/\n{3,}/g, '\n\n');
}
