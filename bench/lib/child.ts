/**
 * Runs one bench child in a fresh `node` process and reads its `BENCH_RESULT` line.
 * The wall time is measured here, from spawn to exit: process start-up included.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CHILDREN_OUT, LIB_INDEX, ROOT } from './prepare';

const RESULT_MARKER = 'BENCH_RESULT ';

/** Where children write (CDK outdirs, logs, profiles); under the repository's ignored tmp/. */
export const WORK = path.join(ROOT, 'tmp', 'bench');
export const LOGS = path.join(WORK, 'logs');

/** What every child reports, besides its own fields. */
export interface ChildUsage {
  /** Milliseconds since the child process started, when it reported. */
  readonly elapsedMs: number;
  /** Peak resident set size, KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
}

export interface ChildRun<T> {
  /** Spawn to exit, measured by the parent. */
  readonly wallMs: number;
  readonly result: T & ChildUsage;
}

export interface ChildOptions {
  /** Extra environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Arguments for node itself (before the script). */
  readonly nodeArgs?: string[];
  /** The log file (under LOGS) that gets the child's stderr. */
  readonly log: string;
  readonly timeoutMs?: number;
}

/** Runs tmp/bench-children/<name>.js with `args`; throws when it fails or reports nothing. */
export function runChild<T>(name: string, args: string[], options: ChildOptions): ChildRun<T> {
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, options.log);
  const log = fs.openSync(logFile, 'a');
  try {
    fs.writeSync(log, `\n### ${new Date().toISOString()} node ${[...options.nodeArgs ?? [], name, ...args].join(' ')}\n`);
    const script = path.join(CHILDREN_OUT, `${name}.js`);
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [...options.nodeArgs ?? [], script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', log],
      env: { ...process.env, BENCH_LIB: LIB_INDEX, BENCH_TMP: WORK, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 300_000,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const stdout = run.stdout?.toString() ?? '';
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    if (run.status !== 0 || line === undefined) {
      throw new Error(`${name} ${args.join(' ')} failed (exit ${run.status}${run.signal ? `, ${run.signal}` : ''}${run.error ? `, ${run.error.message}` : ''}); see ${path.relative(ROOT, logFile)}`);
    }
    return { wallMs, result: JSON.parse(line.slice(RESULT_MARKER.length)) };
  } finally {
    fs.closeSync(log);
  }
}
