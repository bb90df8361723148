/**
 * Expressiveness: the example policies of AWS's own documentation, written with the L2s.
 * Each test builds one example and asserts the exact `PolicyDetails` (or, for default
 * policies, the exact top-level properties) that AWS's example sends, through the conformance
 * harness. Where the library renders a documented example differently, the adaptation is
 * minimal and explained in a comment above the test.
 *
 * Adaptations common to all custom-policy examples:
 * - `PolicyType` and `ResourceLocations: ['CLOUD']` are always rendered (DLM's defaults, which
 *   several examples leave out); `ExecutionRoleArn` is the library's least-privilege role.
 * - Cross-region copies and KMS keys come from an `ICrossRegionCopy`; here a test-local one
 *   that binds to exactly the configuration AWS's example shows. Copies are always
 *   `Encrypted: true` in this library.
 *
 * Event-based (cross-account copy) policies: the DLM API reference's `EventParameters` example
 * (the description filter) is below; the construct's full behaviour is in
 * cross-account-copy-policy.test.ts.
 */
import { Duration, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FixedCopy } from './fixtures';
import {
  AmiPolicy,
  Cadence,
  CrossAccountCopyPolicy,
  DefaultPolicy,
  DefaultPolicyResourceType,
  DrCopyRule,
  EbsVolumeType,
  PolicyState,
  ResourceLocation,
  Retention,
  ScriptFailureAction,
  ScriptStage,
  SnapshotLocation,
  SnapshotPolicy,
  SnapshotResourceType,
  SnapshotScript,
  Weekday,
} from '../../src';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

/** Asserts the one DLM policy of the template: its description and state, and exactly these policy details. */
function expectPolicy(template: Template, description: string, policyDetails: { [key: string]: unknown }): void {
  template.resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
  template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
    Description: description,
    State: 'ENABLED',
    PolicyDetails: Match.objectEquals(policyDetails),
  });
}

describe('AWS CloudFormation template reference (AWS::DLM::LifecyclePolicy)', () => {
  // "Creating a lifecycle policy": the basic example of the resource page.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dlm-lifecyclepolicy.html
  test('basic lifecycle policy: 12-hourly snapshots from 13:00, keep 1, copy tags', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'BasicLifecyclePolicy', {
      description: 'Lifecycle Policy using CloudFormation',
      state: PolicyState.ENABLED,
      targetTags: { costcenter: '115' },
      schedules: [{
        name: 'Daily Snapshots',
        tagsToAdd: { type: 'DailySnapshot' },
        cadence: Cadence.every(Duration.hours(12), { startTime: '13:00' }),
        retention: Retention.count(1),
        copyTags: true,
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'Lifecycle Policy using CloudFormation', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'costcenter', Value: '115' }],
      Schedules: [{
        Name: 'Daily Snapshots',
        TagsToAdd: [{ Key: 'type', Value: 'DailySnapshot' }],
        CreateRule: { Interval: 12, IntervalUnit: 'HOURS', Times: ['13:00'] },
        RetainRule: { Count: 1 },
        CopyTags: true,
      }],
    });
  });
});

describe('AWS CLI reference (aws dlm create-lifecycle-policy)', () => {
  // "To create a lifecycle policy".
  // https://docs.aws.amazon.com/cli/latest/reference/dlm/create-lifecycle-policy.html
  test('daily snapshots at 03:00, keep 5, tags added and copied', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'My first policy',
      targetTags: { costCenter: '115' },
      schedules: [{
        name: 'DailySnapshots',
        copyTags: true,
        tagsToAdd: { type: 'myDailySnapshot' },
        cadence: Cadence.daily({ startTime: '03:00' }),
        retention: Retention.count(5),
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My first policy', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'costCenter', Value: '115' }],
      Schedules: [{
        Name: 'DailySnapshots',
        CopyTags: true,
        TagsToAdd: [{ Key: 'type', Value: 'myDailySnapshot' }],
        CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['03:00'] },
        RetainRule: { Count: 5 },
      }],
    });
  });
});

