/**
 * The example app: the reference strategy's MyLearning platform. Four tiers declared once
 * (critical, database, development, staging), a few servers, volumes and databases assigned to
 * them, DR vaults in Singapore and Ireland, and a coverage check that fails synth when a
 * stateful resource is in no tier. The proof layer: a weekly restore drill of the critical tier
 * (restore, file system check, RTO alarm), AWS Backup restore testing of the database tier, and
 * an Audit Manager framework derived from the tiers with its daily compliance report.
 *
 *   CDK_OUTDIR=cdk.out npx ts-node -T examples/tiered-backup.ts
 *
 * writes the cloud assembly to $CDK_OUTDIR (a temporary folder when unset) and prints what
 * each stack contains.
 */
import { App, Fn, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BackupComplianceFramework, BackupCoverage, BackupMonitoring, BackupPlanReport, BackupTier, ConsistentBackupHook, DrillValidation,
  ProtectedBackupVault, Quiescer, RestoreDrill, RestoreTestingRtoAlarms, TierRestoreTesting, TieredBackup,
} from '../src';
import { acknowledge, acknowledgeDlmRole } from './lib/acknowledgements';
import { printAssembly } from './lib/print';

const ACCOUNT = '111111111111';
const PRIMARY = 'ap-south-1'; // Mumbai
const DR = 'ap-southeast-1'; // Singapore: DR copies of critical systems
const COMPLIANCE = 'eu-west-1'; // Ireland: DR copies of databases, for compliance
const DR_VAULT = 'mylearning-dr';

