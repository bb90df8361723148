/**
 * RestoreDrill: the synthesized drill (schedule, state machine, least-privilege role, alarms,
 * report section), its synthesized definition executed in the local interpreter, and every
 * validation rule.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fc from 'fast-check';
import { AwsDouble, ensurePromiseWithResolvers } from './aws-double';
import { StateMachine, StateMachineDefinition, validateAsl } from './interpreter';
import { BackupEngine, BackupTier, ReportSections, SnapshotPolicy, TieredBackup } from '../../src';
import { DrillValidation, RestoreDrill, RestoreDrillProps } from '../../src/restore';
import { scheduleIntervalHours } from '../../src/restore/private/schedule-interval';
import { synth, testApp } from '../harness';
import { describeWhen, scratchDir, succeeds } from '../hooks/support';

ensurePromiseWithResolvers();

const ENV = { account: '111111111111', region: 'ap-south-1' };
const INSTANCE = 'i-0123456789abcdef0';

function app(): { stack: Stack; tiers: TieredBackup } {
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.development()],
  });
  return { stack, tiers };
}

/** A CloudFormation value with its references replaced by readable placeholders. */
function resolveRefs(value: any): any {
  if (Array.isArray(value)) return value.map(resolveRefs);
  if (value && typeof value === 'object') {
    if ('Ref' in value) return value.Ref === 'AWS::Partition' ? 'aws' : `<${value.Ref}>`;
    if ('Fn::GetAtt' in value) return `<${value['Fn::GetAtt'].join('.')}>`;
    if ('Fn::Join' in value) return value['Fn::Join'][1].map(resolveRefs).join(value['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v)]));
  }
  return value;
}

function roleStatements(template: Template, roleLogicalPrefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const policy = Object.entries(policies).find(([id]) => id.startsWith(roleLogicalPrefix))!;
  return resolveRefs(policy[1].Properties.PolicyDocument.Statement);
}

describe('RestoreDrill for a tier, with the file system check', () => {
  let template: Template;
  let drill: RestoreDrill;
  let stack: Stack;
  let tiers: TieredBackup;

  beforeAll(() => {
    ({ stack, tiers } = app());
    const topic = new sns.Topic(stack, 'Alarms');
    drill = new RestoreDrill(stack, 'Drill', {
      tier: tiers.tier('critical'),
      validation: DrillValidation.fileSystemCheck(),
      drillInstanceId: INSTANCE,
      availabilityZone: 'ap-south-1a',
      topic,
    });
    template = synth(stack);
  });

  test('a weekly EventBridge Scheduler schedule starts the state machine', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 ? * MON *)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^DrillStateMachine') } }),
    });
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the synthesized definition is valid ASL, uses only AWS SDK integrations, and runs: restore, validate, delete, publish', async () => {
    const [sm] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const text = resolveRefs(sm.Properties.DefinitionString);
    const definition = JSON.parse(text);
    expect(validateAsl(definition).isValid).toBe(true);
    const resources = Object.values(definition.States).filter((s: any) => s.Type === 'Task').map((s: any) => s.Resource);
    expect(resources.every((r: string) => r.startsWith('arn:aws:states:::aws-sdk:'))).toBe(true);
    // the tier's policy, the drill tag, the zone
    const policyRef = `<${Object.keys(template.findResources('AWS::DLM::LifecyclePolicy')).find((id) => id.startsWith('Tierscritical'))}>`;
    expect(definition.States.FindSnapshots.Parameters.Filters[0]).toEqual({ Name: 'tag:aws:dlm:lifecycle-policy-id', Values: [policyRef] });
    expect(definition.States.CreateVolume.Parameters.AvailabilityZone).toBe('ap-south-1a');
    expect(definition.States.CreateVolume.Parameters.TagSpecifications[0].Tags).toEqual([
      { Key: 'cdk-tiered-backup:restore-drill', Value: drill.volumeTagValue },
    ]);
    expect(definition.States.RunValidation.Parameters.DocumentName).toMatch(/^<DrillValidationDocument/);

    const double = new AwsDouble({
      snapshots: [
        { SnapshotId: 'snap-1', StartTime: '2026-12-07T00:00:00Z', VolumeId: 'vol-0aaaaaaaaaaaaaaaa', State: 'completed', policyId: policyRef },
        { SnapshotId: 'snap-2', StartTime: '2026-12-07T04:00:00Z', VolumeId: 'vol-0aaaaaaaaaaaaaaaa', State: 'completed', policyId: policyRef },
      ],
      volumeStates: ['creating', 'available'],
    });
    const run = new StateMachine(definition as StateMachineDefinition).run({}, {
      overrides: { taskResourceLocalHandlers: double.handlers(), waitTimeOverrides: { WaitForVolume: 0, WaitForValidation: 0 } },
      context: { Execution: { Id: 'arn:aws:states:ap-south-1:111111111111:execution:x:1' } } as any,
    });
    await run.result;
    expect(double.calls.find((c) => c.state === 'CreateVolume')!.input.SnapshotId).toBe('snap-2');
    expect(double.volumes.size).toBe(0);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=40', 'RestoreSucceeded=1']);
    expect(double.metrics.every((m) => m.namespace === 'CdkTieredBackup/RestoreDrills')).toBe(true);
  });

  test('least privilege: volumes created only with the drill tag, deleted/attached/detached only when they carry it', () => {
    const tag = drill.volumeTagValue;
    const volumes = 'arn:aws:ec2:ap-south-1:111111111111:volume/*';
    const instance = `arn:aws:ec2:ap-south-1:111111111111:instance/${INSTANCE}`;
    const docRef = Object.keys(template.findResources('AWS::SSM::Document'))[0];
    expect(roleStatements(template, 'DrillRoleDefaultPolicy')).toEqual([
      { Sid: 'Describe', Effect: 'Allow', Action: ['ec2:DescribeSnapshots', 'ec2:DescribeVolumes'], Resource: '*' },
      { Sid: 'CreateFromSnapshots', Effect: 'Allow', Action: 'ec2:CreateVolume', Resource: 'arn:aws:ec2:ap-south-1::snapshot/*' },
      {
        Sid: 'CreateTaggedVolumes',
        Effect: 'Allow',
        Action: 'ec2:CreateVolume',
        Resource: volumes,
        Condition: { StringEquals: { 'aws:RequestTag/cdk-tiered-backup:restore-drill': tag } },
      },
      {
        Sid: 'TagOnCreate',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: volumes,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVolume', 'aws:RequestTag/cdk-tiered-backup:restore-drill': tag } },
      },
      {
        Sid: 'OnlyDrillVolumes',
        Effect: 'Allow',
        Action: ['ec2:AttachVolume', 'ec2:DeleteVolume', 'ec2:DetachVolume'],
        Resource: volumes,
        Condition: { StringEquals: { 'aws:ResourceTag/cdk-tiered-backup:restore-drill': tag } },
      },
      {
        Sid: 'PutDrillMetrics',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkTieredBackup/RestoreDrills' } },
      },
      { Sid: 'AttachToDrillInstance', Effect: 'Allow', Action: ['ec2:AttachVolume', 'ec2:DetachVolume'], Resource: instance },
      {
        Sid: 'RunValidation',
        Effect: 'Allow',
        Action: 'ssm:SendCommand',
        Resource: [`arn:aws:ssm:ap-south-1:111111111111:document/<${docRef}>`, instance],
      },
      { Sid: 'ReadValidation', Effect: 'Allow', Action: 'ssm:GetCommandInvocation', Resource: '*' },
    ]);
  });

  test('the drill role cannot delete a volume without the drill tag: no DeleteVolume is granted unconditioned', () => {
    const statements = roleStatements(template, 'DrillRoleDefaultPolicy');
    const deleting = statements.filter((s) => [s.Action].flat().some((a: string) => a === 'ec2:DeleteVolume' || a === 'ec2:*' || a === '*'));
    expect(deleting).toHaveLength(1);
    expect(deleting[0].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/cdk-tiered-backup:restore-drill': drill.volumeTagValue } });
  });

  test('alarms: over the tier RTO (15 minutes), failed, missed (weekly: 7 days, the CloudWatch maximum), notifying the topic', () => {
    const topicRef = { Ref: Match.stringLikeRegexp('^Alarms') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkTieredBackup/RestoreDrills',
      MetricName: 'RestoreSeconds',
      Dimensions: [{ Name: 'Tier', Value: 'critical' }],
      Statistic: 'Maximum',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
      Period: 3600,
      EvaluationPeriods: 1,
      TreatMissingData: 'ignore',
      AlarmActions: [topicRef],
      OKActions: [topicRef],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RestoreSucceeded', Statistic: 'Minimum', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'ignore',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DrillStarted',
      Statistic: 'SampleCount',
      Period: 3600,
      EvaluationPeriods: 168,
      DatapointsToAlarm: 168,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.Period * alarm.Properties.EvaluationPeriods).toBeLessThanOrEqual(604800);
    }
  });

  test('the file system check document takes the volume ID by an allowedPattern parameter and mounts read-only', () => {
    const [doc] = Object.values(template.findResources('AWS::SSM::Document'));
    const content = doc.Properties.Content;
    expect(content.parameters).toEqual({ volumeId: expect.objectContaining({ type: 'String', allowedPattern: '^vol-[0-9a-f]{8,17}$' }) });
    const script: string = content.mainSteps[0].inputs.runCommand[0];
    expect(script).toContain("volume_id='{{ volumeId }}'");
    expect(script.match(/\{\{/g)).toHaveLength(1); // the only substitution, single-quoted
    expect(script).toMatch(/options=ro,noload/);
    expect(script).toMatch(/e2fsck -fn/);
    expect(script).not.toMatch(/mount -o rw|mkfs|fsck -y|e2fsck -[a-z]*[yp]/);
  });

  describe('the file system check script', () => {
    let files: string[];
    beforeAll(() => {
      const [doc] = Object.values(template.findResources('AWS::SSM::Document'));
      const script: string = doc.Properties.Content.mainSteps[0].inputs.runCommand[0];
      // as written, and as Run Command substitutes it
      files = [script, script.replace('{{ volumeId }}', 'vol-0123456789abcdef0')].map((text, i) => {
        const file = path.join(scratchDir(), `restore-drill-fsck-${i}.sh`);
        fs.writeFileSync(file, text);
        return file;
      });
    });

    test('parses (bash -n)', () => {
      for (const file of files) {
        const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
        expect(r.stderr).toEqual('');
        expect(r.status).toBe(0);
      }
    });

    describeWhen(succeeds('shellcheck', ['--version']), 'shellcheck', 'ShellCheck', () => {
      test('has no finding at any severity', () => {
        const r = spawnSync('shellcheck', ['--norc', '--shell=bash', '--severity=style', ...files], { encoding: 'utf8' });
        expect(r.stdout).toEqual('');
        expect(r.status).toBe(0);
      });
    });
  });

  test('the plan report shows the tier RTO and how it is measured', () => {
    const sections = ReportSections.of(stack).filter((s) => s.title === 'Restore drills');
    expect(sections).toHaveLength(1);
    expect(sections[0].columns).toEqual(['RTO', 'Measured by', 'Schedule', 'Availability Zone', 'Validation', 'Alarms']);
    expect(sections[0].rows).toEqual([{
      tier: 'critical',
      cells: [
        '15 minutes', 'restore drill: newest snapshot of the policies', 'cron(0 5 ? * MON *)', 'ap-south-1a',
        'file system check (read-only mount, e2fsck -fn)', 'over RTO, failed, missed',
      ],
    }]);
  });
});

