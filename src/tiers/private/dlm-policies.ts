/**
 * A tier's DLM snapshot policies: the fewest policies for its rungs, targeting the tier tag,
 * instances when the tier has a consistency hook, volumes otherwise. NOT exported from the
 * package.
 */
import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tierTags } from './tags';
import { usesWindowsVss } from './windows-vss';
import { markOverlapGroup } from '../../dlm/private/overlap';
import { SnapshotScheduleProps } from '../../dlm/schedule';
import { SnapshotPolicy, SnapshotResourceType } from '../../dlm/snapshot-policy';
import { BackupTier } from '../tier';

/** DLM's limit of schedules per policy. */
const MAX_SCHEDULES = 4;

/**
 * ⌈rungs / 4⌉ policies (an archived rung gets its own), each targeting the tier tag. A tier
 * with a consistency hook gets one policy per rung: DLM runs scripts for only one schedule per
 * policy ("You can specify up to 1 script(s) per schedule for up to 1 schedule(s) per policy").
 */
export function compileDlmPolicies(scope: Construct, tier: BackupTier, tagKey: string, role: iam.IRole | undefined): SnapshotPolicy[] {
  const names = tier.rungNames;
  // Windows VSS backups take no copyTags (DLM refuses the combination)
  const vss = usesWindowsVss(tier, scope);
  const schedules: SnapshotScheduleProps[] = tier.rungs.map((rung, i) => {
    const first = i === 0;
    const last = i === tier.rungs.length - 1;
    const fr = tier.fastRestore;
    const frSettings = tier._fastRestoreSettings();
    return {
      name: names[i],
      cadence: rung.cadence,
      retention: rung.retention,
      copyTags: vss ? undefined : true,
      tagsToAdd: tierTags(tier.name, names[i]),
      crossRegionCopies: tier.drCopies.length > 0 ? tier.drCopies : undefined,
      fastRestore: first && fr !== undefined && frSettings !== undefined ? {
        availabilityZones: fr.availabilityZones ?? Array.from({ length: frSettings.zones }, (_, z) => Fn.select(z, Fn.getAzs())),
        retention: frSettings.retention,
      } : undefined,
      archive: last && tier.archive !== undefined ? { retention: tier.archive } : undefined,
      script: tier.consistency,
    };
  });
  const groups: SnapshotScheduleProps[][] = [];
  const archived = tier.archive !== undefined ? schedules.pop() : undefined;
  const perPolicy = tier.consistency !== undefined ? 1 : MAX_SCHEDULES;
  for (let i = 0; i < schedules.length; i += perPolicy) groups.push(schedules.slice(i, i + perPolicy));
  if (archived !== undefined) groups.push([archived]);
  const policies = groups.map((group, i) => new SnapshotPolicy(scope, groups.length === 1 ? 'Dlm' : `Dlm${i + 1}`, {
    description: `Tier ${tier.name} ${group.map((s) => s.name).join(' ')}`.slice(0, 500),
    resourceType: tier.consistency !== undefined ? SnapshotResourceType.INSTANCE : SnapshotResourceType.VOLUME,
    targetTags: { [tagKey]: tier.name },
    schedules: group,
    role,
  }));
  // one tier's policies share the tier tag on purpose: each runs other rungs of the ladder
  markOverlapGroup(scope.node.path, ...policies);
  return policies;
}
