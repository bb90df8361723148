/**
 * BackupComplianceFramework: the Audit Manager controls the tiers claim, with parameters and
 * scopes derived from the tiers, and the optional report plan.
 */
import { App, Duration, Fn, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildExample } from '../../examples/tiered-backup';
import { BackupTier, DrCopyRule, BackupEngine, TieredBackup } from '../../src';
import { BackupComplianceFramework, BackupControl, ReportFormat, ReportTemplate } from '../../src/compliance';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function volume(stack: Stack, id: string): ec2.Volume {
  return new ec2.Volume(stack, id, {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(10), encrypted: true, removalPolicy: RemovalPolicy.DESTROY,
  });
}

function table(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

/** Database and development tiers, everything on AWS Backup, DR copies to another account, a vault lock. */
function onBackup(app: App = testApp()): { stack: Stack; tiers: TieredBackup } {
  const stack = new Stack(app, 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.database('eu-west-1'), BackupTier.development()],
    ebsEngine: BackupEngine.AWS_BACKUP,
    drBackupVaults: [backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr')],
    vaultLock: { minRetention: Duration.days(1), maxRetention: Duration.days(3660) },
  });
  tiers.tier('database').assign(table(stack, 'Orders'));
  tiers.tier('development').assign(volume(stack, 'Scratch'));
  return { stack, tiers };
}

