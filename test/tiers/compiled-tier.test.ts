/**
 * CompiledTier: what `tiers.tier(name)` returns. It owns the tier's compiled facts (engines,
 * worst-case RPO with the AWS Backup start window, policies, plan, assigned resources), puts
 * resources in the tier (by construct, by ARN), and tier-level facts are checked in the tier's
 * words; a TieredBackup can write to an existing vault; tiers on AWS Backup may have a time zone.
 */
import { Duration, Fn, RemovalPolicy, Size, Stack, TimeZone } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  AwsBackupMode, BackupEngine, BackupPlanReport, BackupTier, Cadence, CompiledTier, ConsistentBackupHook,
  ProtectedBackupVault, Quiescer, Retention, TieredBackup, TierFeature,
} from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: ENV });
}

function literal(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
}

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

function drVault(stack: Stack, region: string): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(stack, `Dr-${region}`, `arn:aws:backup:${region}:111111111111:backup-vault:dr`);
}

describe('one compiled tier per tier', () => {
  test('tier(name) returns the construct that holds the tier\'s policies and plan, the same object every time', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.development()] });
    const critical = tiers.tier('critical');
    expect(critical).toBeInstanceOf(CompiledTier);
    expect(tiers.tier('critical')).toBe(critical);
    expect(critical.node.path).toBe('Stack/Tiers/critical');
    expect(critical.declaration.name).toBe('critical');
    expect(critical.policies.map((p) => p.node.path)).toEqual(['Stack/Tiers/critical/Dlm']);
    expect(critical.backupPlan).toBeUndefined();
    expect(tiers.compiledTiers.map((t) => t.tierName)).toEqual(['critical', 'development']);
  });

  test('the facts follow the assignments: engines, resource types, assigned resources, plan', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1')], drBackupVaults: [drVault(stack, 'eu-west-1')],
    });
    const database = tiers.tier('database');
    expect(database.engines).toEqual([BackupEngine.DLM]);
    expect(database.worstCaseRpos).toEqual([
      { engine: BackupEngine.DLM, worstCase: Duration.minutes(180), objectiveApplies: true, protects: 'DLM (EBS snapshots)', meetsRpo: true },
    ]);
    const orders = table(stack, 'Orders');
    database.assign(orders);
    expect(database.engines).toEqual([BackupEngine.DLM, BackupEngine.AWS_BACKUP, BackupEngine.AWS_BACKUP_CONTINUOUS]);
    expect(database.backupPlan?.node.path).toBe('Stack/Tiers/database/Backup');
    expect(database.backupResourceTypes).toEqual(['AWS::DynamoDB::Table']);
    expect(database.assignedResources).toEqual([orders.node.defaultChild]);
    // DynamoDB has no continuous backup here: the snapshot rules' RPO is the one held
    expect(database.worstCaseRpos.map((r) => [r.engine, r.objectiveApplies])).toEqual([
      [BackupEngine.DLM, true], [BackupEngine.AWS_BACKUP, true], [BackupEngine.AWS_BACKUP_CONTINUOUS, false],
    ]);
  });

  test('protection() says which engine protects a type carrying the tier tag', () => {
    const stack = newStack();
    const hook = new ConsistentBackupHook(stack, 'Freeze', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development(), BackupTier.staging({ consistency: hook })] });
    const dev = tiers.tier('development');
    expect(dev.protection('AWS::EC2::Volume')).toBe('DLM volume policy of tier `development`');
    expect(dev.protection('AWS::EC2::Instance')).toBeUndefined();
    expect(dev.protection('AWS::EC2::Instance', true)).toBe('DLM volume policy of tier `development` (tags propagate to the instance\'s volumes)');
    expect(dev.protection('AWS::DynamoDB::Table')).toBeUndefined();
    expect(tiers.tier('staging').protection('AWS::EC2::Instance')).toBe('DLM instance policy of tier `staging`');
    expect(tiers.tier('staging').protection('AWS::EC2::Volume')).toBeUndefined();
    dev.assign(table(stack, 'T'));
    expect(dev.protection('AWS::DynamoDB::Table')).toBe('AWS Backup plan of tier `development`');
  });

  test('TieredBackup.assign(resource, tier) is the same as tier(name).assign(resource)', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const data = volume(stack, 'Data');
    tiers.assign(data, BackupTier.development());
    expect(tiers.tier('development').assignedResources).toEqual([data.node.defaultChild]);
    synth(stack).hasResourceProperties('AWS::EC2::Volume', { Tags: [{ Key: 'backup-tier', Value: 'development' }] });
  });
});

