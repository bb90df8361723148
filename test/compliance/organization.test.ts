import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aws, CfnOutput, CfnParameter, CfnResource, Fn, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as dlm from 'aws-cdk-lib/aws-dlm';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { buildOrganizationExample } from '../../examples/organization';
import {
  StackSetAccountFilter, BackupPlanReport, BackupTier, Cadence, StackSetConcurrencyMode, DrCopyRule, StackSetOperationLimit, OrganizationTarget,
  OrganizationTiers, OrganizationTiersProps, StackSetRegionConcurrency, Retention, SnapshotPolicy, StackSetCaller, TieredBackup,
  TierMemberStack,
} from '../../src';
import { checkConformance, synth, testApp } from '../harness';

const MANAGEMENT = { account: '111111111111', region: 'us-east-1' };
const OU = OrganizationTarget.organizationalUnit('ou-ab12-cdef3456');

interface Org {
  readonly app: ReturnType<typeof testApp>;
  readonly member: TierMemberStack;
  readonly management: Stack;
}

/** A member stack with the development tier, and a management stack; `org` adds the StackSet. */
function setup(fill?: (member: TierMemberStack) => void): Org {
  const app = testApp();
  const member = new TierMemberStack(app, 'Member');
  new TieredBackup(member, 'Tiers', { tiers: [BackupTier.development()] });
  fill?.(member);
  const management = new Stack(app, 'Management', { env: MANAGEMENT });
  return { app, member, management };
}

function org(props: Partial<OrganizationTiersProps> = {}, fill?: (member: TierMemberStack) => void): Org & { tiers: OrganizationTiers } {
  const o = setup(fill);
  const tiers = new OrganizationTiers(o.management, 'Org', { member: o.member, targets: [OU], regions: ['ap-south-1'], ...props });
  return { ...o, tiers };
}

/** What synthesizing the app throws (validation of the member template). */
function synthError(o: Org): string {
  try {
    synth(o.management);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

function dlmSnapshotPolicy(member: Stack, id: string, copy: DrCopyRule): SnapshotPolicy {
  return new SnapshotPolicy(member, id, {
    description: 'dr copies',
    targetTags: { app: id },
    schedules: [{ name: 'Daily', cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.weeks(1), crossRegionCopies: [copy] }],
  });
}

describe('examples/organization.ts', () => {
  let app: ReturnType<typeof testApp>;
  let example: ReturnType<typeof buildOrganizationExample>;
  beforeAll(() => {
    app = testApp();
    example = buildOrganizationExample(app);
  });

  test('every stack conforms, the member templates included, and the StackSets carry them inline', () => {
    // THEN
    expect(checkConformance(app)).toEqual([]);
    const management = synth(example.management);
    management.resourceCountIs('AWS::CloudFormation::StackSet', 2);
    management.resourceCountIs('AWS::Organizations::Policy', 1);
    const member = synth(example.member).toJSON();
    const sets = Object.values(management.findResources('AWS::CloudFormation::StackSet')) as any[];
    expect(sets.map((s) => JSON.parse(s.Properties.TemplateBody))).toEqual([member, synth(example.drMember).toJSON()]);
    expect(Object.values(member.Resources).filter((r: any) => r.Type === 'AWS::DLM::LifecyclePolicy')).toHaveLength(2);
  });

  test('the member stacks are templates only: no stack artifact, no bootstrap version', () => {
    // THEN
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.hierarchicalId)).toEqual(['Management']);
    for (const m of [example.member, example.drMember]) {
      const t = synth(m).toJSON();
      expect(t.Parameters?.BootstrapVersion).toBeUndefined();
      expect(t.Rules).toBeUndefined();
      expect(Object.values(t.Resources).map((r: any) => r.Type)).not.toContain('AWS::CDK::Metadata');
    }
  });

  test('the plan report counts the organization: policies per account and Region, per account, and the DLM quota', () => {
    // WHEN
    const report = BackupPlanReport.forApp(app);
    // THEN
    const section = report.sections.find((s) => s.title === 'Organization' && s.description!.includes('Management/Tiers '));
    expect(section).toBeDefined();
    expect(section!.rows).toEqual([
      { tier: 'critical', cells: ['2 targets × 2 Regions', '1', '2', '1 of 100'] },
      { tier: 'development', cells: ['2 targets × 2 Regions', '1', '2', '1 of 100'] },
      { tier: '(member stack)', cells: ['2 targets × 2 Regions', '2', '4', '2 of 100 custom'] },
    ]);
    expect(section!.description).toMatch(/2 stack instances per account/);
    expect(report.toMarkdown()).toContain('Organization');
  });

  test('matches the snapshot', () => {
    expect(synth(example.management).toJSON()).toMatchSnapshot('Management');
    expect(synth(example.member).toJSON()).toMatchSnapshot('TieredMember');
  });
});

