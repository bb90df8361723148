/**
 * The npm package ships an allowlist of files within a size budget (scripts/package-policy.ts).
 * Here on whatever this checkout holds (test output under tmp/, benchmarks, CI scripts, and
 * lib/ when built); CI checks the built package again after the build (scripts/check-package.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUDGET, dryRunPack, packageProblems, type PackResult } from '../scripts/package-policy';

const REPO = path.resolve(__dirname, '..');

function pack(...files: Array<[string, number]>): PackResult {
  const list = files.map(([p, size]) => ({ path: p, size }));
  return { size: 1000, unpackedSize: list.reduce((n, f) => n + f.size, 0), files: list };
}

const MINIMAL: Array<[string, number]> = [
  ['package.json', 10], ['README.md', 10], ['LICENSE', 10], ['API.md', 10], ['docs/plan-timeline.png', 10],
];
const BUILT: Array<[string, number]> = [
  ['.jsii', 10], ['lib/index.js', 10], ['lib/index.d.ts', 10], ['lib/cli/main.js', 10], ['lib/cli/THIRD-PARTY-LICENSES.txt', 10],
];

describe('the package of this checkout', () => {
  test('holds only allowed files, within the size budget', () => {
    // GIVEN test output and tooling beside the sources (this test runs after others wrote tmp/)
    const marker = path.join(REPO, 'tmp', 'package-test', 'cdk.out', 'Stack.template.json');
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, '{}');
    try {
      // WHEN
      const result = dryRunPack(REPO);

      // THEN
      // built: jsii writes .jsii only when the compile succeeded
      expect(packageProblems(result, { built: fs.existsSync(path.join(REPO, '.jsii')) })).toEqual([]);
      expect(result.files.map((f) => f.path).filter((p) => /^(tmp|bench|test|src|scripts|\.ci|examples)\//.test(p))).toEqual([]);
    } finally {
      fs.rmSync(path.join(REPO, 'tmp', 'package-test'), { recursive: true, force: true });
    }
  });

  test('has no runtime dependencies and bundles none (the CLI is one bundled file)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bundledDependencies ?? manifest.bundleDependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ 'cdk-tiered-backup': 'lib/cli/main.js' });
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
  });
});

describe('the package policy', () => {
  test('a minimal checkout and a built one pass', () => {
    expect(packageProblems(pack(...MINIMAL), { built: false })).toEqual([]);
    expect(packageProblems(pack(...MINIMAL, ...BUILT, ['lib/dlm/snapshot-policy.js', 10], ['lib/dlm/snapshot-policy.d.ts', 10]), { built: true })).toEqual([]);
  });

  test.each([
    ['tmp/cdk.out/app-1/S.template.json'],
    ['bench/run.ts'],
    ['.ci/run'],
    ['src/index.ts'],
    ['lib/index.ts'],
    ['lib/cli/commands/status.js'],
    ['node_modules/@aws-sdk/client-dlm/package.json'],
    ['docs/report.md'],
  ])('a file outside the list is refused: %s', (file) => {
    expect(packageProblems(pack(...MINIMAL, [file, 10]), { built: false })).toEqual([`not allowed in the package: ${file} (10 bytes)`]);
  });

  test('a built package without the bundled CLI is refused', () => {
    const withoutCli = BUILT.filter(([p]) => p !== 'lib/cli/main.js');
    expect(packageProblems(pack(...MINIMAL, ...withoutCli), { built: true })).toEqual(['missing from the package: lib/cli/main.js']);
  });

  test('over the unpacked budget is refused', () => {
    expect(packageProblems(pack(...MINIMAL, ['API.md', BUDGET.unpackedBytes]), { built: false }))
      .toEqual([`unpacked size ${BUDGET.unpackedBytes + 50} bytes is over the budget of ${BUDGET.unpackedBytes}`]);
  });

  test('over the packed budget is refused', () => {
    const result = { ...pack(...MINIMAL), size: BUDGET.packedBytes + 1 };
    expect(packageProblems(result, { built: false })).toEqual([`packed size ${BUDGET.packedBytes + 1} bytes is over the budget of ${BUDGET.packedBytes}`]);
  });
});
