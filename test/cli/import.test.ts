import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { FakeDlm, ServedPolicy } from './fake-dlm';
import { ACCOUNT, deploy, dlmResources, DlmResource, REGION, REPO_ROOT, runCli, useAwsTestEnv } from './support';
import * as lib from '../../src';
import {
  AmiPolicy, Cadence, CrossAccountCopyPolicy, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, EbsVolumeType, PolicyState,
  Retention, ScriptFailureAction, ScriptStage, SnapshotPolicy, SnapshotResourceType, SnapshotScript, Weekday,
} from '../../src';
import { testApp } from '../harness';

const VAULT_ACCOUNT = '222222222222';
const WEST_KEY = 'arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const VAULT_KEY = 'arn:aws:kms:us-east-1:222222222222:key/0987dcba-09fe-87dc-65ba-ab0987654321';

/** A policy shape: how to build it with the library, and where. */
interface Shape {
  readonly name: string;
  readonly account: string;
  readonly build: (stack: Stack) => void;
}

const SHAPES: Shape[] = [
  {
    name: 'snapshot policy with DR copy, fast snapshot restore, sharing, archive and tags',
    account: ACCOUNT,
    build: stack => {
      const policy = new SnapshotPolicy(stack, 'Critical', {
        description: 'critical tier - daily with DR copy',
        targetTags: { 'backup-tier': 'critical', 'team': 'storage' },
        schedules: [
          {
            name: 'Daily',
            cadence: Cadence.daily({ startTime: '02:00' }),
            retention: Retention.weeks(4),
            copyTags: true,
            tagsToAdd: { 'snapshot-tier': 'critical' },
            fastRestore: { availabilityZones: ['us-east-1a', 'us-east-1b'], retention: Retention.age(Duration.days(2)) },
            crossRegionCopies: [DrCopyRule.toRegion('us-west-2', { encryptionKeyArn: WEST_KEY, retention: Retention.months(3), copyTags: true })],
            share: { accounts: [VAULT_ACCOUNT], unshareAfter: Duration.days(2) },
          },
          { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12) },
          { name: 'Every4h', cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(7)) },
          { name: 'Monthly', cadence: Cadence.monthly(1, { startTime: '04:15' }), retention: Retention.months(6), archive: { retention: Retention.years(1) } },
        ],
      });
      Tags.of(policy).add('cost-center', 'ops');
    },
  },
  {
    name: 'disabled instance snapshot policy with a pre-script and exclusions',
    account: ACCOUNT,
    build: stack => {
      new SnapshotPolicy(stack, 'Databases', {
        resourceType: SnapshotResourceType.INSTANCE,
        state: PolicyState.DISABLED,
        excludeBootVolume: true,
        excludeDataVolumeTags: { scratch: 'true' },
        targetTags: { role: 'database' },
        schedules: [{
          name: 'Nightly',
          cadence: Cadence.expression('cron(30 1 ? * MON-FRI *)'),
          retention: Retention.count(14),
          variableTags: { instance: '$(instance-id)' },
          script: SnapshotScript.fromSsmDocument('arn:aws:ssm:us-east-1:111111111111:document/quiesce-db', {
            stages: [ScriptStage.PRE], timeout: Duration.seconds(60), maximumRetryCount: 2, onFailure: ScriptFailureAction.SKIP_INSTANCE,
          }),
        }],
      });
    },
  },
  {
    name: 'AMI policy with deprecation and a deprecating copy',
    account: ACCOUNT,
    build: stack => {
      new AmiPolicy(stack, 'GoldenImages', {
        noReboot: false,
        targetTags: { 'ami-backup': 'web' },
        schedules: [{
          name: 'Weekly',
          cadence: Cadence.weekly(Weekday.SATURDAY, { startTime: '22:30' }),
          retention: Retention.count(8),
          deprecate: Retention.count(4),
          crossRegionCopies: [DrCopyRule.toRegion('us-west-2', { retention: Retention.months(6), deprecate: Retention.months(3) })],
        }],
      });
    },
  },
  {
    name: 'default policy',
    account: ACCOUNT,
    build: stack => {
      new DefaultPolicy(stack, 'SafetyNet', {
        resourceType: DefaultPolicyResourceType.VOLUME,
        createInterval: Duration.days(2),
        retainInterval: Duration.days(10),
        copyTags: true,
        extendDeletion: true,
        exclusions: { excludeBootVolumes: true, excludeVolumeTypes: [EbsVolumeType.SC1, EbsVolumeType.ST1], excludeTags: { scratch: 'true' } },
        crossRegionCopies: [DrCopyRule.toRegion('us-west-2')],
      });
    },
  },
  {
    name: 'event-based cross-account copy policy',
    account: VAULT_ACCOUNT,
    build: stack => {
      new CrossAccountCopyPolicy(stack, 'FromProduction', {
        sourceAccounts: [ACCOUNT],
        descriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: (Daily|Weekly)\\.?$',
        copies: [
          DrCopyRule.toRegion('us-east-1', { encryptionKeyArn: VAULT_KEY, retention: Retention.months(3) }),
          DrCopyRule.toRegion('us-west-2', { retention: Retention.years(1) }),
        ],
      });
    },
  },
];