test('one `Restore drills` table for all the drills of an app, a row per drill, by tier', () => {
  const { stack, tiers } = app();
  new RestoreDrill(stack, 'B', { tier: tiers.tier('development') });
  new RestoreDrill(stack, 'A', { tier: tiers.tier('critical'), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)) });
  const sections = ReportSections.of(stack).filter((s) => s.title === 'Restore drills');
  expect(sections).toHaveLength(1);
  expect(sections[0].rows.map((r) => [r.tier, r.cells[0], r.cells[2], r.cells[5]])).toEqual([
    ['critical', '15 minutes', 'rate(1 day)', 'over RTO, failed, missed'],
    ['development', 'none declared', 'cron(0 5 ? * MON *)', 'failed, missed'],
  ]);
});

test('a drill for each DLM tier of the presets synthesizes and executes, restoring from all of the tier\'s policies', async () => {
  // GIVEN the four preset tiers (the database tier with one DLM policy per rung, its hook running on each)
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging()],
  });
  const drills = tiers.tiers.map((t) => new RestoreDrill(stack, `Drill-${t.name}`, { tier: tiers.tier(t.name) }));
  // WHEN
  const template = synth(stack);
  // THEN each definition restores the newest snapshot of any of its tier's policies, and deletes it
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  for (const drill of drills) {
    const [, sm] = Object.entries(machines).find(([id]) => id.startsWith(`Drill${drill.tierName}StateMachine`))!;
    const definition = JSON.parse(resolveRefs(sm.Properties.DefinitionString));
    const policyIds: string[] = definition.States.FindSnapshots.Parameters.Filters[0].Values;
    expect(policyIds).toHaveLength(tiers.tier(drill.tierName).policies.length);
    const snapshots = policyIds.map((policyId, i) => ({
      SnapshotId: `snap-${i}`, StartTime: `2026-12-0${i + 1}T00:00:00Z`, VolumeId: 'vol-0aaaaaaaaaaaaaaaa', State: 'completed' as const, policyId,
    }));
    const double = new AwsDouble({ snapshots, volumeStates: ['creating', 'available'] });
    const run = new StateMachine(definition as StateMachineDefinition).run({}, {
      overrides: { taskResourceLocalHandlers: double.handlers(), waitTimeOverrides: { WaitForVolume: 0 } },
      context: { Execution: { Id: `arn:aws:states:ap-south-1:111111111111:execution:${drill.tierName}:1` } } as any,
    });
    await run.result;
    expect(double.calls.find((c) => c.state === 'CreateVolume')!.input.SnapshotId).toBe(`snap-${policyIds.length - 1}`);
    expect(double.volumes.size).toBe(0);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=30', 'RestoreSucceeded=1']);
    expect(double.metrics.every((m) => m.datum.Dimensions[0].Value === drill.tierName)).toBe(true);
  }
});

