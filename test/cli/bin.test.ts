/**
 * The real bin, end to end in a child process, and the promise that the constructs never load
 * the AWS SDK.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { FakeCloudWatch } from './fake-cloudwatch';
import { FakeDlm } from './fake-dlm';
import { awsTestEnv, deploy, dlmResources, REGION, REPO_ROOT } from './support';
import { Cadence, RestoreDrill, Retention, SnapshotPolicy } from '../../src';
import { testApp } from '../harness';

const BIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');

/**
 * Runs `node` in the repository with ts-node (transpile only) registered. Asynchronous: the
 * local DLM endpoint lives in this process and must keep answering.
 */
function node(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** The files a fresh Node.js process has loaded after requiring `entry`. */
async function loadedModules(entry: string): Promise<string[]> {
  const script = `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const run = await node(['-e', script], {});
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('the cdk-tiered-backup bin', () => {
  let dlm: FakeDlm;
  let cloudwatch: FakeCloudWatch;
  beforeAll(async () => {
    dlm = await FakeDlm.start();
    cloudwatch = await FakeCloudWatch.start();
    const stack = new Stack(testApp(), 'Bin', { env: { account: '111111111111', region: REGION } });
    new SnapshotPolicy(stack, 'Daily', { targetTags: { 'backup-tier': 'daily' }, schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7) }] });
    dlm.policies = dlmResources(stack).map(r => deploy(r, { stackName: 'Bin' }));
    cloudwatch.dataPoints = [{ namespace: RestoreDrill.DEFAULT_NAMESPACE, metricName: 'RestoreSeconds', dimensions: { Tier: 'daily' }, time: new Date(Date.now() - 3_600_000), value: 95 }];
  });
  afterAll(async () => {
    await dlm.close();
    await cloudwatch.close();
  });

  test('status against the local endpoints, credentials and Region from the environment', async () => {
    const run = await node([BIN, 'status', '--endpoint-url', dlm.url, '--cloudwatch-endpoint-url', cloudwatch.url], awsTestEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^POLICY .*\\n${dlm.policies[0].PolicyId}\\s+ENABLED\\s+snapshots \\(volumes\\)\\s+backup-tier=daily\\s+Daily: daily, keep 7\\s+Bin\\n`));
    expect(run.stdout).toMatch(/\nRestore drills \(.*\n.*\ndaily\s+1 min 35 s\s/);
    expect(dlm.calls('GetLifecyclePolicy')).toHaveLength(1);
    expect(cloudwatch.calls('GetMetricData')).toHaveLength(1);
  });

  test('without credentials: one line, no stack trace, exit 2', async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...env } = awsTestEnv();
    const run = await node([BIN, 'status', '--endpoint-url', dlm.url], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('cdk-tiered-backup: no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, '
      + 'or AWS_PROFILE / --profile for a profile of ~/.aws/config (run `aws sso login` for SSO profiles)\n');
  });

  test('--help, and a usage error', async () => {
    const help = await node([BIN, '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cdk-tiered-backup <command> \[options\]\n\nCommands:\n  report .*\n  status .*\n  drift .*\n  import .*\n  points .*\n  restore .*\n/);
    const bad = await node([BIN, 'statuz'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('cdk-tiered-backup: unknown command "statuz"; the commands are report, status, drift, import, points, restore (see `cdk-tiered-backup --help`)\n');
  });
});

describe('module isolation', () => {
  const sdk = (files: string[]) => files.filter(f => /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/]/.test(f));

  test('require(\'cdk-tiered-backup\') does not load the AWS SDK', async () => {
    const files = await loadedModules(path.join(REPO_ROOT, 'src', 'index.ts'));
    expect(files.some(f => f.endsWith(path.join('src', 'dlm', 'snapshot-policy.ts')))).toBe(true); // the library was loaded
    expect(sdk(files)).toEqual([]);
  });

  test('the bin does load it (so the check above can fail)', async () => {
    expect(sdk(await loadedModules(BIN)).length).toBeGreaterThan(0);
  });
});