describe('Amazon EBS User Guide: automate snapshot lifecycles (command line examples)', () => {
  // Example 1: Snapshot lifecycle policy with two schedules.
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 1: daily and weekly schedules', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'My volume policy',
      targetTags: { costcenter: '115' },
      schedules: [{
        name: 'DailySnapshots',
        tagsToAdd: { type: 'myDailySnapshot' },
        cadence: Cadence.daily({ startTime: '03:00' }),
        retention: Retention.count(5),
        copyTags: false,
      }, {
        name: 'WeeklySnapshots',
        tagsToAdd: { type: 'myWeeklySnapshot' },
        cadence: Cadence.weekly(Weekday.FRIDAY, { startTime: '17:00' }),
        retention: Retention.count(5),
        copyTags: false,
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My volume policy', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'costcenter', Value: '115' }],
      Schedules: [{
        Name: 'DailySnapshots',
        TagsToAdd: [{ Key: 'type', Value: 'myDailySnapshot' }],
        CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['03:00'] },
        RetainRule: { Count: 5 },
        CopyTags: false,
      }, {
        Name: 'WeeklySnapshots',
        TagsToAdd: [{ Key: 'type', Value: 'myWeeklySnapshot' }],
        CreateRule: { CronExpression: 'cron(0 17 ? * FRI *)' },
        RetainRule: { Count: 5 },
        CopyTags: false,
      }],
    });
  });

  // Example 2: Snapshot lifecycle policy that targets instances and creates snapshots of a
  // subset of data (non-root) volumes.
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 2: instances, leaving out data volumes tagged code=temp', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'My volume policy',
      resourceType: SnapshotResourceType.INSTANCE,
      targetTags: { code: 'production' },
      excludeDataVolumeTags: { code: 'temp' },
      schedules: [{
        name: 'DailySnapshots',
        tagsToAdd: { type: 'myDailySnapshot' },
        cadence: Cadence.daily({ startTime: '03:00' }),
        retention: Retention.count(5),
        copyTags: false,
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My volume policy', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['INSTANCE'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'code', Value: 'production' }],
      Parameters: { ExcludeDataVolumeTags: [{ Key: 'code', Value: 'temp' }] },
      Schedules: [{
        Name: 'DailySnapshots',
        TagsToAdd: [{ Key: 'type', Value: 'myDailySnapshot' }],
        CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['03:00'] },
        RetainRule: { Count: 5 },
        CopyTags: false,
      }],
    });
  });

  // Example 3: Snapshot lifecycle policy that automates local snapshots of Outpost resources.
  // AWS's JSON writes `ResourceTypes`/`ResourceLocations` as strings and `Location` as a list;
  // the API takes lists for the first two and a string for `Location`, as rendered here.
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 3: local snapshots on the Outpost of the volumes', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'My local snapshot policy',
      resourceLocation: ResourceLocation.OUTPOST,
      targetTags: { team: 'dev' },
      schedules: [{
        name: 'on-site backup',
        cadence: Cadence.every(Duration.hours(12), { startTime: '00:00' }),
        snapshotLocation: SnapshotLocation.OUTPOST_LOCAL,
        retention: Retention.count(1),
        copyTags: false,
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My local snapshot policy', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['OUTPOST'],
      TargetTags: [{ Key: 'team', Value: 'dev' }],
      Schedules: [{
        Name: 'on-site backup',
        CreateRule: { Interval: 12, IntervalUnit: 'HOURS', Times: ['00:00'], Location: 'OUTPOST_LOCAL' },
        RetainRule: { Count: 1 },
        CopyTags: false,
      }],
    });
  });

  // Example 4: Snapshot lifecycle policy that creates snapshots in a Region and copies them to
  // an Outpost (encrypted with the default key, copies kept 1 month).
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 4: snapshots in the Region, copied to an Outpost', () => {
    // GIVEN
    const stack = newStack();
    const outpost = 'arn:aws:outposts:us-east-1:123456789012:outpost/op-1234567890abcdef0';
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'Copy snapshots to Outpost',
      resourceLocation: ResourceLocation.CLOUD,
      targetTags: { team: 'dev' },
      schedules: [{
        name: 'on-site backup',
        copyTags: false,
        cadence: Cadence.every(Duration.hours(12), { startTime: '00:00' }),
        snapshotLocation: SnapshotLocation.CLOUD,
        retention: Retention.count(1),
        crossRegionCopies: [new FixedCopy({ destination: outpost, copyTags: true, retention: Retention.months(1) })],
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'Copy snapshots to Outpost', {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'team', Value: 'dev' }],
      Schedules: [{
        Name: 'on-site backup',
        CopyTags: false,
        CreateRule: { Interval: 12, IntervalUnit: 'HOURS', Times: ['00:00'], Location: 'CLOUD' },
        RetainRule: { Count: 1 },
        CrossRegionCopyRules: [{
          Target: outpost,
          Encrypted: true,
          CopyTags: true,
          RetainRule: { Interval: 1, IntervalUnit: 'MONTHS' },
        }],
      }],
    });
  });

  // Example 5: Snapshot lifecycle policy with an archive-enabled, age-based schedule: monthly
  // snapshots kept 1 day in the standard tier, then 90 days in the archive tier.
  // (AWS reuses the description "Copy snapshots to Outpost" for examples 5 and 6.)
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 5: archive-enabled, age-based schedule', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'Copy snapshots to Outpost',
      targetTags: { Name: 'Prod' },
      schedules: [{
        name: 'sched1',
        tagsToAdd: { createdby: 'dlm' },
        cadence: Cadence.monthly(1, { startTime: '09:00' }),
        copyTags: true,
        retention: Retention.age(Duration.days(1)),
        archive: { retention: Retention.age(Duration.days(90)) },
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'Copy snapshots to Outpost', {
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      Schedules: [{
        Name: 'sched1',
        TagsToAdd: [{ Key: 'createdby', Value: 'dlm' }],
        CreateRule: { CronExpression: 'cron(0 9 1 * ? *)' },
        CopyTags: true,
        RetainRule: { Interval: 1, IntervalUnit: 'DAYS' },
        ArchiveRule: { RetainRule: { RetentionArchiveTier: { Interval: 90, IntervalUnit: 'DAYS' } } },
      }],
      TargetTags: [{ Key: 'Name', Value: 'Prod' }],
    });
  });

  // Example 6: Snapshot lifecycle policy with an archive-enabled, count-based schedule:
  // monthly snapshots archived at once (count 0), at most 3 kept in the archive tier.
  // https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
  test('example 6: archive-enabled, count-based schedule (archived at once, 3 in the archive)', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnapshotPolicy(stack, 'P', {
      description: 'Copy snapshots to Outpost',
      targetTags: { Purpose: 'Test' },
      schedules: [{
        name: 'sched1',
        tagsToAdd: { createdby: 'dlm' },
        cadence: Cadence.monthly(1, { startTime: '09:00' }),
        copyTags: true,
        retention: Retention.count(0),
        archive: { retention: Retention.count(3) },
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'Copy snapshots to Outpost', {
      ResourceTypes: ['VOLUME'],
      ResourceLocations: ['CLOUD'],
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      Schedules: [{
        Name: 'sched1',
        TagsToAdd: [{ Key: 'createdby', Value: 'dlm' }],
        CreateRule: { CronExpression: 'cron(0 9 1 * ? *)' },
        CopyTags: true,
        RetainRule: { Count: 0 },
        ArchiveRule: { RetainRule: { RetentionArchiveTier: { Count: 3 } } },
      }],
      TargetTags: [{ Key: 'Purpose', Value: 'Test' }],
    });
  });
});

