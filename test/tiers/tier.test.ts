/**
 * BackupTier: the presets against the reference strategy's tier table, the honest objectives
 * (worst-case RPO, retention horizon), overrides, and every tier rule's error.
 */
import { Duration, Lazy, Stack, TimeZone } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  BackupEngine, BackupPlanReport, BackupRung, BackupTier, BackupTierProps, Cadence, ConsistentBackupHook,
  Quiescer, Retention, TieredBackup, TierFeature, Weekday,
} from '../../src';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

function rung(cadence: Cadence, retention: Retention, name?: string): BackupRung {
  return { cadence, retention, name };
}

function tier(overrides: Partial<BackupTierProps> = {}): BackupTier {
  return new BackupTier({
    name: 'gold',
    rungs: [rung(Cadence.every(Duration.hours(4)), Retention.age(Duration.days(7)))],
    ...overrides,
  });
}

/** Compiles `t` in a fresh stack and returns what constructing (and synthesizing) it throws. */
function compile(t: BackupTier): void {
  const stack = newStack();
  new TieredBackup(stack, 'Tiers', { tiers: [t] });
  synth(stack);
}

function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

describe('presets follow the reference tier table', () => {
  test('critical: every 4 h keep 7 days, 4 weeks of dailies, 12 months of weeklies, DR copy, FSR, RTO 15 min', () => {
    const t = BackupTier.critical('ap-southeast-1');
    expect(t.name).toBe('critical');
    expect(t.rungs.map((r) => [r.cadence.toString(), r.retention.toString()])).toEqual([
      ['every 4 hours', '7 days'],
      ['every 24 hours from 01:00 UTC', '4 weeks'],
      ['cron(0 2 ? * SUN *)', '12 months'],
    ]);
    expect(t.drCopies.map((c) => [c.region, c.retention?.toString()])).toEqual([['ap-southeast-1', '4 weeks']]);
    expect(t.fastRestore).toBeDefined();
    expect(t.rto?.toMinutes()).toBe(15);
    expect(t.rpo?.toHours()).toBe(5);
    expect(t.worstCaseRpo(BackupEngine.DLM)?.toHours()).toBe(5);
  });

  test('database: every 2 h keep 24 h, 30 days of dailies, 2 years of monthlies, DR copy, PITR, RTO 30 min', () => {
    const t = BackupTier.database('eu-west-1');
    expect(t.rungs.map((r) => [r.cadence.toString(), r.retention.toString()])).toEqual([
      ['every 2 hours', '1 day'],
      ['every 24 hours from 00:30 UTC', '30 days'],
      ['cron(0 3 1 * ? *)', '2 years'],
    ]);
    expect(t.drCopies.map((c) => c.region)).toEqual(['eu-west-1']);
    expect(t.pointInTimeRecovery?.toDays()).toBe(7);
    expect(t.worstCaseRpo(BackupEngine.AWS_BACKUP_CONTINUOUS)?.toMinutes()).toBe(5);
    expect(t.worstCaseRpo(BackupEngine.DLM)?.toHours()).toBe(3);
    expect(t.rto?.toMinutes()).toBe(30);
  });

  test('development: daily at 02:00, keep 7 days, no DR copy', () => {
    const t = BackupTier.development();
    expect(t.rungs.map((r) => [r.cadence.toString(), r.retention.toString()])).toEqual([['every 24 hours from 02:00 UTC', '7 days']]);
    expect(t.drCopies).toEqual([]);
    expect(t.worstCaseRpo(BackupEngine.DLM)?.toHours()).toBe(25);
  });

  test('staging: weekly, keep 4 weeks', () => {
    const t = BackupTier.staging();
    expect(t.rungs.map((r) => [r.cadence.toString(), r.retention.toString()])).toEqual([['cron(0 3 ? * SUN *)', '4 weeks']]);
    expect(t.worstCaseRpo(BackupEngine.DLM)?.toHours()).toBe(7 * 24 + 1);
    expect(t.retentionHorizonDays()).toBe(28);
  });

  test('every preset value can be overridden, and withOptions derives variants', () => {
    const t = BackupTier.critical('ap-southeast-1', { name: 'gold', rto: Duration.hours(1), fastRestore: undefined });
    expect(t.name).toBe('gold');
    expect(t.rto?.toHours()).toBe(1);
    expect(t.fastRestore).toBeDefined(); // undefined means "keep the preset's"
    const dev = BackupTier.development().withOptions({ name: 'sandbox', rungs: [rung(Cadence.daily(), Retention.age(Duration.days(3)))] });
    expect(dev.name).toBe('sandbox');
    expect(dev.rungs[0].retention.toString()).toBe('3 days');
    expect(dev.description).toBe('Development systems');
  });

  test('the presets compile and conform as they are', () => {
    const stack = newStack();
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.database('eu-west-1'), BackupTier.development(), BackupTier.staging()],
    });
    expect(() => synth(stack)).not.toThrow();
  });
});

