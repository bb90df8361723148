/**
 * `cdk-tiered-backup points`: the restore points (EBS snapshots) of a tier, a volume or an
 * instance, newest first, with the policy and schedule that made each, its storage tier (and
 * archive restore state), fast snapshot restore per Availability Zone and its DR copies.
 */
import {
  DescribeFastSnapshotRestoresCommand, DescribeInstancesCommand, DescribeSnapshotsCommand, DescribeSnapshotTierStatusCommand,
  FastSnapshotRestoreStateCode, Filter, Snapshot, SnapshotTierStatus,
} from '@aws-sdk/client-ec2';
import { AWS_OPTIONS, CommandSpec, OptionSpec, ParsedArgs, stringOption } from '../args';
import { awsOptions } from './common';
import { DlmReader } from '../dlm';
import { chunks, Ec2Api, filter, newestFirst, tagsOf, utc } from '../ec2';
import { CliError, ExitCode, UsageError } from '../errors';
import { CliIo } from '../io';
import { isObject, Json } from '../model';
import { renderTable } from '../table';

/** The tag DLM puts on the snapshots a policy creates, naming the policy. */
export const DLM_POLICY_TAG = 'aws:dlm:lifecycle-policy-id';
/** The tag DLM puts on the snapshots a policy creates, naming the schedule. */
export const DLM_SCHEDULE_TAG = 'aws:dlm:lifecycle-schedule-name';
/** The tag the tiers put on their snapshots (the schedules' tags-to-add), naming the tier. */
export const SNAPSHOT_TIER_TAG = 'cdk-tiered-backup:tier';

/** `--endpoint-url` of the EC2 commands sends EC2 requests; DLM (for the DR Regions) gets its own. */
export const EC2_AWS_OPTIONS: readonly OptionSpec[] = AWS_OPTIONS.map(o => (o.name === 'endpoint-url'
  ? { ...o, description: 'send EC2 requests to this endpoint (an EC2-compatible service)' } : o));

export const POINTS: CommandSpec = {
  name: 'points',
  summary: 'List the restore points (EBS snapshots) of a tier, a volume or an instance, newest first.',
  details: [
    'Calls DescribeSnapshots (owner self), filtered by the tier tag the tiers put on their snapshots',
    `(${SNAPSHOT_TIER_TAG}) and/or the volume (--instance: the EBS volumes of its block device mappings,`,
    'from DescribeInstances). For each snapshot: the DLM policy and schedule that made it (DLM\'s',
    `${DLM_POLICY_TAG} and ${DLM_SCHEDULE_TAG} tags), the storage tier (archive: with the restore state`,
    'of DescribeSnapshotTierStatus), fast snapshot restore per Availability Zone',
    '(DescribeFastSnapshotRestores) and the copies in the DR Regions: --regions, or the cross-Region copy',
    'targets of the DLM policies that made the snapshots (GetLifecyclePolicy). A copy is matched by its',
    'source snapshot ID in the copy\'s description ("[Copied snap-... from REGION]", as EC2 writes it).',
    'Needs ec2:DescribeSnapshots, ec2:DescribeSnapshotTierStatus, ec2:DescribeFastSnapshotRestores,',
    'ec2:DescribeInstances (--instance) and dlm:GetLifecyclePolicy (without --regions).',
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'tier', type: 'string', valueName: 'TIER', description: 'the restore points of this tier' },
    { name: 'volume', type: 'string', valueName: 'VOLUME-ID', description: 'the restore points of this volume (it may no longer exist)' },
    { name: 'instance', type: 'string', valueName: 'INSTANCE-ID', description: 'the restore points of the EBS volumes of this instance' },
    { name: 'regions', type: 'string', valueName: 'R1,R2', description: 'look for DR copies in these Regions (default: the DLM policies\' copy targets)' },
    { name: 'json', type: 'boolean', description: 'print JSON (one array of restore points) instead of a table' },
    ...EC2_AWS_OPTIONS,
    { name: 'dlm-endpoint-url', type: 'string', valueName: 'URL', description: 'send DLM requests (for the DR Regions) to this endpoint' },
  ],
};

/** Fast snapshot restore in one Availability Zone. */
export interface FastRestoreState {
  readonly availabilityZone: string;
  /** `enabling`, `optimizing`, `enabled`, `disabling` or `disabled`. */
  readonly state: string;
}

