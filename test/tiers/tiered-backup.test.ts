/**
 * TieredBackup: tiers compiled to DLM policies and AWS Backup plans, resource assignment,
 * objectives checked against the engines used, and byte-identical re-synthesis.
 */
import { Duration, Fn, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AwsBackupMode, BackupEngine, BackupTier, Cadence, ConsistentBackupHook, Quiescer, Retention, SnapshotPolicy,
  ProtectedBackupVault, SnapshotScript, TieredBackup, Weekday,
} from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: ENV });
}

function volume(stack: Stack, id: string): ec2.Volume {
  return new ec2.Volume(stack, id, {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(10), encrypted: true, removalPolicy: RemovalPolicy.DESTROY,
  });
}

function drVault(stack: Stack, region: string): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, `Dr-${region}`, `arn:aws:backup:${region}:111111111111:backup-vault:dr`);
}

function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

function table(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.DESTROY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
}

describe('DLM engine (EBS volumes and instances)', () => {
  test('one policy per four rungs, targeting the tier tag, on the shared execution role', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.development(), BackupTier.staging()],
    });
    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 3);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Description: 'Tier critical Every4Hours Daily Weekly',
      PolicyDetails: Match.objectLike({
        ResourceTypes: ['VOLUME'],
        TargetTags: [{ Key: 'backup-tier', Value: 'critical' }],
        Schedules: [
          Match.objectLike({
            Name: 'Every4Hours',
            CreateRule: { Interval: 4, IntervalUnit: 'HOURS' },
            RetainRule: { Interval: 7, IntervalUnit: 'DAYS' },
            CopyTags: true,
            TagsToAdd: [{ Key: 'cdk-tiered-backup:tier', Value: 'critical' }, { Key: 'cdk-tiered-backup:rung', Value: 'Every4Hours' }],
            FastRestoreRule: {
              AvailabilityZones: [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }],
              Count: 1,
            },
            CrossRegionCopyRules: [Match.objectLike({ Target: 'ap-southeast-1', Encrypted: true, RetainRule: { Interval: 4, IntervalUnit: 'WEEKS' } })],
          }),
          Match.objectLike({ Name: 'Daily', CreateRule: { Interval: 24, IntervalUnit: 'HOURS', Times: ['01:00'] }, RetainRule: { Interval: 4, IntervalUnit: 'WEEKS' } }),
          Match.objectLike({ Name: 'Weekly', CreateRule: { CronExpression: 'cron(0 2 ? * SUN *)' }, RetainRule: { Interval: 12, IntervalUnit: 'MONTHS' } }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        TargetTags: [{ Key: 'backup-tier', Value: 'staging' }],
        Schedules: [Match.objectLike({ Name: 'Weekly', CreateRule: { CronExpression: 'cron(0 3 ? * SUN *)' }, RetainRule: { Interval: 4, IntervalUnit: 'WEEKS' } })],
      }),
    });
  });

  test.each([[1, 1], [4, 1], [5, 2], [8, 2], [9, 3]])('%i rungs compile to %i policies', (rungs, policies) => {
    const stack = newStack();
    const hours = [1, 2, 3, 4, 6, 8, 12, 24];
    const ladder = Array.from({ length: rungs }, (_, i) => ({
      name: `R${i + 1}`,
      cadence: i < hours.length ? Cadence.every(Duration.hours(hours[i])) : Cadence.weekly(Weekday.SUNDAY),
      retention: Retention.age(Duration.days(7 * (i + 1))),
    }));
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [new BackupTier({ name: 'ladder', rungs: ladder })] });
    expect(tiered.tier('ladder').policies).toHaveLength(policies);
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', policies);
  });

  test('the policies of one tier share its tag on purpose: no overlap warning among them, but with any other policy', () => {
    const stack = newStack();
    const hours = [1, 2, 3, 4, 6];
    const rungs = hours.map((h, i) => ({ cadence: Cadence.every(Duration.hours(h)), retention: Retention.age(Duration.days(7 * (i + 1))) }));
    new TieredBackup(stack, 'Tiers', { tiers: [new BackupTier({ name: 'five', rungs })] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('targets the same resources'));

    const other = newStack();
    new TieredBackup(other, 'Tiers', { tiers: [new BackupTier({ name: 'five', rungs })] });
    new SnapshotPolicy(other, 'Manual', { targetTags: { 'backup-tier': 'five' }, schedules: [{ name: 'D', cadence: Cadence.daily(), retention: Retention.count(3) }] });
    Annotations.fromStack(other).hasWarning('/Stack/Manual', Match.stringLikeRegexp('targets the same resources as Stack/Tiers/five/Dlm1 \\(target tag backup-tier=five\\)'));
  });

  test('an archived rung gets a policy of its own', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', {
      tiers: [new BackupTier({
        name: 'archive',
        rungs: [
          { cadence: Cadence.daily(), retention: Retention.weeks(4) },
          { cadence: Cadence.monthly(1), retention: Retention.months(3) },
        ],
        archive: Retention.years(7),
      })],
    });
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 2);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Description: 'Tier archive Monthly',
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ Name: 'Monthly', ArchiveRule: { RetainRule: { RetentionArchiveTier: { Interval: 7, IntervalUnit: 'YEARS' } } } })],
      }),
    });
  });

  test('a tier with a consistency hook snapshots instances and runs the hook on every rung', () => {
    const stack = newStack();
    const hook = new ConsistentBackupHook(stack, 'Freeze', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development({ consistency: hook })] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const instance = new ec2.Instance(stack, 'Db', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), requireImdsv2: true });
    tiered.tier('development').assign(instance);
    const template = synth(stack);
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        ResourceTypes: ['INSTANCE'],
        Schedules: [Match.objectLike({ CreateRule: Match.objectLike({ Scripts: [Match.objectLike({ ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER' })] }) })],
      }),
    });
    template.hasResourceProperties('AWS::EC2::Instance', { Tags: Match.arrayWith([{ Key: 'backup-tier', Value: 'development' }]) });
    expect(() => tiered.tier('development').assign(volume(stack, 'Loose'))).toThrow(
      literal('[Stack/Loose] `resource` cannot be assigned to tier `development` on its own: its consistency hook runs on instances, so its DLM policies snapshot instances; assign the instance the volume is attached to, got "Stack/Loose/Resource"'));
  });

  test('assigning a volume tags it; assigning an instance on a volume tier propagates the tag to its volumes', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const instance = new ec2.Instance(stack, 'Web', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), requireImdsv2: true });
    tiered.tier('development').assign(instance);
    tiered.tier('development').assign(volume(stack, 'Data'));
    const template = synth(stack);
    template.hasResourceProperties('AWS::EC2::Instance', {
      PropagateTagsToVolumeOnCreation: true,
      Tags: Match.arrayWith([{ Key: 'backup-tier', Value: 'development' }]),
    });
    template.hasResourceProperties('AWS::EC2::Volume', { Tags: [{ Key: 'backup-tier', Value: 'development' }] });
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
  });

  test('a custom tag key', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()], tagKey: 'platform:backup' });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ TargetTags: [{ Key: 'platform:backup', Value: 'staging' }] }),
    });
  });
});

