/**
 * Helpers for the hook tests: the script as SSM stores it in the synthesized document, run the
 * way SSM runs it (placeholders substituted, `sh -c <file>`, as root), and the real tools and
 * servers the tests need (.ci/databases.sh installs and starts them).
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

/** Resolves what a template may hold in a runCommand string: Fn::Join and the pseudo parameters. */
function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { [key: string]: any };
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(resolveValue).join(v['Fn::Join'][0]);
  if (v.Ref === 'AWS::Region') return 'us-east-1';
  if (v.Ref === 'AWS::Partition') return 'aws';
  throw new Error(`unexpected value in a runCommand: ${JSON.stringify(value)}`);
}

/** The synthesized SSM documents of a stack: logical ID -> properties. */
export function ssmDocuments(stack: Stack): { [logicalId: string]: { [key: string]: any } } {
  const docs = synth(stack).findResources('AWS::SSM::Document');
  return Object.fromEntries(Object.entries(docs).map(([id, r]) => [id, r.Properties]));
}

/** The bash script of the stack's only SSM document (or the one whose logical ID starts with `prefix`). */
export function extractScript(stack: Stack, prefix = ''): string {
  const docs = Object.entries(ssmDocuments(stack)).filter(([id]) => id.startsWith(prefix));
  if (docs.length !== 1) throw new Error(`expected 1 SSM document starting with '${prefix}', found ${docs.length}`);
  const steps = docs[0][1].Content.mainSteps;
  if (steps.length !== 1 || steps[0].action !== 'aws:runShellScript') throw new Error('expected one aws:runShellScript step');
  return (steps[0].inputs.runCommand as unknown[]).map(resolveValue).join('\n');
}

/** What running a script gave. */
export interface RunResult {
  readonly status: number | null;
  readonly output: string;
  readonly ms: number;
}

let scratch: string | undefined;

/** A private scratch directory for this test file (removed after its tests). */
export function scratchDir(): string {
  if (!scratch) scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-hooks-'));
  return scratch;
}

// After a test file: end any holder it left (by the PIDs in its state directories), then
// remove its scratch directory.
afterAll(() => {
  if (!scratch) return;
  for (const entry of fs.readdirSync(scratch)) {
    if (entry.startsWith('state-')) killHolder(path.join(scratch, entry));
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

let runs = 0;

/**
 * Runs the script as SSM's aws:runShellScript does: `{{ command }}` and `{{ executionId }}`
 * replaced by the values, written to `_script.sh`, executed with `sh -c <file>` (the shebang
 * picks bash).
 */
export function runScript(script: string, command: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): RunResult {
  const text = script
    .replace(/\{\{\s*command\s*\}\}/g, command)
    .replace(/\{\{\s*executionId\s*\}\}/g, EXECUTION_ID);
  const dir = path.join(scratchDir(), `run-${++runs}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, '_script.sh');
  fs.writeFileSync(file, text, { mode: 0o700 });
  const started = Date.now();
  const r = spawnSync('sh', ['-c', file], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 40_000,
    env: { ...process.env, ...options.env },
  });
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
  return path.join(scratchDir(), `state-${name}-${++runs}`);
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
