import { Duration, TimeZone, Token } from 'aws-cdk-lib';
import { BackupEngine } from './engines';
import { BackupRung, BackupTierProps, PresetTierOptions, TierFastRestore } from './tier-props';
import { Cadence, Weekday } from '../common/cadence';
import { Retention } from '../common/retention';
import { checkString, raw, Where } from '../common/validation';
import { DrCopyRule } from '../dlm/dr-copy-rule';
import { validateDlmRetention } from '../dlm/private/retention';
import { ISnapshotScript } from '../dlm/script';
import { derivedRungName, mergeTierOptions, OVERRIDE_PROBLEMS } from './private/tier-options';
import { BACKUP_START_WINDOW_HOURS, clockShiftHours, CONTINUOUS_RPO_MINUTES, DEFAULT_FAST_RESTORE_ZONES, DLM_START_DELAY_HOURS, formatHours } from './private/timing';

const TIER_NAME = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A backup tier: one engine-neutral declaration of what "critical" (or any tier) means — a
 * retention ladder, DR copies, consistency, fast restore, archive, point-in-time recovery and
 * the objectives it promises. `TieredBackup` compiles it to DLM policies and AWS Backup plans.
 *
 * The presets follow the reference strategy's tier table; every value can be overridden,
 * every optional feature removed (`without: [TierFeature.FAST_RESTORE]`), and `withOptions()`
 * derives a variant of any tier, so an organization can publish its tiers as an npm package
 * and teams adjust what they must.
 *
 * @example
 * const critical = BackupTier.critical('ap-southeast-1');
 * const lean = critical.withOptions({ name: 'lean', without: [TierFeature.FAST_RESTORE, TierFeature.DR_COPIES] });
 * const gold = new BackupTier({
 *   name: 'gold',
 *   rungs: [
 *     { cadence: Cadence.every(Duration.hours(6)), retention: Retention.age(Duration.days(3)) },
 *     { cadence: Cadence.daily({ startTime: '01:00' }), retention: Retention.weeks(5) },
 *   ],
 *   rpo: Duration.hours(7),
 * });
 */