/** A copy of the snapshot in another Region. */
export interface DrCopy {
  readonly region: string;
  readonly snapshotId: string;
  readonly state?: string;
  readonly startTime?: string;
}

/** What `points --json` prints for one snapshot. */
export interface RestorePoint {
  readonly snapshotId: string;
  readonly volumeId?: string;
  readonly startTime?: string;
  readonly state?: string;
  readonly progress?: string;
  readonly volumeSizeGiB?: number;
  readonly encrypted?: boolean;
  readonly tier?: string;
  readonly policyId?: string;
  readonly scheduleName?: string;
  /** `standard` or `archive`. */
  readonly storageTier: string;
  /** For archived snapshots: DescribeSnapshotTierStatus's last tiering operation, e.g. `archival-completed`. */
  readonly archiveStatus?: string;
  /** For archived snapshots being restored: the progress, in percent. */
  readonly archiveProgress?: number;
  /** For temporarily restored snapshots: when they go back to the archive. */
  readonly restoreExpiryTime?: string;
  readonly fastRestore: FastRestoreState[];
  readonly drCopies: DrCopy[];
}

/** Runs `points`. */
export async function runPoints(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const tier = stringOption(args, 'tier');
  const volume = stringOption(args, 'volume');
  const instance = stringOption(args, 'instance');
  if (!tier && !volume && !instance) throw new UsageError('give --tier, --volume or --instance', 'points');
  if (volume && instance) throw new UsageError('give --volume or --instance, not both', 'points');
  const regions = parseRegions(stringOption(args, 'regions'));
  const ec2 = new Ec2Api(awsOptions(args), io);
  try {
    const region = await ec2.region();
    const volumes = volume ? [volume] : instance ? await instanceVolumes(ec2, instance) : undefined;
    const filters: Filter[] = [];
    if (tier) filters.push(filter(`tag:${SNAPSHOT_TIER_TAG}`, tier));
    const snapshots: Snapshot[] = [];
    for (const part of volumes ? chunks(volumes) : [undefined]) {
      snapshots.push(...await describeSnapshots(ec2, io, region, [...filters, ...(part ? [filter('volume-id', ...part)] : [])]));
    }
    snapshots.sort(newestFirst);
    const points = await restorePoints(ec2, snapshots);
    const drRegions = (regions ?? await copyRegions(args, io, points)).filter(r => r !== region);
    await addDrCopies(ec2, io, points, drRegions);

    const what = [tier ? `tier ${tier}` : undefined, volume ? `volume ${volume}` : undefined,
      instance ? `instance ${instance} (${volumes!.join(', ')})` : undefined].filter(Boolean).join(', ');
    if (args.options.json) {
      io.stdout(JSON.stringify(points, undefined, 2) + '\n');
      return ExitCode.OK;
    }
    if (points.length === 0) {
      io.stdout(`No restore points of ${what} in ${region ?? 'this Region'}.\n`);
      return ExitCode.OK;
    }
    io.stdout(renderTable(
      ['SNAPSHOT', 'CREATED', 'VOLUME', 'STATE', 'MADE BY', 'STORAGE', 'FAST RESTORE', 'DR COPIES'],
      points.map(p => [
        p.snapshotId,
        p.startTime ? utc(new Date(p.startTime)) : '-',
        p.volumeId ?? '-',
        p.state === 'pending' && p.progress ? `pending ${p.progress}` : p.state ?? '-',
        [...(p.tier ? [`tier ${p.tier}`] : []), ...(p.policyId ? [`${p.policyId} ${p.scheduleName ?? ''}`.trim()] : ['not DLM'])],
        storageText(p),
        p.fastRestore.length > 0 ? p.fastRestore.map(f => `${f.availabilityZone} ${f.state}`) : ['-'],
        drRegions.length === 0 ? ['-'] : drRegions.map(r => {
          const copy = p.drCopies.find(c => c.region === r);
          return copy ? `${r} ${copy.snapshotId}${copy.state && copy.state !== 'completed' ? ` (${copy.state})` : ''}` : `${r} none`;
        }),
      ]),
    ));
    const archived = points.filter(p => p.storageTier === 'archive').length;
    const fast = points.filter(p => p.fastRestore.some(f => f.state === 'enabled')).length;
    io.stdout(`\n${points.length} restore ${points.length === 1 ? 'point' : 'points'} of ${what} in ${region ?? 'this Region'}`
      + `${archived > 0 ? `, ${archived} archived` : ''}${fast > 0 ? `, ${fast} with fast snapshot restore` : ''}`
      + `; DR copies looked up in ${drRegions.length > 0 ? drRegions.join(', ') : 'no Region'}\n`);
    return ExitCode.OK;
  } finally {
    ec2.close();
  }
}

