/**
 * What every bench child shares: where the compiled library is, and how a child reports to
 * bench/run.ts (one `BENCH_RESULT <json>` line on stdout, with the process's own resource use).
 *
 * Children are transpiled to plain JavaScript (tmp/bench-children/) before they run, so that
 * no TypeScript compiler runs inside a measured process.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { App, Stack } from 'aws-cdk-lib';

/** The prefix of the one stdout line bench/run.ts reads. */
export const RESULT_MARKER = 'BENCH_RESULT ';

/**
 * The compiled library's entry point (`lib/index.js`, what `require('cdk-tiered-backup')`
 * loads). bench/run.ts passes it in BENCH_LIB; the fallback holds for bench/children/*.ts and
 * for their transpiled copies in tmp/bench-children/ alike (both two levels below the root).
 */
export function libraryPath(): string {
  return process.env.BENCH_LIB ?? path.resolve(__dirname, '..', '..', 'lib', 'index.js');
}

/** Milliseconds since this process started (node's own time origin). */
export function sinceStart(): number {
  return performance.now();
}

/**
 * Prints the child's result with its peak RSS (KiB) and CPU time (ms) so far; `elapsedMs`
 * is the time since the process started.
 */
export function report(result: object): void {
  const usage = process.resourceUsage();
  const line = {
    ...result,
    elapsedMs: performance.now(),
    maxRssKb: usage.maxRSS,
    cpuUserMs: usage.userCPUTime / 1000,
    cpuSystemMs: usage.systemCPUTime / 1000,
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(line)}\n`);
}

/**
 * The end of the synth-overhead apps (library and raw alike): synthesizes `app` as `cdk synth`
 * does and reports the phases — loading (until `loadedAtMs`), building the constructs, synth —
 * and where `stack`'s template was written.
 */
export function synthAndReport(app: App, stack: Stack, loadedAtMs: number): void {
  const built = sinceStart();
  const assembly = app.synth();
  const synthesized = sinceStart();
  report({
    loadedAtMs,
    buildMs: built - loadedAtMs,
    synthMs: synthesized - built,
    template: assembly.getStackByName(stack.stackName).templateFullPath,
  });
}