describe('Amazon EBS User Guide: automate AMI lifecycles (command line examples)', () => {
  // Example 1: Age-based retention and AMI deprecation. (AWS's JSON lacks the opening quotes
  // of "RetainRule" and "DeprecateRule"; the intended keys are rendered.)
  // https://docs.aws.amazon.com/ebs/latest/userguide/ami-policy.html
  test('example 1: daily AMIs at 01:00, kept 2 days, deprecated after 1 day, no reboot', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new AmiPolicy(stack, 'P', {
      description: 'My AMI policy',
      targetTags: { purpose: 'production' },
      noReboot: true,
      schedules: [{
        name: 'DailyAMIs',
        tagsToAdd: { type: 'myDailyAMI' },
        cadence: Cadence.daily({ startTime: '01:00' }),
        retention: Retention.age(Duration.days(2)),
        deprecate: Retention.age(Duration.days(1)),
        copyTags: true,
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My AMI policy', {
      PolicyType: 'IMAGE_MANAGEMENT',
      ResourceTypes: ['INSTANCE'],
      TargetTags: [{ Key: 'purpose', Value: 'production' }],
      Schedules: [{
        Name: 'DailyAMIs',
        TagsToAdd: [{ Key: 'type', Value: 'myDailyAMI' }],
        CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['01:00'] },
        RetainRule: { Interval: 2, IntervalUnit: 'DAYS' },
        DeprecateRule: { Interval: 1, IntervalUnit: 'DAYS' },
        CopyTags: true,
      }],
      Parameters: { NoReboot: true },
    });
  });

  // Example 2: Count-based retention and AMI deprecation with cross-Region copy.
  // https://docs.aws.amazon.com/ebs/latest/userguide/ami-policy.html
  test('example 2: 6-hourly AMIs, keep 3, deprecate 2, copied to us-east-1', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new AmiPolicy(stack, 'P', {
      description: 'My AMI policy',
      targetTags: { purpose: 'production' },
      noReboot: true,
      schedules: [{
        name: 'Schedule1',
        copyTags: true,
        cadence: Cadence.every(Duration.hours(6), { startTime: '17:30' }),
        retention: Retention.count(3),
        deprecate: Retention.count(2),
        crossRegionCopies: [new FixedCopy({
          destination: 'us-east-1',
          retention: Retention.age(Duration.days(2)),
          deprecate: Retention.age(Duration.days(1)),
          copyTags: true,
        })],
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'My AMI policy', {
      PolicyType: 'IMAGE_MANAGEMENT',
      ResourceTypes: ['INSTANCE'],
      TargetTags: [{ Key: 'purpose', Value: 'production' }],
      Parameters: { NoReboot: true },
      Schedules: [{
        Name: 'Schedule1',
        CopyTags: true,
        CreateRule: { Interval: 6, IntervalUnit: 'HOURS', Times: ['17:30'] },
        RetainRule: { Count: 3 },
        DeprecateRule: { Count: 2 },
        CrossRegionCopyRules: [{
          TargetRegion: 'us-east-1',
          Encrypted: true,
          RetainRule: { IntervalUnit: 'DAYS', Interval: 2 },
          DeprecateRule: { IntervalUnit: 'DAYS', Interval: 1 },
          CopyTags: true,
        }],
      }],
    });
  });
});

describe('Amazon DLM API Reference (CreateLifecyclePolicy examples)', () => {
  // Example 1: Default policy for EBS snapshots: daily, kept 3 days, copied to us-east-1,
  // leaving out st1 volumes, boot volumes and volumes tagged purpose=testing. The policy's
  // own `Tags` map (environment=prod) is applied with `Tags.of()`.
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_CreateLifecyclePolicy.html
  test('example 1: default policy for EBS snapshots', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const policy = new DefaultPolicy(stack, 'P', {
      resourceType: DefaultPolicyResourceType.VOLUME,
      description: 'Daily default snapshot policy',
      state: PolicyState.ENABLED,
      copyTags: true,
      createInterval: Duration.days(1),
      retainInterval: Duration.days(3),
      extendDeletion: true,
      crossRegionCopies: [new FixedCopy({ destination: 'us-east-1' })],
      exclusions: {
        excludeBootVolumes: true,
        excludeTags: { purpose: 'testing' },
        excludeVolumeTypes: [EbsVolumeType.ST1],
      },
    });
    Tags.of(policy).add('environment', 'prod');
    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
    template.hasResource('AWS::DLM::LifecyclePolicy', {
      Properties: Match.objectEquals({
        CopyTags: true,
        CreateInterval: 1,
        CrossRegionCopyTargets: [{ TargetRegion: 'us-east-1' }],
        DefaultPolicy: 'VOLUME',
        Description: 'Daily default snapshot policy',
        Exclusions: {
          ExcludeBootVolumes: true,
          ExcludeTags: [{ Key: 'purpose', Value: 'testing' }],
          ExcludeVolumeTypes: ['st1'],
        },
        ExecutionRoleArn: Match.anyValue(),
        ExtendDeletion: true,
        RetainInterval: 3,
        State: 'ENABLED',
        Tags: [{ Key: 'environment', Value: 'prod' }],
      }),
    });
  });

  // Example 2: Default policy for EBS snapshots with default settings (daily, kept 7 days).
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_CreateLifecyclePolicy.html
  test('example 2: default policy for EBS snapshots with default settings', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new DefaultPolicy(stack, 'P', {
      resourceType: DefaultPolicyResourceType.VOLUME,
      description: 'Daily default snapshot policy',
    });
    // THEN
    synth(stack).hasResource('AWS::DLM::LifecyclePolicy', {
      Properties: Match.objectEquals({
        DefaultPolicy: 'VOLUME',
        Description: 'Daily default snapshot policy',
        ExecutionRoleArn: Match.anyValue(),
        State: 'ENABLED',
      }),
    });
  });

  // Example 3: Custom EBS-backed AMI policy: 12-hourly AMIs from 17:30, kept 7 days,
  // deprecated after 2 days, copied (encrypted, kept 2 days) to us-east-1.
  // Adapted: AWS's example names the copy destination `Target`, but the DLM API model says
  // "Use this parameter for snapshot policies only. For AMI policies, use TargetRegion"; the
  // library follows the model. AWS's example also sends `Parameters.ExcludeBootVolume: false`,
  // a parameter the API model documents for snapshot policies that target instances only: an
  // AmiPolicy cannot render it (false is DLM's default, so the policy behaves the same).
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_CreateLifecyclePolicy.html
  test('example 3: custom EBS-backed AMI policy', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new AmiPolicy(stack, 'P', {
      description: 'Custom AMI policy',
      targetTags: { environment: 'prod' },
      noReboot: false,
      schedules: [{
        name: 'Schedule1',
        copyTags: true,
        cadence: Cadence.every(Duration.hours(12), { startTime: '17:30' }),
        retention: Retention.age(Duration.days(7)),
        deprecate: Retention.age(Duration.days(2)),
        crossRegionCopies: [new FixedCopy({ destination: 'us-east-1', copyTags: true, retention: Retention.age(Duration.days(2)) })],
      }],
    });
    // THEN
    expectPolicy(synth(stack), 'Custom AMI policy', {
      Parameters: { NoReboot: false },
      PolicyType: 'IMAGE_MANAGEMENT',
      ResourceTypes: ['INSTANCE'],
      Schedules: [{
        CopyTags: true,
        CreateRule: { Interval: 12, IntervalUnit: 'HOURS', Times: ['17:30'] },
        CrossRegionCopyRules: [{
          CopyTags: true,
          Encrypted: true,
          RetainRule: { Interval: 2, IntervalUnit: 'DAYS' },
          TargetRegion: 'us-east-1',
        }],
        DeprecateRule: { Interval: 2, IntervalUnit: 'DAYS' },
        Name: 'Schedule1',
        RetainRule: { Interval: 7, IntervalUnit: 'DAYS' },
      }],
      TargetTags: [{ Key: 'environment', Value: 'prod' }],
    });
  });
});

