import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter, CloudFormationValidatePlugin, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dlm from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { checkConformance, synth, testApp, type ConformanceProblem } from './harness';
import { hasNoRegistrySchema, SCHEMA_DIRECTORY, schemaFileName, schemaProblems as schemaLayer } from './harness/schema';
import { synthesizedStacks } from './harness/stacks';

/** A VOLUME snapshot policy AWS accepts; its role is in the same stack so IAM is checked too. */
function validPolicyProps(scope: Construct): dlm.CfnLifecyclePolicyProps {
  const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
  return {
    state: 'ENABLED',
    description: 'Daily volume snapshots',
    executionRoleArn: role.roleArn, // an intrinsic: Fn::GetAtt
    policyDetails: {
      resourceTypes: ['VOLUME'],
      targetTags: [{ key: 'backup', value: 'daily' }],
      schedules: [{
        name: 'Daily',
        createRule: { interval: 24, intervalUnit: 'HOURS', times: ['03:00'] },
        retainRule: { count: 7 },
        copyTags: true,
      }],
    },
  };
}

type Mutation = (props: dlm.CfnLifecyclePolicyProps, stack: Stack) => dlm.CfnLifecyclePolicyProps;

function policyStack(mutate: Mutation = (p) => p) {
  const app = testApp();
  const stack = new Stack(app, 'S');
  const policy = new dlm.CfnLifecyclePolicy(stack, 'Policy', mutate(validPolicyProps(stack), stack));
  return { app, stack, policy };
}

function schedule(props: dlm.CfnLifecyclePolicyProps) {
  const details = props.policyDetails as dlm.CfnLifecyclePolicy.PolicyDetailsProperty;
  return (details.schedules as dlm.CfnLifecyclePolicy.ScheduleProperty[])[0];
}

function layersAt(problems: ConformanceProblem[], propertyPath: string): string[] {
  return [...new Set(problems.filter((p) => p.propertyPath === propertyPath).map((p) => p.layer))].sort();
}

