/**
 * CI, after the build: the package's runtime exports (`require('cdk-tiered-backup')`, i.e.
 * lib/index.js) are exactly the classes and enums of its jsii assembly (.jsii), no more, no
 * fewer. A helper reachable from `require()` but absent from .jsii is an internal that leaked
 * (only TypeScript users could reach it, and nothing would stop them depending on it).
 *
 *   npx ts-node -T scripts/check-exports.ts
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

interface Assembly {
  readonly name: string;
  readonly types?: { readonly [fqn: string]: { readonly kind: string; readonly name: string; readonly namespace?: string } };
}

/** What differs between the runtime exports and the assembly's top-level classes and enums. */
export function exportProblems(runtime: readonly string[], assembly: Assembly): string[] {
  const jsii = Object.values(assembly.types ?? {})
    .filter((t) => (t.kind === 'class' || t.kind === 'enum') && !t.namespace)
    .map((t) => t.name);
  const inJsii = new Set(jsii);
  const atRuntime = new Set(runtime);
  return [
    ...[...atRuntime].filter((n) => !inJsii.has(n)).sort().map((n) => `exported at run time but not a jsii type (internal?): ${n}`),
    ...[...inJsii].filter((n) => !atRuntime.has(n)).sort().map((n) => `a jsii type missing from the run-time exports: ${n}`),
  ];
}

function main(): number {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8')) as Assembly;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, as a user loads it
  const runtime = Object.keys(require(path.join(ROOT, 'lib', 'index.js')) as object);
  const problems = exportProblems(runtime, assembly);
  console.log(`exports: ${runtime.length} at run time, ${Object.keys(assembly.types ?? {}).length} jsii types`);
  for (const p of problems) console.log(`  ${p}`);
  return problems.length > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