describe('Amazon EBS User Guide: application-consistent snapshots (pre and post scripts)', () => {
  // AWS's three policyDetails.json templates, with their placeholders filled in:
  // tag backup=app, a daily cron at 03:00, a retention of 7 and the values shown per test.
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  const CRON = 'cron(0 3 * * ? *)';

  function scriptPolicy(stack: Stack, script: SnapshotScript): void {
    new SnapshotPolicy(stack, 'P', {
      description: 'Application consistent snapshots',
      resourceType: SnapshotResourceType.INSTANCE,
      targetTags: { backup: 'app' },
      schedules: [{
        name: 'Daily',
        cadence: Cadence.expression(CRON),
        retention: Retention.count(7),
        script,
      }],
    });
  }

  function details(script: { [key: string]: unknown }): { [key: string]: unknown } {
    return {
      PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceTypes: ['INSTANCE'],
      ResourceLocations: ['CLOUD'],
      TargetTags: [{ Key: 'backup', Value: 'app' }],
      Schedules: [{
        Name: 'Daily',
        CreateRule: { CronExpression: CRON, Scripts: [script] },
        RetainRule: { Count: 7 },
      }],
    };
  }

  // "VSS Backup": ExecutionHandler AWS_VSS_BACKUP, no ExecutionHandlerService, stages or timeout.
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  test('VSS backup', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    scriptPolicy(stack, SnapshotScript.windowsVss({ onFailure: ScriptFailureAction.SKIP_INSTANCE, maximumRetryCount: 2 }));
    // THEN
    expectPolicy(synth(stack), 'Application consistent snapshots', details({
      ExecutionHandler: 'AWS_VSS_BACKUP',
      ExecuteOperationOnScriptFailure: false,
      MaximumRetryCount: 2,
    }));
  });

  // "SAP HANA backups": the AWS-managed SSM document, PRE and POST stages.
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  test('SAP HANA backups', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    scriptPolicy(stack, SnapshotScript.sapHana({
      stages: [ScriptStage.PRE, ScriptStage.POST],
      onFailure: ScriptFailureAction.SKIP_INSTANCE,
      timeout: Duration.seconds(120),
      maximumRetryCount: 1,
    }));
    // THEN
    expectPolicy(synth(stack), 'Application consistent snapshots', details({
      Stages: ['PRE', 'POST'],
      ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
      ExecutionHandler: 'AWSSystemsManagerSAP-CreateDLMSnapshotForSAPHANA',
      ExecuteOperationOnScriptFailure: false,
      ExecutionTimeout: 120,
      MaximumRetryCount: 1,
    }));
  });

  // "Custom SSM document": your own document by name (or ARN), PRE and POST stages.
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  test('custom SSM document', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    scriptPolicy(stack, SnapshotScript.fromSsmDocument('MySqlFreezeThaw', {
      stages: [ScriptStage.PRE, ScriptStage.POST],
      onFailure: ScriptFailureAction.CRASH_CONSISTENT_SNAPSHOT,
      timeout: Duration.seconds(60),
      maximumRetryCount: 3,
    }));
    // THEN
    expectPolicy(synth(stack), 'Application consistent snapshots', details({
      Stages: ['PRE', 'POST'],
      ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
      ExecutionHandler: 'MySqlFreezeThaw',
      ExecuteOperationOnScriptFailure: true,
      ExecutionTimeout: 60,
      MaximumRetryCount: 3,
    }));
  });
});

