/**
 * BackupMonitoring on one app with the four preset tiers (synthesized once, through the
 * conformance harness): alarms with thresholds that follow each tier, the topic and its
 * least-privilege policy, the event rules against AWS's sample events (fixtures/), the
 * messages they render, the dashboard, the budget and the report section; then the switches
 * and every validation rule.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, Duration, Fn, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { matches, renderInput } from './event-matcher';
import { BackupMonitoring, BackupPlanReport, BackupTier, Cadence, Retention, SnapshotScript, TierFeature, TieredBackup, Weekday } from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function fixture(name: string): any {
  const f = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
  expect(f._source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  return f.event;
}

function build(props: Partial<ConstructorParameters<typeof BackupMonitoring>[2]> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Prod', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [
      BackupTier.critical('ap-southeast-1'),
      BackupTier.database('eu-west-1', { consistency: SnapshotScript.windowsVss(), without: [TierFeature.DR_COPIES] }),
      BackupTier.development(),
      BackupTier.staging(),
    ],
  });
  tiers.tier('critical').assign(new ec2.Volume(stack, 'Content', {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(100), encrypted: true,
  }));
  tiers.tier('database').assign(new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
  const monitoring = new BackupMonitoring(stack, 'Monitoring', { tiers, snapshotBudget: {}, ...props });
  return { app, stack, tiers, monitoring };
}

/** Resources of a type, by logical id. */
function ofType(template: any, type: string): { [id: string]: any } {
  return Object.fromEntries(Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type));
}

/** The one resource of `type` whose logical id starts with `prefix`. */
function one(template: any, type: string, prefix: string): any {
  const found = Object.entries(ofType(template, type)).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][1];
}

/** Replaces the intrinsics of a synthesized value: `{ Fn::GetAtt: [id, attr] }` by `values(id, attr)`. */
function bind(value: any, values: (id: string, attr: string) => string): any {
  if (Array.isArray(value)) return value.map((v) => bind(v, values));
  if (value !== null && typeof value === 'object') {
    if ('Fn::GetAtt' in value) return values(value['Fn::GetAtt'][0], value['Fn::GetAtt'][1]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bind(v, values)]));
  }
  return value;
}

