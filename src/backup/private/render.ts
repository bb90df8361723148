/**
 * Pure conversions from the engine-neutral value classes (`Cadence`, `Retention`) to what an
 * AWS Backup plan rule carries (`ScheduleExpression`, `Lifecycle.DeleteAfterDays`), and the
 * small checks shared by the constructs of this folder.
 *
 * NOT exported from the package: the tiers and compliance layers import this file by path. The
 * length of a retention unit and the 100-year ceiling come from the one table in
 * `common/private/retention-units.ts` (AWS Backup counts a unit at its longest, so that nothing
 * is kept shorter than declared).
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Cadence } from '../../common/cadence';
import { CronSyntaxError, parseCron } from '../../common/private/cron';
import { MAX_AGE_AMOUNT, UNIT_DAYS } from '../../common/private/retention-units';
import { Retention, RetentionUnit } from '../../common/retention';
import { raw, show, Where } from '../../common/validation';

/** Interval lengths (hours) that one AWS Backup cron expression can express: the divisors of 24. */
export const BACKUP_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24];

const TIME = /^(0[0-9]|1[0-9]|2[0-3]):([0-5][0-9])$/;

function failer(where: Where | undefined, prop: string) {
  return (allowed: string, ...got: unknown[]): never => {
    if (where) where.fail(prop, allowed, ...got);
    throw new Error(`\`${prop}\` ${allowed}${got.length > 0 ? `, got ${show(got[0])}` : ''}`);
  };
}

/**
 * The AWS Backup `ScheduleExpression` (`cron(...)`, UTC) of a cadence.
 *
 * - An interval that divides 24 hours becomes one cron expression: every 4 hours from 03:00
 *   is `cron(0 3/4 * * ? *)` (the first hour of the day is the start hour modulo the interval,
 *   so 13:00 every 4 hours is `cron(0 1/4 * * ? *)`, which fires at 13:00 too); without a start
 *   time the runs are aligned on midnight UTC (`cron(0 0/4 * * ? *)`); every hour is
 *   `cron(m * * * ? *)`; 24 hours is once a day at the start time (00:00 by default).
 * - Other intervals (5 h, 48 h, ...) have no single cron equivalent and are an error; so is
 *   anything more frequent than once an hour (AWS Backup's minimum).
 * - Cron cadences are checked (syntax, at most once an hour) and passed through.
 * - Tokens: a token cron expression passes through; a token interval renders
 *   `cron(0 0/<token> * * ? *)` (it must divide 24; this cannot be checked); a token start time
 *   is an error because it is split into the cron fields.
 *
 * @param where where to report errors (the construct and rule); without it a plain Error is thrown
 * @param prop the property name used in error messages (default `cadence`)
 */
export function backupScheduleExpression(cadence: Cadence, where?: Where, prop: string = 'cadence'): string {
  const fail = failer(where, prop);
  if (cadence.cronExpression !== undefined) {
    const expr = cadence.cronExpression;
    if (Token.isUnresolved(expr)) return expr;
    try {
      parseCron(expr);
    } catch (e) {
      if (e instanceof CronSyntaxError) fail(`must be a valid cron expression \`cron(Minutes Hours Day-of-month Month Day-of-week Year)\` (${e.message})`, expr);
      throw e;
    }
    const minHours = cadence._minPeriodHours();
    if (minHours !== undefined && minHours < 1) {
      fail(`must not run more often than once an hour (AWS Backup's shortest backup frequency); it runs ${show(Math.round(minHours * 60))} minutes apart`, expr);
    }
    return expr;
  }

  const interval = cadence.interval!;
  const start = cadence.startTime;
  if (start !== undefined && Token.isUnresolved(start)) {
    fail('must have a `startTime` known at synth time (it is split into the fields of a cron expression)', start);
  }
  let hour = 0;
  let minute = 0;
  if (start !== undefined) {
    const m = TIME.exec(start);
    if (!m) {
      where ? where.fail(`${prop}.startTime`, 'must be hh:mm in UTC (00:00 to 23:59)', start) : fail('must have a `startTime` hh:mm in UTC (00:00 to 23:59)', start);
    }
    hour = Number(m![1]);
    minute = Number(m![2]);
  }

  if (interval.isUnresolved()) {
    if (start !== undefined) fail('must have an `interval` known at synth time when a `startTime` is given (the first hour of the day depends on it)', cadence.toString());
    let tokenHours: number | undefined;
    try {
      tokenHours = interval.toHours();
    } catch {
      fail('must have a token `interval` given in hours (Duration.hours(token)) to be rendered as a cron expression', cadence.toString());
    }
    return `cron(0 0/${Token.asString(tokenHours)} * * ? *)`;
  }
  const hours = interval.toHours({ integral: false });
  if (hours < 1) {
    fail('must not run more often than once an hour (AWS Backup\'s shortest backup frequency)', raw(`every ${interval.toHumanString()}`));
  }
  if (!BACKUP_INTERVAL_HOURS.includes(hours)) {
    fail(`must have an \`interval\` of ${BACKUP_INTERVAL_HOURS.join(', ')} hours to be one AWS Backup cron expression (use Cadence.cron(), weekly() or monthly() for anything else)`, raw(`every ${interval.toHumanString()}`));
  }
  if (hours === 24) return `cron(${minute} ${hour} * * ? *)`;
  if (hours === 1) return `cron(${minute} * * * ? *)`;
  return `cron(${minute} ${hour % hours}/${hours} * * ? *)`;
}

