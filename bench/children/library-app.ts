/**
 * The synth-overhead workload (workload.ts) written with the library: `SnapshotPolicy`,
 * `Cadence`, `Retention` and `DrCopyRule.toRegion()`, as a user writes it. Synthesizes with
 * `app.synth()` into $CDK_OUTDIR, like `cdk synth` runs an app.
 *
 *   node tmp/bench-children/library-app.js <number of policies>
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { libraryPath, sinceStart, synthAndReport } from './probe';
import { DR_KEY_ARN, DR_REGION, ENV, policyCount, policyDescription, policyId, policyTagValue, STACK_ID, TARGET_TAG_KEY } from './workload';
import type * as Library from '../../src';

// The compiled library (what `require('cdk-tiered-backup')` loads), not src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Cadence, DrCopyRule, Retention, SnapshotPolicy, Weekday }: typeof Library = require(libraryPath());
const loaded = sinceStart();

const app = new App();
const stack = new Stack(app, STACK_ID, { env: ENV });
const n = policyCount();
for (let i = 0; i < n; i++) {
  new SnapshotPolicy(stack, policyId(i), {
    description: policyDescription(i),
    targetTags: { [TARGET_TAG_KEY]: policyTagValue(i) },
    schedules: [
      { name: 'Every4h', cadence: Cadence.every(Duration.hours(4), { startTime: '00:00' }), retention: Retention.age(Duration.days(7)) },
      {
        name: 'Daily',
        cadence: Cadence.daily({ startTime: '02:00' }),
        retention: Retention.weeks(4),
        crossRegionCopies: [DrCopyRule.toRegion(DR_REGION, { encryptionKeyArn: DR_KEY_ARN, retention: Retention.months(3) })],
      },
      { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12) },
      { name: 'Monthly', cadence: Cadence.monthly(1, { startTime: '04:00' }), retention: Retention.years(1) },
    ],
  });
}
synthAndReport(app, stack, loaded);