export class BackupTier {
  /**
   * Critical production systems: every 4 hours, keep 7 days of those, 4 weeks of dailies and
   * 12 months of weeklies; encrypted copy to `drRegion` (kept 4 weeks); fast snapshot restore
   * of the newest 4-hourly snapshot in two Availability Zones; RPO 5 hours (the honest worst
   * case of a 4-hour cadence), RTO 15 minutes.
   *
   * @param drRegion the disaster-recovery Region, e.g. `ap-southeast-1`
   */
  public static critical(drRegion: string, options: PresetTierOptions = {}): BackupTier {
    return BackupTier.preset({
      name: 'critical',
      rungs: [
        { name: 'Every4Hours', cadence: Cadence.every(Duration.hours(4)), retention: Retention.age(Duration.days(7)) },
        { name: 'Daily', cadence: Cadence.daily({ startTime: '01:00' }), retention: Retention.weeks(4) },
        { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '02:00' }), retention: Retention.months(12) },
      ],
      drCopies: [DrCopyRule.toRegion(drRegion, { retention: Retention.weeks(4) })],
      fastRestore: {},
      rpo: Duration.hours(5),
      rto: Duration.minutes(15),
      description: 'Critical production systems',
    }, options);
  }

  /**
   * Database servers: every 2 hours, keep 24 hours of those, 30 days of dailies and 2 years of
   * monthlies; encrypted copy to a compliance Region (kept 30 days); point-in-time recovery
   * for 7 days on AWS Backup where the resource supports it (5-minute granularity); RPO
   * 3 hours (a 2-hour cadence on EBS), RTO 30 minutes.
   *
   * Application consistency needs a hook for your database (e.g. a `ConsistentBackupHook`
   * with `Quiescer.mysql()`): pass it as `consistency`.
   *
   * @param complianceRegion the Region DR copies go to, e.g. `eu-west-1`
   */
  public static database(complianceRegion: string, options: PresetTierOptions = {}): BackupTier {
    return BackupTier.preset({
      name: 'database',
      rungs: [
        { name: 'Every2Hours', cadence: Cadence.every(Duration.hours(2)), retention: Retention.age(Duration.days(1)) },
        { name: 'Daily', cadence: Cadence.daily({ startTime: '00:30' }), retention: Retention.age(Duration.days(30)) },
        { name: 'Monthly', cadence: Cadence.monthly(1, { startTime: '03:00' }), retention: Retention.years(2) },
      ],
      drCopies: [DrCopyRule.toRegion(complianceRegion, { retention: Retention.age(Duration.days(30)) })],
      pointInTimeRecovery: Duration.days(7),
      rpo: Duration.hours(3),
      rto: Duration.minutes(30),
      description: 'Database servers',
    }, options);
  }

  /**
   * Development systems: daily at 02:00 UTC, keep 7 days, no DR copy; RPO 25 hours.
   */
  public static development(options: PresetTierOptions = {}): BackupTier {
    return BackupTier.preset({
      name: 'development',
      rungs: [{ name: 'Daily', cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.age(Duration.days(7)) }],
      rpo: Duration.hours(25),
      description: 'Development systems',
    }, options);
  }

  /**
   * Testing and staging systems: weekly (Sunday 03:00 UTC), keep 4 weeks, no DR copy;
   * RPO 8 days (a week and the start delay).
   */
  public static staging(options: PresetTierOptions = {}): BackupTier {
    return BackupTier.preset({
      name: 'staging',
      rungs: [{ name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.weeks(4) }],
      rpo: Duration.days(8),
      description: 'Testing and staging systems',
    }, options);
  }

  private static preset(base: BackupTierProps, overrides: PresetTierOptions): BackupTier {
    return new BackupTier(mergeTierOptions(base, overrides));
  }

  /** The tier's name (the tier tag's value). */
  public readonly name: string;

  /** The retention ladder, most frequent rung first. */
  public readonly rungs: BackupRung[];

  /** The declared recovery point objective. */
  public readonly rpo?: Duration;

  /** The declared recovery time objective. */
  public readonly rto?: Duration;

  /** Cross-Region DR copies. */
  public readonly drCopies: DrCopyRule[];

  /** The consistency hook. */
  public readonly consistency?: ISnapshotScript;

  /** Fast snapshot restore of the most frequent rung (DLM). */
  public readonly fastRestore?: TierFastRestore;

  /** Archive retention of the least frequent rung (DLM). */
  public readonly archive?: Retention;

  /** Continuous backup window (AWS Backup). */
  public readonly pointInTimeRecovery?: Duration;

  /** The time zone of the schedules (AWS Backup); undefined for UTC. */
  public readonly timeZone?: TimeZone;

  /** The description. */
  public readonly description?: string;

  private readonly props: BackupTierProps;
  /** What `withOptions()` or a preset's overrides got wrong, reported by `_validate`. */
  private readonly overrideProblems: Array<[string, string, unknown]>;

  public constructor(props: BackupTierProps) {
    this.overrideProblems = (props as any)[OVERRIDE_PROBLEMS] ?? [];
    this.props = { ...props };
    this.name = props.name;
    this.rungs = [...props.rungs];
    this.rpo = props.rpo;
    this.rto = props.rto;
    this.drCopies = [...(props.drCopies ?? [])];
    this.consistency = props.consistency;
    this.fastRestore = props.fastRestore;
    this.archive = props.archive;
    this.pointInTimeRecovery = props.pointInTimeRecovery;
    this.timeZone = props.timeZone;
    this.description = props.description;
  }

  /**
   * A copy of this tier with some values replaced, e.g. a team's variant of the platform's
   * `critical` tier with its own name and DR Region.
   */
  public withOptions(options: PresetTierOptions): BackupTier {
    return new BackupTier(mergeTierOptions(this.props, options));
  }

  /**
   * The rung names, in ladder order (given or derived from the cadence).
   */
  public get rungNames(): string[] {
    const names: string[] = [];
    this.rungs.forEach((rung, i) => {
      let name = rung.name ?? derivedRungName(rung.cadence, i);
      if (rung.name === undefined && names.includes(name)) name = `Rung${i + 1}`;
      names.push(name);
    });
    return names;
  }

  /**
   * The worst-case recovery point objective this tier's ladder gives on `engine`: the longest
   * gap between two runs of its most frequent rung plus the start delay (DLM starts within an
   * hour of the scheduled time; AWS Backup within its start window, 1 hour unless
   * `startWindow` says otherwise, and with a `timeZone` that changes clocks, up to that change
   * more), or 5 minutes for continuous backup when the tier has `pointInTimeRecovery`.
   *
   * `TieredBackup` knows its start window: read a tier's worst case there
   * (`tiers.tier('critical').worstCaseRpo(engine)`).
   *
   * @param startWindow the AWS Backup start window, when it is not the default 1 hour
   * @returns undefined when a cadence or the window is a token (unknown until deployment)
   */
  public worstCaseRpo(engine: BackupEngine, startWindow?: Duration): Duration | undefined {
    if (engine === BackupEngine.AWS_BACKUP_CONTINUOUS && this.pointInTimeRecovery !== undefined) {
      return Duration.minutes(CONTINUOUS_RPO_MINUTES);
    }
    const gap = this.shortestMaxGapHours();
    if (gap === undefined) return undefined;
    if (startWindow?.isUnresolved()) return undefined;
    const delay = this.startDelayHours(engine, startWindow);
    if (delay === undefined) return undefined;
    return Duration.minutes(Math.round((gap + delay) * 60));
  }

  /**
   * The hours a run may start after the longest gap: DLM's hour, or the AWS Backup start
   * window plus the daylight-saving shift of the tier's time zone.
   */
  private startDelayHours(engine: BackupEngine, startWindow?: Duration): number | undefined {
    if (engine === BackupEngine.DLM) return DLM_START_DELAY_HOURS;
    const window = startWindow?.toHours({ integral: false }) ?? BACKUP_START_WINDOW_HOURS;
    const shift = this._clockShiftHours();
    return shift === undefined ? undefined : window + shift;
  }

  /**
   * The largest daylight-saving change of the tier's time zone, in hours (0 for UTC and zones
   * without one); undefined when the zone is a token.
   * @internal
   */
  public _clockShiftHours(): number | undefined {
    const zone = this.timeZone?.timezoneName;
    if (zone === undefined) return 0;
    if (Token.isUnresolved(zone)) return undefined;
    return clockShiftHours(zone) ?? 0;
  }

  /**
   * Fast snapshot restore as the tier's DLM policy applies it, defaults filled in: the number
   * of Availability Zones and the retention. Undefined without fast restore.
   * @internal
   */
  public _fastRestoreSettings(): { zones: number; retention: Retention } | undefined {
    const fr = this.fastRestore;
    if (fr === undefined) return undefined;
    return { zones: fr.availabilityZones?.length ?? DEFAULT_FAST_RESTORE_ZONES, retention: fr.retention ?? Retention.count(1) };
  }

  /**
   * The longest time a restore point of this tier is kept in the primary Region, in days (the
   * longest meaning of calendar units; the archive tier included, DR copies not).
   *
   * @returns undefined when a retention is a token
   */
  public retentionHorizonDays(): number | undefined {
    const days: number[] = [];
    for (const rung of this.rungs) {
      const d = rung.retention._maxDays();
      if (d === undefined) return undefined;
      days.push(d);
    }
    const longest = Math.max(...days);
    const archived = this.archive?._maxDays();
    return archived !== undefined ? longest + archived : longest;
  }

  /**
   * Checks the tier's own rules: name, ladder ordering, ages, retention >= cadence, and the
   * ranges of its options. Engine limits are checked by the engines' constructs.
   * @internal
   */
  public _validate(where: Where): void {
    const w = where.in(`tier \`${this.name}\``);
    checkString(where.in('tier'), 'name', this.name, { pattern: TIER_NAME, patternText: 'letters, digits, `-` and `_`, 1 to 40 characters (it is a tag value and part of plan and rule names)' });
    if (this.rungs.length === 0) w.fail('rungs', 'must have at least one rung', raw('[]'));
    const names = this.rungNames;
    names.forEach((name, i) => {
      checkString(w, `rungs[${i}].name`, name, { pattern: TIER_NAME, patternText: 'letters, digits, `-` and `_`, 1 to 40 characters' });
      if (names.indexOf(name) !== i) w.fail(`rungs[${i}].name`, 'must be unique within the tier', name);
    });
    this.rungs.forEach((rung, i) => {
      const rw = w.in(`rung \`${names[i]}\``);
      if (rung.retention.isCountBased) {
        rw.fail('retention', 'must be an age (Retention.age(), weeks(), months() or years()): a tier is engine-neutral and AWS Backup keeps by age only', raw(`Retention.count(${rung.retention._count})`));
      }
      validateDlmRetention(rung.retention, rw, 'retention', { allowCount: false });
      const period = rung.cadence._maxPeriodHours();
      const kept = rung.retention._minDays();
      if (period !== undefined && kept !== undefined && kept * 24 < period) {
        rw.fail('retention', `must be at least as long as the cadence (${rung.cadence}: up to ${formatHours(period)} between runs), or there are times with no restore point of this rung`, raw(rung.retention.toString()));
      }
      if (rung.coldStorageAfter !== undefined && !rung.coldStorageAfter.isUnresolved()) {
        const cold = rung.coldStorageAfter.toHours({ integral: false }) / 24;
        if (cold < 1 || !Number.isInteger(cold)) {
          rw.fail('coldStorageAfter', 'must be a whole number of days, at least 1', rung.coldStorageAfter);
        }
      }
    });
    for (let i = 1; i < this.rungs.length; i++) {
      const prev = this.rungs[i - 1];
      const cur = this.rungs[i];
      const rw = w.in(`rung \`${names[i]}\``);
      const prevPeriod = prev.cadence._averagePeriodHours();
      const curPeriod = cur.cadence._averagePeriodHours();
      if (prevPeriod !== undefined && curPeriod !== undefined && curPeriod <= prevPeriod) {
        rw.fail('cadence', `must run less often than the rung before it (\`${names[i - 1]}\`, ${prev.cadence}): the ladder goes from the most frequent rung to the least frequent`, raw(cur.cadence.toString()));
      }
      const prevKept = prev.retention._maxDays();
      const curKept = cur.retention._minDays();
      if (prevKept !== undefined && curKept !== undefined && curKept <= prevKept) {
        rw.fail('retention', `must keep longer than the rung before it (\`${names[i - 1]}\` keeps ${prev.retention}): a less frequent rung kept shorter adds no restore point`, raw(cur.retention.toString()));
      }
    }
    if (this.pointInTimeRecovery !== undefined && !this.pointInTimeRecovery.isUnresolved()) {
      const days = this.pointInTimeRecovery.toHours({ integral: false }) / 24;
      if (!Number.isInteger(days) || days < 1 || days > 35) {
        w.fail('pointInTimeRecovery', 'must be a whole number of days between 1 and 35 (AWS Backup continuous backup)', this.pointInTimeRecovery);
      }
    }
    if (this.archive !== undefined) validateDlmRetention(this.archive, w, 'archive');
    for (const [prop, d] of [['rpo', this.rpo], ['rto', this.rto]] as const) {
      if (d !== undefined && !d.isUnresolved() && d.toSeconds() <= 0) w.fail(prop, 'must be longer than zero', d);
    }
    for (const [prop, allowed, got] of this.overrideProblems) w.fail(prop, allowed, got);
    const zone = this.timeZone?.timezoneName;
    if (zone !== undefined && !Token.isUnresolved(zone) && clockShiftHours(zone) === undefined) {
      w.fail('timeZone', 'must be an IANA time zone such as Europe/Berlin or America/New_York (AWS Backup\'s `ScheduleExpressionTimezone`)', zone);
    }
    if (this.description !== undefined && !Token.isUnresolved(this.description)) {
      checkString(w, 'description', this.description, { pattern: /^[0-9A-Za-z _-]{1,200}$/, patternText: 'letters, digits, spaces, `-` and `_`, at most 200 characters' });
    }
  }

  /**
   * The problem (a message without the construct path) when the declared RPO is shorter than
   * `worst`, the worst case `engine` gives (`TieredBackup` computes it once, with its start
   * window), saying why and what would meet it.
   * @internal
   */
  public _rpoProblem(where: Where, engine: BackupEngine, reason: string, worst: Duration | undefined, startWindow?: Duration): string | undefined {
    if (this.rpo === undefined || this.rpo.isUnresolved() || worst === undefined) return undefined;
    if (this.rpo.toSeconds() >= worst.toSeconds()) return undefined;
    const w = where.in(`tier \`${this.name}\``);
    const declared = formatHours(this.rpo.toSeconds() / 3600);
    const delayHours = this.startDelayHours(engine, startWindow) ?? 0;
    const windowHours = delayHours - (engine === BackupEngine.DLM ? 0 : this._clockShiftHours() ?? 0);
    const shift = engine === BackupEngine.AWS_BACKUP ? this._clockShiftHours() ?? 0 : 0;
    const needed = this.rpo.toSeconds() / 3600 - delayHours;
    let fix: string;
    if (engine === BackupEngine.AWS_BACKUP_CONTINUOUS) {
      fix = 'no engine restores more finely than continuous backup\'s 5 minutes';
    } else if (needed < 1) {
      fix = `no snapshot schedule can meet it (the shortest period is 1 hour, so the best worst case is ${formatHours(1 + delayHours)}); continuous backup on AWS Backup (\`pointInTimeRecovery\`) gives ${CONTINUOUS_RPO_MINUTES} minutes for RDS, Aurora and S3`;
    } else {
      fix = `a most frequent rung that runs at least every ${formatHours(Math.floor(needed))} would meet it`;
    }
    const delay = engine === BackupEngine.DLM ? '1 hour before DLM starts a snapshot'
      : engine === BackupEngine.AWS_BACKUP ? `the ${formatHours(windowHours)} start window of AWS Backup${shift > 0 ? ` and ${formatHours(shift)} when clocks change in ${this.timeZone!.timezoneName}` : ''}`
        : 'nothing';
    return w.bareMessage('rpo', `cannot be met: ${reason} gives at worst ${formatHours(worst.toSeconds() / 3600)} between the last restore point and a failure (its most frequent rung, plus up to ${delay}); ${fix}`, raw(declared));
  }

  private shortestMaxGapHours(): number | undefined {
    let best: number | undefined;
    for (const rung of this.rungs) {
      const gap = rung.cadence._maxPeriodHours();
      if (gap === undefined) return undefined;
      best = best === undefined ? gap : Math.min(best, gap);
    }
    return best;
  }
}