/**
 * The AWS Backup `DeleteAfterDays` of a retention, in whole days.
 *
 * AWS Backup keeps recovery points by age only, in days. Calendar units take their LONGEST
 * meaning, so a recovery point is never kept shorter than declared: a week is 7 days, a month
 * 31 days, a year 366 days (`Retention.months(12)` is 372 days, `Retention.years(7)` 2562 days).
 * `Retention.age(Duration.days(n))` is exactly n days (a token passes through).
 *
 * @returns the days, or undefined when the retention cannot be expressed: count-based retention,
 *   an age that is not a whole number of days, or a token amount in weeks, months or years
 */
export function backupDeleteAfterDays(retention: Retention): number | undefined {
  if (retention.isCountBased) return undefined;
  let amount: number | undefined;
  try {
    amount = retention.amount;
  } catch {
    return undefined;
  }
  if (amount === undefined) return undefined;
  const unit = retention.unit!;
  if (Token.isUnresolved(amount)) return unit === RetentionUnit.DAYS ? amount : undefined;
  return amount * UNIT_DAYS[unit].max;
}

/**
 * Checks a retention for AWS Backup and returns its `DeleteAfterDays`: an age (never a count),
 * a whole number of days, 1 day to 100 years; a token amount only in days.
 * @internal
 */
export function checkBackupRetention(where: Where, prop: string, retention: Retention): number {
  if (retention.isCountBased) {
    where.fail(prop, 'must be an age (Retention.age(), weeks(), months() or years()): AWS Backup keeps recovery points by age only, never by count', raw(`Retention.count(${show(retention._count)})`));
  }
  let amount: number | undefined;
  try {
    amount = retention.amount;
  } catch {
    where.fail(prop, 'must be a whole number of days (this library never rounds a retention)', raw(retention.toString()));
  }
  const unit = retention.unit!;
  if (amount !== undefined && !Token.isUnresolved(amount)) {
    const max = MAX_AGE_AMOUNT[unit];
    if (!Number.isInteger(amount) || amount < 1 || amount > max) {
      where.fail(prop, `must be an integer between 1 and ${max} ${unit.toLowerCase()} (AWS Backup keeps snapshot recovery points at most 100 years)`, amount);
    }
  }
  const days = backupDeleteAfterDays(retention);
  if (days === undefined) {
    where.fail(prop, 'must be known at synth time when given in weeks, months or years (AWS Backup counts in days: use Retention.age(Duration.days(token)) for a token)', raw(retention.toString()));
  }
  return days;
}

/**
 * Checks an optional Duration that AWS Backup takes in whole days (cold storage) and returns
 * the number of days (a token passes through; undefined when not given).
 * @internal
 */
export function checkWholeDays(where: Where, prop: string, value: Duration | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toDays();
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min) {
    where.fail(prop, `must be a whole number of days, at least ${min}`, value);
  }
  return days;
}

/** Resolved number or undefined (for tokens). @internal */
export function known(n: number | undefined): number | undefined {
  return n === undefined || Token.isUnresolved(n) ? undefined : n;
}

/** Parts of a backup vault ARN, when it is known at synth time. @internal */
export interface VaultArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

const VAULT_ARN = /^arn:(aws[a-z-]*):backup:([^:]*):([^:]*):backup-vault:(.*)$/;

/**
 * Parses `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`; undefined for tokens
 * (or ARNs containing tokens), null when it is not a backup vault ARN.
 * @internal
 */
export function parseVaultArn(arn: string): VaultArnParts | undefined | null {
  if (Token.isUnresolved(arn)) return undefined;
  const m = VAULT_ARN.exec(arn);
  if (!m) return null;
  return { partition: m[1], region: m[2], account: m[3], name: m[4] };
}
