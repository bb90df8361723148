/**
 * `cdk-tiered-backup restore`: a new EBS volume from the right snapshot, with tags that say where
 * it came from, waited for and attached when asked. Safe by default: it never deletes or detaches
 * anything, refuses a device name the instance already uses, and `--dry-run` changes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  AttachVolumeCommand, CreateVolumeCommand, DescribeInstancesCommand, DescribeSnapshotsCommand, DescribeVolumesCommand,
  Instance, RestoreSnapshotTierCommand, Snapshot, Tag, Volume, VolumeType,
} from '@aws-sdk/client-ec2';
import { REPORT_FILES } from '../../compliance/report-files';
import { CommandSpec, ParsedArgs, stringOption } from '../args';
import { awsOptions } from './common';
import { describeSnapshots, EC2_AWS_OPTIONS, restorePoints, RestorePoint, SNAPSHOT_TIER_TAG } from './points';
import {
  DEFAULT_POLL_MS, DEFAULT_WAIT_TIMEOUT_MS, Ec2Api, elapsedText, filter, millisFrom, minutesText, newestFirst, sleep, utc,
} from '../ec2';
import { CliError, ExitCode, UsageError } from '../errors';
import { CliIo } from '../io';
import { isObject } from '../model';

/** How long AWS documents that restoring a snapshot from the archive tier can take. */
export const ARCHIVE_RESTORE_HOURS = 72;
/** Days a temporarily restored snapshot stays out of the archive, unless --restore-days says otherwise. */
const DEFAULT_RESTORE_DAYS = 7;
/** Tags of the volumes `restore` creates. */
export const RESTORED_FROM_TAG = 'cdk-tiered-backup:restored-from';
export const SOURCE_VOLUME_TAG = 'cdk-tiered-backup:source-volume';
export const RESTORED_AT_TAG = 'cdk-tiered-backup:restored-at';
const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'];

export const RESTORE: CommandSpec = {
  name: 'restore',
  summary: 'Create a volume from the right snapshot (and attach it), with its origin in its tags.',
  details: [
    '--volume picks the newest completed snapshot of the volume taken at or before --at (default: now);',
    '--snapshot takes that one. Archived snapshots are refused with the command that restores them from',
    `the archive (--restore-archived starts it: RestoreSnapshotTier, temporary for --restore-days, default ${DEFAULT_RESTORE_DAYS}).`,
    'The Availability Zone: --az, else the --attach instance\'s, else one with fast snapshot restore; a zone',
    'without it gets a warning naming the zones that have it (the volume then loads lazily). The volume',
    `(gp3 unless --volume-type) is tagged ${RESTORED_FROM_TAG}, ${SOURCE_VOLUME_TAG}, ${RESTORED_AT_TAG} and Name.`,
    '--wait waits until it is available (--attach always does), then AttachVolume. It never deletes or',
    'detaches anything and refuses a device name the instance already uses. --dry-run sends CreateVolume',
    '(or RestoreSnapshotTier) with DryRun: EC2 checks permissions and parameters, nothing is created.',
    'The elapsed time is compared with the tier\'s RTO when --app names a cloud assembly with the plan report',
    '(BackupPlanReport.attach). Needs ec2:DescribeSnapshots, ec2:DescribeSnapshotTierStatus,',
    'ec2:DescribeFastSnapshotRestores, ec2:CreateVolume, ec2:CreateTags, ec2:DescribeVolumes, and with',
    '--attach ec2:DescribeInstances and ec2:AttachVolume; --restore-archived: ec2:RestoreSnapshotTier.',
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'volume', type: 'string', valueName: 'VOLUME-ID', description: 'restore this volume (it may no longer exist) from its newest snapshot' },
    { name: 'snapshot', type: 'string', valueName: 'SNAPSHOT-ID', description: 'restore this snapshot' },
    { name: 'at', type: 'string', valueName: 'ISO-TIME', description: 'with --volume: the newest snapshot at or before this time (e.g. 2026-12-06T03:00Z)' },
    { name: 'az', type: 'string', valueName: 'AZ', description: 'the Availability Zone of the new volume' },
    { name: 'volume-type', type: 'string', valueName: 'TYPE', description: 'gp3 (default), gp2, io1, io2, st1, sc1 or standard' },
    { name: 'iops', type: 'string', valueName: 'N', description: 'provisioned IOPS (gp3, io1, io2)' },
    { name: 'throughput', type: 'string', valueName: 'MIBPS', description: 'throughput in MiB/s (gp3)' },
    { name: 'attach', type: 'string', valueName: 'INSTANCE-ID', description: 'attach the volume to this instance (needs --device)' },
    { name: 'device', type: 'string', valueName: 'NAME', description: 'the device name for --attach, e.g. /dev/sdf (must be free)' },
    { name: 'wait', type: 'boolean', description: 'wait until the volume is available' },
    { name: 'dry-run', type: 'boolean', description: 'check with EC2\'s DryRun; create nothing' },
    { name: 'restore-archived', type: 'boolean', description: 'start restoring an archived snapshot from the archive tier' },
    { name: 'restore-days', type: 'string', valueName: 'DAYS', description: `with --restore-archived: days until it is archived again (default ${DEFAULT_RESTORE_DAYS})` },
    { name: 'app', type: 'string', valueName: 'CDK.OUT', description: 'the cloud assembly whose plan report gives the tier\'s RTO' },
    ...EC2_AWS_OPTIONS,
  ],
};

