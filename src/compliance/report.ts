import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, Stage, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { ChainRung, durationText, fmt, fullCopies, HOURS_PER_MONTH, incrementalChain, round2, steadyStatePoints } from './cost';
import { REPORT_FILES } from './report-files';
import { BackupPlanTimeline } from './svg';
import { backupDeleteAfterDays } from '../backup/render';
import { Cadence } from '../common/cadence';
import { parseCron } from '../common/cron';
import { Retention } from '../common/retention';
import { CompiledTier } from '../tiers/compiled-tier';
import { BackupTier, TierEngine } from '../tiers/tier';
import { TieredBackup } from '../tiers/tiered-backup';

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
  readonly engine: TierEngine;
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
  readonly engine: TierEngine;
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
  readonly engines: TierEngine[];
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

/** File names `writeTo()` and `attach()` write. */
const FILES = REPORT_FILES;

const DEFAULTS: BackupPlanReportInputs = {
  volumeSizeGb: 100,
  dailyChangeRateGb: 5,
  snapshotPricePerGbMonth: 0.05,
  archivePricePerGbMonth: 0.0125,
  backupWarmPricePerGbMonth: 0.05,
  backupColdPricePerGbMonth: 0.0125,
  fastRestorePricePerDsuHour: 0.75,
};

const ATTACHED = 'BackupPlanReport';
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The plan report: for every tier, the worst-case RPO per engine against the declared one,
 * the retention horizon, the restore points each rung holds in steady state, DR copies and
 * archive, and a storage and cost ESTIMATE for one protected resource under the incremental
 * snapshot model (a 100 GB volume changing 5 GB a day stores about 5 GB per extra daily
 * snapshot, not 100 GB). Computed from the tiers' value objects, never from templates.
 *
 * `toJson()`, `toMarkdown()` and `toSvg()` (a timeline of the restore points kept) render it;
 * `attach()` writes all three next to the cloud assembly at every synth.
 *
 * @example
 * const report = BackupPlanReport.of(tiers, { volumeSizeGb: 500, dailyChangeRateGb: 20 });
 * report.tiers[0].rpo[0].worstCaseRpoMinutes; // 300 for BackupTier.critical() on DLM
 * BackupPlanReport.attach(app);               // cdk.out/backup-plan-report.{json,md}
 */
export class BackupPlanReport {
  /** The report of one `TieredBackup`. */
  public static of(tiered: TieredBackup, options: BackupPlanReportOptions = {}): BackupPlanReport {
    return new BackupPlanReport([tiered], options);
  }

  /** The report of every `TieredBackup` of the app `scope` belongs to, ordered by construct path. */
  public static forApp(scope: IConstruct, options: BackupPlanReportOptions = {}): BackupPlanReport {
    return new BackupPlanReport(TieredBackup.allIn(scope), options);
  }

  /**
   * Writes the report of the `TieredBackup`s of `scope`'s stage (the app, or a `Stage`) into its
   * cloud assembly directory at every synth: `backup-plan-report.json`, `backup-plan-report.md`
   * and `backup-plan-timeline.svg`. The report is computed when the assembly is written, so
   * tiers and assignments added after this call are included. Calling it again for the same
   * stage replaces the options.
   */
  public static attach(scope: IConstruct, options: BackupPlanReportOptions = {}): void {
    const stage = Stage.of(scope) ?? scope.node.root;
    const existing = stage.node.tryFindChild(ATTACHED) as ReportFiles | undefined;
    if (existing !== undefined) {
      existing.options = options;
      return;
    }
    new ReportFiles(stage as Construct, ATTACHED, options);
  }

  /**
   * The report of the given `TieredBackup`s.
   * @internal
   */
  public static _ofAll(tiered: TieredBackup[], options: BackupPlanReportOptions): BackupPlanReport {
    return new BackupPlanReport(tiered, options);
  }

  /** The inputs of the estimate, defaults filled in. */
  public readonly inputs: BackupPlanReportInputs;

  /** The tiers, `TieredBackup` by `TieredBackup` (ordered by construct path), each in declared order. */
  public readonly tiers: TierReport[];

  /** The assumptions of the estimate and of the restore point counts, in words. */
  public readonly assumptions: string[];

