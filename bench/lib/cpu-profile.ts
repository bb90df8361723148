/**
 * Where the jest run's CPU time goes (issue #16): one `node --cpu-prof` jest run, in band (one
 * process, so one profile holds every test file), without coverage and without test/hooks/
 * (whose time is mostly waiting on scripts and database servers), its self time summed by
 * category: transpiling, aws-cdk-lib's CloudFormation validator (WebAssembly; engine start-up
 * vs per-template validation), the ajv schema layer, fast-check, jest, node's module loading...
 *
 * Used by lib/suite.ts (section 5 of `npm run bench -- --suite`); on its own, in a clone where
 * `npm ci` has been run (optionally only some test files):
 *
 *   npx ts-node -T bench/lib/cpu-profile.ts <repo> [test files...]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CpuAttribution, CpuCategory, SuiteFileTime } from './types';

export const VALIDATOR = 'CloudFormation validator (aws-cdk-lib, WebAssembly)';
export const IDLE = 'idle';
export const WAITING = 'waiting on child processes (spawnSync, execSync)';

/** Categories, in the order of the report (what is left over goes to 'other'). */
export const CATEGORIES = [
  VALIDATOR,
  'schema layer (ajv)',
  'transpiling (swc)',
  'aws-cdk-lib and constructs',
  'fast-check',
  'the library (src/)',
  'the tests (test/)',
  'TypeScript compiler (tests that read the sources with it)',
  'jest',
  'module loading and file system (node)',
  'garbage collection',
  'V8 itself (compiling, runtime; "(program)")',
  WAITING,
  'other',
  IDLE,
] as const;

/** Not CPU time of the process: excluded from the CPU total. */
const NOT_CPU = new Set<string>([IDLE, WAITING]);

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: number[];
}

/** The parts of a V8 `.cpuprofile` this reads. */
export interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas: number[];
}

/** Seconds per category, the validator split, totals. */
export interface ProfileTotals {
  readonly categories: CpuCategory[];
  /** Sampled time but idle and waiting on child processes. */
  readonly cpuSeconds: number;
  /** Every sample. */
  readonly sampledSeconds: number;
  readonly validator: { readonly startupSeconds: number; readonly validationSeconds: number; readonly otherSeconds: number };
}

// native functions (no url) of node's fs and module loader
const NATIVE_FS = /^(lstat|stat|fstat|statSync|open|openSync|close|read|readSync|readFileUtf8|readFileSync|writeFileUtf8|writeString|writeBuffer|writeSync|rmdir|rmSync|unlink|readdir|readlink|mkdir|mkdtemp|realpath|copyFile|rename|access|existsSync|internalModuleStat|internalModuleReadJSON|readPackageJSON|getNearestParentPackageJSON\w*|getPackageScopeConfig|compileFunction|compileFunctionForCJSLoader|compileSerializeMain|runInContext|runInThisContext|Script)$/;
const NATIVE_WAIT = /^(spawnSync|execSync|execFileSync)$/;

