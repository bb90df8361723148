/**
 * BackupPlanReport: restore points, RPO, horizon, DR copies, archive, the incremental-snapshot
 * estimate (the reference strategy's 100 GB / 5 GB-a-day case), JSON/Markdown, and the files
 * written next to the cloud assembly at synth.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Lazy, Stack, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { buildExample } from '../../examples/tiered-backup';
import { BackupEngine, BackupPlanReport, BackupTier, Cadence, IReportSectionSource, ReportSection, ReportSections, Retention, TieredBackup, TierFeature, TierReport, Weekday } from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'ap-south-1' };
const HOURS_PER_YEAR = 365 * 24;

/** Firings a year of a weekly cron, counted independently: Sundays of 2030-2037 per 365 days. */
function weeklyFiringsPerYear(): number {
  let sundays = 0;
  let days = 0;
  for (let t = Date.UTC(2030, 0, 1); t < Date.UTC(2038, 0, 1); t += 86_400_000) {
    days++;
    if (new Date(t).getUTCDay() === 0) sundays++;
  }
  return sundays * 365 / days;
}

/** Firings a year of a monthly cron: 12 a calendar year, per 365 days (2030-2037 has two leap days). */
function monthlyFiringsPerYear(): number {
  return 12 * 8 * 365 / ((Date.UTC(2038, 0, 1) - Date.UTC(2030, 0, 1)) / 86_400_000);
}

/** Weekdays (Monday-Friday) a year, counted the same way. */
function weekdayFiringsPerYear(): number {
  let weekdays = 0;
  let days = 0;
  for (let t = Date.UTC(2030, 0, 1); t < Date.UTC(2038, 0, 1); t += 86_400_000) {
    days++;
    const d = new Date(t).getUTCDay();
    if (d >= 1 && d <= 5) weekdays++;
  }
  return weekdays * 365 / days;
}

function stackWith(tiers: BackupTier[], extra: { ebsEngine?: BackupEngine } = {}): { stack: Stack; tiered: TieredBackup } {
  const stack = new Stack(testApp(), 'Stack', { env: ENV });
  const tiered = new TieredBackup(stack, 'Tiers', { tiers, ...extra });
  return { stack, tiered };
}

function tierOf(report: BackupPlanReport, name: string): TierReport {
  const tier = report.tiers.find((t) => t.name === name);
  if (!tier) throw new Error(`no tier ${name}`);
  return tier;
}

function dailyTier(name: string, keepDays: number): BackupTier {
  return new BackupTier({ name, rungs: [{ cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.age(Duration.days(keepDays)) }] });
}

