import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Cadence, Retention, ResourceLocation, ScriptFailureAction, ScriptStage, SnapshotLocation, SnapshotPolicy,
  SnapshotResourceType, SnapshotScript, Weekday, PolicyState,
} from '../../src';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

const daily = { name: 'Daily', cadence: Cadence.daily({ startTime: '03:00' }), retention: Retention.count(7) };

describe('SnapshotPolicy', () => {
  test('a minimal volume policy renders PolicyType, resource type, location, target tag and schedule', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'Policy', { targetTags: { backup: 'daily' }, schedules: [daily] });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      State: 'ENABLED',
      Description: 'Snapshot policy Stack Policy',
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataLifecycleManagerRole'), 'Arn'] },
      PolicyDetails: Match.objectEquals({
        PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
        ResourceTypes: ['VOLUME'],
        ResourceLocations: ['CLOUD'],
        TargetTags: [{ Key: 'backup', Value: 'daily' }],
        Schedules: [{
          Name: 'Daily',
          CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['03:00'] },
          RetainRule: { Count: 7 },
        }],
      }),
    });
  });

  test('state, description and instance parameters', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      description: 'Database servers - hourly',
      state: PolicyState.DISABLED,
      resourceType: SnapshotResourceType.INSTANCE,
      excludeBootVolume: true,
      excludeDataVolumeTags: { scratch: 'true' },
      schedules: [daily],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      State: 'DISABLED',
      Description: 'Database servers - hourly',
      PolicyDetails: Match.objectLike({
        ResourceTypes: ['INSTANCE'],
        Parameters: { ExcludeBootVolume: true, ExcludeDataVolumeTags: [{ Key: 'scratch', Value: 'true' }] },
      }),
    });
  });

  test('default target tag is unique per policy and protect() puts it on volumes and instances only', () => {
    // GIVEN
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const volume = new ec2.Volume(stack, 'Volume', { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(10), encrypted: true });
    // WHEN
    const a = new SnapshotPolicy(stack, 'A', { schedules: [daily] });
    const b = new SnapshotPolicy(stack, 'B', { schedules: [daily] });
    a.protect(volume, vpc);
    // THEN
    const tagA = a.targetTags['cdk-tiered-backup:policy'];
    expect(tagA).toMatch(/^StackA/);
    expect(b.targetTags['cdk-tiered-backup:policy']).not.toEqual(tagA);
    const t = synth(stack);
    t.hasResourceProperties('AWS::EC2::Volume', { Tags: Match.arrayWith([{ Key: 'cdk-tiered-backup:policy', Value: tagA }]) });
    t.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.not(Match.arrayWith([Match.objectLike({ Key: 'cdk-tiered-backup:policy' })])) });
  });

  test('schedules added later with addSchedule() are rendered, up to four', () => {
    const stack = newStack();
    const policy = new SnapshotPolicy(stack, 'Policy', { targetTags: { tier: 'critical' } });
    policy.addSchedule({ name: 'Hourly', cadence: Cadence.every(Duration.hours(1)), retention: Retention.age(Duration.days(1)) });
    policy.addSchedule({ name: 'Daily', cadence: Cadence.daily(), retention: Retention.weeks(4) });
    policy.addSchedule({ name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '01:30' }), retention: Retention.months(12) });
    policy.addSchedule({ name: 'Monthly', cadence: Cadence.monthly(1), retention: Retention.years(7) });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [
          { Name: 'Hourly', CreateRule: { Interval: 1, IntervalUnit: 'HOURS' }, RetainRule: { Interval: 1, IntervalUnit: 'DAYS' } },
          { Name: 'Daily', CreateRule: { Interval: 24, IntervalUnit: 'HOURS' }, RetainRule: { Interval: 4, IntervalUnit: 'WEEKS' } },
          { Name: 'Weekly', CreateRule: { CronExpression: 'cron(30 1 ? * SUN *)' }, RetainRule: { Interval: 12, IntervalUnit: 'MONTHS' } },
          { Name: 'Monthly', CreateRule: { CronExpression: 'cron(0 0 1 * ? *)' }, RetainRule: { Interval: 7, IntervalUnit: 'YEARS' } },
        ],
      }),
    });
  });

  test('schedule names default to Schedule1, Schedule2', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [
        { cadence: Cadence.every(Duration.hours(12)), retention: Retention.count(2) },
        { cadence: Cadence.cron({ minute: '15', hour: '4', weekDay: 'MON-FRI' }), retention: Retention.count(10) },
      ],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [
          Match.objectLike({ Name: 'Schedule1' }),
          Match.objectLike({ Name: 'Schedule2', CreateRule: { CronExpression: 'cron(15 4 ? * MON-FRI *)' } }),
        ],
      }),
    });
  });

  test('copy tags, tags to add and variable tags', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      resourceType: SnapshotResourceType.INSTANCE,
      schedules: [{
        ...daily,
        copyTags: true,
        tagsToAdd: { 'created-by': 'dlm', 'tier': 'gold' },
        variableTags: { 'instance-id': '$(instance-id)', 'taken-at': '$(timestamp)' },
      }],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          CopyTags: true,
          TagsToAdd: [{ Key: 'created-by', Value: 'dlm' }, { Key: 'tier', Value: 'gold' }],
          VariableTags: [{ Key: 'instance-id', Value: '$(instance-id)' }, { Key: 'taken-at', Value: '$(timestamp)' }],
        })],
      }),
    });
  });

  test('fast snapshot restore by AZ names with a count, and by AZ ids with an age', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [
        { ...daily, name: 'A', fastRestore: { availabilityZones: ['us-east-1a', 'us-east-1b'], retention: Retention.count(3) } },
        { ...daily, name: 'B', fastRestore: { availabilityZoneIds: ['use1-az1'], retention: Retention.count(1) } },
      ],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [
          Match.objectLike({ FastRestoreRule: { AvailabilityZones: ['us-east-1a', 'us-east-1b'], Count: 3 } }),
          Match.objectLike({ FastRestoreRule: { AvailabilityZoneIds: ['use1-az1'], Count: 1 } }),
        ],
      }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ec2:EnableFastSnapshotRestores', 'ec2:DisableFastSnapshotRestores'] })]) },
    });
  });

  test('archive rule on a monthly schedule, with standard retention 0', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [{
        name: 'Monthly',
        cadence: Cadence.monthly(1, { startTime: '09:00' }),
        retention: Retention.count(0),
        archive: { retention: Retention.count(6) },
      }],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [{
          Name: 'Monthly',
          CreateRule: { CronExpression: 'cron(0 9 1 * ? *)' },
          RetainRule: { Count: 0 },
          ArchiveRule: { RetainRule: { RetentionArchiveTier: { Count: 6 } } },
        }],
      }),
    });
  });

  test('share rule with unshare period', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [{ ...daily, retention: Retention.age(Duration.days(30)), share: { accounts: ['123456789012'], unshareAfter: Duration.days(7) } }],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ ShareRules: [{ TargetAccounts: ['123456789012'], UnshareInterval: 7, UnshareIntervalUnit: 'DAYS' }] })],
      }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'] })]) },
    });
  });

  test('an SSM document script renders the Scripts entry and grants SendCommand on that document only', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      resourceType: SnapshotResourceType.INSTANCE,
      schedules: [{
        ...daily,
        script: SnapshotScript.fromSsmDocument('FreezeMySql', {
          stages: [ScriptStage.PRE, ScriptStage.POST],
          timeout: Duration.seconds(60),
          maximumRetryCount: 2,
          onFailure: ScriptFailureAction.SKIP_INSTANCE,
        }),
      }],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          CreateRule: Match.objectLike({
            Scripts: [{
              ExecutionHandler: 'FreezeMySql',
              ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
              Stages: ['PRE', 'POST'],
              ExecutionTimeout: 60,
              MaximumRetryCount: 2,
              ExecuteOperationOnScriptFailure: false,
            }],
          }),
        })],
      }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'ssm:SendCommand',
          Resource: Match.arrayWith([{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':document/FreezeMySql$')])] }]),
        })]),
      },
    });
  });

  test('Windows VSS renders AWS_VSS_BACKUP without service, stages or timeout', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      resourceType: SnapshotResourceType.INSTANCE,
      schedules: [{ ...daily, script: SnapshotScript.windowsVss({ maximumRetryCount: 1 }) }],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ CreateRule: Match.objectLike({ Scripts: [{ ExecutionHandler: 'AWS_VSS_BACKUP', MaximumRetryCount: 1 }] }) })],
      }),
    });
    // DLM runs VSS through the AWS-owned document AWSEC2-CreateVssSnapshot
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'ssm:SendCommand',
          Resource: Match.arrayWith([{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('::document/AWSEC2-CreateVssSnapshot$')])] }]),
        })]),
      },
    });
  });

  test('Outpost-local snapshots of Outpost resources', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      resourceLocation: ResourceLocation.OUTPOST,
      schedules: [{ ...daily, snapshotLocation: SnapshotLocation.OUTPOST_LOCAL }],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        ResourceLocations: ['OUTPOST'],
        Schedules: [Match.objectLike({ CreateRule: Match.objectLike({ Location: 'OUTPOST_LOCAL' }) })],
      }),
    });
  });

  test('attributes reference the resource; imports by ARN and by id', () => {
    const stack = new Stack(testApp(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const policy = new SnapshotPolicy(stack, 'Policy', { schedules: [daily] });
    expect(stack.resolve(policy.policyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Policy/), 'Arn'] });
    expect(stack.resolve(policy.policyId)).toEqual({ Ref: expect.stringMatching(/^Policy/) });

    const byArn = SnapshotPolicy.fromLifecyclePolicyArn(stack, 'ByArn', 'arn:aws:dlm:eu-west-1:123456789012:policy/policy-0123456789abcdef0');
    expect(byArn.policyId).toEqual('policy-0123456789abcdef0');
    const byId = SnapshotPolicy.fromLifecyclePolicyId(stack, 'ById', 'policy-0abc');
    expect(stack.resolve(byId.policyArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dlm:eu-west-1:123456789012:policy/policy-0abc']] });
  });
});

