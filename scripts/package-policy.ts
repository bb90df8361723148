/**
 * What the npm package may contain, and how large it may be. Used by test/package.test.ts (on
 * whatever the checkout holds, built or not) and by scripts/check-package.ts (in CI, after the
 * build, where the built files are required too).
 */

import { execFileSync } from 'child_process';

/** One file of `npm pack --dry-run --json`. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** The part of `npm pack --dry-run --json`'s result the policy reads. */
export interface PackResult {
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

/** Every file the package may ship (package.json `files` plus what npm always packs). */
export const ALLOWED_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^API\.md$/,
  /^\.jsii$/,
  /^docs\/plan-timeline\.png$/, // the image README.md shows
  /^lib\/cli\/main\.js$/, // the bundled CLI: the only file under lib/cli
  /^lib\/cli\/THIRD-PARTY-LICENSES\.txt$/,
  /^lib\/hooks\/scripts\/[a-z0-9-]+\.sh$/, // the hooks' shell scripts, read when a document is rendered
  /^lib\/(?!cli\/)[a-z0-9-]+(\/[a-z0-9-]+)*\.(js|d\.ts)$/, // the jsii module
];

/** Files the package must have in any checkout. */
export const REQUIRED_FILES: readonly string[] = ['package.json', 'README.md', 'LICENSE', 'API.md', 'docs/plan-timeline.png'];

/** Files the package must have once built (compile + bundle:cli). */
export const REQUIRED_BUILT_FILES: readonly string[] = [
  '.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'lib/cli/THIRD-PARTY-LICENSES.txt',
];

/**
 * Size budget. Measured at 0.98 MB packed / 4.17 MB unpacked (2026-12-06, after monitoring,
 * restore drills, StackSets and the CLI's points/restore): .jsii 1.04 MB and API.md 0.86 MB
 * (both grow with the public API), the jsii module about 1.1 MB (no source maps), the CLI
 * bundle 1.0 MB (the DLM and EC2 clients, from the SDK's ES module builds so that unused code
 * is dropped), the docs image 0.19 MB. (Before those features: 0.74 / 2.91 MB, budget 4.0 MB.)
 */
export const BUDGET = {
  packedBytes: 1_250_000,
  unpackedBytes: 5_000_000,
} as const;

/** What is wrong with a pack result; empty when nothing is. */
export function packageProblems(pack: PackResult, options: { readonly built: boolean }): string[] {
  const problems: string[] = [];
  const paths = new Set(pack.files.map((f) => f.path));
  for (const f of pack.files) {
    if (!ALLOWED_FILES.some((re) => re.test(f.path))) problems.push(`not allowed in the package: ${f.path} (${f.size} bytes)`);
  }
  for (const f of [...REQUIRED_FILES, ...options.built ? REQUIRED_BUILT_FILES : []]) {
    if (!paths.has(f)) problems.push(`missing from the package: ${f}`);
  }
  if (pack.unpackedSize > BUDGET.unpackedBytes) {
    problems.push(`unpacked size ${pack.unpackedSize} bytes is over the budget of ${BUDGET.unpackedBytes}`);
  }
  if (pack.size > BUDGET.packedBytes) {
    problems.push(`packed size ${pack.size} bytes is over the budget of ${BUDGET.packedBytes}`);
  }
  return problems;
}

/** `npm pack --dry-run --json` of the package in `dir`. */
export function dryRunPack(dir: string): PackResult {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [result] = JSON.parse(out) as PackResult[];
  return result;
}
