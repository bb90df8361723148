/**
 * ControlCheck: Audit Manager controls evaluated at synth time against the tiers, one error per
 * control and tier, naming both.
 */
import { Duration, Fn, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { BackupTier, Cadence, DrCopyRule, BackupEngine, Retention, TieredBackup, TieredBackupProps } from '../../src';
import { BackupControl, BackupRequirements, ControlCheck } from '../../src/compliance';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function volume(stack: Stack, id: string, encrypted = true): ec2.Volume {
  return new ec2.Volume(stack, id, {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(10), encrypted, removalPolicy: RemovalPolicy.DESTROY,
  });
}

function table(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

function drVault(stack: Stack, region: string, account = '111111111111'): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, `Dr-${region}-${account}`, `arn:aws:backup:${region}:${account}:backup-vault:dr`);
}

/** The reference tiers on DLM (EBS) and AWS Backup (DynamoDB), each with a resource. */
function referenceApp(props: Partial<TieredBackupProps> = {}): { stack: Stack; tiers: TieredBackup } {
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging()],
    drBackupVaults: [drVault(stack, 'eu-west-1')],
    ...props,
  });
  tiers.tier('critical').assign(volume(stack, 'Content'));
  tiers.tier('database').assign(table(stack, 'Orders'));
  tiers.tier('development').assign(volume(stack, 'Scratch'));
  tiers.tier('staging').assign(volume(stack, 'Qa'));
  return { stack, tiers };
}

/** Synthesizes and returns the findings of `requirements` (evaluated after aspects, as at synth). */
function findings(stack: Stack, tiers: TieredBackup, requirements: BackupRequirements): string[] {
  let result: string[] = [];
  tiers.node.addValidation({ validate: () => { result = ControlCheck.evaluate(tiers, requirements).map(f => `${f.tier}: ${f.control} ${f.message}`); return []; } });
  synth(stack);
  return result;
}

describe('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', () => {
  test('fails synth naming the control, the tier, the retention and the rung', () => {
    // GIVEN
    const { stack, tiers } = referenceApp();
    // WHEN
    ControlCheck.require(tiers, { minRetention: Duration.days(35), minFrequency: Duration.days(1), tiers: ['development'] });
    // THEN
    expect(() => synth(stack)).toThrow('[Stack/Tiers] tier `development`: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 35 days from a rung that runs at least every 24 hours, got 7 days (rung `Daily`)');
  });

  test('one finding per failing tier: retention too short, or no rung frequent enough', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { minRetention: Duration.days(35), minFrequency: Duration.days(1) })).toEqual([
      'critical: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 35 days from a rung that runs at least every 24 hours, got 28 days (rung `Daily`)',
      'database: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 35 days from a rung that runs at least every 24 hours, got 30 days (rung `Daily`)',
      'development: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 35 days from a rung that runs at least every 24 hours, got 7 days (rung `Daily`)',
      'staging: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires a rung that runs at least every 24 hours, got 7 days between runs (rung `Weekly`)',
    ]);
  });

  test('a single rung must meet both: the weekly rung keeps long enough but runs too rarely', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { minRetention: Duration.days(28), minFrequency: Duration.days(1), tiers: ['critical'] })).toEqual([]);
    const second = referenceApp();
    expect(findings(second.stack, second.tiers, { minRetention: Duration.days(29), minFrequency: Duration.days(1), tiers: ['critical'] })).toEqual([
      'critical: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 29 days from a rung that runs at least every 24 hours, got 28 days (rung `Daily`)',
    ]);
  });

  test('retention alone, or frequency alone', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { minRetention: Duration.days(100) })).toEqual([
      'development: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 100 days, got 7 days (rung `Daily`)',
      'staging: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 100 days, got 28 days (rung `Weekly`)',
    ]);
    const second = referenceApp();
    expect(findings(second.stack, second.tiers, { minFrequency: Duration.hours(3) })).toEqual([
      'critical: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires a rung that runs at least every 3 hours, got 4 hours between runs (rung `Every4Hours`)',
      'development: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires a rung that runs at least every 3 hours, got 24 hours between runs (rung `Daily`)',
      'staging: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires a rung that runs at least every 3 hours, got 7 days between runs (rung `Weekly`)',
    ]);
  });

  test('calendar units: AWS Backup keeps a month 31 days, DLM at least 28', () => {
    const monthly = (name: string) => new BackupTier({ name, rungs: [{ cadence: Cadence.daily(), retention: Retention.months(1) }] });
    const onBackup = new Stack(testApp(), 'Stack', { env: ENV });
    const backupTiers = new TieredBackup(onBackup, 'Tiers', { tiers: [monthly('m')], ebsEngine: BackupEngine.AWS_BACKUP });
    expect(findings(onBackup, backupTiers, { minRetention: Duration.days(31) })).toEqual([]);
    const onDlm = new Stack(testApp(), 'Stack', { env: ENV });
    const dlmTiers = new TieredBackup(onDlm, 'Tiers', { tiers: [monthly('m')] });
    expect(findings(onDlm, dlmTiers, { minRetention: Duration.days(31) })).toEqual([
      'm: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK requires retention of at least 31 days, got 28 days (rung `Daily`)',
    ]);
  });
});

