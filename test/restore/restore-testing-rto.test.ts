/**
 * RestoreTestingRtoAlarms: the RTO alarm for tiers on AWS Backup, from the restore testing
 * jobs' `Restore Job State Change` events.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
// jsonata is the evaluator asl-validator checks JSONata with (installed with it); it evaluates
// the state machine's JSONata arguments here exactly as written in the template.
import jsonata from 'jsonata';
import { validateAsl } from './interpreter';
import { BackupTier, ReportSections, TieredBackup, TierRestoreTesting } from '../../src';
import { RestoreTestingRtoAlarms } from '../../src/restore';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

describe('RestoreTestingRtoAlarms', () => {
  let template: Template;
  let stack: Stack;
  let alarms: RestoreTestingRtoAlarms;

  beforeAll(() => {
    stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.database('eu-west-1', { drCopies: [] })] });
    tiers.tier('database').assign(new dynamodb.Table(stack, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.DESTROY,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    }));
    const testing = new TierRestoreTesting(stack, 'RestoreTesting', { tiered: tiers });
    alarms = new RestoreTestingRtoAlarms(stack, 'Rto', { restoreTesting: testing, tiered: tiers, topic: new sns.Topic(stack, 'Topic') });
    template = synth(stack);
  });

  test('a rule per tier matches the plan\'s finished restore jobs and starts the Express state machine', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        'detail': {
          status: ['COMPLETED', 'FAILED', 'ABORTED'],
          restoreTestingPlanArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreTestingdatabasePlan'), 'RestoreTestingPlanArn'] }],
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^RtoStateMachine') } })],
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'EXPRESS' });
  });

  test('the alarms: over the tier RTO (30 minutes) and failed, notifying the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkTieredBackup/RestoreDrills',
      MetricName: 'RestoreSeconds',
      Dimensions: [{ Name: 'Tier', Value: 'database' }],
      Statistic: 'Maximum',
      Threshold: 1800,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RestoreSucceeded', Statistic: 'Minimum', Threshold: 1 });
    expect(alarms.timings.map((t) => [t.tier, t.rtoAlarm !== undefined])).toEqual([['database', true]]);
  });

  test('the role may only put metrics in the namespace', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('RtoRole'));
    expect(policies).toHaveLength(1);
    expect(policies[0][1].Properties.PolicyDocument.Statement).toEqual([{
      Sid: 'PutRestoreMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'CdkTieredBackup/RestoreDrills' } },
    }]);
  });

  describe('the synthesized definition', () => {
    let definition: any;
    beforeAll(() => {
      const [sm] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
      const body = sm.Properties.DefinitionString;
      definition = JSON.parse(typeof body === 'string' ? body : body['Fn::Join'][1].join(''));
    });

    test('is valid ASL with one AWS SDK task', () => {
      expect(validateAsl(definition).isValid).toBe(true);
      expect(definition.QueryLanguage).toBe('JSONata');
      expect(Object.values(definition.States).map((s: any) => s.Resource)).toEqual(['arn:aws:states:::aws-sdk:cloudwatch:putMetricData']);
    });

    async function metricData(detail: object): Promise<any> {
      const expression: string = definition.States.PublishRestoreJob.Arguments.MetricData;
      const body = /^\{%(.*)%\}$/s.exec(expression)![1];
      return jsonata(body).evaluate({}, { states: { input: { tier: 'database', detail } } });
    }

    test('a completed job: its duration from creation to completion, in seconds, and RestoreSucceeded 1', async () => {
      const data = await metricData({
        restoreJobId: 'A1B2',
        status: 'COMPLETED',
        creationDate: '2026-12-01T05:02:11.250Z',
        completionDate: '2026-12-01T05:27:41.750Z',
        restoreTestingPlanArn: 'arn:aws:backup:ap-south-1:111111111111:restore-testing-plan:x',
      });
      expect(data).toEqual([
        { MetricName: 'RestoreSeconds', Dimensions: [{ Name: 'Tier', Value: 'database' }], Value: 1530.5, Unit: 'Seconds' },
        { MetricName: 'RestoreSucceeded', Dimensions: [{ Name: 'Tier', Value: 'database' }], Value: 1, Unit: 'Count' },
      ]);
    });

    test('a job across midnight is timed across it', async () => {
      const data = await metricData({ status: 'COMPLETED', creationDate: '2026-12-31T23:50:00Z', completionDate: '2027-01-01T00:35:00Z' });
      expect(data[0].Value).toBe(2700);
    });

    test.each(['FAILED', 'ABORTED'])('a %s job: RestoreSucceeded 0, no time', async (status) => {
      const data = await metricData({ status, creationDate: '2026-12-01T05:02:11Z' });
      expect(data).toEqual([{ MetricName: 'RestoreSucceeded', Dimensions: [{ Name: 'Tier', Value: 'database' }], Value: 0, Unit: 'Count' }]);
    });
  });

  test('the plan report rows say how the RTO is measured', () => {
    const rows = ReportSections.of(stack).filter((s) => s.title === 'Restore drills').flatMap((s) => s.rows);
    expect(rows).toEqual([{
      tier: 'database',
      cells: [
        '30 minutes', 'AWS Backup restore testing jobs, creation to completion', 'cron(0 5 1 * ? *)', 'chosen by AWS Backup',
        'the plan\'s validation window', 'over RTO, failed',
      ],
    }]);
  });
});

test('RestoreTestingRtoAlarms: an `AWS/` namespace is refused', () => {
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.database('eu-west-1', { drCopies: [] })] });
  tiers.tier('database').assign(new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
  const testing = new TierRestoreTesting(stack, 'RestoreTesting', { tiered: tiers });
  expect(() => new RestoreTestingRtoAlarms(stack, 'Rto', { restoreTesting: testing, tiered: tiers, metricNamespace: 'AWS/Backup' })).toThrow(
    /^\[Stack\/Rto\] `metricNamespace` must match a CloudWatch namespace of 1-255 characters not starting with `AWS\/` or `:`, got "AWS\/Backup"$/);
});
