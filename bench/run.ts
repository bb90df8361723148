/**
 * `npm run bench` (issue #9): what the library costs over hand-written CloudFormation.
 *
 *  1. synth overhead: N = 10, 100, 400 snapshot policies written with the library vs the same
 *     as raw `CfnLifecyclePolicy` (children/library-app.ts, children/raw-app.ts), each in a
 *     fresh node process, alternating over several rounds; the two templates must be equal;
 *  2. tier compile size: `TieredBackup` with the four preset tiers over 10, 100, 1,000 volumes;
 *  3. import cost: `require('cdk-tiered-backup')` vs `require('aws-cdk-lib')`, and no @aws-sdk;
 *  4. validation cost: 1,000 generated valid policies (test/dlm/arbitraries.ts), per case;
 *  5. test-suite time of `.ci/run` and of `npx projen test` inside it, on fresh clones, with
 *     the phase split, the slowest test files and where a jest run's CPU time goes (only with
 *     --suite, lib/suite.ts and lib/cpu-profile.ts; otherwise
 *     the last measured values from bench/suite-times.json, labelled as such).
 *
 * Writes bench/RESULTS.md and bench/results.json (partial runs with --only: tmp/bench/) and
 * prints the tables. Progress goes to stderr. Options:
 *   --rounds N         synth rounds per N and side (default 5)
 *   --sizes 10,100,400 policy counts
 *   --import-rounds N  fresh processes per import variant (default 9)
 *   --cases N          validation cases (default 1000)   --seed N (default 20261121)
 *   --volumes 10,100,1000
 *   --only synth,tiers,import,validation
 *   --profile          CPU-profile one library and one raw synth at the largest N (automatic
 *                      when a synth ratio exceeds the goal)
 *   --suite            also time `.ci/run` in fresh clones of HEAD (3 rounds; `npx projen test` is
 *                      timed inside it) and the phases of the test command one by one
 *   --suite-rounds N   rounds of `.ci/run` for --suite (default 3; the median counts)
 *   --allow-stale-lib  measure the existing lib/ when `npx projen compile` fails
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runChild, WORK } from './lib/child';
import { CompileOutcome, ensureCompiled, ROOT, transpileChildren } from './lib/prepare';
import { leastDisturbed, summarizeProfile, ProfileSummary } from './lib/profile';
import { renderMarkdown } from './lib/report';
import { median, summarize, sum } from './lib/stats';
import { measureSuite } from './lib/suite';
import type {
  ImportResult, ImportSection, ImportVariant, Results, SideSummary, SingleThreadedDiagnosis, SuiteSection, SynthResult,
  SynthSample, SynthSection, SynthSize, TiersResult, ValidationResult, ValidationSection,
} from './lib/types';

/** The issue's goal for library/raw at every N. */
const GOAL_RATIO = 1.1;
const SUITE_FILE = path.join(ROOT, 'bench', 'suite-times.json');
/** Synth rounds stop early (after MIN_ROUNDS) once the bench has run this long. */
const SYNTH_DEADLINE_S = 300;
/** The profile and single-threaded diagnosis run only if they can end by then (10 minutes in all). */
const DIAGNOSIS_DEADLINE_S = 540;
const MIN_ROUNDS = 3;
/** Profiled runs per side (the least disturbed of them counts, package by package). */
const PROFILE_RUNS = 2;
/** Rounds of the single-threaded diagnosis. */
const SINGLE_THREADED_ROUNDS = 3;
const SECTIONS = ['synth', 'tiers', 'import', 'validation'] as const;
type Section = typeof SECTIONS[number];

interface Options {
  readonly rounds: number;
  readonly sizes: number[];
  readonly importRounds: number;
  readonly cases: number;
  readonly seed: number;
  readonly volumes: number[];
  readonly only: Section[];
  readonly profile: boolean;
  readonly suite: boolean;
  readonly suiteRounds: number;
  readonly allowStaleLib: boolean;
}

