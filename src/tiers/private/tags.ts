/**
 * The tags this library puts on what a tier creates: the DLM snapshots and AWS Backup recovery
 * points of a tier carry the tier's name and the rung that took them, so that audits (the
 * compliance layer's Audit Manager control scopes) and restores can find them. NOT exported
 * from the package.
 */

/** The tag key naming the tier a snapshot or recovery point belongs to. */
export const TIER_TAG_KEY = 'cdk-tiered-backup:tier';

/** The tag key naming the rung (schedule or rule) that took a snapshot or recovery point. */
export const RUNG_TAG_KEY = 'cdk-tiered-backup:rung';

/** The tags of a snapshot or recovery point taken by `rung` of `tier`. */
export function tierTags(tier: string, rung: string): { [key: string]: string } {
  return { [TIER_TAG_KEY]: tier, [RUNG_TAG_KEY]: rung };
}
