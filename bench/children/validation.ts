/**
 * Validation cost: the property tests' generator of valid DLM policy props
 * (test/dlm/arbitraries.ts, `customPolicy`: snapshot and AMI policies of 1-4 schedules)
 * gives `cases` props from a fixed seed; each is built in a fresh App and stack (the
 * constructs validate as they are built) and synthesized with `app.synth()` (construct
 * validations, CloudFormation validator, files). Times are per case.
 *
 *   node -r ts-node/register/transpile-only tmp/bench-children/validation.js <cases> <seed>
 *
 * ts-node only compiles the test generator; the constructs are the compiled library:
 * test/dlm/*.ts import '../../src', which is redirected to lib/index.js here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { libraryPath, report, sinceStart } from './probe';
import type * as Arbitraries from '../../test/dlm/arbitraries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const srcIndex = path.resolve(path.dirname(libraryPath()), '..', 'src', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function redirect(request: string, ...rest: unknown[]): string {
  const resolved = resolve.call(this, request, ...rest);
  return resolved === srcIndex ? libraryPath() : resolved;
};

// after the redirect: the generator's classes are the compiled library's
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildPolicy, customPolicy }: typeof Arbitraries = require('../../test/dlm/arbitraries');

const cases = Number(process.argv[2] ?? '1000');
const seed = Number(process.argv[3] ?? '9');
const ENV = { account: '123456789012', region: 'us-east-1' }; // the copy Regions of the generator avoid us-east-1

const specs = fc.sample(customPolicy, { numRuns: cases, seed });
const loaded = sinceStart();

const outBase = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? os.tmpdir(), 'validation-'));
const buildMs: number[] = [];
const synthMs: number[] = [];
const failures: string[] = [];
const kinds: Record<string, number> = {};
let schedules = 0;
const warnings: Record<string, number> = {};
specs.forEach((spec, i) => {
  const outdir = path.join(outBase, String(i));
  kinds[spec.kind] = (kinds[spec.kind] ?? 0) + 1;
  schedules += spec.kind === 'default' ? 0 : spec.props.schedules?.length ?? 0;
  const t0 = sinceStart();
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Case', { env: ENV });
    buildPolicy(stack, 'Policy', spec);
    const t1 = sinceStart();
    const assembly = app.synth();
    const t2 = sinceStart();
    buildMs.push(t1 - t0);
    synthMs.push(t2 - t1);
    for (const m of assembly.getStackByName(stack.stackName).messages.filter((x) => x.level === 'warning')) {
      // addWarningV2 ends its message with `[ack: <id>]`; the validator's warnings name their rule
      const text = String(m.entry.data);
      const id = /\[ack: ([^\]]+)\]/.exec(text)?.[1] ?? text.split('\n')[0].slice(0, 80);
      warnings[id] = (warnings[id] ?? 0) + 1;
    }
  } catch (e) {
    failures.push(`case ${i}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
fs.rmSync(outBase, { recursive: true, force: true });

// The cron gap analysis behind every cron cadence check, on expressions it has not seen (no
// memo hit): 7 shapes x 59 minutes, the compiled library's own module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { analyzeCron } = require(path.join(path.dirname(libraryPath()), 'common', 'private', 'cron-analysis')) as { analyzeCron: (e: string) => unknown };
const cronShapes = [
  (m: number) => `cron(${m} * * * ? *)`,
  (m: number) => `cron(${m}/7 */3 * * ? *)`,
  (m: number) => `cron(${m} 9 ? * MON-FRI *)`,
  (m: number) => `cron(${m} 0 LW * ? *)`,
  (m: number) => `cron(${m} 1 ? * 6#3 *)`,
  (m: number) => `cron(${m} 23 15W * ? *)`,
  (m: number) => `cron(${m} 0,12 1/2 * ? *)`,
];
const cronAnalysisMs = cronShapes.flatMap((shape) => Array.from({ length: 59 }, (_, i) => {
  const t = sinceStart();
  analyzeCron(shape(i + 1));
  return sinceStart() - t;
}));

report({ loadedAtMs: loaded, cases, seed, kinds, schedules, buildMs, synthMs, failures, warnings, cronAnalysisMs });
