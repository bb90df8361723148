/**
 * Import cost: what one `require` costs in a fresh process, and which modules it loads.
 *
 *   node tmp/bench-children/import.js node                      # nothing: the process alone
 *   node tmp/bench-children/import.js aws-cdk-lib               # require('aws-cdk-lib'): its lazy index only
 *   node tmp/bench-children/import.js core                      # require('aws-cdk-lib').App: the core every app loads
 *   node tmp/bench-children/import.js submodules aws-dlm,aws-iam  # the core and those submodules
 *   node tmp/bench-children/import.js library                   # require('cdk-tiered-backup') (lib/index.js)
 */
import * as path from 'path';
import { libraryPath, report, sinceStart } from './probe';

const variant = process.argv[2];

/** Keeps a lazily loaded export from being optimized away (aws-cdk-lib loads its core on first access). */
function touch(value: unknown): void {
  if (value === undefined) throw new Error('aws-cdk-lib exported nothing');
}

const startedAt = sinceStart();
const t0 = process.hrtime.bigint();
switch (variant) {
  case 'node':
    break;
  case 'aws-cdk-lib':
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('aws-cdk-lib');
    break;
  case 'core':
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    touch((require('aws-cdk-lib') as typeof import('aws-cdk-lib')).App);
    break;
  case 'submodules':
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    touch((require('aws-cdk-lib') as typeof import('aws-cdk-lib')).App);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const sub of (process.argv[3] ?? '').split(',').filter((s) => s)) require(`aws-cdk-lib/${sub}`);
    break;
  case 'library':
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(libraryPath());
    break;
  default:
    throw new Error(`unknown variant ${variant}`);
}
const requireMs = Number(process.hrtime.bigint() - t0) / 1e6;

const modules = Object.keys(require.cache);
const under = (dir: string) => modules.filter((m) => m.split(path.sep).join('/').includes(dir));
const libDir = path.dirname(libraryPath()).split(path.sep).join('/') + '/';
const cdkSubmodules = [...new Set(under('/node_modules/aws-cdk-lib/')
  .map((m) => /\/node_modules\/aws-cdk-lib\/([^/]+)\//.exec(m.split(path.sep).join('/'))?.[1])
  .filter((s): s is string => s !== undefined && /^aws-/.test(s)))].sort();

report({
  variant,
  startedAtMs: startedAt,
  requireMs,
  modules: modules.length,
  awsSdkModules: under('/node_modules/@aws-sdk/'),
  smithyModules: under('/node_modules/@smithy/'),
  libraryModules: under(libDir).length,
  cliModules: under(`${libDir}cli/`),
  cdkSubmodules,
});
