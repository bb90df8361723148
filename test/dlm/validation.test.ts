/**
 * Every validation rule of src/common and src/dlm, one test (or one table row) each:
 * the error names the construct path, the place in the construct, the property and the value
 * given. Boundary tables check that the value just inside a range synthesizes (through the
 * conformance harness, so AWS's own definitions accept it) and the value just outside fails.
 * Then the warnings (not errors), and token-safety.
 */
import { CfnParameter, Duration, Lazy, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ALL_VOLUME_TYPES, FixedCopy, FixedScript } from './fixtures';
import {
  AmiPolicy,
  AmiPolicyProps,
  AmiScheduleProps,
  Cadence,
  CrossRegionCopyConfig,
  DefaultPolicy,
  DefaultPolicyProps,
  DefaultPolicyResourceType,
  EbsVolumeType,
  ICrossRegionCopy,
  ResourceLocation,
  Retention,
  ScriptFailureAction,
  ScriptStage,
  SnapshotLocation,
  SnapshotPolicy,
  SnapshotPolicyProps,
  SnapshotResourceType,
  SnapshotScheduleProps,
  SnapshotScript,
  SsmDocumentScriptOptions,
  Weekday,
} from '../../src';
import { synth, testApp } from '../harness';

// ---------------------------------------------------------------------------------------------
// Test-local helpers
// ---------------------------------------------------------------------------------------------

function copyTo(destination: string, extra: Partial<CrossRegionCopyConfig> = {}): ICrossRegionCopy {
  return new FixedCopy({ destination, ...extra });
}

/** Escapes text for use inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function newStack(props: StackProps = {}): Stack {
  return new Stack(testApp(), 'Stack', props);
}

/** A valid daily, count-based schedule named `S`. */
function sched(overrides: Partial<SnapshotScheduleProps> = {}): SnapshotScheduleProps {
  return { name: 'S', cadence: Cadence.daily(), retention: Retention.count(7), ...overrides };
}

/** A valid daily, count-based AMI schedule named `S`. */
function amiSched(overrides: Partial<AmiScheduleProps> = {}): AmiScheduleProps {
  return { name: 'S', cadence: Cadence.daily(), retention: Retention.count(7), ...overrides };
}

/** A valid archiving schedule: monthly cron, archived at once, 4 kept in the archive tier (4 x 28 days >= 90). */
function archiving(overrides: Partial<SnapshotScheduleProps> = {}): SnapshotScheduleProps {
  return sched({ cadence: Cadence.monthly(1), retention: Retention.count(0), archive: { retention: Retention.count(4) }, ...overrides });
}

const INSTANCES = { resourceType: SnapshotResourceType.INSTANCE };
const OUTPOST_ARN = 'arn:aws:outposts:us-east-1:123456789012:outpost/op-1234567890abcdef0';

/** `count` distinct tags `k0=v`, `k1=v`, ... */
function manyTags(count: number): { [key: string]: string } {
  const tags: { [key: string]: string } = {};
  for (let i = 0; i < count; i++) tags[`k${i}`] = 'v';
  return tags;
}

type SnapshotCase = [string, SnapshotPolicyProps, RegExp];
type SnapshotOk = [string, SnapshotPolicyProps];
type AmiCase = [string, AmiPolicyProps, RegExp];
type AmiOk = [string, AmiPolicyProps];
type DefaultCase = [string, DefaultPolicyProps, RegExp];
type DefaultOk = [string, DefaultPolicyProps];

function expectSnapshotPolicyError(props: SnapshotPolicyProps, message: RegExp, stackProps: StackProps = {}): void {
  // GIVEN
  const stack = newStack(stackProps);
  // WHEN
  const create = () => new SnapshotPolicy(stack, 'P', props);
  // THEN
  expect(create).toThrow(message);
}

function expectSnapshotPolicySynthesizes(props: SnapshotPolicyProps, stackProps: StackProps = {}): void {
  // GIVEN
  const stack = newStack(stackProps);
  // WHEN
  new SnapshotPolicy(stack, 'P', props);
  // THEN
  synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
}

function expectAmiPolicyError(props: AmiPolicyProps, message: RegExp, stackProps: StackProps = {}): void {
  // GIVEN
  const stack = newStack(stackProps);
  // WHEN
  const create = () => new AmiPolicy(stack, 'P', props);
  // THEN
  expect(create).toThrow(message);
}

function expectAmiPolicySynthesizes(props: AmiPolicyProps): void {
  // GIVEN
  const stack = newStack();
  // WHEN
  new AmiPolicy(stack, 'P', props);
  // THEN
  synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
}

function expectDefaultPolicyError(props: DefaultPolicyProps, message: RegExp, stackProps: StackProps = {}): void {
  // GIVEN
  const stack = newStack(stackProps);
  // WHEN
  const create = () => new DefaultPolicy(stack, 'P', props);
  // THEN
  expect(create).toThrow(message);
}

function expectDefaultPolicySynthesizes(props: DefaultPolicyProps): void {
  // GIVEN
  const stack = newStack();
  // WHEN
  new DefaultPolicy(stack, 'P', props);
  // THEN
  synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
}

const VOLUME_DEFAULT = { resourceType: DefaultPolicyResourceType.VOLUME };

// ---------------------------------------------------------------------------------------------
// Policy-level properties
// ---------------------------------------------------------------------------------------------

describe('policy description', () => {
  test.each<SnapshotCase>([
    ['a comma', { description: 'Daily, weekly', schedules: [sched()] }, /\[Stack\/P\] `description` must match .*no commas, colons or dots\), got "Daily, weekly"/],
    ['a colon', { description: 'Tier: gold', schedules: [sched()] }, /\[Stack\/P\] `description` must match .*, got "Tier: gold"/],
    ['a dot', { description: 'v1.2', schedules: [sched()] }, /\[Stack\/P\] `description` must match .*, got "v1\.2"/],
    ['501 characters', { description: 'x'.repeat(501), schedules: [sched()] }, /\[Stack\/P\] `description` must be 1 to 500 characters long, got "x{501}"/],
    ['an empty string', { description: '', schedules: [sched()] }, /\[Stack\/P\] `description` must be 1 to 500 characters long, got ""/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test.each<SnapshotOk>([
    ['500 characters', { description: 'x'.repeat(500), schedules: [sched()] }],
    ['letters, digits, spaces, _ and -', { description: 'Prod_db-1 daily backups', schedules: [sched()] }],
  ])('accepts %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });

  test('is checked on AMI and default policies too', () => {
    expectAmiPolicyError({ description: 'a.b', schedules: [amiSched()] }, /\[Stack\/P\] `description` must match .*, got "a\.b"/);
    expectDefaultPolicyError({ ...VOLUME_DEFAULT, description: 'a:b' }, /\[Stack\/P\] `description` must match .*, got "a:b"/);
  });
});

describe('execution role', () => {
  test('refuses `role` together with `useAwsManagedPolicy`', () => {
    // GIVEN
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    // WHEN
    const create = () => new SnapshotPolicy(stack, 'P', { role, useAwsManagedPolicy: true, schedules: [sched()] });
    // THEN
    expect(create).toThrow(/\[Stack\/P\] `useAwsManagedPolicy` cannot be combined with `role` .*, got true/);
  });

  test('accepts `useAwsManagedPolicy` without a role', () => {
    expectSnapshotPolicySynthesizes({ useAwsManagedPolicy: true, schedules: [sched()] });
  });

  test('refuses a role whose ARN is not an IAM role ARN', () => {
    // GIVEN
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:user/bob');
    // WHEN
    const create = () => new SnapshotPolicy(stack, 'P', { role, schedules: [sched()] });
    // THEN
    expect(create).toThrow(/\[Stack\/P\] `role` must match an IAM role ARN .*, got "arn:aws:iam::123456789012:user\/bob"/);
  });

  test('accepts an imported role with a path', () => {
    // GIVEN
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/service-role/AWSDataLifecycleManagerDefaultRole');
    // WHEN
    new SnapshotPolicy(stack, 'P', { role, schedules: [sched()] });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSDataLifecycleManagerDefaultRole',
    });
  });
});

describe('importing', () => {
  const MATCH_ARN = 'must match a DLM policy ARN \\(arn:aws:dlm:<region>:<account>:policy\\/<id>\\)';
  const MATCH_ID = 'must match a DLM policy ID \\(policy-<hex>\\)';

  test.each<[string, string, string]>([
    ['another service', 'arn:aws:ec2:us-east-1:123456789012:snapshot/snap-0123456789abcdef0', MATCH_ARN],
    ['no policy/ resource', 'arn:aws:dlm:us-east-1:123456789012:policy-0123456789abcdef0', MATCH_ARN],
    ['no ARN at all', 'policy-0123456789abcdef0', MATCH_ARN],
    ['more than 2048 characters', `arn:aws:dlm:us-east-1:123456789012:policy/policy-${'a'.repeat(2000)}`, 'must be at most 2048 characters long'],
  ])('refuses an ARN of %s', (_, arn, allowed) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const load = () => SnapshotPolicy.fromLifecyclePolicyArn(stack, 'Imported', arn);
    // THEN
    expect(load).toThrow(new RegExp(`\\[Stack\\] importing \`Imported\`: \`policyArn\` ${allowed}, got "${literal(arn)}"`));
  });

  test.each<[string, string, string]>([
    ['upper-case hex', 'policy-0123456789ABCDEF0', MATCH_ID],
    ['a wrong prefix', 'pol-0123456789abcdef0', MATCH_ID],
    ['no hex at all', 'policy-', MATCH_ID],
    ['more than 64 characters', `policy-${'a'.repeat(58)}`, 'must be at most 64 characters long'],
  ])('refuses a policy ID with %s', (_, id, allowed) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const load = () => SnapshotPolicy.fromLifecyclePolicyId(stack, 'Imported', id);
    // THEN
    expect(load).toThrow(new RegExp(`\\[Stack\\] importing \`Imported\`: \`policyId\` ${allowed}, got "${literal(id)}"`));
  });

  test('accepts a well-formed ARN and ID', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const byArn = SnapshotPolicy.fromLifecyclePolicyArn(stack, 'ByArn', 'arn:aws:dlm:us-east-1:123456789012:policy/policy-0123456789abcdef0');
    const byId = SnapshotPolicy.fromLifecyclePolicyId(stack, 'ById', 'policy-0123456789abcdef0');
    // THEN
    expect(byArn.policyId).toBe('policy-0123456789abcdef0');
    expect(byId.policyId).toBe('policy-0123456789abcdef0');
  });
});

