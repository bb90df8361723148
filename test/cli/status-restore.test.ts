/**
 * `status`: each tier's last measured restore time and last drill, read from the restore
 * drills' CloudWatch metrics (a local CloudWatch endpoint, SigV4 checked).
 */
import { Stack } from 'aws-cdk-lib';
import { FakeCloudWatch, CLOUDWATCH_THROTTLED, DataPoint } from './fake-cloudwatch';
import { FakeDlm, ServedPolicy } from './fake-dlm';
import { deploy, dlmResources, REGION, runCli, useAwsTestEnv } from './support';
import { Cadence, RestoreDrill, Retention, SnapshotPolicy } from '../../src';
import { testApp } from '../harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Where the library's drills publish by default: status must read there without being told. */
const NS = RestoreDrill.DEFAULT_NAMESPACE;

let dlm: FakeDlm;
let cloudwatch: FakeCloudWatch;
let restoreEnv: () => void;
let served: ServedPolicy[];
const now = Date.now();

/** A data point `ago` milliseconds ago. */
function point(tier: string, metricName: string, value: number, ago: number, namespace = NS): DataPoint {
  return { namespace, metricName, dimensions: { Tier: tier }, time: new Date(now - ago), value };
}

/** The start of the hour `ago` milliseconds ago, as the table prints it. */
function hourOf(ago: number): string {
  const iso = new Date(Math.floor((now - ago) / HOUR) * HOUR).toISOString();
  return `${iso.slice(0, 13).replace('T', ' ')}:00 UTC`;
}

// GIVEN two tiers with DLM policies (critical drilled: it last restored in 5 min 12 s three
// days ago, and its drill yesterday failed; database last drilled 100 days ago) and an AWS Backup
// tier with restore testing (analytics: metrics only, no DLM policy)
const POINTS: DataPoint[] = [
  point('critical', 'RestoreSeconds', 250, 10 * DAY),
  point('critical', 'RestoreSucceeded', 1, 10 * DAY),
  point('critical', 'RestoreSeconds', 312, 3 * DAY),
  point('critical', 'RestoreSucceeded', 1, 3 * DAY),
  point('critical', 'RestoreSucceeded', 0, 1 * DAY),
  point('critical', 'DrillStarted', 1, 1 * DAY),
  point('analytics', 'RestoreSeconds', 3700, 5 * DAY),
  point('analytics', 'RestoreSucceeded', 1, 5 * DAY),
  // database: one drill, older than the default 90 days (and so not listed by ListMetrics)
  point('database', 'RestoreSeconds', 42, 100 * DAY),
  point('database', 'RestoreSucceeded', 1, 100 * DAY),
  // another namespace, and a metric with other dimensions
  point('critical', 'RestoreSeconds', 1, 2 * DAY, 'Other/Drills'),
  { namespace: NS, metricName: 'RestoreSeconds', dimensions: { Tier: 'critical', Volume: 'vol-1' }, time: new Date(now - 2 * DAY), value: 7 },
];

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  dlm = await FakeDlm.start();
  cloudwatch = await FakeCloudWatch.start();
  const stack = new Stack(testApp(), 'Prod', { env: { account: '111111111111', region: REGION } });
  for (const tier of ['critical', 'database']) {
    new SnapshotPolicy(stack, tier, {
      targetTags: { 'backup-tier': tier },
      schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7) }],
    });
  }
  served = dlmResources(stack).map(r => deploy(r, { stackName: 'Prod', templateResources: undefined }));
});

beforeEach(() => {
  dlm.policies = served;
  dlm.reset();
  cloudwatch.reset();
  cloudwatch.dataPoints = [...POINTS];
  cloudwatch.pageSize = 500;
});

afterAll(async () => {
  await dlm.close();
  await cloudwatch.close();
  restoreEnv();
});

const status = (...args: string[]) => runCli(['status', '--endpoint-url', dlm.url, '--cloudwatch-endpoint-url', cloudwatch.url, '--region', REGION, ...args]);

