/**
 * Helpers for the hook tests: the script as SSM stores it in the synthesized document, run the
 * way the SSM Agent runs an aws:runShellScript step, and the real tools and servers the tests
 * need (.ci/databases.sh installs and starts them).
 *
 * The emulation of the agent:
 *  - CloudFormation first resolves the template: `Ref` to a template parameter becomes the
 *    value deployed (`parameters`, hostile values included), `Fn::Base64` is encoded, pseudo
 *    parameters get this machine's values;
 *  - the agent checks each document parameter against its `allowedValues`/`allowedPattern`
 *    (a value that does not match never runs) and substitutes `{{ name }}` in the text;
 *  - the text is written to `_script.sh` in a fresh orchestration folder and run as
 *    `sh -c <file>` as root, in its own process group, with the small environment a systemd
 *    service has (not the test's), and the whole group killed on timeout.
 *
 * Outside CI a missing tool or server skips its tests with a visible warning; with CI=true it
 * fails them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Stack } from 'aws-cdk-lib';
import { synth } from '../harness';

export const IN_CI = process.env.CI === 'true';

/** The executionId DLM would pass (a UUID, matching the document's allowedPattern). */
export const EXECUTION_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** The environment of a command run by the SSM Agent under systemd (no HOME, no terminal). */
export const AGENT_ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  INVOCATION_ID: '5f6a1b2c3d4e4f5a8b9c0d1e2f3a4b5c',
  JOURNAL_STREAM: '8:12345',
  AWS_SSM_INSTANCE_ID: 'i-0123456789abcdef0',
  AWS_SSM_REGION_NAME: 'us-east-1',
};

/** Template parameter values to deploy with (`Ref` to them resolves to these). */
export type Deployed = { [parameter: string]: string };

/**
 * Resolves what a template may hold in a runCommand string as CloudFormation would: Fn::Join,
 * Fn::Base64, Ref to a template parameter (from `deployed`) and the pseudo parameters.
 */
function resolveValue(value: unknown, deployed: Deployed): string {
  if (typeof value === 'string') return value;
  const v = value as { [key: string]: any };
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map((x) => resolveValue(x, deployed)).join(v['Fn::Join'][0]);
  if (v['Fn::Base64'] !== undefined) return Buffer.from(resolveValue(v['Fn::Base64'], deployed), 'utf8').toString('base64');
  if (v.Ref === 'AWS::Region') return deployed['AWS::Region'] ?? 'us-east-1';
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (typeof v.Ref === 'string' && deployed[v.Ref] !== undefined) return deployed[v.Ref];
  throw new Error(`unexpected value in a runCommand: ${JSON.stringify(value)}`);
}

/** The synthesized SSM documents of a stack: logical ID -> properties. */
export function ssmDocuments(stack: Stack): { [logicalId: string]: { [key: string]: any } } {
  const docs = synth(stack).findResources('AWS::SSM::Document');
  return Object.fromEntries(Object.entries(docs).map(([id, r]) => [id, r.Properties]));
}

/**
 * The bash script of the stack's only SSM document (or the one whose logical ID starts with
 * `prefix`), resolved as CloudFormation would with the `deployed` parameter values.
 */
export function extractScript(stack: Stack, prefix = '', deployed: Deployed = {}): string {
  const docs = Object.entries(ssmDocuments(stack)).filter(([id]) => id.startsWith(prefix));
  if (docs.length !== 1) throw new Error(`expected 1 SSM document starting with '${prefix}', found ${docs.length}`);
  const steps = docs[0][1].Content.mainSteps;
  if (steps.length !== 1 || steps[0].action !== 'aws:runShellScript') throw new Error('expected one aws:runShellScript step');
  const parameters = docs[0][1].Content.parameters as { [name: string]: { allowedValues?: string[]; allowedPattern?: string } };
  const text = (steps[0].inputs.runCommand as unknown[]).map((x) => resolveValue(x, deployed)).join('\n');
  documentParameters.set(text, parameters);
  return text;
}