function parseOptions(argv: string[]): Options {
  const opts: { [key: string]: string | boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (['profile', 'suite', 'allow-stale-lib'].includes(key)) {
      opts[key] = true;
    } else {
      if (argv[i + 1] === undefined) throw new Error(`${a} needs a value`);
      opts[key] = argv[++i];
    }
  }
  const known = ['rounds', 'sizes', 'import-rounds', 'cases', 'seed', 'volumes', 'only', 'profile', 'suite', 'suite-rounds', 'allow-stale-lib'];
  const unknown = Object.keys(opts).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
  const int = (key: string, dflt: number) => {
    const v = opts[key] === undefined ? dflt : Number(opts[key]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${key} must be a positive integer`);
    return v;
  };
  const list = (key: string, dflt: number[]) => (opts[key] === undefined ? dflt : String(opts[key]).split(',').map(Number));
  const only = opts.only === undefined ? [...SECTIONS] : String(opts.only).split(',') as Section[];
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
  return {
    rounds: int('rounds', 5),
    sizes: list('sizes', [10, 100, 400]),
    importRounds: int('import-rounds', 9),
    cases: int('cases', 1000),
    seed: int('seed', 20261121),
    volumes: list('volumes', [10, 100, 1000]),
    only,
    profile: opts.profile === true,
    suite: opts.suite === true,
    suiteRounds: int('suite-rounds', 3),
    allowStaleLib: opts['allow-stale-lib'] === true,
  };
}

const started = Date.now();
function log(line: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

function load(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------
// 1. Synth overhead
// ---------------------------------------------------------------------------

type Side = 'raw' | 'library';

/**
 * The template as compared: without metadata (construct paths differ: `Policy0` vs
 * `Policy0/Resource`), the DLM policies keyed by their description instead of their logical
 * ID (which derives from the construct path), every object's keys sorted.
 */
function canonicalTemplate(file: string): { canonical: string; dlm: string; dlmCount: number } {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const resources: { [key: string]: unknown } = {};
  const dlm: { [key: string]: unknown } = {};
  for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
    const { Metadata: _metadata, ...rest } = r;
    if (r.Type === 'AWS::DLM::LifecyclePolicy') {
      dlm[`DLM policy "${r.Properties.Description}"`] = rest;
    } else {
      resources[id] = rest;
    }
  }
  const sorted = (v: unknown): unknown => Array.isArray(v) ? v.map(sorted)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as any)[k])])) : v;
  return {
    canonical: JSON.stringify(sorted({ ...template, Resources: { ...resources, ...dlm } })),
    dlm: JSON.stringify(sorted(dlm)),
    dlmCount: Object.keys(dlm).length,
  };
}

/** The first resource (or top-level key) where two canonical templates differ. */
function firstDifference(a: string, b: string): string {
  const x = JSON.parse(a);
  const y = JSON.parse(b);
  for (const key of new Set([...Object.keys(x.Resources), ...Object.keys(y.Resources)])) {
    const l = JSON.stringify(x.Resources[key]);
    const r = JSON.stringify(y.Resources[key]);
    if (l !== r) return `${key}:\n  raw:     ${l?.slice(0, 600)}\n  library: ${r?.slice(0, 600)}`;
  }
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) return `top-level ${key}`;
  }
  return '(none)';
}

type Canonical = ReturnType<typeof canonicalTemplate>;

/**
 * aws-cdk-lib's own phase timers, which it writes to $CDK_PERF_COUNTERS_FILE after a synth
 * slower than the `@aws-cdk/core.slowSynthThreshold` context (0 here: always). The CLI passes
 * context the same way (CDK_CONTEXT_JSON); nothing in the assembly changes.
 */
const PERF_CONTEXT = JSON.stringify({ '@aws-cdk/core.slowSynthThreshold': 0 });

function synthOnce(side: Side, n: number, round: number, nodeArgs: string[] = []): { sample: SynthSample; canonical: Canonical } {
  const outdir = path.join(WORK, 'out', `${side}-${n}`);
  const perfFile = path.join(WORK, 'out', `${side}-${n}.perf.json`);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(perfFile, { force: true });
  const { wallMs, result } = runChild<SynthResult>(`${side}-app`, [String(n)], {
    env: { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: PERF_CONTEXT, CDK_PERF_COUNTERS_FILE: perfFile },
    nodeArgs,
    log: `synth-${side}.log`,
  });
  const canonical = canonicalTemplate(result.template);
  const counters: { [key: string]: number } = fs.existsSync(perfFile) ? JSON.parse(fs.readFileSync(perfFile, 'utf8')).counters : {};
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(perfFile, { force: true });
  return {
    sample: {
      round,
      wallMs,
      cpuMs: result.cpuUserMs + result.cpuSystemMs,
      maxRssKb: result.maxRssKb,
      loadedAtMs: result.loadedAtMs,
      buildMs: result.buildMs,
      synthMs: result.synthMs,
      validateMs: counters.validateTemplates ?? NaN,
      cfnValidateMs: counters['CloudFormationValidate.validate'] ?? NaN,
    },
    canonical,
  };
}

function sideSummary(samples: SynthSample[]): SideSummary {
  return {
    wallMs: summarize(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssKb: median(samples.map((s) => s.maxRssKb)),
    loadedAtMs: median(samples.map((s) => s.loadedAtMs)),
    buildMs: median(samples.map((s) => s.buildMs)),
    synthMs: median(samples.map((s) => s.synthMs)),
    validateMs: median(samples.map((s) => s.validateMs)),
    withoutValidationMs: median(samples.map((s) => s.wallMs - s.validateMs)),
  };
}

function runSynth(opts: Options): SynthSection {
  const loadBefore = load();
  const samples = new Map<number, { raw: SynthSample[]; library: SynthSample[] }>();
  const reference = new Map<number, Canonical>();
  const check = (side: Side, n: number, c: Canonical) => {
    if (c.dlmCount !== n) throw new Error(`${side} app at N=${n} made ${c.dlmCount} DLM policies`);
    const ref = reference.get(n);
    if (ref === undefined) {
      reference.set(n, c);
      return;
    }
    if (c.dlm !== ref.dlm) {
      throw new Error(`N=${n}: the DLM resources of the library and raw templates differ; first difference: ${firstDifference(ref.canonical, c.canonical)}`);
    }
    if (c.canonical !== ref.canonical) {
      throw new Error(`N=${n}: the templates differ outside the DLM resources; first difference: ${firstDifference(ref.canonical, c.canonical)}`);
    }
  };

  // Warm-up (not measured): page cache, and an early check that the templates are equal.
  log(`synth: warm-up at N=${opts.sizes[0]} (not measured)`);
  for (const side of ['raw', 'library'] as const) check(side, opts.sizes[0], synthOnce(side, opts.sizes[0], -1).canonical);

  let rounds = 0;
  for (let round = 0; round < opts.rounds; round++) {
    if (round >= MIN_ROUNDS && Date.now() - started > SYNTH_DEADLINE_S * 1000) {
      log(`synth: stopping after ${round} rounds: the bench has run ${SYNTH_DEADLINE_S} s (the machine is busy); the whole run must stay under 10 minutes`);
      break;
    }
    rounds = round + 1;
    for (const n of opts.sizes) {
      const order: Side[] = round % 2 === 0 ? ['raw', 'library'] : ['library', 'raw'];
      const line: string[] = [];
      for (const side of order) {
        const { sample, canonical } = synthOnce(side, n, round);
        check(side, n, canonical);
        const entry = samples.get(n) ?? { raw: [], library: [] };
        samples.set(n, entry);
        entry[side].push(sample);
        line.push(`${side} ${(sample.wallMs / 1000).toFixed(2)} s`);
      }
      log(`synth: round ${round + 1}/${opts.rounds}, N=${n}: ${line.join(', ')} (load ${load()[0]})`);
    }
  }

  const sizes: SynthSize[] = opts.sizes.map((n) => {
    const { raw, library } = samples.get(n)!;
    const r = sideSummary(raw);
    const l = sideSummary(library);
    const paired = raw.map((s, i) => library.find((x) => x.round === s.round)!.wallMs / raw[i].wallMs);
    return {
      n,
      raw: r,
      library: l,
      wallRatio: l.wallMs.median / r.wallMs.median,
      minWallRatio: l.wallMs.min / r.wallMs.min,
      withoutValidationRatio: l.withoutValidationMs / r.withoutValidationMs,
      pairedWallRatio: summarize(paired),
      cpuRatio: l.cpuMs / r.cpuMs,
      rssRatio: l.maxRssKb / r.maxRssKb,
      appRatio: (l.buildMs + l.synthMs) / (r.buildMs + r.synthMs),
      dlmIdentical: true,
      templateIdentical: true,
      samples: { raw, library },
    };
  });
  return {
    goalRatio: GOAL_RATIO,
    rounds,
    pass: sizes.every((s) => s.wallRatio <= GOAL_RATIO),
    sizes,
    loadBefore,
    loadAfter: load(),
  };
}

function runProfile(n: number): { library: ProfileSummary; raw: ProfileSummary; runs: number } {
  const dir = path.join(WORK, 'profiles');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const profiles: { [side: string]: ProfileSummary[] } = { raw: [], library: [] };
  for (let run = 0; run < PROFILE_RUNS; run++) {
    for (const side of ['raw', 'library'] as const) {
      log(`profile: ${side} app at N=${n} (node --cpu-prof), run ${run + 1}/${PROFILE_RUNS}`);
      const name = `${side}-${n}-${run + 1}.cpuprofile`;
      synthOnce(side, n, -1, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`]);
      profiles[side].push(summarizeProfile(path.join(dir, name), 25));
    }
  }
  return { library: leastDisturbed(profiles.library), raw: leastDisturbed(profiles.raw), runs: PROFILE_RUNS };
}