function parseRegions(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value.split(',').map(r => r.trim()).filter(Boolean);
  const bad = regions.find(r => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad !== undefined || regions.length === 0) throw new UsageError(`--regions takes Region names separated by commas, e.g. eu-west-1,us-west-2; got ${JSON.stringify(value)}`, 'points');
  return [...new Set(regions)];
}

/** The EBS volumes attached to an instance (its block device mappings). */
export async function instanceVolumes(ec2: Ec2Api, instanceId: string): Promise<string[]> {
  const out = await ec2.send('DescribeInstances', () => ec2.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
  const found = (out.Reservations ?? []).flatMap(r => r.Instances ?? []).find(i => i.InstanceId === instanceId);
  if (!found) throw new CliError(`EC2 did not describe instance ${instanceId}`);
  const volumes = (found.BlockDeviceMappings ?? []).map(m => m.Ebs?.VolumeId).filter((v): v is string => v !== undefined);
  if (volumes.length === 0) throw new CliError(`instance ${instanceId} has no EBS volume attached: give --volume for a volume it had`);
  return volumes;
}

/** DescribeSnapshots (owner self) with `filters`, every page, with progress on stderr while paging. */
export async function describeSnapshots(ec2: Ec2Api, io: CliIo, region: string | undefined, filters: Filter[]): Promise<Snapshot[]> {
  let pages = 0;
  const where = region ?? 'this Region';
  const snapshots = await ec2.all('DescribeSnapshots', async token => {
    const out = await ec2.client.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: filters, MaxResults: 1000, NextToken: token }));
    return { items: out.Snapshots ?? [], next: out.NextToken };
  }, count => {
    pages++;
    io.stderr(io.stderrIsTTY ? `\rreading snapshots in ${where}: ${count} so far` : `reading snapshots in ${where}: ${count} so far...\n`);
  });
  if (pages > 0) io.stderr(io.stderrIsTTY ? `\rread ${snapshots.length} snapshots in ${where}        \n` : `read ${snapshots.length} snapshots in ${where}\n`);
  return snapshots;
}

/** The restore points of `snapshots`: with archive state and fast snapshot restore (no DR copies yet). */
export async function restorePoints(ec2: Ec2Api, snapshots: readonly Snapshot[]): Promise<RestorePoint[]> {
  const archived = snapshots.filter(s => s.StorageTier === 'archive').map(s => s.SnapshotId!);
  const tierStatus = new Map<string, SnapshotTierStatus>();
  for (const part of chunks(archived)) {
    const statuses = await ec2.all('DescribeSnapshotTierStatus', async token => {
      const out = await ec2.client.send(new DescribeSnapshotTierStatusCommand({ Filters: [filter('snapshot-id', ...part)], NextToken: token }));
      return { items: out.SnapshotTierStatuses ?? [], next: out.NextToken };
    });
    for (const s of statuses) if (s.SnapshotId) tierStatus.set(s.SnapshotId, s);
  }
  const fast = new Map<string, FastRestoreState[]>();
  for (const part of chunks(snapshots.map(s => s.SnapshotId!))) {
    const states = await ec2.all('DescribeFastSnapshotRestores', async token => {
      const out = await ec2.client.send(new DescribeFastSnapshotRestoresCommand({ Filters: [filter('snapshot-id', ...part)], NextToken: token }));
      return { items: out.FastSnapshotRestores ?? [], next: out.NextToken };
    });
    for (const s of states) {
      if (!s.SnapshotId || !s.AvailabilityZone) continue;
      const state = { availabilityZone: s.AvailabilityZone, state: s.State ?? FastSnapshotRestoreStateCode.enabled };
      fast.set(s.SnapshotId, [...fast.get(s.SnapshotId) ?? [], state]);
    }
  }
  return snapshots.map(s => {
    const tags = tagsOf(s);
    const status = tierStatus.get(s.SnapshotId!);
    return {
      snapshotId: s.SnapshotId!,
      volumeId: s.VolumeId,
      startTime: s.StartTime?.toISOString(),
      state: s.State,
      progress: s.Progress,
      volumeSizeGiB: s.VolumeSize,
      encrypted: s.Encrypted,
      tier: tags[SNAPSHOT_TIER_TAG],
      policyId: tags[DLM_POLICY_TAG],
      scheduleName: tags[DLM_SCHEDULE_TAG],
      storageTier: s.StorageTier ?? 'standard',
      archiveStatus: status?.LastTieringOperationStatus,
      archiveProgress: status?.LastTieringOperationStatus?.endsWith('-in-progress') ? status.LastTieringProgress : undefined,
      restoreExpiryTime: (s.RestoreExpiryTime ?? status?.RestoreExpiryTime)?.toISOString(),
      fastRestore: (fast.get(s.SnapshotId!) ?? []).sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone)),
      drCopies: [],
    };
  });
}

