/**
 * BackupCoverage: every EBS volume, EC2 instance and stateful AWS Backup-supported resource
 * that no tier protects is reported, however the tier tag got there; exemptions carry reasons.
 */
import { App, Fn, RemovalPolicy, Size, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  AwsBackupMode, BackupCoverage, BackupTier, ConsistentBackupHook, CoverageSeverity, Quiescer, TieredBackup,
} from '../../src';
import { testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };

function volume(stack: Stack, id: string): ec2.Volume {
  return new ec2.Volume(stack, id, {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(10), encrypted: true, removalPolicy: RemovalPolicy.DESTROY,
  });
}

function table(stack: Stack, id: string): dynamodb.Table {
  return new dynamodb.Table(stack, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
}

function setup(): { app: App; stack: Stack; tiered: TieredBackup } {
  const app = testApp();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development(), BackupTier.staging()] });
  return { app, stack, tiered };
}

const UNPROTECTED = /is not protected by any backup tier/;

describe('BackupCoverage', () => {
  test('one unprotected volume is an error that names it; the assigned one is fine', () => {
    // GIVEN
    const { app, stack, tiered } = setup();
    tiered.tier('development').assign(volume(stack, 'Protected'));
    volume(stack, 'Forgotten');
    // WHEN
    const coverage = BackupCoverage.check(app);
    // THEN
    const annotations = Annotations.fromStack(stack);
    annotations.hasError('/Stack/Forgotten/Resource', Match.stringLikeRegexp(
      'AWS::EC2::Volume is not protected by any backup tier \\(tag it backup-tier=development\\|staging, or assign it with TieredBackup.tier\\(name\\).assign\\(\\)\\); exempt it with BackupCoverage.exempt\\(scope, reason\\) if it needs no backup'));
    annotations.hasNoError('/Stack/Protected/Resource', Match.anyValue());
    expect(coverage.results).toEqual([
      { path: 'Stack/Protected/Resource', resourceType: 'AWS::EC2::Volume', protectedBy: 'DLM volume policy of tier `development` (Stack/Tiers)', exemption: undefined },
      { path: 'Stack/Forgotten/Resource', resourceType: 'AWS::EC2::Volume', protectedBy: undefined, exemption: undefined },
    ]);
  });

  test('a tag put there by other means counts, a tag naming no tier does not', () => {
    const { app, stack } = setup();
    Tags.of(volume(stack, 'TaggedByHand')).add('backup-tier', 'staging');
    Tags.of(volume(stack, 'Typo')).add('backup-tier', 'stagging');
    BackupCoverage.check(app);
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('/Stack/TaggedByHand/Resource', Match.anyValue());
    annotations.hasError('/Stack/Typo/Resource', Match.stringLikeRegexp(UNPROTECTED.source));
  });

  test('exemptions carry a reason and cover everything below them', () => {
    const { app, stack } = setup();
    const scratch = volume(stack, 'Scratch');
    BackupCoverage.exempt(scratch, 'rebuilt from the AMI in minutes');
    const coverage = BackupCoverage.check(app);
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    expect(coverage.results).toEqual([{ path: 'Stack/Scratch/Resource', resourceType: 'AWS::EC2::Volume', protectedBy: undefined, exemption: 'rebuilt from the AMI in minutes' }]);
    expect(() => BackupCoverage.exempt(scratch, ' ')).toThrow('[Stack/Scratch] `reason` must say why the resource needs no backup (at least 3 characters), got " "');
  });

  test('warnings instead of errors, and ignored types', () => {
    const { app, stack } = setup();
    volume(stack, 'Forgotten');
    table(stack, 'Sessions');
    BackupCoverage.check(app, { severity: CoverageSeverity.WARNING, ignoreResourceTypes: ['AWS::DynamoDB::Table'] });
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasWarning('/Stack/Forgotten/Resource', Match.stringLikeRegexp(UNPROTECTED.source));
    annotations.hasNoWarning('/Stack/Sessions/Resource', Match.anyValue());
  });

  test('a table tagged with a tier is protected only when the tier has an AWS Backup plan', () => {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    Tags.of(table(stack, 'Orders')).add('backup-tier', 'staging');
    BackupCoverage.check(app);
    Annotations.fromStack(stack).hasError('/Stack/Orders/Resource', Match.stringLikeRegexp(UNPROTECTED.source));

    const app2 = testApp();
    const stack2 = new Stack(app2, 'Stack', { env: ENV });
    new TieredBackup(stack2, 'Tiers', { tiers: [BackupTier.staging()], awsBackup: AwsBackupMode.ALWAYS });
    Tags.of(table(stack2, 'Orders')).add('backup-tier', 'staging');
    BackupCoverage.check(app2);
    Annotations.fromStack(stack2).hasNoError('*', Match.anyValue());
  });

  test('an instance on a volume tier is covered only when its tags reach its volumes', () => {
    const { app, stack, tiered } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const props = { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), requireImdsv2: true };
    tiered.tier('staging').assign(new ec2.Instance(stack, 'Assigned', props));
    Tags.of(new ec2.Instance(stack, 'TagOnly', props)).add('backup-tier', 'staging');
    BackupCoverage.check(app);
    const annotations = Annotations.fromStack(stack);
    annotations.hasNoError('/Stack/Assigned/Resource', Match.anyValue());
    annotations.hasError('/Stack/TagOnly/Resource', Match.stringLikeRegexp(UNPROTECTED.source));
  });

  test('an instance tier (consistency hook) covers tagged instances but not tagged volumes', () => {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hook = new ConsistentBackupHook(stack, 'Hook', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging({ consistency: hook })] });
    Tags.of(volume(stack, 'Vol')).add('backup-tier', 'staging');
    BackupCoverage.check(app);
    Annotations.fromStack(stack).hasError('/Stack/Vol/Resource', Match.stringLikeRegexp(UNPROTECTED.source));
  });

  test('tiers protect their own account and Region only', () => {
    const { app } = setup();
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ENV.account, region: 'eu-west-1' } });
    Tags.of(volume(elsewhere, 'Vol')).add('backup-tier', 'staging');
    BackupCoverage.check(app);
    Annotations.fromStack(elsewhere).hasError('/Elsewhere/Vol/Resource', Match.stringLikeRegexp('is not protected by any backup tier \\(no TieredBackup in its account and Region\\)'));
  });

  test('Aurora instances are left to their cluster', () => {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: ENV });
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()] });
    new rds.CfnDBInstance(stack, 'Member', { dbClusterIdentifier: 'cluster', engine: 'aurora-postgresql', dbInstanceClass: 'db.r6g.large' });
    const coverage = BackupCoverage.check(app);
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    expect(coverage.results).toEqual([]);
  });
});