describe('the reference strategy\'s incremental-snapshot case', () => {
  test('a 100 GB volume changing 5 GB a day, daily snapshots kept 7 days, stores ~130 GB, not 700 GB', () => {
    // GIVEN
    const { tiered } = stackWith([dailyTier('ref', 7)]);

    // WHEN
    const tier = BackupPlanReport.of(tiered, { volumeSizeGb: 100, dailyChangeRateGb: 5 }).tiers[0];

    // THEN
    expect(tier.rungs[0].restorePoints).toBe(7);
    const e = tier.estimates[0];
    expect(e.engine).toBe(BackupEngine.DLM);
    expect(e.standardGb).toBeCloseTo(100 + 6 * 5, 6);
    expect(e.standardGb).toBeLessThan(7 * 100 / 5);
    expect(e.monthlyCostUsd).toBeCloseTo(130 * 0.05, 6);
  });

  test('the defaults are that case: 100 GB, 5 GB a day, $0.05 and $0.0125 per GB-month', () => {
    const { tiered } = stackWith([BackupTier.development()]);
    const report = BackupPlanReport.of(tiered);
    expect(report.inputs).toEqual({
      volumeSizeGb: 100,
      dailyChangeRateGb: 5,
      snapshotPricePerGbMonth: 0.05,
      archivePricePerGbMonth: 0.0125,
      backupWarmPricePerGbMonth: 0.05,
      backupColdPricePerGbMonth: 0.0125,
      fastRestorePricePerDsuHour: 0.75,
    });
    expect(report.tiers[0].estimates[0].standardGb).toBeCloseTo(130, 6);
  });

  test('the estimate scales with the inputs: full + (points - 1) x change', () => {
    const { tiered } = stackWith([dailyTier('ref', 10)]);
    const e = BackupPlanReport.of(tiered, { volumeSizeGb: 500, dailyChangeRateGb: 20, snapshotPricePerGbMonth: 0.1 }).tiers[0].estimates[0];
    expect(e.standardGb).toBeCloseTo(500 + 9 * 20, 6);
    expect(e.monthlyCostUsd).toBeCloseTo((500 + 9 * 20) * 0.1, 6);
  });

  test('intervals under a day change pro rata: 4-hourly kept 1 day stores full + 5 x (5 GB x 4/24)', () => {
    const { tiered } = stackWith([new BackupTier({ name: 'hourly', rungs: [{ cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(1)) }] })]);
    const tier = BackupPlanReport.of(tiered).tiers[0];
    expect(tier.rungs[0].restorePoints).toBe(6);
    expect(tier.estimates[0].standardGb).toBeCloseTo(100 + 5 * (5 * 4 / 24), 2);
  });

  test('the change between two points is capped at the volume size', () => {
    // monthly points 30.42 days apart would change 152 GB of a 100 GB volume: each stores 100 GB
    const { tiered } = stackWith([new BackupTier({ name: 'monthly', rungs: [{ cadence: Cadence.monthly(1), retention: Retention.months(12) }] })]);
    const tier = BackupPlanReport.of(tiered).tiers[0];
    const points = 372 * monthlyFiringsPerYear() / 365;
    expect(tier.rungs[0].restorePoints).toBeCloseTo(points, 2);
    expect(tier.estimates[0].standardGb).toBeCloseTo(points * 100, 1);
  });

  test('rungs share one chain: a daily rung under a 4-hourly one adds change only beyond the 4-hourly retention', () => {
    // 4-hourly for 2 days, dailies for 10 days: 12 points 4 h apart, then 8 points a day apart
    const { tiered } = stackWith([new BackupTier({
      name: 'ladder',
      rungs: [
        { cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(2)) },
        { cadence: Cadence.daily(), retention: Retention.age(Duration.days(10)) },
      ],
    })]);
    const e = BackupPlanReport.of(tiered).tiers[0].estimates[0];
    expect(e.distinctRestorePoints).toBeCloseTo(12 + 8, 6);
    expect(e.standardGb).toBeCloseTo(100 + 12 * (5 * 4 / 24) + 8 * 5 - 5, 2);
  });
});

