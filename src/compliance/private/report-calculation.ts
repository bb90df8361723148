/**
 * The plan report's numbers: per tier the worst-case RPO per engine, restore points held in
 * steady state, DR copies, archive, retention horizon and the storage and cost estimate, all
 * computed from the tiers' value objects (never from templates). NOT exported from the package.
 */
import { Token } from 'aws-cdk-lib';
import { ChainRung, durationText, fmt, fullCopies, HOURS_PER_MONTH, incrementalChain, round2, steadyStatePoints } from './cost';
import { backupDeleteAfterDays } from '../../backup/private/render';
import { Cadence } from '../../common/cadence';
import { parseCron } from '../../common/private/cron';
import { Retention } from '../../common/retention';
import { CompiledTier } from '../../tiers/compiled-tier';
import { BackupEngine } from '../../tiers/engines';
import { BackupTier } from '../../tiers/tier';
import {
  ArchiveReport, BackupPlanReportInputs, BackupPlanReportOptions, DrCopyReport, EngineRpoReport, RegionStorageEstimate, RungReport,
  StorageEstimate, TierReport,
} from '../report-model';

export const REPORT_DEFAULTS: BackupPlanReportInputs = {
  volumeSizeGb: 100,
  dailyChangeRateGb: 5,
  snapshotPricePerGbMonth: 0.05,
  archivePricePerGbMonth: 0.0125,
  backupWarmPricePerGbMonth: 0.05,
  backupColdPricePerGbMonth: 0.0125,
  fastRestorePricePerDsuHour: 0.75,
};

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The inputs of the estimate with every default filled in; throws on a token or a negative number. */
export function resolveInputs(options: BackupPlanReportOptions): BackupPlanReportInputs {
  const resolved: { [key: string]: number } = {};
  for (const key of Object.keys(REPORT_DEFAULTS) as (keyof BackupPlanReportInputs)[]) {
    const value = options[key] ?? REPORT_DEFAULTS[key];
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

interface RungFacts {
  readonly report: RungReport;
  readonly periodHours?: number;
  readonly days?: number;
  readonly coldDays?: number;
}

/** Everything the report says about one compiled tier. */
export function tierReport(compiled: CompiledTier, inputs: BackupPlanReportInputs): TierReport {
  const tier = compiled.declaration;
  const engines = compiled.engines;
  const zone = tier.timeZone?.timezoneName;
  const notes: string[] = [];
  const names = tier.rungNames;
  const onBackup = engines.includes(BackupEngine.AWS_BACKUP);

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
    if (!engines.includes(BackupEngine.DLM)) notes.push('The archive applies to DLM only; no DLM policy protects this tier here.');
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
      if (engine === BackupEngine.AWS_BACKUP_CONTINUOUS) continue;
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
    fastRestore: engines.includes(BackupEngine.DLM) && tier.fastRestore !== undefined,
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
  engine: BackupEngine, tier: BackupTier, rungs: RungFacts[], archivedPoints: number | undefined, inputs: BackupPlanReportInputs,
): StorageEstimate {
  const dlm = engine === BackupEngine.DLM;
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

/** The assumptions of the estimate and of the restore point counts, in words. */
export function assumptions(i: BackupPlanReportInputs): string[] {
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
