/**
 * The benchmark's CPU attribution of the jest run (bench/lib/cpu-profile.ts): the categories of
 * profile frames and the sums over a small hand-made V8 profile.
 */
import {
  attribute, categoryOf, childCpuSeconds, CpuProfile, databaseTestSeconds, IDLE, jestCounts, VALIDATOR, WAITING,
} from '../bench/lib/cpu-profile';

const REPO = '/tmp/clone/repo';
const NM = `${REPO}/node_modules`;
const VALIDATE_JS = `file://${NM}/aws-cdk-lib/node_modules/@aws/cloudformation-validate/bindings_wasm.js`;

describe('categoryOf', () => {
  test.each([
    [{ functionName: 'wasm-function[812]', url: 'wasm://wasm/00a1b2c3' }, VALIDATOR],
    [{ functionName: 'js-to-wasm:iii:i', url: '' }, VALIDATOR],
    [{ functionName: 'GenericJSToWasmWrapper', url: '' }, VALIDATOR],
    [{ functionName: 'validateTemplate', url: VALIDATE_JS }, VALIDATOR],
    [{ functionName: 'compile', url: `${NM}/ajv/dist/compile/index.js` }, 'schema layer (ajv)'],
    [{ functionName: 'parse', url: `${NM}/fast-uri/index.js` }, 'schema layer (ajv)'],
    [{ functionName: 'traverse', url: `${NM}/json-schema-traverse/index.js` }, 'schema layer (ajv)'],
    [{ functionName: 'transformSync', url: `${NM}/@swc/core/index.js` }, 'transpiling (swc)'],
    [{ functionName: 'process', url: `${NM}/@swc/jest/index.js` }, 'transpiling (swc)'],
    [{ functionName: 'resolve', url: `file://${NM}/aws-cdk-lib/core/lib/private/resolve.js` }, 'aws-cdk-lib and constructs'],
    [{ functionName: 'findAll', url: `${NM}/constructs/lib/construct.js` }, 'aws-cdk-lib and constructs'],
    [{ functionName: 'runProperty', url: `${NM}/fast-check/lib/check/runner/Runner.js` }, 'fast-check'],
    [{ functionName: '(garbage collector)', url: '' }, 'garbage collection'],
    [{ functionName: '(idle)', url: '' }, IDLE],
    [{ functionName: 'spawnSync', url: '' }, WAITING],
    [{ functionName: 'spawnSync', url: 'node:internal/child_process' }, WAITING],
    [{ functionName: 'parse', url: `${NM}/@aws-cdk/cloud-assembly-api/lib/index.js` }, 'aws-cdk-lib and constructs'],
    [{ functionName: 'bindWorker', url: `${NM}/typescript/lib/typescript.js` }, 'TypeScript compiler (tests that read the sources with it)'],
    [{ functionName: 'toEqual', url: `${NM}/expect/build/index.js` }, 'jest'],
    [{ functionName: 'format', url: `${NM}/pretty-format/build/index.js` }, 'jest'],
    [{ functionName: 'requireModule', url: `${NM}/jest-runtime/build/index.js` }, 'jest'],
    [{ functionName: 'run', url: `${NM}/@jest/core/build/index.js` }, 'jest'],
    [{ functionName: 'Module._load', url: 'node:internal/modules/cjs/loader' }, 'module loading and file system (node)'],
    [{ functionName: 'lstat', url: '' }, 'module loading and file system (node)'],
    [{ functionName: 'readFileUtf8', url: '' }, 'module loading and file system (node)'],
    [{ functionName: 'validateSchedule', url: `${REPO}/src/dlm/validation.ts` }, 'the library (src/)'],
    [{ functionName: 'synth', url: `${REPO}/test/harness/index.ts` }, 'the tests (test/)'],
    [{ functionName: 'sha', url: `${NM}/some-other-package/index.js` }, 'other'],
    [{ functionName: 'nativeThing', url: '' }, 'other'],
  ])('%j is %s', (frame, category) => {
    expect(categoryOf(frame, REPO)).toBe(category);
  });

  test('a file of another checkout is neither the library nor its tests', () => {
    expect(categoryOf({ functionName: 'f', url: '/elsewhere/src/index.ts' }, REPO)).toBe('other');
  });
});

