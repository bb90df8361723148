/**
 * DLM's rules for a create rule's cadence, and its rendering (`Interval`/`IntervalUnit`/`Times`
 * or `CronExpression`): what `backup/render.ts` is to AWS Backup. NOT exported from the package.
 */
import { Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { Cadence } from '../../common/cadence';
import { CronSyntaxError, parseCron } from '../../common/private/cron';
import { analyzeCron } from '../../common/private/cron-analysis';
import { TIME_OF_DAY } from '../../common/private/time';
import { checkString, raw, show, Where } from '../../common/validation';

/** Interval lengths (in hours) that DLM accepts for a fixed-interval create rule. */
export const DLM_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24];

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_YEAR = 366 * 24 * 60;

/** The create rule fields a cadence renders. */
export type DlmCreateRuleTiming = Pick<CfnLifecyclePolicy.CreateRuleProperty, 'interval' | 'intervalUnit' | 'times' | 'cronExpression'>;

/**
 * Checks a cadence against DLM's rules for a create rule: `hh:mm` start time, an interval of
 * 1, 2, 3, 4, 6, 8, 12 or 24 hours, or a cron expression that runs between once an hour and
 * once a year; `monthly()` on days 1-28.
 */
export function validateDlmCadence(cadence: Cadence, where: Where, prop: string): void {
  checkString(where, `${prop}.startTime`, cadence.startTime, { pattern: TIME_OF_DAY, patternText: 'hh:mm in UTC (00:00 to 23:59)' });
  if (cadence.cronExpression !== undefined && cadence.startTime !== undefined && Token.isUnresolved(cadence.startTime)) {
    where.fail(`${prop}.startTime`, 'must be known at synth time for weekly and monthly cadences (it is split into the cron fields)', cadence.startTime);
  }
  const dayOfMonth = cadence._dayOfMonth;
  if (dayOfMonth !== undefined && !Token.isUnresolved(dayOfMonth)) {
    if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 28) {
      where.fail(`${prop}.dayOfMonth`, 'must be an integer between 1 and 28 (every month has that day; use Cadence.cron({ day: \'L\' }) for the last day)', dayOfMonth);
    }
  }
  if (cadence.interval !== undefined) {
    if (cadence.interval.isUnresolved()) return;
    const hours = cadence.interval.toHours({ integral: false });
    if (!DLM_INTERVAL_HOURS.includes(hours)) {
      where.fail(`${prop}.interval`, `must be one of ${DLM_INTERVAL_HOURS.join(', ')} hours (use a cron cadence for anything else)`, cadence._expression ?? raw(`${hours} hours`));
    }
    return;
  }
  const expr = cadence.cronExpression!;
  if (Token.isUnresolved(expr)) return;
  if (!/^cron\([^\n]{11,100}\)$/.test(expr)) {
    where.fail(prop, 'must be a cron expression `cron(Minutes Hours Day-of-month Month Day-of-week Year)` of 17 to 106 characters, or `rate(N hours)` with N in 1, 2, 3, 4, 6, 8, 12, 24', expr);
  }
  let fields: string[];
  let years: readonly number[];
  try {
    const parsed = parseCron(expr);
    fields = parsed.fields.split(' ');
    years = parsed.years;
  } catch (e) {
    if (e instanceof CronSyntaxError) where.fail(prop, `is not a valid cron expression (${e.message})`, expr);
    throw e;
  }
  // The analysis looks at a fixed window of years, so a cron limited to some years is analysed
  // as if it ran every year, and the years themselves are checked for gaps.
  const yearLimited = fields[5] !== '*';
  const { minGapMinutes, maxGapMinutes, firingsPerYear } = analyzeCron(yearLimited ? `cron(${[...fields.slice(0, 5), '*'].join(' ')})` : expr);
  if (minGapMinutes < MINUTES_PER_HOUR) {
    where.fail(prop, `must not run more often than once an hour (DLM allows a period between 1 hour and 1 year); it runs ${show(minGapMinutes)} minutes apart`, expr);
  }
  const yearGap = years.some((y, i) => i > 0 && y - years[i - 1] > 1);
  const once = yearLimited && years.length === 1 && firingsPerYear < 2;
  if (maxGapMinutes > MINUTES_PER_YEAR || yearGap || once) {
    where.fail(prop, 'must run at least once a year (DLM allows a period between 1 hour and 1 year)', expr);
  }
}

/** The create rule fields of a cadence: `Interval`/`IntervalUnit`/`Times` or `CronExpression`. */
export function renderDlmCreateRule(cadence: Cadence): DlmCreateRuleTiming {
  if (cadence.cronExpression !== undefined) return { cronExpression: cadence.cronExpression };
  return {
    interval: cadence.interval!.toHours(),
    intervalUnit: 'HOURS',
    times: cadence.startTime !== undefined ? [cadence.startTime] : undefined,
  };
}