describe('AWS Backup engine', () => {
  test('assigning a database creates the vault, the plan (one rule per rung plus point-in-time) and an AND-ed selection without EBS', () => {
    // GIVEN
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1')],
      drBackupVaults: [drVault(stack, 'eu-west-1')],
      selectionTags: { environment: 'prod' },
    });
    expect(tiered.tier('database').backupPlan).toBeUndefined();
    // WHEN
    tiered.tier('database').assign(table(stack, 'Orders'));
    // THEN
    expect(tiered.tier('database').backupPlan).toBeDefined();
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::BackupVault', 1);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', { Tags: [{ Key: 'backup-tier', Value: 'database' }] });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'database-Every2Hours',
            ScheduleExpression: 'cron(0 0/2 * * ? *)',
            StartWindowMinutes: 60,
            Lifecycle: { DeleteAfterDays: 1 },
            CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:dr', Lifecycle: { DeleteAfterDays: 30 } }],
            RecoveryPointTags: { 'cdk-tiered-backup:tier': 'database', 'cdk-tiered-backup:rung': 'Every2Hours' },
          }),
          Match.objectLike({ RuleName: 'database-Daily', ScheduleExpression: 'cron(30 0 * * ? *)', Lifecycle: { DeleteAfterDays: 30 } }),
          Match.objectLike({ RuleName: 'database-Monthly', ScheduleExpression: 'cron(0 3 1 * ? *)', Lifecycle: { DeleteAfterDays: 732 } }),
          Match.objectLike({ RuleName: 'database-PointInTime', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 7 } }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        SelectionName: 'database',
        Resources: ['*'],
        NotResources: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:*:*:volume/*']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:*:*:instance/*']] },
        ],
        Conditions: {
          StringEquals: [
            { ConditionKey: 'aws:ResourceTag/environment', ConditionValue: 'prod' },
            { ConditionKey: 'aws:ResourceTag/backup-tier', ConditionValue: 'database' },
          ],
        },
      }),
    });
  });

  test('ebsEngine AWS_BACKUP: no DLM policy, every tier has a plan that also selects EBS', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development(), BackupTier.staging()], ebsEngine: BackupEngine.AWS_BACKUP });
    tiered.tier('staging').assign(volume(stack, 'Data'));
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 0);
    template.resourceCountIs('AWS::Backup::BackupPlan', 2);
    template.resourceCountIs('AWS::Backup::BackupVault', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ SelectionName: 'staging', NotResources: Match.absent() }),
    });
  });

  test('the vault it creates is a ProtectedBackupVault, and the plans write to it', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], ebsEngine: BackupEngine.AWS_BACKUP });
    const vault = tiered.vault;
    expect(vault).toBeInstanceOf(ProtectedBackupVault);
    expect(tiered.tier('development').backupPlan!.vault).toBe(vault);
    expect(stack.resolve(vault!.backupVaultName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TiersVault[0-9A-F]{8}$/), 'BackupVaultName'] });
  });

  test('awsBackup ALWAYS gives every tier a plan up front', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development(), BackupTier.staging()], awsBackup: AwsBackupMode.ALWAYS });
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 2);
    template.resourceCountIs('AWS::Backup::BackupPlan', 2);
  });

  test('Windows VSS as the consistency hook turns on the plan\'s VSS option', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development({ consistency: SnapshotScript.windowsVss() })],
      ebsEngine: BackupEngine.AWS_BACKUP,
    });
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ AdvancedBackupSettings: [{ BackupOptions: { WindowsVSS: 'enabled' }, ResourceType: 'EC2' }] }),
    });
  });

  test('a DR copy on AWS Backup needs a vault in that Region', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.critical('ap-southeast-1')], drBackupVaults: [drVault(stack, 'eu-west-1')] });
    expect(() => tiered.tier('critical').assign(table(stack, 'T'))).toThrow(
      literal('[Stack/Tiers] tier `critical`: `drBackupVaults` must contain a vault in ap-southeast-1 for the tier\'s DR copy on AWS Backup'));
  });

  test('the vault lock bounds every tier on AWS Backup', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development(), BackupTier.staging()],
      vaultLock: { minRetention: Duration.days(14), maxRetention: Duration.days(3650) },
    });
    expect(() => tiered.tier('development').assign(table(stack, 'T'))).toThrow(
      literal('[Stack/Tiers/development/Backup] rule `development-Daily`: `retention` must be at least 14 days, the vault lock minimum of Stack/Tiers/Vault'));
  });

  function pitrTier(stack: Stack): TieredBackup {
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1', { name: 'pitr', rpo: Duration.minutes(5), drCopies: [] })],
      protectEbs: false,
    });
    const db = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      storageEncrypted: true,
    });
    tiered.tier('pitr').assign(db);
    return tiered;
  }

  test('an RPO only continuous backup meets holds for databases on AWS Backup alone', () => {
    const stack = newStack();
    pitrTier(stack);
    expect(() => synth(stack)).not.toThrow();
  });

  test('the same RPO fails once a resource without continuous backup is in the tier', () => {
    const stack = newStack();
    const tiered = pitrTier(stack);
    tiered.tier('pitr').assign(table(stack, 'T'));
    expect(() => synth(stack)).toThrow(/tier `pitr`: `rpo` cannot be met: AWS Backup snapshots \(RDS DB instance, DynamoDB table, not all of which support continuous backup\) gives at worst 3 hours/);
  });
});

describe('AWS Backup windows', () => {
  test('a longer start window is passed to the plan and counts in the worst-case RPO', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development({ rpo: Duration.hours(26) })],
      ebsEngine: BackupEngine.AWS_BACKUP,
      backupStartWindow: Duration.hours(3),
      backupCompletionWindow: Duration.hours(12),
    });
    expect(tiered.tier('development').worstCaseRpo(BackupEngine.AWS_BACKUP)?.toHours()).toBe(27);
    expect(() => synth(stack)).toThrow(literal('tier `development`: `rpo` cannot be met: AWS Backup snapshots (the resources it selects) gives at worst 27 hours between the last restore point and a failure (its most frequent rung, plus up to the 3 hours start window of AWS Backup); a most frequent rung that runs at least every 23 hours would meet it, got 26 hours'));
  });

  test('the best a snapshot schedule can do counts the start window too', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.critical('ap-southeast-1', { name: 'gold', rpo: Duration.hours(5), drCopies: [] })],
      ebsEngine: BackupEngine.AWS_BACKUP,
      backupStartWindow: Duration.hours(8),
      backupCompletionWindow: Duration.hours(12),
    });
    expect(() => synth(stack)).toThrow(literal('tier `gold`: `rpo` cannot be met: AWS Backup snapshots (the resources it selects) gives at worst 12 hours between the last restore point and a failure (its most frequent rung, plus up to the 8 hours start window of AWS Backup); no snapshot schedule can meet it (the shortest period is 1 hour, so the best worst case is 9 hours); continuous backup on AWS Backup (`pointInTimeRecovery`) gives 5 minutes for RDS, Aurora and S3, got 5 hours'));
  });

  test('the windows reach every rule', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development({ rpo: Duration.hours(26) })],
      ebsEngine: BackupEngine.AWS_BACKUP,
      backupStartWindow: Duration.hours(2),
      backupCompletionWindow: Duration.hours(12),
    });
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ StartWindowMinutes: 120, CompletionWindowMinutes: 720 })] }),
    });
  });
});

describe('assignment', () => {
  test('a construct with nothing protectable is refused', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => tiered.tier('staging').assign(vpc)).toThrow(/\[Stack\/Vpc\] `resource` must be or contain a resource a tier can protect \(AWS::EC2::Volume, AWS::EC2::Instance, AWS::RDS::DBInstance.*\) to be assigned to tier `staging`, got "Stack\/Vpc"/);
  });

  test('an unknown tier is refused', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    expect(() => tiered.assign(volume(stack, 'V'), BackupTier.development())).toThrow(literal('[Stack/Tiers] `tierName` must be one of the tiers (staging), got "development"'));
  });

  test('EBS cannot be assigned where protectEbs is false', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()], protectEbs: false });
    expect(tiered.ebsEngine).toBeUndefined();
    expect(() => tiered.tier('staging').assign(volume(stack, 'V'))).toThrow(/has `protectEbs: false`, so it protects no AWS::EC2::Volume/);
  });

  test('a bucket goes to AWS Backup', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    tiered.tier('staging').assign(new s3.Bucket(stack, 'Files', { versioned: true, enforceSSL: true }));
    const template = synth(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { Tags: [{ Key: 'backup-tier', Value: 'staging' }] });
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
  });

  test('an Aurora cluster is tagged, its member instances are left to it', () => {
    const stack = newStack();
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.provisioned('Writer'),
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    tiered.tier('staging').assign(cluster);
    expect(tiered.tier('staging').backupResourceTypes).toEqual(['AWS::RDS::DBCluster']);
    const template = synth(stack);
    template.hasResourceProperties('AWS::RDS::DBCluster', { Tags: Match.arrayWith([{ Key: 'backup-tier', Value: 'staging' }]) });
    template.hasResourceProperties('AWS::RDS::DBInstance', { Tags: Match.absent() });
  });

  test('ebsEngine defaults to DLM and is one of the two engines of EBS', () => {
    expect(new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.staging()] }).ebsEngine).toBe(BackupEngine.DLM);
    expect(new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.staging()], ebsEngine: BackupEngine.AWS_BACKUP }).ebsEngine).toBe(BackupEngine.AWS_BACKUP);
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.staging()], ebsEngine: BackupEngine.AWS_BACKUP_CONTINUOUS })).toThrow(
      literal('[Stack/Tiers] `ebsEngine` must be `BackupEngine.DLM` or `BackupEngine.AWS_BACKUP` (AWS Backup has no continuous backup of EBS volumes or EC2 instances), got "AWS_BACKUP_CONTINUOUS"'));
  });

  test('ebsEngine is refused with protectEbs false', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.staging()], protectEbs: false, ebsEngine: BackupEngine.DLM })).toThrow(
      literal('[Stack/Tiers] `ebsEngine` must not be set with `protectEbs: false`, got "DLM"'));
  });

  test('an invalid tag key', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.staging()], tagKey: 'aws:tier' })).toThrow(
      literal('[Stack/Tiers] `tagKey` must match a tag key (1-128 characters, not starting with `aws:`), got "aws:tier"'));
  });
});

describe('warnings and determinism', () => {
  test('an RTO under 30 minutes without fast snapshot restore draws a warning', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development({ rto: Duration.minutes(20) })] });
    Annotations.fromStack(stack).hasWarning('/Stack/Tiers/development', Match.stringLikeRegexp('declares an RTO of 20 minutes but has no fast snapshot restore'));
    const ok = newStack();
    // critical has fast restore; database's 30 minutes leave time for lazily loaded volumes
    new TieredBackup(ok, 'Tiers', { tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1')] });
    Annotations.fromStack(ok).hasNoWarning('*', Match.stringLikeRegexp('declares an RTO'));
  });

  test('re-running synth gives byte-identical templates', () => {
    const build = () => {
      const stack = newStack();
      const tiered = new TieredBackup(stack, 'Tiers', {
        tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging()],
        drBackupVaults: [drVault(stack, 'eu-west-1'), drVault(stack, 'ap-southeast-1')],
      });
      tiered.tier('critical').assign(volume(stack, 'Data'));
      tiered.tier('database').assign(table(stack, 'T'));
      return JSON.stringify(synth(stack).toJSON());
    };
    expect(build()).toEqual(build());
  });

  test('weekly cadences of the presets are spelled as DLM crons', () => {
    expect(Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }).toString()).toBe('cron(0 3 ? * SUN *)');
  });
});