/**
 * The same comparison with `node --single-threaded`: V8 then compiles (the validator's
 * WebAssembly included) and collects garbage on the main thread, so the work no longer
 * races other processes for the cores through background threads. Not how users run; a
 * diagnosis of how much of a ratio is the library's work and how much the machine's load.
 */
function runSingleThreaded(n: number): SingleThreadedDiagnosis {
  const samples: { [side: string]: SynthSample[] } = { raw: [], library: [] };
  for (let round = 0; round < SINGLE_THREADED_ROUNDS; round++) {
    const order: Side[] = round % 2 === 0 ? ['raw', 'library'] : ['library', 'raw'];
    for (const side of order) samples[side].push(synthOnce(side, n, round, ['--single-threaded']).sample);
    log(`diagnosis: node --single-threaded at N=${n}, round ${round + 1}/${SINGLE_THREADED_ROUNDS} (load ${load()[0]})`);
  }
  const r = sideSummary(samples.raw);
  const l = sideSummary(samples.library);
  return {
    n,
    rounds: SINGLE_THREADED_ROUNDS,
    raw: r,
    library: l,
    wallRatio: l.wallMs.median / r.wallMs.median,
    cpuRatio: l.cpuMs / r.cpuMs,
    cfnValidateMs: { raw: median(samples.raw.map((x) => x.cfnValidateMs)), library: median(samples.library.map((x) => x.cfnValidateMs)) },
  };
}