/** The restore table's row of a tier, split at runs of spaces. */
function row(stdout: string, tier: string): string[] {
  const start = stdout.indexOf('Restore drills (');
  expect(start).toBeGreaterThan(0);
  const line = stdout.slice(start).split('\n').find(l => l.startsWith(`${tier} `));
  expect(line).toBeDefined();
  return line!.trim().split(/ {2,}/);
}

describe('status: the last measured restore time of each tier', () => {
  test('a table after the policies: the tiers of the policies and those with metrics, last time, its hour, the last drill', async () => {
    // WHEN
    const run = await status();
    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`\n2 policies in ${REGION}\n\nRestore drills (CloudWatch ${NS}, the last 90 days; times are the hour they fall in):\nTIER`);
    expect(row(run.stdout, 'critical')).toEqual(['critical', '5 min 12 s', hourOf(3 * DAY), `FAILED ${hourOf(1 * DAY)}`]);
    expect(row(run.stdout, 'database')).toEqual(['database', 'never measured', '-', 'none']);
    expect(row(run.stdout, 'analytics')).toEqual(['analytics', '1 h 1 min', hourOf(5 * DAY), `succeeded ${hourOf(5 * DAY)}`]);
    // one ListMetrics of the namespace, one GetMetricData: two queries a tier, hourly, 90 days, newest first, signed for the Region
    expect(cloudwatch.calls('ListMetrics').map(r => r.body)).toEqual([{ Namespace: NS }]);
    const [get] = cloudwatch.calls('GetMetricData').map(r => r.body);
    expect(get.MetricDataQueries).toHaveLength(6);
    expect(get.MetricDataQueries).toContainEqual({
      Id: expect.stringMatching(/^seconds\d$/),
      ReturnData: true,
      MetricStat: { Metric: { Namespace: NS, MetricName: 'RestoreSeconds', Dimensions: [{ Name: 'Tier', Value: 'critical' }] }, Period: 3600, Stat: 'Maximum' },
    });
    expect(get.MetricDataQueries).toContainEqual({
      Id: expect.stringMatching(/^succeeded\d$/),
      ReturnData: true,
      MetricStat: { Metric: { Namespace: NS, MetricName: 'RestoreSucceeded', Dimensions: [{ Name: 'Tier', Value: 'database' }] }, Period: 3600, Stat: 'Minimum' },
    });
    expect(get.EndTime - get.StartTime).toBe(90 * 86_400);
    expect(get.EndTime % 3600).toBe(0);
    expect(get.EndTime * 1000).toBeGreaterThanOrEqual(now);
    expect(get.ScanBy).toBe('TimestampDescending');
    expect(cloudwatch.requests.every(r => r.region === REGION && r.status === 200)).toBe(true);
  });

  test('--json: the policies of a tier carry what its drills last reported', async () => {
    const run = await status('--json');
    expect(run.code).toBe(0);
    const policies = JSON.parse(run.stdout);
    const critical = policies.find((p: any) => p.tier === 'critical');
    expect(critical.lastRestore).toEqual({
      lastRestoreSeconds: 312,
      lastRestoreHour: new Date(Math.floor((now - 3 * DAY) / HOUR) * HOUR).toISOString(),
      lastDrillSucceeded: false,
      lastDrillHour: new Date(Math.floor((now - DAY) / HOUR) * HOUR).toISOString(),
    });
    expect(policies.find((p: any) => p.tier === 'database').lastRestore).toEqual({});
  });

  test('every page of ListMetrics and GetMetricData is read (one metric, one data point a page)', async () => {
    cloudwatch.pageSize = 1;
    const run = await status();
    expect(run.code).toBe(0);
    expect(row(run.stdout, 'critical')).toEqual(['critical', '5 min 12 s', hourOf(3 * DAY), `FAILED ${hourOf(1 * DAY)}`]);
    expect(row(run.stdout, 'analytics')).toEqual(['analytics', '1 h 1 min', hourOf(5 * DAY), `succeeded ${hourOf(5 * DAY)}`]);
    expect(cloudwatch.calls('ListMetrics').length).toBeGreaterThan(5);
    expect(cloudwatch.calls('GetMetricData').length).toBeGreaterThan(5);
  });

  test('--restore-days looks further back, --drill-namespace elsewhere', async () => {
    const older = await status('--restore-days', '120');
    expect(row(older.stdout, 'database')).toEqual(['database', '42 s', hourOf(100 * DAY), `succeeded ${hourOf(100 * DAY)}`]);
    expect(older.stdout).toContain('the last 120 days');

    const other = await status('--drill-namespace', 'Other/Drills');
    expect(row(other.stdout, 'critical')).toEqual(['critical', '1 s', hourOf(2 * DAY), 'none']);
    expect(cloudwatch.calls('ListMetrics').at(-1)!.body).toEqual({ Namespace: 'Other/Drills' });
  });

  test('an account without DLM policies still shows the tiers that have restore metrics', async () => {
    dlm.policies = [];
    const run = await status();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^No DLM policies in ${REGION}\\.\n\nRestore drills \\(`));
    expect(row(run.stdout, 'analytics')).toEqual(['analytics', '1 h 1 min', hourOf(5 * DAY), `succeeded ${hourOf(5 * DAY)}`]);
    expect(row(run.stdout, 'critical')[1]).toBe('5 min 12 s');
    expect(run.stdout).not.toMatch(/^database /m); // no policy, and not listed: its only drill is 100 days old
  });

  test('--skip-restore-times: no CloudWatch call, no restore table', async () => {
    const run = await status('--skip-restore-times');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Restore drills');
    expect(cloudwatch.requests).toEqual([]);
  });

  test('CloudWatch throttling is retried with backoff, and said on stderr', async () => {
    cloudwatch.failNext('GetMetricData', CLOUDWATCH_THROTTLED);
    const run = await status();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^CloudWatch throttled the request; retrying in \d+\.\d s \(attempt 2 of 5\)\n$/);
    expect(row(run.stdout, 'critical')[1]).toBe('5 min 12 s');
  });

  test.each([
    ['denied', () => cloudwatch.deny('GetMetricData'), /^restore times not shown: access denied: the credentials lack the permission cloudwatch:GetMetricData \(AccessDenied: User: .* is not authorized to perform: cloudwatch:GetMetricData\) \(--skip-restore-times leaves CloudWatch out\)\n$/],
    ['unreachable', () => undefined, /^restore times not shown: cannot reach CloudWatch at http:\/\/127\.0\.0\.1:1 after 5 attempts: .*\(--skip-restore-times leaves CloudWatch out\)\n$/],
  ])('CloudWatch %s: the policies are listed all the same, a line on stderr says why the restore times are not, exit 0', async (what, arrange, message) => {
    arrange();
    const run = what === 'unreachable'
      ? await runCli(['status', '--endpoint-url', dlm.url, '--cloudwatch-endpoint-url', 'http://127.0.0.1:1', '--region', REGION])
      : await status();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toContain(`2 policies in ${REGION}\n`);
    expect(run.stdout).not.toContain('Restore drills');
  });

  test.each([
    [['--restore-days', '0'], '--restore-days must be a whole number of days from 1 to 455 (CloudWatch keeps hourly data for 455 days), got "0"'],
    [['--restore-days', '456'], '--restore-days must be a whole number of days from 1 to 455 (CloudWatch keeps hourly data for 455 days), got "456"'],
    [['--restore-days', '7.5'], '--restore-days must be a whole number of days from 1 to 455 (CloudWatch keeps hourly data for 455 days), got "7.5"'],
    [['--drill-namespace', 'AWS/EBS'], '--drill-namespace must be a CloudWatch namespace of 1-255 characters not starting with `AWS/` or `:`, got "AWS/EBS"'],
    [['--drill-namespace', ':x'], '--drill-namespace must be a CloudWatch namespace of 1-255 characters not starting with `AWS/` or `:`, got ":x"'],
  ])('%j is refused before any call', async (args, message) => {
    const run = await status(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(dlm.requests).toEqual([]);
    expect(cloudwatch.requests).toEqual([]);
  });
});