  private constructor(tiered: TieredBackup[], options: BackupPlanReportOptions) {
    this.inputs = resolveInputs(options);
    const sorted = [...tiered].sort((a, b) => compare(a.node.path, b.node.path));
    this.tiers = sorted.flatMap((t) => t.compiledTiers.map((tier) => tierReport(tier, this.inputs)));
    this.assumptions = assumptions(this.inputs);
  }

  /** The report as JSON: keys sorted, two-space indented, ending with a newline. */
  public toJson(): string {
    const data = {
      title: 'Backup plan report',
      estimate: 'Storage and cost figures are ESTIMATES for one protected resource, not quotes; see assumptions.',
      inputs: this.inputs,
      assumptions: this.assumptions,
      tiers: this.tiers,
    };
    return `${JSON.stringify(sortKeys(data), undefined, 2)}\n`;
  }

  /** The report as Markdown: a summary, a table per tier, and the estimate's assumptions. */
  public toMarkdown(): string {
    return markdown(this);
  }

  /** The restore-point timeline of every tier as an SVG image (`BackupPlanTimeline`). */
  public toSvg(): string {
    return BackupPlanTimeline.render(this);
  }

  /**
   * Writes `backup-plan-report.json`, `backup-plan-report.md` and `backup-plan-timeline.svg`
   * into `directory` (created if missing).
   *
   * @returns the paths written
   */
  public writeTo(directory: string): string[] {
    fs.mkdirSync(directory, { recursive: true });
    const written: string[] = [];
    for (const [file, content] of [[FILES.json, this.toJson()], [FILES.markdown, this.toMarkdown()], [FILES.svg, this.toSvg()]]) {
      const target = path.join(directory, file);
      fs.writeFileSync(target, content);
      written.push(target);
    }
    return written;
  }
}

/** The construct `attach()` adds: writes the report when its stage's assembly is written. */
class ReportFiles extends Construct {
  public options: BackupPlanReportOptions;

  public constructor(scope: Construct, id: string, options: BackupPlanReportOptions) {
    super(scope, id);
    this.options = options;
    const stage = Stage.of(this);
    attachCustomSynthesis(this, {
      onSynthesize: (session) => {
        const mine = TieredBackup.allIn(this).filter((t) => Stage.of(t) === stage);
        BackupPlanReport._ofAll(mine, this.options).writeTo(session.outdir);
      },
    });
  }
}

function resolveInputs(options: BackupPlanReportOptions): BackupPlanReportInputs {
  const resolved: { [key: string]: number } = {};
  for (const key of Object.keys(DEFAULTS) as (keyof BackupPlanReportInputs)[]) {
    const value = options[key] ?? DEFAULTS[key];
    if (Token.isUnresolved(value) || !Number.isFinite(value) || value < 0) {
      throw new Error(`BackupPlanReport: \`${key}\` must be a number at least 0, known at synth time, got ${value}`);
    }
    resolved[key] = value;
  }
  if (resolved.volumeSizeGb <= 0) {
    throw new Error(`BackupPlanReport: \`volumeSizeGb\` must be greater than 0, got ${resolved.volumeSizeGb}`);
  }
  return resolved as unknown as BackupPlanReportInputs;
}

// ---------------------------------------------------------------------------
// The numbers
// ---------------------------------------------------------------------------

interface RungFacts {
  readonly report: RungReport;
  readonly periodHours?: number;
  readonly days?: number;
  readonly coldDays?: number;
}

