/**
 * One CloudFormation validator per jest worker process instead of one per test file.
 *
 * aws-cdk-lib runs its validator (`CloudFormationValidatePlugin`) at every `app.synth()` through
 * a singleton, `CloudFormationValidatePlugin._singletonInstance()`, whose engine (AWS's
 * `@aws/cloudformation-validate`, WebAssembly, plus the Rego rules of the resource types it is
 * made for) takes two to three seconds to start. Jest loads every module afresh for each test
 * file, so each file used to start its own. Here the first file's instance is kept for the whole
 * worker (worker-cache.ts: NOT on `process`, which jest also replaces for every file — an
 * earlier version did that, and every file still started its own engine, two thirds of the
 * suite's CPU time) and installed as the singleton of every later file's copy of aws-cdk-lib, with its engine made once for every resource type the tests have a
 * schema for (test/harness/schemas), so no later template needs a new engine.
 *
 * Nothing about what is checked changes: the same validator, the same rules, run by aws-cdk-lib
 * itself at every synth, writing the same validation-report.json that layer 1 reads. If a future
 * aws-cdk-lib renames these internals, this does nothing and each file starts its own validator
 * again (slower, same result); test/harness.test.ts says which case is in force.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';
import { SCHEMA_DIRECTORY } from './schema';
import { workerCached } from './worker-cache';

interface PluginClass {
  _instance?: object;
  _singletonInstance?: () => object;
}
interface PluginInternals {
  initializeEngine?: (resourceTypes: Set<string>) => unknown;
}
interface PluginValidate {
  validate?: (context: { stackTemplates: Array<{ stackConstructPath: string; templatePath: string; accountId: string; region: string }> }) => unknown;
}

/**
 * Runs the validator once on a template with a finding, while the test file that made it is
 * still running. aws-cdk-lib's modules load their own dependencies lazily, on first use, with
 * that file's `require` — which jest switches off when the file ends. A validator first used by
 * a later file would find `require` gone ("Cannot read properties of undefined (reading
 * 'profileSpan')"); after this, everything its validate path needs is loaded.
 */
function warmUp(plugin: PluginValidate): void {
  if (typeof plugin.validate !== 'function') return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validator-warm-up-'));
  try {
    const templatePath = path.join(dir, 'WarmUp.template.json');
    fs.writeFileSync(templatePath, JSON.stringify({
      Resources: {
        Policy: {
          Type: 'AWS::DLM::LifecyclePolicy',
          Properties: { Description: 'has, a comma', State: 'ENABLED', ExecutionRoleArn: 'arn:aws:iam::111122223333:role/dlm' },
        },
      },
    }));
    plugin.validate({ stackTemplates: [{ stackConstructPath: 'WarmUp', templatePath, accountId: '111122223333', region: 'us-east-1' }] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}


/** Every resource type the tests synthesize: each has its schema in the repository (layer 2 demands it). */
function knownResourceTypes(): Set<string> {
  const types = new Set<string>(['AWS::CDK::Metadata']);
  for (const sub of ['cfn', 'cfn-enhanced']) {
    const dir = path.join(SCHEMA_DIRECTORY, sub);
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const typeName = (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { typeName?: string }).typeName;
      if (typeName) types.add(typeName);
    }
  }
  return types;
}

/**
 * Installs the worker's shared validator as this module registry's aws-cdk-lib singleton
 * (creating it on first use). Returns whether sharing is in force.
 */
export function shareCloudFormationValidator(): boolean {
  const cls = CloudFormationValidatePlugin as unknown as PluginClass;
  if (typeof cls._singletonInstance !== 'function') return false;
  const instance = workerCached('cloudFormationValidator', () => {
    const created = cls._singletonInstance!();
    const internals = created as PluginInternals;
    if (typeof internals.initializeEngine === 'function') internals.initializeEngine.call(created, knownResourceTypes());
    warmUp(created as PluginValidate);
    return created;
  });
  cls._instance = instance;
  return true;
}