describe('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', () => {
  test('every rung, the point-in-time window and every DR copy count; the shortest is named', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { minRecoveryPointRetention: Duration.days(7) })).toEqual([
      'database: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK requires every recovery point to be kept at least 7 days, got 1 day (rung `Every2Hours`)',
    ]);
  });

  test('point-in-time recovery and DR copies', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', {
      ebsEngine: BackupEngine.AWS_BACKUP,
      drBackupVaults: [drVault(stack, 'eu-west-1')],
      tiers: [
        new BackupTier({ name: 'pitr', rungs: [{ cadence: Cadence.daily(), retention: Retention.age(Duration.days(35)) }], pointInTimeRecovery: Duration.days(7) }),
        new BackupTier({
          name: 'copied',
          rungs: [{ cadence: Cadence.daily(), retention: Retention.age(Duration.days(35)) }],
          drCopies: [DrCopyRule.toRegion('eu-west-1', { retention: Retention.age(Duration.days(14)) })],
        }),
      ],
    });
    expect(findings(stack, tiers, { minRecoveryPointRetention: Duration.days(30) })).toEqual([
      'pitr: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK requires every recovery point to be kept at least 30 days, got 7 days (point-in-time recovery)',
      'copied: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK requires every recovery point to be kept at least 30 days, got 14 days (DR copy to eu-west-1 of rung `Daily`)',
    ]);
  });
});

