/**
 * The plan report's data: its inputs and what it says about every tier. Plain structs, no
 * behaviour: `BackupPlanReport` (report.ts) holds them, the calculation in
 * `private/report-calculation.ts` fills them, the Markdown and SVG writers in `private/` read
 * them.
 */
import type { ReportSection } from './report-section';
import { BackupEngine } from '../tiers/engines';

/**
 * The inputs of the plan report's storage and cost estimate. Prices are per GB-month (or per
 * DSU-hour) in USD; the defaults are AWS's us-east-1 list prices: pass your Region's.
 *
 * @see https://aws.amazon.com/ebs/pricing/
 * @see https://aws.amazon.com/backup/pricing/
 */
export interface BackupPlanReportOptions {
  /**
   * Size of the data of one protected resource (a volume, a database), in GB.
   *
   * @default 100
   */
  readonly volumeSizeGb?: number;

  /**
   * Data changed a day on that resource, in GB (blocks written, not growth).
   *
   * @default 5
   */
  readonly dailyChangeRateGb?: number;

  /**
   * Price of EBS snapshots in the standard tier (DLM restore points and DR copies), per GB-month.
   *
   * @default 0.05
   */
  readonly snapshotPricePerGbMonth?: number;

  /**
   * Price of EBS snapshots in the archive tier (a tier's `archive`), per GB-month.
   *
   * @default 0.0125
   */
  readonly archivePricePerGbMonth?: number;

  /**
   * Price of AWS Backup warm storage (restore points and DR copies of tiers on AWS Backup),
   * per GB-month. The default is the EBS and EFS rate; RDS, Aurora and DynamoDB are charged
   * differently.
   *
   * @default 0.05
   */
  readonly backupWarmPricePerGbMonth?: number;

  /**
   * Price of AWS Backup cold storage (rungs with `coldStorageAfter`), per GB-month. The default
   * is the EBS rate (cold EBS backups go to the EBS snapshot archive tier).
   *
   * @default 0.0125
   */
  readonly backupColdPricePerGbMonth?: number;

  /**
   * Price of fast snapshot restore, per DSU-hour (one DSU per snapshot and Availability Zone
   * it is enabled in).
   *
   * @default 0.75
   */
  readonly fastRestorePricePerDsuHour?: number;
}

/** The inputs the estimate used: `BackupPlanReportOptions` with every default filled in. */
export interface BackupPlanReportInputs {
  /** Size of one protected resource, in GB. */
  readonly volumeSizeGb: number;
  /** Data changed a day, in GB. */
  readonly dailyChangeRateGb: number;
  /** EBS snapshot standard tier, USD per GB-month. */
  readonly snapshotPricePerGbMonth: number;
  /** EBS snapshot archive tier, USD per GB-month. */
  readonly archivePricePerGbMonth: number;
  /** AWS Backup warm storage, USD per GB-month. */
  readonly backupWarmPricePerGbMonth: number;
  /** AWS Backup cold storage, USD per GB-month. */
  readonly backupColdPricePerGbMonth: number;
  /** Fast snapshot restore, USD per DSU-hour. */
  readonly fastRestorePricePerDsuHour: number;
}

/** One rung of a tier, as the report sees it. */
export interface RungReport {
  /** The rung's name (DLM schedule name, AWS Backup rule name suffix). */
  readonly name: string;
  /** The cadence in words, e.g. `weekly on Sunday at 02:00 UTC`. */
  readonly cadence: string;
  /** The cadence as declared (`every 4 hours`, `cron(0 2 ? * SUN *)`). */
  readonly cadenceExpression: string;
  /**
   * Average time between two runs, in hours, from the cadence's real firing pattern.
   *
   * @default - unknown (a token)
   */
  readonly averagePeriodHours?: number;
  /**
   * Longest time between two runs, in hours.
   *
   * @default - unknown (a token)
   */
  readonly longestGapHours?: number;
  /** The retention as declared, e.g. `12 months`. */
  readonly retention: string;
  /**
   * The retention in days, calendar units at their longest (as AWS Backup's `DeleteAfterDays`).
   *
   * @default - unknown (a token)
   */
  readonly retentionDays?: number;
  /**
   * Restore points of this rung held in steady state: retention / average period.
   *
   * @default - unknown (a token)
   */
  readonly restorePoints?: number;
  /**
   * AWS Backup only: days after which its recovery points move to cold storage.
   *
   * @default - never
   */
  readonly coldStorageAfterDays?: number;
  /**
   * AWS Backup only: how many of `restorePoints` are in cold storage.
   *
   * @default - none
   */
  readonly coldRestorePoints?: number;
}

/** A tier's DR copies to one Region. */
export interface DrCopyReport {
  /** The destination Region. */
  readonly region: string;
  /** The copies' retention as declared (`as the source` when none is given). */
  readonly retention: string;
  /**
   * The copies' retention in days.
   *
   * @default - each rung's own retention
   */
  readonly retentionDays?: number;
  /**
   * Copies held in that Region in steady state, all rungs together.
   *
   * @default - unknown (a token)
   */
  readonly restorePoints?: number;
}

/** The archived rung of a tier (DLM moves its snapshots to the EBS snapshot archive tier). */
export interface ArchiveReport {
  /** The archived rung (the least frequent one). */
  readonly rungName: string;
  /** The archive retention as declared. */
  readonly retention: string;
  /**
   * How long a snapshot stays in the archive tier, in days.
   *
   * @default - unknown (a token)
   */
  readonly retentionDays?: number;
  /**
   * Snapshots held in the archive tier in steady state.
   *
   * @default - unknown (a token)
   */
  readonly restorePoints?: number;
}