interface RestoreRequest {
  readonly volume?: string;
  readonly snapshot?: string;
  readonly at?: Date;
  readonly az?: string;
  readonly volumeType: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly attach?: string;
  readonly device?: string;
  readonly wait: boolean;
  readonly dryRun: boolean;
  readonly restoreArchived: boolean;
  readonly restoreDays: number;
  /** The declared RTO (minutes) of each tier of the plan report, when --app is given. */
  readonly rto?: Map<string, number>;
  readonly app?: string;
  /** Milliseconds between two polls, and the longest wait. */
  readonly pollMs: number;
  readonly waitTimeoutMs: number;
}

/** Runs `restore`. */
export async function runRestore(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const started = Date.now();
  const req = parseRequest(args, io);
  const ec2 = new Ec2Api(awsOptions(args), io);
  try {
    const region = await ec2.region();
    const snapshot = await pickSnapshot(ec2, io, region, req);
    const [point] = await restorePoints(ec2, [snapshot]);
    const origin = `${point.snapshotId} (${[point.volumeId, utc(snapshot.StartTime), point.tier ? `tier ${point.tier}` : undefined,
      point.scheduleName ? `schedule ${point.scheduleName}` : undefined].filter(Boolean).join(', ')})`;
    io.stderr(`restore point: ${origin}\n`);

    if (point.storageTier === 'archive') return await fromArchive(ec2, io, region, req, point);
    if (req.restoreArchived) io.stderr(`${point.snapshotId} is not archived: nothing to restore from the archive\n`);

    const instance = req.attach ? await checkInstance(ec2, req.attach, req.device!) : undefined;
    const az = chooseZone(req, point, instance);
    const enabled = point.fastRestore.filter(f => f.state === 'enabled').map(f => f.availabilityZone);
    if (!enabled.includes(az)) {
      io.stderr(enabled.length > 0
        ? `warning: fast snapshot restore of ${point.snapshotId} is not enabled in ${az} (it is in ${enabled.join(', ')}): the volume will load lazily, `
          + 'each block is slow the first time it is read\n'
        : `note: ${point.snapshotId} has no fast snapshot restore: the volume will load lazily, each block is slow the first time it is read\n`);
    }

    const tags: Tag[] = [
      { Key: 'Name', Value: `restored from ${point.snapshotId}` },
      { Key: RESTORED_FROM_TAG, Value: point.snapshotId },
      ...(point.volumeId ? [{ Key: SOURCE_VOLUME_TAG, Value: point.volumeId }] : []),
      { Key: RESTORED_AT_TAG, Value: new Date(started).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    ];
    const input = {
      SnapshotId: point.snapshotId,
      AvailabilityZone: az,
      VolumeType: req.volumeType as VolumeType,
      Iops: req.iops,
      Throughput: req.throughput,
      TagSpecifications: [{ ResourceType: 'volume' as const, Tags: tags }],
    };
    const what = `a ${req.volumeType} volume${req.iops ? `, ${req.iops} IOPS` : ''}${req.throughput ? `, ${req.throughput} MiB/s` : ''} from ${point.snapshotId} in ${az}`;
    if (req.dryRun) {
      await ec2.call('CreateVolume', () => ec2.client.send(new CreateVolumeCommand({ ...input, DryRun: true })), { dryRun: true });
      io.stdout(`dry run: EC2 would create ${what} (DryRunOperation: the request would have succeeded; nothing was created)\n`);
      if (instance) io.stdout(`dry run: it would then be attached to ${req.attach} at ${req.device} (the instance is in ${az} and the device name is free)\n`);
      return ExitCode.OK;
    }
    const created = await ec2.send('CreateVolume', () => ec2.client.send(new CreateVolumeCommand(input)));
    const volumeId = created.VolumeId!;
    io.stdout(`created ${volumeId}: ${what}, restore point ${origin}\n`);

    let state = created.State ?? 'creating';
    if (req.wait || instance) {
      const waitStart = Date.now();
      state = (await waitFor(ec2, io, req, volumeId, 'available', v => v.State)).State!;
      io.stdout(`${volumeId} is available (after ${elapsedText(Date.now() - waitStart)})\n`);
    }
    if (instance) {
      try {
        await ec2.send('AttachVolume', () => ec2.client.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: req.attach!, Device: req.device! })));
        await waitFor(ec2, io, req, volumeId, 'attached', v => v.Attachments?.find(a => a.InstanceId === req.attach)?.State);
      } catch (e) {
        throw new CliError(`${volumeId} was created and is left as it is, but attaching it to ${req.attach} at ${req.device} failed: ${(e as Error).message}`);
      }
      io.stdout(`attached ${volumeId} to ${req.attach} at ${req.device}\n`);
    } else if (state !== 'available') {
      io.stdout(`${volumeId} is ${state}: run \`aws ec2 wait volume-available --volume-ids ${volumeId}${region ? ` --region ${region}` : ''}\`, or use --wait\n`);
    }
    io.stdout(elapsedLine(Date.now() - started, point, req) + '\n');
    return ExitCode.OK;
  } finally {
    ec2.close();
  }
}

