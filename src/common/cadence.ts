import { Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { analyzeCron } from './private/cron-analysis';
import { TIME_OF_DAY } from './private/time';

/** Days of the week. */
export enum Weekday {
  /** Monday */
  MONDAY = 'MON',
  /** Tuesday */
  TUESDAY = 'TUE',
  /** Wednesday */
  WEDNESDAY = 'WED',
  /** Thursday */
  THURSDAY = 'THU',
  /** Friday */
  FRIDAY = 'FRI',
  /** Saturday */
  SATURDAY = 'SAT',
  /** Sunday */
  SUNDAY = 'SUN',
}

/** Options for a cadence that runs at a time of day. */
export interface CadenceTimeOptions {
  /**
   * The time of day, in UTC, as `hh:mm` (24-hour clock).
   *
   * For fixed intervals this is the first run of the day; DLM starts within
   * one hour after it.
   *
   * @default - interval cadences: DLM picks a time within the next 24 hours;
   * daily/weekly/monthly cadences built from cron: 00:00 UTC
   */
  readonly startTime?: string;
}


/**
 * How often backups are created: a fixed interval (with an optional start time) or a cron
 * schedule. Engine-neutral: DLM create rules and AWS Backup plan rules each check and render
 * it by their own rules where it is used.
 *
 * @example
 * Cadence.every(Duration.hours(4));
 * Cadence.daily({ startTime: '02:00' });
 * Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' });
 * Cadence.cron({ minute: '0', hour: '1', day: 'L' });   // last day of every month
 */
export class Cadence {
  /**
   * Every `interval`, which must be a whole number of hours.
   *
   * DLM accepts 1, 2, 3, 4, 6, 8, 12 or 24 hours.
   */
  public static every(interval: Duration, options: CadenceTimeOptions = {}): Cadence {
    return new Cadence({ interval, startTime: options.startTime });
  }

  /** Once a day (every 24 hours), optionally from a start time. */
  public static daily(options: CadenceTimeOptions = {}): Cadence {
    return Cadence.every(Duration.hours(24), options);
  }

  /** Once a week on `day`, at `startTime` (default 00:00 UTC). */
  public static weekly(day: Weekday, options: CadenceTimeOptions = {}): Cadence {
    return new Cadence({ cron: `cron(${minute(options)} ${hour(options)} ? * ${day} *)`, startTime: options.startTime });
  }

  /** Once a month on `dayOfMonth` (1-28, so that every month has it), at `startTime` (default 00:00 UTC). */
  public static monthly(dayOfMonth: number, options: CadenceTimeOptions = {}): Cadence {
    return new Cadence({ cron: `cron(${minute(options)} ${hour(options)} ${dayOfMonth} * ? *)`, startTime: options.startTime, dayOfMonth });
  }

  /** A cron schedule, in UTC, from the fields of aws-cdk-lib's `events.CronOptions`. */
  public static cron(options: events.CronOptions): Cadence {
    return Cadence.fromSchedule(events.Schedule.cron(options));
  }

  /**
   * An EventBridge-style expression: `cron(Minutes Hours Day-of-month Month Day-of-week Year)`
   * or `rate(N hours)` / `rate(1 day)`.
   */
  public static expression(expression: string): Cadence {
    return Cadence.parse(expression);
  }

  /** From an aws-cdk-lib `events.Schedule` (`Schedule.cron(...)` or `Schedule.rate(...)`). */
  public static fromSchedule(schedule: events.Schedule): Cadence {
    return Cadence.parse(schedule.expressionString);
  }

  private static parse(expression: string): Cadence {
    if (Token.isUnresolved(expression)) return new Cadence({ cron: expression });
    const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
    if (rate) {
      const n = Number(rate[1]);
      const unit = rate[2].replace(/s$/, '');
      const interval = unit === 'minute' ? Duration.minutes(n) : unit === 'hour' ? Duration.hours(n) : Duration.days(n);
      return new Cadence({ interval, expression });
    }
    return new Cadence({ cron: expression.trim() });
  }

  /** The fixed interval, for interval cadences. */
  public readonly interval?: Duration;

  /** The start time of day (UTC, `hh:mm`), if one was given. */
  public readonly startTime?: string;

  /** The cron expression (`cron(...)`), for cron cadences. */
  public readonly cronExpression?: string;

  /**
   * The expression it was made from (`rate(...)`), shown as given in messages.
   * @internal
   */
  public readonly _expression?: string;

  /**
   * The day of the month given to `monthly()`.
   * @internal
   */
  public readonly _dayOfMonth?: number;

  private constructor(spec: { interval?: Duration; cron?: string; startTime?: string; expression?: string; dayOfMonth?: number }) {
    this.interval = spec.interval;
    this.cronExpression = spec.cron;
    this.startTime = spec.startTime;
    this._expression = spec.expression;
    this._dayOfMonth = spec.dayOfMonth;
  }

  /**
   * A short description, e.g. "every 4 hours from 03:00 UTC" or "cron(0 3 ? * SUN *)".
   */
  public toString(): string {
    if (this.cronExpression !== undefined) return this.cronExpression;
    const hours = this.interval!.isUnresolved() ? undefined : this.interval!.toHours({ integral: false });
    const every = hours === undefined ? 'every <token>' : hours === 1 ? 'every hour' : `every ${hours} hours`;
    return this.startTime ? `${every} from ${this.startTime} UTC` : every;
  }

  /**
   * Shortest time between two runs, in hours (undefined for tokens).
   * @internal
   */
  public _minPeriodHours(): number | undefined {
    return this.period('min');
  }

  /**
   * Longest time between two runs, in hours (undefined for tokens).
   * @internal
   */
  public _maxPeriodHours(): number | undefined {
    return this.period('max');
  }

  /**
   * Average time between two runs, in hours (undefined for tokens): the period that counts
   * when DLM sizes something "per run", such as a monthly schedule's archive count.
   * @internal
   */
  public _averagePeriodHours(): number | undefined {
    if (this.interval !== undefined) return this._minPeriodHours();
    const expr = this.cronExpression!;
    if (Token.isUnresolved(expr)) return undefined;
    try {
      const perYear = analyzeCron(expr).firingsPerYear;
      return perYear > 0 ? 365 * 24 / perYear : undefined;
    } catch {
      return undefined;
    }
  }

  private period(which: 'min' | 'max'): number | undefined {
    if (this.interval !== undefined) {
      return this.interval.isUnresolved() ? undefined : this.interval.toHours({ integral: false });
    }
    const expr = this.cronExpression!;
    if (Token.isUnresolved(expr)) return undefined;
    try {
      const a = analyzeCron(expr);
      return (which === 'min' ? a.minGapMinutes : a.maxGapMinutes) / 60;
    } catch {
      return undefined;
    }
  }
}

function splitTime(time: string | undefined): [string, string] {
  if (time === undefined) return ['0', '0'];
  if (Token.isUnresolved(time) || !TIME_OF_DAY.test(time)) return [time, time]; // refused where the cadence is used
  const [h, m] = time.split(':');
  return [String(Number(h)), String(Number(m))];
}

function hour(options: CadenceTimeOptions): string {
  return splitTime(options.startTime)[0];
}

function minute(options: CadenceTimeOptions): string {
  return splitTime(options.startTime)[1];
}