describe('the presets', () => {
  const { tiered } = stackWith([
    BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging(),
  ]);
  const report = BackupPlanReport.of(tiered);
  const weekly = weeklyFiringsPerYear();

  test('critical: 42 four-hourlies, 28 dailies, 12 months (372 days) of weeklies; RPO 5 h on DLM; horizon 372 days', () => {
    const t = tierOf(report, 'critical');
    expect(t.rungs.map((r) => r.name)).toEqual(['Every4Hours', 'Daily', 'Weekly']);
    expect(t.rungs.map((r) => r.retentionDays)).toEqual([7, 28, 372]);
    expect(t.rungs[0].restorePoints).toBe(7 * 24 / 4);
    expect(t.rungs[1].restorePoints).toBe(28);
    expect(t.rungs[2].restorePoints).toBeCloseTo(372 * weekly / 365, 2);
    expect(t.rpo).toEqual([{ engine: BackupEngine.DLM, worstCaseRpoMinutes: (4 + 1) * 60, worstCaseRpo: '5 hours', meetsDeclaredRpo: true, objectiveApplies: true }]);
    expect(t.declaredRpoMinutes).toBe(300);
    expect(t.declaredRtoMinutes).toBe(15);
    expect(t.meetsDeclaredRpo).toBe(true);
    expect(t.retentionHorizonDays).toBe(372);
    expect(t.retentionHorizonDays).toBe(tiered.tier('critical').declaration.retentionHorizonDays());
  });

  test('critical: DR copies of every rung to the DR Region, kept 4 weeks', () => {
    const t = tierOf(report, 'critical');
    expect(t.drCopies).toHaveLength(1);
    expect(t.drCopies[0].region).toBe('ap-southeast-1');
    expect(t.drCopies[0].retentionDays).toBe(28);
    expect(t.drCopies[0].restorePoints).toBeCloseTo(28 * 24 / 4 + 28 + 28 * weekly / 365, 2);
    // one chain in the DR Region, spaced by the 4-hourly copies
    const e = t.estimates[0];
    expect(e.drCopies).toEqual([{ region: 'ap-southeast-1', gb: e.drCopyGb }]);
    expect(e.drCopyGb).toBeCloseTo(100 + (28 * 6 - 1) * (5 * 4 / 24), 1);
  });

  test('critical: fast snapshot restore of the newest snapshot in two AZs is 2 DSUs around the clock', () => {
    const e = tierOf(report, 'critical').estimates[0];
    expect(e.fastRestoreDsus).toBe(1 * 2);
    expect(e.fastRestoreCostUsd).toBeCloseTo(2 * 730 * 0.75, 6);
    expect(e.monthlyCostUsd).toBeCloseTo(e.fastRestoreCostUsd + (e.standardGb + e.drCopyGb) * 0.05, 1);
  });

  test('database: 12 two-hourlies, 30 dailies, 2 years (732 days) of monthlies; RPO 3 h; horizon 732 days; DR copies to eu-west-1', () => {
    const t = tierOf(report, 'database');
    expect(t.rungs.map((r) => r.restorePoints)).toEqual([12, 30, Math.round(732 * monthlyFiringsPerYear() / 365 * 100) / 100]);
    expect(t.rungs[2].cadence).toBe('monthly on day 1 at 03:00 UTC');
    expect(t.rpo[0]).toMatchObject({ engine: BackupEngine.DLM, worstCaseRpoMinutes: 180 });
    expect(t.meetsDeclaredRpo).toBe(true);
    expect(t.retentionHorizonDays).toBe(732);
    expect(t.pointInTimeRecoveryDays).toBe(7);
    expect(t.drCopies[0]).toMatchObject({ region: 'eu-west-1', retentionDays: 30 });
    expect(t.drCopies[0].restorePoints).toBeCloseTo(30 * 12 + 30 + 30 * monthlyFiringsPerYear() / 365, 2);
  });

  test('development: 7 dailies, RPO 25 h, horizon 7 days, 130 GB', () => {
    const t = tierOf(report, 'development');
    expect(t.rungs[0]).toMatchObject({ name: 'Daily', cadence: 'daily at 02:00 UTC', retentionDays: 7, restorePoints: 7 });
    expect(t.rpo[0].worstCaseRpoMinutes).toBe(25 * 60);
    expect(t.retentionHorizonDays).toBe(7);
    expect(t.drCopies).toEqual([]);
    expect(t.estimates[0].standardGb).toBeCloseTo(130, 6);
  });

  test('staging: 4 weeklies, worst case 7 days 1 hour within the declared 8 days, horizon 28 days', () => {
    const t = tierOf(report, 'staging');
    expect(t.rungs[0].cadence).toBe('weekly on Sunday at 03:00 UTC');
    expect(t.rungs[0].restorePoints).toBeCloseTo(28 * weekly / 365, 2);
    expect(t.rpo[0]).toMatchObject({ worstCaseRpoMinutes: (7 * 24 + 1) * 60, worstCaseRpo: '7 days 1 hour', meetsDeclaredRpo: true });
    expect(t.retentionHorizonDays).toBe(28);
    // 4 weeklies: full + 3 x a week of change
    expect(t.estimates[0].standardGb).toBeCloseTo(100 + (28 * weekly / 365 - 1) * Math.min(100, 5 * 365 / weekly), 1);
  });
});