describe('BackupMonitoring of the four preset tiers', () => {
  let built: ReturnType<typeof build>;
  let template: any;
  beforeAll(() => {
    built = build();
    template = synth(built.stack).toJSON();
  });

  describe('missed-backup alarms follow the tier: most frequent rung + DLM\'s 1-hour start tolerance', () => {
    test.each([
      ['critical', 5, 'rung `Every4Hours` runs at most 4 hours apart'],
      ['database', 3, 'rung `Every2Hours` runs at most 2 hours apart'],
      ['development', 25, 'rung `Daily` runs at most 1 day apart'],
    ])('%s: no snapshot in %d hours', (tier, hours, why) => {
      const alarm = one(template, 'AWS::CloudWatch::Alarm', `Monitoring${tier}MissedBackup`).Properties;
      expect(alarm).toMatchObject({
        ComparisonOperator: 'LessThanThreshold', Threshold: 1, EvaluationPeriods: hours, DatapointsToAlarm: hours, TreatMissingData: 'breaching',
      });
      expect(alarm.AlarmDescription).toContain(`no DLM snapshot completed in ${hours} hours (${why}`);
      const policies = built.tiers.tier(tier).policies.length;
      const math = alarm.Metrics.find((m: any) => m.Expression !== undefined);
      expect(math.Expression.split(' + ')).toHaveLength(policies);
      const stats = alarm.Metrics.filter((m: any) => m.MetricStat !== undefined);
      const seen = stats.map(({ MetricStat: s }: any) => [s.Metric.Namespace, s.Metric.MetricName, s.Metric.Dimensions[0].Name, s.Period, s.Stat]);
      expect(seen)
        .toEqual(Array(policies).fill(['AWS/EBS', 'SnapshotsCreateCompleted', 'DLMPolicyId', 3600, 'Sum']));
    });

    test('staging (weekly, 169 hours) is beyond CloudWatch\'s 7-day range: no alarm, a daily scheduled check of 169 hours', () => {
      expect(Object.keys(ofType(template, 'AWS::CloudWatch::Alarm')).filter((id) => id.startsWith('MonitoringstagingMissedBackup'))).toEqual([]);
      const schedule = one(template, 'AWS::Scheduler::Schedule', 'MonitoringstagingMissedBackupCheck').Properties;
      expect(schedule.ScheduleExpression).toBe('rate(1 day)');
      const machineId = schedule.Target.Arn.Ref;
      const machine = template.Resources[machineId].Properties;
      const definition = JSON.parse(JSON.stringify(machine.DefinitionString).includes('Fn::Join')
        ? machine.DefinitionString['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : JSON.stringify(p).replace(/"/g, "'"))).join('')
        : machine.DefinitionString);
      expect(definition.States.SumCompletions.Arguments.StartTime).toBe('{% $fromMillis($millis() - 608400000) %}');
      expect(definition.States.Notify.Arguments.Message).toBe('Tier staging: no DLM snapshot completed in 7 days 1 hour (rung `Weekly` runs at most 7 days apart + DLM\'s start tolerance of 1 hour).');
      expect(machine.TracingConfiguration).toEqual({ Enabled: true });
      expect(built.monitoring.checks).toHaveLength(1);
      Annotations.fromStack(built.stack).hasNoWarning('/Prod/Monitoring', Match.anyValue());
    });
  });

  test('the tiers on AWS Backup: no backup job created in their vault for the database tier\'s worst case (2-hour rung + 1-hour start window); failed jobs', () => {
    const missed = one(template, 'AWS::CloudWatch::Alarm', 'MonitoringVaultMissedBackup').Properties;
    expect(missed).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'breaching' });
    expect(missed.AlarmDescription).toBe('Tiers database on AWS Backup: no backup job created in their vault in 3 hours '
      + '(tier `database` rung `Every2Hours` runs at most 2 hours apart, worst case on AWS Backup 3 hours with the start window).');
    const stat = missed.Metrics.find((m: any) => m.MetricStat).MetricStat;
    expect([stat.Metric.Namespace, stat.Metric.MetricName, stat.Metric.Dimensions[0].Name, stat.Period, stat.Stat])
      .toEqual(['AWS/Backup', 'NumberOfBackupJobsCreated', 'BackupVaultName', 3600, 'Sum']);
    const failures = one(template, 'AWS::CloudWatch::Alarm', 'MonitoringVaultJobFailures').Properties;
    expect(failures.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName))
      .toEqual(['NumberOfBackupJobsFailed', 'NumberOfBackupJobsExpired', 'NumberOfBackupJobsAborted']);
    expect(failures).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1, EvaluationPeriods: 1 });
  });

  test('failure alarms per tier: create (+ VSS), DR copy only where the tier copies, delete', () => {
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm');
    const names = (prefix: string) => Object.values(alarms)
      .filter((a: any) => a.Properties.AlarmDescription.startsWith(prefix) && a.Properties.ComparisonOperator === 'GreaterThanOrEqualToThreshold')
      .map((a: any) => a.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName));
    expect(names('Tier critical:').map((n) => [...new Set(n)])).toEqual([
      ['SnapshotsCreateFailed'], ['SnapshotsCopiedRegionFailed', 'SnapshotsCopiedRegionDeleteFailed'], ['SnapshotsDeleteFailed'],
    ]);
    expect(names('Tier database:').map((n) => [...new Set(n)])).toEqual([['SnapshotsCreateFailed', 'VSSBackupFailed'], ['SnapshotsDeleteFailed']]);
    for (const a of Object.values<any>(alarms)) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringTopic/) }]);
      expect(a.Properties.Metrics.filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(10);
    }
  });

  test('the topic is KMS-encrypted; only CloudWatch alarms, this construct\'s rules and Budgets of the account may publish', () => {
    const topic = one(template, 'AWS::SNS::Topic', 'MonitoringTopic').Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^MonitoringTopicKey/), 'Arn'] });
    const statements = one(template, 'AWS::SNS::TopicPolicy', 'MonitoringTopicPolicy').Properties.PolicyDocument.Statement;
    const allows = statements.filter((s: any) => s.Effect === 'Allow');
    expect(allows.map((s: any) => [s.Principal.Service, s.Action])).toEqual([
      ['cloudwatch.amazonaws.com', 'sns:Publish'], ['events.amazonaws.com', 'sns:Publish'], ['budgets.amazonaws.com', 'sns:Publish'],
    ]);
    for (const s of allows) expect(s.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(allows[0].Condition.ArnLike)).toContain(':cloudwatch:ap-south-1:111111111111:alarm:*');
    const ruleIds = Object.keys(ofType(template, 'AWS::Events::Rule')).sort();
    expect(allows[1].Condition.ArnEquals['aws:SourceArn'].map((a: any) => a['Fn::GetAtt'][0]).sort()).toEqual(ruleIds);
    expect(JSON.stringify(allows[2].Condition.ArnLike)).toContain(':budgets::');
    expect(statements.find((s: any) => s.Effect === 'Deny').Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    const key = one(template, 'AWS::KMS::Key', 'MonitoringTopicKey').Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement.filter((s: any) => s.Principal.Service).map((s: any) => s.Principal.Service))
      .toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'budgets.amazonaws.com']);
  });

  describe('event rules against AWS\'s sample events', () => {
    const SAMPLE_POLICY = 'arn:aws:dlm:us-east-1:123456789012:policy/policy-0123456789abcdef';
    const SCRIPT_POLICY = 'arn:aws:dlm:us-east-1:123456789012:policy/policy-01234567890abcdef';

    function rule(prefix: string, values: (id: string, attr: string) => string = () => 'unbound') {
      const props = one(template, 'AWS::Events::Rule', prefix).Properties;
      expect(props.Targets).toHaveLength(1);
      expect(props.Targets[0].Arn).toEqual({ Ref: expect.stringMatching(/^MonitoringTopic/) });
      return { pattern: bind(props.EventPattern, values), transformer: props.Targets[0].InputTransformer };
    }

    test('policy in ERROR: matches both DLM samples for the tier\'s policy, not another policy, and says tier, policy and cause', () => {
      const { pattern, transformer } = rule('MonitoringcriticalPolicyError', () => SAMPLE_POLICY);
      for (const name of ['dlm-policy-state-change-role', 'dlm-policy-state-change-limit']) expect(matches(pattern, fixture(name))).toBe(true);
      const other = rule('MonitoringcriticalPolicyError', () => 'arn:aws:dlm:us-east-1:123456789012:policy/policy-other').pattern;
      expect(matches(other, fixture('dlm-policy-state-change-role'))).toBe(false);
      expect(matches(pattern, fixture('dlm-script-vss-succeeded'))).toBe(false);
      expect(renderInput(transformer, fixture('dlm-policy-state-change-role')))
        .toBe(`Tier critical: DLM policy ${SAMPLE_POLICY} is in state ERROR: Role provided does not have sufficient permissions`);
    });

    test('script failure (VSS tier): does not match AWS\'s success sample; matches it with result failed', () => {
      const { pattern, transformer } = rule('MonitoringdatabaseScriptFailure', () => SCRIPT_POLICY);
      const success = fixture('dlm-script-vss-succeeded');
      expect(matches(pattern, success)).toBe(false);
      // AWS documents only the success event; the failure differs in `result` (and a cause)
      const failed = { ...success, detail: { ...success.detail, result: 'failed', cause: 'VSS timed out' } };
      expect(matches(pattern, failed)).toBe(true);
      expect(renderInput(transformer, failed)).toBe(
        `Tier database: AWS_VSS_BACKUP script  failed on arn:aws:ec2:us-east-1:123456789012:instance/i-01234567890abcdef (DLM policy ${SCRIPT_POLICY}), snapshots may be crash-consistent: VSS timed out`);
      expect(Object.keys(ofType(template, 'AWS::Events::Rule')).filter((id) => id.startsWith('MonitoringcriticalScriptFailure'))).toEqual([]);
    });

    test('EBS snapshot failures: the failed createSnapshots and copySnapshot samples, none of the succeeded ones', () => {
      const { pattern, transformer } = rule('MonitoringSnapshotFailures');
      expect(matches(pattern, fixture('ebs-create-snapshots-failed'))).toBe(true);
      expect(matches(pattern, fixture('ebs-copy-snapshot-failed'))).toBe(true);
      for (const ok of ['ebs-create-snapshot-succeeded', 'ebs-create-snapshots-succeeded', 'ebs-copy-snapshot-succeeded']) {
        expect({ ok, matched: matches(pattern, fixture(ok)) }).toEqual({ ok, matched: false });
      }
      // AWS documents createSnapshot's success only; its failure is the same event with result failed
      const created = fixture('ebs-create-snapshot-succeeded');
      expect(matches(pattern, { ...created, detail: { ...created.detail, result: 'failed' } })).toBe(true);
      expect(renderInput(transformer, fixture('ebs-copy-snapshot-failed'))).toBe(
        'EBS copySnapshot failed in us-east-1 at yyyy-mm-ddThh:mm:ssZ (any snapshot of the account; DLM tiers here: critical, database, development, staging): Source snapshot ID is not valid');
    });

    test('AWS Backup: failed, aborted and expired jobs of the tiers\' vault; failed copy and restore jobs; no completed job', () => {
      const vaultOf = (event: any) => () => event.detail.backupVaultArn ?? event.detail.sourceBackupVaultArn;
      for (const name of ['backup-job-failed', 'backup-job-aborted', 'backup-job-expired']) {
        const event = fixture(name);
        expect({ name, matched: matches(rule('MonitoringBackupJobFailures', vaultOf(event)).pattern, event) }).toEqual({ name, matched: true });
        expect(matches(rule('MonitoringBackupJobFailures', () => 'arn:aws:backup:us-west-2:1112233445566:backup-vault:other').pattern, event)).toBe(false);
      }
      const completed = fixture('backup-job-completed');
      expect(matches(rule('MonitoringBackupJobFailures', vaultOf(completed)).pattern, completed)).toBe(false);
      const copyFailed = fixture('copy-job-failed');
      expect(matches(rule('MonitoringCopyJobFailures', vaultOf(copyFailed)).pattern, copyFailed)).toBe(true);
      const copyDone = fixture('copy-job-completed');
      expect(matches(rule('MonitoringCopyJobFailures', vaultOf(copyDone)).pattern, copyDone)).toBe(false);
      expect(matches(rule('MonitoringRestoreJobFailures').pattern, fixture('restore-job-failed'))).toBe(true);
      expect(matches(rule('MonitoringRestoreJobFailures').pattern, fixture('restore-job-completed'))).toBe(false);

      expect(renderInput(rule('MonitoringBackupJobFailures').transformer, fixture('backup-job-aborted'))).toBe(
        'AWS Backup job 58cdef95-7680-4c74-80d5-1b64093999c8 ABORTED in vault f59bffcd-2538-4bbe-8343-1c60dae27c27 for '
        + 'arn:aws:service:us-west-2:1112233445566:resource-type/resource-id (tiers on AWS Backup: database): "Backup job was stopped by user."');
      expect(renderInput(rule('MonitoringRestoreJobFailures').transformer, fixture('restore-job-failed'))).toBe(
        'AWS Backup restore job 1B234A56-789B-01CD-2A34-4567A08901FD FAILED (EC2) in us-west-2: AWS Backup does not permit attaching a new instance profile to an EC2 instance. Please restore using the backed up instance profile.');
      expect(renderInput(rule('MonitoringCopyJobFailures').transformer, copyFailed)).toContain('AWS Backup copy job 47C8EF56-74D8-059D-1301-C5BE1D5C926E FAILED for arn:aws:ec2:us-west-2:1112233445566:instance/i-0515aee7de03f58e1');
    });
  });

  test('one dashboard, a row per tier (a title, then restore points, DR copies, deletes, scripts; AWS Backup jobs for the tier on it)', () => {
    const body = JSON.stringify(one(template, 'AWS::CloudWatch::Dashboard', 'MonitoringDashboard').Properties.DashboardBody);
    const titles = [...body.matchAll(/## Tier `([a-z]+)`/g)].map((m) => m[1]);
    expect(titles).toEqual(['critical', 'database', 'development', 'staging']);
    for (const t of ['Restore points', 'DR copies', 'Retention deletes', 'Scripts']) expect(body.split(`\\"title\\":\\"${t}\\"`)).toHaveLength(5);
    expect(body.split('AWS Backup jobs (vault)')).toHaveLength(2);
  });

  test('the budget: EBS snapshot usage, limit = the plan report\'s DLM storage estimate x 1.2, notifying the topic', () => {
    const budget = one(template, 'AWS::Budgets::Budget', 'MonitoringSnapshotBudget').Properties;
    const estimate = BackupPlanReport.of(built.tiers).tiers.flatMap((t) => t.estimates).filter((e) => e.engine === 'DLM')
      .reduce((s, e) => s + e.standardCostUsd + e.drCopyCostUsd + e.archiveCostUsd, 0);
    expect(estimate).toBeGreaterThan(0);
    expect(budget.Budget).toEqual({
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: Math.ceil(estimate * 1.2 * 100) / 100, Unit: 'USD' },
      FilterExpression: { Dimensions: { Key: 'USAGE_TYPE_GROUP', Values: ['EC2: EBS - Snapshots'] } },
    });
    const notifications = budget.NotificationsWithSubscribers
      .map((n: any) => [n.Notification.NotificationType, n.Notification.Threshold, n.Subscribers[0].SubscriptionType]);
    expect(notifications).toEqual([['ACTUAL', 100, 'SNS'], ['FORECASTED', 100, 'SNS']]);
  });

  test('the plan report gets a Monitoring section: every watch of every tier, with its threshold', () => {
    const section = BackupPlanReport.of(built.tiers).sections.find((s) => s.title === 'Monitoring')!;
    expect(section.columns).toEqual(['Watch', 'Threshold', 'By']);
    const critical = section.rows.filter((r) => r.tier === 'critical').map((r) => r.cells[0]);
    expect(critical).toEqual(['missed backup', 'snapshot create failures', 'cross-Region copy failures', 'retention delete failures', 'policy in ERROR', 'EBS snapshot failure event', 'snapshot storage cost']);
    expect(section.rows.find((r) => r.tier === 'critical')!.cells).toEqual([
      'missed backup', 'no snapshot completed in 5 hours (rung `Every4Hours` runs at most 4 hours apart + DLM\'s start tolerance of 1 hour)', 'CloudWatch alarm, 5 x 1-hour periods',
    ]);
    expect(section.rows.find((r) => r.tier === 'staging' && r.cells[0] === 'missed backup')!.cells[2]).toBe('scheduled check every 1 day (beyond CloudWatch\'s 7-day alarm range)');
    expect(section.rows.filter((r) => r.tier === 'database').map((r) => r.cells[0]))
      .toEqual(expect.arrayContaining(['AWS Backup job failures', 'missed AWS Backup job', 'AWS Backup job failures (vault)']));
    expect(BackupPlanReport.of(built.tiers).toMarkdown()).toContain('## Monitoring');
  });
});