function parseRequest(args: ParsedArgs, io: CliIo): RestoreRequest {
  const usage = (message: string) => new UsageError(message, 'restore');
  const volume = stringOption(args, 'volume');
  const snapshot = stringOption(args, 'snapshot');
  if (!volume === !snapshot) throw usage('give --volume or --snapshot (one of them)');
  const atText = stringOption(args, 'at');
  let at: Date | undefined;
  if (atText !== undefined) {
    if (snapshot) throw usage('--at picks among the snapshots of --volume; with --snapshot it has no use');
    at = new Date(atText);
    if (!/^\d{4}-\d{2}-\d{2}/.test(atText) || isNaN(at.getTime())) throw usage(`--at takes an ISO 8601 time, e.g. 2026-12-06T03:00:00Z; got ${JSON.stringify(atText)}`);
  }
  const volumeType = stringOption(args, 'volume-type') ?? 'gp3';
  if (!VOLUME_TYPES.includes(volumeType)) throw usage(`--volume-type must be one of ${VOLUME_TYPES.join(', ')}; got ${JSON.stringify(volumeType)}`);
  const iops = positive(args, 'iops');
  const throughput = positive(args, 'throughput');
  if (iops !== undefined && !['gp3', 'io1', 'io2'].includes(volumeType)) throw usage(`--iops needs --volume-type gp3, io1 or io2; got ${volumeType}`);
  if (throughput !== undefined && volumeType !== 'gp3') throw usage(`--throughput needs --volume-type gp3; got ${volumeType}`);
  const attach = stringOption(args, 'attach');
  const device = stringOption(args, 'device');
  if (attach && !device) throw usage('--attach needs --device (a device name the instance does not use, e.g. /dev/sdf)');
  if (device && !attach) throw usage('--device needs --attach INSTANCE-ID');
  if (device && !/^(\/dev\/)?[a-z][a-z0-9]*$/.test(device)) throw usage(`--device takes a device name such as /dev/sdf or xvdf; got ${JSON.stringify(device)}`);
  const restoreDays = positive(args, 'restore-days') ?? DEFAULT_RESTORE_DAYS;
  if (args.options['restore-days'] !== undefined && !args.options['restore-archived']) throw usage('--restore-days needs --restore-archived');
  const app = stringOption(args, 'app');
  return {
    volume,
    snapshot,
    at,
    volumeType,
    iops,
    throughput,
    attach,
    device,
    restoreDays,
    app,
    az: stringOption(args, 'az'),
    wait: args.options.wait === true,
    dryRun: args.options['dry-run'] === true,
    restoreArchived: args.options['restore-archived'] === true,
    rto: app !== undefined ? readRto(path.resolve(io.cwd, app)) : undefined,
    pollMs: millisFrom(io, 'CDK_TIERED_BACKUP_POLL_MS', DEFAULT_POLL_MS),
    waitTimeoutMs: millisFrom(io, 'CDK_TIERED_BACKUP_WAIT_TIMEOUT_MS', DEFAULT_WAIT_TIMEOUT_MS),
  };
}