const planId = (tier: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^Tiers${tier}BackupPlan`), 'BackupPlanId'] });
const tagged = (key: string, value: string) => ({ Tags: [{ Key: key, Value: value }] });
const params = (p: { [name: string]: string }) => Object.entries(p).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue }));

describe('the controls the tiers claim', () => {
  test('everything on AWS Backup: every control, per tier, with parameters from the tiers', () => {
    // GIVEN
    const { stack, tiers } = onBackup();
    // WHEN
    const framework = new BackupComplianceFramework(stack, 'Compliance', { tieredBackups: [tiers], frameworkName: 'MyLearning_tiers' });
    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::Framework', 1);
    template.hasResourceProperties('AWS::Backup::Framework', {
      FrameworkName: 'MyLearning_tiers',
      FrameworkDescription: 'Backup controls claimed by the tiers of Stack/Tiers',
      FrameworkControls: [
        {
          ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          ControlInputParameters: params({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: '2', requiredRetentionDays: '1' }),
          ControlScope: { ComplianceResourceIds: [planId('database')], ComplianceResourceTypes: ['AWS::Backup::BackupPlan'] },
        },
        { ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: params({ requiredRetentionDays: '1' }), ControlScope: tagged('cdk-tiered-backup:tier', 'database') },
        { ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', ControlScope: tagged('cdk-tiered-backup:tier', 'database') },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', ControlScope: tagged('backup-tier', 'database') },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: params({ crossRegionList: 'eu-west-1' }), ControlScope: tagged('backup-tier', 'database') },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', ControlInputParameters: params({ crossAccountList: '222222222222' }), ControlScope: tagged('backup-tier', 'database') },
        {
          ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
          ControlInputParameters: params({ minRetentionDays: '1', maxRetentionDays: '3660' }),
          ControlScope: tagged('backup-tier', 'database'),
        },
        {
          ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          ControlInputParameters: params({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: '24', requiredRetentionDays: '7' }),
          ControlScope: { ComplianceResourceIds: [planId('development')], ComplianceResourceTypes: ['AWS::Backup::BackupPlan'] },
        },
        { ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: params({ requiredRetentionDays: '7' }), ControlScope: tagged('cdk-tiered-backup:tier', 'development') },
        { ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', ControlScope: tagged('cdk-tiered-backup:tier', 'development') },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', ControlScope: tagged('backup-tier', 'development') },
        {
          ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
          ControlInputParameters: params({ minRetentionDays: '1', maxRetentionDays: '3660' }),
          ControlScope: tagged('backup-tier', 'development'),
        },
        {
          ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
          ControlScope: { ComplianceResourceIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TiersVault'), 'BackupVaultName'] }], ComplianceResourceTypes: ['AWS::Backup::BackupVault'] },
        },
      ],
    });
    expect(framework.claimedControls().map(c => `${c.tier ?? '*'} ${c.control} | ${c.scope}`)).toEqual([
      'database BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK | the AWS Backup plan of tier database',
      'database BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK | recovery points tagged cdk-tiered-backup:tier=database',
      'database BACKUP_RECOVERY_POINT_ENCRYPTED | recovery points tagged cdk-tiered-backup:tier=database',
      'database BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN | resources tagged backup-tier=database',
      'database BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION | resources tagged backup-tier=database',
      'database BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT | resources tagged backup-tier=database',
      'database BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK | resources tagged backup-tier=database',
      'development BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK | the AWS Backup plan of tier development',
      'development BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK | recovery points tagged cdk-tiered-backup:tier=development',
      'development BACKUP_RECOVERY_POINT_ENCRYPTED | recovery points tagged cdk-tiered-backup:tier=development',
      'development BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN | resources tagged backup-tier=development',
      'development BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK | resources tagged backup-tier=development',
      '* BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED | the AWS Backup vault of Stack/Tiers',
    ]);
  });

  test('the example app (EBS on DLM): only the database tier has a plan, and its EC2 instance on DLM keeps resource controls out', () => {
    const app = testApp();
    const stack = buildExample(app);
    // the example has its framework (with a report plan)
    const framework = stack.node.findChild('Compliance') as BackupComplianceFramework;
    expect(framework).toBeInstanceOf(BackupComplianceFramework);
    synth(stack);
    expect(framework.claimedControls()).toEqual([
      {
        control: BackupControl.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK,
        tier: 'database',
        parameters: { requiredFrequencyUnit: 'hours', requiredFrequencyValue: '2', requiredRetentionDays: '1' },
        scope: 'the AWS Backup plan of tier database',
      },
      // Every2Hours keeps 1 day; point-in-time recovery 7 days; dailies 30, monthlies 732
      { control: BackupControl.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK, tier: 'database', parameters: { requiredRetentionDays: '1' }, scope: 'recovery points tagged cdk-tiered-backup:tier=database' },
      { control: BackupControl.BACKUP_RECOVERY_POINT_ENCRYPTED, tier: 'database', parameters: {}, scope: 'recovery points tagged cdk-tiered-backup:tier=database' },
      { control: BackupControl.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, tier: undefined, parameters: {}, scope: 'the AWS Backup vault of MyLearningProd/Tiers' },
    ]);
  });

  test('weekly and monthly rungs claim a frequency in days; a rung kept in months counts 31 days each', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()], ebsEngine: BackupEngine.AWS_BACKUP });
    tiers.tier('staging').assign(volume(stack, 'Qa'));
    const framework = new BackupComplianceFramework(stack, 'Compliance', { controls: [BackupControl.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK] });
    synth(stack);
    expect(framework.claimedControls().map(c => c.parameters)).toEqual([{ requiredFrequencyUnit: 'days', requiredFrequencyValue: '7', requiredRetentionDays: '28' }]);
  });

  test('`controls` restricts the claims; a DR tier without plan claims nothing', () => {
    const { stack, tiers } = onBackup();
    const framework = new BackupComplianceFramework(stack, 'Compliance', {
      tieredBackups: [tiers],
      controls: [BackupControl.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION, BackupControl.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED],
    });
    synth(stack).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: [
        Match.objectLike({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION' }),
        Match.objectLike({ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' }),
      ],
    });
    expect(framework.claimedControls()).toHaveLength(2);
  });
});

describe('report plan', () => {
  test('a control compliance report of this framework, by default in CSV', () => {
    const { stack, tiers } = onBackup();
    const bucket = new s3.Bucket(stack, 'Reports', { enforceSSL: true });
    new BackupComplianceFramework(stack, 'Compliance', { tieredBackups: [tiers], reportPlan: { bucket, reportPlanName: 'tiers_compliance', description: 'Daily compliance of the tiers' } });
    const template = synth(stack);
    template.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'tiers_compliance',
      ReportPlanDescription: 'Daily compliance of the tiers',
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('^Reports') }, Formats: ['CSV'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Compliance'), 'FrameworkArn'] }] },
    });
  });

  test('a job report covers no framework; prefix and formats', () => {
    const { stack, tiers } = onBackup();
    const bucket = new s3.Bucket(stack, 'Reports', { enforceSSL: true });
    new BackupComplianceFramework(stack, 'Compliance', {
      tieredBackups: [tiers],
      reportPlan: { bucket, keyPrefix: 'audit', formats: [ReportFormat.CSV, ReportFormat.JSON], template: ReportTemplate.RESTORE_JOB_REPORT },
    });
    synth(stack).hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportDeliveryChannel: { S3BucketName: Match.anyValue(), S3KeyPrefix: 'audit', Formats: ['CSV', 'JSON'] },
      ReportSetting: { ReportTemplate: 'RESTORE_JOB_REPORT', FrameworkArns: Match.absent() },
    });
  });
});

describe('errors', () => {
  test('no tier claims a control (DLM only)', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    tiers.tier('development').assign(volume(stack, 'Scratch'));
    new BackupComplianceFramework(stack, 'Compliance');
    expect(() => synth(stack)).toThrow('[Stack/Compliance] `controls` must not be empty: no tier covered by the framework claims a control (only tiers with an AWS Backup plan can; Audit Manager does not evaluate DLM)');
  });

  test('more controls than the 50 an account may have in a Region', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new TieredBackup(stack, 'Tiers', {
      tiers: Array.from({ length: 8 }, (_, i) => BackupTier.development({ name: `t${i}`, drCopies: [DrCopyRule.toRegion('eu-west-1')] })),
      ebsEngine: BackupEngine.AWS_BACKUP,
      drBackupVaults: [backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr')],
      vaultLock: { minRetention: Duration.days(1) },
    });
    new BackupComplianceFramework(stack, 'Compliance');
    expect(() => synth(stack)).toThrow('[Stack/Compliance] `controls` must be at most 50 (AWS Backup Audit Manager\'s quota of controls per account and Region, all frameworks together): restrict `controls` or cover fewer tiers, got "57 controls"');
  });

  test('requirements fail synth naming the control and the tier', () => {
    const app = testApp();
    const stack = buildExample(app);
    new BackupComplianceFramework(stack, 'Strict', { requirements: { minRetention: Duration.days(35), minFrequency: Duration.days(1), tiers: ['database'] } });
    expect(() => synth(stack)).toThrow('[MyLearningProd/Strict] tier `database`: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 35 days from a rung that runs at least every 24 hours, got 30 days (rung `Daily`)');
  });

  test.each<[string, (stack: Stack, tiers: TieredBackup) => void, string]>([
    ['a framework name not starting with a letter', (stack, tiers) => new BackupComplianceFramework(stack, 'Compliance', { tieredBackups: [tiers], frameworkName: '1tiers' }),
      '[Stack/Compliance] `frameworkName` must match a letter, then letters, digits or `_`, at most 256 characters, got "1tiers"'],
    ['a TieredBackup of another stack', (stack, tiers) => new BackupComplianceFramework(new Stack(stack.node.root as App, 'Other', { env: ENV }), 'Compliance', { tieredBackups: [tiers] }),
      '[Other/Compliance] `tieredBackups[0]` must be in the framework\'s stack `Other` (a framework evaluates one account and Region), got "Stack/Tiers"'],
    ['a repeated report format', (stack, tiers) => new BackupComplianceFramework(stack, 'Compliance', {
      tieredBackups: [tiers], reportPlan: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'reports'), formats: [ReportFormat.CSV, ReportFormat.CSV] },
    }), '[Stack/Compliance] reportPlan: `formats` must list CSV and/or JSON, each once, got ["CSV", "CSV"]'],
    ['a report plan name with a dash', (stack, tiers) => new BackupComplianceFramework(stack, 'Compliance', {
      tieredBackups: [tiers], reportPlan: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'reports'), reportPlanName: 'tier-report' },
    }), '[Stack/Compliance] reportPlan: `reportPlanName` must match a letter, then letters, digits or `_`, at most 256 characters, got "tier-report"'],
  ])('%s', (_name, build, message) => {
    const { stack, tiers } = onBackup();
    expect(() => build(stack, tiers)).toThrow(message);
  });
});
