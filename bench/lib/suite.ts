/**
 * Section 5 of `npm run bench -- --suite`: how long the tests and CI take, and where the time goes.
 *
 *  - `rounds` times `bash .ci/run`, each in a fresh clone of HEAD (what CI runs), recording its
 *    whole wall time, the wall time of `npx projen test` inside it (its "tests took N s" line),
 *    each step's time (from the `::: step (HH:MM:SS)` lines) and the test count;
 *  - once more in a fresh clone (after `npm ci`), the three phases of `npx projen test` one by
 *    one — type-check, jest, eslint — and jest's per-file times from its junit report; then, in
 *    the same clone, where the CPU time of a jest run goes (lib/cpu-profile.ts).
 * The medians are what the goals are held to.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cpuAttribution, databaseTestSeconds } from './cpu-profile';
import { median } from './stats';
import type { CpuAttribution, SuiteFileTime, SuitePhase, SuiteRound, SuiteSection } from './types';

// jest-junit names each suite by its file (JEST_JUNIT_SUITE_NAME), for the per-file table
const ENV = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CI: 'true', JEST_JUNIT_SUITE_NAME: '{filepath}' };

function load(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

function freshClone(root: string): string {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-suite-'));
  execFileSync('git', ['clone', '--quiet', '--local', root, path.join(clone, 'repo')]);
  return path.join(clone, 'repo');
}

function run(command: string, args: string[], cwd: string, logFile: string): { seconds: number; exitCode: number } {
  const fd = fs.openSync(logFile, 'w');
  const start = Date.now();
  const r = spawnSync(command, args, { cwd, env: { ...process.env, ...ENV }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  return { seconds: (Date.now() - start) / 1000, exitCode: r.status ?? -1 };
}

/** Step durations from .ci/run's `::: name (HH:MM:SS)` lines; the last step ends at `end`. */
export function stepTimes(logText: string, end: Date): Array<{ step: string; seconds: number }> {
  const marks = [...logText.matchAll(/^::: (.+) \((\d\d):(\d\d):(\d\d)\)$/gm)].map((m) => ({
    step: m[1],
    at: Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]),
  }));
  const endAt = end.getUTCHours() * 3600 + end.getUTCMinutes() * 60 + end.getUTCSeconds();
  return marks.map((m, i) => {
    const next = i + 1 < marks.length ? marks[i + 1].at : endAt;
    return { step: m.step, seconds: (next - m.at + 86_400) % 86_400 };
  });
}

/** Per-file times of a jest-junit report whose suites are named by file, slowest first. */
export function junitFileTimes(xml: string): SuiteFileTime[] {
  return [...xml.matchAll(/<testsuite name="([^"]+)"[^>]*?\stime="([0-9.]+)"[^>]*?\stests="(\d+)"/g)]
    .map((m) => ({ file: m[1], seconds: Number(m[2]), tests: Number(m[3]) }))
    .sort((a, b) => b.seconds - a.seconds);
}

function ciRound(root: string, logDir: string, i: number, log: (line: string) => void): SuiteRound {
  const repo = freshClone(root);
  const logFile = path.join(logDir, `suite-ci-run-${i}.log`);
  const loadBefore = load();
  log(`suite: round ${i}: bash .ci/run in ${repo}; output in ${logFile}`);
  const { seconds, exitCode } = run('bash', ['.ci/run'], repo, logFile);
  const text = fs.readFileSync(logFile, 'utf8');
  const tests = /^tests took (\d+)s$/m.exec(text);
  const counts = /^(\d+) passed, (\d+) failed$/m.exec(text);
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  const round: SuiteRound = {
    ciSeconds: seconds,
    testSeconds: tests ? Number(tests[1]) : NaN,
    exitCode,
    passed: counts ? Number(counts[1]) : 0,
    failed: counts ? Number(counts[2]) : 0,
    steps: stepTimes(text, new Date()),
    date: new Date().toISOString(),
    loadBefore,
    loadAfter: load(),
  };
  log(`suite: round ${i}: .ci/run ${seconds.toFixed(0)} s (exit ${exitCode}), npx projen test ${round.testSeconds} s, ${round.passed} passed, ${round.failed} failed`);
  return round;
}

function phases(root: string, logDir: string, log: (line: string) => void): { phases: SuitePhase[]; files: SuiteFileTime[]; cpu?: CpuAttribution } {
  const repo = freshClone(root);
  log(`suite: phases of npx projen test, one by one, in ${repo}`);
  run('npm', ['ci', '--no-audit', '--no-fund'], repo, path.join(logDir, 'suite-phase-npm-ci.log'));
  const steps: Array<[string, string, string[]]> = [
    ['type-check the tests (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'test/tsconfig.json']],
    ['jest (every test file, with coverage)', 'npx', ['jest', '--ci']],
    ['eslint', 'npx', ['projen', 'eslint']],
  ];
  const result: SuitePhase[] = steps.map(([phase, command, args], i) => {
    const r = run(command, args, repo, path.join(logDir, `suite-phase-${i + 1}.log`));
    log(`suite: ${phase}: ${r.seconds.toFixed(0)} s (exit ${r.exitCode})`);
    return { phase, command: [command, ...args].join(' '), seconds: r.seconds, exitCode: r.exitCode };
  });
  const junit = path.join(repo, 'test-reports', 'junit.xml');
  const files = fs.existsSync(junit) ? junitFileTimes(fs.readFileSync(junit, 'utf8')) : [];
  let cpu: CpuAttribution | undefined;
  try {
    log(`suite: CPU profile of jest (no hook tests, in band, no coverage); output in ${path.join(logDir, 'suite-cpu-profile.log')}`);
    cpu = {
      ...cpuAttribution(repo, logDir),
      typeCheckSeconds: result[0].seconds,
      databaseTests: databaseTestSeconds(files),
    };
    log(`suite: CPU profile: ${cpu.cpuSeconds.toFixed(0)} s CPU in ${cpu.wallSeconds.toFixed(0)} s (exit ${cpu.exitCode})`);
  } catch (e) {
    log(`suite: CPU profile failed: ${(e as Error).message}`);
  }
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  return { phases: result, files, cpu };
}

/** Measures the suite: `rounds` fresh-clone CI runs, then the phase split once. */
export function measureSuite(root: string, logDir: string, rounds: number, log: (line: string) => void): SuiteSection {
  fs.mkdirSync(logDir, { recursive: true });
  const ciRounds = Array.from({ length: rounds }, (_, i) => ciRound(root, logDir, i + 1, log));
  const split = phases(root, logDir, log);
  const cores = os.cpus().length;
  const date = new Date().toISOString();
  return {
    source: 'measured',
    timings: [
      { label: 'npx projen test (inside .ci/run, fresh clone)', command: 'npx projen test', seconds: median(ciRounds.map((r) => r.testSeconds)), date, measuredBy: `npm run bench -- --suite (median of ${rounds})`, cores },
      { label: '.ci/run (fresh clone of HEAD)', command: 'bash .ci/run', seconds: median(ciRounds.map((r) => r.ciSeconds)), date, measuredBy: `npm run bench -- --suite (median of ${rounds})`, cores },
    ],
    rounds: ciRounds,
    phases: split.phases,
    slowestFiles: split.files.slice(0, 15),
    testFiles: split.files.length,
    cpu: split.cpu,
  };
}