describe('testApp', () => {
  test('writes to a fresh folder under tmp/cdk.out and turns validator errors into reported errors', () => {
    // WHEN
    const app = testApp({ context: { '@aws-cdk/core:failSynthOnValidationErrors': true, 'my:key': 'mine' } });

    // THEN
    expect(path.relative(path.resolve(__dirname, '..', 'tmp', 'cdk.out'), app.outdir)).toMatch(/^app-[^/]+$/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    expect(app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
    expect(app.node.tryGetContext('@aws-cdk/core:failSynthOnValidationErrors')).toBe(false);
    expect(app.node.tryGetContext('my:key')).toBe('mine');
  });
});

describe('a correct DLM policy', () => {
  test('has no conformance problems and synth returns its template', () => {
    // GIVEN
    const { stack } = policyStack();

    // WHEN
    const problems = checkConformance(stack);
    const template = synth(stack);

    // THEN
    expect(problems).toEqual([]);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      State: 'ENABLED',
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Role'), 'Arn'] },
    });
  });

  test('synthesizes the app once for all its stacks', () => {
    // GIVEN
    const { app, stack } = policyStack();
    const other = new Stack(app, 'Other');
    new iam.Role(other, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const synthSpy = jest.spyOn(app, 'synth');

    // WHEN
    synth(stack);
    synth(other);
    checkConformance(stack);

    // THEN
    expect(synthSpy).toHaveBeenCalledTimes(1);
  });
});

describe('a broken DLM policy', () => {
  let problems: ConformanceProblem[];
  let stack: Stack;
  beforeAll(() => {
    const broken = policyStack((props) => ({
      ...props,
      state: 'ON',
      description: 'Daily, with a comma',
      policyDetails: {
        ...props.policyDetails as object,
        schedules: [{
          ...schedule(props),
          createRule: { interval: 24, intervalUnit: 'DAYS', times: ['3am'] },
          retainRule: { count: 1001 },
        }],
      },
    }));
    broken.policy.addPropertyOverride('PolicyDetails.Bogus', 1);
    stack = broken.stack;
    problems = checkConformance(stack);
  });

  test.each([
    // planted,             property path,                                   layers that catch it
    ['State ON', 'State', ['schema']],
    ['IntervalUnit DAYS', 'PolicyDetails.Schedules.0.CreateRule.IntervalUnit', ['cfn-validate', 'schema']],
    ['Description comma', 'Description', ['cfn-validate', 'schema']],
    ['Times 3am', 'PolicyDetails.Schedules.0.CreateRule.Times.0', ['cfn-validate', 'schema']],
    ['unknown key Bogus', 'PolicyDetails.Bogus', ['cfn-validate', 'schema']],
    ['RetainRule.Count 1001', 'PolicyDetails.Schedules.0.RetainRule.Count', ['cfn-validate', 'schema']],
  ])('%s is reported at %s', (_planted, propertyPath, layers) => {
    // THEN
    expect(layersAt(problems, propertyPath)).toEqual(layers);
    for (const p of problems.filter((x) => x.propertyPath === propertyPath)) {
      expect(p).toMatchObject({ stack: 'S', logicalId: 'Policy', constructPath: 'S/Policy', resourceType: 'AWS::DLM::LifecyclePolicy' });
    }
  });

  test('the unknown key is named in every problem about it', () => {
    const bogus = problems.filter((p) => p.propertyPath === 'PolicyDetails.Bogus');
    expect(bogus.length).toBeGreaterThan(0);
    for (const p of bogus) expect(p.message).toContain('Bogus');
  });

  test('nothing else is reported', () => {
    const expected = ['State', 'PolicyDetails.Schedules.0.CreateRule.IntervalUnit', 'Description',
      'PolicyDetails.Schedules.0.CreateRule.Times.0', 'PolicyDetails.Bogus', 'PolicyDetails.Schedules.0.RetainRule.Count'];
    expect(problems.filter((p) => !expected.includes(p.propertyPath))).toEqual([]);
  });

  test('synth throws listing every problem, one per line', () => {
    // WHEN
    const error = (() => {
      try {
        synth(stack);
      } catch (e) {
        return e as Error;
      }
      throw new Error('synth did not throw');
    })();

    // THEN
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(problems.length + 1);
    expect(lines).toContain('[schema] S/Policy (Policy) AWS::DLM::LifecyclePolicy State: '
      + 'must be equal to one of the allowed values: ENABLED, DISABLED (got "ON")');
    expect(lines).toContain('[schema] S/Policy (Policy) AWS::DLM::LifecyclePolicy PolicyDetails.Schedules.0.RetainRule.Count: '
      + 'must be <= 1000 (got 1001)');
    expect(lines).toContainEqual(expect.stringMatching(
      /^\[cfn-validate\] S\/Policy \(Policy\) AWS::DLM::LifecyclePolicy PolicyDetails\.Schedules\.0\.CreateRule\.IntervalUnit: .*DAYS.*\[W3030 warning; acknowledge as "CloudFormation-Validate::W3030"\]$/));
    for (const p of ['Description', 'PolicyDetails.Schedules.0.CreateRule.Times.0', 'PolicyDetails.Bogus']) {
      expect(error.message).toContain(` ${p}: `);
    }
  });
});

describe('blind spots: rules AWS states only in prose', () => {
  test('an Interval of 5 hours and a Count of 0 pass both layers (they need their own checks)', () => {
    // GIVEN
    const { stack } = policyStack((props) => ({
      ...props,
      policyDetails: {
        ...props.policyDetails as object,
        schedules: [{ ...schedule(props), createRule: { interval: 5, intervalUnit: 'HOURS' }, retainRule: { count: 0 } }],
      },
    }));

    // THEN
    expect(checkConformance(stack)).toEqual([]);
  });
});

describe('intrinsics', () => {
  test('a Description given as a parameter (Ref) is not reported', () => {
    // GIVEN
    const { stack } = policyStack((props, scope) => ({
      ...props,
      description: new CfnParameter(scope, 'Desc', { default: 'Daily snapshots' }).valueAsString,
    }));

    // WHEN
    const template = synth(stack);

    // THEN
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', { Description: { Ref: 'Desc' } });
  });

  test('a missing required key next to an intrinsic is still reported on its parent', () => {
    // GIVEN: a tag whose Key is a Ref and whose Value is missing
    const { stack, policy } = policyStack((props, scope) => ({
      ...props,
      policyDetails: {
        ...props.policyDetails as object,
        targetTags: [{ key: new CfnParameter(scope, 'TagKey', { default: 'backup' }).valueAsString, value: 'x' }],
      },
    }));
    policy.addPropertyDeletionOverride('PolicyDetails.TargetTags.0.Value');

    // WHEN
    const problems = checkConformance(stack);

    // THEN
    expect(problems.filter((p) => p.layer === 'schema')).toEqual([expect.objectContaining({
      propertyPath: 'PolicyDetails.TargetTags.0',
      rule: 'required',
      message: "must have required property 'Value'",
    })]);
  });

  test('a oneOf branch rejected only because of an intrinsic below it is not reported', () => {
    // GIVEN: TargetObjectKeyFormat is oneOf { SimplePrefix } | { PartitionedPrefix }
    const app = testApp();
    const stack = new Stack(app, 'S');
    const source = new CfnParameter(stack, 'DateSource', { default: 'EventTime' });
    new s3.CfnBucket(stack, 'Bucket', {
      loggingConfiguration: { targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: source.valueAsString } } },
    });

    // THEN
    expect(checkConformance(stack)).toEqual([]);
  });

  test('the same oneOf with a wrong literal is reported', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'S');
    new s3.CfnBucket(stack, 'Bucket', {
      loggingConfiguration: { targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'Yesterday' } } },
    });

    // WHEN
    const schemaProblems = checkConformance(stack).filter((p) => p.layer === 'schema');

    // THEN
    expect(schemaProblems).toContainEqual(expect.objectContaining({
      propertyPath: 'LoggingConfiguration.TargetObjectKeyFormat.PartitionedPrefix.PartitionDateSource',
      rule: 'enum',
    }));
    expect(schemaProblems).toContainEqual(expect.objectContaining({
      propertyPath: 'LoggingConfiguration.TargetObjectKeyFormat',
      rule: 'oneOf',
    }));
  });
});

