/**
 * `cdk-tiered-backup restore` against the local EC2 endpoint: picking the restore point, the
 * Availability Zone and fast snapshot restore, the archive, DryRun, waiting, attaching, the
 * tier's RTO from the app's plan report, and every refusal and error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { INSTANCE, INSTANCES, SNAPSHOTS, VOLUME } from './ec2-fixtures';
import { FakeEc2, REQUEST_LIMIT_EXCEEDED } from './fake-ec2';
import { REGION, REPO_ROOT, runCli, useAwsTestEnv } from './support';
import { BackupPlanReport, BackupTier, TieredBackup } from '../../src';
import { elapsedLine } from '../../src/cli/commands/restore';
import { synth, testApp } from '../harness';

const FAST = { CDK_TIERED_BACKUP_POLL_MS: '5' };

let ec2: FakeEc2;
let restoreEnv: () => void;
let appDir: string;

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  ec2 = await FakeEc2.start(REGION);
  // an app with the critical tier (RTO 15 minutes) that attaches the plan report
  const app = testApp();
  const stack = new Stack(app, 'Prod', { env: { account: '111111111111', region: REGION } });
  new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.critical('us-west-2')] });
  BackupPlanReport.attach(app);
  synth(stack);
  appDir = app.outdir;
});

beforeEach(() => {
  ec2.reset();
  ec2.snapshots = SNAPSHOTS.map(s => ({ ...s }));
  ec2.instances = INSTANCES.map(i => ({ ...i, devices: { ...i.devices } }));
});

afterAll(async () => {
  await ec2.close();
  restoreEnv();
});

const restore = (args: string[], env: { [name: string]: string } = FAST) =>
  runCli(['restore', ...args, '--endpoint-url', ec2.url, '--region', REGION], env);

describe('restore', () => {
  test('--volume: the newest completed snapshot, in a zone with fast snapshot restore, tagged with its origin, waited for', async () => {
    // WHEN
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--iops', '4000', '--throughput', '250', '--wait']);
    // THEN the pending snapshot is passed over for the newest completed one
    expect(run.code).toBe(0);
    const volume = ec2.volumes[0];
    expect(run.stderr).toMatch(new RegExp('^restore point: snap-0a000000000000001 \\(vol-0aaaaaaaaaaaaaaa1, 2026-12-06 00:00 UTC, tier critical, schedule Every4Hours\\)\n'
      + `waiting for ${volume.VolumeId} to be available: creating \\(\\d+\\.\\d s\\)\n$`));
    expect(run.stdout).toMatch(new RegExp(`^created ${volume.VolumeId}: a gp3 volume, 4000 IOPS, 250 MiB/s from snap-0a000000000000001 in us-east-1a, `
      + 'restore point snap-0a000000000000001 \\(vol-0aaaaaaaaaaaaaaa1, 2026-12-06 00:00 UTC, tier critical, schedule Every4Hours\\)\n'
      + `${volume.VolumeId} is available \\(after \\d+\\.\\d s\\)\n`
      + 'elapsed \\d+\\.\\d s \\(no RTO to compare with: pass --app with the cloud assembly of an app that attaches the plan report\\)\n$'));
    expect(volume).toEqual(expect.objectContaining({ SnapshotId: 'snap-0a000000000000001', AvailabilityZone: 'us-east-1a', VolumeType: 'gp3', Iops: 4000, Throughput: 250, State: 'available' }));
    expect(volume.Tags).toEqual({
      'Name': 'restored from snap-0a000000000000001',
      'cdk-tiered-backup:restored-from': 'snap-0a000000000000001',
      'cdk-tiered-backup:source-volume': VOLUME,
      'cdk-tiered-backup:restored-at': expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    // the volume's snapshots, completed ones only, were asked for
    expect(ec2.calls('DescribeSnapshots')[0].params).toEqual(expect.objectContaining({
      'Owner.1': 'self', 'Filter.1.Name': 'volume-id', 'Filter.1.Value.1': VOLUME, 'Filter.2.Name': 'status', 'Filter.2.Value.1': 'completed',
    }));
    expect(ec2.calls('DescribeVolumes').length).toBeGreaterThanOrEqual(2);
    expect(ec2.calls('AttachVolume')).toHaveLength(0);
  });

  test('--at picks the newest snapshot at or before it; a zone without fast snapshot restore is warned about, naming the zone that has it', async () => {
    const run = await restore(['--volume', VOLUME, '--at', '2026-12-05T23:00:00Z', '--az', 'us-east-1c']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('restore point: snap-0a000000000000002 (vol-0aaaaaaaaaaaaaaa1, 2026-12-05 20:00 UTC, tier critical, schedule Every4Hours)\n'
      + 'note: snap-0a000000000000002 has no fast snapshot restore: the volume will load lazily, each block is slow the first time it is read\n');
    // without --wait: says how to wait
    expect(run.stdout).toMatch(new RegExp(`\n${ec2.volumes[0].VolumeId} is creating: run \`aws ec2 wait volume-available --volume-ids ${ec2.volumes[0].VolumeId} --region us-east-1\`, or use --wait\n`));
    expect(ec2.calls('DescribeVolumes')).toHaveLength(0);
  });

  test('a snapshot with fast snapshot restore in another zone: the warning names the zone that has it', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000001', '--az', 'us-east-1b']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: fast snapshot restore of snap-0a000000000000001 is not enabled in us-east-1b (it is in us-east-1a): '
      + 'the volume will load lazily, each block is slow the first time it is read\n');
    expect(ec2.volumes[0].AvailabilityZone).toBe('us-east-1b');
    expect(ec2.calls('DescribeSnapshots')[0].params).toEqual(expect.objectContaining({ 'SnapshotId.1': 'snap-0a000000000000001' }));
  });

  test('without --az, the zone with fast snapshot restore is chosen', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000001']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/warning|note/);
    expect(ec2.volumes[0].AvailabilityZone).toBe('us-east-1a');
  });

  test('--attach: the instance\'s zone, waits, attaches at a free device, and compares the elapsed time with the tier\'s RTO from --app', async () => {
    // WHEN
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', '/dev/sdg', '--app', appDir]);
    // THEN
    expect(run.code).toBe(0);
    const volume = ec2.volumes[0];
    expect(volume.AvailabilityZone).toBe('us-east-1b');
    expect(ec2.calls('AttachVolume')[0].params).toEqual(expect.objectContaining({ VolumeId: volume.VolumeId, InstanceId: INSTANCE, Device: '/dev/sdg' }));
    expect(volume.attachment).toEqual(expect.objectContaining({ InstanceId: INSTANCE, Device: '/dev/sdg', State: 'attached' }));
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(new RegExp(`^${volume.VolumeId} is available \\(after \\d+\\.\\d s\\)$`));
    expect(lines[2]).toBe(`attached ${volume.VolumeId} to ${INSTANCE} at /dev/sdg`);
    expect(lines[3]).toMatch(/^elapsed \d+\.\d s against tier critical's RTO of 15 min: within it$/);
    expect(run.stderr).toMatch(/warning: fast snapshot restore of snap-0a000000000000001 is not enabled in us-east-1b \(it is in us-east-1a\)/);
    expect(run.stderr).toMatch(new RegExp(`waiting for ${volume.VolumeId} to be attached: attaching`));
  });

  test('--dry-run sends DryRun and creates nothing', async () => {
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', 'xvdh', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('dry run: EC2 would create a gp3 volume from snap-0a000000000000001 in us-east-1b (DryRunOperation: the request would have succeeded; nothing was created)\n'
      + `dry run: it would then be attached to ${INSTANCE} at xvdh (the instance is in us-east-1b and the device name is free)\n`);
    expect(ec2.calls('CreateVolume')).toEqual([expect.objectContaining({ status: 412 })]);
    expect(ec2.calls('CreateVolume')[0].params.DryRun).toBe('true');
    expect(ec2.volumes).toEqual([]);
    expect(ec2.calls('AttachVolume')).toHaveLength(0);
  });

  test('an archived snapshot is refused with the commands that restore it from the archive', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000003', '--az', 'us-east-1a']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('cdk-tiered-backup: snap-0a000000000000003 is in the archive tier and cannot be restored to a volume until it is '
      + 'restored from the archive (AWS documents up to 72 hours): run `aws ec2 restore-snapshot-tier --snapshot-id snap-0a000000000000003 --temporary-restore-days 7 --region us-east-1` '
      + 'or `cdk-tiered-backup restore --snapshot snap-0a000000000000003 --restore-archived --region us-east-1`, or pick a snapshot in the standard tier with --at');
    expect(ec2.calls('CreateVolume')).toHaveLength(0);
    expect(ec2.calls('RestoreSnapshotTier')).toHaveLength(0);
  });

  test('--restore-archived starts a temporary restore and says how long AWS documents it takes; then the restore in progress is reported', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000003', '--restore-archived', '--restore-days', '3']);
    expect(run.code).toBe(0);
    expect(ec2.calls('RestoreSnapshotTier')[0].params).toEqual(expect.objectContaining({ SnapshotId: 'snap-0a000000000000003', TemporaryRestoreDays: '3' }));
    expect(run.stdout).toMatch(/^started restoring snap-0a000000000000003 from the archive at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(temporary, 3 days\)\. AWS documents that this can take up to 72 hours; `cdk-tiered-backup points --volume vol-0aaaaaaaaaaaaaaa1 --region us-east-1` shows its state\. /);
    // WHEN it is asked for again while the restore runs
    const again = await restore(['--snapshot', 'snap-0a000000000000003', '--az', 'us-east-1a']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cdk-tiered-backup: snap-0a000000000000003 is being restored from the archive \(temporary-restore-in-progress, 0%\): AWS documents that this can take up to 72 hours/);
  });

  test('--restore-archived --dry-run', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000003', '--restore-archived', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('dry run: EC2 would start restoring snap-0a000000000000003 from the archive for 7 days (DryRunOperation: the request would have succeeded; nothing was changed)\n');
    expect(ec2.calls('RestoreSnapshotTier').map(r => [r.status, r.params.DryRun])).toEqual([[412, 'true']]);
    expect(ec2.snapshots.find(s => s.SnapshotId === 'snap-0a000000000000003')!.tiering!.status).toBe('archival-completed');
  });
});

describe('restore: refusals and errors', () => {
  test('a device name the instance already uses is refused before anything is created', async () => {
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', '/dev/sdf']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(`cdk-tiered-backup: ${INSTANCE} (running) already uses /dev/sdf for vol-0bbbbbbbbbbbbbbb2: this command never detaches anything; `
      + 'pass a free device name, e.g. --device /dev/sdg');
    expect(ec2.calls('CreateVolume')).toHaveLength(0);
  });

  test('the root device counts as used (xvda and /dev/sda are the same name)', async () => {
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', 'xvda']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already uses \/dev\/xvda for vol-0ccccccccccccccc3/);
  });

  test('--dry-run without the permission is access denied (UnauthorizedOperation), exit 2', async () => {
    ec2.deny('CreateVolume');
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n').pop()).toMatch(/^cdk-tiered-backup: access denied: the credentials lack the permission ec2:CreateVolume \(UnauthorizedOperation: /);
  });

  test('AttachVolume denied: the created volume is named and left as it is', async () => {
    ec2.deny('AttachVolume');
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', '/dev/sdg']);
    expect(run.code).toBe(2);
    const id = ec2.volumes[0].VolumeId;
    expect(run.stdout).toMatch(new RegExp(`^created ${id}: .*\n${id} is available \\(after .*\\)\n$`));
    expect(run.stderr.trimEnd().split('\n').pop()).toMatch(new RegExp(`^cdk-tiered-backup: ${id} was created and is left as it is, but attaching it to ${INSTANCE} at /dev/sdg failed: `
      + 'access denied: the credentials lack the permission ec2:AttachVolume \\(UnauthorizedOperation: '));
    expect(ec2.volumes[0].State).toBe('available');
  });

  test('throttled CreateVolume is retried; one volume is created', async () => {
    ec2.failNext('CreateVolume', REQUEST_LIMIT_EXCEEDED);
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a']);
    expect(run.code).toBe(0);
    expect(ec2.calls('CreateVolume').map(r => r.status)).toEqual([503, 200]);
    expect(ec2.volumes).toHaveLength(1);
    expect(run.stderr).toMatch(/EC2 throttled the request; retrying in \d+\.\d s \(attempt 2 of 5\)/);
  });

  test('an unknown snapshot is InvalidSnapshot.NotFound in words', async () => {
    const run = await restore(['--snapshot', 'snap-0000000000000dead', '--az', 'us-east-1a']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cdk-tiered-backup: EC2 has no such snapshot in us-east-1 at ${ec2.url} (InvalidSnapshot.NotFound: The snapshot 'snap-0000000000000dead' does not exist.)\n`,
    });
  });

  test('an unknown instance is InvalidInstanceID.NotFound, before anything is created', async () => {
    const run = await restore(['--volume', VOLUME, '--attach', 'i-0000000000000dead', '--device', '/dev/sdg']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cdk-tiered-backup: EC2 has no such instance in us-east-1 .*\(InvalidInstanceID.NotFound: The instance ID 'i-0000000000000dead' does not exist\)\n$/);
    expect(ec2.calls('CreateVolume')).toHaveLength(0);
  });

  test('no snapshot at or before --at', async () => {
    const run = await restore(['--volume', VOLUME, '--at', '2026-01-01T00:00:00Z', '--az', 'us-east-1a']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk-tiered-backup: no completed snapshot of vol-0aaaaaaaaaaaaaaa1 at or before 2026-01-01T00:00:00.000Z in us-east-1 '
      + '(its oldest is snap-0a000000000000003 of 2026-11-01T02:00:31.000Z): `cdk-tiered-backup points --volume vol-0aaaaaaaaaaaaaaa1` lists them\n');
  });

  test('a pending snapshot cannot be restored', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000004', '--az', 'us-east-1a']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk-tiered-backup: snap-0a000000000000004 is pending (40%): only a completed snapshot can be restored\n');
  });

  test('a volume that stays creating: one line after the wait timeout, nothing attached', async () => {
    ec2.pollsUntilAvailable = -1;
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--wait'], { ...FAST, CDK_TIERED_BACKUP_WAIT_TIMEOUT_MS: '30' });
    expect(run.code).toBe(2);
    const id = ec2.volumes[0].VolumeId;
    expect(run.stderr.trimEnd().split('\n').pop()).toMatch(new RegExp(`^cdk-tiered-backup: ${id} is still creating after \\d+\\.\\d s; it may still become available: `
      + `watch it with \`aws ec2 describe-volumes --volume-ids ${id}\`$`));
  });

  test('a volume in state error', async () => {
    ec2.pollsUntilAvailable = -1;
    const pending = restore(['--volume', VOLUME, '--az', 'us-east-1a', '--wait'], { CDK_TIERED_BACKUP_POLL_MS: '20' });
    // the volume fails while the command waits
    await new Promise(resolve => setTimeout(resolve, 10));
    for (;;) {
      if (ec2.volumes[0]) break;
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    ec2.volumes[0].State = 'error';
    const run = await pending;
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(`cdk-tiered-backup: ${ec2.volumes[0].VolumeId} failed: EC2 reports the volume in state error; it was not attached (delete it when you no longer need it)`);
  });

  test.each([
    [['--az', 'us-east-1a'], 'give --volume or --snapshot (one of them)'],
    [['--volume', VOLUME, '--snapshot', 'snap-0a000000000000001'], 'give --volume or --snapshot (one of them)'],
    [['--snapshot', 'snap-0a000000000000001', '--at', '2026-12-01T00:00:00Z'], '--at picks among the snapshots of --volume; with --snapshot it has no use'],
    [['--volume', VOLUME, '--at', 'yesterday'], '--at takes an ISO 8601 time, e.g. 2026-12-06T03:00:00Z; got "yesterday"'],
    [['--volume', VOLUME, '--volume-type', 'gp4'], '--volume-type must be one of gp3, gp2, io1, io2, st1, sc1, standard; got "gp4"'],
    [['--volume', VOLUME, '--volume-type', 'st1', '--iops', '3000'], '--iops needs --volume-type gp3, io1 or io2; got st1'],
    [['--volume', VOLUME, '--volume-type', 'io2', '--throughput', '500'], '--throughput needs --volume-type gp3; got io2'],
    [['--volume', VOLUME, '--iops', '-5'], '--iops takes a whole number of at least 1; got "-5"'],
    [['--volume', VOLUME, '--attach', INSTANCE], '--attach needs --device (a device name the instance does not use, e.g. /dev/sdf)'],
    [['--volume', VOLUME, '--device', '/dev/sdf'], '--device needs --attach INSTANCE-ID'],
    [['--volume', VOLUME, '--attach', INSTANCE, '--device', 'C:'], '--device takes a device name such as /dev/sdf or xvdf; got "C:"'],
    [['--volume', VOLUME, '--restore-days', '3'], '--restore-days needs --restore-archived'],
  ])('usage: %j', async (args, message) => {
    const run = await restore(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `cdk-tiered-backup: ${message} (see \`cdk-tiered-backup restore --help\`)\n` });
    expect(ec2.requests).toHaveLength(0);
  });

  test('a terminated instance is refused before anything is created', async () => {
    ec2.instances.push({ InstanceId: 'i-0eeeeeeeeeeeeeee0', State: 'terminated', AvailabilityZone: 'us-east-1a', devices: {} });
    const run = await restore(['--volume', VOLUME, '--attach', 'i-0eeeeeeeeeeeeeee0', '--device', '/dev/sdf']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('cdk-tiered-backup: i-0eeeeeeeeeeeeeee0 is terminated: a volume cannot be attached to it');
    expect(ec2.calls('CreateVolume')).toHaveLength(0);
  });

  test('--restore-archived on a snapshot in the standard tier: says so, and restores the volume', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000001', '--restore-archived']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('snap-0a000000000000001 is not archived: nothing to restore from the archive\n');
    expect(ec2.calls('RestoreSnapshotTier')).toHaveLength(0);
    expect(ec2.volumes).toHaveLength(1);
  });

  test('a volume EC2 does not describe yet (eventual consistency) is waited for, not an error', async () => {
    ec2.failNext('DescribeVolumes', { status: 400, code: 'InvalidVolume.NotFound', message: 'The volume \'vol-0\' does not exist.' });
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--wait']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/waiting for vol-\w+ to be available: not visible yet/);
    expect(ec2.calls('DescribeVolumes')[0].status).toBe(400);
    expect(run.stdout).toMatch(/is available \(after/);
  });

  test.each([
    ['{', /backup-plan-report\.json is not JSON: /],
    ['{"title":"Backup plan report"}', /backup-plan-report\.json is malformed: expected an object with "tiers"$/],
  ])('a plan report that is not one: %s', async (content, message) => {
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'restore-app-'));
    try {
      fs.writeFileSync(path.join(dir, 'backup-plan-report.json'), content);
      const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--app', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(ec2.requests).toHaveLength(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad poll interval is refused before any request', async () => {
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a'], { CDK_TIERED_BACKUP_POLL_MS: 'soon' });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'cdk-tiered-backup: CDK_TIERED_BACKUP_POLL_MS must be a whole number of milliseconds, got "soon"\n' });
    expect(ec2.requests).toHaveLength(0);
  });

  test('--help', async () => {
    const run = await runCli(['restore', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: cdk-tiered-backup restore \[options\]\n\nCreate a volume from the right snapshot/);
    for (const option of ['--volume', '--snapshot', '--at', '--az', '--volume-type', '--iops', '--throughput', '--attach', '--device', '--wait', '--dry-run', '--restore-archived', '--app']) {
      expect(run.stdout).toContain(`  ${option} `);
    }
  });

  test('--az in another zone than the --attach instance', async () => {
    const run = await restore(['--volume', VOLUME, '--attach', INSTANCE, '--device', '/dev/sdg', '--az', 'us-east-1a']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe(`cdk-tiered-backup: ${INSTANCE} is in us-east-1b, and a volume can only be attached in its own Availability Zone: `
      + 'drop --az or pass --az us-east-1b (see `cdk-tiered-backup restore --help`)');
    expect(ec2.calls('CreateVolume')).toHaveLength(0);
  });

  test('no --az, no --attach and no fast snapshot restore to choose by', async () => {
    const run = await restore(['--snapshot', 'snap-0a000000000000002']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('cdk-tiered-backup: give --az (or --attach): snap-0a000000000000002 has no fast snapshot restore to choose a zone by '
      + '(see `cdk-tiered-backup restore --help`)');
  });

  test('--app without a plan report fails before any request', async () => {
    const run = await restore(['--volume', VOLUME, '--az', 'us-east-1a', '--app', 'test']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk-tiered-backup: \S+\/test\/backup-plan-report\.json does not exist: --app needs a cloud assembly of an app that calls BackupPlanReport\.attach\(app\) \(synthesize it first\)\n$/);
    expect(ec2.requests).toHaveLength(0);
  });
});

describe('the elapsed time against the RTO', () => {
  const point = { snapshotId: 'snap-1', storageTier: 'standard', fastRestore: [], drCopies: [], tier: 'critical' };
  const req = (rto?: Map<string, number>) => ({ rto, app: 'cdk.out' }) as any;
  test.each([
    [12_000, req(new Map([['critical', 15]])), point, 'elapsed 12 s against tier critical\'s RTO of 15 min: within it'],
    [20 * 60_000, req(new Map([['critical', 15]])), point, 'elapsed 20 min against tier critical\'s RTO of 15 min: EXCEEDED by 5 min'],
    [90_000, req(new Map([['critical', 60]])), point, 'elapsed 1 min 30 s against tier critical\'s RTO of 1 hour: within it'],
    [5_000, req(new Map()), point, 'elapsed 5 s (tier critical declares no RTO in cdk.out)'],
    [5_000, req(new Map([['critical', 15]])), { ...point, tier: undefined }, 'elapsed 5 s (the snapshot carries no cdk-tiered-backup:tier tag, so no tier\'s RTO applies)'],
  ])('%d ms', (ms, r, p, expected) => {
    expect(elapsedLine(ms, p, r)).toBe(expected);
  });
});
