/**
 * Rules where the library used to differ from what AWS documents: each test names the page
 * (or the API model shape) it follows. Refused configurations fail with the library's usual
 * message; accepted ones synthesize through the conformance harness.
 */
import { Annotations, Stack, Tags } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  AmiPolicy, Cadence, CrossAccountCopyPolicy, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, ResourceLocation, Retention,
  SnapshotLocation, SnapshotPolicy, SnapshotPolicyProps, SnapshotResourceType, SnapshotScheduleProps, SnapshotScript,
} from '../../src';
import { synth, testApp } from '../harness';

const ACCOUNT = '111111111111';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: { account: ACCOUNT, region: 'us-east-1' } });
}

function sched(overrides: Partial<SnapshotScheduleProps> = {}): SnapshotScheduleProps {
  return { name: 'S', cadence: Cadence.daily(), retention: Retention.count(7), ...overrides };
}

function snapshotPolicy(props: SnapshotPolicyProps): { stack: Stack; create: () => SnapshotPolicy } {
  const stack = newStack();
  return { stack, create: () => new SnapshotPolicy(stack, 'P', props) };
}

function expectSynthesizes(props: SnapshotPolicyProps): void {
  const { stack, create } = snapshotPolicy(props);
  create();
  synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
}

const INSTANCES = { resourceType: SnapshotResourceType.INSTANCE };
const AWS_TAG = { 'aws:cloudformation:stack-name': 'Prod' };

// ---------------------------------------------------------------------------------------------
// Part 3: each tag field follows its own rule (DLM API model, https://docs.aws.amazon.com/dlm/latest/APIReference/API_Tag.html:
// `Tag.Key` is a plain string; only the policy's own `Tags` map uses `TagKey`, `^(?!aws:)...`).
// Fields that MATCH existing tags take `aws:` keys (AWS itself sets such tags); tags the policy
// CREATES never start with `aws:` (EC2 reserves the prefix).
// ---------------------------------------------------------------------------------------------

describe('tag keys that match existing tags may start with aws:', () => {
  test('targetTags of a snapshot policy (e.g. aws:cloudformation:stack-name)', () => {
    expectSynthesizes({ targetTags: AWS_TAG, schedules: [sched()] });
  });

  test('targetTags of an AMI policy', () => {
    const stack = newStack();
    new AmiPolicy(stack, 'P', { targetTags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:us-east-1:111111111111:stack/Prod/1' }, schedules: [sched()] });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ TargetTags: [{ Key: 'aws:cloudformation:stack-id', Value: Match.anyValue() }] }),
    });
  });

  test('excludeDataVolumeTags of an instance policy', () => {
    expectSynthesizes({ ...INSTANCES, excludeDataVolumeTags: { 'aws:ec2launchtemplate:id': 'lt-0123' }, schedules: [sched()] });
  });

  test('exclusions.excludeTags of a default policy', () => {
    const stack = newStack();
    new DefaultPolicy(stack, 'P', { resourceType: DefaultPolicyResourceType.VOLUME, exclusions: { excludeTags: AWS_TAG } });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', { Exclusions: { ExcludeTags: [{ Key: 'aws:cloudformation:stack-name', Value: 'Prod' }] } });
  });

  test('the EC2 charset still applies to matching keys', () => {
    const { create } = snapshotPolicy({ targetTags: { 'aws:bad#key': 'x' }, schedules: [sched()] });
    expect(create).toThrow(/\[Stack\/P\] `targetTags` must match an EC2 tag key: letters, digits, spaces and _ \. : \/ = \+ - @, got "aws:bad#key"/);
  });
});