describe('RestoreDrill for a policy, without validation', () => {
  test('monthly: no missed-drill alarm (beyond CloudWatch\'s 7 days), a warning; no RTO alarm without an RTO; delete-only IAM', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const policy = SnapshotPolicy.fromLifecyclePolicyId(stack, 'Policy', 'policy-0a1b2c3d4e5f67890');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:ap-south-1:111111111111:key/0b7e4b4b-0000-4000-8000-000000000001');
    const drill = new RestoreDrill(stack, 'Drill', {
      policy,
      encryptionKeys: [key],
      schedule: scheduler.ScheduleExpression.cron({ day: '1', hour: '5', minute: '0' }),
      pollInterval: Duration.seconds(30),
      metricNamespace: 'MyTeam/Drills',
    });
    const template = synth(stack);
    expect(drill.tierName).toBe('Drill');
    expect(drill.rtoAlarm).toBeUndefined();
    expect(drill.missedDrillAlarm).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.resourceCountIs('AWS::SSM::Document', 0);
    const statements = roleStatements(template, 'DrillRoleDefaultPolicy');
    expect(statements.map((s) => s.Sid)).toEqual([
      'Describe', 'CreateFromSnapshots', 'CreateTaggedVolumes', 'TagOnCreate', 'OnlyDrillVolumes', 'PutDrillMetrics', 'UseSnapshotKey0',
    ]);
    expect(statements[4].Action).toBe('ec2:DeleteVolume');
    expect(statements[5].Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'MyTeam/Drills' } });
    expect(statements[6]).toEqual({
      Sid: 'UseSnapshotKey0',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      Resource: 'arn:aws:kms:ap-south-1:111111111111:key/0b7e4b4b-0000-4000-8000-000000000001',
      Condition: { StringEquals: { 'kms:ViaService': 'ec2.ap-south-1.amazonaws.com' } },
    });
    const [sm] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.parse(resolveRefs(sm.Properties.DefinitionString));
    expect(definition.States.FindSnapshots.Parameters.Filters[0].Values).toEqual(['policy-0a1b2c3d4e5f67890']);
    expect(definition.States.WaitForVolume.Seconds).toBe(30);
    expect(definition.States.VolumeReady.Choices[2].NumericGreaterThanEquals).toBe(120); // 1 hour / 30 s
    // the first zone of the Region (Fn::Select of Fn::GetAZs)
    expect(sm.Properties.DefinitionString['Fn::Join'][1]).toContainEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    const warnings = stack.node.findChild('Drill').node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.some((w) => w.includes('CloudWatch alarms look back at most 7 days'))).toBe(true);
  });
});