/** Builds the example app: a DR vault stack per DR Region and the production stack. */
export function buildExample(app: App): Stack {
  // The vaults AWS Backup copies into, one per DR Region (DLM copies need no vault).
  for (const [id, region] of [['MyLearningDrSingapore', DR], ['MyLearningDrIreland', COMPLIANCE]]) {
    const dr = new Stack(app, id, { env: { account: ACCOUNT, region } });
    new ProtectedBackupVault(dr, 'Vault', { backupVaultName: DR_VAULT });
  }

  const stack = new Stack(app, 'MyLearningProd', { env: { account: ACCOUNT, region: PRIMARY } });

  // MySQL on EC2 is frozen (FLUSH TABLES WITH READ LOCK) around each snapshot.
  const mysqlHook = new ConsistentBackupHook(stack, 'MysqlHook', { quiescer: Quiescer.mysql() });

  const tiers = new TieredBackup(stack, 'Tiers', {
    tiers: [
      BackupTier.critical(DR),
      BackupTier.database(COMPLIANCE, { consistency: mysqlHook }),
      BackupTier.development(),
      BackupTier.staging(),
    ],
    drBackupVaults: [DR, COMPLIANCE].map((region) => backup.BackupVault.fromBackupVaultArn(stack, `DrVault-${region}`,
      `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${DR_VAULT}`)),
  });

  // What there is to protect.
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'web', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const server = (id: string) => new ec2.Instance(stack, id, {
    vpc,
    instanceType: new ec2.InstanceType('t3.medium'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    requireImdsv2: true,
    detailedMonitoring: true,
    disableApiTermination: true,
    blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true }) }],
  });

  // critical: the web servers and the course-content volume
  tiers.tier('critical').assign(server('Web'));
  const content = new ec2.Volume(stack, 'CourseContent', {
    availabilityZone: Fn.select(0, Fn.getAzs()),
    size: Size.gibibytes(100),
    volumeType: ec2.EbsDeviceVolumeType.GP3,
    encrypted: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
  });
  tiers.tier('critical').assign(content);

  // database: MySQL on EC2 (DLM, application-consistent) and PostgreSQL on RDS
  // (AWS Backup, with point-in-time recovery)
  tiers.tier('database').assign(server('Mysql'));
  const postgres = new rds.DatabaseInstance(stack, 'Postgres', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    storageEncrypted: true,
    multiAz: true,
    deletionProtection: true,
  });
  tiers.tier('database').assign(postgres);

  // development and staging servers
  tiers.tier('development').assign(server('Dev'));
  tiers.tier('staging').assign(server('Staging'));

  // Alarms, events, a dashboard and a snapshot-storage budget for every tier, to one topic.
  const monitoring = new BackupMonitoring(stack, 'Monitoring', { tiers, snapshotBudget: {} });

  // Proof that the critical tier restores within its RTO (15 minutes): every Monday the newest
  // snapshot is restored where fast snapshot restore is kept, attached read-only to a drill host
  // and file-system checked, then deleted; the time is published and alarmed on.
  const drillHost = server('DrillHost');
  BackupCoverage.exempt(drillHost, 'The drill host keeps no data: restored volumes are attached to it for minutes, then deleted');
  const drill = new RestoreDrill(stack, 'CriticalDrill', {
    tier: tiers.tier('critical'),
    validation: DrillValidation.fileSystemCheck(),
    drillInstance: drillHost,
    topic: monitoring.topic,
  });
  // The database tier's PostgreSQL is drilled by AWS Backup restore testing (monthly), each
  // restore job timed against the tier's RTO (30 minutes).
  const restoreTesting = new TierRestoreTesting(stack, 'DatabaseRestoreTesting', { tiered: tiers, tiers: ['database'] });
  const restoreTime = new RestoreTestingRtoAlarms(stack, 'DatabaseRestoreTime', { restoreTesting, tiered: tiers, topic: monitoring.topic });
  // The Audit Manager controls the tiers satisfy by construction, with a daily compliance report.
  const reports = new s3.Bucket(stack, 'ComplianceReports', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  BackupCoverage.exempt(reports, 'Compliance reports are regenerated by AWS Backup Audit Manager');
  new BackupComplianceFramework(stack, 'Compliance', { tieredBackups: [tiers], reportPlan: { bucket: reports } });

  // Nothing stateful may be left out of a tier.
  BackupCoverage.check(app);
  // The plan report (JSON, Markdown, SVG timeline) is written next to the cloud assembly.
  BackupPlanReport.attach(app);

  // What the AwsSolutions checks report and the example keeps, with why (no cdk-nag dependency).
  acknowledgeDlmRole(stack, {
    resources: ['*', `arn:<AWS::Partition>:ec2:${PRIMARY}:${ACCOUNT}:volume/*`, `arn:<AWS::Partition>:ec2:${PRIMARY}::snapshot/*`,
      // copies: the DLM role may copy snapshots only in the copy Regions (one ARN per Region)
      `arn:<AWS::Partition>:ec2:${DR}::snapshot/*`, `arn:<AWS::Partition>:ec2:${COMPLIANCE}::snapshot/*`,
      'arn:<AWS::Partition>:ec2:*::snapshot/*', `arn:<AWS::Partition>:ec2:${PRIMARY}:${ACCOUNT}:instance/*`],
  });
  acknowledge(vpc, 'The example VPC only places the protected servers and database; flow logs are outside a backup example', 'AwsSolutions-VPC7');
  acknowledge(postgres, 'The default port is kept; the database sits in isolated subnets', 'AwsSolutions-RDS11');
  acknowledge(postgres.node.findChild('Secret'), 'Rotating the database secret is outside a backup example', 'AwsSolutions-SMG4');
  acknowledge(reports, 'Audit Manager writes the reports; access logs of the report bucket are outside a backup example', 'AwsSolutions-S1');
  acknowledge(drill.role, 'The restore drill role: describe calls and PutMetricData support no resource-level permissions (PutMetricData is'
    + ' conditioned on the drill namespace); volume IDs are created at run time, so creating needs the drill tag on the request and'
    + ' attaching/detaching/deleting needs it on the volume; snapshots of the policy are picked at run time',
  'AwsSolutions-IAM5[Resource::*]', `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:${PRIMARY}:${ACCOUNT}:volume/*]`,
  `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:${PRIMARY}::snapshot/*]`);
  acknowledge(drill.stateMachine, 'Every drill ends in a metric (RestoreSucceeded, RestoreSeconds) and failed executions keep their error and cause'
    + ' in the execution history; the drill makes a handful of SDK calls a week, with nothing to trace across services',
  'AwsSolutions-SF1', 'AwsSolutions-SF2');
  acknowledge(restoreTime.node.findChild('Role'), 'PutMetricData supports no resource-level permissions; it is conditioned on the drill namespace',
    'AwsSolutions-IAM5[Resource::*]');
  acknowledge(restoreTime.stateMachine, 'One metric call per finished restore job: its outcome is the metric itself, with nothing to trace or log',
    'AwsSolutions-SF1', 'AwsSolutions-SF2');
  return stack;
}

/** Synthesizes the app and prints what each stack contains. */
function main(): void {
  const app = new App(); // outdir: $CDK_OUTDIR, as set by the CDK CLI or by the caller
  buildExample(app);
  printAssembly(app.synth());
  console.log(`\n${BackupPlanReport.forApp(app).toMarkdown()}`);
}

if (require.main === module) {
  main();
}