describe('switches', () => {
  test('everything off but a given topic: no alarm, rule, dashboard, budget, key or topic of its own', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const topic = new sns.Topic(stack, 'Mine');
    const m = new BackupMonitoring(stack, 'Monitoring', {
      tiers,
      topic,
      missedBackupAlarms: false,
      failureAlarms: false,
      policyEvents: false,
      snapshotFailureEvents: false,
      backupJobEvents: false,
      dashboard: false,
    });
    const template = synth(stack).toJSON();
    const types = Object.values<any>(template.Resources).map((r) => r.Type).sort();
    expect(types).toEqual(['AWS::DLM::LifecyclePolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::SNS::Topic']); // the tier's own
    expect(m.topic).toBe(topic);
    expect(m.alarms).toEqual([]);
    expect(m.rules).toEqual([]);
    expect(m.reportSections()[0].rows).toEqual([]);
  });

  test('an explicit limit is used as given', () => {
    const { stack } = build({ snapshotBudget: { monthlyLimitUsd: 42, budgetName: 'snapshots' }, dashboard: false });
    const budget = one(synth(stack).toJSON(), 'AWS::Budgets::Budget', 'MonitoringSnapshotBudget').Properties.Budget;
    expect([budget.BudgetLimit, budget.BudgetName]).toEqual([{ Amount: 42, Unit: 'USD' }, 'snapshots']);
  });
});

