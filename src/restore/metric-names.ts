/**
 * What the restore drills and the restore testing timer publish to CloudWatch, and what
 * `cdk-tiered-backup status` reads back: the default namespace, the metric names, the tier
 * dimension and what a namespace may be. No dependency, so the CLI can import it.
 * @internal
 */

/** The namespace of the restore metrics unless a construct is given another. */
export const RESTORE_METRICS_NAMESPACE = 'CdkTieredBackup/RestoreDrills';
/** The measured restore time of a restore that succeeded, in seconds. */
export const METRIC_RESTORE_SECONDS = 'RestoreSeconds';
/** 1 for a drill (or restore test) that restored and validated, 0 for one that failed. */
export const METRIC_RESTORE_SUCCEEDED = 'RestoreSucceeded';
/** 1 each time a drill starts. */
export const METRIC_DRILL_STARTED = 'DrillStarted';
/** The dimension that names the tier. */
export const TIER_DIMENSION = 'Tier';

/** A CloudWatch namespace of our own: 1-255 characters, not `AWS/...`, not starting with `:`. */
export const METRIC_NAMESPACE_PATTERN = /^(?!AWS\/)[^:].{0,254}$/s;
/** What METRIC_NAMESPACE_PATTERN allows, in words. */
export const METRIC_NAMESPACE_TEXT = 'a CloudWatch namespace of 1-255 characters not starting with `AWS/` or `:`';