function packageOf(u: string): string | undefined {
  const nm = u.lastIndexOf('/node_modules/');
  if (nm < 0) return undefined;
  const rest = u.slice(nm + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function isValidator(frame: CallFrame): boolean {
  return frame.url.startsWith('wasm') || frame.functionName.startsWith('js-to-wasm') || frame.functionName === 'GenericJSToWasmWrapper'
    || frame.url.includes('@aws/cloudformation-validate');
}

/** The category of one frame's self time (the validator is decided before this). */
export function categoryOf(frame: CallFrame, repo: string): string {
  const { functionName: fn } = frame;
  const u = frame.url.replace(/^file:\/\//, '');
  if (isValidator(frame)) return VALIDATOR;
  // node's spawnSync (node:internal/child_process) or the native one: blocked until the child exits
  if ((u === '' || u.startsWith('node:')) && NATIVE_WAIT.test(fn)) return WAITING;
  if (u === '') {
    if (fn === '(garbage collector)') return 'garbage collection';
    if (fn === '(idle)') return IDLE;
    if (fn === '(program)') return 'V8 itself (compiling, runtime; "(program)")';
    if (NATIVE_FS.test(fn)) return 'module loading and file system (node)';
    return 'other';
  }
  if (u.startsWith('node:')) return 'module loading and file system (node)';
  const pkg = packageOf(u);
  if (pkg !== undefined) {
    if (pkg === 'ajv' || pkg === 'fast-uri' || pkg === 'json-schema-traverse' || pkg === 'fast-deep-equal' || pkg === 'ajv-formats') return 'schema layer (ajv)';
    if (pkg.startsWith('@swc/')) return 'transpiling (swc)';
    if (pkg === 'aws-cdk-lib' || pkg === 'constructs' || pkg.startsWith('@aws-cdk/')) return 'aws-cdk-lib and constructs';
    if (pkg === 'typescript') return 'TypeScript compiler (tests that read the sources with it)';
    if (pkg === 'fast-check' || pkg === 'pure-rand') return 'fast-check';
    if (pkg === 'jest' || pkg.startsWith('jest-') || pkg.startsWith('@jest/') || pkg === 'expect' || pkg === 'pretty-format'
      || pkg === 'babel-jest' || pkg === 'jest-junit' || pkg === 'collect-v8-coverage') return 'jest';
    return 'other';
  }
  const rel = path.relative(repo, u);
  if (rel.startsWith(`src${path.sep}`)) return 'the library (src/)';
  if (rel.startsWith(`test${path.sep}`)) return 'the tests (test/)';
  return 'other';
}

/**
 * Self time per category. The validator's time is split by the nearest ancestor that is its
 * engine's constructor (start-up: rules loaded, the engine built) or a `validateTemplate`
 * (one template validated); the rest (compiling the module, glue) is "other".
 */
export function attribute(profile: CpuProfile, repo: string): ProfileTotals {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const seconds = new Map<string, number>();
  const validator = { startupSeconds: 0, validationSeconds: 0, otherSeconds: 0 };
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const s = Math.max(us, 0) / 1e6;
    const category = categoryOf(node.callFrame, repo);
    seconds.set(category, (seconds.get(category) ?? 0) + s);
    if (category !== VALIDATOR) continue;
    let at: number | undefined = id;
    let phase: 'startupSeconds' | 'validationSeconds' | 'otherSeconds' = 'otherSeconds';
    while (at !== undefined) {
      const name = byId.get(at)?.callFrame.functionName;
      if (name === 'WasmCompositeEngine') { phase = 'startupSeconds'; break; }
      if (name === 'validateTemplate') { phase = 'validationSeconds'; break; }
      at = parent.get(at);
    }
    validator[phase] += s;
  }
  const categories = [...seconds.entries()].map(([category, s]) => ({ category, seconds: s }))
    .sort((a, b) => CATEGORIES.indexOf(a.category as typeof CATEGORIES[number]) - CATEGORIES.indexOf(b.category as typeof CATEGORIES[number]));
  const sampledSeconds = categories.reduce((t, c) => t + c.seconds, 0);
  const cpuSeconds = categories.filter((c) => !NOT_CPU.has(c.category)).reduce((t, c) => t + c.seconds, 0);
  return { categories, cpuSeconds, sampledSeconds, validator };
}

/** Test files and tests from jest's summary ("Test Suites: 2 passed, 2 total", "Tests: ..."). */
export function jestCounts(output: string): { testFiles: number; tests: number } {
  const files = /^Test Suites:.*?(\d+) total$/m.exec(output);
  const tests = /^Tests:.*?(\d+) total$/m.exec(output);
  return { testFiles: files ? Number(files[1]) : 0, tests: tests ? Number(tests[1]) : 0 };
}

/** The children's user + system time of bash's `times` (its last line: `1m2.500s 0m3.250s`). */
export function childCpuSeconds(output: string): number {
  const lines = [...output.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)];
  const last = lines[lines.length - 1];
  return last ? Number(last[1]) * 60 + Number(last[2]) + Number(last[3]) * 60 + Number(last[4]) : NaN;
}

/** The wall time of the database tests (test/hooks/*.db.test.ts) in a jest run's per-file times. */
export function databaseTestSeconds(files: SuiteFileTime[]): { seconds: number; files: number } {
  const db = files.filter((f) => /(^|\/)test\/hooks\/[^/]+\.db\.test\.ts$/.test(f.file));
  return { seconds: db.reduce((t, f) => t + f.seconds, 0), files: db.length };
}

export const JEST_ARGS = ['--runInBand', '--ci', '--coverage=false', '--testPathIgnorePatterns', '/node_modules/', '<rootDir>/tmp/', 'test/hooks/'];

/**
 * Runs jest under `node --cpu-prof` in `repo` (where `npm ci` has been run) and attributes its
 * CPU time. `only`: test files to run instead of every one (but test/hooks/).
 */
export function cpuAttribution(repo: string, logDir: string, only: string[] = []): CpuAttribution {
  fs.mkdirSync(logDir, { recursive: true });
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-cpu-prof-'));
  // the test files before the options: --testPathIgnorePatterns takes every word after it
  const args = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, 'node_modules/.bin/jest', ...only, ...JEST_ARGS];
  const logFile = path.join(logDir, 'suite-cpu-profile.log');
  const fd = fs.openSync(logFile, 'w');
  const start = Date.now();
  // through bash, for `times`: the user + system CPU time of jest, all its threads and the processes it waited for
  const r = spawnSync('bash', ['-c', '"$@"; rc=$?; times; exit $rc', 'bash', process.execPath, ...args], {
    cwd: repo,
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CI: 'true', JEST_JUNIT_SUITE_NAME: '{filepath}' },
    stdio: ['ignore', fd, fd],
  });
  const wallSeconds = (Date.now() - start) / 1000;
  fs.closeSync(fd);
  const command = ['node', '--cpu-prof', 'node_modules/.bin/jest', ...only, ...JEST_ARGS.map((a) => (/[<>*]/.test(a) ? `'${a}'` : a))].join(' ');
  // the jest process's profile (processes the tests start are not profiled: the flag is not in
  // NODE_OPTIONS); the largest, should there be others
  const mine = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => fs.statSync(path.join(profDir, b)).size - fs.statSync(path.join(profDir, a)).size)[0];
  if (mine === undefined) {
    fs.rmSync(profDir, { recursive: true, force: true });
    throw new Error(`node --cpu-prof wrote no profile (jest exit ${r.status}, signal ${r.signal}); see ${logFile}`);
  }
  // kept next to the log, for a look in Chrome DevTools
  const kept = path.join(logDir, 'suite-jest.cpuprofile');
  fs.renameSync(path.join(profDir, mine), kept);
  fs.rmSync(profDir, { recursive: true, force: true });
  const profile = JSON.parse(fs.readFileSync(kept, 'utf8')) as CpuProfile;
  const totals = attribute(profile, repo);
  const output = fs.readFileSync(logFile, 'utf8');
  return {
    command,
    exitCode: r.status ?? -1,
    ...totals,
    processCpuSeconds: childCpuSeconds(output),
    wallSeconds,
    ...jestCounts(output),
  };
}