function positive(args: ParsedArgs, name: string): number | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new UsageError(`--${name} takes a whole number of at least 1; got ${JSON.stringify(value)}`, 'restore');
  return n;
}

/** The declared RTO of each tier, from the plan report the app attached to its cloud assembly. */
function readRto(dir: string): Map<string, number> {
  const file = path.join(dir, REPORT_FILES.json);
  if (!fs.existsSync(file)) {
    throw new CliError(`${file} does not exist: --app needs a cloud assembly of an app that calls BackupPlanReport.attach(app) (synthesize it first)`);
  }
  let report: unknown;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(report) || !Array.isArray(report.tiers)) throw new CliError(`${file} is malformed: expected an object with "tiers"`);
  const rto = new Map<string, number>();
  for (const tier of report.tiers) {
    if (isObject(tier) && typeof tier.name === 'string' && typeof tier.declaredRtoMinutes === 'number' && !rto.has(tier.name)) {
      rto.set(tier.name, tier.declaredRtoMinutes);
    }
  }
  return rto;
}

/** The snapshot to restore: --snapshot, or the newest completed one of --volume at or before --at. */
async function pickSnapshot(ec2: Ec2Api, io: CliIo, region: string | undefined, req: RestoreRequest): Promise<Snapshot> {
  if (req.snapshot) {
    const out = await ec2.send('DescribeSnapshots', () => ec2.client.send(new DescribeSnapshotsCommand({ SnapshotIds: [req.snapshot!] })));
    const snapshot = (out.Snapshots ?? []).find(s => s.SnapshotId === req.snapshot);
    if (!snapshot) throw new CliError(`EC2 did not describe snapshot ${req.snapshot}`);
    if (snapshot.State !== 'completed') {
      throw new CliError(`${req.snapshot} is ${snapshot.State}${snapshot.State === 'pending' && snapshot.Progress ? ` (${snapshot.Progress})` : ''}: only a completed snapshot can be restored`);
    }
    return snapshot;
  }
  const at = req.at ?? new Date();
  const all = await describeSnapshots(ec2, io, region, [filter('volume-id', req.volume!), filter('status', 'completed')]);
  const candidates = all.filter(s => s.StartTime !== undefined && s.StartTime.getTime() <= at.getTime()).sort(newestFirst);
  if (candidates.length === 0) {
    const oldest = all.sort(newestFirst)[all.length - 1];
    throw new CliError(`no completed snapshot of ${req.volume} at or before ${at.toISOString()} in ${region ?? 'this Region'}`
      + (oldest ? ` (its oldest is ${oldest.SnapshotId} of ${oldest.StartTime?.toISOString()})` : ' (it has none)')
      + `: \`cdk-tiered-backup points --volume ${req.volume}\` lists them`);
  }
  return candidates[0];
}