test('CloudWatch takes 10 metrics per alarm: a tier of 4 hooked rungs (4 policies x 3 metrics) gets its create failures in two alarms', () => {
  const app = testApp();
  const stack = new Stack(app, 'S', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.critical('ap-southeast-1', {
      name: 'hooked',
      without: [TierFeature.DR_COPIES, TierFeature.FAST_RESTORE],
      consistency: SnapshotScript.fromSsmDocument('MyQuiesce'),
      rungs: [
        { cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(7)) },
        { cadence: Cadence.daily({ startTime: '01:00' }), retention: Retention.weeks(4) },
        { cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '02:00' }), retention: Retention.months(12) },
        { cadence: Cadence.monthly(1, { startTime: '03:00' }), retention: Retention.years(2) },
      ],
    })],
  });
  expect(tiers.tier('hooked').policies).toHaveLength(4);
  new BackupMonitoring(stack, 'Monitoring', { tiers, policyEvents: false, snapshotFailureEvents: false, dashboard: false });
  const template = synth(stack).toJSON();
  const create = Object.entries(ofType(template, 'AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith('MonitoringhookedCreateFailures'));
  expect(create.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['MonitoringhookedCreateFailures', 'MonitoringhookedCreateFailures2']);
  expect(create.map(([, a]) => a.Properties.Metrics.filter((m: any) => m.MetricStat).length)).toEqual([9, 3]);
  expect(create.map(([, a]) => a.Properties.AlarmDescription)).toEqual([
    'Tier hooked: snapshot create or script failures (SnapshotsCreateFailed + PreScriptFailed + PostScriptFailed) over its DLM policies (policies 1-3 of 4), at least 1 in an hour.',
    'Tier hooked: snapshot create or script failures (SnapshotsCreateFailed + PreScriptFailed + PostScriptFailed) over its DLM policies (policies 4-4 of 4), at least 1 in an hour.',
  ]);
  for (const a of Object.values<any>(ofType(template, 'AWS::CloudWatch::Alarm'))) expect(a.Properties.Metrics.filter((m: any) => m.MetricStat).length).toBeLessThanOrEqual(10);
});