describe('Amazon DLM API Reference (EventParameters)', () => {
  // DLM API reference, EventParameters: "specifying ^.*Created for policy:
  // policy-1234567890abcdef0.*$ configures the policy to run only if snapshots created by policy
  // policy-1234567890abcdef0 are shared with your account". Adaptations: the copy target and its
  // key and retention are this test's (the reference shows none); copies are always encrypted.
  // https://docs.aws.amazon.com/dlm/latest/APIReference/API_EventParameters.html
  test('cross-account copy event policy: snapshots of one source policy, shared by one account', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new CrossAccountCopyPolicy(stack, 'CopyPolicy', {
      description: 'Copy policy',
      sourceAccounts: ['111111111111'],
      sourceKeyArns: ['arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      descriptionRegex: '^.*Created for policy: policy-1234567890abcdef0.*$',
      actionName: 'Copy Snapshot',
      copies: [DrCopyRule.toRegion('us-west-2', {
        encryptionKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/abcd1234-a123-456a-a12b-a123b4cd56ef',
        retention: Retention.age(Duration.days(2)),
      })],
    });
    // THEN
    expectPolicy(synth(stack), 'Copy policy', {
      PolicyType: 'EVENT_BASED_POLICY',
      EventSource: {
        Type: 'MANAGED_CWE',
        Parameters: {
          EventType: 'shareSnapshot',
          SnapshotOwner: ['111111111111'],
          DescriptionRegex: '^.*Created for policy: policy-1234567890abcdef0.*$',
        },
      },
      Actions: [{
        Name: 'Copy Snapshot',
        CrossRegionCopy: [{
          Target: 'us-west-2',
          EncryptionConfiguration: { Encrypted: true, CmkArn: 'arn:aws:kms:us-west-2:123456789012:key/abcd1234-a123-456a-a12b-a123b4cd56ef' },
          RetainRule: { Interval: 2, IntervalUnit: 'DAYS' },
        }],
      }],
    });
  });
});