function tierReport(compiled: CompiledTier, inputs: BackupPlanReportInputs): TierReport {
  const tier = compiled.declaration;
  const engines = compiled.engines;
  const zone = tier.timeZone?.timezoneName;
  const notes: string[] = [];
  const names = tier.rungNames;
  const onBackup = engines.includes(TierEngine.AWS_BACKUP);

  const rungs: RungFacts[] = tier.rungs.map((rung, i) => {
    const periodHours = rung.cadence._averagePeriodHours();
    const longest = rung.cadence._maxPeriodHours();
    const days = retentionDays(rung.retention);
    const cold = rung.coldStorageAfter !== undefined && !rung.coldStorageAfter.isUnresolved()
      ? rung.coldStorageAfter.toHours({ integral: false }) / 24 : undefined;
    const points = periodHours !== undefined && days !== undefined ? steadyStatePoints(days, periodHours) : undefined;
    const coldPoints = onBackup && cold !== undefined && cold < (days ?? 0) && periodHours !== undefined
      ? steadyStatePoints(days! - cold, periodHours) : undefined;
    return {
      periodHours,
      days,
      coldDays: cold !== undefined && days !== undefined && cold < days ? cold : undefined,
      report: {
        name: names[i],
        cadence: describeCadence(rung.cadence, zone),
        cadenceExpression: rung.cadence.toString(),
        averagePeriodHours: optRound(periodHours),
        longestGapHours: optRound(longest),
        retention: rung.retention.toString(),
        retentionDays: days,
        restorePoints: optRound(points),
        coldStorageAfterDays: rung.coldStorageAfter !== undefined ? optRound(cold) : undefined,
        coldRestorePoints: optRound(coldPoints),
      },
    };
  });

  const drCopies: DrCopyReport[] = tier.drCopies.map((copy) => {
    const copyDays = copy.retention !== undefined ? retentionDays(copy.retention) : undefined;
    let held: number | undefined = 0;
    for (const rung of rungs) {
      const days = copy.retention !== undefined ? copyDays : rung.days;
      held = held === undefined || days === undefined || rung.periodHours === undefined
        ? undefined : held + steadyStatePoints(days, rung.periodHours);
    }
    return {
      region: copy.region,
      retention: copy.retention !== undefined ? copy.retention.toString() : 'as the source',
      retentionDays: copyDays,
      restorePoints: optRound(held),
    };
  });

  const last = rungs[rungs.length - 1];
  let archive: ArchiveReport | undefined;
  let archivedPoints: number | undefined;
  let archiveDays: number | undefined;
  if (tier.archive !== undefined && last !== undefined) {
    // DLM accepts only an age here: the tier's rungs keep by age
    archiveDays = retentionDays(tier.archive);
    archivedPoints = archiveDays !== undefined && last.periodHours !== undefined ? steadyStatePoints(archiveDays, last.periodHours) : undefined;
    archive = {
      rungName: last.report.name,
      retention: tier.archive.toString(),
      retentionDays: optRound(archiveDays),
      restorePoints: optRound(archivedPoints),
    };
    if (!engines.includes(TierEngine.DLM)) notes.push('The archive applies to DLM only; no DLM policy protects this tier here.');
  }

  const horizon = horizonDays(rungs, drCopies, archiveDays, tier.archive !== undefined);

  // the compiled tier's own facts: the synth-time check reads the same ones
  const rpo: EngineRpoReport[] = compiled.worstCaseRpos.map((r) => {
    const minutes = r.worstCase !== undefined ? r.worstCase.toMinutes({ integral: false }) : undefined;
    return {
      engine: r.engine,
      worstCaseRpoMinutes: optRound(minutes),
      worstCaseRpo: minutes !== undefined ? durationText(minutes / 60) : 'unknown',
      meetsDeclaredRpo: r.meetsRpo,
      objectiveApplies: r.objectiveApplies,
    };
  });
  const meetsDeclaredRpo = compiled.meetsRpo;

  const pitr = tier.pointInTimeRecovery !== undefined && !tier.pointInTimeRecovery.isUnresolved()
    ? tier.pointInTimeRecovery.toHours({ integral: false }) / 24 : undefined;
  if (pitr !== undefined && onBackup) {
    notes.push(`Continuous backup (point-in-time recovery, ${round2(pitr)} days) is not in the estimate.`);
  }

  const estimates: StorageEstimate[] = [];
  const known = rungs.every((r) => r.periodHours !== undefined && r.days !== undefined)
    && drCopies.every((d) => d.restorePoints !== undefined)
    && (tier.archive === undefined || archivedPoints !== undefined);
  if (!known) {
    notes.push('A cadence or retention is a token (unknown at synth), so restore points and the estimate cannot be computed.');
  } else {
    for (const engine of engines) {
      if (engine === TierEngine.AWS_BACKUP_CONTINUOUS) continue;
      estimates.push(estimate(engine, tier, rungs, archivedPoints, inputs));
    }
  }
  if (engines.length === 0) notes.push('No engine protects this tier here (no DLM policy, no AWS Backup plan).');

  return {
    name: tier.name,
    source: compiled.node.scope!.node.path,
    description: tier.description,
    engines,
    backupResourceTypes: compiled.backupResourceTypes,
    rpo,
    declaredRpoMinutes: declaredMinutes(tier.rpo),
    meetsDeclaredRpo,
    declaredRtoMinutes: declaredMinutes(tier.rto),
    fastRestore: engines.includes(TierEngine.DLM) && tier.fastRestore !== undefined,
    pointInTimeRecoveryDays: optRound(pitr),
    retentionHorizonDays: optRound(horizon),
    rungs: rungs.map((r) => r.report),
    drCopies,
    archive,
    estimates,
    notes,
  };
}