describe('objectives', () => {
  test('the worst-case RPO is the most frequent rung\'s longest gap plus the start delay', () => {
    const t = tier({
      rungs: [
        rung(Cadence.cron({ minute: '0', hour: '0,6', weekDay: 'MON-FRI' }), Retention.weeks(2)),
        rung(Cadence.weekly(Weekday.SUNDAY), Retention.months(3)),
      ],
    });
    // Friday 06:00 to Monday 00:00 is 66 hours
    expect(t.worstCaseRpo(BackupEngine.DLM)?.toHours()).toBe(67);
    expect(t.worstCaseRpo(BackupEngine.AWS_BACKUP)?.toHours()).toBe(67);
    // without point-in-time recovery, continuous means nothing more
    expect(t.worstCaseRpo(BackupEngine.AWS_BACKUP_CONTINUOUS)?.toHours()).toBe(67);
  });

  test('a token cadence has no computable RPO', () => {
    const t = tier({ rungs: [rung(Cadence.expression(Lazy.string({ produce: () => 'cron(0 1 * * ? *)' })), Retention.weeks(1))] });
    expect(t.worstCaseRpo(BackupEngine.DLM)).toBeUndefined();
  });

  test('the retention horizon takes the longest meaning of calendar units and adds the archive', () => {
    expect(BackupTier.critical('ap-southeast-1').retentionHorizonDays()).toBe(12 * 31);
    const archived = tier({
      rungs: [rung(Cadence.monthly(1), Retention.months(3))],
      archive: Retention.years(1),
    });
    expect(archived.retentionHorizonDays()).toBe(3 * 31 + 366);
  });

  test('an RPO the ladder cannot meet fails synth and says what would', () => {
    const t = tier({ rpo: Duration.hours(3) });
    expect(() => compile(t)).toThrow(literal('tier `gold`: `rpo` cannot be met: DLM (EBS snapshots) gives at worst 5 hours between the last restore point and a failure'));
    expect(() => compile(t)).toThrow(literal('a most frequent rung that runs at least every 2 hours would meet it, got 3 hours'));
  });

  test('15 minutes is impossible for EBS snapshots, and the message points to continuous backup', () => {
    const t = tier({ rpo: Duration.minutes(15), rungs: [rung(Cadence.every(Duration.hours(1)), Retention.age(Duration.days(1)))] });
    expect(() => compile(t)).toThrow(/no snapshot schedule can meet it .*continuous backup on AWS Backup \(`pointInTimeRecovery`\) gives 5 minutes for RDS, Aurora and S3, got 15 minutes/);
  });

  test('an RPO equal to the worst case is met', () => {
    expect(() => compile(tier({ rpo: Duration.hours(5) }))).not.toThrow();
  });
});