/** The table of section 5 (also printed by the command line below). */
export function attributionRows(a: CpuAttribution): string[][] {
  const share = (s: number) => `${((100 * s) / a.cpuSeconds).toFixed(1)} %`;
  const rows: string[][] = a.categories.map((c) => [
    c.category === VALIDATOR
      ? `${c.category}: engine start-up ${a.validator.startupSeconds.toFixed(1)} s, per-template validation ${a.validator.validationSeconds.toFixed(1)} s, module compile/other ${a.validator.otherSeconds.toFixed(1)} s`
      : c.category,
    c.seconds.toFixed(1),
    NOT_CPU.has(c.category) ? '(not CPU)' : share(c.seconds),
  ]);
  rows.push([`**main thread, sampled, without idle and waiting (wall ${a.wallSeconds.toFixed(0)} s, ${a.testFiles} test files, ${a.tests} tests)**`, `**${a.cpuSeconds.toFixed(1)}**`, '100 %']);
  if (a.processCpuSeconds !== undefined && !Number.isNaN(a.processCpuSeconds)) {
    rows.push(['the jest process\'s user + system CPU time (every thread: V8\'s background compiling and GC too; and what tests spawn)', a.processCpuSeconds.toFixed(1), '']);
  }
  if (a.typeCheckSeconds !== undefined) rows.push(['type-check of the tests (`tsc --noEmit`, the phase above; wall, not in the jest run)', a.typeCheckSeconds.toFixed(1), '']);
  if (a.databaseTests !== undefined) {
    rows.push([`database tests (wall, serialized: ${a.databaseTests.files} test/hooks/*.db.test.ts files of the jest phase above, not in this run)`, a.databaseTests.seconds.toFixed(1), '']);
  }
  return rows;
}

if (require.main === module) {
  const [repo, ...only] = process.argv.slice(2);
  if (!repo) {
    process.stderr.write('usage: npx ts-node -T bench/lib/cpu-profile.ts <repo with node_modules> [test files...]\n');
    process.exit(2);
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-cpu-prof-log-'));
  const a = cpuAttribution(path.resolve(repo), logDir, only);
  const rows = [['category', 'CPU seconds', 'share'], ...attributionRows(a)];
  process.stdout.write(`${a.command}\n(jest exit ${a.exitCode}; its output in ${path.join(logDir, 'suite-cpu-profile.log')})\n\n`);
  process.stdout.write(`${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
}