function estimate(
  engine: TierEngine, tier: BackupTier, rungs: RungFacts[], archivedPoints: number | undefined, inputs: BackupPlanReportInputs,
): StorageEstimate {
  const dlm = engine === TierEngine.DLM;
  const V = inputs.volumeSizeGb;
  const c = inputs.dailyChangeRateGb;

  // DLM has no cold storage; AWS Backup moves a rung's points to cold storage after coldDays.
  const primary: ChainRung[] = rungs.map((r) => ({
    periodHours: r.periodHours!,
    keptDays: !dlm && r.coldDays !== undefined ? r.coldDays : r.days!,
  }));
  const chain = incrementalChain(primary, V, c);

  const coldPoints = dlm ? 0 : rungs.reduce(
    (sum, r) => sum + (r.coldDays !== undefined ? steadyStatePoints(r.days! - r.coldDays, r.periodHours!) : 0), 0);
  const coldGb = fullCopies(coldPoints, V);
  const archiveGb = dlm && archivedPoints !== undefined ? fullCopies(archivedPoints, V) : 0;

  const drCopies: RegionStorageEstimate[] = tier.drCopies.map((copy) => {
    const copyDays = copy.retention !== undefined ? retentionDays(copy.retention)! : undefined;
    const copies = incrementalChain(rungs.map((r) => ({ periodHours: r.periodHours!, keptDays: copyDays ?? r.days! })), V, c);
    return { region: copy.region, gb: round2(copies.gb) };
  });
  const drCopyGb = tier.drCopies.reduce((sum, _copy, i) => sum + drCopies[i].gb, 0);

  let dsus = 0;
  const fsr = tier._fastRestoreSettings();
  if (dlm && fsr !== undefined && rungs.length > 0) {
    const first = rungs[0];
    const enabled = fsr.retention.isCountBased
      ? fsr.retention._count!
      : Math.ceil(steadyStatePoints(retentionDays(fsr.retention)!, first.periodHours!));
    dsus = enabled * fsr.zones;
  }

  const gbPrice = dlm ? inputs.snapshotPricePerGbMonth : inputs.backupWarmPricePerGbMonth;
  const standardCostUsd = chain.gb * gbPrice;
  const drCopyCostUsd = drCopyGb * gbPrice;
  const archiveCostUsd = archiveGb * inputs.archivePricePerGbMonth;
  const coldCostUsd = coldGb * inputs.backupColdPricePerGbMonth;
  const fastRestoreCostUsd = dsus * HOURS_PER_MONTH * inputs.fastRestorePricePerDsuHour;
  return {
    engine,
    distinctRestorePoints: round2(chain.distinctPoints),
    standardGb: round2(chain.gb),
    drCopies,
    drCopyGb: round2(drCopyGb),
    archiveGb: round2(archiveGb),
    coldGb: round2(coldGb),
    totalGb: round2(chain.gb + drCopyGb + archiveGb + coldGb),
    fastRestoreDsus: dsus,
    standardCostUsd: round2(standardCostUsd),
    drCopyCostUsd: round2(drCopyCostUsd),
    archiveCostUsd: round2(archiveCostUsd),
    coldCostUsd: round2(coldCostUsd),
    fastRestoreCostUsd: round2(fastRestoreCostUsd),
    monthlyCostUsd: round2(standardCostUsd + drCopyCostUsd + archiveCostUsd + coldCostUsd + fastRestoreCostUsd),
  };
}

function horizonDays(rungs: RungFacts[], drCopies: DrCopyReport[], archiveDays: number | undefined, archived: boolean): number | undefined {
  const days: number[] = [];
  for (const r of rungs) {
    if (r.days === undefined) return undefined;
    days.push(r.days);
  }
  for (const d of drCopies) if (d.retentionDays !== undefined) days.push(d.retentionDays);
  if (archived) {
    if (archiveDays === undefined) return undefined;
    days.push(rungs[rungs.length - 1].days! + archiveDays);
  }
  return days.length > 0 ? Math.max(...days) : undefined;
}

