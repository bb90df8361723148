/**
 * `cdk-tiered-backup points` against the local EC2 endpoint (Query protocol, SigV4 checked) and
 * the local DLM endpoint (for the DR Regions of the policies that made the snapshots).
 */
import { CRITICAL_POLICY, DATABASE_POLICY, DB_VOLUME, DR_REGION, INSTANCE, INSTANCES, ROOT_VOLUME, SNAPSHOTS, VOLUME } from './ec2-fixtures';
import { FakeDlm, TEST_CREDENTIALS } from './fake-dlm';
import { FakeEc2, REQUEST_LIMIT_EXCEEDED } from './fake-ec2';
import { REGION, runCli, useAwsTestEnv } from './support';

let ec2: FakeEc2;
let dlm: FakeDlm;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  [ec2, dlm] = await Promise.all([FakeEc2.start(REGION), FakeDlm.start()]);
  dlm.policies = [
    {
      PolicyId: CRITICAL_POLICY,
      State: 'ENABLED',
      PolicyDetails: {
        PolicyType: 'EBS_SNAPSHOT_MANAGEMENT',
        ResourceTypes: ['VOLUME'],
        TargetTags: [{ Key: 'backup-tier', Value: 'critical' }],
        Schedules: [{ Name: 'Every4Hours', CrossRegionCopyRules: [{ Target: DR_REGION, Encrypted: true, RetainRule: { Interval: 4, IntervalUnit: 'WEEKS' } }] }],
      },
    },
    { PolicyId: DATABASE_POLICY, State: 'ENABLED', PolicyDetails: { PolicyType: 'EBS_SNAPSHOT_MANAGEMENT', Schedules: [{ Name: 'Every2Hours' }] } },
  ];
});

beforeEach(() => {
  ec2.reset();
  dlm.reset();
  ec2.snapshots = SNAPSHOTS.map(s => ({ ...s }));
  ec2.instances = INSTANCES.map(i => ({ ...i, devices: { ...i.devices } }));
});

afterAll(async () => {
  await Promise.all([ec2.close(), dlm.close()]);
  restoreEnv();
});

const points = (...args: string[]) => runCli(['points', ...args, '--endpoint-url', ec2.url, '--dlm-endpoint-url', dlm.url, '--region', REGION]);