test('tierMetric sums one DLM metric over a tier\'s policies; a tier without DLM policies has none', () => {
  const { tiers, monitoring } = build({ dashboard: false, snapshotBudget: undefined });
  const metric = monitoring.tierMetric(tiers.tier('database'), 'SnapshotsCopiedRegionFailed', Duration.hours(6)) as any;
  expect(metric.expression).toBe('FILL(snapshotscopiedregionfailed_0, 0) + FILL(snapshotscopiedregionfailed_1, 0) + FILL(snapshotscopiedregionfailed_2, 0)');
  expect(Object.values<any>(metric.usingMetrics).map((m) => [m.metricName, m.period.toHours()])).toEqual(Array(3).fill(['SnapshotsCopiedRegionFailed', 6]));
  const app = testApp();
  const stack = new Stack(app, 'S', { env: ENV });
  const dbOnly = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], protectEbs: false });
  expect(new BackupMonitoring(stack, 'M', { tiers: dbOnly }).tierMetric(dbOnly.tier('development'), 'SnapshotsCreateFailed')).toBeUndefined();
});

test('a cadence unknown until deployment (a token) gets no missed-backup alarm, and a warning saying why', () => {
  const app = testApp();
  const stack = new Stack(app, 'S', { env: ENV });
  const hours = new CfnParameter(stack, 'Hours', { type: 'Number', default: 4 });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [new BackupTier({ name: 'tokened', rungs: [{ cadence: Cadence.every(Duration.hours(hours.valueAsNumber)), retention: Retention.age(Duration.days(7)) }] })],
  });
  const m = new BackupMonitoring(stack, 'Monitoring', { tiers, dashboard: false });
  expect(m.alarms.map((a) => a.node.id)).not.toContain('tokenedMissedBackup');
  expect(m.node.metadata.map((e) => String(e.data))).toContainEqual(expect.stringContaining(
    '[S/Monitoring] no missed-backup alarm for tokened: a cadence, the start window or the time zone is a token, so the window is unknown until deployment'));
});