describe('known registry schema false positives', () => {
  test('ExcludeVolumeTypes strings and a NestedStack without StackName are accepted', () => {
    // GIVEN
    const { stack } = policyStack((props) => ({
      ...props,
      policyDetails: { ...props.policyDetails as object, exclusions: { excludeVolumeTypes: ['gp2'] } },
    }));
    new NestedStack(stack, 'Nested');

    // THEN
    expect(checkConformance(stack)).toEqual([]);
  });
});

describe('every stack of the app is checked', () => {
  test('stacks in nested stages and NestedStacks', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'S');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    const nested = new NestedStack(stack, 'Nested');
    new dlm.CfnLifecyclePolicy(nested, 'Policy', { state: 'OFF', executionRoleArn: role.roleArn });
    const staged = new Stack(new Stage(app, 'Stage'), 'Staged');
    new dlm.CfnLifecyclePolicy(staged, 'Policy', { state: 'OFF', description: 'a, b' });

    // WHEN
    const problems = checkConformance(app);

    // THEN
    expect(problems).toContainEqual(expect.objectContaining({ layer: 'schema', stack: 'S/Nested', constructPath: 'S/Nested/Policy', propertyPath: 'State' }));
    expect(problems).toContainEqual(expect.objectContaining({ layer: 'schema', stack: 'Stage/Staged', constructPath: 'Stage/Staged/Policy', propertyPath: 'State' }));
    expect(problems).toContainEqual(expect.objectContaining({ layer: 'cfn-validate', stack: 'Stage/Staged', logicalId: 'Policy', propertyPath: 'Description' }));
  });

  test('synth returns the template of a NestedStack', () => {
    // GIVEN
    const { stack } = policyStack();
    const nested = new NestedStack(stack, 'Nested');
    new iam.Role(nested, 'NestedRole', { assumedBy: new iam.AccountRootPrincipal() });

    // THEN
    synth(nested).resourceCountIs('AWS::IAM::Role', 1);
  });
});