/** Days of a retention, calendar units at their longest, as AWS Backup converts them. */
function retentionDays(retention: Retention): number | undefined {
  const days = backupDeleteAfterDays(retention);
  return days === undefined || Token.isUnresolved(days) ? undefined : days;
}

function declaredMinutes(d: { isUnresolved(): boolean; toMinutes(o: { integral: boolean }): number } | undefined): number | undefined {
  return d === undefined || d.isUnresolved() ? undefined : round2(d.toMinutes({ integral: false }));
}

function optRound(n: number | undefined): number | undefined {
  return n === undefined ? undefined : round2(n);
}

/** The cadence in words; the expression itself when no phrase fits. */
function describeCadence(cadence: Cadence, timeZone: string = 'UTC'): string {
  const zone = Token.isUnresolved(timeZone) ? 'in the tier\'s time zone' : timeZone;
  if (cadence.interval !== undefined) {
    if (cadence.interval.isUnresolved()) return cadence.toString();
    const hours = cadence.interval.toHours({ integral: false });
    const from = cadence.startTime !== undefined ? ` from ${cadence.startTime} ${zone}` : '';
    if (hours === 24) return cadence.startTime !== undefined ? `daily at ${cadence.startTime} ${zone}` : 'daily';
    return `${hours === 1 ? 'every hour' : `every ${hours} hours`}${from}`;
  }
  const expr = cadence.cronExpression!;
  if (Token.isUnresolved(expr)) return expr;
  let cron;
  try {
    cron = parseCron(expr);
  } catch {
    return expr;
  }
  const everyMonth = cron.months.length === 12 && cron.fields.split(' ')[5] === '*';
  if (!everyMonth || cron.minutes.length !== 1 || cron.hours.length !== 1) return expr;
  const at = `at ${pad(cron.hours[0])}:${pad(cron.minutes[0])} ${zone}`;
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind === 'any' && dow.kind === 'any') return `daily ${at}`;
  if (dom.kind === 'any' && dow.kind === 'days') {
    if (dow.days.length === 1) return `weekly on ${WEEKDAY_NAMES[dow.days[0] - 1]} ${at}`;
    if (dow.days.join() === '2,3,4,5,6') return `weekdays (Mon-Fri) ${at}`;
    return `on ${dow.days.map((d) => WEEKDAY_NAMES[d - 1]).join(', ')} ${at}`;
  }
  if (dow.kind === 'any' && dom.kind === 'days' && dom.days.length === 1) return `monthly on day ${dom.days[0]} ${at}`;
  if (dow.kind === 'any' && dom.kind === 'last') return `monthly on the last day ${at}`;
  return expr;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The documented defaults of `TierFastRestore` (TieredBackup does not expose the settings it
 * resolved): two Availability Zones, each snapshot enabled for one day.
 */