describe('validation', () => {
  function attempt(props: any) {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    return () => new BackupMonitoring(stack, 'Monitoring', { tiers, ...props });
  }

  test.each([
    [{ tiers: undefined }, '[S/Monitoring] `tiers` must be the `TieredBackup` to watch, got undefined'],
    [{ dashboardName: 'my dashboard' }, '[S/Monitoring] `dashboardName` must match letters, digits, `-` and `_`, got "my dashboard"'],
    [{ dashboardName: 'x'.repeat(256) }, '[S/Monitoring] `dashboardName` must be 1 to 255 characters long, got "' + 'x'.repeat(256) + '"'],
    [{ dashboard: false, dashboardName: 'backup' }, '[S/Monitoring] `dashboardName` must not be set with `dashboard: false`, got "backup"'],
    [{ snapshotBudget: { monthlyLimitUsd: 0 } }, '[S/Monitoring] `snapshotBudget`: `monthlyLimitUsd` must be a positive number of USD, got 0'],
    [{ snapshotBudget: { monthlyLimitUsd: -5 } }, '[S/Monitoring] `snapshotBudget`: `monthlyLimitUsd` must be a positive number of USD, got -5'],
    [{ snapshotBudget: { headroom: 0.9 } }, '[S/Monitoring] `snapshotBudget`: `headroom` must be between 1 and 10, got 0.9'],
    [{ snapshotBudget: { headroom: 11 } }, '[S/Monitoring] `snapshotBudget`: `headroom` must be between 1 and 10, got 11'],
    [{ snapshotBudget: { headroom: 2, monthlyLimitUsd: 10 } }, '[S/Monitoring] `snapshotBudget`: `headroom` must not be set with `monthlyLimitUsd` (it scales the estimate only), got 2'],
    [{ snapshotBudget: { budgetName: 'a:b' } }, '[S/Monitoring] `snapshotBudget`: `budgetName` must match at most 100 characters, no `:` or `\\`, got "a:b"'],
  ])('%j is refused', (props, message) => {
    expect(attempt(props)).toThrow(message);
  });

  test('a token limit is passed on unchecked; a token headroom is refused (the estimate is computed at synth)', () => {
    expect(attempt({ snapshotBudget: { monthlyLimitUsd: Lazy.number({ produce: () => 0 }) } })).not.toThrow();
    expect(attempt({ snapshotBudget: { headroom: Lazy.number({ produce: () => 2 }) } }))
      .toThrow(/^\[S\/Monitoring\] `snapshotBudget`: `headroom` must be a number known at synth \(it multiplies the plan report's estimate\), got -1\.8881/);
  });
});
