/**
 * The example app: the reference strategy's tiers written with the constructs that exist
 * today (SnapshotPolicy, AmiPolicy, DefaultPolicy). It grows as the tier constructs arrive.
 *
 *   CDK_OUTDIR=cdk.out npx ts-node -T examples/tiered-backup.ts
 *
 * writes the cloud assembly to $CDK_OUTDIR (a temporary folder when unset) and prints what
 * each stack contains.
 */
import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AmiPolicy, Cadence, DefaultPolicy, DefaultPolicyResourceType, Retention, SnapshotPolicy,
  SnapshotResourceType, Weekday,
} from '../src';
import { printAssembly } from './lib/print';

/** Builds the example stack into `app`. */
export function buildExample(app: App): Stack {
  const stack = new Stack(app, 'TieredBackupExample', { env: { account: '111111111111', region: 'ap-south-1' } });

  // Something to protect: a data volume of the application.
  const az = Fn.select(0, Fn.getAzs());
  const data = new ec2.CfnVolume(stack, 'AppData', { availabilityZone: az, size: 100, volumeType: 'gp3', encrypted: true });

  // critical: every 4 h keep 7 days, dailies for 4 weeks, weeklies for 12 months.
  const critical = new SnapshotPolicy(stack, 'Critical', {
    description: 'critical tier - every 4 hours with daily and weekly rungs',
    targetTags: { 'backup-tier': 'critical' },
    schedules: [
      { name: 'Every4h', cadence: Cadence.every(Duration.hours(4), { startTime: '00:00' }), retention: Retention.age(Duration.days(7)), copyTags: true },
      {
        name: 'Daily',
        cadence: Cadence.daily({ startTime: '02:00' }),
        retention: Retention.weeks(4),
        copyTags: true,
        fastRestore: { availabilityZones: [az], retention: Retention.age(Duration.days(1)) },
      },
      { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12), copyTags: true },
    ],
  });
  critical.protect(data);

  // staging: weekly, keep 4 weeks, whole instances.
  new SnapshotPolicy(stack, 'Staging', {
    resourceType: SnapshotResourceType.INSTANCE,
    targetTags: { 'backup-tier': 'staging' },
    excludeBootVolume: false,
    schedules: [{ name: 'Weekly', cadence: Cadence.weekly(Weekday.SATURDAY, { startTime: '01:00' }), retention: Retention.count(4) }],
  });

  // golden AMIs of the web fleet, deprecated before they are deleted.
  new AmiPolicy(stack, 'WebImages', {
    targetTags: { 'ami-backup': 'web' },
    noReboot: true,
    schedules: [{ name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.count(4), deprecate: Retention.count(2) }],
  });

  // safety net for everything else in the Region.
  new DefaultPolicy(stack, 'SafetyNet', {
    resourceType: DefaultPolicyResourceType.VOLUME,
    createInterval: Duration.days(1),
    retainInterval: Duration.days(7),
    exclusions: { excludeBootVolumes: true },
  });
  return stack;
}

/** Synthesizes the app and prints what each stack contains. */
function main(): void {
  const app = new App(); // outdir: $CDK_OUTDIR, as set by the CDK CLI or by the caller
  buildExample(app);
  printAssembly(app.synth());
}

if (require.main === module) {
  main();
}