/** An archived snapshot: refuse with the command that restores it, or start the restore with --restore-archived. */
async function fromArchive(ec2: Ec2Api, io: CliIo, region: string | undefined, req: RestoreRequest, point: RestorePoint): Promise<ExitCode> {
  const id = point.snapshotId;
  const regionArg = region ? ` --region ${region}` : '';
  if (point.archiveStatus?.endsWith('restore-in-progress')) {
    throw new CliError(`${id} is being restored from the archive (${point.archiveStatus}${point.archiveProgress !== undefined ? `, ${point.archiveProgress}%` : ''}): `
      + `AWS documents that this can take up to ${ARCHIVE_RESTORE_HOURS} hours; run this command again when \`cdk-tiered-backup points --volume ${point.volumeId}${regionArg}\` shows it as standard`);
  }
  if (!req.restoreArchived) {
    throw new CliError(`${id} is in the archive tier and cannot be restored to a volume until it is restored from the archive `
      + `(AWS documents up to ${ARCHIVE_RESTORE_HOURS} hours): run \`aws ec2 restore-snapshot-tier --snapshot-id ${id} --temporary-restore-days ${req.restoreDays}${regionArg}\``
      + ` or \`cdk-tiered-backup restore --snapshot ${id} --restore-archived${regionArg}\`, or pick a snapshot in the standard tier with --at`);
  }
  const input = { SnapshotId: id, TemporaryRestoreDays: req.restoreDays };
  if (req.dryRun) {
    await ec2.call('RestoreSnapshotTier', () => ec2.client.send(new RestoreSnapshotTierCommand({ ...input, DryRun: true })), { dryRun: true });
    io.stdout(`dry run: EC2 would start restoring ${id} from the archive for ${req.restoreDays} days (DryRunOperation: the request would have succeeded; nothing was changed)\n`);
    return ExitCode.OK;
  }
  const out = await ec2.send('RestoreSnapshotTier', () => ec2.client.send(new RestoreSnapshotTierCommand(input)));
  io.stdout(`started restoring ${id} from the archive at ${utc(out.RestoreStartTime)} (temporary, ${out.RestoreDuration ?? req.restoreDays} days). `
    + `AWS documents that this can take up to ${ARCHIVE_RESTORE_HOURS} hours; \`cdk-tiered-backup points --volume ${point.volumeId}${regionArg}\` shows its state. `
    + `Then run \`cdk-tiered-backup restore --snapshot ${id}${regionArg}\` with --az or --attach.\n`);
  return ExitCode.OK;
}