/** The worst-case recovery point objective a tier gives on one engine. */
export interface EngineRpoReport {
  /** The engine. */
  readonly engine: BackupEngine;
  /**
   * Worst-case RPO in minutes (`CompiledTier.worstCaseRpo`: the AWS Backup start window and
   * the time zone's clock changes included).
   *
   * @default - unknown (a token)
   */
  readonly worstCaseRpoMinutes?: number;
  /** The worst-case RPO in words (`5 hours`, `unknown`). */
  readonly worstCaseRpo: string;
  /**
   * Whether the declared RPO is at least this worst case.
   *
   * @default - no RPO declared, or unknown
   */
  readonly meetsDeclaredRpo?: boolean;

  /**
   * Whether the declared RPO is held against this engine (as the synth-time check does):
   * AWS Backup snapshots are not when every resource the tier has on AWS Backup gets
   * continuous backup, continuous backup only then.
   */
  readonly objectiveApplies: boolean;
}

/** What one Region's DR copies store. */
export interface RegionStorageEstimate {
  /** The Region. */
  readonly region: string;
  /** Stored data, in GB. */
  readonly gb: number;
}

/**
 * The storage and monthly cost estimate of a tier on one engine, for ONE protected resource of
 * `volumeSizeGb` (see the report's `assumptions`). An estimate, not a quote.
 */
export interface StorageEstimate {
  /** The engine (`DLM` prices are EBS snapshot prices, `AWS_BACKUP` prices AWS Backup's). */
  readonly engine: BackupEngine;
  /** Distinct restore points of the primary chain (rungs taken together). */
  readonly distinctRestorePoints: number;
  /** Primary Region, standard (DLM) or warm (AWS Backup) storage, in GB. */
  readonly standardGb: number;
  /** DR copies, per Region. */
  readonly drCopies: RegionStorageEstimate[];
  /** DR copies, all Regions, in GB. */
  readonly drCopyGb: number;
  /** EBS snapshot archive tier (DLM `archive`), in GB. */
  readonly archiveGb: number;
  /** AWS Backup cold storage, in GB. */
  readonly coldGb: number;
  /** All of the above, in GB. */
  readonly totalGb: number;
  /** Fast snapshot restore: snapshots × Availability Zones enabled at any time (DLM). */
  readonly fastRestoreDsus: number;
  /** Standard/warm storage, USD a month. */
  readonly standardCostUsd: number;
  /** DR copies, USD a month. */
  readonly drCopyCostUsd: number;
  /** Archive tier, USD a month. */
  readonly archiveCostUsd: number;
  /** Cold storage, USD a month. */
  readonly coldCostUsd: number;
  /** Fast snapshot restore, USD a month. */
  readonly fastRestoreCostUsd: number;
  /** Everything, USD a month. */
  readonly monthlyCostUsd: number;
}

/** Everything the report says about one tier. */
export interface TierReport {
  /** The tier's name. */
  readonly name: string;
  /** The construct path of the `TieredBackup` the tier belongs to. */
  readonly source: string;
  /**
   * The tier's description.
   *
   * @default - none
   */
  readonly description?: string;
  /** The engines the tier compiled to. */
  readonly engines: BackupEngine[];
  /** Resource types assigned to the tier that only AWS Backup protects. */
  readonly backupResourceTypes: string[];
  /** Worst-case RPO per engine. */
  readonly rpo: EngineRpoReport[];
  /**
   * The declared RPO, in minutes.
   *
   * @default - none declared
   */
  readonly declaredRpoMinutes?: number;
  /**
   * Whether every engine the declared RPO is held against meets it: `false` exactly when the
   * synth-time check fails the tier's `rpo`.
   *
   * @default - no RPO declared, no engine, or unknown
   */
  readonly meetsDeclaredRpo?: boolean;
  /**
   * The declared RTO, in minutes (reported: a restore time can only be proven by a drill).
   *
   * @default - none declared
   */
  readonly declaredRtoMinutes?: number;
  /** Whether the most frequent rung's snapshots get fast snapshot restore (DLM policies of the tier). */
  readonly fastRestore: boolean;
  /**
   * Continuous backup window (AWS Backup point-in-time recovery), in days.
   *
   * @default - no continuous backup
   */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * The longest time any restore point of the tier exists (rungs, archive, DR copies), in days.
   *
   * @default - unknown (a token)
   */
  readonly retentionHorizonDays?: number;
  /** The retention ladder. */
  readonly rungs: RungReport[];
  /** DR copies, per Region. */
  readonly drCopies: DrCopyReport[];
  /**
   * The archived rung.
   *
   * @default - no archive
   */
  readonly archive?: ArchiveReport;
  /** The storage and cost estimate, per engine (none when a value is a token). */
  readonly estimates: StorageEstimate[];
  /** Remarks: what could not be computed, or what the estimate leaves out for this tier. */
  readonly notes: string[];
}

/** Options of the restore-point timeline. */
export interface BackupPlanTimelineOptions {
  /**
   * Width of the image, in pixels (at least 800).
   *
   * @default 1280
   */
  readonly width?: number;

  /**
   * The title at the top of the image.
   *
   * @default 'Backup plan timeline'
   */
  readonly title?: string;
}

/**
 * What the writers read: a report's inputs, tiers and assumptions (a `BackupPlanReport`
 * satisfies it). NOT exported from the package.
 */
export interface ReportContent {
  readonly inputs: BackupPlanReportInputs;
  readonly tiers: TierReport[];
  readonly assumptions: string[];
  readonly sections: ReportSection[];
}