// ---------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------

describe('target tags', () => {
  test.each<SnapshotCase>([
    ['no tag', { targetTags: {}, schedules: [sched()] }, /\[Stack\/P\] `targetTags` must have 1 to 50 tags, got "0 tags"/],
    ['51 tags', { targetTags: manyTags(51), schedules: [sched()] }, /\[Stack\/P\] `targetTags` must have 1 to 50 tags, got "51 tags"/],
    ['a 129-character key', { targetTags: { ['k'.repeat(129)]: 'v' }, schedules: [sched()] }, /\[Stack\/P\] `targetTags` must be 1 to 128 characters long, got "k{129}"/],
    ['a 257-character value', { targetTags: { backup: 'v'.repeat(257) }, schedules: [sched()] }, /\[Stack\/P\] `targetTags\.backup` must be at most 256 characters long, got "v{257}"/],
  ])('refuse %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test.each<SnapshotOk>([
    ['1 tag', { targetTags: { backup: 'daily' }, schedules: [sched()] }],
    ['50 tags', { targetTags: manyTags(50), schedules: [sched()] }],
    ['a 128-character key and a 256-character value', { targetTags: { ['k'.repeat(128)]: 'v'.repeat(256) }, schedules: [sched()] }],
    // target tags match existing tags, and AWS sets `aws:` tags itself (DLM API model: `Tag.Key` is a plain string)
    ['an aws: key', { targetTags: { 'aws:cloudformation:stack-name': 'Prod' }, schedules: [sched()] }],
  ])('accept %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });

  // DLM's `Tag` shape (TargetTags, TagsToAdd, VariableTags, ExcludeDataVolumeTags) is a free
  // string; EC2 tag keys may hold spaces and `@`. Only the policy's own `Tags` map uses the
  // stricter `^(?!aws:)[a-zA-Z+-=._:/]+$` pattern.
  test.each<SnapshotOk>([
    ['a key with a space', { targetTags: { 'Backup Plan': 'gold' }, schedules: [sched()] }],
    ['a key with @', { targetTags: { 'owner@team': 'storage' }, schedules: [sched()] }],
  ])('accept %s (a valid EC2 tag key)', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });

  test('are checked on AMI policies too', () => {
    expectAmiPolicyError({ targetTags: {}, schedules: [amiSched()] }, /\[Stack\/P\] `targetTags` must have 1 to 50 tags, got "0 tags"/);
    expectAmiPolicyError({ targetTags: manyTags(51), schedules: [amiSched()] }, /\[Stack\/P\] `targetTags` must have 1 to 50 tags, got "51 tags"/);
  });
});

describe('tags added to snapshots', () => {
  test.each<SnapshotCase>([
    ['46 tagsToAdd', { schedules: [sched({ tagsToAdd: manyTags(46) })] }, /\[Stack\/P\] schedule `S`: `tagsToAdd` must have at most 45 tags, got "46 tags"/],
    ['an aws: key in tagsToAdd', { schedules: [sched({ tagsToAdd: { 'aws:x': 'y' } })] }, /\[Stack\/P\] schedule `S`: `tagsToAdd` must match an EC2 tag key.*, got "aws:x"/],
    ['a 257-character value in tagsToAdd', { schedules: [sched({ tagsToAdd: { type: 'v'.repeat(257) } })] }, /\[Stack\/P\] schedule `S`: `tagsToAdd\.type` must be at most 256 characters long/],
  ])('refuse %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test('accept 45 tagsToAdd', () => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ tagsToAdd: manyTags(45) })] });
  });
});

