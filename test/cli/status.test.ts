import { Duration, Stack } from 'aws-cdk-lib';
import { FakeDlm, LIMIT_EXCEEDED, ServedPolicy, TEST_CREDENTIALS } from './fake-dlm';
import { deploy, dlmResources, REGION, runCli, useAwsTestEnv } from './support';
import { AmiPolicy, Cadence, DefaultPolicy, DefaultPolicyResourceType, Retention, SnapshotPolicy, Weekday } from '../../src';
import { testApp } from '../harness';

let dlm: FakeDlm;
let restoreEnv: () => void;
let served: ServedPolicy[];

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  dlm = await FakeDlm.start();
  // GIVEN an account with the policies of a synthesized app, one of them broken
  const stack = new Stack(testApp(), 'Prod', { env: { account: '111111111111', region: REGION } });
  new SnapshotPolicy(stack, 'Critical', {
    description: 'critical tier',
    targetTags: { 'backup-tier': 'critical' },
    schedules: [
      { name: 'Hourly', cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(7)) },
      { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12) },
    ],
  });
  new AmiPolicy(stack, 'Images', { targetTags: { 'ami-backup': 'web' }, schedules: [{ name: 'Weekly', cadence: Cadence.monthly(1), retention: Retention.count(4) }] });
  new DefaultPolicy(stack, 'SafetyNet', { resourceType: DefaultPolicyResourceType.VOLUME });
  served = dlmResources(stack).map(r => deploy(r, { stackName: 'Prod', templateResources: undefined }));
  served[1] = { ...served[1], State: 'ERROR', StatusMessage: 'The execution role cannot be assumed by dlm.amazonaws.com' };
});

beforeEach(() => {
  dlm.policies = served;
  dlm.reset();
});

afterAll(async () => {
  await dlm.close();
  restoreEnv();
});

describe('status', () => {
  test('prints a table: id, state, type, targets, schedules in words, stack and tier, status message of broken policies', async () => {
    // WHEN
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION]);
    // THEN
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^POLICY\s+STATE\s+TYPE\s+TARGETS\s+SCHEDULES\s+STACK \/ TIER\s+STATUS$/);
    const critical = lines.find(l => l.startsWith(served[0].PolicyId))!;
    expect(critical).toMatch(/ENABLED\s+snapshots \(volumes\)\s+backup-tier=critical\s+Hourly: every 4 hours, keep 7 days\s+Prod$/);
    expect(lines[lines.indexOf(critical) + 1]).toMatch(/^\s+Weekly: weekly on Sunday at 03:00 UTC, keep 12 months\s+tier critical$/);
    const images = lines.find(l => l.startsWith(served[1].PolicyId))!;
    expect(images).toMatch(/ERROR\s+AMIs\s+ami-backup=web\s+Weekly: monthly on day 1 at 00:00 UTC, keep 4\s+Prod\s+The execution role cannot be assumed by dlm.amazonaws.com$/);
    expect(run.stdout).toMatch(/default \(volumes\)\s+every resource without a recent backup\s+every 1 day, keep 7 days\s+Prod/);
    expect(run.stdout).toMatch(/\n3 policies in us-east-1, 1 in ERROR\n$/);
    // one list call, then one call per policy, signed for the Region asked for
    expect(dlm.calls('GetLifecyclePolicies')).toHaveLength(1);
    expect(dlm.calls('GetLifecyclePolicy').map(r => r.path).sort()).toEqual(served.map(p => `/policies/${p.PolicyId}`).sort());
    expect(dlm.requests.every(r => r.region === REGION && r.status === 200)).toBe(true);
  });

  test('--json prints every policy with its details, stack and tier', async () => {
    const run = await runCli(['status', '--skip-restore-times', '--json', `--endpoint-url=${dlm.url}`, '--region', REGION]);
    expect(run.code).toBe(0);
    const statuses = JSON.parse(run.stdout);
    expect(statuses).toHaveLength(3);
    expect(statuses[0]).toEqual(expect.objectContaining({
      policyId: served[0].PolicyId,
      state: 'ENABLED',
      type: 'snapshots (volumes)',
      targets: ['backup-tier=critical'],
      schedules: ['Hourly: every 4 hours, keep 7 days', 'Weekly: weekly on Sunday at 03:00 UTC, keep 12 months'],
      stack: 'Prod',
      tier: 'critical',
      policyArn: served[0].PolicyArn,
      dateModified: '2026-11-21T14:05:10.000Z',
      policyDetails: served[0].PolicyDetails,
    }));
    expect(statuses[1]).toEqual(expect.objectContaining({ state: 'ERROR', statusMessage: 'The execution role cannot be assumed by dlm.amazonaws.com' }));
  });

  test('shows progress on stderr while reading many policies', async () => {
    dlm.policies = Array.from({ length: 15 }, (_, i) => ({ ...served[0], PolicyId: `policy-${(0xabc00 + i).toString(16)}` }));
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('reading 15 DLM policies...\nread 15 DLM policies\n');
    expect(run.stdout).toMatch(/\n15 policies in us-east-1\n$/);
  });

  test('no policies', async () => {
    dlm.policies = [];
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run).toEqual({ code: 0, stdout: 'No DLM policies in us-east-1.\n', stderr: '' });
  });
});