// ---------------------------------------------------------------------------
// 2. Tier compile size
// ---------------------------------------------------------------------------

function runTiers(opts: Options): TiersResult {
  log(`tiers: TieredBackup with the four preset tiers over ${opts.volumes.join(', ')} volumes`);
  const { result } = runChild<TiersResult>('tiers', [opts.volumes.join(',')], { log: 'tiers.log', timeoutMs: 300_000 });
  if (!result.available) log(`tiers: ${result.reason}`);
  return result;
}

// ---------------------------------------------------------------------------
// 3. Import cost
// ---------------------------------------------------------------------------

function runImport(opts: Options): ImportSection {
  const loadBefore = load();
  // Which aws-cdk-lib submodules the library loads, for the "same submodules" variant.
  const first = runChild<ImportResult>('import', ['library'], { log: 'import.log' }).result;
  const submodules = first.cdkSubmodules;
  const variants: Array<{ key: string; label: string; args: string[] }> = [
    { key: 'node', label: 'node alone (empty script)', args: ['node'] },
    { key: 'aws-cdk-lib', label: "require('aws-cdk-lib') (its lazy index)", args: ['aws-cdk-lib'] },
    { key: 'core', label: "require('aws-cdk-lib').App (the core every app loads)", args: ['core'] },
    { key: 'submodules', label: `core + ${submodules.map((s) => `aws-cdk-lib/${s}`).join(', ')} (what the library imports)`, args: ['submodules', submodules.join(',')] },
    { key: 'library', label: "require('cdk-tiered-backup') (lib/index.js)", args: ['library'] },
  ];
  const runs = new Map<string, Array<{ wallMs: number; result: ImportResult }>>(variants.map((v) => [v.key, []]));
  for (let round = 0; round < opts.importRounds; round++) {
    // rotate the order every round
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const v of order) {
      const run = runChild<ImportResult>('import', v.args, { log: 'import.log' });
      runs.get(v.key)!.push({ wallMs: run.wallMs, result: run.result });
    }
  }
  log(`import: ${opts.importRounds} round(s) of ${variants.length} variants (load ${load()[0]})`);
  const summaries: ImportVariant[] = variants.map((v) => {
    const list = runs.get(v.key)!;
    return {
      key: v.key,
      label: v.label,
      wallMs: summarize(list.map((r) => r.wallMs)),
      requireMs: summarize(list.map((r) => r.result.requireMs)),
      maxRssKb: median(list.map((r) => r.result.maxRssKb)),
      modules: median(list.map((r) => r.result.modules)),
      awsSdkModules: [...new Set(list.flatMap((r) => r.result.awsSdkModules))],
      smithyModules: [...new Set(list.flatMap((r) => r.result.smithyModules))],
      cliModules: [...new Set(list.flatMap((r) => r.result.cliModules))],
      libraryModules: median(list.map((r) => r.result.libraryModules)),
    };
  });
  const get = (key: string) => summaries.find((s) => s.key === key)!;
  return {
    rounds: opts.importRounds,
    variants: summaries,
    libraryCdkSubmodules: submodules,
    noAwsSdk: get('library').awsSdkModules.length === 0 && get('library').smithyModules.length === 0,
    requireRatioVsCore: get('library').requireMs.median / get('core').requireMs.median,
    libraryOwnRequireMs: get('library').requireMs.median - get('submodules').requireMs.median,
    loadBefore,
    loadAfter: load(),
  };
}