/** The instance to attach to: it exists, is not terminated, and does not use `device`. */
async function checkInstance(ec2: Ec2Api, instanceId: string, device: string): Promise<Instance> {
  const out = await ec2.send('DescribeInstances', () => ec2.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
  const instance = (out.Reservations ?? []).flatMap(r => r.Instances ?? []).find(i => i.InstanceId === instanceId);
  if (!instance) throw new CliError(`EC2 did not describe instance ${instanceId}`);
  const state = instance.State?.Name;
  if (state === 'terminated' || state === 'shutting-down') throw new CliError(`${instanceId} is ${state}: a volume cannot be attached to it`);
  const bare = (name: string) => name.replace(/^\/dev\//, '').replace(/^xvd/, 'sd');
  const used = [
    ...(instance.BlockDeviceMappings ?? []).map(m => ({ name: m.DeviceName ?? '', volume: m.Ebs?.VolumeId })),
    ...(instance.RootDeviceName ? [{ name: instance.RootDeviceName, volume: undefined }] : []),
  ];
  const taken = used.find(u => bare(u.name) === bare(device));
  if (taken) {
    const free = 'fghijklmnop'.split('').map(c => `/dev/sd${c}`).find(d => !used.some(u => bare(u.name) === bare(d)));
    throw new CliError(`${instanceId} (${state}) already uses ${taken.name}${taken.volume ? ` for ${taken.volume}` : ''}: this command never detaches anything; `
      + `pass a free device name${free ? `, e.g. --device ${free}` : ''}`);
  }
  return instance;
}

/** --az, else the instance's zone, else a zone with fast snapshot restore. */
function chooseZone(req: RestoreRequest, point: RestorePoint, instance: Instance | undefined): string {
  const instanceAz = instance?.Placement?.AvailabilityZone;
  if (req.az && instanceAz && req.az !== instanceAz) {
    throw new UsageError(`${req.attach} is in ${instanceAz}, and a volume can only be attached in its own Availability Zone: drop --az or pass --az ${instanceAz}`, 'restore');
  }
  const az = req.az ?? instanceAz ?? point.fastRestore.find(f => f.state === 'enabled')?.availabilityZone;
  if (!az) throw new UsageError(`give --az (or --attach): ${point.snapshotId} has no fast snapshot restore to choose a zone by`, 'restore');
  return az;
}

/** Polls DescribeVolumes until `state(volume)` is `want`, with progress on stderr. */
async function waitFor(ec2: Ec2Api, io: CliIo, req: RestoreRequest, volumeId: string, want: string,
  state: (v: Volume) => string | undefined): Promise<Volume> {
  const interval = req.pollMs;
  const timeout = req.waitTimeoutMs;
  const start = Date.now();
  let last: string | undefined;
  for (;;) {
    let volume: Volume | undefined;
    try {
      const out = await ec2.send('DescribeVolumes', () => ec2.client.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })));
      volume = out.Volumes?.find(v => v.VolumeId === volumeId);
    } catch (e) {
      // EC2 is eventually consistent: a volume just created may not be described yet
      if (!/InvalidVolume\.NotFound/.test((e as Error).message)) throw e;
    }
    const now = volume ? state(volume) ?? 'unknown' : 'not visible yet';
    if (now === want) {
      if (last !== undefined && io.stderrIsTTY) io.stderr('\n');
      return volume!;
    }
    if (volume?.State === 'error') throw new CliError(`${volumeId} failed: EC2 reports the volume in state error; it was not attached (delete it when you no longer need it)`);
    if (now !== last || io.stderrIsTTY) {
      io.stderr(`${io.stderrIsTTY ? '\r' : ''}waiting for ${volumeId} to be ${want}: ${now} (${elapsedText(Date.now() - start)})${io.stderrIsTTY ? '' : '\n'}`);
      last = now;
    }
    if (Date.now() - start >= timeout) {
      throw new CliError(`${volumeId} is still ${now} after ${elapsedText(Date.now() - start)}; it may still become ${want}: `
        + `watch it with \`aws ec2 describe-volumes --volume-ids ${volumeId}\``);
    }
    await sleep(interval);
  }
}

/** The last line: the elapsed time, against the tier's RTO when the plan report gives it. */
export function elapsedLine(ms: number, point: RestorePoint, req: RestoreRequest): string {
  const elapsed = `elapsed ${elapsedText(ms)}`;
  if (!req.rto) return `${elapsed} (no RTO to compare with: pass --app with the cloud assembly of an app that attaches the plan report)`;
  if (!point.tier) return `${elapsed} (the snapshot carries no ${SNAPSHOT_TIER_TAG} tag, so no tier's RTO applies)`;
  const rto = req.rto.get(point.tier);
  if (rto === undefined) return `${elapsed} (tier ${point.tier} declares no RTO in ${req.app})`;
  const within = ms <= rto * 60_000;
  return `${elapsed} against tier ${point.tier}'s RTO of ${minutesText(rto)}: ${within ? 'within it' : `EXCEEDED by ${elapsedText(ms - rto * 60_000)}`}`;
}
