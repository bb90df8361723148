/**
 * TierRestoreTesting: monthly restore drills of the tiers on AWS Backup, one plan per tier and
 * one selection per protected resource type.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BackupTier, Cadence, BackupEngine, TieredBackup, Weekday } from '../../src';
import { RecoveryPointSelectionAlgorithm, RestoreTestingResourceType, TierRestoreTesting, TierRestoreTestingProps } from '../../src/compliance';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function table(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

function bucket(stack: Stack, id: string): s3.Bucket {
  return new s3.Bucket(stack, id, { versioned: true, enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY });
}

/** database (DynamoDB and S3, point-in-time recovery) and staging (DynamoDB) on AWS Backup; development on DLM only. */
function app(): { stack: Stack; tiers: TieredBackup } {
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.database('eu-west-1', { drCopies: [] }), BackupTier.staging(), BackupTier.development()],
  });
  tiers.tier('database').assign(table(stack, 'Orders'));
  tiers.tier('database').assign(bucket(stack, 'Uploads'));
  tiers.tier('staging').assign(table(stack, 'QaOrders'));
  return { stack, tiers };
}

describe('TierRestoreTesting', () => {
  test('by default: monthly drills of every tier on AWS Backup, latest recovery point of 30 days, one selection per type', () => {
    // GIVEN
    const { stack, tiers } = app();
    // WHEN
    const drills = new TierRestoreTesting(stack, 'Drills', { tiered: tiers });
    // THEN
    const template = synth(stack);
    expect(drills.tests.map(t => [t.tier, t.selections.length])).toEqual([['database', 2], ['staging', 1]]);
    template.resourceCountIs('AWS::Backup::RestoreTestingPlan', 2);
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 3);
    const vaultArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^TiersVault'), 'BackupVaultArn'] };
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: Match.stringLikeRegexp('^Stack_Drills_database_[A-F0-9]{8}$'),
      ScheduleExpression: 'cron(0 5 1 * ? *)',
      ScheduleExpressionTimezone: Match.absent(),
      StartWindowHours: 24,
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'], // point-in-time recovery, S3 supports it
        IncludeVaults: [vaultArn],
        SelectionWindowDays: 30,
      },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: Match.stringLikeRegexp('^Stack_Drills_staging_'),
      RecoveryPointSelection: Match.objectLike({ RecoveryPointTypes: ['SNAPSHOT'] }),
    });
    const roleArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrillsRole'), 'Arn'] };
    for (const [type, tier] of [['DynamoDB', 'database'], ['S3', 'database'], ['DynamoDB', 'staging']]) {
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        RestoreTestingPlanName: { Ref: Match.stringLikeRegexp(`^Drills${tier}Plan`) },
        RestoreTestingSelectionName: `${type}_${tier}`,
        ProtectedResourceType: type,
        IamRoleArn: roleArn,
        ProtectedResourceArns: ['*'],
        ProtectedResourceConditions: { StringEquals: [{ Key: 'backup-tier', Value: tier }] },
        ValidationWindowHours: 1,
      });
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] }),
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
      ],
    });
  });

  test('the restore role records why it uses AWS managed policies (for policy-validation plugins)', () => {
    const { stack, tiers } = app();
    const drills = new TierRestoreTesting(stack, 'Drills', { tiered: tiers, tiers: ['staging'] });
    const entries = drills.role.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    const acknowledged = Object.assign({}, ...entries.map(m => m.data));
    expect(Object.keys(acknowledged)).toEqual([expect.stringMatching(/AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSBackupServiceRolePolicyForRestores\]$/)]);
    expect(Object.values(acknowledged)[0]).toMatch(/AWS managed policy AWS Backup documents for this role/);
  });

  test('options: schedule and time zone, windows, random recovery point, types, snapshots only, tiers', () => {
    const { stack, tiers } = app();
    new TierRestoreTesting(stack, 'Drills', {
      tiered: tiers,
      tiers: ['database'],
      schedule: Cadence.weekly(Weekday.SATURDAY, { startTime: '22:30' }),
      scheduleTimezone: 'Asia/Kolkata',
      startWindow: Duration.hours(6),
      selectionWindow: Duration.days(7),
      validationWindow: Duration.hours(0),
      algorithm: RecoveryPointSelectionAlgorithm.RANDOM_WITHIN_WINDOW,
      resourceTypes: [RestoreTestingResourceType.DYNAMODB],
      includeContinuous: false,
    });
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(30 22 ? * SAT *)',
      ScheduleExpressionTimezone: 'Asia/Kolkata',
      StartWindowHours: 6,
      RecoveryPointSelection: Match.objectLike({ Algorithm: 'RANDOM_WITHIN_WINDOW', RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 7 }),
    });
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 1);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'DynamoDB', ValidationWindowHours: 0 });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores'])] })],
    });
  });

  test('EBS on AWS Backup: EBS volumes and EC2 instances are drilled too', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], ebsEngine: BackupEngine.AWS_BACKUP });
    new TierRestoreTesting(stack, 'Drills', { tiered: tiers });
    const template = synth(stack);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'EBS', RestoreTestingSelectionName: 'EBS_development' });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'EC2', RestoreTestingSelectionName: 'EC2_development' });
  });

  test('CloudFormation types map to restore testing types; unsupported ones to none', () => {
    expect(RestoreTestingResourceType.fromCloudFormationType('AWS::RDS::DBCluster')?.typeName).toBe('Aurora');
    expect(RestoreTestingResourceType.fromCloudFormationType('AWS::DocDB::DBCluster')?.typeName).toBe('DocumentDB');
    expect(RestoreTestingResourceType.fromCloudFormationType('AWS::Redshift::Cluster')).toBeUndefined();
  });

  describe('errors', () => {
    test.each<[string, Partial<TierRestoreTestingProps>, string]>([
      ['a start window of 0 hours', { startWindow: Duration.hours(0) }, '[Stack/Drills] `startWindow` must be a whole number of hours between 1 and 168, got 0 hours'],
      ['a start window over a week', { startWindow: Duration.hours(169) }, '[Stack/Drills] `startWindow` must be a whole number of hours between 1 and 168, got 7 days 1 hour'],
      ['a start window in part hours', { startWindow: Duration.minutes(90) }, '[Stack/Drills] `startWindow` must be a whole number of hours between 1 and 168, got 1 hour 30 minutes'],
      ['a selection window over a year', { selectionWindow: Duration.days(366) }, '[Stack/Drills] `selectionWindow` must be a whole number of days between 1 and 365, got 366 days'],
      ['a validation window over a week', { validationWindow: Duration.hours(169) }, '[Stack/Drills] `validationWindow` must be a whole number of hours between 0 and 168, got 7 days 1 hour'],
      ['a selection window shorter than the rung', { tiers: ['staging'], selectionWindow: Duration.days(3) },
        '[Stack/Drills] tier `staging`: `selectionWindow` must be at least as long as the time between two runs of the tier\'s most frequent rung (7 days), or some drills find no recovery point, got 3 days'],
      ['an unknown tier', { tiers: ['gold'] }, '[Stack/Drills] `tiers[0]` must be a tier of `Stack/Tiers` (database, staging, development), got "gold"'],
      ['a tier without AWS Backup plan', { tiers: ['development'] }, '[Stack/Drills] `tiers[0]` must name a tier with an AWS Backup plan (restore testing restores AWS Backup recovery points; assign a resource AWS Backup protects first), got "development"'],
      ['a schedule more frequent than hourly', { schedule: Cadence.cron({ minute: '0/30' }) }, '[Stack/Drills] `schedule` must not run more often than once an hour'],
      ['a bad time zone', { scheduleTimezone: 'UTC+5' }, '[Stack/Drills] `scheduleTimezone` must match an IANA time zone such as Europe/Paris, got "UTC+5"'],
      ['no resource type', { tiers: ['staging'], resourceTypes: [] }, '[Stack/Drills] tier `staging`: `resourceTypes` must not be empty'],
      ['a repeated resource type', { resourceTypes: [RestoreTestingResourceType.S3, RestoreTestingResourceType.S3] }, '[Stack/Drills] tier `database`: `resourceTypes[1]` must not repeat a type, got "S3"'],
    ])('%s', (_name, props, message) => {
      const { stack, tiers } = app();
      expect(() => new TierRestoreTesting(stack, 'Drills', { tiered: tiers, ...props })).toThrow(message);
    });

    test('no tier has an AWS Backup plan yet', () => {
      const stack = new Stack(testApp(), 'Stack', { env: ENV });
      const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
      expect(() => new TierRestoreTesting(stack, 'Drills', { tiered: tiers })).toThrow('[Stack/Drills] `tiers` must include a tier with an AWS Backup plan, and no tier of `Stack/Tiers` has one yet (create TierRestoreTesting after assign()), got []');
    });

    test('created before assign(): synth fails instead of drilling too little', () => {
      const stack = new Stack(testApp(), 'Stack', { env: ENV });
      const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.database('eu-west-1', { drCopies: [] }), BackupTier.staging()] });
      tiers.tier('database').assign(table(stack, 'Orders'));
      new TierRestoreTesting(stack, 'Drills', { tiered: tiers });
      tiers.tier('database').assign(bucket(stack, 'Uploads'));
      tiers.tier('staging').assign(table(stack, 'QaOrders'));
      expect(() => synth(stack)).toThrow(/\[Stack\/Drills\] tier `database`: `resourceTypes` were read before more resources were assigned \(now AWS::DynamoDB::Table,AWS::S3::Bucket\): create TierRestoreTesting after assign\(\), or pass `resourceTypes`, got \["AWS::DynamoDB::Table"\][\s\S]*\[Stack\/Drills\] `tiers` misses tier `staging`/);
    });
  });
});