describe('points', () => {
  test('--tier: newest first, with schedule, storage tier, fast snapshot restore per AZ and the DR copies of the policy\'s copy Regions', async () => {
    // WHEN
    const run = await points('--tier', 'critical');
    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^SNAPSHOT\s+CREATED\s+VOLUME\s+STATE\s+MADE BY\s+STORAGE\s+FAST RESTORE\s+DR COPIES$/);
    const rows = lines.filter(l => l.startsWith('snap-'));
    expect(rows.map(r => r.split(/\s+/)[0])).toEqual(['snap-0a000000000000004', 'snap-0a000000000000001', 'snap-0a000000000000002', 'snap-0a000000000000003']);
    expect(rows[0]).toMatch(/2026-12-06 04:00 UTC\s+vol-0aaaaaaaaaaaaaaa1\s+pending 40%\s+tier critical\s+standard\s+-\s+us-west-2 none$/);
    expect(rows[1]).toMatch(/2026-12-06 00:00 UTC\s+vol-0aaaaaaaaaaaaaaa1\s+completed\s+tier critical\s+standard\s+us-east-1a enabled\s+us-west-2 snap-0e000000000000001$/);
    expect(lines[lines.indexOf(rows[1]) + 1]).toMatch(new RegExp(`^\\s+${CRITICAL_POLICY} Every4Hours$`));
    expect(rows[3]).toMatch(/2026-11-01 02:00 UTC\s+vol-0aaaaaaaaaaaaaaa1\s+completed\s+tier critical\s+archive\s+-\s+us-west-2 none$/);
    expect(lines[lines.indexOf(rows[3]) + 1]).toMatch(new RegExp(`^\\s+${CRITICAL_POLICY} Monthly\\s+archival-completed$`));
    expect(run.stdout).toMatch(/\n4 restore points of tier critical in us-east-1, 1 archived, 1 with fast snapshot restore; DR copies looked up in us-west-2\n$/);
    // the requests: owner self and the tier tag; the policy read once; the copies looked up by description in the DR Region
    const [describe] = ec2.calls('DescribeSnapshots').filter(r => r.region === REGION);
    expect(describe.params).toEqual(expect.objectContaining({
      'Owner.1': 'self', 'Filter.1.Name': 'tag:cdk-tiered-backup:tier', 'Filter.1.Value.1': 'critical', 'MaxResults': '1000', 'Version': '2016-11-15',
    }));
    expect(ec2.calls('DescribeSnapshotTierStatus')[0].params).toEqual(expect.objectContaining({ 'Filter.1.Name': 'snapshot-id', 'Filter.1.Value.1': 'snap-0a000000000000003' }));
    expect(ec2.calls('DescribeFastSnapshotRestores')).toHaveLength(1);
    expect(dlm.calls('GetLifecyclePolicy').map(r => r.path)).toEqual([`/policies/${CRITICAL_POLICY}`]);
    const [dr] = ec2.calls('DescribeSnapshots').filter(r => r.region === DR_REGION);
    expect(dr.params).toEqual(expect.objectContaining({ 'Filter.1.Name': 'description', 'Filter.1.Value.1': '*snap-0a000000000000004*' }));
    expect(ec2.requests.every(r => r.status === 200)).toBe(true);
  });

  test('--volume --json, paging with progress on stderr', async () => {
    // GIVEN EC2 returns at most 2 snapshots a page
    ec2.pageLimit = 2;
    // WHEN
    const run = await points('--volume', VOLUME, '--json');
    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('reading snapshots in us-east-1: 2 so far...\nread 4 snapshots in us-east-1\n');
    const local = ec2.calls('DescribeSnapshots').filter(r => r.region === REGION);
    expect(local).toHaveLength(2);
    expect(local[1].params.NextToken).toBeDefined();
    expect(local[0].params).toEqual(expect.objectContaining({ 'Filter.1.Name': 'volume-id', 'Filter.1.Value.1': VOLUME }));
    const json = JSON.parse(run.stdout);
    expect(json.map((p: any) => p.snapshotId)).toEqual(['snap-0a000000000000004', 'snap-0a000000000000001', 'snap-0a000000000000002', 'snap-0a000000000000003']);
    expect(json[1]).toEqual({
      snapshotId: 'snap-0a000000000000001',
      volumeId: VOLUME,
      startTime: '2026-12-06T00:00:12.000Z',
      state: 'completed',
      progress: '100%',
      volumeSizeGiB: 8,
      encrypted: true,
      tier: 'critical',
      policyId: CRITICAL_POLICY,
      scheduleName: 'Every4Hours',
      storageTier: 'standard',
      fastRestore: [{ availabilityZone: 'us-east-1a', state: 'enabled' }],
      drCopies: [{ region: DR_REGION, snapshotId: 'snap-0e000000000000001', state: 'completed', startTime: '2026-12-06T00:20:00.000Z' }],
    });
    expect(json[3]).toEqual(expect.objectContaining({ storageTier: 'archive', archiveStatus: 'archival-completed', fastRestore: [], drCopies: [] }));
  });

  test('--instance: the EBS volumes of its block device mappings; snapshots not made by DLM say so', async () => {
    const run = await points('--instance', INSTANCE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(ec2.calls('DescribeInstances')[0].params).toEqual(expect.objectContaining({ 'InstanceId.1': INSTANCE }));
    expect(ec2.calls('DescribeSnapshots')[0].params).toEqual(expect.objectContaining({
      'Filter.1.Name': 'volume-id', 'Filter.1.Value.1': ROOT_VOLUME, 'Filter.1.Value.2': DB_VOLUME,
    }));
    expect(run.stdout).toMatch(/snap-0b000000000000001\s+2026-12-06 02:00 UTC\s+vol-0bbbbbbbbbbbbbbb2\s+completed\s+tier database\s+standard\s+-\s+-\n/);
    expect(run.stdout).toMatch(/snap-0b000000000000002\s+2026-12-05 00:00 UTC\s+vol-0bbbbbbbbbbbbbbb2\s+completed\s+not DLM\s+standard\s+-\s+-\n/);
    // the database policy copies nowhere: no DR Region to look in
    expect(run.stdout).toMatch(/2 restore points of instance i-0123456789abcdef0 \(vol-0ccccccccccccccc3, vol-0bbbbbbbbbbbbbbb2\) in us-east-1; DR copies looked up in no Region\n$/);
  });

  test('--regions replaces the policies\' copy Regions (DLM is not called)', async () => {
    const run = await points('--volume', VOLUME, '--regions', `${DR_REGION},eu-west-1`, '--json');
    expect(run.code).toBe(0);
    expect(dlm.requests).toHaveLength(0);
    expect(ec2.calls('DescribeSnapshots').map(r => r.region)).toEqual([REGION, DR_REGION, 'eu-west-1']);
    expect(JSON.parse(run.stdout)[1].drCopies).toEqual([expect.objectContaining({ region: DR_REGION, snapshotId: 'snap-0e000000000000001' })]);
  });

  test('when DLM cannot be read, the points are listed without DR copies and a warning says why', async () => {
    dlm.deny('GetLifecyclePolicy');
    const run = await points('--tier', 'critical');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: cannot read the DLM policies that made these snapshots, so DR copies are not looked up \(access denied: the credentials lack the permission dlm:GetLifecyclePolicy on policy-0c1c2c3c4c5c6c7c8 .*\); pass --regions to name the DR Regions\n$/);
    expect(run.stdout).toMatch(/DR copies looked up in no Region\n$/);
  });

  test('no restore points', async () => {
    const run = await points('--tier', 'nonexistent');
    expect(run).toEqual({ code: 0, stdout: 'No restore points of tier nonexistent in us-east-1.\n', stderr: '' });
  });
});

