/**
 * For the packed-package check (scripts/packed/smoke.sh): serves, on 127.0.0.1, the EC2 account
 * the tests of `points` and `restore` use (test/cli/ec2-fixtures.ts) through the tests' local EC2
 * endpoint (test/cli/fake-ec2.ts: EC2's Query protocol, SigV4 checked). Prints one line of shell
 * assignments (endpoint, test credentials, the fixture's ids), then serves until stdin closes.
 *
 *   ts-node -T scripts/packed/fake-ec2-server.ts
 */
import { INSTANCE, INSTANCES, SNAPSHOTS, VOLUME } from '../../test/cli/ec2-fixtures';
import { FakeEc2 } from '../../test/cli/fake-ec2';
import { awsTestEnv } from '../../test/cli/support';

async function main(): Promise<void> {
  const ec2 = await FakeEc2.start('us-east-1');
  ec2.snapshots.push(...SNAPSHOTS.map((s) => ({ ...s })));
  ec2.instances.push(...INSTANCES.map((i) => ({ ...i })));
  ec2.pollsUntilAvailable = 1;
  const env = {
    ...awsTestEnv(),
    AWS_REGION: 'us-east-1',
    EC2_ENDPOINT: ec2.url,
    EC2_VOLUME: VOLUME,
    EC2_INSTANCE: INSTANCE,
    EC2_POINTS: String(SNAPSHOTS.filter((s) => s.VolumeId === VOLUME && (s.region ?? 'us-east-1') === 'us-east-1').length),
  };
  console.log(Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' '));
  process.stdin.resume();
  process.stdin.on('end', () => void ec2.close());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