describe('the report and the synth check read the same facts', () => {
  test('a development tier with an 8-hour start window: 32 hours, not met, in both (the report said 25 hours, met)', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development()],
      ebsEngine: BackupEngine.AWS_BACKUP,
      backupStartWindow: Duration.hours(8),
      backupCompletionWindow: Duration.hours(12),
    });
    const report = BackupPlanReport.of(tiers).tiers[0];
    expect(report.rpo).toEqual([{ engine: BackupEngine.AWS_BACKUP, worstCaseRpoMinutes: 32 * 60, worstCaseRpo: '32 hours', meetsDeclaredRpo: false, objectiveApplies: true }]);
    expect(report.meetsDeclaredRpo).toBe(false);
    expect(() => synth(stack)).toThrow('[Stack/Tiers] tier `development`: `rpo` cannot be met: AWS Backup snapshots (the resources it selects) gives at worst 32 hours between the last restore point and a failure (its most frequent rung, plus up to the 8 hours start window of AWS Backup); a most frequent rung that runs at least every 17 hours would meet it, got 25 hours');
  });

  test('databases with continuous backup only: both hold the 5-minute RPO, and the snapshot rules are reported but not held', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1', { name: 'pitr', rpo: Duration.minutes(5), without: [TierFeature.DR_COPIES] })],
      protectEbs: false,
    });
    tiers.tier('pitr').assignArn('arn:aws:rds:ap-south-1:111111111111:db:orders');
    const report = BackupPlanReport.of(tiers).tiers[0];
    expect(report.rpo.map((r) => [r.engine, r.worstCaseRpoMinutes, r.meetsDeclaredRpo, r.objectiveApplies])).toEqual([
      [BackupEngine.AWS_BACKUP, 180, false, false],
      [BackupEngine.AWS_BACKUP_CONTINUOUS, 5, true, true],
    ]);
    expect(report.meetsDeclaredRpo).toBe(true);
    expect(() => synth(stack)).not.toThrow();
  });
});