describe('points: errors', () => {
  test.each([
    [[], 'give --tier, --volume or --instance (see `cdk-tiered-backup points --help`)'],
    [['--volume', VOLUME, '--instance', INSTANCE], 'give --volume or --instance, not both (see `cdk-tiered-backup points --help`)'],
    [['--tier', 'critical', '--regions', 'Europe'], '--regions takes Region names separated by commas, e.g. eu-west-1,us-west-2; got "Europe" (see `cdk-tiered-backup points --help`)'],
  ])('usage: %j', async (args, message) => {
    const run = await points(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cdk-tiered-backup: ${message}\n`);
    expect(ec2.requests).toHaveLength(0);
  });

  test('UnauthorizedOperation names the missing EC2 permission, one line', async () => {
    ec2.deny('DescribeSnapshots');
    const run = await points('--tier', 'critical');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^cdk-tiered-backup: access denied: the credentials lack the permission ec2:DescribeSnapshots \(UnauthorizedOperation: You are not authorized to perform this operation\. User: arn:aws:iam::111111111111:user\/ci is not authorized to perform: ec2:DescribeSnapshots /);
  });

  test('RequestLimitExceeded (503) is retried with backoff, then succeeds', async () => {
    ec2.failNext('DescribeSnapshots', REQUEST_LIMIT_EXCEEDED);
    const run = await points('--volume', VOLUME, '--regions', DR_REGION, '--json');
    expect(run.code).toBe(0);
    expect(ec2.calls('DescribeSnapshots').map(r => r.status)).toEqual([503, 200, 200]);
    expect(run.stderr).toMatch(/^EC2 throttled the request; retrying in \d+\.\d s \(attempt 2 of 5\)\n$/);
    expect(JSON.parse(run.stdout)).toHaveLength(4);
  });

  test('throttling that does not stop is one line after AWS_MAX_ATTEMPTS attempts', async () => {
    ec2.failNext('DescribeFastSnapshotRestores', REQUEST_LIMIT_EXCEEDED, REQUEST_LIMIT_EXCEEDED);
    const run = await runCli(['points', '--volume', VOLUME, '--endpoint-url', ec2.url, '--region', REGION], { AWS_MAX_ATTEMPTS: '2' });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('cdk-tiered-backup: EC2 throttled DescribeFastSnapshotRestores after 2 attempts (RequestLimitExceeded): '
      + 'try again later, or allow more attempts with AWS_MAX_ATTEMPTS');
  });

  test('an unknown instance is InvalidInstanceID.NotFound in words', async () => {
    const run = await points('--instance', 'i-0000000000000dead');
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cdk-tiered-backup: EC2 has no such instance in us-east-1 at ${ec2.url} (InvalidInstanceID.NotFound: The instance ID 'i-0000000000000dead' does not exist)\n`,
    });
  });

  test('an instance without EBS volumes', async () => {
    const run = await points('--instance', 'i-0fffffffffffffff0');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk-tiered-backup: instance i-0fffffffffffffff0 has no EBS volume attached: give --volume for a volume it had\n');
  });

  test('an unreachable EC2 endpoint is one line, after the retries', async () => {
    const closed = await FakeEc2.start(REGION);
    const url = closed.url;
    await closed.close();
    const run = await runCli(['points', '--tier', 'critical', '--endpoint-url', url, '--region', REGION], { AWS_MAX_ATTEMPTS: '2' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^cdk-tiered-backup: cannot reach EC2 at ${url.replace(/\./g, '\\.')} after 2 attempts: .*ECONNREFUSED.*\n$`));
  });

  test('--help', async () => {
    const run = await runCli(['points', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: cdk-tiered-backup points \[options\]\n\nList the restore points/);
    expect(run.stdout).toMatch(/  --endpoint-url URL\s+send EC2 requests to this endpoint/);
    expect(run.stdout).toMatch(/  --dlm-endpoint-url URL\s+send DLM requests/);
  });

  test('a wrong secret key fails EC2\'s signature check (AuthFailure)', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    try {
      const run = await points('--tier', 'critical');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('cdk-tiered-backup: EC2 rejected the credentials (AuthFailure: AWS was not able to validate the provided access credentials): '
        + 'check the access key, or refresh the session\n');
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    }
  });
});