describe('TierMemberStack', () => {
  test('its template equals a single-account stack\'s for the same tiers, but for the bootstrap version', () => {
    // GIVEN
    const tiers = () => [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development()];
    const app = testApp();
    const member = new TierMemberStack(app, 'Member');
    new TieredBackup(member, 'Tiers', { tiers: tiers() });
    const single = new Stack(app, 'Single', { analyticsReporting: false });
    new TieredBackup(single, 'Tiers', { tiers: tiers() });
    // WHEN
    const m = synth(member).toJSON();
    const s = synth(single).toJSON();
    // THEN
    expect(s.Parameters.BootstrapVersion).toBeDefined();
    delete s.Parameters.BootstrapVersion;
    delete s.Rules.CheckBootstrapVersion;
    expect(s.Parameters).toEqual({});
    expect(s.Rules).toEqual({});
    delete s.Parameters;
    delete s.Rules;
    expect(m).toEqual(s);
    expect(Object.keys(m.Resources).length).toBeGreaterThan(3);
  });

  test('refuses file assets, saying that a StackSet cannot carry them', () => {
    const { member } = setup();
    expect(() => new s3Assets.Asset(member, 'Script', { path: __filename }))
      .toThrow(/^\[Member\] `assets` must be empty: a CloudFormation StackSet deploys its template alone, .*got a file asset \(asset\.[0-9a-f]+\.ts\)$/);
  });

  test('refuses Docker image assets', () => {
    const { member } = setup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-image-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    expect(() => new ecrAssets.DockerImageAsset(member, 'Image', { directory: dir }))
      .toThrow(/^\[Member\] `assets` must be empty: a CloudFormation StackSet .*got a Docker image asset \(asset\.[0-9a-f]+\)$/);
  });

  test('refuses nested stacks (their template is a file asset)', () => {
    const o = org({}, (member) => {
      new CfnResource(new NestedStack(member, 'Nested'), 'Handle', { type: 'AWS::CloudFormation::WaitConditionHandle' });
    });
    expect(() => synth(o.management)).toThrow(/\[Member\] `assets` must be empty: a CloudFormation StackSet/);
  });

  test('refuses an environment from its Stage', () => {
    const app = testApp();
    const stage = new Stage(app, 'Prod', { env: MANAGEMENT });
    const member = new TierMemberStack(stage, 'Member');
    new TieredBackup(member, 'Tiers', { tiers: [BackupTier.development()] });
    expect(() => app.synth()).toThrow(/\[Prod\/Member\] `env\.account` must be left unset .*`Aws\.ACCOUNT_ID`.*, got "111111111111"/);
  });
});