interface Source {
  readonly shape: Shape;
  readonly resource: DlmResource;
  readonly served: ServedPolicy;
  /** What `import --policy-id` printed. */
  code?: string;
}

let dlm: FakeDlm;
let restoreEnv: () => void;
let sources: Source[];
let allCode: string;
let workDir: string;

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  dlm = await FakeDlm.start();
  // GIVEN each shape synthesized with the library and deployed
  const app = testApp();
  sources = SHAPES.map((shape, i) => {
    const stack = new Stack(app, `Shape${i + 1}`, { env: { account: shape.account, region: REGION } });
    shape.build(stack);
    return { shape, stack };
  }).map(({ shape, stack }) => {
    const [resource] = dlmResources(stack);
    return { shape, resource, served: deploy(resource, { stackName: stack.stackName, account: shape.account }) };
  });
  dlm.policies = sources.map(s => s.served);
  workDir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'cli-import-'));

  // WHEN each is imported on its own, and all at once
  for (const source of sources) {
    const run = await runCli(['import', '--policy-id', source.served.PolicyId, '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run.stderr).toBe(''); // nothing that cannot be reproduced
    expect(run.code).toBe(0);
    source.code = run.stdout;
  }
  const all = await runCli(['import', '--all', '--endpoint-url', dlm.url, '--region', REGION]);
  expect(all.code).toBe(0);
  allCode = all.stdout;
});