describe('tier rules', () => {
  const cases: Array<[string, () => BackupTier, RegExp]> = [
    ['name charset', () => tier({ name: 'gold tier' }), literal('[Stack/Tiers] tier: `name` must match letters, digits, `-` and `_`, 1 to 40 characters (it is a tag value and part of plan and rule names), got "gold tier"')],
    ['name length', () => tier({ name: 'x'.repeat(41) }), /`name` must match letters.*got "x{41}"/],
    ['empty ladder', () => tier({ rungs: [] }), literal('tier `gold`: `rungs` must have at least one rung, got []')],
    ['count retention', () => tier({ rungs: [rung(Cadence.daily(), Retention.count(7))] }), literal('tier `gold`, rung `Daily`: `retention` must be an age (Retention.age(), weeks(), months() or years()): a tier is engine-neutral and AWS Backup keeps by age only, got Retention.count(7)')],
    ['retention shorter than the cadence', () => tier({ rungs: [rung(Cadence.weekly(Weekday.MONDAY), Retention.age(Duration.days(3)))] }), literal('rung `Weekly`: `retention` must be at least as long as the cadence (cron(0 0 ? * MON *): up to 7 days between runs), or there are times with no restore point of this rung, got 3 days')],
    ['ladder out of order', () => tier({ rungs: [rung(Cadence.daily(), Retention.weeks(1)), rung(Cadence.every(Duration.hours(4)), Retention.weeks(2))] }), literal('rung `Every4Hours`: `cadence` must run less often than the rung before it (`Daily`, every 24 hours): the ladder goes from the most frequent rung to the least frequent, got every 4 hours')],
    ['same cadence twice', () => tier({ rungs: [rung(Cadence.daily(), Retention.weeks(1), 'A'), rung(Cadence.daily({ startTime: '03:00' }), Retention.weeks(2), 'B')] }), /rung `B`: `cadence` must run less often than the rung before it/],
    ['less frequent rung kept shorter', () => tier({ rungs: [rung(Cadence.daily(), Retention.weeks(4)), rung(Cadence.weekly(Weekday.SUNDAY), Retention.weeks(3))] }), literal('rung `Weekly`: `retention` must keep longer than the rung before it (`Daily` keeps 4 weeks): a less frequent rung kept shorter adds no restore point, got 3 weeks')],
    ['duplicate rung names', () => tier({ rungs: [rung(Cadence.daily(), Retention.weeks(1), 'R'), rung(Cadence.weekly(Weekday.SUNDAY), Retention.weeks(4), 'R')] }), literal('tier `gold`: `rungs[1].name` must be unique within the tier, got "R"')],
    ['rung name charset', () => tier({ rungs: [rung(Cadence.daily(), Retention.weeks(1), 'every day')] }), /`rungs\[0\]\.name` must match letters, digits, `-` and `_`, 1 to 40 characters, got "every day"/],
    ['cold storage in hours', () => tier({ rungs: [{ cadence: Cadence.daily(), retention: Retention.years(1), coldStorageAfter: Duration.hours(36) }] }), literal('rung `Daily`: `coldStorageAfter` must be a whole number of days, at least 1, got 1 day 12 hours')],
    ['point-in-time recovery over 35 days', () => tier({ pointInTimeRecovery: Duration.days(36) }), literal('tier `gold`: `pointInTimeRecovery` must be a whole number of days between 1 and 35 (AWS Backup continuous backup), got 36 days')],
    ['point-in-time recovery in hours', () => tier({ pointInTimeRecovery: Duration.hours(12) }), /`pointInTimeRecovery` must be a whole number of days between 1 and 35/],
    ['zero RPO', () => tier({ rpo: Duration.seconds(0) }), literal('tier `gold`: `rpo` must be longer than zero')],
    ['zero RTO', () => tier({ rto: Duration.seconds(0) }), literal('tier `gold`: `rto` must be longer than zero')],
    ['description charset', () => tier({ description: 'gold: the best' }), literal('tier `gold`: `description` must match letters, digits, spaces, `-` and `_`, at most 200 characters, got "gold: the best"')],
    ['archive retention out of range', () => tier({ archive: Retention.years(101) }), literal('tier `gold`: `archive` must be an integer between 1 and 100 years (DLM allows at most 100 years), got 101')],
  ];
  test.each(cases)('%s', (_name, make, message) => {
    expect(() => compile(make())).toThrow(message);
  });

  test('tier names are unique within a TieredBackup', () => {
    const stack = newStack();
    expect(() => new TieredBackup(stack, 'Tiers', { tiers: [tier(), tier()] })).toThrow(literal('[Stack/Tiers] `tiers` must have unique names, got "gold"'));
  });

  test('at least one tier', () => {
    expect(() => new TieredBackup(newStack(), 'Tiers', { tiers: [] })).toThrow(literal('[Stack/Tiers] `tiers` must contain at least one tier, got []'));
  });

  test('rung names are derived from the cadence', () => {
    const t = tier({
      rungs: [
        rung(Cadence.every(Duration.hours(1)), Retention.age(Duration.days(1))),
        rung(Cadence.every(Duration.hours(24)), Retention.weeks(1)),
        rung(Cadence.weekly(Weekday.FRIDAY), Retention.weeks(5)),
        rung(Cadence.monthly(1), Retention.months(6)),
        rung(Cadence.cron({ minute: '0', hour: '0', day: '1', month: '1' }), Retention.years(3)),
      ],
    });
    expect(t.rungNames).toEqual(['Hourly', 'Daily', 'Weekly', 'Monthly', 'Yearly']);
  });

  test('a consistency hook is kept as given', () => {
    const stack = newStack();
    const hook = new ConsistentBackupHook(stack, 'Hook', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    expect(tier({ consistency: hook }).consistency).toBe(hook);
  });
});

describe('every optional preset feature can be removed: `without`', () => {
  const ENV = { account: '111111111111', region: 'ap-south-1' };
  const compileIn = (t: BackupTier, ebsEngine?: BackupEngine) => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [t], ebsEngine, awsBackup: undefined });
    return { stack, tiered };
  };
  const presets: Array<[string, (o?: object) => BackupTier]> = [
    ['critical', (o) => BackupTier.critical('ap-southeast-1', o)],
    ['database', (o) => BackupTier.database('eu-west-1', o)],
    ['development', (o) => BackupTier.development(o)],
    ['staging', (o) => BackupTier.staging(o)],
  ];
  const has = (t: BackupTier, f: TierFeature): boolean => ({
    [TierFeature.FAST_RESTORE]: t.fastRestore !== undefined,
    [TierFeature.DR_COPIES]: t.drCopies.length > 0,
    [TierFeature.ARCHIVE]: t.archive !== undefined,
    [TierFeature.POINT_IN_TIME_RECOVERY]: t.pointInTimeRecovery !== undefined,
    [TierFeature.CONSISTENCY]: t.consistency !== undefined,
    [TierFeature.TIME_ZONE]: t.timeZone !== undefined,
  })[f];
  const features = Object.values(TierFeature);

  test.each(presets.flatMap(([name, make]) => features.map((f) => [name, f, make] as const)))(
    '%s without %s: the feature is gone, everything else is the preset\'s', (_name, feature, make) => {
      const preset = make();
      const removed = make({ without: [feature] });
      const derived = preset.withOptions({ without: [feature] });
      for (const t of [removed, derived]) {
        expect(has(t, feature)).toBe(false);
        for (const other of features.filter((f) => f !== feature)) expect(has(t, other)).toBe(has(preset, other));
        expect(t.rungs).toEqual(preset.rungs);
        expect(t.rpo).toEqual(preset.rpo);
      }
    });

  test('critical without fast restore: no FastRestoreRule, and the report prices none', () => {
    const { stack, tiered } = compileIn(BackupTier.critical('ap-southeast-1', { without: [TierFeature.FAST_RESTORE] }));
    const report = BackupPlanReport.of(tiered).tiers[0];
    expect(report.fastRestore).toBe(false);
    expect(report.estimates[0].fastRestoreCostUsd).toBe(0);
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: Match.arrayWith([Match.objectLike({ Name: 'Every4Hours', FastRestoreRule: Match.absent() })]) }),
    });
  });

  test('critical without DR copies: no cross-Region copy rule', () => {
    const { stack } = compileIn(BackupTier.critical('ap-southeast-1', { without: [TierFeature.DR_COPIES] }));
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: Match.arrayWith([Match.objectLike({ Name: 'Every4Hours', CrossRegionCopyRules: Match.absent() })]) }),
    });
  });

  test('database without point-in-time recovery: no continuous rule, no continuous engine', () => {
    const { stack, tiered } = compileIn(BackupTier.database('eu-west-1', { without: [TierFeature.POINT_IN_TIME_RECOVERY, TierFeature.DR_COPIES] }), BackupEngine.AWS_BACKUP);
    expect(tiered.tier('database').engines).toEqual([BackupEngine.AWS_BACKUP]);
    const plans = synth(stack).findResources('AWS::Backup::BackupPlan');
    const rules = Object.values(plans)[0].Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => r.RuleName)).toEqual(['database-Every2Hours', 'database-Daily', 'database-Monthly']);
  });

  test('a platform tier with an archive and a hook, without each', () => {
    const stack = newStack();
    const hook = new ConsistentBackupHook(stack, 'Hook', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }) });
    const platform = tier({
      rungs: [rung(Cadence.daily(), Retention.weeks(4)), rung(Cadence.monthly(1), Retention.months(3))],
      archive: Retention.years(7),
      consistency: hook,
      timeZone: TimeZone.EUROPE_BERLIN,
    });
    expect(platform.withOptions({ without: [TierFeature.ARCHIVE] }).archive).toBeUndefined();
    expect(platform.withOptions({ without: [TierFeature.CONSISTENCY] }).consistency).toBeUndefined();
    expect(platform.withOptions({ without: [TierFeature.TIME_ZONE] }).timeZone).toBeUndefined();
    expect(platform.withOptions({ without: [TierFeature.ARCHIVE] }).consistency).toBe(hook);
  });

  test('`fastRestore: undefined` would keep the preset\'s fast restore: refused, naming `without`', () => {
    expect(() => compileIn(BackupTier.critical('ap-southeast-1', { fastRestore: undefined }))).toThrow(literal(
      '[Stack/Tiers] tier `critical`: `fastRestore` must not be set to undefined to remove the preset\'s fastRestore (undefined keeps it): use `without: [TierFeature.FAST_RESTORE]`, got undefined'));
    expect(() => compileIn(BackupTier.database('eu-west-1').withOptions({ pointInTimeRecovery: undefined }))).toThrow(literal(
      '[Stack/Tiers] tier `database`: `pointInTimeRecovery` must not be set to undefined to remove the preset\'s pointInTimeRecovery (undefined keeps it): use `without: [TierFeature.POINT_IN_TIME_RECOVERY]`, got undefined'));
    // undefined for a feature the preset does not have, or for a plain value, is harmless
    expect(() => compileIn(BackupTier.development({ fastRestore: undefined, rto: undefined }))).not.toThrow();
  });

  test('a feature both set and removed is refused', () => {
    expect(() => compileIn(BackupTier.critical('ap-southeast-1', { fastRestore: { retention: Retention.count(2) }, without: [TierFeature.FAST_RESTORE] }))).toThrow(literal(
      '[Stack/Tiers] tier `critical`: `without[0]` must not remove `fastRestore`, which the same options set, got TierFeature.FAST_RESTORE'));
  });

  test('an unknown feature is refused', () => {
    expect(() => compileIn(BackupTier.critical('ap-southeast-1', { without: ['SPEED' as TierFeature] }))).toThrow(literal(
      '[Stack/Tiers] tier `critical`: `without[0]` must be a TierFeature (FAST_RESTORE, DR_COPIES, ARCHIVE, POINT_IN_TIME_RECOVERY, CONSISTENCY, TIME_ZONE), got "SPEED"'));
  });
});
