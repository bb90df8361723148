/**
 * The conformance harness: every test synthesizes through `synth()` (or `checkConformance()`),
 * so no template passes a test unless AWS's own definitions accept it.
 *
 * Two layers, each reporting `ConformanceProblem`s:
 *  1. `cfn-validate` — the validator aws-cdk-lib ships and runs at every `app.synth()`
 *     (`CloudFormationValidatePlugin`: AWS's registry schemas + template rules). We read the
 *     `validation-report.json` it writes; every violation is a problem, warnings included,
 *     except those acknowledged with
 *     `Validations.of(c).acknowledge({ id: 'CloudFormation-Validate::W3030', reason })`.
 *  2. `schema` — depth where that validator is blind: each resource's `Properties` against the
 *     CloudFormation registry schema of its type with ajv, preferring `cfn-enhanced/` (DLM with
 *     the API model's enums and ranges). Errors caused only by intrinsics (`Ref`, `Fn::*`) are
 *     dropped. The schemas are kept in the repository (test/harness/schemas, see SOURCES.md);
 *     a resource type without one there is a problem too.
 *
 * The app is synthesized once (cached per App); `synth()` returns the template from that
 * assembly instead of `Template.fromStack`, which would synthesize and validate again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, type AppProps, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { cfnValidateProblems } from './cfn-validate';
import { formatProblem, type ConformanceProblem } from './problem';
import { schemaProblems } from './schema';
import { shareCloudFormationValidator } from './shared-validator';
import { synthesizedStacks, type SynthesizedStack } from './stacks';

export { formatProblem, type ConformanceProblem } from './problem';
export { SCHEMA_DIRECTORY } from './schema';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** Context the harness relies on; it wins over the caller's context for these keys. */
const HARNESS_CONTEXT = {
  '@aws-cdk/core:validateAgainstDefaultRules': true, // validator errors stay errors
  '@aws-cdk/core:failSynthOnValidationErrors': false, // aws-cdk-lib writes its report, the harness throws
};

/** Output folders of this test process, removed when it exits (set KEEP_CDK_OUT=1 to keep them). */
const outdirs: string[] = [];
let cleanupRegistered = false;

function registerCleanup(): void {
  if (cleanupRegistered || process.env.KEEP_CDK_OUT) return;
  cleanupRegistered = true;
  process.once('exit', () => {
    for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * An App writing to a fresh folder under `<repo>/tmp/cdk.out/` (any `outdir` given is ignored);
 * the folder is removed when the test process exits.
 */
export function testApp(props: AppProps = {}): App {
  shareCloudFormationValidator();
  const base = path.join(REPO_ROOT, 'tmp', 'cdk.out');
  fs.mkdirSync(base, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(base, 'app-'));
  outdirs.push(outdir);
  registerCleanup();
  return new App({
    ...props,
    outdir,
    context: { ...props.context, ...HARNESS_CONTEXT },
  });
}

interface Conformance {
  readonly assembly: CloudAssembly;
  readonly stacks: readonly SynthesizedStack[];
  readonly problems: readonly ConformanceProblem[];
}

const checked = new WeakMap<App, Conformance>();

function conformance(scope: IConstruct): Conformance {
  const root = scope.node.root;
  if (!App.isApp(root)) {
    throw new Error(`The root of '${scope.node.path}' is a ${root.constructor.name}, not an App: `
      + 'create the app with testApp() from test/harness.');
  }
  let result = checked.get(root);
  if (!result) {
    const assembly = root.synth();
    const stacks = synthesizedStacks(root);
    const problems = [...cfnValidateProblems(assembly.directory, stacks), ...schemaProblems(stacks)];
    result = { assembly, stacks, problems };
    checked.set(root, result);
  }
  return result;
}

/** Synthesizes the app of `scope` (once) and returns what AWS's definitions say is wrong with any of its stacks. */
export function checkConformance(scope: IConstruct): ConformanceProblem[] {
  return [...conformance(scope).problems];
}

/** The stack's template, after checking the whole app; throws listing every problem, one per line. */
export function synth(stack: Stack): Template {
  const { problems, stacks } = conformance(stack);
  if (problems.length > 0) {
    throw new Error(`${problems.length} conformance problem(s) in the app of '${stack.node.path}':\n`
      + problems.map(formatProblem).join('\n'));
  }
  const synthesized = stacks.find((s) => s.stack === stack);
  if (!synthesized) throw new Error(`No template was synthesized for stack '${stack.node.path}'`);
  return Template.fromJSON(synthesized.template);
}

export const conformingTemplate = synth;
