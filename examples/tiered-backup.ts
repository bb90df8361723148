/**
 * The example app: the reference strategy's MyLearning platform. Four tiers declared once
 * (critical, database, development, staging), a few servers, volumes and databases assigned to
 * them, DR vaults in Singapore and Ireland, and a coverage check that fails synth when a
 * stateful resource is in no tier.
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
import {
  BackupCoverage, BackupMonitoring, BackupPlanReport, BackupTier, ConsistentBackupHook, ProtectedBackupVault, Quiescer, TieredBackup,
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
  new BackupMonitoring(stack, 'Monitoring', { tiers, snapshotBudget: {} });

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