describe('acknowledged validator warnings', () => {
  const daily: Mutation = (props) => ({
    ...props,
    policyDetails: {
      ...props.policyDetails as object,
      schedules: [{ ...schedule(props), createRule: { interval: 1, intervalUnit: 'DAYS' } }],
    },
  });

  test('an unacknowledged warning is a problem', () => {
    // GIVEN
    const { stack } = policyStack(daily);

    // THEN
    expect(checkConformance(stack)).toContainEqual(expect.objectContaining({
      layer: 'cfn-validate', rule: 'W3030', severity: 'warning', propertyPath: 'PolicyDetails.Schedules.0.CreateRule.IntervalUnit',
    }));
  });

  test('an acknowledged warning is not (the schema layer still reports the value)', () => {
    // GIVEN
    const { stack, policy } = policyStack(daily);

    // WHEN
    Validations.of(policy).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'testing acknowledgment' });

    // THEN
    const problems = checkConformance(stack);
    expect(problems.filter((p) => p.layer === 'cfn-validate')).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ layer: 'schema', rule: 'enum', propertyPath: 'PolicyDetails.Schedules.0.CreateRule.IntervalUnit' })]);
  });
});

describe('misuse', () => {
  test('a construct tree not rooted in an App is refused', () => {
    // GIVEN
    const root = new Construct(undefined as unknown as Construct, 'Root');

    // THEN
    expect(() => checkConformance(new Construct(root, 'Child'))).toThrow(/testApp\(\)/);
  });
});

describe('one CloudFormation validator per jest worker', () => {
  /** Synthesizes a policy with `Description` 'has, a comma' (a layer-1 error) in freshly loaded modules, as a new test file would. */
  function plantedInFreshModules(): { problems: ConformanceProblem[]; instance: unknown; sharing: boolean } {
    let result: { problems: ConformanceProblem[]; instance: unknown; sharing: boolean } | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh module registry needs require() */
      const harness = require('./harness') as typeof import('./harness');
      const shared = require('./harness/shared-validator') as typeof import('./harness/shared-validator');
      const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
      const freshDlm = require('aws-cdk-lib/aws-dlm') as typeof dlm;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const stack = new cdk.Stack(harness.testApp(), 'S');
      new freshDlm.CfnLifecyclePolicy(stack, 'Policy', {
        state: 'ENABLED',
        description: 'has, a comma',
        executionRoleArn: 'arn:aws:iam::111122223333:role/dlm-role',
        policyDetails: {
          resourceTypes: ['VOLUME'],
          targetTags: [{ key: 'backup', value: 'daily' }],
          schedules: [{ name: 'Daily', createRule: { interval: 24, intervalUnit: 'HOURS', times: ['03:00'] }, retainRule: { count: 7 } }],
        },
      });
      const problems = harness.checkConformance(stack);
      result = {
        problems,
        instance: (cdk.CloudFormationValidatePlugin as unknown as { _instance?: unknown })._instance,
        sharing: shared.shareCloudFormationValidator(),
      };
    });
    return result!;
  }

  test('a later test file uses the worker\'s validator, and a planted error is still found there', () => {
    // GIVEN this file already synthesized (the worker's validator exists)
    checkConformance(policyStack().stack);
    const workerValidator = (CloudFormationValidatePlugin as unknown as { _instance?: unknown })._instance;

    // WHEN a "new file" (fresh modules) synthesizes a bad template
    const run = plantedInFreshModules();

    // THEN sharing is in force, the worker's validator ran, and it reported the error
    expect(run.sharing).toBe(true);
    expect(workerValidator).toBeDefined();
    expect(run.instance).toBe(workerValidator);
    expect(run.problems.filter((p) => p.layer === 'cfn-validate').map((p) => p.propertyPath)).toContain('Description');
  });
});