// ---------------------------------------------------------------------------
// 4. Validation cost
// ---------------------------------------------------------------------------

function runValidation(opts: Options): ValidationSection {
  const loadBefore = load();
  log(`validation: ${opts.cases} generated valid policies (seed ${opts.seed}), each built and synthesized in a fresh App`);
  const { wallMs, result } = runChild<ValidationResult>('validation', [String(opts.cases), String(opts.seed)], {
    nodeArgs: ['-r', 'ts-node/register/transpile-only'],
    log: 'validation.log',
    timeoutMs: 600_000,
  });
  const perCase = result.buildMs.map((b, i) => b + result.synthMs[i]);
  return {
    cases: result.cases,
    seed: result.seed,
    kinds: result.kinds,
    schedules: result.schedules,
    failures: result.failures,
    warnings: result.warnings,
    buildMs: summarize(result.buildMs),
    synthMs: summarize(result.synthMs),
    caseMs: summarize(perCase),
    cronAnalysisMs: summarize(result.cronAnalysisMs),
    slowestCase: perCase.indexOf(Math.max(...perCase)),
    caseMeanMs: sum(perCase) / perCase.length,
    casesSeconds: sum(perCase) / 1000,
    setupMs: result.loadedAtMs,
    wallMs,
    maxRssKb: result.maxRssKb,
    loadBefore,
    loadAfter: load(),
  };
}

// ---------------------------------------------------------------------------
// 5. Test-suite time
// ---------------------------------------------------------------------------