describe('resources outside the app', () => {
  test('assignArn adds a selection of ARNs to the tier\'s plan, next to the tag selection', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const dev = tiers.tier('development');
    dev.assignArn('arn:aws:rds:ap-south-1:111111111111:db:orders');
    dev.assignArn('arn:aws:elasticfilesystem:ap-south-1:111111111111:file-system/fs-0123456789abcdef0');
    expect(dev.assignedArns).toHaveLength(2);
    expect(dev.backupResourceTypes).toEqual(['AWS::EFS::FileSystem', 'AWS::RDS::DBInstance']);
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::BackupSelection', 2);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'development-by-arn',
        IamRoleArn: Match.anyValue(),
        Resources: ['arn:aws:rds:ap-south-1:111111111111:db:orders', 'arn:aws:elasticfilesystem:ap-south-1:111111111111:file-system/fs-0123456789abcdef0'],
      },
    });
  });

  test('an unknown type by ARN: the snapshot RPO is held, continuous backup cannot be assumed', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1', { name: 'pitr', rpo: Duration.minutes(5), without: [TierFeature.DR_COPIES] })],
      protectEbs: false,
    });
    tiers.tier('pitr').assignArn('arn:aws:rds:ap-south-1:111111111111:db:orders');
    tiers.tier('pitr').assignArn('arn:aws:storagegateway:ap-south-1:111111111111:gateway/sgw-12A3456B/volume/vol-1122AABB');
    expect(tiers.tier('pitr').meetsRpo).toBe(false);
    expect(() => synth(stack)).toThrow(/tier `pitr`: `rpo` cannot be met: AWS Backup snapshots \(RDS DB instance, not all of which support continuous backup\) gives at worst 3 hours/);
  });

  test.each([
    ['not an ARN', 'orders', BackupEngine.DLM, '[Stack/Tiers] tier `development`: `resourceArn` must be the ARN of one resource (`arn:<partition>:<service>:<region>:<account>:<resource>`, no wildcard), got "orders"'],
    ['a wildcard', 'arn:aws:rds:ap-south-1:111111111111:db:prod-*', BackupEngine.DLM, '[Stack/Tiers] tier `development`: `resourceArn` must be the ARN of one resource (`arn:<partition>:<service>:<region>:<account>:<resource>`, no wildcard), got "arn:aws:rds:ap-south-1:111111111111:db:prod-*"'],
    ['a volume on DLM', 'arn:aws:ec2:ap-south-1:111111111111:volume/vol-0123', BackupEngine.DLM, '[Stack/Tiers] tier `development`: `resourceArn` cannot name an EBS volume or EC2 instance here: DLM protects this tier\'s EBS volumes and EC2 instances and selects them by tag only: tag the resource `backup-tier=development` outside CDK, got "arn:aws:ec2:ap-south-1:111111111111:volume/vol-0123"'],
    ['an instance with protectEbs false', 'arn:aws:ec2:ap-south-1:111111111111:instance/i-0123', undefined, '[Stack/Tiers] tier `development`: `resourceArn` cannot name an EBS volume or EC2 instance here: this TieredBackup has `protectEbs: false` and protects no EBS volume or EC2 instance, got "arn:aws:ec2:ap-south-1:111111111111:instance/i-0123"'],
  ])('assignArn refuses %s', (_what, arn, ebsEngine, message) => {
    const tiers = new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.development()], ebsEngine, protectEbs: ebsEngine !== undefined });
    expect(() => tiers.tier('development').assignArn(arn)).toThrow(literal(message));
  });

  test('assignArn refuses the same ARN twice; a volume by ARN is fine when EBS is on AWS Backup', () => {
    const tiers = new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.development()], ebsEngine: BackupEngine.AWS_BACKUP });
    const dev = tiers.tier('development');
    dev.assignArn('arn:aws:ec2:ap-south-1:111111111111:volume/vol-0123');
    expect(() => dev.assignArn('arn:aws:ec2:ap-south-1:111111111111:volume/vol-0123')).toThrow(literal(
      '[Stack/Tiers] tier `development`: `resourceArn` must not repeat an ARN already in the tier, got "arn:aws:ec2:ap-south-1:111111111111:volume/vol-0123"'));
  });

  test.each([
    ['an imported volume', (stack: Stack) => ec2.Volume.fromVolumeAttributes(stack, 'Imported', { volumeId: 'vol-0123456789abcdef0', availabilityZone: 'ap-south-1a' })],
    ['an imported RDS instance', (stack: Stack) => rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Imported', {
      instanceIdentifier: 'orders', instanceEndpointAddress: 'orders.example.com', port: 5432, securityGroups: [],
    })],
  ])('assigning %s says how to protect it instead', (_what, imported) => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    expect(() => tiers.tier('development').assign(imported(stack))).toThrow(literal(
      '[Stack/Imported] `resource` is imported, not created by this app, so assigning it to tier `development` cannot tag it: tag it `backup-tier=development` outside CDK (the tier\'s DLM policies and AWS Backup plan find it by that tag), or put it in the tier\'s AWS Backup plan by ARN with `assignArn()`, got "Stack/Imported"'));
  });
});

describe('tier-level facts are checked at the tier, in its words', () => {
  test('a DR Region equal to the stack\'s is reported on the tier\'s drCopies, not on a compiled schedule', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.critical('ap-south-1')] })).toThrow(literal(
      '[Stack/Tiers] tier `critical`: `drCopies[0]` must copy to a Region other than the stack\'s own (ap-south-1): a DR copy in the Region it protects against losing recovers nothing (for a preset, it is the Region given to `BackupTier.critical()` or `database()`), got "ap-south-1"'));
  });

  test('a DR Region of an environment-agnostic stack is not known, and not refused', () => {
    const stack = new Stack(testApp(), 'Stack');
    expect(() => new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.critical('ap-south-1')] })).not.toThrow();
  });

  test('an archive with a consistency hook names the tier and the rung, not the generated policy', () => {
    const stack = newStack();
    const hook = new ConsistentBackupHook(stack, 'Freeze', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    const tier = new BackupTier({
      name: 'archived',
      rungs: [
        { cadence: Cadence.daily(), retention: Retention.weeks(4) },
        { cadence: Cadence.monthly(1), retention: Retention.months(3) },
      ],
      archive: Retention.years(7),
      consistency: hook,
    });
    expect(() => new TieredBackup(stack, 'Tiers', { tiers: [tier] })).toThrow(literal(
      '[Stack/Tiers] tier `archived`: `archive` cannot be combined with `consistency` on DLM: a consistency hook makes the tier\'s DLM policies snapshot instances, and DLM archives only snapshots of volume policies (rung `Monthly` would be archived); remove one of them (`without: [TierFeature.ARCHIVE]`), got 7 years'));
    // the same tier is fine where DLM does not protect EBS
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [tier.withOptions({ without: [TierFeature.CONSISTENCY] })] })).not.toThrow();
  });
});