describe('retries and errors', () => {
  test('throttling (429 LimitExceededException) is retried with backoff, then succeeds', async () => {
    // GIVEN DLM throttles the first two list calls
    dlm.failNext('GetLifecyclePolicies', LIMIT_EXCEEDED, LIMIT_EXCEEDED);
    // WHEN
    const run = await runCli(['status', '--skip-restore-times', '--json', '--endpoint-url', dlm.url, '--region', REGION]);
    // THEN
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(3);
    expect(dlm.calls('GetLifecyclePolicies').map(r => r.status)).toEqual([429, 429, 200]);
    expect(run.stderr.match(/DLM throttled the request; retrying in \d+\.\d s \(attempt \d of 5\)/g)).toHaveLength(2);
  });

  test('ThrottlingException (400) on GetLifecyclePolicy is retried too', async () => {
    dlm.failNext('GetLifecyclePolicy', { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' });
    const run = await runCli(['status', '--skip-restore-times', '--json', '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run.code).toBe(0);
    expect(dlm.calls('GetLifecyclePolicy').map(r => r.status).sort()).toEqual([200, 200, 200, 400]);
  });

  test('throttling that does not stop is one error line after AWS_MAX_ATTEMPTS attempts', async () => {
    dlm.failNext('GetLifecyclePolicies', LIMIT_EXCEEDED, LIMIT_EXCEEDED, LIMIT_EXCEEDED);
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION], { AWS_MAX_ATTEMPTS: '2' });
    expect(run.code).toBe(2);
    expect(dlm.calls('GetLifecyclePolicies')).toHaveLength(2);
    expect(lastLine(run.stderr)).toBe('cdk-tiered-backup: DLM throttled GetLifecyclePolicies after 2 attempts (LimitExceededException): '
      + 'try again later, or allow more attempts with AWS_MAX_ATTEMPTS');
  });

  test.each([
    ['GetLifecyclePolicies', 'dlm:GetLifecyclePolicies'],
    ['GetLifecyclePolicy', 'dlm:GetLifecyclePolicy on policy-'],
  ] as const)('access denied on %s names the missing permission', async (operation, permission) => {
    dlm.deny(operation);
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(run.stderr).toContain(`cdk-tiered-backup: access denied: the credentials lack the permission ${permission}`);
    expect(run.stderr).toContain(`(AccessDeniedException: User: arn:aws:iam::111111111111:user/ci is not authorized to perform: dlm:${operation}`);
  });

  test('a wrong secret key fails the signature check (the SDK signs every request)', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    try {
      const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', dlm.url, '--region', REGION]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('cdk-tiered-backup: DLM rejected the credentials (InvalidSignatureException: The request signature we calculated '
        + 'does not match the signature you provided.): check the access key, or refresh the session\n');
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    }
  });

  test('an unreachable endpoint is one error line, after the retries', async () => {
    // GIVEN a port nobody listens on
    const closed = await FakeDlm.start();
    const url = closed.url;
    await closed.close();
    // WHEN
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', url, '--region', REGION], { AWS_MAX_ATTEMPTS: '2' });
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^cdk-tiered-backup: cannot reach DLM at ${url.replace(/\./g, '\\.')} after 2 attempts: .*ECONNREFUSED.*\n$`));
  });

  test('a malformed --endpoint-url is a usage error', async () => {
    const run = await runCli(['status', '--skip-restore-times', '--endpoint-url', 'ftp://example.com', '--region', REGION]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'cdk-tiered-backup: --endpoint-url must be an http:// or https:// URL, got "ftp://example.com"\n' });
  });
});

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop()!;
}