function runSuite(rounds: number): SuiteSection {
  const section = measureSuite(ROOT, path.join(WORK, 'logs'), rounds, log);
  fs.writeFileSync(SUITE_FILE, `${JSON.stringify(section, undefined, 2)}\n`);
  return section;
}

function readSuite(): SuiteSection | undefined {
  if (!fs.existsSync(SUITE_FILE)) return undefined;
  return { ...JSON.parse(fs.readFileSync(SUITE_FILE, 'utf8')) as SuiteSection, lastMeasured: true };
}

// ---------------------------------------------------------------------------

function main(): void {
  const opts = parseOptions(process.argv.slice(2));
  const partial = opts.only.length < SECTIONS.length;
  const outDir = partial ? WORK : path.join(ROOT, 'bench');
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(path.join(WORK, 'logs'), { recursive: true, force: true });

  const cpus = os.cpus();
  const results: Results = {
    meta: {
      date: new Date().toISOString(),
      cpuModel: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
      awsCdkLib: JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version,
      commit: git('rev-parse', '--short', 'HEAD'),
      srcChanges: git('status', '--porcelain', 'src').split('\n').filter((l) => l).length,
      loadStart: load(),
    },
    settings: {
      rounds: opts.rounds,
      sizes: opts.sizes,
      importRounds: opts.importRounds,
      cases: opts.cases,
      seed: opts.seed,
      volumes: opts.volumes,
      only: opts.only,
    },
  };

  let compile: CompileOutcome;
  try {
    compile = ensureCompiled(log, opts.allowStaleLib);
  } catch (e) {
    log((e as Error).message);
    process.exit(1);
  }
  results.compile = compile;
  transpileChildren();
  log(`lib/ ${compile.compiled ? `compiled in ${compile.seconds!.toFixed(0)} s` : compile.staleFiles.length > 0 ? 'STALE' : 'is current'}; children transpiled; load ${load().join(' ')}`);

  if (opts.only.includes('synth')) results.synth = runSynth(opts);
  if (opts.only.includes('tiers')) results.tiers = runTiers(opts);
  if (opts.only.includes('import')) results.import = runImport(opts);
  if (opts.only.includes('validation')) results.validation = runValidation(opts);

  // The diagnosis of a synth ratio above the goal, last, in the time that is left.
  if (results.synth && (opts.profile || !results.synth.pass)) {
    const n = Math.max(...opts.sizes);
    const runMs = Math.max(...results.synth.sizes.map((z) => z.library.wallMs.median));
    const fits = (runs: number) => Date.now() - started + runs * runMs * 1.3 < DIAGNOSIS_DEADLINE_S * 1000;
    const reason = opts.profile ? '--profile' : `a ratio exceeds ${GOAL_RATIO}`;
    if (fits(2 * PROFILE_RUNS)) {
      results.profile = { n, reason, ...runProfile(n) };
    } else {
      results.skipped = [...results.skipped ?? [], `the CPU profile (${reason}): not enough time left within ${DIAGNOSIS_DEADLINE_S} s`];
    }
    if (fits(2 * SINGLE_THREADED_ROUNDS)) {
      results.singleThreaded = runSingleThreaded(n);
    } else {
      results.skipped = [...results.skipped ?? [], `the single-threaded diagnosis: not enough time left within ${DIAGNOSIS_DEADLINE_S} s`];
    }
    for (const s of results.skipped ?? []) log(`skipped ${s}`);
  }
  results.suite = opts.suite ? runSuite(opts.suiteRounds) : readSuite();

  results.meta.loadEnd = load();
  results.elapsedSeconds = (Date.now() - started) / 1000;
  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, undefined, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'RESULTS.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  log(`done in ${results.elapsedSeconds.toFixed(0)} s: ${path.relative(ROOT, path.join(outDir, 'RESULTS.md'))}, ${path.relative(ROOT, path.join(outDir, 'results.json'))}`);
  if (results.synth && !results.synth.pass) log(`synth overhead above the goal of ${GOAL_RATIO}: see the profile in RESULTS.md`);
}

main();