describe('time zones (AWS Backup)', () => {
  test('the plan\'s rules carry ScheduleExpressionTimezone; the clock change counts in the worst-case RPO', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development({ timeZone: TimeZone.EUROPE_BERLIN, rpo: Duration.hours(26) })],
      ebsEngine: BackupEngine.AWS_BACKUP,
    });
    expect(tiers.tier('development').worstCaseRpo(BackupEngine.AWS_BACKUP)).toEqual(Duration.minutes(26 * 60));
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [Match.objectLike({ RuleName: 'development-Daily', ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' })],
      }),
    });
    expect(BackupPlanReport.of(tiers).tiers[0].rungs[0].cadence).toBe('daily at 02:00 Europe/Berlin');
  });

  test('a zone without daylight saving adds nothing; the check names the clock change when there is one', () => {
    const stack = newStack();
    const tiers = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development({ name: 'tokyo', timeZone: TimeZone.ASIA_TOKYO }), BackupTier.development({ timeZone: TimeZone.EUROPE_BERLIN })],
      ebsEngine: BackupEngine.AWS_BACKUP,
    });
    expect(tiers.tier('tokyo').worstCaseRpo(BackupEngine.AWS_BACKUP)).toEqual(Duration.minutes(25 * 60));
    expect(() => synth(stack)).toThrow(literal(
      'Validation failed with the following errors:\n  [Stack/Tiers] tier `development`: `rpo` cannot be met: AWS Backup snapshots (the resources it selects) gives at worst 26 hours between the last restore point and a failure (its most frequent rung, plus up to the 1 hour start window of AWS Backup and 1 hour when clocks change in Europe/Berlin); a most frequent rung that runs at least every 23 hours would meet it, got 25 hours'));
  });

  test('refused where DLM protects EBS: DLM runs in UTC', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.development({ timeZone: TimeZone.EUROPE_BERLIN })] })).toThrow(literal(
      '[Stack/Tiers] tier `development`: `timeZone` cannot be used when DLM protects EBS (the default `ebsEngine`): DLM runs schedules in UTC only, and a tier is never shifted silently; write the cadences in UTC, or protect EBS with AWS Backup (`ebsEngine: BackupEngine.AWS_BACKUP`) or elsewhere (`protectEbs: false`), got "Europe/Berlin"'));
  });

  test('an unknown zone is refused', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [BackupTier.development({ timeZone: TimeZone.of('Mars/Olympus') })], protectEbs: false })).toThrow(literal(
      '[Stack/Tiers] tier `development`: `timeZone` must be an IANA time zone such as Europe/Berlin or America/New_York (AWS Backup\'s `ScheduleExpressionTimezone`), got "Mars/Olympus"'));
  });
});

describe('an existing vault', () => {
  test('plans and event backups write to it; no vault is created', () => {
    const stack = newStack();
    const central = backup.BackupVault.fromBackupVaultName(stack, 'Central', 'central');
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], backupVault: central, awsBackup: AwsBackupMode.ALWAYS });
    expect(tiers.vault).toBe(central);
    tiers.tier('development').backUpOnEvent('BeforeDeploy', { eventPattern: { source: ['aws.codepipeline'] } });
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::BackupVault', 0);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ TargetBackupVault: 'central' })] }),
    });
  });

  test('a ProtectedBackupVault\'s vault brings its lock: the plan is checked against it, and the lock is the TieredBackup\'s', () => {
    const stack = newStack();
    const locked = new ProtectedBackupVault(stack, 'Locked', { lock: { minRetention: Duration.days(14) } });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()], backupVault: locked });
    expect(tiers.vaultLock).toEqual({ minRetention: Duration.days(14) });
    expect(() => tiers.tier('development').assign(table(stack, 'T'))).toThrow(
      /\[Stack\/Tiers\/development\/Backup\] rule `development-Daily`: `retention` must be at least 14 days, the vault lock minimum of Stack\/Locked/);
  });

  test.each(['backupVaultName', 'vaultKey', 'vaultLock'])('%s is refused with backupVault', (prop) => {
    const stack = newStack();
    const values: { [key: string]: unknown } = { backupVaultName: 'mine', vaultKey: new ProtectedBackupVault(stack, 'K').encryptionKey, vaultLock: { minRetention: Duration.days(1) } };
    expect(() => new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development()], backupVault: backup.BackupVault.fromBackupVaultName(stack, 'Central', 'central'), [prop]: values[prop],
    })).toThrow(new RegExp(`^\\[Stack/Tiers\\] \`${prop}\` must not be set with \`backupVault\`: they configure the vault this construct creates, and \`backupVault\` is used as it is, got `));
  });
});
