/**
 * The public shapes of a backup tier's declaration: a rung, fast restore, the options a preset
 * takes and the features it can drop. The tier itself is `BackupTier` (tier.ts).
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { Cadence } from '../common/cadence';
import { Retention } from '../common/retention';
import { DrCopyRule } from '../dlm/dr-copy-rule';
import { ISnapshotScript } from '../dlm/script';

/**
 * One rung of a tier's retention ladder: how often, and for how long those are kept.
 *
 * @example
 * { cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(7)) }
 */
export interface BackupRung {
  /**
   * The rung's name: the DLM schedule name and the AWS Backup rule name (with the tier's name).
   * Letters, digits, `-` and `_`, at most 40 characters.
   *
   * @default - derived from the cadence: `Every4Hours`, `Daily`, `Weekly`, `Monthly`, `Rung3`
   */
  readonly name?: string;

  /** How often a restore point is taken. */
  readonly cadence: Cadence;

  /**
   * How long each restore point of this rung is kept. Tiers are engine-neutral, so this is an
   * age (`Retention.age()`, `weeks()`, `months()`, `years()`): AWS Backup keeps by age only.
   */
  readonly retention: Retention;

  /**
   * AWS Backup only: move recovery points to cold storage after this long (they are then
   * kept at least 90 days there). DLM has no cold storage; see `BackupTierOptions.archive`.
   *
   * @default - never
   */
  readonly coldStorageAfter?: Duration;
}

/**
 * Fast snapshot restore for a tier's most frequent rung (DLM only). Fully initialized volumes
 * from the first read, at an hourly charge per snapshot and Availability Zone: keep it short.
 */
export interface TierFastRestore {
  /**
   * Availability Zone names (1-10).
   *
   * @default - the first two Availability Zones of the stack's Region (`Fn::GetAZs`)
   */
  readonly availabilityZones?: string[];

  /**
   * Which snapshots stay enabled for fast restore: a count of the newest, or an age. Every
   * enabled snapshot costs per hour in every zone, so the default keeps only the newest — the
   * one a fast recovery restores.
   *
   * @default Retention.count(1)
   */
  readonly retention?: Retention;
}

/** Everything a tier declares besides its name and ladder; every field is optional. */
export interface BackupTierOptions {
  /**
   * The recovery point objective the tier promises: the most data, in time, a restore may lose.
   * Checked at synth against the worst case each engine really gives (see `worstCaseRpo`).
   *
   * @default - no objective is checked
   */
  readonly rpo?: Duration;

  /**
   * The recovery time objective the tier promises. Reported; an RTO under 30 minutes for EBS without
   * fast snapshot restore draws a warning (restored volumes load lazily from S3).
   *
   * @default - none declared
   */
  readonly rto?: Duration;

  /**
   * Encrypted copies to other Regions, made from every rung (DLM: cross-Region copy rules;
   * AWS Backup: copy actions into the vault of that Region).
   *
   * @default - no DR copy
   */
  readonly drCopies?: DrCopyRule[];

  /**
   * An application-consistency hook run around every snapshot, e.g. a `ConsistentBackupHook`
   * (MySQL, PostgreSQL, fsfreeze) or `SnapshotScript.windowsVss()`. DLM then targets the
   * tier's *instances* (scripts run on instances). On AWS Backup only Windows VSS applies
   * (databases such as RDS are consistent by the service itself).
   *
   * @default - crash-consistent snapshots
   */
  readonly consistency?: ISnapshotScript;

  /**
   * Fast snapshot restore for the most frequent rung's snapshots (DLM only).
   *
   * @default - no fast snapshot restore
   */
  readonly fastRestore?: TierFastRestore;

  /**
   * Moves the least frequent rung's snapshots to the EBS snapshot archive tier instead of
   * deleting them, and keeps them there this long (DLM only; the rung must run at most
   * monthly, archived snapshots are kept at least 90 days). That rung gets a policy of its own.
   *
   * @default - no archive
   */
  readonly archive?: Retention;

  /**
   * Continuous backup (point-in-time restore) on AWS Backup, kept this long (1-35 days), for
   * the resource types that support it (RDS, Aurora, S3, SAP HANA). Others get the ladder.
   *
   * @default - no continuous backup
   */
  readonly pointInTimeRecovery?: Duration;

  /**
   * The time zone the rungs' start times and cron expressions are written in (AWS Backup's
   * `ScheduleExpressionTimezone`), e.g. `TimeZone.EUROPE_BERLIN` or `TimeZone.of('Europe/Berlin')`.
   * AWS Backup only: DLM runs schedules in UTC, so a `TieredBackup` whose EBS engine is DLM
   * refuses a tier with a time zone rather than shift its schedules. Across a daylight-saving
   * change a rung runs up to the change (usually 1 hour) early or late, which the tier's
   * worst-case RPO on AWS Backup includes.
   *
   * @default - UTC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
   */
  readonly timeZone?: TimeZone;

  /**
   * A short description, used in the DLM policy and Backup plan descriptions.
   *
   * @default - derived from the name and ladder
   */
  readonly description?: string;
}

/**
 * The optional features of a tier that a preset (or a tier `withOptions()` derives from) may
 * have and an override can remove: `without: [TierFeature.FAST_RESTORE]`.
 */
export enum TierFeature {
  /** `fastRestore`: fast snapshot restore of the most frequent rung. */
  FAST_RESTORE = 'FAST_RESTORE',
  /** `drCopies`: every DR copy (the same as `drCopies: []`). */
  DR_COPIES = 'DR_COPIES',
  /** `archive`: the archive tier of the least frequent rung. */
  ARCHIVE = 'ARCHIVE',
  /** `pointInTimeRecovery`: AWS Backup continuous backup. */
  POINT_IN_TIME_RECOVERY = 'POINT_IN_TIME_RECOVERY',
  /** `consistency`: the consistency hook (snapshots become crash-consistent). */
  CONSISTENCY = 'CONSISTENCY',
  /** `timeZone`: the schedules' time zone (they are then read in UTC). */
  TIME_ZONE = 'TIME_ZONE',
}


/** A tier: its name, its retention ladder and what else it declares. */
export interface BackupTierProps extends BackupTierOptions {
  /**
   * The tier's name: the value of the tier tag on the resources it protects. Letters, digits,
   * `-` and `_`, at most 40 characters; unique within a `TieredBackup`.
   */
  readonly name: string;

  /**
   * The retention ladder, most frequent rung first (each next rung runs less often and keeps
   * longer).
   */
  readonly rungs: BackupRung[];
}

/** Overrides for a preset tier: every value of the preset can be replaced. */
export interface PresetTierOptions extends BackupTierOptions {
  /**
   * The tier's name (tag value).
   *
   * @default - the preset's name: `critical`, `database`, `development` or `staging`
   */
  readonly name?: string;

  /**
   * The retention ladder.
   *
   * @default - the preset's ladder
   */
  readonly rungs?: BackupRung[];

  /**
   * Optional features of the preset (or of the tier `withOptions()` is called on) to remove,
   * e.g. `[TierFeature.FAST_RESTORE]` for a tier without fast snapshot restore. An option left
   * `undefined` keeps the preset's value; this is how to say "none". A feature may not be both
   * removed and set.
   *
   * @default - every feature of the preset is kept, unless replaced
   */
  readonly without?: TierFeature[];
}