describe('tag keys the policy creates may not start with aws:', () => {
  test('tagsToAdd', () => {
    const { create } = snapshotPolicy({ schedules: [sched({ tagsToAdd: { 'aws:x': 'y' } })] });
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `tagsToAdd` must match an EC2 tag key.*not starting with aws:.*, got "aws:x"/);
  });

  test('variableTags', () => {
    const { create } = snapshotPolicy({ ...INSTANCES, schedules: [sched({ variableTags: { 'AWS:instance': '$(instance-id)' } })] });
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `variableTags` must match an EC2 tag key.*not starting with aws:.*, got "AWS:instance"/);
  });

  test('the policy\'s own tags', () => {
    const { stack, create } = snapshotPolicy({ schedules: [sched()] });
    Tags.of(create()).add('aws:owner', 'storage');
    expect(() => synth(stack)).toThrow(/\[Stack\/P\] `tags` must match a policy tag key.*not starting with aws:.*, got "aws:owner"/);
  });

  test.each([
    ['an AMI policy', (stack: Stack) => new AmiPolicy(stack, 'P', { schedules: [sched()] })],
    ['a default policy', (stack: Stack) => new DefaultPolicy(stack, 'P', { resourceType: DefaultPolicyResourceType.INSTANCE })],
    ['a cross-account copy policy', (stack: Stack) => new CrossAccountCopyPolicy(stack, 'P', {
      sourceAccounts: ['222222222222'], copies: [DrCopyRule.toRegion('us-west-2', { retention: Retention.months(3) })],
    })],
  ])('the own tags of %s, with the DLM API model\'s TagKey charset', (_, create) => {
    const stack = newStack();
    Tags.of(create(stack)).add('Cost Center', 'storage');
    expect(() => synth(stack)).toThrow(/\[Stack\/P\] `tags` must match a policy tag key: letters, digits and \+ - = \. _ : \/ \(not starting with aws:\), from the DLM API model's TagKey, got "Cost Center"/);
  });

  test('a policy tag without the prefix is fine', () => {
    const { stack, create } = snapshotPolicy({ schedules: [sched()] });
    Tags.of(create()).add('owner', 'storage');
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', { Tags: [{ Key: 'owner', Value: 'storage' }] });
  });
});

// ---------------------------------------------------------------------------------------------
// Part 4
// ---------------------------------------------------------------------------------------------

describe('CrossAccountCopyPolicy with its own account among the sources', () => {
  // AWS accepts the policy; it just never fires for snapshots an account shares with itself
  // (https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html: the event is a snapshot
  // shared *with* this account by a source account).
  function create(acknowledge: boolean) {
    const stack = newStack();
    const policy = new CrossAccountCopyPolicy(stack, 'P', {
      sourceAccounts: [ACCOUNT, '222222222222'],
      copies: [DrCopyRule.toRegion('us-west-2', { retention: Retention.months(3) })],
    });
    if (acknowledge) Annotations.of(policy).acknowledgeWarning('cdk-tiered-backup:own-account-source', 'the account shares with itself on purpose');
    return stack;
  }

  test('synthesizes, with an acknowledgeable warning', () => {
    const stack = create(false);
    const template = synth(stack);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ EventSource: Match.objectLike({ Parameters: Match.objectLike({ SnapshotOwner: [ACCOUNT, '222222222222'] }) }) }),
    });
    const warnings = stack.node.findChild('P').node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(
      /^\[Stack\/P\] `sourceAccounts` includes this policy's own account 111111111111: the policy never runs for it \(an account does not share snapshots with itself\) \[ack: cdk-tiered-backup:own-account-source\]$/)]);
  });

  test('the warning can be acknowledged', () => {
    const stack = create(true);
    synth(stack);
    const warnings = stack.node.findChild('P').node.metadata.filter(m => m.type === 'aws:cdk:warning');
    expect(warnings).toEqual([]);
  });
});

describe('fast snapshot restore needs snapshots in the Region', () => {
  // "If the schedule creates snapshots on an Outpost, you can't enable fast snapshot restore. Fast
  // snapshot restore is not supported with local snapshots that are stored on an Outpost."
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html (and for Local Zones,
  // https://docs.aws.amazon.com/ebs/latest/userguide/ebs-fast-snapshot-restore.html: FSR is enabled in Availability Zones)
  const fastRestore = { availabilityZones: ['us-east-1a'], retention: Retention.count(1) };

  test.each([
    [ResourceLocation.OUTPOST, SnapshotLocation.OUTPOST_LOCAL],
    [ResourceLocation.LOCAL_ZONE, SnapshotLocation.LOCAL_ZONE],
  ])('refused on %s resources with snapshots kept at %s', (resourceLocation, snapshotLocation) => {
    const { create } = snapshotPolicy({ resourceLocation, schedules: [sched({ snapshotLocation, fastRestore })] });
    expect(create).toThrow(new RegExp(`\\[Stack/P\\] schedule \`S\`: \`fastRestore\` is not allowed for snapshots created on an Outpost or in a Local Zone \\(fast snapshot restore works in the Region's Availability Zones\\), got "${snapshotLocation}"`));
  });

  test.each([ResourceLocation.OUTPOST, ResourceLocation.LOCAL_ZONE])('accepted on %s resources whose snapshots go to the Region', (resourceLocation) => {
    expectSynthesizes({ resourceLocation, schedules: [sched({ snapshotLocation: SnapshotLocation.CLOUD, fastRestore })] });
  });
});

describe('Windows VSS backups', () => {
  // "If you enable a schedule for VSS Backups, you can't enable Exclude specific data volumes or
  // Copy tags from source." https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  // (and "You can't create a VSS-enabled EBS snapshot for a specific volume":
  // https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/application-consistent-snapshots.html)
  test('refuse copyTags on the schedule', () => {
    const { create } = snapshotPolicy({ ...INSTANCES, schedules: [sched({ script: SnapshotScript.windowsVss(), copyTags: true })] });
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `copyTags` is not allowed with Windows VSS backups \(AWS_VSS_BACKUP\), got true/);
  });

  test('refuse excludeDataVolumeTags on the policy', () => {
    const { create } = snapshotPolicy({ ...INSTANCES, excludeDataVolumeTags: { scratch: 'true' }, schedules: [sched({ script: SnapshotScript.windowsVss() })] });
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `script` Windows VSS backups \(AWS_VSS_BACKUP\) snapshot every volume of the instance: remove the policy's `excludeDataVolumeTags`, got \["scratch"\]/);
  });

  test('accept copyTags false and a boot-volume exclusion', () => {
    expectSynthesizes({ ...INSTANCES, excludeBootVolume: true, schedules: [sched({ script: SnapshotScript.windowsVss(), copyTags: false })] });
  });

  test('an SSM document script may copy tags and exclude data volumes', () => {
    expectSynthesizes({
      ...INSTANCES,
      excludeDataVolumeTags: { scratch: 'true' },
      schedules: [sched({ script: SnapshotScript.fromSsmDocument('my-quiesce-doc'), copyTags: true })],
    });
  });
});