describe('restore points follow the cadence\'s real firing pattern', () => {
  test('a weekday-only cron kept 4 weeks holds 20 points, not 28', () => {
    const { tiered } = stackWith([new BackupTier({
      name: 'weekdays',
      rungs: [{ cadence: Cadence.cron({ minute: '0', hour: '1', weekDay: 'MON-FRI' }), retention: Retention.weeks(4) }],
      rpo: Duration.hours(80),
    })]);
    const rung = BackupPlanReport.of(tiered).tiers[0].rungs[0];
    expect(rung.cadence).toBe('weekdays (Mon-Fri) at 01:00 UTC');
    expect(rung.restorePoints).toBeCloseTo(28 * weekdayFiringsPerYear() / 365, 2);
    expect(rung.restorePoints).toBeCloseTo(20, 0);
    expect(rung.longestGapHours).toBe(72);
    expect(rung.averagePeriodHours).toBeCloseTo(HOURS_PER_YEAR / weekdayFiringsPerYear(), 2);
  });

  test('calendar units take their longest meaning, as AWS Backup\'s DeleteAfterDays: 12 months = 372 days, 1 year = 366', () => {
    const { tiered } = stackWith([new BackupTier({
      name: 'calendar',
      rungs: [
        { cadence: Cadence.weekly(Weekday.MONDAY), retention: Retention.months(12) },
        { cadence: Cadence.monthly(2), retention: Retention.years(3) },
      ],
    })]);
    const tier = BackupPlanReport.of(tiered).tiers[0];
    expect(tier.rungs.map((r) => r.retentionDays)).toEqual([372, 3 * 366]);
    expect(tier.retentionHorizonDays).toBe(3 * 366);
    expect(BackupPlanReport.of(tiered).assumptions.join('\n')).toMatch(/LONGEST meaning.*a month 31, a year 366/);
  });
});