describe('variable tags', () => {
  test('are refused on a VOLUME snapshot policy', () => {
    expectSnapshotPolicyError({ schedules: [sched({ variableTags: { instance: '$(instance-id)' } })] },
      /\[Stack\/P\] schedule `S`: `variableTags` is only allowed for AMI policies and snapshot policies that target instances, got \["instance"\]/);
  });

  test.each<[string, string]>([
    ['an unknown variable', '$(hostname)'],
    ['a plain value', 'web'],
  ])('refuse %s', (_, value) => {
    expectSnapshotPolicyError({ ...INSTANCES, schedules: [sched({ variableTags: { instance: value } })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`variableTags\\.instance\` must be \\$\\(instance-id\\) or \\$\\(timestamp\\), got "${literal(value)}"`));
    expectAmiPolicyError({ schedules: [amiSched({ variableTags: { instance: value } })] },
      /\[Stack\/P\] schedule `S`: `variableTags\.instance` must be \$\(instance-id\) or \$\(timestamp\)/);
  });

  test('refuse 46 tags', () => {
    const tags: { [key: string]: string } = {};
    for (let i = 0; i < 46; i++) tags[`k${i}`] = '$(timestamp)';
    expectSnapshotPolicyError({ ...INSTANCES, schedules: [sched({ variableTags: tags })] },
      /\[Stack\/P\] schedule `S`: `variableTags` must have at most 45 tags, got "46 tags"/);
  });

  test('accept $(instance-id) and $(timestamp) on instance snapshot policies and AMI policies', () => {
    const variableTags = { instance: '$(instance-id)', taken: '$(timestamp)' };
    expectSnapshotPolicySynthesizes({ ...INSTANCES, schedules: [sched({ variableTags })] });
    expectAmiPolicySynthesizes({ schedules: [amiSched({ variableTags })] });
  });
});

// ---------------------------------------------------------------------------------------------
// Instance parameters and locations
// ---------------------------------------------------------------------------------------------

describe('instance parameters', () => {
  test('excludeBootVolume is refused on a VOLUME policy', () => {
    expectSnapshotPolicyError({ excludeBootVolume: true, schedules: [sched()] },
      /\[Stack\/P\] `excludeBootVolume` is only allowed when `resourceType` is INSTANCE, got true/);
  });

  test('excludeDataVolumeTags is refused on a VOLUME policy', () => {
    expectSnapshotPolicyError({ excludeDataVolumeTags: { code: 'temp' }, schedules: [sched()] },
      /\[Stack\/P\] `excludeDataVolumeTags` is only allowed when `resourceType` is INSTANCE, got \["code"\]/);
  });

  test('excludeDataVolumeTags is limited to 50 tags', () => {
    expectSnapshotPolicyError({ ...INSTANCES, excludeDataVolumeTags: manyTags(51), schedules: [sched()] },
      /\[Stack\/P\] `excludeDataVolumeTags` must have at most 50 tags, got "51 tags"/);
  });

  test('both are accepted on an INSTANCE policy', () => {
    expectSnapshotPolicySynthesizes({ ...INSTANCES, excludeBootVolume: true, excludeDataVolumeTags: manyTags(50), schedules: [sched()] });
  });
});

describe('snapshot location', () => {
  test.each<SnapshotCase>([
    ['OUTPOST_LOCAL for resources in a Region', { schedules: [sched({ snapshotLocation: SnapshotLocation.OUTPOST_LOCAL })] },
      /\[Stack\/P\] schedule `S`: `snapshotLocation` must be CLOUD for resources in a Region, got "OUTPOST_LOCAL"/],
    ['LOCAL_ZONE for resources on an Outpost', { resourceLocation: ResourceLocation.OUTPOST, schedules: [sched({ snapshotLocation: SnapshotLocation.LOCAL_ZONE })] },
      /\[Stack\/P\] schedule `S`: `snapshotLocation` must be CLOUD or OUTPOST_LOCAL for resources in OUTPOST, got "LOCAL_ZONE"/],
    ['OUTPOST_LOCAL for resources in a Local Zone', { resourceLocation: ResourceLocation.LOCAL_ZONE, schedules: [sched({ snapshotLocation: SnapshotLocation.OUTPOST_LOCAL })] },
      /\[Stack\/P\] schedule `S`: `snapshotLocation` must be CLOUD or LOCAL_ZONE for resources in LOCAL_ZONE, got "OUTPOST_LOCAL"/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test.each<SnapshotOk>([
    ['OUTPOST_LOCAL on an Outpost', { resourceLocation: ResourceLocation.OUTPOST, schedules: [sched({ snapshotLocation: SnapshotLocation.OUTPOST_LOCAL })] }],
    ['CLOUD on an Outpost', { resourceLocation: ResourceLocation.OUTPOST, schedules: [sched({ snapshotLocation: SnapshotLocation.CLOUD })] }],
    ['CLOUD in a Region', { schedules: [sched({ snapshotLocation: SnapshotLocation.CLOUD })] }],
  ])('accepts %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });
});

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

describe('schedule name', () => {
  test.each<SnapshotCase>([
    ['a dot', { schedules: [sched({ name: 'Daily.1' })] }, /\[Stack\/P\] schedule `Daily\.1`: `name` must match letters, digits, spaces, `_` and `-` only, got "Daily\.1"/],
    ['a comma', { schedules: [sched({ name: 'Daily,1' })] }, /\[Stack\/P\] schedule `Daily,1`: `name` must match .*, got "Daily,1"/],
    ['a colon', { schedules: [sched({ name: 'Tier:1' })] }, /\[Stack\/P\] schedule `Tier:1`: `name` must match .*, got "Tier:1"/],
    ['121 characters', { schedules: [sched({ name: 'n'.repeat(121) })] }, /\[Stack\/P\] schedule `n{121}`: `name` must be 1 to 120 characters long, got "n{121}"/],
    ['an empty name', { schedules: [sched({ name: '' })] }, /\[Stack\/P\] schedule ``: `name` must be 1 to 120 characters long, got ""/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test('accepts 120 characters of letters, digits, spaces, _ and -', () => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ name: 'Daily_1 -'.repeat(13) + 'abc' })] });
  });
});

describe('schedule count and consistency', () => {
  test('refuses a fifth schedule', () => {
    expectSnapshotPolicyError({ schedules: [1, 2, 3, 4, 5].map(i => sched({ name: `S${i}` })) },
      /\[Stack\/P\] schedule `S5`: `schedules` must have at most 4 entries \(DLM allows 1 to 4 schedules per policy\), got 5/);
  });

  test('refuses a fifth schedule added later', () => {
    // GIVEN
    const stack = newStack();
    const policy = new SnapshotPolicy(stack, 'P', { schedules: [1, 2, 3, 4].map(i => sched({ name: `S${i}` })) });
    // WHEN
    const add = () => policy.addSchedule(sched({ name: 'S5' }));
    // THEN
    expect(add).toThrow(/\[Stack\/P\] schedule `S5`: `schedules` must have at most 4 entries .*, got 5/);
  });

  test('accepts four schedules', () => {
    expectSnapshotPolicySynthesizes({ schedules: [1, 2, 3, 4].map(i => sched({ name: `S${i}` })) });
  });

  test('a policy without schedules fails at synth', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P');
    // THEN
    expect(() => synth(stack)).toThrow(/\[Stack\/P\] `schedules` must have at least 1 entry \(DLM allows 1 to 4 schedules per policy\): pass `schedules` or call addSchedule\(\)/);
  });

  test('an AMI policy without schedules fails at synth', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new AmiPolicy(stack, 'P');
    // THEN
    expect(() => synth(stack)).toThrow(/\[Stack\/P\] `schedules` must have at least 1 entry/);
  });

  // aws-cdk-lib already prefixes every node.addValidation() message with `[path] `.
  test('the synth-time message names the construct path once', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P');
    // THEN
    expect(() => synth(stack)).toThrow(/^\s*\[Stack\/P\] `schedules`/m);
  });

  test('a schedule added after construction satisfies the synth-time check', () => {
    // GIVEN
    const stack = newStack();
    const policy = new SnapshotPolicy(stack, 'P');
    // WHEN
    policy.addSchedule(sched());
    // THEN
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
  });

  test('refuses two schedules with the same name', () => {
    expectSnapshotPolicyError({ schedules: [sched(), sched()] },
      /\[Stack\/P\] schedule `S`: `name` must be unique within the policy, got "S"/);
  });

  test('refuses two unnamed schedules only if their default names clash', () => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ name: undefined }), sched({ name: undefined })] });
    expectSnapshotPolicyError({ schedules: [sched({ name: 'Schedule2' }), sched({ name: undefined })] },
      /\[Stack\/P\] schedule `Schedule2`: `name` must be unique within the policy, got "Schedule2"/);
  });

  test('refuses an age-based schedule after a count-based one', () => {
    expectSnapshotPolicyError({ schedules: [sched({ name: 'S1' }), sched({ name: 'S2', retention: Retention.age(Duration.days(7)) })] },
      /\[Stack\/P\] schedule `S2`: `retention` must be count-based like schedule `S1` \(all schedules of a policy share one retention type\), got "7 days"/);
  });

  test('refuses a count-based schedule after an age-based one', () => {
    expectSnapshotPolicyError({ schedules: [sched({ name: 'S1', retention: Retention.weeks(2) }), sched({ name: 'S2', retention: Retention.count(3) })] },
      /\[Stack\/P\] schedule `S2`: `retention` must be age-based like schedule `S1` .*, got "3 items"/);
  });

  test('reports a mixed retention type with the construct path even when the age is not a whole number of days', () => {
    expectSnapshotPolicyError({ schedules: [sched({ name: 'S1' }), sched({ name: 'S2', retention: Retention.age(Duration.hours(36)) })] },
      /\[Stack\/P\] schedule `S2`: `retention`/);
  });
});

describe('cadence', () => {
  test.each<[number]>([[1], [2], [3], [4], [6], [8], [12], [24]])('accepts an interval of %d hours', (hours) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ cadence: Cadence.every(Duration.hours(hours)) })] });
  });

  test.each<[number]>([[5], [7], [25], [48]])('refuses an interval of %d hours', (hours) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.every(Duration.hours(hours)) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\\.interval\` must be one of 1, 2, 3, 4, 6, 8, 12, 24 hours \\(use a cron cadence for anything else\\), got ${hours} hours`));
  });

  test('refuses an interval that is not a whole number of hours', () => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.every(Duration.minutes(90)) })] },
      /\[Stack\/P\] schedule `S`: `cadence\.interval` must be one of .*, got 1\.5 hours/);
  });

  test.each<[string]>([['rate(5 hours)'], ['rate(30 minutes)'], ['rate(2 days)']])('refuses `%s`', (expression) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.expression(expression) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\\.interval\` must be one of .*, got "${literal(expression)}"`));
  });

  test.each<[string]>([['rate(6 hours)'], ['rate(1 day)'], ['rate(60 minutes)']])('accepts `%s`', (expression) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ cadence: Cadence.expression(expression) })] });
  });

  test.each<[string]>([['24:00'], ['3:00'], ['03:60'], ['3am']])('refuses the start time %s', (startTime) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.daily({ startTime }) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\\.startTime\` must match hh:mm in UTC \\(00:00 to 23:59\\), got "${startTime}"`));
  });

  test('refuses a bad start time on a weekly cadence', () => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '25:00' }) })] },
      /\[Stack\/P\] schedule `S`: `cadence\.startTime` must match hh:mm in UTC \(00:00 to 23:59\), got "25:00"/);
  });

  test.each<[string]>([['00:00'], ['23:59']])('accepts the start time %s', (startTime) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ cadence: Cadence.daily({ startTime }) })] });
  });

  test.each<[number]>([[0], [29], [31]])('refuses a monthly cadence on day %d', (day) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.monthly(day) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\\.dayOfMonth\` must be an integer between 1 and 28 .*, got ${day}`));
  });

  test.each<[number]>([[1], [28]])('accepts a monthly cadence on day %d', (day) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ cadence: Cadence.monthly(day) })] });
  });

  test.each<[string]>([['daily'], ['cron()'], ['cron(0 1 *)']])('refuses the non-cron expression `%s`', (expression) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.expression(expression) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\` must be a cron expression .*, got "${literal(expression)}"`));
  });

  test.each<[string]>([['cron(0 25 * * ? *)'], ['cron(0 0 * * * *)'], ['cron(0 0 ? * MON-XYZ *)'], ['cron(0 0 1 13 ? *)']])('refuses the invalid cron `%s`', (expression) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.expression(expression) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\` is not a valid cron expression \\(.+\\), got "${literal(expression)}"`));
  });

  test.each<[string]>([['cron(0/30 * * * ? *)'], ['cron(0,59 * * * ? *)'], ['cron(* 1 * * ? *)']])('refuses `%s` (more often than hourly)', (expression) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.expression(expression) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\` must not run more often than once an hour .*, got "${literal(expression)}"`));
  });

  test.each<[string]>([['cron(0 0 29 2 ? *)'], ['cron(0 0 1 1 ? 2031)'], ['cron(0 0 1 1 ? 2030-2040/2)']])('refuses `%s` (less often than yearly)', (expression) => {
    expectSnapshotPolicyError({ schedules: [sched({ cadence: Cadence.expression(expression) })] },
      new RegExp(`\\[Stack\\/P\\] schedule \`S\`: \`cadence\` must run at least once a year .*, got "${literal(expression)}"`));
  });

  test.each<[string]>([['cron(0 * * * ? *)'], ['cron(0 0 1 1 ? *)'], ['cron(0 3 ? * MON-FRI *)'], ['cron(0 1 L * ? *)']])('accepts `%s`', (expression) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ cadence: Cadence.expression(expression) })] });
  });
});