describe('BACKUP_RECOVERY_POINT_ENCRYPTED', () => {
  test('fails for a tier-tagged resource that is not declared encrypted', () => {
    const { stack, tiers } = referenceApp();
    tiers.tier('staging').assign(volume(stack, 'Plain', false));
    ControlCheck.require(tiers, { encrypted: true });
    expect(() => synth(stack)).toThrow('[Stack/Tiers] tier `staging`: BACKUP_RECOVERY_POINT_ENCRYPTED requires encrypted recovery points, but `Stack/Plain/Resource` (AWS::EC2::Volume) is not declared encrypted, and its snapshots inherit that');
  });

  test('instances: every block device encrypted; none declared counts as unencrypted (the AMI decides)', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const server = (id: string, blockDevices?: ec2.BlockDevice[]) => new ec2.Instance(stack, id, {
      vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), requireImdsv2: true, blockDevices,
    });
    tiers.tier('development').assign(server('Sealed', [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }]));
    tiers.tier('development').assign(server('Bare'));
    tiers.tier('development').assign(server('Half', [
      { deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) },
      { deviceName: '/dev/xvdb', volume: ec2.BlockDeviceVolume.ebs(8) },
    ]));
    expect(findings(stack, tiers, { encrypted: true })).toEqual([
      'development: BACKUP_RECOVERY_POINT_ENCRYPTED requires encrypted recovery points, but `Stack/Bare/Resource` (AWS::EC2::Instance), `Stack/Half/Resource` (AWS::EC2::Instance) are not declared encrypted, and their snapshots inherit that',
    ]);
  });

  test('passes for encrypted volumes, DynamoDB (always encrypted) and an encrypted EFS file system; fails for an unencrypted one', () => {
    const { stack, tiers } = referenceApp();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    tiers.tier('database').assign(new efs.FileSystem(stack, 'Shared', { vpc, encrypted: true, removalPolicy: RemovalPolicy.DESTROY }));
    tiers.tier('development').assign(new efs.FileSystem(stack, 'Open', { vpc, encrypted: false, removalPolicy: RemovalPolicy.DESTROY }));
    expect(findings(stack, tiers, { encrypted: true })).toEqual([
      'development: BACKUP_RECOVERY_POINT_ENCRYPTED requires encrypted recovery points, but `Stack/Open/Resource` (AWS::EFS::FileSystem) is not declared encrypted, and its snapshots inherit that',
    ]);
  });
});

describe('controls on AWS Backup resources', () => {
  test('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: DLM snapshots can be deleted, the vault denies it', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { manualDeletionDisabled: true, tiers: ['critical', 'database'] })).toEqual([
      'critical: BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED requires that recovery points cannot be deleted by hand, but the tier\'s EBS snapshots are taken by DLM and `ec2:DeleteSnapshot` deletes them (use `ebsEngine: BackupEngine.AWS_BACKUP`)',
    ]);
  });

  test('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: DLM-only tiers and mixed tiers fail, AWS Backup-only tiers pass', () => {
    const { stack, tiers } = referenceApp();
    tiers.tier('database').assign(volume(stack, 'DbVolume'));
    expect(findings(stack, tiers, { protectedByBackupPlan: true, tiers: ['critical', 'database'] })).toEqual([
      'critical: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN requires every resource to be in an AWS Backup plan, but the tier has none (assign a resource only AWS Backup protects, or `awsBackup: AwsBackupMode.ALWAYS`)',
      'database: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN requires every resource to be in an AWS Backup plan, but the tier\'s EBS volumes and EC2 instances are protected by DLM, which AWS Backup Audit Manager does not evaluate (use `ebsEngine: BackupEngine.AWS_BACKUP`)',
    ]);
    const stack2 = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers2 = new TieredBackup(stack2, 'Tiers', { tiers: [BackupTier.development()], ebsEngine: BackupEngine.AWS_BACKUP });
    tiers2.tier('development').assign(volume(stack2, 'Data'));
    expect(findings(stack2, tiers2, { protectedByBackupPlan: true })).toEqual([]);
  });

  test('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: no DR copy, DLM copies, missing Region', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { crossRegion: true, tiers: ['critical', 'database', 'development'] })).toEqual([
      'critical: BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION requires copies in another Region made by AWS Backup, but the tier has no AWS Backup plan: its DLM copies are not evaluated by the control',
      'development: BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION requires copies in another Region, but the tier has no DR copy (`drCopies`)',
    ]);
    const second = referenceApp();
    expect(findings(second.stack, second.tiers, { crossRegions: ['eu-west-1', 'eu-central-1'], tiers: ['database'] })).toEqual([
      'database: BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION requires copies in eu-central-1, got copies in eu-west-1',
    ]);
  });

  test('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: DR vaults of this account fail, another account passes', () => {
    const { stack, tiers } = referenceApp();
    expect(findings(stack, tiers, { crossAccount: true, tiers: ['database'] })).toEqual([
      'database: BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT requires copies in another account, but every DR copy goes to a vault of this account',
    ]);
    const stack2 = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers2 = new TieredBackup(stack2, 'Tiers', { tiers: [BackupTier.database('eu-west-1')], drBackupVaults: [drVault(stack2, 'eu-west-1', '222222222222')] });
    tiers2.tier('database').assign(table(stack2, 'Orders'));
    expect(findings(stack2, tiers2, { crossAccount: true })).toEqual([]);
    const stack3 = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers3 = new TieredBackup(stack3, 'Tiers', { tiers: [BackupTier.database('eu-west-1')], drBackupVaults: [drVault(stack3, 'eu-west-1', '222222222222')] });
    tiers3.tier('database').assign(table(stack3, 'Orders'));
    expect(findings(stack3, tiers3, { crossAccounts: ['333333333333'] })).toEqual([
      'database: BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT requires copies in account 333333333333, got copies in ["222222222222"]',
    ]);
  });

  test('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: fails without a lock, passes with one', () => {
    const { stack, tiers } = referenceApp();
    ControlCheck.require(tiers, { vaultLock: true, tiers: ['database'] });
    expect(() => synth(stack)).toThrow('[Stack/Tiers] tier `database`: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK requires backups in a locked vault, but the vault of `Stack/Tiers` has no `vaultLock`');
    const locked = referenceApp({ vaultLock: { minRetention: Duration.days(1) } });
    ControlCheck.require(locked.tiers, { vaultLock: true, tiers: ['database'] });
    expect(() => synth(locked.stack)).not.toThrow();
  });

  test('everything at once on AWS Backup: the reference database tier meets all controls', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1')],
      ebsEngine: BackupEngine.AWS_BACKUP,
      drBackupVaults: [drVault(stack, 'eu-west-1', '222222222222')],
      vaultLock: { minRetention: Duration.days(1) },
    });
    tiers.tier('database').assign(table(stack, 'Orders'));
    tiers.tier('database').assign(volume(stack, 'Data'));
    expect(findings(stack, tiers, {
      minFrequency: Duration.days(1),
      minRetention: Duration.days(30),
      minRecoveryPointRetention: Duration.days(1),
      encrypted: true,
      manualDeletionDisabled: true,
      protectedByBackupPlan: true,
      crossRegions: ['eu-west-1'],
      crossAccounts: ['222222222222'],
      vaultLock: true,
    })).toEqual([]);
  });
});

