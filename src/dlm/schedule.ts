import { Duration } from 'aws-cdk-lib';
import { ICrossAccountShare, ICrossRegionCopy } from './copy';
import { ISnapshotScript } from './script';
import { Cadence } from '../common/cadence';
import { Retention } from '../common/retention';

/** Where the snapshots of a schedule are created (`CreateRule.Location`). */
export enum SnapshotLocation {
  /** In the same Region as the source resource. */
  CLOUD = 'CLOUD',
  /** On the same Outpost as the source resource. */
  OUTPOST_LOCAL = 'OUTPOST_LOCAL',
  /** In the same Local Zone as the source resource. */
  LOCAL_ZONE = 'LOCAL_ZONE',
}

/** What every DLM schedule has, for snapshot and AMI policies alike. */
export interface ScheduleBaseProps {
  /**
   * The schedule's name (letters, digits, spaces, `_` and `-`; at most 120 characters).
   *
   * @default - `Schedule1`, `Schedule2`, ... in the order schedules were added
   */
  readonly name?: string;

  /** How often snapshots or AMIs are created. */
  readonly cadence: Cadence;

  /**
   * How many snapshots/AMIs to keep, or for how long.
   *
   * All schedules of one policy must use the same kind (count or age).
   */
  readonly retention: Retention;

  /**
   * Copy the source's user-defined tags to what the schedule creates (not with Windows VSS
   * scripts).
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * Tags added to what the schedule creates (at most 45, keys not starting with `aws:`), in
   * addition to DLM's own.
   *
   * @default - none
   */
  readonly tagsToAdd?: { [key: string]: string };

  /**
   * Tags whose values DLM fills in when it runs: `$(instance-id)` or `$(timestamp)`.
   * Only for policies that target instances and AMI policies (at most 45).
   *
   * @default - none
   */
  readonly variableTags?: { [key: string]: string };

  /**
   * Cross-region copies of what the schedule creates (at most 3, always encrypted).
   *
   * @default - no copies
   */
  readonly crossRegionCopies?: ICrossRegionCopy[];
}

/** Fast snapshot restore for the snapshots of a schedule. */
export interface FastRestoreOptions {
  /**
   * Availability Zone names (1-10), e.g. `us-east-1a`. Give these or `availabilityZoneIds`.
   *
   * @default - none; `availabilityZoneIds` must be given
   */
  readonly availabilityZones?: string[];

  /**
   * Availability Zone IDs (1-10), e.g. `use1-az1`. Give these or `availabilityZones`.
   *
   * @default - none; `availabilityZones` must be given
   */
  readonly availabilityZoneIds?: string[];

  /**
   * For how many of the newest snapshots (a count), or for how long (an age), fast
   * snapshot restore stays enabled.
   */
  readonly retention: Retention;
}

/** Moving snapshots to the archive tier when they leave standard retention. */
export interface ArchiveOptions {
  /**
   * How long snapshots stay in the archive tier: a count for count-based schedules,
   * an age for age-based ones. Each snapshot must stay archived at least 90 days.
   */
  readonly retention: Retention;
}

/** Sharing snapshots with other AWS accounts. */
export interface ShareOptions {
  /** The 12-digit account IDs to share with. */
  readonly accounts: string[];

  /**
   * When shared snapshots are unshared again; must be shorter than the retention.
   *
   * @default - snapshots stay shared until they are deleted
   */
  readonly unshareAfter?: Duration;
}

/** A schedule of a `SnapshotPolicy` (EBS snapshots of volumes or instances). */
export interface SnapshotScheduleProps extends ScheduleBaseProps {
  /**
   * Where snapshots are created.
   *
   * @default SnapshotLocation.CLOUD - in the Region
   */
  readonly snapshotLocation?: SnapshotLocation;

  /**
   * Enable fast snapshot restore on the newest snapshots (only for snapshots created in the
   * Region: not on an Outpost or in a Local Zone).
   *
   * @default - not enabled
   */
  readonly fastRestore?: FastRestoreOptions;

  /**
   * Archive snapshots when they leave standard retention (volume policies only).
   *
   * @default - snapshots are deleted, never archived
   */
  readonly archive?: ArchiveOptions;

  /**
   * Share snapshots with other accounts.
   *
   * @default - not shared
   */
  readonly share?: ShareOptions;

  /**
   * Share snapshots with other accounts for disaster recovery, each with the customer-managed
   * key that encrypts them (`DrCopyRule.toAccount()`). The accounts of all entries and of
   * `share` render as the schedule's single share rule, so they must agree on `unshareAfter`.
   *
   * @default - no cross-account copies
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
   */
  readonly crossAccountCopies?: ICrossAccountShare[];

  /**
   * A pre/post script, for policies that target instances. DLM runs scripts for only one
   * schedule of a policy: put schedules that need a script in policies of their own.
   *
   * @default - crash-consistent snapshots, no script
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
   */
  readonly script?: ISnapshotScript;
}

/** A schedule of an `AmiPolicy` (EBS-backed AMIs of instances). */
export interface AmiScheduleProps extends ScheduleBaseProps {
  /**
   * When AMIs are deprecated: a count for count-based schedules, an age for age-based
   * ones; never later than the retention.
   *
   * @default - AMIs are not deprecated
   */
  readonly deprecate?: Retention;
}