describe('attribute', () => {
  // (root) ─┬─ test body (test/) ─┬─ validateTemplate (validator JS) ── js-to-wasm ── wasm-function
  //         │                     ├─ new WasmCompositeEngine (validator JS) ── wasm-function
  //         │                     └─ ajv compile
  //         ├─ bindings_wasm.js top level (validator JS: compiles the module)
  //         ├─ (garbage collector)
  //         └─ (idle)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 8, 9, 10] },
      { id: 2, callFrame: { functionName: '', url: `${REPO}/test/dlm/policy.test.ts` }, children: [3, 6, 7] },
      { id: 3, callFrame: { functionName: 'validateTemplate', url: VALIDATE_JS }, children: [4] },
      { id: 4, callFrame: { functionName: 'js-to-wasm:iiii:i', url: '' }, children: [5] },
      { id: 5, callFrame: { functionName: 'wasm-function[99]', url: 'wasm://wasm/0abc' } },
      { id: 6, callFrame: { functionName: 'WasmCompositeEngine', url: VALIDATE_JS }, children: [11] },
      { id: 7, callFrame: { functionName: 'compile', url: `${NM}/ajv/dist/compile/index.js` } },
      { id: 8, callFrame: { functionName: '', url: VALIDATE_JS } },
      { id: 9, callFrame: { functionName: '(garbage collector)', url: '' } },
      { id: 10, callFrame: { functionName: '(idle)', url: '' } },
      { id: 11, callFrame: { functionName: 'wasm-function[7]', url: 'wasm://wasm/0abc' } },
    ],
    samples: [2, 5, 5, 3, 4, 11, 11, 11, 6, 7, 8, 9, 10, 10],
    timeDeltas: [100_000, 200_000, 300_000, 50_000, 50_000, 1_000_000, 1_000_000, 500_000, 250_000, 400_000, 150_000, 600_000, 2_000_000, 1_000_000],
  };
  const totals = attribute(profile, REPO);
  const of = (category: string) => totals.categories.find((c) => c.category === category)?.seconds;

  test('sums self time per category', () => {
    expect(of(VALIDATOR)).toBeCloseTo(0.2 + 0.3 + 0.05 + 0.05 + 2.5 + 0.25 + 0.15, 9);
    expect(of('schema layer (ajv)')).toBeCloseTo(0.4, 9);
    expect(of('the tests (test/)')).toBeCloseTo(0.1, 9);
    expect(of('garbage collection')).toBeCloseTo(0.6, 9);
    expect(of(IDLE)).toBeCloseTo(3, 9);
    expect(of('jest')).toBeUndefined();
  });

  test('splits the validator by its nearest engine constructor or validateTemplate ancestor', () => {
    expect(totals.validator.startupSeconds).toBeCloseTo(2.5 + 0.25, 9);
    expect(totals.validator.validationSeconds).toBeCloseTo(0.2 + 0.3 + 0.05 + 0.05, 9);
    expect(totals.validator.otherSeconds).toBeCloseTo(0.15, 9);
  });

  test('CPU leaves out idle; every sample counts in the sampled total', () => {
    expect(totals.sampledSeconds).toBeCloseTo(7.6, 9);
    expect(totals.cpuSeconds).toBeCloseTo(4.6, 9);
  });

  test('categories come in the report order', () => {
    expect(totals.categories.map((c) => c.category)).toEqual([VALIDATOR, 'schema layer (ajv)', 'the tests (test/)', 'garbage collection', IDLE]);
  });
});

describe('jest output, bash times, junit', () => {
  test('counts test files and tests from the summary', () => {
    const output = [
      'PASS test/dlm/a.test.ts (12.3 s)',
      'Test Suites: 1 failed, 95 passed, 96 total',
      'Tests:       2 failed, 3 skipped, 1500 passed, 1505 total',
      'Snapshots:   12 passed, 12 total',
    ].join('\n');
    expect(jestCounts(output)).toEqual({ testFiles: 96, tests: 1505 });
    expect(jestCounts('no summary')).toEqual({ testFiles: 0, tests: 0 });
  });

  test('reads the children\'s CPU time from the last line of `times`', () => {
    expect(childCpuSeconds('Tests: 3 total\n0m0.004s 0m0.001s\n4m2.500s 0m13.250s\n')).toBeCloseTo(255.75, 9);
    expect(childCpuSeconds('nothing')).toBeNaN();
  });

  test('sums the database test files only', () => {
    expect(databaseTestSeconds([
      { file: 'test/hooks/postgresql.db.test.ts', seconds: 30.5, tests: 10 },
      { file: 'test/hooks/mysql.db.test.ts', seconds: 20, tests: 8 },
      { file: 'test/hooks/fsfreeze.test.ts', seconds: 15, tests: 4 },
      { file: 'test/dlm/db.test.ts', seconds: 99, tests: 1 },
    ])).toEqual({ seconds: 50.5, files: 2 });
  });
});