describe('execution role', () => {
  test('one least-privilege role per stack, shared by its policies, trusted by DLM', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'A', { schedules: [daily] });
    new SnapshotPolicy(stack, 'B', { resourceType: SnapshotResourceType.INSTANCE, schedules: [daily] });
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'dlm.amazonaws.com' } }] },
    });
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    const statements = Object.values(t.findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['ec2:CreateSnapshot', 'ec2:CreateSnapshots', 'ec2:DeleteSnapshot', 'ec2:CreateTags']));
    // nothing the policies do not do
    expect(actions).not.toEqual(expect.arrayContaining(['ec2:CopySnapshot']));
    expect(actions).not.toEqual(expect.arrayContaining(['ec2:ModifySnapshotAttribute']));
    expect(actions).not.toEqual(expect.arrayContaining(['ssm:SendCommand']));
    // deletion is limited to snapshots DLM created
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({
      Action: 'ec2:DeleteSnapshot',
      Condition: { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } },
    })]));
  });

  test('useAwsManagedPolicy attaches the AWS managed policy and no inline statements', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'A', { useAwsManagedPolicy: true, schedules: [daily] });
    const t = synth(stack);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole']] }],
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('a user role is used as is and gets the statements', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    new SnapshotPolicy(stack, 'A', { role, schedules: [daily] });
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', { ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } });
    t.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: Match.stringLikeRegexp('^Mine') }] });
  });
});

describe('role ARN check', () => {
  test('an imported role whose ARN is not a role ARN is refused', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Odd', 'arn:aws:iam::123456789012:user/bob');
    expect(() => new SnapshotPolicy(stack, 'P', { role, schedules: [daily] }))
      .toThrow(/\[Stack\/P\] `role` must match an IAM role ARN .*got "arn:aws:iam::123456789012:user\/bob"/);
  });
});