describe('what a worker keeps, it keeps across test files', () => {
  test('two test files run by one worker share the validator and the compiled schemas (a real jest run)', () => {
    // GIVEN two test files that each synthesize through the harness and record what the worker
    // held before and after (jest gives each its own module registry, `process` and globalThis)
    const repo = path.resolve(__dirname, '..');
    const dir = fs.mkdtempSync(path.join(repo, 'tmp', 'worker-cache-'));
    const record = path.join(dir, 'record.jsonl');
    const fixture = (name: string) => [
      "import * as fs from 'fs';",
      "import { Stack } from 'aws-cdk-lib';",
      "import * as dlm from 'aws-cdk-lib/aws-dlm';",
      "import { checkConformance, testApp } from '../../test/harness';",
      "import { workerHas } from '../../test/harness/worker-cache';",
      `test('${name}', () => {`,
      "  const before = ['cloudFormationValidator', 'compiledSchemas'].filter(workerHas);",
      "  const stack = new Stack(testApp(), 'S');",
      "  new dlm.CfnLifecyclePolicy(stack, 'Policy', { state: 'ENABLED', description: 'has, a comma',",
      "    executionRoleArn: 'arn:aws:iam::111122223333:role/dlm-role', policyDetails: { resourceTypes: ['VOLUME'],",
      "    targetTags: [{ key: 'backup', value: 'daily' }], schedules: [{ name: 'Daily',",
      "    createRule: { interval: 24, intervalUnit: 'HOURS', times: ['03:00'] }, retainRule: { count: 7 } }] } });",
      '  const problems = checkConformance(stack).map((p) => `${p.layer}:${p.propertyPath}`);',
      `  fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ file: '${name}', pid: process.pid, before, problems }) + '\\n');`,
      '});',
    ].join('\n');
    for (const name of ['first', 'second']) fs.writeFileSync(path.join(dir, `${name}.test.ts`), fixture(name));
    const config = {
      rootDir: repo,
      testMatch: [`${dir}/*.test.ts`],
      transform: (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { jest: { transform: unknown } }).jest.transform,
    };

    try {
      // WHEN one worker runs both
      const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--ci', '--coverage=false', '--config', JSON.stringify(config)],
        { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(run.status).toBe(0);

      // THEN the second found what the first made, and both still saw the planted error (a DLM
      // description allows no comma) in both layers
      const lines = fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0].pid).toBe(lines[1].pid);
      expect(lines[0].before).toEqual([]);
      expect(lines[1].before).toEqual(['cloudFormationValidator', 'compiledSchemas']);
      for (const line of lines) {
        expect(line.problems).toEqual(expect.arrayContaining(['cfn-validate:Description', 'schema:Description']));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a worker\'s validator outlives the test file that made it', () => {
  test('made by a file that never synthesized, it still validates in the next file (a real jest run)', () => {
    // GIVEN a first file that only makes the app (and so the worker's validator) and a second
    // that synthesizes a planted error; jest switches the first file's `require` off when it
    // ends, and aws-cdk-lib loads the validator's dependencies lazily
    const repo = path.resolve(__dirname, '..');
    const dir = fs.mkdtempSync(path.join(repo, 'tmp', 'worker-cache-'));
    const record = path.join(dir, 'record.json');
    fs.writeFileSync(path.join(dir, 'a-idle.test.ts'), [
      "import { testApp } from '../../test/harness';",
      "test('idle', () => { expect(testApp()).toBeDefined(); });",
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'b-synth.test.ts'), [
      "import * as fs from 'fs';",
      "import { Stack } from 'aws-cdk-lib';",
      "import * as dlm from 'aws-cdk-lib/aws-dlm';",
      "import { checkConformance, testApp } from '../../test/harness';",
      "test('synth', () => {",
      "  const stack = new Stack(testApp(), 'S');",
      "  new dlm.CfnLifecyclePolicy(stack, 'Policy', { state: 'ENABLED', description: 'has, a comma',",
      "    executionRoleArn: 'arn:aws:iam::111122223333:role/dlm-role', policyDetails: { resourceTypes: ['VOLUME'],",
      "    targetTags: [{ key: 'backup', value: 'daily' }], schedules: [{ name: 'Daily',",
      "    createRule: { interval: 24, intervalUnit: 'HOURS', times: ['03:00'] }, retainRule: { count: 7 } }] } });",
      `  fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify(checkConformance(stack).map((p) => \`\${p.layer}:\${p.rule}:\${p.propertyPath}\`)));`,
      '});',
    ].join('\n'));
    // files in name order
    fs.writeFileSync(path.join(dir, 'sequencer.js'), [
      "const Sequencer = require('@jest/test-sequencer').default;",
      'module.exports = class extends Sequencer { sort(tests) { return [...tests].sort((a, b) => a.path.localeCompare(b.path)); } };',
    ].join('\n'));
    const config = {
      rootDir: repo,
      testMatch: [`${dir}/*.test.ts`],
      testSequencer: path.join(dir, 'sequencer.js'),
      transform: (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { jest: { transform: unknown } }).jest.transform,
      testEnvironmentOptions: { globalsCleanup: 'off' },
    };

    try {
      // WHEN one worker runs both
      const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--ci', '--coverage=false', '--config', JSON.stringify(config)],
        { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(run.status).toBe(0);
      expect(run.stderr.indexOf('a-idle.test.ts')).toBeLessThan(run.stderr.indexOf('b-synth.test.ts'));

      // THEN the second file's synth was validated (the planted error found), not a plugin failure
      const problems = JSON.parse(fs.readFileSync(record, 'utf8')) as string[];
      expect(problems.filter((p) => p.includes('plugin-failure'))).toEqual([]);
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^cfn-validate:.*:Description$/), expect.stringMatching(/^schema:.*:Description$/)]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the schemas live in the repository', () => {
  test('a synthesized resource type with no schema in the folder is a problem naming the type and how to add it', () => {
    // GIVEN a schema folder that has the DLM schema only, and a policy with its role (IAM) in the stack
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    fs.mkdirSync(path.join(dir, 'cfn'));
    fs.copyFileSync(path.join(SCHEMA_DIRECTORY, 'cfn', schemaFileName('AWS::DLM::LifecyclePolicy')),
      path.join(dir, 'cfn', schemaFileName('AWS::DLM::LifecyclePolicy')));
    const { app } = policyStack();
    app.synth();

    // WHEN
    const problems = schemaLayer(synthesizedStacks(app), dir);
    fs.rmSync(dir, { recursive: true, force: true });

    // THEN the role has no schema there; the policy's is found and it conforms
    expect(problems).toEqual([expect.objectContaining({
      layer: 'schema',
      logicalId: expect.stringMatching(/^Role/),
      resourceType: 'AWS::IAM::Role',
      rule: 'no-schema',
      message: expect.stringContaining('npx projen schemas:refresh -- <folder of AWS schemas> AWS::IAM::Role'),
    })]);
  });

  test('the same resource type with its schema in the folder is checked, not reported as missing', () => {
    // GIVEN
    const { app } = policyStack((props) => ({ ...props, state: 'ON' }));
    app.synth();

    // WHEN
    const problems = schemaLayer(synthesizedStacks(app));

    // THEN
    expect(problems.map((p) => p.rule)).toEqual(['enum']);
  });

  test('CDK metadata and custom resources have no registry schema and need none', () => {
    expect(['AWS::CDK::Metadata', 'Custom::S3AutoDeleteObjects', 'AWS::CloudFormation::CustomResource'].map(hasNoRegistrySchema))
      .toEqual([true, true, true]);
    expect(hasNoRegistrySchema('AWS::CloudFormation::Stack')).toBe(false);
  });

  test('the schema folder is inside the repository, and nothing the tests or CI run reads the old outside folder', () => {
    const repo = path.resolve(__dirname, '..');
    expect(path.relative(repo, SCHEMA_DIRECTORY)).toBe(path.join('test', 'harness', 'schemas'));
    expect(fs.existsSync(path.join(SCHEMA_DIRECTORY, 'cfn-enhanced', schemaFileName('AWS::DLM::LifecyclePolicy')))).toBe(true);
    const files = [
      ...['harness', 'cli'].flatMap((d) => fs.readdirSync(path.join(repo, 'test', d)).filter((f) => f.endsWith('.ts')).map((f) => path.join('test', d, f))),
      '.ci/run', '.ci/databases.sh', 'bench/run.ts', '.projenrc.ts',
    ];
    const readers = files.filter((f) => /\.\.\/shared|CDK_TIERED_BACKUP_SCHEMAS/.test(fs.readFileSync(path.join(repo, f), 'utf8')));
    expect(readers).toEqual([]);
  });
});
