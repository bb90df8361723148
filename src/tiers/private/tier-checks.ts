/**
 * Checks of a tier's own facts against where it is compiled, reported on the tier in its words.
 * Not exported from the package.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { raw, Where } from '../../common/validation';
import { BackupEngine } from '../engines';
import { BackupTier } from '../tier';

/**
 * Tier-level facts checked where the tier is compiled, in the tier's words: a DR copy into the
 * stack's own Region, a time zone on DLM, an archive with a consistency hook on DLM.
 * @internal
 */
export function validateTierHere(where: Where, tier: BackupTier, stack: Stack, ebsEngine: BackupEngine | undefined): void {
  const w = where.in(`tier \`${tier.name}\``);
  const region = stack.region;
  tier.drCopies.forEach((copy, i) => {
    if (!Token.isUnresolved(region) && !Token.isUnresolved(copy.region) && copy.region === region) {
      w.fail(`drCopies[${i}]`, `must copy to a Region other than the stack's own (${region}): a DR copy in the Region it protects against losing recovers nothing (for a preset, it is the Region given to \`BackupTier.critical()\` or \`database()\`)`, copy.region);
    }
  });
  if (ebsEngine !== BackupEngine.DLM) return;
  const zone = tier.timeZone?.timezoneName;
  if (zone !== undefined) {
    w.fail('timeZone', 'cannot be used when DLM protects EBS (the default `ebsEngine`): DLM runs schedules in UTC only, and a tier is never shifted silently; write the cadences in UTC, or protect EBS with AWS Backup (`ebsEngine: BackupEngine.AWS_BACKUP`) or elsewhere (`protectEbs: false`)', zone);
  }
  if (tier.archive !== undefined && tier.consistency !== undefined) {
    const last = tier.rungNames[tier.rungNames.length - 1];
    w.fail('archive', `cannot be combined with \`consistency\` on DLM: a consistency hook makes the tier's DLM policies snapshot instances, and DLM archives only snapshots of volume policies (rung \`${last}\` would be archived); remove one of them (\`without: [TierFeature.ARCHIVE]\`)`, raw(tier.archive.toString()));
  }
}