describe('retention', () => {
  test.each<[string, Retention, RegExp]>([
    ['a count of 0', Retention.count(0), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 1000 \(count\), got 0/],
    ['a count of 1001', Retention.count(1001), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 1000 \(count\), got 1001/],
    ['a fractional count', Retention.count(1.5), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 1000 \(count\), got 1\.5/],
    ['an age of 0 days', Retention.age(Duration.days(0)), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 36500 days \(DLM allows at most 100 years\), got 0/],
    ['36 hours', Retention.age(Duration.hours(36)), /\[Stack\/P\] schedule `S`: `retention` must be a whole number of days, got 1 day 12 hours/],
    ['36501 days', Retention.age(Duration.days(36501)), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 36500 days .*, got 36501/],
    ['5201 weeks', Retention.weeks(5201), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 5200 weeks .*, got 5201/],
    ['1201 months', Retention.months(1201), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 1200 months .*, got 1201/],
    ['101 years', Retention.years(101), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 100 years \(DLM allows at most 100 years\), got 101/],
    ['0 weeks', Retention.weeks(0), /\[Stack\/P\] schedule `S`: `retention` must be an integer between 1 and 5200 weeks .*, got 0/],
  ])('refuses %s', (_, retention, message) => {
    expectSnapshotPolicyError({ schedules: [sched({ retention })] }, message);
  });

  test.each<[string, Retention]>([
    ['a count of 1', Retention.count(1)],
    ['a count of 1000', Retention.count(1000)],
    ['1 day', Retention.age(Duration.days(1))],
    ['48 hours (2 days)', Retention.age(Duration.hours(48))],
    ['36500 days', Retention.age(Duration.days(36500))],
    ['5200 weeks', Retention.weeks(5200)],
    ['1200 months', Retention.months(1200)],
    ['100 years', Retention.years(100)],
  ])('accepts %s', (_, retention) => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ retention })] });
  });

  test('accepts 0 only with an archive rule', () => {
    expectSnapshotPolicySynthesizes({ schedules: [archiving()] });
    expectSnapshotPolicySynthesizes({
      schedules: [archiving({ retention: Retention.age(Duration.days(0)), archive: { retention: Retention.age(Duration.days(90)) } })],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Fast snapshot restore
// ---------------------------------------------------------------------------------------------

describe('fast snapshot restore', () => {
  const azs = (n: number) => Array.from({ length: n }, (_, i) => `us-east-1${'abcdefghijk'[i]}`);
  const azIds = (n: number) => Array.from({ length: n }, (_, i) => `use1-az${i + 1}`);

  test.each<SnapshotCase>([
    ['both AZ names and AZ IDs', { schedules: [sched({ fastRestore: { availabilityZones: ['us-east-1a'], availabilityZoneIds: ['use1-az1'], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore` needs either `availabilityZones` or `availabilityZoneIds` \(exactly one of them\)/],
    ['neither AZ names nor AZ IDs', { schedules: [sched({ fastRestore: { retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore` needs either `availabilityZones` or `availabilityZoneIds` \(exactly one of them\)/],
    ['no AZ name', { schedules: [sched({ fastRestore: { availabilityZones: [], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZones` must have 1 to 10 items, got "0 items"/],
    ['11 AZ names', { schedules: [sched({ fastRestore: { availabilityZones: azs(11), retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZones` must have 1 to 10 items, got "11 items"/],
    ['no AZ ID', { schedules: [sched({ fastRestore: { availabilityZoneIds: [], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZoneIds` must have 1 to 10 items, got "0 items"/],
    ['11 AZ IDs', { schedules: [sched({ fastRestore: { availabilityZoneIds: azIds(11), retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZoneIds` must have 1 to 10 items, got "11 items"/],
    ['a Region as AZ name', { schedules: [sched({ fastRestore: { availabilityZones: ['us-east-1'], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZones` must match an Availability Zone name like us-east-1a, got "us-east-1"/],
    ['an AZ ID as AZ name', { schedules: [sched({ fastRestore: { availabilityZones: ['use1-az1'], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZones` must match an Availability Zone name like us-east-1a, got "use1-az1"/],
    ['an AZ name as AZ ID', { schedules: [sched({ fastRestore: { availabilityZoneIds: ['us-east-1a'], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.availabilityZoneIds` must match an Availability Zone ID like use1-az1, got "us-east-1a"/],
    ['a retention count of 0', { schedules: [sched({ fastRestore: { availabilityZones: ['us-east-1a'], retention: Retention.count(0) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.retention` must be an integer between 1 and 1000 \(count\), got 0/],
    ['a retention count of 1001', { schedules: [sched({ fastRestore: { availabilityZones: ['us-east-1a'], retention: Retention.count(1001) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.retention` must be an integer between 1 and 1000 \(count\), got 1001/],
    ['a retention age of 0 days', { schedules: [sched({ retention: Retention.age(Duration.days(7)), fastRestore: { availabilityZones: ['us-east-1a'], retention: Retention.age(Duration.days(0)) } })] },
      /\[Stack\/P\] schedule `S`: `fastRestore\.retention` must be an integer between 1 and 36500 days .*, got 0/],
    ['a schedule that keeps nothing (archived at once)', { schedules: [archiving({ fastRestore: { availabilityZones: ['us-east-1a'], retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `retention` must keep at least 1 snapshot when fast snapshot restore is enabled, got "0 items"/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test.each<SnapshotOk>([
    ['1 AZ name', { schedules: [sched({ fastRestore: { availabilityZones: azs(1), retention: Retention.count(1) } })] }],
    ['10 AZ names', { schedules: [sched({ fastRestore: { availabilityZones: azs(10), retention: Retention.count(1000) } })] }],
    ['1 AZ ID', { schedules: [sched({ fastRestore: { availabilityZoneIds: azIds(1), retention: Retention.count(1) } })] }],
    ['10 AZ IDs', { schedules: [sched({ fastRestore: { availabilityZoneIds: azIds(10), retention: Retention.count(1) } })] }],
    ['an age', { schedules: [sched({ retention: Retention.age(Duration.days(7)), fastRestore: { availabilityZones: ['eu-west-1a'], retention: Retention.age(Duration.days(1)) } })] }],
  ])('accepts %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });
});

// ---------------------------------------------------------------------------------------------
// Sharing
// ---------------------------------------------------------------------------------------------

describe('sharing', () => {
  test.each<SnapshotCase>([
    ['an 11-digit account', { schedules: [sched({ share: { accounts: ['12345678901'] } })] },
      /\[Stack\/P\] schedule `S`: `share\.accounts` must match a 12-digit AWS account ID, got "12345678901"/],
    ['a 13-digit account', { schedules: [sched({ share: { accounts: ['1234567890123'] } })] },
      /\[Stack\/P\] schedule `S`: `share\.accounts` must match a 12-digit AWS account ID, got "1234567890123"/],
    ['an account alias', { schedules: [sched({ share: { accounts: ['123456789012', 'prod-account'] } })] },
      /\[Stack\/P\] schedule `S`: `share\.accounts` must match a 12-digit AWS account ID, got "prod-account"/],
    ['unsharing after 1.5 days', { schedules: [sched({ share: { accounts: ['123456789012'], unshareAfter: Duration.hours(36) } })] },
      /\[Stack\/P\] schedule `S`: `share\.unshareAfter` must be a whole number of days, at least 1, got 1 day 12 hours/],
    ['unsharing after 12 hours', { schedules: [sched({ share: { accounts: ['123456789012'], unshareAfter: Duration.hours(12) } })] },
      /\[Stack\/P\] schedule `S`: `share\.unshareAfter` must be a whole number of days, at least 1, got 12 hours/],
    ['unsharing when the retention ends', { schedules: [sched({ retention: Retention.age(Duration.days(7)), share: { accounts: ['123456789012'], unshareAfter: Duration.days(7) } })] },
      /\[Stack\/P\] schedule `S`: `share\.unshareAfter` must be shorter than the retention \(7 days\), got 7 days/],
    ['unsharing after the retention', { schedules: [sched({ retention: Retention.weeks(1), share: { accounts: ['123456789012'], unshareAfter: Duration.days(8) } })] },
      /\[Stack\/P\] schedule `S`: `share\.unshareAfter` must be shorter than the retention \(1 week\), got 8 days/],
    ['a schedule that keeps nothing (archived at once)', { schedules: [archiving({ share: { accounts: ['123456789012'] } })] },
      /\[Stack\/P\] schedule `S`: `retention` must keep at least 1 snapshot when sharing, got "0 items"/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test('refuses an empty account list', () => {
    expectSnapshotPolicyError({ schedules: [sched({ share: { accounts: [] } })] },
      /\[Stack\/P\] schedule `S`: `share\.accounts` must have at least 1 items?, got "0 items"/);
  });

  test.each<SnapshotOk>([
    ['one account', { schedules: [sched({ share: { accounts: ['123456789012'] } })] }],
    ['unsharing a day before the retention ends', { schedules: [sched({ retention: Retention.age(Duration.days(7)), share: { accounts: ['123456789012'], unshareAfter: Duration.days(6) } })] }],
    ['unsharing with a count-based retention', { schedules: [sched({ share: { accounts: ['123456789012', '210987654321'], unshareAfter: Duration.days(1) } })] }],
  ])('accepts %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });
});

// ---------------------------------------------------------------------------------------------
// Archiving
// ---------------------------------------------------------------------------------------------

describe('archiving', () => {
  test.each<SnapshotCase>([
    ['an INSTANCE policy', { ...INSTANCES, schedules: [archiving()] },
      /\[Stack\/P\] schedule `S`: `archive` is only allowed for snapshot policies that target volumes/],
    ['an interval cadence', { schedules: [archiving({ cadence: Cadence.daily() })] },
      /\[Stack\/P\] schedule `S`: `cadence` must be a cron schedule that runs at most every 28 days when archiving .*, got "every 24 hours"/],
    ['a weekly cron', { schedules: [archiving({ cadence: Cadence.weekly(Weekday.SUNDAY) })] },
      /\[Stack\/P\] schedule `S`: `cadence` must run at most every 28 days when archiving; it runs every 7 days, got "cron\(0 0 \? \* SUN \*\)"/],
    ['a cron twice a month', { schedules: [archiving({ cadence: Cadence.expression('cron(0 0 1,28 * ? *)') })] },
      /\[Stack\/P\] schedule `S`: `cadence` must run at most every 28 days when archiving; it runs every .* days, got "cron\(0 0 1,28 \* \? \*\)"/],
    ['an age archive for a count schedule', { schedules: [archiving({ archive: { retention: Retention.age(Duration.days(90)) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must be a count like the schedule's retention, got "90 days"/],
    ['a count archive for an age schedule', { schedules: [archiving({ retention: Retention.age(Duration.days(1)), archive: { retention: Retention.count(4) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must be an age like the schedule's retention, got "4 items"/],
    ['an archive count of 0', { schedules: [archiving({ archive: { retention: Retention.count(0) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must be an integer between 1 and 1000 \(count\), got 0/],
    ['an archive count of 1001', { schedules: [archiving({ archive: { retention: Retention.count(1001) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must be an integer between 1 and 1000 \(count\), got 1001/],
    ['an archive of 89 days', { schedules: [archiving({ retention: Retention.age(Duration.days(1)), archive: { retention: Retention.age(Duration.days(89)) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must keep snapshots archived for at least 90 days, got "89 days"/],
    ['an archive of 12 weeks', { schedules: [archiving({ retention: Retention.age(Duration.days(1)), archive: { retention: Retention.weeks(12) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must keep snapshots archived for at least 90 days, got "12 weeks"/],
    ['1 archived snapshot every two months (about 60 days)', { schedules: [archiving({ cadence: Cadence.expression('cron(0 0 1 */2 ? *)'), archive: { retention: Retention.count(1) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must keep each snapshot archived for at least 90 days: .* a count of at least 2, got 1/],
    ['2 archived snapshots every month (about 30 days)', { schedules: [archiving({ archive: { retention: Retention.count(2) } })] },
      /\[Stack\/P\] schedule `S`: `archive\.retention` must keep each snapshot archived for at least 90 days: .*, got 2/],
  ])('refuses %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test('refuses an archive rule on an AMI schedule (possible from JavaScript, which skips the types)', () => {
    const schedule = { ...amiSched(), cadence: Cadence.monthly(1), archive: { retention: Retention.count(4) } } as AmiScheduleProps;
    expectAmiPolicyError({ schedules: [schedule] },
      /\[Stack\/P\] schedule `S`: `archive` is only allowed for snapshot policies that target volumes/);
  });

  test('refuses an archive rule on a second schedule', () => {
    expectSnapshotPolicyError({ schedules: [archiving({ name: 'S1' }), archiving({ name: 'S2' })] },
      /\[Stack\/P\] schedule `S2`: `archive` may be set on only one schedule of a policy/);
  });

  test.each<SnapshotOk>([
    ['2 archived snapshots every two months', { schedules: [archiving({ cadence: Cadence.expression('cron(0 0 1 */2 ? *)'), archive: { retention: Retention.count(2) } })] }],
    ['1 archived snapshot every year', { schedules: [archiving({ cadence: Cadence.expression('cron(0 0 1 1 ? *)'), archive: { retention: Retention.count(1) } })] }],
    ['an archive of 90 days', { schedules: [archiving({ retention: Retention.age(Duration.days(1)), archive: { retention: Retention.age(Duration.days(90)) } })] }],
    ['an archive of 1 year', { schedules: [archiving({ retention: Retention.months(1), archive: { retention: Retention.years(1) } })] }],
    ['an archive on one of two schedules', { schedules: [archiving({ name: 'S1' }), sched({ name: 'S2', retention: Retention.count(3) })] }],
  ])('accepts %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });

  // AWS: "If, in the case of a leap year, your retention rule results in an archive retention
  // period of less than 90 days, Amazon Data Lifecycle Manager ensures that snapshots are
  // retained for the minimum 90-day period" (EBS User Guide, considerations for snapshot
  // archiving): a rule of 3 months is accepted although some 3-month spans are 89 days.
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('accepts an archive of 3 months', () => {
    expectSnapshotPolicySynthesizes({
      schedules: [archiving({ retention: Retention.age(Duration.days(1)), archive: { retention: Retention.months(3) } })],
    });
  });

  // AWS: "if the schedule creates snapshots every 30 days, you must specify a count of 3 or
  // more" (RetentionArchiveTier), and DLM pads leap-year shortfalls to 90 days itself; its own
  // example archives a count of 3 for a monthly cron(0 9 1 * ? *) schedule.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dlm-lifecyclepolicy-retentionarchivetier.html
  test('accepts 3 archived snapshots every month (AWS documented minimum for ~30-day schedules)', () => {
    expectSnapshotPolicySynthesizes({ schedules: [archiving({ cadence: Cadence.expression('cron(0 9 1 * ? *)'), archive: { retention: Retention.count(3) } })] });
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-region copies
// ---------------------------------------------------------------------------------------------

describe('cross-region copies (snapshot policies)', () => {
  test.each<SnapshotCase>([
    ['4 copies', { schedules: [sched({ crossRegionCopies: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'].map(r => copyTo(r)) })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies` must have at most 3 items, got "4 items"/],
    ['copies from an Outpost', { resourceLocation: ResourceLocation.OUTPOST, schedules: [sched({ snapshotLocation: SnapshotLocation.OUTPOST_LOCAL, crossRegionCopies: [copyTo('eu-west-1')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies` are not allowed for snapshots created on an Outpost or in a Local Zone, got "OUTPOST_LOCAL"/],
    ['copies from a Local Zone', { resourceLocation: ResourceLocation.LOCAL_ZONE, schedules: [sched({ snapshotLocation: SnapshotLocation.LOCAL_ZONE, crossRegionCopies: [copyTo('eu-west-1')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies` are not allowed for snapshots created on an Outpost or in a Local Zone, got "LOCAL_ZONE"/],
    ['the same destination twice', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1'), copyTo('eu-west-1')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[1\]\.destination` must not repeat another copy's destination, got "eu-west-1"/],
    ['a destination that is no Region', { schedules: [sched({ crossRegionCopies: [copyTo('Europe')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.destination` must be a Region like eu-west-1 or an Outpost ARN, got "Europe"/],
    ['an AZ as destination', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1a')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.destination` must be a Region like eu-west-1 or an Outpost ARN, got "eu-west-1a"/],
    ['a count retention', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.count(3) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.retention` must be an age .*DLM accepts no count here, got "Retention\.count\(3\)"/],
    ['a retention of 0 days', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(0)) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.retention` must be an integer between 1 and 36500 days .*, got 0/],
    ['a retention over 100 years', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.years(101) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.retention` must be an integer between 1 and 100 years .*, got 101/],
    ['a KMS alias instead of a key ARN', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { cmkArn: 'alias/aws/ebs' })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.cmkArn` must be a KMS key ARN .*, got "alias\/aws\/ebs"/],
    ['a KMS key of another Region', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { cmkArn: 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.cmkArn` must be a key in the destination Region eu-west-1, got "arn:aws:kms:eu-west-2:123456789012:key\/1234abcd-12ab-34cd-56ef-1234567890ab"/],
    ['a deprecation rule', { schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(7)), deprecate: Retention.age(Duration.days(1)) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.deprecate` is only allowed for AMI policies/],
    ['a schedule that keeps nothing (archived at once)', { schedules: [archiving({ crossRegionCopies: [copyTo('eu-west-1')] })] },
      /\[Stack\/P\] schedule `S`: `retention` must keep at least 1 snapshot when copying across Regions, got "0 items"/],
  ])('refuse %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test('refuse the policy\'s own Region', () => {
    expectSnapshotPolicyError({ schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1')] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.destination` must differ from the policy's own Region \(eu-west-1\), got "eu-west-1"/,
      { env: { region: 'eu-west-1' } });
  });

  test.each<SnapshotOk>([
    ['3 copies', { schedules: [sched({ crossRegionCopies: ['eu-west-1', 'eu-west-2', 'eu-west-3'].map(r => copyTo(r)) })] }],
    ['a copy to an Outpost', { schedules: [sched({ crossRegionCopies: [copyTo(OUTPOST_ARN, { retention: Retention.months(1) })] })] }],
    ['a copy with a KMS key and an age retention', {
      schedules: [sched({ crossRegionCopies: [copyTo('eu-west-1', { cmkArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', copyTags: true, retention: Retention.weeks(2) })] })],
    }],
  ])('accept %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });

  test('accept another Region than the stack\'s', () => {
    expectSnapshotPolicySynthesizes({ schedules: [sched({ crossRegionCopies: [copyTo('eu-west-2')] })] }, { env: { region: 'eu-west-1' } });
  });

  // AWS: "You can't specify cross-Region copy rules for policies that create snapshots on an
  // Outpost or in a Local Zone. If the policy creates snapshots in a Region, then snapshots can
  // be copied to up to three Regions or Outposts." (DLM API model, Schedule.CrossRegionCopyRules).
  // A policy for Outpost resources may create its snapshots in the Region (Location CLOUD).
  test('accept copies from a policy on Outpost resources that creates its snapshots in the Region', () => {
    expectSnapshotPolicySynthesizes({
      resourceLocation: ResourceLocation.OUTPOST,
      schedules: [sched({ snapshotLocation: SnapshotLocation.CLOUD, crossRegionCopies: [copyTo('eu-west-1')] })],
    });
  });
});

describe('cross-region copies (AMI policies)', () => {
  test.each<AmiCase>([
    ['an Outpost destination', { schedules: [amiSched({ crossRegionCopies: [copyTo(OUTPOST_ARN)] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.destination` must be a Region like eu-west-1, got "arn:aws:outposts:us-east-1:123456789012:outpost\/op-1234567890abcdef0"/],
    ['4 copies', { schedules: [amiSched({ crossRegionCopies: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'].map(r => copyTo(r)) })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies` must have at most 3 items, got "4 items"/],
    ['a count deprecation', { schedules: [amiSched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(7)), deprecate: Retention.count(1) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.deprecate` must be an age .*, got "Retention\.count\(1\)"/],
    ['a deprecation after the copy retention', { schedules: [amiSched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(2)), deprecate: Retention.age(Duration.days(3)) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.deprecate` must not be longer than the copies' retention \(2 days\), got "3 days"/],
    ['a deprecation after the schedule retention (copies kept as long)', { schedules: [amiSched({ retention: Retention.age(Duration.days(7)), crossRegionCopies: [copyTo('eu-west-1', { deprecate: Retention.weeks(2) })] })] },
      /\[Stack\/P\] schedule `S`: `crossRegionCopies\[0\]\.deprecate` must not be longer than the copies' retention \(7 days\), got "2 weeks"/],
  ])('refuse %s', (_, props, message) => {
    expectAmiPolicyError(props, message);
  });

  test('accept a deprecation as long as the copy retention', () => {
    expectAmiPolicySynthesizes({ schedules: [amiSched({ crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(2)), deprecate: Retention.age(Duration.days(2)) })] })] });
  });
});

// ---------------------------------------------------------------------------------------------
// AMI deprecation
// ---------------------------------------------------------------------------------------------

describe('AMI deprecation', () => {
  test.each<AmiCase>([
    ['an age for a count schedule', { schedules: [amiSched({ deprecate: Retention.age(Duration.days(2)) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must be a count like the schedule's retention, got "2 days"/],
    ['a count for an age schedule', { schedules: [amiSched({ retention: Retention.age(Duration.days(7)), deprecate: Retention.count(2) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must be an age like the schedule's retention, got "2 items"/],
    ['a count of 0', { schedules: [amiSched({ deprecate: Retention.count(0) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must be an integer between 1 and 1000 \(count\), got 0/],
    ['a count above the retention', { schedules: [amiSched({ retention: Retention.count(3), deprecate: Retention.count(4) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must not exceed the retention \(3\), got 4/],
    ['an age above the retention', { schedules: [amiSched({ retention: Retention.age(Duration.days(7)), deprecate: Retention.age(Duration.days(8)) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must not be longer than the retention \(7 days\), got "8 days"/],
    ['2 months for a retention of 31 days', { schedules: [amiSched({ retention: Retention.age(Duration.days(31)), deprecate: Retention.months(2) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must not be longer than the retention \(31 days\), got "2 months"/],
    ['a duration that is not whole days', { schedules: [amiSched({ retention: Retention.age(Duration.days(7)), deprecate: Retention.age(Duration.hours(36)) })] },
      /\[Stack\/P\] schedule `S`: `deprecate` must be a whole number of days, got 1 day 12 hours/],
  ])('refuses %s', (_, props, message) => {
    expectAmiPolicyError(props, message);
  });

  test.each<AmiOk>([
    ['a count equal to the retention', { schedules: [amiSched({ retention: Retention.count(3), deprecate: Retention.count(3) })] }],
    ['an age equal to the retention', { schedules: [amiSched({ retention: Retention.age(Duration.days(7)), deprecate: Retention.weeks(1) })] }],
    ['1 month for a retention of 30 days', { schedules: [amiSched({ retention: Retention.age(Duration.days(30)), deprecate: Retention.months(1) })] }],
  ])('accepts %s', (_, props) => {
    expectAmiPolicySynthesizes(props);
  });
});

// ---------------------------------------------------------------------------------------------
// Pre/post scripts
// ---------------------------------------------------------------------------------------------

describe('scripts', () => {
  const ssm = (options: SsmDocumentScriptOptions) => SnapshotScript.fromSsmDocument('MyFreezeThaw', options);

  test.each<SnapshotCase>([
    ['a VOLUME policy', { schedules: [sched({ script: ssm({}) })] },
      /\[Stack\/P\] schedule `S`: `script` is only allowed for snapshot policies that target instances \(ResourceTypes INSTANCE\)/],
    ['VSS with stages', { ...INSTANCES, schedules: [sched({ script: new FixedScript({ executionHandler: 'AWS_VSS_BACKUP', systemsManager: false, stages: [ScriptStage.PRE] }) })] },
      /\[Stack\/P\] schedule `S`: `script` for Windows VSS \(AWS_VSS_BACKUP\) takes no stages and no timeout/],
    ['VSS with a timeout', { ...INSTANCES, schedules: [sched({ script: new FixedScript({ executionHandler: 'AWS_VSS_BACKUP', systemsManager: false, timeout: Duration.seconds(30) }) })] },
      /\[Stack\/P\] schedule `S`: `script` for Windows VSS \(AWS_VSS_BACKUP\) takes no stages and no timeout/],
    ['a repeated stage', { ...INSTANCES, schedules: [sched({ script: ssm({ stages: [ScriptStage.PRE, ScriptStage.PRE] }) })] },
      /\[Stack\/P\] schedule `S`: `script\.stages` must not repeat a stage, got \["PRE", "PRE"\]/],
    ['no stage', { ...INSTANCES, schedules: [sched({ script: ssm({ stages: [] }) })] },
      /\[Stack\/P\] schedule `S`: `script\.stages` must have 1 to 2 items, got "0 items"/],
    ['three stages', { ...INSTANCES, schedules: [sched({ script: ssm({ stages: [ScriptStage.PRE, ScriptStage.POST, ScriptStage.PRE] }) })] },
      /\[Stack\/P\] schedule `S`: `script\.stages` must have 1 to 2 items, got "3 items"/],
    ['onFailure without a PRE stage', { ...INSTANCES, schedules: [sched({ script: ssm({ stages: [ScriptStage.POST], onFailure: ScriptFailureAction.SKIP_INSTANCE }) })] },
      /\[Stack\/P\] schedule `S`: `script\.onFailure` only applies to scripts with a PRE stage, got \["POST"\]/],
    ['a timeout of 9 seconds', { ...INSTANCES, schedules: [sched({ script: ssm({ timeout: Duration.seconds(9) }) })] },
      /\[Stack\/P\] schedule `S`: `script\.timeout` must be an integer between 10 and 120 seconds, got 9/],
    ['a timeout of 121 seconds', { ...INSTANCES, schedules: [sched({ script: ssm({ timeout: Duration.seconds(121) }) })] },
      /\[Stack\/P\] schedule `S`: `script\.timeout` must be an integer between 10 and 120 seconds, got 121/],
    ['a timeout of 10.5 seconds', { ...INSTANCES, schedules: [sched({ script: ssm({ timeout: Duration.millis(10500) }) })] },
      /\[Stack\/P\] schedule `S`: `script\.timeout` must be an integer between 10 and 120 seconds, got 10\.5/],
    ['-1 retries', { ...INSTANCES, schedules: [sched({ script: ssm({ maximumRetryCount: -1 }) })] },
      /\[Stack\/P\] schedule `S`: `script\.maximumRetryCount` must be an integer between 0 and 3, got -1/],
    ['4 retries', { ...INSTANCES, schedules: [sched({ script: ssm({ maximumRetryCount: 4 }) })] },
      /\[Stack\/P\] schedule `S`: `script\.maximumRetryCount` must be an integer between 0 and 3, got 4/],
    ['4 VSS retries', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.windowsVss({ maximumRetryCount: 4 }) })] },
      /\[Stack\/P\] schedule `S`: `script\.maximumRetryCount` must be an integer between 0 and 3, got 4/],
    ['a document name with a space', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.fromSsmDocument('My Document') })] },
      /\[Stack\/P\] schedule `S`: `script\.executionHandler` must match an SSM document name or ARN .*, got "My Document"/],
    ['a two-character document name', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.fromSsmDocument('ab') })] },
      /\[Stack\/P\] schedule `S`: `script\.executionHandler` must match an SSM document name or ARN .*, got "ab"/],
  ])('refuse %s', (_, props, message) => {
    expectSnapshotPolicyError(props, message);
  });

  test.each<[number]>([[10], [120]])('accept a timeout of %d seconds', (seconds) => {
    expectSnapshotPolicySynthesizes({ ...INSTANCES, schedules: [sched({ script: ssm({ timeout: Duration.seconds(seconds) }) })] });
  });

  test.each<[number]>([[0], [1], [2], [3]])('accept %d retries', (retries) => {
    expectSnapshotPolicySynthesizes({ ...INSTANCES, schedules: [sched({ script: ssm({ maximumRetryCount: retries }) })] });
  });

  test.each<SnapshotOk>([
    ['onFailure with PRE and POST', { ...INSTANCES, schedules: [sched({ script: ssm({ stages: [ScriptStage.PRE, ScriptStage.POST], onFailure: ScriptFailureAction.SKIP_INSTANCE }) })] }],
    ['onFailure with the default stages', { ...INSTANCES, schedules: [sched({ script: ssm({ onFailure: ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT }) })] }],
    ['Windows VSS', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.windowsVss({ maximumRetryCount: 3, onFailure: ScriptFailureAction.SKIP_INSTANCE }) })] }],
    ['SAP HANA', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.sapHana({ stages: [ScriptStage.PRE, ScriptStage.POST] }) })] }],
    ['a document ARN', { ...INSTANCES, schedules: [sched({ script: SnapshotScript.fromSsmDocument('arn:aws:ssm:us-east-1:123456789012:document/MyFreezeThaw') })] }],
  ])('accept %s', (_, props) => {
    expectSnapshotPolicySynthesizes(props);
  });
});

// ---------------------------------------------------------------------------------------------
// Default policies
// ---------------------------------------------------------------------------------------------

describe('default policies', () => {
  test.each<DefaultCase>([
    ['a create interval of 0 days', { ...VOLUME_DEFAULT, createInterval: Duration.days(0) }, /\[Stack\/P\] `createInterval` must be an integer between 1 and 7 days, got 0/],
    ['a create interval of 8 days', { ...VOLUME_DEFAULT, createInterval: Duration.days(8), retainInterval: Duration.days(14) }, /\[Stack\/P\] `createInterval` must be an integer between 1 and 7 days, got 8/],
    ['a create interval of 36 hours', { ...VOLUME_DEFAULT, createInterval: Duration.hours(36) }, /\[Stack\/P\] `createInterval` must be a whole number of days, got 1 day 12 hours/],
    ['a retain interval of 1 day', { ...VOLUME_DEFAULT, retainInterval: Duration.days(1) }, /\[Stack\/P\] `retainInterval` must be an integer between 2 and 14 days, got 1/],
    ['a retain interval of 15 days', { ...VOLUME_DEFAULT, retainInterval: Duration.days(15) }, /\[Stack\/P\] `retainInterval` must be an integer between 2 and 14 days, got 15/],
    ['a retain interval of 60 hours', { ...VOLUME_DEFAULT, retainInterval: Duration.hours(60) }, /\[Stack\/P\] `retainInterval` must be a whole number of days, got 2 days 12 hours/],
    ['retaining as long as the create interval', { ...VOLUME_DEFAULT, createInterval: Duration.days(3), retainInterval: Duration.days(3) },
      /\[Stack\/P\] `retainInterval` must be longer than `createInterval` \(3 days\) so that at least one backup is always kept, got "3 days"/],
    ['retaining less than the create interval', { ...VOLUME_DEFAULT, createInterval: Duration.days(5), retainInterval: Duration.days(4) },
      /\[Stack\/P\] `retainInterval` must be longer than `createInterval` \(5 days\) .*, got "4 days"/],
    ['a create interval of 7 days with the default retention (7 days)', { ...VOLUME_DEFAULT, createInterval: Duration.days(7) },
      /\[Stack\/P\] `retainInterval` must be longer than `createInterval` \(7 days\) .*, got "7 days"/],
    ['boot-volume exclusion on an INSTANCE policy', { resourceType: DefaultPolicyResourceType.INSTANCE, exclusions: { excludeBootVolumes: true } },
      /\[Stack\/P\] `exclusions` may only use `excludeTags` for INSTANCE default policies/],
    ['volume-type exclusion on an INSTANCE policy', { resourceType: DefaultPolicyResourceType.INSTANCE, exclusions: { excludeVolumeTypes: [EbsVolumeType.GP2] } },
      /\[Stack\/P\] `exclusions` may only use `excludeTags` for INSTANCE default policies/],
    ['7 excluded volume types', { ...VOLUME_DEFAULT, exclusions: { excludeVolumeTypes: [...ALL_VOLUME_TYPES] } },
      /\[Stack\/P\] `exclusions\.excludeVolumeTypes` must have at most 6 items, got "7 items"/],
    ['51 excluded tags', { ...VOLUME_DEFAULT, exclusions: { excludeTags: manyTags(51) } },
      /\[Stack\/P\] `exclusions\.excludeTags` must have at most 50 tags, got "51 tags"/],
    ['an excluded tag key with #', { ...VOLUME_DEFAULT, exclusions: { excludeTags: { 'a#b': 'y' } } },
      /\[Stack\/P\] `exclusions\.excludeTags` must match an EC2 tag key.*, got "a#b"/],
    ['4 copy Regions', { ...VOLUME_DEFAULT, crossRegionCopies: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'].map(r => copyTo(r)) },
      /\[Stack\/P\] `crossRegionCopies` must have at most 3 items, got "4 items"/],
    ['a copy with a retention', { ...VOLUME_DEFAULT, crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(7)) })] },
      /\[Stack\/P\] `crossRegionCopies\[0\]` may only name a Region: default policies encrypt copies with the destination's default key and keep them as long as the source/],
    ['a copy with a KMS key', { ...VOLUME_DEFAULT, crossRegionCopies: [copyTo('eu-west-1', { cmkArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' })] },
      /\[Stack\/P\] `crossRegionCopies\[0\]` may only name a Region/],
    ['a copy to an Outpost', { ...VOLUME_DEFAULT, crossRegionCopies: [copyTo(OUTPOST_ARN)] },
      /\[Stack\/P\] `crossRegionCopies\[0\]\.destination` must be a Region like eu-west-1, got "arn:aws:outposts:us-east-1:123456789012:outpost\/op-1234567890abcdef0"/],
    ['the same copy Region twice', { ...VOLUME_DEFAULT, crossRegionCopies: [copyTo('eu-west-1'), copyTo('eu-west-1')] },
      /\[Stack\/P\] `crossRegionCopies\[1\]\.destination` must not repeat another copy's destination, got "eu-west-1"/],
  ])('refuse %s', (_, props, message) => {
    expectDefaultPolicyError(props, message);
  });

  test('refuse a copy to the policy\'s own Region', () => {
    expectDefaultPolicyError({ ...VOLUME_DEFAULT, crossRegionCopies: [copyTo('eu-west-1')] },
      /\[Stack\/P\] `crossRegionCopies\[0\]\.destination` must differ from the policy's own Region \(eu-west-1\), got "eu-west-1"/,
      { env: { region: 'eu-west-1' } });
  });

  test.each<DefaultOk>([
    ['the defaults', { ...VOLUME_DEFAULT }],
    ['create every day, keep 2 days', { ...VOLUME_DEFAULT, createInterval: Duration.days(1), retainInterval: Duration.days(2) }],
    ['create every 7 days, keep 8 days', { ...VOLUME_DEFAULT, createInterval: Duration.days(7), retainInterval: Duration.days(8) }],
    ['create every 6 days, keep 14 days', { ...VOLUME_DEFAULT, createInterval: Duration.days(6), retainInterval: Duration.days(14) }],
    ['48 hours (2 days)', { ...VOLUME_DEFAULT, createInterval: Duration.hours(48) }],
    ['6 excluded volume types and 50 excluded tags', { ...VOLUME_DEFAULT, exclusions: { excludeVolumeTypes: ALL_VOLUME_TYPES.slice(0, 6), excludeTags: manyTags(50) } }],
    ['excluded tags on an INSTANCE policy', { resourceType: DefaultPolicyResourceType.INSTANCE, exclusions: { excludeTags: { backup: 'none' } } }],
    ['3 copy Regions', { ...VOLUME_DEFAULT, crossRegionCopies: ['eu-west-1', 'eu-west-2', 'eu-west-3'].map(r => copyTo(r)) }],
  ])('accept %s', (_, props) => {
    expectDefaultPolicySynthesizes(props);
  });

  test('refuse a second default policy of the same resource type in the same stack (at synth)', () => {
    // GIVEN
    const stack = newStack();
    new DefaultPolicy(stack, 'P1', VOLUME_DEFAULT);
    // WHEN
    new DefaultPolicy(stack, 'P2', VOLUME_DEFAULT);
    // THEN
    expect(() => synth(stack)).toThrow(/\[Stack\/P2\] `resourceType` must not repeat a default policy: Stack\/P1 is already the VOLUME default policy of this account and Region \(DLM allows one per resource type\), got "VOLUME"/);
  });

  test('refuse a second default policy of the same resource type in another stack of the same account and Region', () => {
    // GIVEN
    const app = testApp();
    const env = { account: '123456789012', region: 'eu-west-1' };
    new DefaultPolicy(new Stack(app, 'First', { env }), 'P', VOLUME_DEFAULT);
    const second = new Stack(app, 'Second', { env });
    // WHEN
    new DefaultPolicy(second, 'P', VOLUME_DEFAULT);
    // THEN
    expect(() => synth(second)).toThrow(/\[Second\/P\] `resourceType` must not repeat a default policy: First\/P is already the VOLUME default policy/);
  });

  test('accept one VOLUME and one INSTANCE default policy in the same stack', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new DefaultPolicy(stack, 'Volumes', VOLUME_DEFAULT);
    new DefaultPolicy(stack, 'Instances', { resourceType: DefaultPolicyResourceType.INSTANCE });
    // THEN
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 2);
  });

  test('accept default policies of the same type in different Regions', () => {
    // GIVEN
    const app = testApp();
    const first = new Stack(app, 'First', { env: { account: '123456789012', region: 'eu-west-1' } });
    const second = new Stack(app, 'Second', { env: { account: '123456789012', region: 'eu-west-2' } });
    // WHEN
    new DefaultPolicy(first, 'P', VOLUME_DEFAULT);
    new DefaultPolicy(second, 'P', VOLUME_DEFAULT);
    // THEN
    synth(first).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
    synth(second).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

describe('warnings', () => {
  test('retention shorter than the time between snapshots', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', { schedules: [sched({ cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.age(Duration.days(6)) })] });
    // THEN
    synth(stack);
    Annotations.fromStack(stack).hasWarning('/Stack/P',
      Match.stringLikeRegexp('\\[Stack/P\\] schedule `S`: `retention` \\(6 days\\) is shorter than the time between snapshots \\(cron\\(0 0 \\? \\* SUN \\*\\)\\)'));
  });

  test.each<[string, SnapshotScheduleProps]>([
    ['as long as the time between snapshots', sched({ cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.weeks(1) })],
    ['a count', sched({ cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.count(1) })],
    ['1 day for daily snapshots', sched({ cadence: Cadence.daily(), retention: Retention.age(Duration.days(1)) })],
  ])('no retention warning for a retention %s', (_, schedule) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', { schedules: [schedule] });
    // THEN
    synth(stack);
    Annotations.fromStack(stack).hasNoWarning('/Stack/P', Match.stringLikeRegexp('is shorter than the time between snapshots'));
  });

  test('overlapping target tags between two volume policies', () => {
    // GIVEN
    const stack = newStack();
    new SnapshotPolicy(stack, 'P1', { targetTags: { backup: 'daily' }, schedules: [sched()] });
    // WHEN
    new SnapshotPolicy(stack, 'P2', { targetTags: { backup: 'daily', tier: 'gold' }, schedules: [sched()] });
    // THEN
    synth(stack);
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/P2', Match.stringLikeRegexp('\\[Stack/P2\\] targets the same resources as Stack/P1 \\(target tag backup=daily\\)'));
    annotations.hasNoWarning('/Stack/P1', Match.stringLikeRegexp('targets the same resources'));
  });

  test('overlapping target tags between two AMI policies', () => {
    // GIVEN
    const stack = newStack();
    new AmiPolicy(stack, 'P1', { targetTags: { ami: 'weekly' }, schedules: [amiSched()] });
    // WHEN
    new AmiPolicy(stack, 'P2', { targetTags: { ami: 'weekly' }, schedules: [amiSched()] });
    // THEN
    synth(stack);
    Annotations.fromStack(stack).hasWarning('/Stack/P2', Match.stringLikeRegexp('targets the same resources as Stack/P1'));
  });

  test.each<[string, SnapshotPolicyProps, SnapshotPolicyProps]>([
    ['different tag values', { targetTags: { backup: 'daily' }, schedules: [sched()] }, { targetTags: { backup: 'weekly' }, schedules: [sched()] }],
    ['different tag keys', { targetTags: { backup: 'daily' }, schedules: [sched()] }, { targetTags: { snapshot: 'daily' }, schedules: [sched()] }],
    ['VOLUME vs INSTANCE', { targetTags: { backup: 'daily' }, schedules: [sched()] }, { ...INSTANCES, targetTags: { backup: 'daily' }, schedules: [sched()] }],
    ['default target tags', { schedules: [sched()] }, { schedules: [sched()] }],
  ])('no overlap warning for %s', (_, first, second) => {
    // GIVEN
    const stack = newStack();
    new SnapshotPolicy(stack, 'P1', first);
    // WHEN
    new SnapshotPolicy(stack, 'P2', second);
    // THEN
    synth(stack);
    Annotations.fromStack(stack).hasNoWarning('/Stack/P2', Match.stringLikeRegexp('targets the same resources'));
  });

  test('no overlap warning between policies of environment-agnostic stacks', () => {
    // GIVEN
    const app = testApp();
    const first = new Stack(app, 'First');
    const second = new Stack(app, 'Second');
    new SnapshotPolicy(first, 'P', { targetTags: { backup: 'daily' }, schedules: [sched()] });
    // WHEN
    new SnapshotPolicy(second, 'P', { targetTags: { backup: 'daily' }, schedules: [sched()] });
    // THEN
    synth(second);
    Annotations.fromStack(second).hasNoWarning('/Second/P', Match.stringLikeRegexp('targets the same resources'));
  });
});

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

describe('tokens are not validated', () => {
  test('Lazy numbers for counts, intervals, script settings and FSR', () => {
    // GIVEN
    const stack = newStack();
    const lazy = (n: number) => Lazy.number({ produce: () => n });
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      ...INSTANCES,
      schedules: [sched({
        cadence: Cadence.every(Duration.hours(lazy(12))),
        retention: Retention.count(lazy(14)),
        fastRestore: { availabilityZones: ['us-east-1a'], retention: Retention.count(lazy(2)) },
        script: SnapshotScript.fromSsmDocument('MyFreezeThaw', { timeout: Duration.seconds(lazy(60)), maximumRetryCount: lazy(2) }),
      })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          CreateRule: Match.objectLike({ Interval: 12, Scripts: [Match.objectLike({ ExecutionTimeout: 60, MaximumRetryCount: 2 })] }),
          RetainRule: { Count: 14 },
          FastRestoreRule: Match.objectLike({ Count: 2 }),
        })],
      }),
    });
  });

  test('Lazy numbers for ages, archive counts and deprecation', () => {
    // GIVEN
    const stack = newStack();
    const lazy = (n: number) => Lazy.number({ produce: () => n });
    // WHEN
    new SnapshotPolicy(stack, 'Archiving', { schedules: [archiving({ retention: Retention.count(lazy(0)), archive: { retention: Retention.count(lazy(4)) } })] });
    new AmiPolicy(stack, 'Images', { schedules: [amiSched({ retention: Retention.age(Duration.days(lazy(30))), deprecate: Retention.weeks(lazy(2)) })] });
    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ RetainRule: { Count: 0 }, ArchiveRule: { RetainRule: { RetentionArchiveTier: { Count: 4 } } } })],
      }),
    });
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ RetainRule: { Interval: 30, IntervalUnit: 'DAYS' }, DeprecateRule: { Interval: 2, IntervalUnit: 'WEEKS' } })],
      }),
    });
  });

  test('CfnParameter numbers for counts and intervals', () => {
    // GIVEN
    const stack = newStack();
    const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
    const hours = new CfnParameter(stack, 'Hours', { type: 'Number' }).valueAsNumber;
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    // WHEN
    new SnapshotPolicy(stack, 'Counted', {
      schedules: [sched({
        cadence: Cadence.every(Duration.hours(hours)),
        retention: Retention.count(count),
        fastRestore: { availabilityZoneIds: ['use1-az1'], retention: Retention.count(count) },
      })],
    });
    new SnapshotPolicy(stack, 'Aged', {
      schedules: [sched({
        retention: Retention.age(Duration.days(days)),
        share: { accounts: ['123456789012'], unshareAfter: Duration.days(days) },
        crossRegionCopies: [copyTo('eu-west-1', { retention: Retention.age(Duration.days(days)) })],
      })],
    });
    new DefaultPolicy(stack, 'Default', { ...VOLUME_DEFAULT, createInterval: Duration.days(days), retainInterval: Duration.days(days) });
    // THEN
    const template = synth(stack);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ CreateRule: { Interval: { Ref: 'Hours' }, IntervalUnit: 'HOURS' }, RetainRule: { Count: { Ref: 'Count' } } })],
      }),
    });
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ RetainRule: { Interval: { Ref: 'Days' }, IntervalUnit: 'DAYS' } })],
      }),
    });
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', { DefaultPolicy: 'VOLUME', CreateInterval: { Ref: 'Days' }, RetainInterval: { Ref: 'Days' } });
  });

  test('CfnParameter strings for description, start time, schedule name, tags and copy destination', () => {
    // GIVEN
    const stack = newStack({ env: { region: 'eu-west-1' } });
    const text = (id: string) => new CfnParameter(stack, id, { type: 'String' }).valueAsString;
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: text('Description'),
      targetTags: { backup: text('TagValue') },
      schedules: [sched({
        name: text('ScheduleName'),
        cadence: Cadence.daily({ startTime: text('StartTime') }),
        crossRegionCopies: [copyTo(text('Destination'))],
        share: { accounts: [text('Account')] },
      })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Description: { Ref: 'Description' },
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          Name: { Ref: 'ScheduleName' },
          CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: [{ Ref: 'StartTime' }] },
        })],
      }),
    });
  });

  test('a CfnParameter cron expression', () => {
    // GIVEN
    const stack = newStack();
    const cron = new CfnParameter(stack, 'Cron', { type: 'String' }).valueAsString;
    // WHEN
    new SnapshotPolicy(stack, 'P', { schedules: [sched({ cadence: Cadence.expression(cron) })] });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: [Match.objectLike({ CreateRule: { CronExpression: { Ref: 'Cron' } } })] }),
    });
  });

  // A weekly or monthly cadence is a cron built from the start time's hour and minute; a token
  // start time cannot be split at synth, so it must be refused (or split with Fn::Split) rather
  // than pasted whole into both cron fields.
  test('a token start time on a weekly cadence is refused rather than rendered into both cron fields', () => {
    // GIVEN
    const stack = newStack();
    const startTime = new CfnParameter(stack, 'StartTime', { type: 'String' }).valueAsString;
    // WHEN
    const create = () => new SnapshotPolicy(stack, 'P', { schedules: [sched({ cadence: Cadence.weekly(Weekday.SUNDAY, { startTime }) })] });
    // THEN
    expect(create).toThrow(/\[Stack\/P\] schedule `S`: `cadence\.startTime`/);
  });
});