describe('archive, cold storage and tokens', () => {
  test('an archived monthly rung: full snapshots in the archive tier for the archive retention, after the rung\'s', () => {
    // GIVEN dailies for 30 days, monthlies for 3 months, then 1 year in the archive tier
    const { tiered } = stackWith([new BackupTier({
      name: 'archived',
      rungs: [
        { cadence: Cadence.daily(), retention: Retention.age(Duration.days(30)) },
        { cadence: Cadence.monthly(1), retention: Retention.months(3) },
      ],
      archive: Retention.years(1),
    })]);

    // WHEN
    const tier = BackupPlanReport.of(tiered).tiers[0];

    // THEN
    const archived = 366 * monthlyFiringsPerYear() / 365;
    expect(tier.archive).toMatchObject({ rungName: 'Monthly', retentionDays: 366 });
    expect(tier.archive!.restorePoints).toBeCloseTo(archived, 2);
    expect(tier.retentionHorizonDays).toBe(93 + 366);
    const e = tier.estimates[0];
    expect(e.archiveGb).toBeCloseTo(archived * 100, 0);
    expect(e.archiveCostUsd).toBeCloseTo(archived * 100 * 0.0125, 1);
  });

  test('AWS Backup cold storage: warm chain until coldStorageAfter, then full copies priced cold', () => {
    // GIVEN EBS on AWS Backup, dailies kept 120 days, cold after 10
    const { tiered } = stackWith([new BackupTier({
      name: 'cold',
      rungs: [{ cadence: Cadence.daily(), retention: Retention.age(Duration.days(120)), coldStorageAfter: Duration.days(10) }],
    })], { ebsEngine: BackupEngine.AWS_BACKUP });

    // WHEN
    const tier = BackupPlanReport.of(tiered).tiers[0];

    // THEN
    expect(tier.engines).toEqual([BackupEngine.AWS_BACKUP]);
    expect(tier.rungs[0]).toMatchObject({ restorePoints: 120, coldStorageAfterDays: 10, coldRestorePoints: 110 });
    const e = tier.estimates[0];
    expect(e.standardGb).toBeCloseTo(100 + 9 * 5, 6);
    expect(e.coldGb).toBeCloseTo(110 * 100, 6);
    expect(e.monthlyCostUsd).toBeCloseTo(145 * 0.05 + 11000 * 0.0125, 6);
  });

  test('a retention known only at deployment: no counts, no estimate, a note says why', () => {
    const { tiered } = stackWith([new BackupTier({
      name: 'token',
      rungs: [{ cadence: Cadence.daily(), retention: Retention.age(Duration.days(Lazy.number({ produce: () => 7 }))) }],
    })]);
    const tier = BackupPlanReport.of(tiered).tiers[0];
    expect(tier.rungs[0].restorePoints).toBeUndefined();
    expect(tier.retentionHorizonDays).toBeUndefined();
    expect(tier.estimates).toEqual([]);
    expect(tier.notes.join(' ')).toMatch(/token/);
  });

  test('the report reads the compiled tier: the AWS Backup start window counts, as in the synth check', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.development()],
      ebsEngine: BackupEngine.AWS_BACKUP,
      backupStartWindow: Duration.hours(8),
      backupCompletionWindow: Duration.hours(12),
    });
    const t = BackupPlanReport.of(tiered).tiers[0];
    expect(t.rpo[0]).toMatchObject({ engine: BackupEngine.AWS_BACKUP, worstCaseRpoMinutes: 32 * 60, meetsDeclaredRpo: false });
    expect(t.meetsDeclaredRpo).toBe(false);
    expect(() => synth(stack)).toThrow(/tier `development`: `rpo` cannot be met: .* gives at worst 32 hours/);
  });

  test('fast restore is reported only where the tier has DLM policies; an RPO not held is marked', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiered = new TieredBackup(stack, 'Tiers', {
      tiers: [
        BackupTier.critical('ap-southeast-1', { without: [TierFeature.DR_COPIES] }),
        BackupTier.database('eu-west-1', { name: 'pitr', rpo: Duration.minutes(5), without: [TierFeature.DR_COPIES] }),
      ],
      protectEbs: false,
    });
    tiered.tier('pitr').assignArn('arn:aws:rds:ap-south-1:111111111111:db:orders');
    const report = BackupPlanReport.of(tiered);
    expect(tierOf(report, 'critical').fastRestore).toBe(false);
    expect(tierOf(report, 'pitr').meetsDeclaredRpo).toBe(true);
    expect(report.toMarkdown()).toContain('Declared RPO: 5 minutes — met (worst case AWS Backup 3 hours (not held: every resource on AWS Backup has continuous backup), AWS Backup continuous 5 minutes)');
  });

  test('a declared RPO shorter than the worst case is reported as not met', () => {
    // DLM validation would fail synth; the report is what a user reads before
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development({ rpo: Duration.hours(24) })] });
    const t = BackupPlanReport.of(tiered).tiers[0];
    expect(t.rpo[0].meetsDeclaredRpo).toBe(false);
    expect(t.meetsDeclaredRpo).toBe(false);
    expect(BackupPlanReport.of(tiered).toMarkdown()).toMatch(/Declared RPO: 24 hours — NOT met/);
  });

  test('inputs are checked', () => {
    const { tiered } = stackWith([BackupTier.development()]);
    expect(() => BackupPlanReport.of(tiered, { volumeSizeGb: 0 })).toThrow(/`volumeSizeGb` must be greater than 0, got 0/);
    expect(() => BackupPlanReport.of(tiered, { dailyChangeRateGb: -1 })).toThrow(/`dailyChangeRateGb` must be a number at least 0.*got -1/);
  });
});