describe('requirements themselves', () => {
  test.each<[string, BackupRequirements, RegExp]>([
    ['retention in part days', { minRetention: Duration.hours(36) }, /^\[Stack\/Tiers\] `requirements.minRetention` must be a whole number of days, at least 1 \(the controls count retention in days\), got /],
    ['frequency under an hour', { minFrequency: Duration.minutes(30) }, /^\[Stack\/Tiers\] `requirements.minFrequency` must be at least 1 hour \(AWS Backup runs rules at most hourly\), got 30 minutes$/],
    ['a bad account', { crossAccounts: ['12'] }, /^\[Stack\/Tiers\] `requirements.crossAccounts` must contain 12-digit account IDs, got "12"$/],
    ['an unknown tier', { tiers: ['gold'] }, /^\[Stack\/Tiers\] `requirements.tiers` must name tiers of this TieredBackup \(critical, database, development, staging\), got "gold"$/],
  ])('%s', (_name, requirements, message) => {
    const { tiers } = referenceApp();
    expect(() => ControlCheck.require(tiers, requirements)).toThrow(message);
  });

  test('findings are data: control, tier and message', () => {
    const { stack, tiers } = referenceApp();
    let result: unknown;
    tiers.node.addValidation({ validate: () => { result = ControlCheck.evaluate(tiers, { vaultLock: true, tiers: ['database'] }); return []; } });
    synth(stack);
    expect(result).toEqual([{
      control: BackupControl.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK,
      tier: 'database',
      message: 'requires backups in a locked vault, but the vault of `Stack/Tiers` has no `vaultLock`',
    }]);
  });
});