afterAll(async () => {
  await dlm.close();
  restoreEnv();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('import round trip', () => {
  test('the generated modules type-check against the library (strict)', () => {
    const files = [...sources.map((s, i) => write(`shape${i + 1}.ts`, s.code!)), write('all.ts', allCode)];
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
      types: ['node'],
      paths: { 'cdk-tiered-backup': [path.join(REPO_ROOT, 'src', 'index.ts')] },
    });
    const problems = ts.getPreEmitDiagnostics(program)
      .filter(d => d.file === undefined || files.includes(path.resolve(d.file.fileName)))
      .map(d => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  test.each(SHAPES.map(s => [s.name]))('%s: the generated code synthesizes to the same policy', (name) => {
    const source = sources.find(s => s.shape.name === name)!;
    // WHEN the generated code is run in a stack of the same environment
    const stack = new Stack(testApp(), 'Imported', { env: { account: source.shape.account, region: REGION } });
    new (evaluate(source.code!).ImportedDlmPolicies)(stack, 'Dlm');
    const regenerated = dlmResources(stack);
    // THEN it has one policy, with the same properties (its role is the deployed role, by ARN) ...
    expect(regenerated).toHaveLength(1);
    const { ExecutionRoleArn: roleArn, ...properties } = regenerated[0].properties;
    const { ExecutionRoleArn: _sourceRole, ...sourceProperties } = source.resource.properties;
    expect(properties).toEqual(sourceProperties);
    expect(roleArn).toBe(source.served.ExecutionRoleArn);
    // ... and deployed, DLM holds the same policy
    const redeployed = deploy(regenerated[0], { stackName: 'Imported', account: source.shape.account, policyId: source.served.PolicyId });
    expect(decided(redeployed)).toEqual(decided(source.served));
  });

  test('--all generates one construct with every policy, each reproduced', () => {
    const stack = new Stack(testApp(), 'ImportedAll', { env: { region: REGION } });
    new (evaluate(allCode).ImportedDlmPolicies)(stack, 'Dlm');
    const regenerated = dlmResources(stack).map(r => deploy(r, { stackName: 'ImportedAll' }));
    expect(regenerated.map(decided).sort(byDescription)).toEqual(sources.map(s => decided(s.served)).sort(byDescription));
  });

  test('the generated code reads like hand-written code', () => {
    const code = sources[2].code!;
    expect(code).toContain("import { AmiPolicy, Cadence, DrCopyRule, Retention, Weekday } from 'cdk-tiered-backup';");
    expect(code).toContain([
      "    new AmiPolicy(this, 'AMIPolicyShape3GoldenImages', {",
      "      description: 'AMI policy Shape3 GoldenImages',",
      '      role: executionRole,',
      "      targetTags: { 'ami-backup': 'web' },",
      '      noReboot: false,',
      '      schedules: [',
      '        {',
      "          name: 'Weekly',",
      "          cadence: Cadence.weekly(Weekday.SATURDAY, { startTime: '22:30' }),",
      '          retention: Retention.count(8),',
      '          crossRegionCopies: [',
      "            DrCopyRule.toRegion('us-west-2', { retention: Retention.months(6), deprecate: Retention.months(3) }),",
      '          ],',
      '          deprecate: Retention.count(4),',
      '        },',
      '      ],',
      '    });',
    ].join('\n'));
  });
});

describe('import errors', () => {
  test('an unknown policy id is one error line', async () => {
    const run = await runCli(['import', '--policy-id', 'policy-0123456789abcdef0', '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cdk-tiered-backup: no DLM policy policy-0123456789abcdef0 in us-east-1 at ${dlm.url} (ResourceNotFoundException)\n`,
    });
  });

  test.each([
    [[], 'give --policy-id ID or --all'],
    [['--all', '--policy-id', 'policy-1'], 'give --policy-id or --all, not both'],
    [['--policy-id', 'my-policy'], '--policy-id must look like policy-0123456789abcdef0, got "my-policy"'],
    [['--policy-id'], '--policy-id needs a value (ID)'],
  ])('usage error %j', async (args, message) => {
    const run = await runCli(['import', ...args, '--endpoint-url', dlm.url]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `cdk-tiered-backup: ${message} (see \`cdk-tiered-backup import --help\`)\n` });
  });

  test('what the library cannot express is marked in the code and reported on stderr', async () => {
    // GIVEN a console-made policy with an unencrypted copy, a weekly unshare period and a parameter of AMI policies
    const base = sources[0].served;
    const details = JSON.parse(JSON.stringify(base.PolicyDetails));
    details.Schedules[0].CrossRegionCopyRules[0].Encrypted = false;
    details.Schedules[0].ShareRules[0].UnshareIntervalUnit = 'WEEKS';
    details.Parameters = { NoReboot: true };
    dlm.policies = [...dlm.policies, { ...base, PolicyId: 'policy-0feedface', PolicyDetails: details }];
    try {
      // WHEN
      const run = await runCli(['import', '--policy-id', 'policy-0feedface', '--endpoint-url', dlm.url, '--region', REGION]);
      // THEN
      expect(run.code).toBe(0);
      expect(run.stderr.split('\n').filter(Boolean)).toEqual([
        'warning: policy-0feedface: Schedules.0.ShareRules.0 unshares after 2 weeks; the library counts in days: generated 14 days',
        'warning: policy-0feedface: the copy to us-west-2 is not encrypted; the library always encrypts copies',
        'warning: policy-0feedface: PolicyDetails.Parameters.NoReboot = true is not reproduced',
      ]);
      expect(run.stdout).toContain('    // NOT REPRODUCED: PolicyDetails.Parameters.NoReboot = true is not reproduced\n');
      expect(run.stdout).toContain('unshareAfter: Duration.days(14)');
    } finally {
      dlm.policies = sources.map(s => s.served);
    }
  });
});

describe('import never changes a policy\'s meaning silently', () => {
  /** Serves `policy` next to the shapes and imports it. */
  async function importServed(policy: ServedPolicy) {
    dlm.policies = [...sources.map(s => s.served), policy];
    try {
      return await runCli(['import', '--policy-id', policy.PolicyId, '--endpoint-url', dlm.url, '--region', REGION]);
    } finally {
      dlm.policies = sources.map(s => s.served);
    }
  }

  /** A copy of a shape's deployed policy under another ID, with its details changed by `edit`. */
  function variant(index: number, policyId: string, edit: (details: any) => void): ServedPolicy {
    const base = sources[index].served;
    const details = JSON.parse(JSON.stringify(base.PolicyDetails));
    edit(details);
    return { ...base, PolicyId: policyId, PolicyArn: `arn:aws:dlm:${REGION}:${sources[index].shape.account}:policy/${policyId}`, PolicyDetails: details };
  }

  function warnings(stderr: string): string[] {
    return stderr.split('\n').filter(Boolean);
  }

  test('an event-based policy without DescriptionRegex copies every shared snapshot, not only DLM-created ones', async () => {
    // GIVEN a cross-account copy policy with no description filter
    const policy = variant(4, 'policy-0a11', (d) => delete d.EventSource.Parameters.DescriptionRegex);
    // WHEN
    const run = await importServed(policy);
    // THEN the code keeps "every shared snapshot" (not the library's default regex), and says how
    expect(run.code).toBe(0);
    const note = 'EventSource.Parameters has no DescriptionRegex, so every snapshot the owners share is copied; generated descriptionRegex \'.*\', '
      + 'which means the same (DLM requires a DescriptionRegex on new policies, and the library\'s default would copy only DLM-created snapshots)';
    expect(warnings(run.stderr)).toEqual([`warning: policy-0a11: ${note}`]);
    expect(run.stdout).toContain(`    // NOT REPRODUCED: ${note}\n`);
    const stack = new Stack(testApp(), 'Imported', { env: { account: VAULT_ACCOUNT, region: REGION } });
    new (evaluate(run.stdout).ImportedDlmPolicies)(stack, 'Dlm');
    expect(dlmResources(stack)[0].properties.PolicyDetails.EventSource.Parameters.DescriptionRegex).toBe('.*');
  });

  test('an AMI policy copy named by Target is reported: the library renders TargetRegion', async () => {
    const policy = variant(2, 'policy-0a12', (d) => {
      const copy = d.Schedules[0].CrossRegionCopyRules[0];
      copy.Target = copy.TargetRegion;
      delete copy.TargetRegion;
    });
    const run = await importServed(policy);
    expect(run.code).toBe(0);
    const note = 'Schedules.0.CrossRegionCopyRules.0 of an AMI policy names its destination in Target; the library renders TargetRegion, '
      + 'the field the DLM API reference names for AMI policies';
    expect(warnings(run.stderr)).toEqual([`warning: policy-0a12: ${note}`]);
    expect(run.stdout).toContain(`    // NOT REPRODUCED: ${note}\n`);
  });

  test('an unnamed schedule is reported: the library names it', async () => {
    const policy = variant(0, 'policy-0a13', (d) => delete d.Schedules[1].Name);
    const run = await importServed(policy);
    expect(run.code).toBe(0);
    const note = 'Schedules.1 has no name; the library names it Schedule2, which its snapshots then carry in their description and tags';
    expect(warnings(run.stderr)).toEqual([`warning: policy-0a13: ${note}`]);
    expect(run.stdout).toContain(`    // NOT REPRODUCED: ${note}\n`);
  });

  test('a policy the library refuses is reported as an error, in the code too, and import exits 2', async () => {
    // GIVEN an archiving schedule on the second Thursday of each month, keeping 3 in the archive
    // tier (AWS asks for 4 there: https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html)
    const policy: ServedPolicy = {
      ...sources[0].served,
      PolicyId: 'policy-0a14',
      PolicyArn: `arn:aws:dlm:${REGION}:${ACCOUNT}:policy/policy-0a14`,
      Description: 'archive second thursday',
      Tags: {},
      PolicyDetails: {
        PolicyLanguage: 'STANDARD',
        PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
        ResourceTypes: ['VOLUME'],
        ResourceLocations: ['CLOUD'],
        TargetTags: [{ Key: 'tier', Value: 'archive' }],
        Schedules: [{
          Name: 'SecondThursday',
          CopyTags: false,
          CreateRule: { Location: 'CLOUD', CronExpression: 'cron(0 9 ? * 5#2 *)' },
          RetainRule: { Count: 0 },
          ArchiveRule: { RetainRule: { RetentionArchiveTier: { Count: 3 } } },
        }],
      },
    };
    // WHEN
    const run = await importServed(policy);
    // THEN
    const problem = '[ImportedDlmPolicies/ArchiveSecondThursday] schedule `SecondThursday`: `archive.retention` must keep each snapshot archived '
      + 'for at least 90 days: with snapshots as little as 28 days apart that is a count of at least 4, got 3';
    expect(run.code).toBe(2);
    expect(warnings(run.stderr)).toEqual([`error: policy-0a14: ${problem}`]);
    expect(run.stdout).toContain(`    // DOES NOT SYNTHESIZE: ${problem}\n`);
    expect(run.stdout).toContain('archive: { retention: Retention.count(3) }');
  });

  test('a volume type the library has no constant for is written with EbsVolumeType.of()', async () => {
    // GIVEN a default policy excluding a volume type AWS added after this release, and a known one
    const policy = variant(3, 'policy-0a16', (d) => {
      d.Exclusions.ExcludeVolumeTypes = ['gp9', 'sc1'];
    });
    // WHEN
    const run = await importServed(policy);
    // THEN
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain("excludeVolumeTypes: [EbsVolumeType.of('gp9'), EbsVolumeType.SC1]");
    const stack = new Stack(testApp(), 'Imported', { env: { account: ACCOUNT, region: REGION } });
    new (evaluate(run.stdout).ImportedDlmPolicies)(stack, 'Dlm');
    const redeployed = deploy(dlmResources(stack)[0], { stackName: 'Imported', policyId: policy.PolicyId });
    expect(redeployed.PolicyDetails).toEqual(policy.PolicyDetails);
  });

  test('values equal to DLM\'s documented defaults are left out', async () => {
    // GIVEN a default policy that runs every day and keeps 7 days (CreateInterval and RetainInterval defaults)
    const policy = variant(3, 'policy-0a15', (d) => {
      d.CreateInterval = 1;
      d.RetainInterval = 7;
    });
    // WHEN
    const run = await importServed(policy);
    // THEN
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).not.toMatch(/createInterval|retainInterval/);
    const stack = new Stack(testApp(), 'Imported', { env: { account: ACCOUNT, region: REGION } });
    new (evaluate(run.stdout).ImportedDlmPolicies)(stack, 'Dlm');
    const redeployed = deploy(dlmResources(stack)[0], { stackName: 'Imported', policyId: policy.PolicyId });
    expect(redeployed.PolicyDetails).toEqual(policy.PolicyDetails);
  });
});

/** The part of a deployed policy its template decides. */
function decided(p: ServedPolicy) {
  return {
    Description: p.Description, State: p.State, ExecutionRoleArn: p.ExecutionRoleArn, PolicyDetails: p.PolicyDetails, DefaultPolicy: p.DefaultPolicy,
  };
}

function byDescription(a: { Description?: string }, b: { Description?: string }): number {
  return (a.Description ?? '').localeCompare(b.Description ?? '');
}

function write(name: string, code: string): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, code);
  return file;
}

/** Runs a generated module (transpiled to CommonJS) with `cdk-tiered-backup` mapped to src/index.ts. */
function evaluate(code: string): any {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as any };
  // the generated code's own imports (aws-cdk-lib, constructs) come from this test's module registry
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string) => (id === 'cdk-tiered-backup' ? lib : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', js)(module.exports, load, module);
  return module.exports;
}