function storageText(p: RestorePoint): string[] {
  if (p.storageTier !== 'archive') {
    return p.restoreExpiryTime ? ['standard', `(restored from the archive until ${utc(new Date(p.restoreExpiryTime))})`] : ['standard'];
  }
  const status = p.archiveStatus ?? 'archival-completed';
  return ['archive', `${status}${p.archiveProgress !== undefined ? ` ${p.archiveProgress}%` : ''}`];
}

/** The DR Regions of the DLM policies that made the points (their cross-Region copy targets). */
async function copyRegions(args: ParsedArgs, io: CliIo, points: readonly RestorePoint[]): Promise<string[]> {
  const policyIds = [...new Set(points.map(p => p.policyId).filter((id): id is string => id !== undefined))].sort();
  if (policyIds.length === 0) return [];
  const dlm = new DlmReader({ ...awsOptions(args), endpointUrl: stringOption(args, 'dlm-endpoint-url') }, io);
  try {
    const policies = await dlm.getPolicies(policyIds);
    const regions = new Set<string>();
    for (const policy of policies) for (const r of copyTargets(policy.PolicyDetails)) regions.add(r);
    return [...regions].sort();
  } catch (e) {
    io.stderr(`warning: cannot read the DLM policies that made these snapshots, so DR copies are not looked up (${(e as Error).message}); `
      + 'pass --regions to name the DR Regions\n');
    return [];
  } finally {
    dlm.close();
  }
}

/** The Regions a policy copies to (Outpost ARNs left out). */
export function copyTargets(details: Json | undefined): string[] {
  if (!isObject(details)) return [];
  const out: string[] = [];
  const add = (t: Json | undefined) => {
    if (typeof t === 'string' && !t.startsWith('arn:')) out.push(t);
  };
  for (const schedule of Array.isArray(details.Schedules) ? details.Schedules : []) {
    if (!isObject(schedule)) continue;
    for (const rule of Array.isArray(schedule.CrossRegionCopyRules) ? schedule.CrossRegionCopyRules : []) {
      if (isObject(rule)) add(rule.Target ?? rule.TargetRegion);
    }
  }
  for (const t of Array.isArray(details.CrossRegionCopyTargets) ? details.CrossRegionCopyTargets : []) if (isObject(t)) add(t.TargetRegion);
  for (const action of Array.isArray(details.Actions) ? details.Actions : []) {
    if (!isObject(action)) continue;
    for (const c of Array.isArray(action.CrossRegionCopy) ? action.CrossRegionCopy : []) if (isObject(c)) add(c.Target);
  }
  return out;
}

/** Finds each point's copies in `regions` by the source snapshot ID in the copy's description. */
async function addDrCopies(ec2: Ec2Api, io: CliIo, points: RestorePoint[], regions: readonly string[]): Promise<void> {
  for (const region of regions) {
    const remote = ec2.inRegion(region);
    try {
      for (const part of chunks(points.map(p => p.snapshotId))) {
        const copies = await describeSnapshots(remote, io, region, [filter('description', ...part.map(id => `*${id}*`))]);
        for (const copy of copies.sort(newestFirst)) {
          const source = points.find(p => copy.Description?.includes(p.snapshotId));
          if (!source || source.drCopies.some(c => c.region === region)) continue;
          source.drCopies.push({ region, snapshotId: copy.SnapshotId!, state: copy.State, startTime: copy.StartTime?.toISOString() });
        }
      }
    } finally {
      remote.close();
    }
  }
}