describe('OrganizationTiers: the StackSet', () => {
  test('service-managed, auto-deployed, with the operation preferences, targets and Regions given', () => {
    // GIVEN / WHEN
    const o = org({
      targets: [OU, OrganizationTarget.root('r-ab12')],
      regions: ['ap-south-1', 'eu-west-1'],
      accountFilter: StackSetAccountFilter.difference(['222222222222']),
      callAs: StackSetCaller.DELEGATED_ADMIN,
      failureTolerance: StackSetOperationLimit.count(2),
      maxConcurrency: StackSetOperationLimit.percentage(25),
      concurrencyMode: StackSetConcurrencyMode.SOFT_FAILURE_TOLERANCE,
      regionConcurrency: StackSetRegionConcurrency.PARALLEL,
      managedExecution: true,
      stackSetName: 'tiers',
    });
    // THEN
    const props = (Object.values(synth(o.management).findResources('AWS::CloudFormation::StackSet'))[0] as any).Properties;
    expect(props).toEqual({
      StackSetName: 'tiers',
      Description: 'cdk-tiered-backup: the tiers of Member in every account of ou-ab12-cdef3456, r-ab12',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_IAM'],
      OperationPreferences: {
        FailureToleranceCount: 2, MaxConcurrentPercentage: 25, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE', RegionConcurrencyType: 'PARALLEL',
      },
      StackInstancesGroup: [{
        DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'], Accounts: ['222222222222'], AccountFilterType: 'DIFFERENCE' },
        Regions: ['ap-south-1', 'eu-west-1'],
      }],
      TemplateBody: JSON.stringify(synth(o.member).toJSON()),
    });
  });

  test('without auto-deployment, nothing is retained; a named IAM role needs CAPABILITY_NAMED_IAM', () => {
    const o = org({ autoDeployment: false }, (member) => {
      new iam.Role(member, 'Named', { roleName: Fn.sub('tiers-${AWS::Region}'), assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    });
    const props = (Object.values(synth(o.management).findResources('AWS::CloudFormation::StackSet'))[0] as any).Properties;
    expect(props.AutoDeployment).toEqual({ Enabled: false });
    expect(props.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    expect(props.OperationPreferences).toEqual({ FailureToleranceCount: 0, MaxConcurrentCount: 1, RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: ['ap-south-1'] });
  });

  test('constructs added to the member stack after the StackSet are in its template', () => {
    // GIVEN
    const o = org();
    // WHEN
    new TieredBackup(o.member, 'Later', { tiers: [BackupTier.staging()] });
    // THEN
    const body = JSON.parse((Object.values(synth(o.management).findResources('AWS::CloudFormation::StackSet'))[0] as any).Properties.TemplateBody);
    expect(body).toEqual(synth(o.member).toJSON());
    expect(Object.keys(body.Resources).filter((id) => id.startsWith('Later'))).not.toHaveLength(0);
  });

  test('a DR copy key read from an SSM parameter in each account passes', () => {
    const o = org({}, (member) => {
      dlmSnapshotPolicy(member, 'Dr', DrCopyRule.toRegion('eu-west-1', {
        encryptionKeyArn: ssm.StringParameter.valueForStringParameter(member, '/tiered-backup/dr-key/eu-west-1'),
      }));
    });
    const body = JSON.parse((Object.values(synth(o.management).findResources('AWS::CloudFormation::StackSet'))[0] as any).Properties.TemplateBody);
    expect(JSON.stringify(body)).toContain('/tiered-backup/dr-key/eu-west-1');
  });
});

describe('OrganizationTiers: validation of the props', () => {
  const OUT = (props: Partial<OrganizationTiersProps>) => () => org(props);

  test.each([
    ['no target', { targets: [] }, /^\[Management\/Org\] `targets` must list at least one organizational unit or root, got \[\]$/],
    ['an OU ID in capitals', { targets: [OrganizationTarget.organizationalUnit('ou-AB12-cdef3456')] }, /`targets\[0\]` must match an organizational unit ID .*, got "ou-AB12-cdef3456"$/],
    ['an OU ID too short', { targets: [OrganizationTarget.organizationalUnit('ou-ab1-cdef3456')] }, /`targets\[0\]` must match an organizational unit ID/],
    ['an account as OU', { targets: [OrganizationTarget.organizationalUnit('123456789012')] }, /`targets\[0\]` must match an organizational unit ID .*, got "123456789012"$/],
    ['a malformed root', { targets: [OrganizationTarget.root('r-ab')] }, /`targets\[0\]` must match a root ID .*, got "r-ab"$/],
    ['a repeated target', { targets: [OU, OU] }, /`targets\[1\]` must not repeat a target, got "ou-ab12-cdef3456"$/],
    ['no Region', { regions: [] }, /`regions` must list at least one Region, got \[\]$/],
    ['a malformed Region', { regions: ['Mumbai'] }, /`regions\[0\]` must match a Region code such as eu-west-1, got "Mumbai"$/],
    ['a repeated Region', { regions: ['ap-south-1', 'eu-west-1', 'ap-south-1'] }, /`regions\[2\]` must not repeat a Region, got "ap-south-1"$/],
    ['an account of 11 digits', { accountFilter: StackSetAccountFilter.intersection(['12345678901']) }, /`accountFilter\.accounts\[0\]` must match a 12-digit account ID, got "12345678901"$/],
    ['a repeated account', { accountFilter: StackSetAccountFilter.union(['123456789012', '123456789012']) }, /`accountFilter\.accounts\[1\]` must not repeat an account, got "123456789012"$/],
    ['an empty account filter', { accountFilter: StackSetAccountFilter.intersection([]) }, /`accountFilter` must list at least one account, got \[\]$/],
    ['a negative failure tolerance', { failureTolerance: StackSetOperationLimit.count(-1) }, /`failureTolerance\.count` must be an integer at least 0 accounts, got -1$/],
    ['a fractional failure tolerance', { failureTolerance: StackSetOperationLimit.count(1.5) }, /`failureTolerance\.count` must be an integer at least 0 accounts, got 1\.5$/],
    ['a failure tolerance over 100 %', { failureTolerance: StackSetOperationLimit.percentage(101) }, /`failureTolerance\.percentage` must be an integer between 0 and 100, got 101$/],
    ['a concurrency of 0 accounts', { maxConcurrency: StackSetOperationLimit.count(0) }, /`maxConcurrency\.count` must be an integer at least 1 accounts, got 0$/],
    ['a concurrency of 0 %', { maxConcurrency: StackSetOperationLimit.percentage(0) }, /`maxConcurrency\.percentage` must be an integer between 1 and 100, got 0$/],
    ['a concurrency over 100 %', { maxConcurrency: StackSetOperationLimit.percentage(101) }, /`maxConcurrency\.percentage` must be an integer between 1 and 100, got 101$/],
    ['retention without auto-deployment', { autoDeployment: false, retainStacksOnAccountRemoval: false }, /`retainStacksOnAccountRemoval` can only be set with `autoDeployment: true`, got false$/],
    ['a name starting with a digit', { stackSetName: '1tiers' }, /`stackSetName` must match a letter followed by at most 127 letters, digits or `-`, got "1tiers"$/],
    ['a name with an underscore', { stackSetName: 'my_tiers' }, /`stackSetName` must match .*, got "my_tiers"$/],
    ['a description too long', { description: 'd'.repeat(1025) }, /`description` must be 1 to 1024 characters long/],
  ])('refuses %s', (_name, props, message) => {
    expect(OUT(props as Partial<OrganizationTiersProps>)).toThrow(message);
  });

  test('bounds pass: 0 failures, 100 %, 1 account, a 128-character name', () => {
    expect(OUT({ failureTolerance: StackSetOperationLimit.percentage(0), maxConcurrency: StackSetOperationLimit.percentage(100), stackSetName: `a${'b'.repeat(127)}` })).not.toThrow();
    expect(OUT({ failureTolerance: StackSetOperationLimit.percentage(100), maxConcurrency: StackSetOperationLimit.count(1) })).not.toThrow();
  });

  test('refuses being created in the member stack itself', () => {
    const { member } = setup();
    expect(() => new OrganizationTiers(member, 'Org', { member, targets: [OU], regions: ['ap-south-1'] }))
      .toThrow(/^\[Member\/Org\] `scope` must be a stack of the management .*, got "Member"$/);
  });
});

describe('OrganizationTiers: validation of the member template', () => {
  const PREFIX = '\\[Management/Org\\] member stack `Member`: ';

  test('template at most 51,200 bytes (inline TemplateBody)', () => {
    const o = org({}, (member) => { member.templateOptions.metadata = { padding: 'x'.repeat(52_000) }; });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`template\` must be at most 51,200 bytes, the CloudFormation quota of a template passed inline \\(\`TemplateBody\`\\): split the tiers .*, got 5[0-9],[0-9]{3} bytes`));
  });

  test('at most 500 resources', () => {
    const o = org({}, (member) => {
      for (let i = 0; i < 500; i++) new CfnResource(member, `H${i}`, { type: 'AWS::CloudFormation::WaitConditionHandle' });
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Resources\` must have at most 500 entries \\(CloudFormation template quota\\), got 50[0-9]`));
  });

  test('at most 200 parameters, each with a default', () => {
    const o = org({}, (member) => {
      for (let i = 0; i < 201; i++) new CfnParameter(member, `P${i}`, { default: 'x' });
      new CfnParameter(member, 'NoDefault');
    });
    const error = synthError(o);
    expect(error).toMatch(new RegExp(`${PREFIX}\`Parameters\` must have at most 200 entries \\(CloudFormation template quota\\), got 202`));
    expect(error).toMatch(new RegExp(`${PREFIX}\`Parameters.NoDefault\` must have a default value: the StackSet passes no parameter values to its stack instances, got no \`Default\``));
  });

  test('at most 200 outputs', () => {
    const o = org({}, (member) => {
      for (let i = 0; i < 201; i++) new CfnOutput(member, `O${i}`, { value: 'x' });
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Outputs\` must have at most 200 entries \\(CloudFormation template quota\\), got 201`));
  });

  test('no transform (StackSets with service-managed permissions support no macros)', () => {
    const o = org({}, (member) => member.addTransform('AWS::Serverless-2016-10-31'));
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Transform\` must not be used: .*, got "AWS::Serverless-2016-10-31"`));
  });

  test('no import of another stack\'s export', () => {
    const o = org({}, (member) => new CfnOutput(member, 'Imported', { value: Fn.importValue('shared-vpc-id') }));
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Outputs.Imported.Value\` must not import a value exported by another stack \\(\`Fn::ImportValue\`\\).*, got "shared-vpc-id"`));
  });

  test('no IAM name without the Region when the StackSet has two Regions', () => {
    const fill = (member: TierMemberStack) => {
      new iam.Role(member, 'Named', { roleName: 'tiers-role', assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    };
    expect(synthError(org({ regions: ['ap-south-1', 'eu-west-1'] }, fill)))
      .toMatch(new RegExp(`${PREFIX}\`Resources.Named[0-9A-F]{8}.RoleName\` must include the Region \\(\`Aws.REGION\`\\) or be left to CloudFormation: IAM is global, .* in 2 Regions would create the same name, got "tiers-role"`));
    // one Region: one stack instance per account
    expect(() => synth(org({ regions: ['ap-south-1'] }, fill).management)).not.toThrow();
  });

  test('at most 100 custom DLM policies per account and Region', () => {
    const o = org({}, (member) => {
      for (let i = 0; i < 100; i++) {
        new dlm.CfnLifecyclePolicy(member, `P${i}`, {
          description: `p${i}`,
          state: 'ENABLED',
          executionRoleArn: Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/dlm'),
          policyDetails: {
            policyType: 'EBS_SNAPSHOT_MANAGEMENT',
            resourceTypes: ['VOLUME'],
            targetTags: [{ key: 'p', value: `${i}` }],
            schedules: [{ name: 'd', createRule: { interval: 24, intervalUnit: 'HOURS' }, retainRule: { count: 1 } }],
          },
        });
      }
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`AWS::DLM::LifecyclePolicy\` must number at most 100 custom policies, the DLM quota per account and Region, got 101 policies`));
  });

  test('at most 1 default policy of each type per account and Region', () => {
    const o = org({}, (member) => {
      for (const id of ['A', 'B']) {
        new dlm.CfnLifecyclePolicy(member, id, { defaultPolicy: 'VOLUME', description: id, state: 'ENABLED', executionRoleArn: Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/dlm') });
      }
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`AWS::DLM::LifecyclePolicy\` must have at most 1 default policy of type VOLUME, the DLM quota per account and Region, got 2 policies`));
  });

  test('a DR copy goes to a Region the StackSet does not deploy to', () => {
    const o = org({ regions: ['ap-south-1', 'ap-southeast-1'] }, (member) => {
      new TieredBackup(member, 'Critical', { tiers: [BackupTier.critical('ap-southeast-1')] });
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Resources.CriticalcriticalDlm[0-9A-F]{8}.PolicyDetails.Schedules\\[0\\].CrossRegionCopyRules\\[0\\].Target\` must not be one of the StackSet's \`regions\`: .*, got "ap-southeast-1"`));
  });

  test('a DR copy key naming a fixed account is refused', () => {
    const o = org({}, (member) => {
      dlmSnapshotPolicy(member, 'Dr', DrCopyRule.toRegion('eu-west-1', { encryptionKeyArn: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab' }));
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Resources.Dr[0-9A-F]{8}.PolicyDetails.Schedules\\[0\\].CrossRegionCopyRules\\[0\\].CmkArn\` must be a key resolved in each member account .*, not the key of the fixed account 222222222222, got "arn:aws:kms:eu-west-1:222222222222:key/`));
  });

  test('a DR copy key of the member template (in the stack instance\'s Region) is refused', () => {
    const o = org({}, (member) => {
      const key = new kms.Key(member, 'Key', { enableKeyRotation: true });
      dlmSnapshotPolicy(member, 'Dr', DrCopyRule.toRegion('eu-west-1', { encryptionKey: key }));
    });
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Resources.Dr[0-9A-F]{8}.PolicyDetails.Schedules\\[0\\].CrossRegionCopyRules\\[0\\].CmkArn\` must be a key resolved in each member account .*; a key of the member template lives in the Region of each stack instance, not in the destination Region`));
  });

  test('the management account is named nowhere', () => {
    const o = org({}, (member) => new CfnOutput(member, 'Role', { value: 'arn:aws:iam::111111111111:role/admin' }));
    expect(synthError(o)).toMatch(new RegExp(`${PREFIX}\`Outputs.Role.Value\` must not name the management account 111111111111: .*use \`Aws.ACCOUNT_ID\`, got "arn:aws:iam::111111111111:role/admin"`));
    // the account of each stack instance is fine
    const ok = org({}, (member) => new CfnOutput(member, 'Role', { value: `arn:aws:iam::${Aws.ACCOUNT_ID}:role/admin` }));
    expect(() => synth(ok.management)).not.toThrow();
  });
});