function assumptions(i: BackupPlanReportInputs): string[] {
  const V = fmt(i.volumeSizeGb);
  const c = fmt(i.dailyChangeRateGb);
  return [
    `ESTIMATE, not a quote: storage and monthly cost for ONE protected resource of ${V} GB whose data changes ${c} GB a day, in steady state (once the longest retention has elapsed).`,
    `Incremental snapshots: the oldest restore point kept holds the full ${V} GB; each later one holds the data changed since the restore point before it — ${c} GB per day between them (pro rata for intervals under a day: ${fmt(round2(i.dailyChangeRateGb / 24))} GB an hour), at most ${V} GB. Daily snapshots kept 7 days store ${V} + 6 × ${c} = ${fmt(incrementalChain([{ periodHours: 24, keptDays: 7 }], i.volumeSizeGb, i.dailyChangeRateGb).gb)} GB, not 7 × ${V}.`,
    'Each day\'s change is assumed to land on blocks not changed since the previous restore point, so the figures are an upper bound for workloads that rewrite the same blocks.',
    'Rungs share one chain: every snapshot of a volume is incremental to the previous snapshot of that volume, whatever rung took it. At each age the most frequent rung still keeping points sets their spacing; a point taken close to a point of another rung adds almost nothing.',
    'Restore points held = retention ÷ average time between runs, from each cadence\'s real firing pattern (weekday and day-of-month rules of crons included). Calendar units take their LONGEST meaning, as AWS Backup\'s DeleteAfterDays does: a week is 7 days, a month 31, a year 366. DLM keeps calendar months and years, so it holds slightly fewer.',
    'DR copies form their own incremental chain in each destination Region (copies of every rung, kept for the copy\'s retention, or the rung\'s when none is given), priced like the primary storage of the engine.',
    `The EBS snapshot archive tier (a tier's archive, DLM) and AWS Backup cold storage hold a FULL snapshot per restore point (${V} GB each); archived snapshots stay there for the archive retention after the rung's own retention.`,
    `Prices in USD: EBS snapshot standard $${i.snapshotPricePerGbMonth} and archive $${i.archivePricePerGbMonth} per GB-month; AWS Backup warm $${i.backupWarmPricePerGbMonth} and cold $${i.backupColdPricePerGbMonth} per GB-month; fast snapshot restore $${i.fastRestorePricePerDsuHour} per DSU-hour (one DSU per snapshot and Availability Zone, ${HOURS_PER_MONTH} hours a month). The defaults are us-east-1 list prices for EBS; pass your Region's, and AWS Backup's rate for the resource type (RDS, Aurora and DynamoDB differ).`,
    'Not included: continuous backup (point-in-time recovery) storage, cross-Region data transfer, restores and archive retrievals, API requests, and the minimum charge of archived or cold points deleted before 90 days.',
    'A tier on two engines (e.g. EC2 on DLM, RDS on AWS Backup) gets one estimate per engine, each for one resource of that size.',
  ];
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

function markdown(report: BackupPlanReport): string {
  const i = report.inputs;
  const out: string[] = [];
  out.push('# Backup plan report', '');
  out.push(`> **Estimate.** Storage and cost figures are estimates for one protected resource of ${fmt(i.volumeSizeGb)} GB changing ${fmt(i.dailyChangeRateGb)} GB a day, not quotes. See [Assumptions](#assumptions).`, '');
  out.push('| Tier | Engines | Worst-case RPO | Declared RPO | Met | Horizon | Restore points held (primary Region) | Estimate, USD/month |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const t of report.tiers) {
    const worst = t.rpo.map((r) => `${engineName(r.engine)}: ${r.worstCaseRpo}`).join('<br>') || '–';
    const held = t.rungs.reduce<number | undefined>(
      (sum, r) => sum === undefined || r.restorePoints === undefined ? undefined : sum + r.restorePoints, 0);
    const cost = t.estimates.map((e) => `${engineName(e.engine)}: ${money(e.monthlyCostUsd)}`).join('<br>') || '–';
    out.push(`| \`${t.name}\` | ${t.engines.map(engineName).join(', ') || 'none'} | ${worst} | ${minutesText(t.declaredRpoMinutes)} | ${verdict(t.meetsDeclaredRpo)} | ${daysText(t.retentionHorizonDays)} | ${held === undefined ? 'unknown' : fmt(round2(held))} | ${cost} |`);
  }
  out.push('');
  for (const t of report.tiers) {
    out.push(`## Tier \`${t.name}\`${t.description ? ` — ${t.description}` : ''}`, '');
    const facts = [
      `Source: \`${t.source}\``,
      `Engines: ${t.engines.map(engineName).join(', ') || 'none'}${t.backupResourceTypes.length > 0 ? ` (AWS Backup for ${t.backupResourceTypes.join(', ')})` : ''}`,
      `Declared RPO: ${minutesText(t.declaredRpoMinutes)}${t.meetsDeclaredRpo === undefined ? '' : t.meetsDeclaredRpo ? ' — met' : ' — NOT met'}${t.rpo.length > 0 ? ` (worst case ${t.rpo.map((r) => `${engineName(r.engine)} ${r.worstCaseRpo}${notHeld(r)}`).join(', ')})` : ''}`,
      `Declared RTO: ${minutesText(t.declaredRtoMinutes)}${t.declaredRtoMinutes !== undefined ? ' (proven only by a restore drill)' : ''}; fast snapshot restore: ${t.fastRestore ? 'yes' : 'no'}`,
      `Retention horizon: ${daysText(t.retentionHorizonDays)}`,
    ];
    if (t.pointInTimeRecoveryDays !== undefined) facts.push(`Point-in-time recovery: ${fmt(t.pointInTimeRecoveryDays)} days (AWS Backup continuous backup)`);
    out.push(...facts.map((f) => `- ${f}`), '');
    out.push('| Rung | Cadence | Kept | Restore points held |', '|---|---|---|---|');
    for (const r of t.rungs) {
      const cold = r.coldStorageAfterDays !== undefined ? `; cold after ${fmt(r.coldStorageAfterDays)} days (${fmt(r.coldRestorePoints ?? 0)} points)` : '';
      out.push(`| ${r.name} | ${r.cadence} | ${keptText(r.retention, r.retentionDays)}${cold} | ${optFmt(r.restorePoints)} |`);
    }
    for (const d of t.drCopies) {
      out.push(`| DR copies → ${d.region} | every rung | ${d.retentionDays !== undefined ? keptText(d.retention, d.retentionDays) : d.retention} | ${optFmt(d.restorePoints)} |`);
    }
    if (t.archive !== undefined) {
      out.push(`| Archive of ${t.archive.rungName} | as the rung | ${keptText(t.archive.retention, t.archive.retentionDays)} in the archive tier, after the rung's retention | ${optFmt(t.archive.restorePoints)} |`);
    }
    out.push('');
    if (t.estimates.length > 0) {
      out.push(`**Estimate** (one resource of ${fmt(i.volumeSizeGb)} GB, ${fmt(i.dailyChangeRateGb)} GB changed a day):`, '');
      out.push('| Engine | Primary GB | DR copies GB | Archive GB | Cold GB | Fast restore DSUs | USD/month |', '|---|---|---|---|---|---|---|');
      for (const e of t.estimates) {
        const dr = e.drCopies.length > 0 ? `${fmt(e.drCopyGb)} (${e.drCopies.map((d) => `${d.region} ${fmt(d.gb)}`).join(', ')})` : '0';
        out.push(`| ${engineName(e.engine)} | ${fmt(e.standardGb)} | ${dr} | ${fmt(e.archiveGb)} | ${fmt(e.coldGb)} | ${e.fastRestoreDsus} | ${money(e.monthlyCostUsd)} |`);
      }
      out.push('');
      for (const e of t.estimates.filter((x) => x.fastRestoreCostUsd > 0)) {
        out.push(`Of which fast snapshot restore (${engineName(e.engine)}): ${money(e.fastRestoreCostUsd)} a month — ${e.fastRestoreDsus} snapshot × Availability Zone pairs enabled at any time.`, '');
      }
    }
    for (const n of t.notes) out.push(`_Note: ${n}_`, '');
  }
  out.push('## Assumptions', '');
  out.push(...report.assumptions.map((a) => `- ${a}`), '');
  return out.join('\n');
}

function engineName(engine: TierEngine): string {
  switch (engine) {
    case TierEngine.DLM: return 'DLM';
    case TierEngine.AWS_BACKUP: return 'AWS Backup';
    case TierEngine.AWS_BACKUP_CONTINUOUS: return 'AWS Backup continuous';
    default: return String(engine);
  }
}

/** Why the declared RPO is not held against an engine the tier uses. */
function notHeld(r: EngineRpoReport): string {
  if (r.objectiveApplies) return '';
  return r.engine === TierEngine.AWS_BACKUP_CONTINUOUS
    ? ' (not held: not every resource on AWS Backup has continuous backup)'
    : ' (not held: every resource on AWS Backup has continuous backup)';
}

function verdict(v: boolean | undefined): string {
  return v === undefined ? '–' : v ? 'yes' : '**no**';
}

function minutesText(m: number | undefined): string {
  return m === undefined ? 'none' : durationText(m / 60);
}

function daysText(d: number | undefined): string {
  return d === undefined ? 'unknown' : `${fmt(d)} day${d === 1 ? '' : 's'}`;
}

/** "4 weeks (28 days)", "7 days" (no repetition when the unit is days). */
function keptText(declared: string, days: number | undefined): string {
  const inDays = daysText(days);
  return declared === inDays ? declared : `${declared} (${inDays})`;
}

function optFmt(n: number | undefined): string {
  return n === undefined ? 'unknown' : fmt(n);
}

function money(n: number): string {
  const [int, frac] = round2(n).toFixed(2).split('.');
  return `$${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as { [key: string]: unknown })[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