describe('rendering', () => {
  const { tiered } = stackWith([BackupTier.critical('ap-southeast-1'), BackupTier.development()]);
  const report = BackupPlanReport.of(tiered);

  test('JSON: parseable, keys sorted at every level, labelled an estimate, stable', () => {
    const json = report.toJson();
    expect(json).toBe(BackupPlanReport.of(tiered).toJson());
    expect(json.endsWith('}\n')).toBe(true);
    const data = JSON.parse(json);
    const check = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(check);
      if (v !== null && typeof v === 'object') {
        const keys = Object.keys(v);
        expect(keys).toEqual([...keys].sort());
        keys.forEach((k) => check((v as any)[k]));
      }
    };
    check(data);
    expect(data.estimate).toMatch(/ESTIMATES/);
    expect(data.tiers.map((t: any) => t.name)).toEqual(['critical', 'development']);
    expect(data.tiers[1].estimates[0].standardGb).toBe(130);
    expect(data.assumptions.length).toBeGreaterThan(5);
  });

  test('Markdown: a summary, a table per tier with every rung and DR copy, the estimate label and the assumptions', () => {
    const md = report.toMarkdown();
    expect(md).toMatch(/^# Backup plan report\n/);
    expect(md).toMatch(/> \*\*Estimate\.\*\* Storage and cost figures are estimates/);
    expect(md).toContain('| `critical` | DLM | DLM: 5 hours | 5 hours | yes | 372 days |');
    expect(md).toContain('## Tier `critical` — Critical production systems');
    expect(md).toContain('| Every4Hours | every 4 hours | 7 days | 42 |');
    expect(md).toContain('| Daily | daily at 01:00 UTC | 4 weeks (28 days) | 28 |');
    expect(md).toMatch(/\| Weekly \| weekly on Sunday at 02:00 UTC \| 12 months \(372 days\) \| 53\.\d+ \|/);
    expect(md).toContain('| DR copies → ap-southeast-1 | every rung | 4 weeks (28 days) | 200 |');
    expect(md).toContain('| DLM | 130 | 0 | 0 | 0 | 0 | $6.50 |');
    expect(md).toMatch(/Of which fast snapshot restore \(DLM\): \$1,095\.00 a month/);
    expect(md).toMatch(/## Assumptions\n\n- ESTIMATE, not a quote/);
    expect(md).toContain('100 + 6 × 5 = 130 GB, not 7 × 100');
  });

  test('writeTo writes the JSON, the Markdown and the timeline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    try {
      const written = report.writeTo(path.join(dir, 'nested'));
      expect(written.map((f) => path.basename(f))).toEqual(['backup-plan-report.json', 'backup-plan-report.md', 'backup-plan-timeline.svg']);
      expect(fs.readFileSync(written[0], 'utf8')).toBe(report.toJson());
      expect(fs.readFileSync(written[1], 'utf8')).toBe(report.toMarkdown());
      expect(fs.readFileSync(written[2], 'utf8')).toBe(report.toSvg());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the app', () => {
  test('forApp merges every TieredBackup of the app, ordered by construct path', () => {
    const app = testApp();
    const b = new Stack(app, 'B', { env: ENV });
    const a = new Stack(app, 'A', { env: ENV });
    new TieredBackup(b, 'Tiers', { tiers: [BackupTier.staging()] });
    new TieredBackup(a, 'Tiers', { tiers: [BackupTier.development(), BackupTier.staging()] });
    const report = BackupPlanReport.forApp(b);
    expect(report.tiers.map((t) => `${t.source}:${t.name}`)).toEqual(['A/Tiers:development', 'A/Tiers:staging', 'B/Tiers:staging']);
  });

  test('attach() writes backup-plan-report.json and .md next to the cloud assembly at synth', () => {
    // GIVEN the example app (which attaches the report itself), with other options attached last
    const app = testApp();
    const stack = buildExample(app);
    BackupPlanReport.attach(app, { volumeSizeGb: 200 });

    // WHEN
    synth(stack);

    // THEN
    const expected = BackupPlanReport.forApp(app, { volumeSizeGb: 200 });
    expect(fs.readFileSync(path.join(app.outdir, 'backup-plan-report.json'), 'utf8')).toBe(expected.toJson());
    expect(fs.readFileSync(path.join(app.outdir, 'backup-plan-report.md'), 'utf8')).toBe(expected.toMarkdown());
    expect(fs.readFileSync(path.join(app.outdir, 'backup-plan-timeline.svg'), 'utf8')).toBe(expected.toSvg());
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'backup-plan-report.json'), 'utf8'));
    expect(json.inputs.volumeSizeGb).toBe(200);
    expect(json.tiers.map((t: any) => t.name)).toEqual(['critical', 'database', 'development', 'staging']);
    // the RDS database put the database tier on AWS Backup too
    expect(json.tiers[1].engines).toEqual(['DLM', 'AWS_BACKUP', 'AWS_BACKUP_CONTINUOUS']);
    expect(json.tiers[1].backupResourceTypes).toEqual(['AWS::RDS::DBInstance']);
  });

  test('attach() twice keeps one writer with the last options; a Stage gets its own report', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'attach-')) });
    try {
      // GIVEN a tier in the app and one in a nested Stage
      BackupPlanReport.attach(app);
      BackupPlanReport.attach(app, { dailyChangeRateGb: 1 });
      new TieredBackup(new Stack(app, 'S', { env: ENV }), 'Tiers', { tiers: [BackupTier.development()] });
      const stage = new Stage(app, 'Prod');
      const stageStack = new Stack(stage, 'S', { env: ENV });
      new TieredBackup(stageStack, 'Tiers', { tiers: [BackupTier.staging()] });
      BackupPlanReport.attach(stageStack);

      // WHEN
      const assembly = app.synth();

      // THEN
      const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'backup-plan-report.json'), 'utf8'));
      expect(json.inputs.dailyChangeRateGb).toBe(1);
      expect(json.tiers.map((t: any) => t.name)).toEqual(['development']);
      expect(json.tiers[0].estimates[0].standardGb).toBe(100 + 6 * 1);
      expect(app.node.children.filter((c) => c.node.id === 'BackupPlanReport')).toHaveLength(1);
      const staged = JSON.parse(fs.readFileSync(path.join(stage.outdir, 'backup-plan-report.json'), 'utf8'));
      expect(staged.tiers.map((t: any) => `${t.source}:${t.name}`)).toEqual(['Prod/S/Tiers:staging']);
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('sections contributed by other constructs', () => {
  class Watch extends Construct implements IReportSectionSource {
    public readonly rows: { tier: string; cells: string[] }[] = [];
    public constructor(scope: Construct, id: string, private readonly title: string) {
      super(scope, id);
      ReportSections.register(this);
    }
    public reportSections(): ReportSection[] {
      return [{ title: this.title, description: 'What watches each tier.', columns: ['Alarm', 'Threshold'], rows: this.rows }];
    }
  }

  test('a registered source adds a titled table to the Markdown and a `sections` entry to the JSON, as of render time', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    const watch = new Watch(stack, 'Watch', 'Monitoring');
    watch.rows.push({ tier: 'development', cells: ['missed backup', 'none in 25 h | 1 period\nper day'] });

    // WHEN
    const report = BackupPlanReport.of(tiers);

    // THEN
    expect(report.sections).toEqual([{ title: 'Monitoring', description: 'What watches each tier.', columns: ['Alarm', 'Threshold'], rows: watch.rows }]);
    const md = report.toMarkdown();
    expect(md).toContain([
      '## Monitoring', '', 'What watches each tier.', '',
      '| Tier | Alarm | Threshold |', '|---|---|---|',
      '| `development` | missed backup | none in 25 h \\| 1 period<br>per day |', '', '## Assumptions',
    ].join('\n'));
    expect(JSON.parse(report.toJson()).sections[0].rows[0].cells[0]).toBe('missed backup');
  });

  test('sources are ordered by construct path; a section with no rows says so; stages keep their own', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    new Watch(stack, 'Z', 'Zeta');
    new Watch(stack, 'A', 'Alpha');
    const stage = new Stage(app, 'Prod');
    new Watch(new Stack(stage, 'T', { env: ENV }), 'W', 'Staged');

    expect(BackupPlanReport.of(tiers).sections.map((s) => s.title)).toEqual(['Alpha', 'Zeta']);
    expect(BackupPlanReport.forApp(app).sections.map((s) => s.title)).toEqual(['Staged', 'Alpha', 'Zeta']);
    expect(BackupPlanReport.of(tiers).toMarkdown()).toContain('## Alpha\n\nWhat watches each tier.\n\n_None._\n');
  });

  test('a row whose cells do not match the columns is refused, naming the source, section and tier', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: ENV });
    const tiers = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development()] });
    new Watch(stack, 'Watch', 'Monitoring').rows.push({ tier: 'development', cells: ['only one'] });
    expect(() => BackupPlanReport.of(tiers)).toThrow('S/Watch: report section `Monitoring` has 2 column(s) but its row for tier `development` has 1 cell(s), got [only one]');
  });
});