describe('scheduleIntervalHours', () => {
  test.each([
    ['rate(1 hour)', 1], ['rate(30 minutes)', 0.5], ['rate(7 days)', 168], ['rate(3 days)', 72],
    ['cron(0 5 ? * MON *)', 168], ['cron(0 5 ? * 2 *)', 168], ['cron(0 5 * * ? *)', 24], ['cron(15 * * * ? *)', 1],
    ['cron(0 5 1 * ? *)', 744], ['cron(0 5 L * ? *)', 744],
    ['cron(0 5 ? * MON,THU *)', undefined], ['cron(0 5 31 * ? *)', undefined], ['cron(0 5,17 * * ? *)', undefined],
    ['cron(0 5 1 1 ? *)', undefined], ['at(2027-01-01T00:00:00)', undefined], ['cron(0/5 * * * ? *)', undefined],
  ])('%s -> %s hours', (expression, hours) => {
    expect(scheduleIntervalHours(expression)).toBe(hours);
  });

  test('any rate in days, hours or minutes is read as its length', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(['minute', 1 / 60], ['hour', 1], ['day', 24]), (n, [unit, hours]) => {
      const text = `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
      expect(scheduleIntervalHours(text)).toBeCloseTo(n * (hours as number), 9);
    }));
  });

  test('any cron expression on one weekday, or one day of the month (1-28), at one time, is read as a week or 31 days', () => {
    const minute = fc.integer({ min: 0, max: 59 });
    const hour = fc.integer({ min: 0, max: 23 });
    const weekday = fc.oneof(fc.constantFrom('SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'), fc.integer({ min: 1, max: 7 }).map(String));
    fc.assert(fc.property(minute, hour, weekday, (m, h, d) => {
      expect(scheduleIntervalHours(`cron(${m} ${h} ? * ${d} *)`)).toBe(168);
    }));
    fc.assert(fc.property(minute, hour, fc.integer({ min: 1, max: 28 }), (m, h, d) => {
      expect(scheduleIntervalHours(`cron(${m} ${h} ${d} * ? *)`)).toBe(744);
    }));
  });
});

describe('RestoreDrill validation', () => {
  function drill(props: (tiers: TieredBackup, stack: Stack) => Partial<RestoreDrillProps>): () => RestoreDrill {
    return () => {
      const { stack, tiers } = app();
      return new RestoreDrill(stack, 'Drill', { tier: tiers.tier('critical'), ...props(tiers, stack) } as RestoreDrillProps);
    };
  }
  const P = '\\[Stack/Drill\\] ';

  test.each<[string, (tiers: TieredBackup, stack: Stack) => Partial<RestoreDrillProps>, RegExp]>([
    ['neither tier nor policy', () => ({ tier: undefined }), new RegExp(`^${P}\`tier\` or \`policy\` must be given, exactly one of them, got neither$`)],
    ['both tier and policy', (_, s) => ({ policy: SnapshotPolicy.fromLifecyclePolicyId(s, 'P', 'policy-0a1b2c3d4e5f67890') }),
      new RegExp(`^${P}\`tier\` or \`policy\` must be given, exactly one of them, got both$`)],
    ['pollInterval not whole seconds', () => ({ pollInterval: Duration.millis(1500) }),
      new RegExp(`^${P}\`pollInterval\` must be a whole number of seconds between 1 and 300, got 1 second 500 millis$`)],
    ['pollInterval too long', () => ({ pollInterval: Duration.minutes(6) }), /`pollInterval` must be a whole number of seconds between 1 and 300, got 6 minutes$/],
    ['timeout shorter than the poll', () => ({ pollInterval: Duration.seconds(60), timeout: Duration.seconds(30) }),
      /`timeout` must be a whole number of seconds between 60 and 86400, got 30 seconds$/],
    ['validation without instance', () => ({ validation: DrillValidation.fileSystemCheck() }),
      new RegExp(`^${P}\`validation\` needs \`drillInstance\` or \`drillInstanceId\`: the instance the restored volume is attached to, got no drill instance$`)],
    ['instance without validation', () => ({ drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a' }),
      /`drillInstance` is only used by a `validation`: give one \(e\.g\. DrillValidation\.fileSystemCheck\(\)\), got "i-0123456789abcdef0"$/],
    ['instance id without zone', () => ({ validation: DrillValidation.fileSystemCheck(), drillInstanceId: INSTANCE }),
      /`availabilityZone` must be given with `drillInstanceId`: the drill instance's zone, where the volume is restored, got none$/],
    ['bad instance id', () => ({ validation: DrillValidation.fileSystemCheck(), drillInstanceId: 'web-1', availabilityZone: 'ap-south-1a' }),
      /`drillInstanceId` must match an instance ID such as i-0123456789abcdef0, got "web-1"$/],
    ['bad zone', () => ({ availabilityZone: 'mumbai' }), /`availabilityZone` must match an Availability Zone name such as ap-south-1a, got "mumbai"$/],
    ['bad device', () => ({ validation: DrillValidation.fileSystemCheck(), drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a', device: '/dev/sda1' }),
      /`device` must match a device name \/dev\/sd\[f-p\] or \/dev\/xvd\[f-p\], got "\/dev\/sda1"$/],
    ['bad source volume', () => ({ sourceVolumeId: 'volume-1' }), /`sourceVolumeId` must match a volume ID such as vol-0123456789abcdef0, got "volume-1"$/],
    ['AWS/ namespace', () => ({ metricNamespace: 'AWS/EBS' }), /`metricNamespace` must match a CloudWatch namespace of 1-255 characters not starting with `AWS\/` or `:`, got "AWS\/EBS"$/],
    ['empty tierName', () => ({ tierName: '' }), /`tierName` must be 1 to 255 characters long, got ""$/],
    ['one-time schedule', () => ({ schedule: scheduler.ScheduleExpression.expression('at(2027-01-01T00:00:00)') }),
      /`schedule` must recur \(a rate or cron expression\): a drill proves the RTO again and again, got "at\(2027-01-01T00:00:00\)"$/],
    ['interval unreadable', () => ({ schedule: scheduler.ScheduleExpression.expression('cron(0 5 ? * MON,THU *)') }),
      /`interval` must be given when it cannot be read from `schedule` .*, got "cron\(0 5 \? \* MON,THU \*\)"$/],
    ['more often than hourly', () => ({ schedule: scheduler.ScheduleExpression.rate(Duration.minutes(30)) }),
      /`schedule` must run at most hourly \(a drill creates a volume each time\), got "rate\(30 minutes\)"$/],
    ['interval under an hour', () => ({ interval: Duration.minutes(10) }), /`interval` must be at least 1 hour, got 10 minutes$/],
    ['validationTimeout', () => ({ validation: DrillValidation.fileSystemCheck(), drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a', validationTimeout: Duration.hours(3) }),
      /`validationTimeout` must be a whole number of minutes between 1 and 120, got 3 hours$/],
    ['document name', () => ({ validation: DrillValidation.ssmDocument('x'), drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a' }),
      /`validation.documentName` must match a Systems Manager document name .*, got "x"$/],
    ['document parameter volumeId', () => ({ validation: DrillValidation.ssmDocument('MyCheck', { volumeId: ['vol-1'] }), drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a' }),
      /`validation.parameters` must not set `volumeId`: the drill passes the restored volume's ID, got "volumeId"$/],
    ['document parameter without value', () => ({ validation: DrillValidation.ssmDocument('MyCheck', { db: [] }), drillInstanceId: INSTANCE, availabilityZone: 'ap-south-1a' }),
      /`validation.parameters.db` must have at least one value, got \[\]$/],
  ])('%s', (_, props, message) => {
    expect(drill(props)).toThrow(message);
  });

  test('both drillInstance and drillInstanceId', () => {
    const { stack, tiers } = app();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['ap-south-1a'], natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const host = new ec2.Instance(stack, 'Host', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    expect(() => new RestoreDrill(stack, 'Drill', {
      tier: tiers.tier('critical'), validation: DrillValidation.fileSystemCheck(), drillInstance: host, drillInstanceId: INSTANCE,
    })).toThrow(/^\[Stack\/Drill\] `drillInstanceId` must not be given with `drillInstance`, got "i-0123456789abcdef0"$/);
  });

  test('a poll interval that is a token', () => {
    const { stack, tiers } = app();
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    expect(() => new RestoreDrill(stack, 'Drill', { tier: tiers.tier('critical'), pollInterval: Duration.seconds(seconds) }))
      .toThrow(/^\[Stack\/Drill\] `pollInterval` must be known at synth \(the state machine's waits are literal\), got a token$/);
  });

  test('a tier without DLM policies', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], ebsEngine: BackupEngine.AWS_BACKUP });
    expect(() => new RestoreDrill(stack, 'Drill', { tier: tiers.tier('development') })).toThrow(
      /^\[Stack\/Drill\] `tier` must be a tier with DLM policies \(a restore drill restores DLM snapshots; AWS Backup tiers are drilled by TierRestoreTesting\), got "development"$/);
  });

  test('a drill instance in another zone than availabilityZone', () => {
    const { stack, tiers } = app();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      availabilityZones: ['ap-south-1b'], natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }],
    });
    const host = new ec2.Instance(stack, 'Host', {
      vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    expect(() => new RestoreDrill(stack, 'Drill', {
      tier: tiers.tier('critical'), validation: DrillValidation.fileSystemCheck(), drillInstance: host, availabilityZone: 'ap-south-1a',
    })).toThrow(/`availabilityZone` must be the drill instance's zone \(ap-south-1b\): a volume attaches only to an instance in its zone, got "ap-south-1a"$/);
  });

  test('a zone without the tier\'s fast snapshot restore draws a warning', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [new BackupTier({ ...BackupTier.critical('ap-southeast-1'), name: 'critical', fastRestore: { availabilityZones: ['ap-south-1a'] } })],
    });
    const d = new RestoreDrill(stack, 'Drill', { tier: tiers.tier('critical'), availabilityZone: 'ap-south-1c' });
    const warnings = d.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.some((w) => w.includes('ap-south-1c, where tier `critical` keeps no fast snapshot restore (ap-south-1a)'))).toBe(true);
  });
});