describe('archive counts on calendar crons', () => {
  // "If you specify a monthly frequency that creates snapshots on a specific day in a specific week
  // (for example, the second Thursday of the month), then for count-based schedule, the retention
  // count for the archive tier must be 4 or more."
  // "For example, if the schedule creates snapshots every 30 days, you must specify a count of 3 or more."
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html,
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_RetentionArchiveTier.html
  const archiving = (cron: string, count: number) => sched({
    cadence: Cadence.expression(cron), retention: Retention.count(0), archive: { retention: Retention.count(count) },
  });

  test('the second Thursday of each month needs a count of 4', () => {
    const { create } = snapshotPolicy({ schedules: [archiving('cron(0 9 ? * 5#2 *)', 3)] });
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `archive.retention` must keep each snapshot archived for at least 90 days: with snapshots as little as 28 days apart that is a count of at least 4, got 3/);
    expectSynthesizes({ schedules: [archiving('cron(0 9 ? * 5#2 *)', 4)] });
  });

  test('the last Friday of each month needs a count of 4', () => {
    const { create } = snapshotPolicy({ schedules: [archiving('cron(0 9 ? * 6L *)', 3)] });
    expect(create).toThrow(/count of at least 4, got 3/);
  });

  test('a fixed day of each month takes 3 (DLM tops short months up to 90 days)', () => {
    expectSynthesizes({ schedules: [archiving('cron(0 9 1 * ? *)', 3)] });
    const { create } = snapshotPolicy({ schedules: [archiving('cron(0 9 1 * ? *)', 2)] });
    expect(create).toThrow(/with snapshots every 30 days that is a count of at least 3, got 2/);
  });

  test('a yearly schedule takes 1', () => {
    expectSynthesizes({ schedules: [archiving('cron(0 9 1 1 ? *)', 1)] });
  });
});

describe('scripts on several schedules of one policy', () => {
  // DLM answers a policy with scripts on two schedules with "LimitExceededException: ... You can
  // specify up to 1 script(s) per schedule for up to 1 schedule(s) per policy." The API model's
  // `CreateRule.Scripts` holds at most 1 script:
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_CreateRule.html,
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  const script = SnapshotScript.fromSsmDocument('my-quiesce-doc');

  test('are refused', () => {
    const { create } = snapshotPolicy({ ...INSTANCES, schedules: [sched({ name: 'A', script }), sched({ name: 'B', script })] });
    expect(create).toThrow(/\[Stack\/P\] schedule `B`: `script` may be set on only one schedule of a policy \(DLM runs scripts for up to 1 schedule per policy\); schedule `A` has one: put this schedule in a policy of its own/);
  });

  test('also when added later', () => {
    const { create } = snapshotPolicy({ ...INSTANCES, schedules: [sched({ name: 'A', script })] });
    const policy = create();
    expect(() => policy.addSchedule(sched({ name: 'B', script: SnapshotScript.windowsVss() }))).toThrow(/schedule `B`: `script` may be set on only one schedule/);
  });

  test('one scripted schedule next to crash-consistent ones is fine', () => {
    expectSynthesizes({ ...INSTANCES, schedules: [sched({ name: 'A', script }), sched({ name: 'B' }), sched({ name: 'C' })] });
  });
});