/** The document parameters of each extracted script (for the agent's checks). */
const documentParameters = new Map<string, { [name: string]: { allowedValues?: string[]; allowedPattern?: string } }>();

/** What the SSM Agent substitutes: each `{{ name }}` of a document parameter, after checking the value. */
export function substitute(script: string, values: { [name: string]: string }): string {
  const declared = documentParameters.get(script) ?? { command: {}, executionId: {} };
  let text = script;
  for (const [name, spec] of Object.entries(declared)) {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the document parameter ${name}`);
    if (spec.allowedValues && !spec.allowedValues.includes(value)) throw new AgentRefused(`${name}: ${value} is not an allowed value`);
    if (spec.allowedPattern && !new RegExp(spec.allowedPattern).test(value)) throw new AgentRefused(`${name}: ${value} does not match ${spec.allowedPattern}`);
    text = text.replace(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, 'g'), () => value);
  }
  return text;
}

/** The agent refused to run the command (a parameter value does not match its document). */
export class AgentRefused extends Error {}

/** What running a script gave. */
export interface RunResult {
  readonly status: number | null;
  readonly output: string;
  readonly ms: number;
}

let scratch: string | undefined;
let stateRoot: string | undefined;

/** A private scratch directory for this test file (removed after its tests). */
export function scratchDir(): string {
  if (!scratch) scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-hooks-'));
  return scratch;
}

/**
 * A private root-owned directory (mode 755) under /run for this test file's state directories:
 * the hooks refuse a state directory under a world-writable parent such as /tmp.
 */
export function stateRootDir(): string {
  if (!stateRoot) {
    stateRoot = fs.mkdtempSync('/run/cdk-tiered-backup-test-');
    fs.chmodSync(stateRoot, 0o755);
  }
  return stateRoot;
}

// After a test file: end any holder and watchdog it left (by the PIDs in its state
// directories), then remove its scratch directories.
afterAll(() => {
  if (stateRoot) {
    for (const entry of fs.readdirSync(stateRoot)) {
      if (entry.startsWith('state-')) {
        killHolder(path.join(stateRoot, entry));
        killWatchdog(path.join(stateRoot, entry));
      }
    }
    fs.rmSync(stateRoot, { recursive: true, force: true });
    stateRoot = undefined;
  }
  if (scratch) {
    fs.rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  }
});

let runs = 0;

/** How to run a script. */
export interface RunOptions {
  /** Variables added to the agent's environment (e.g. a PATH with shims first). */
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /**
   * Skip the agent's check of `command` against the document's allowedValues, to test the
   * script's own guard (as if the text were run by hand with another value).
   */
  readonly unchecked?: boolean;
}

/**
 * Runs the script as SSM's aws:runShellScript does: the document parameters checked and
 * substituted (`command`, `executionId`), written to `_script.sh`, executed with
 * `sh -c <file>` (the shebang picks bash) in its own process group with the agent's
 * environment; on timeout the whole process group is killed.
 */
export function runScript(script: string, command: string, options: RunOptions = {}): RunResult {
  const text = options.unchecked
    ? script.replace(/\{\{\s*command\s*\}\}/g, () => command).replace(/\{\{\s*executionId\s*\}\}/g, EXECUTION_ID)
    : substitute(script, { command, executionId: EXECUTION_ID });
  const dir = path.join(scratchDir(), `run-${++runs}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, '_script.sh');
  fs.writeFileSync(file, text, { mode: 0o700 });
  const started = Date.now();
  // perl: setpgid(0, 0) then exec, as the agent starts the command in a process group of its own.
  const r = spawnSync('perl', ['-e', 'setpgrp(0, 0) or die "setpgrp: $!"; exec @ARGV or die "exec: $!"', 'sh', '-c', file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 40_000,
    killSignal: 'SIGKILL',
    env: { ...AGENT_ENV, ...options.env },
  });
  if (r.error || r.signal) {
    try {
      process.kill(-r.pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: Date.now() - started };
}

/** Whether a command runs (exit 0). */
export function succeeds(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0;
}

/**
 * `describe` when `available`; otherwise a visible skip, or under CI=true one failing test.
 */
export function describeWhen(available: boolean, what: string, name: string, fn: () => void): void {
  if (available) {
    describe(name, fn);
  } else if (IN_CI) {
    describe(name, () => {
      test(`${what} is available`, () => {
        throw new Error(`${what} is not available with CI=true: run .ci/databases.sh before the tests`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${name}": ${what} is not available (run .ci/databases.sh as root to install and start it)`);
    describe.skip(name, fn);
  }
}

/** The PID in a state directory's holder.pid, if any. */
export function holderPids(stateDirectory: string): number[] {
  const file = path.join(stateDirectory, 'holder.pid');
  if (!fs.existsSync(file)) return [];
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? [pid] : [];
}

/** Ends a holder this test started (by its PID from the state directory), if it still runs. */
export function killHolder(stateDirectory: string, signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const pid of holderPids(stateDirectory)) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('cdk-tiered-backup-holder')) process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The PID in a state directory's watchdog.pid, if any. */
export function watchdogPids(stateDirectory: string): number[] {
  const file = path.join(stateDirectory, 'watchdog.pid');
  if (!fs.existsSync(file)) return [];
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? [pid] : [];
}

/** Ends a watchdog this test started (by its PID from the state directory), if it still runs. */
export function killWatchdog(stateDirectory: string, signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of watchdogPids(stateDirectory)) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('cdk-tiered-backup-watchdog')) process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Waits until `check()` is true, polling; returns the milliseconds it took, or throws after `timeoutMs`. */
export function waitFor(check: () => boolean, timeoutMs: number, what: string): number {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    spawnSync('sleep', ['0.2']);
  }
  return Date.now() - started;
}

/** A fresh state directory for one hook. */
export function stateDir(name: string): string {
  return path.join(stateRootDir(), `state-${name}-${++runs}`);
}

/** Writes executable shim scripts (name -> bash body) into a fresh directory; returns it. */
export function makeShims(shims: { [name: string]: string }): string {
  const dir = path.join(scratchDir(), `shims-${++runs}`);
  fs.mkdirSync(dir);
  for (const [name, body] of Object.entries(shims)) {
    fs.writeFileSync(path.join(dir, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

/** Lines of a file ([] when it does not exist). */
export function linesOf(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** True while the process runs (not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+[ZX]/m.test(status);
  } catch {
    return false;
  }
}

// ---- the real servers .ci/databases.sh starts ------------------------------------------------

export const MYSQL_SOCKET = '/run/mysqld/mysqld.sock';
export const PG_HOST = '/tmp';
export const PG_PORT = 5432;

/** What a client command gave. */
export interface QueryResult {
  readonly ok: boolean;
  readonly out: string;
  readonly err: string;
}

/** Runs SQL as root over MariaDB's socket (batch mode, no column names). */
export function mysqlQuery(sql: string): QueryResult {
  const r = spawnSync('mysql', ['--protocol=SOCKET', `--socket=${MYSQL_SOCKET}`, '-N', '-B', '-e', sql], { encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

/** Runs SQL as postgres over the socket in /tmp (unaligned, tuples only, stop on error). */
export function psqlQuery(sql: string): QueryResult {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', PG_HOST, '-p', String(PG_PORT), '-U', 'postgres', '-d', 'postgres', '-c', sql], {
    encoding: 'utf8', timeout: 20_000,
  });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

export function mysqlAvailable(): boolean {
  return succeeds('mysqladmin', ['--protocol=SOCKET', `--socket=${MYSQL_SOCKET}`, '--connect-timeout=2', 'ping']);
}

export function postgresAvailable(): boolean {
  return succeeds('pg_isready', ['-q', '-h', PG_HOST, '-p', String(PG_PORT), '-t', '2']) && succeeds('psql', ['--version']);
}
