/**
 * The layers of ARCHITECTURE.md are enforced by eslint (`import/no-restricted-paths`, set in
 * .projenrc.ts), not only drawn: a file that imports across a forbidden arrow fails the lint
 * that `npx projen test` runs. Here each arrow is probed with a file the linter is told lives
 * in a layer (type-aware rules need files on disk, so they are off here). Import cycles are
 * test/import-cycles.test.ts.
 */
import { loadESLint } from 'eslint';

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}
interface Linter {
  lintText(code: string, options: { filePath: string }): Promise<Array<{ messages: LintMessage[] }>>;
}

let eslint: Linter;
beforeAll(async () => {
  process.env.ESLINT_USE_FLAT_CONFIG = 'false';
  const ESLint = await loadESLint({ useFlatConfig: false });
  eslint = new ESLint({
    cwd: `${__dirname}/..`,
    overrideConfig: {
      parserOptions: { projectService: false, project: null },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/return-await': 'off' },
    },
  }) as unknown as Linter;
}, 60_000);

async function layerViolations(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as other from '${from}';\nexport const probe = other;\n`, { filePath: file });
  return result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message);
}

describe('arrows point down only', () => {
  test.each([
    ['src/common/probe.ts', '../dlm', /common\/ holds engine-neutral values/],
    ['src/common/probe.ts', '../tiers', /common\/ holds engine-neutral values/],
    ['src/dlm/probe.ts', '../tiers', /know nothing of tiers/],
    ['src/backup/probe.ts', '../compliance', /know nothing of tiers/],
    ['src/hooks/probe.ts', '../tiers', /know nothing of tiers/],
    ['src/dlm/probe.ts', '../hooks', /hooks implement the ISnapshotScript seam/],
    ['src/tiers/probe.ts', '../hooks', /never hooks/],
    ['src/tiers/probe.ts', '../compliance', /never hooks\/, and nothing above them/],
    ['src/compliance/probe.ts', '../cli/main', /nothing but the bin loads the CLI/],
    ['src/tiers/probe.ts', '../cli/dlm', /nothing but the bin loads the CLI/],
    ['src/index.ts', './cli/main', /nothing but the bin loads the CLI/],
  ])('%s may not import %s', async (file, from, message) => {
    const violations = await layerViolations(file, from);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
  });

  test.each([
    ['src/dlm/probe.ts', '../common'],
    ['src/hooks/probe.ts', '../dlm'],
    ['src/tiers/probe.ts', '../dlm'],
    ['src/tiers/probe.ts', '../backup'],
    ['src/compliance/probe.ts', '../tiers'],
    ['src/cli/probe.ts', '../compliance/report-files'],
  ])('%s may import %s', async (file, from) => {
    expect(await layerViolations(file, from)).toEqual([]);
  });
});
