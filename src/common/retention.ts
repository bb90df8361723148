import { Duration, Token } from 'aws-cdk-lib';
import { UNIT_DAYS } from './private/retention-units';

/**
 * Calendar units of an age. DLM keeps them as they are; AWS Backup counts them in days, each
 * unit at its longest (a month is 31 days, a year 366).
 */
export enum RetentionUnit {
  /** Days. */
  DAYS = 'DAYS',
  /** Weeks (7 days). */
  WEEKS = 'WEEKS',
  /** Calendar months (28 to 31 days). */
  MONTHS = 'MONTHS',
  /** Calendar years (365 or 366 days). */
  YEARS = 'YEARS',
}

/**
 * How long something is kept: either a number of items (count-based) or an age.
 *
 * Used for a schedule's retention, and wherever DLM accepts "a count or an age"
 * (fast snapshot restore, archive retention, AMI deprecation, copy retention); AWS Backup
 * takes ages only. Each engine checks its own ranges where the value is used.
 *
 * @example
 * Retention.count(7);                    // keep the 7 newest snapshots
 * Retention.age(Duration.days(14));      // keep snapshots for 14 days
 * Retention.months(12);                  // keep snapshots for 12 calendar months
 */
export class Retention {
  /**
   * Keep the `count` most recent items (1-1000; 0 only where an archive rule takes over).
   */
  public static count(count: number): Retention {
    return new Retention(count, undefined, undefined);
  }

  /**
   * Keep items for an age given as a `Duration`.
   *
   * The duration must be a whole number of days; it is rendered in DAYS exactly as given,
   * never rounded (`Duration.hours(36)` is refused, `Duration.hours(48)` is 2 days).
   * Use `weeks()`, `months()` or `years()` for calendar units.
   */
  public static age(age: Duration): Retention {
    return new Retention(undefined, undefined, RetentionUnit.DAYS, age);
  }

  /** Keep items for `weeks` weeks. */
  public static weeks(weeks: number): Retention {
    return new Retention(undefined, weeks, RetentionUnit.WEEKS);
  }

  /** Keep items for `months` calendar months. */
  public static months(months: number): Retention {
    return new Retention(undefined, months, RetentionUnit.MONTHS);
  }

  /** Keep items for `years` calendar years. */
  public static years(years: number): Retention {
    return new Retention(undefined, years, RetentionUnit.YEARS);
  }

  /**
   * The number of items kept, for count-based retention.
   * @internal
   */
  public readonly _count?: number;

  /** The calendar unit, for age-based retention (undefined for count-based retention). */
  public readonly unit?: RetentionUnit;

  /**
   * The age as given to `Retention.age()` (shown as given in messages).
   * @internal
   */
  public readonly _duration?: Duration;

  private readonly _amount?: number;

  private constructor(count: number | undefined, amount: number | undefined, unit: RetentionUnit | undefined, duration?: Duration) {
    this._count = count;
    this.unit = unit;
    this._amount = amount;
    this._duration = duration;
  }

  /** True for count-based retention, false for an age. */
  public get isCountBased(): boolean {
    return this._count !== undefined;
  }

  /**
   * The age in `unit`, for age-based retention (a token when the duration is a token).
   *
   * @throws when an age given as a Duration is not a whole number of days
   */
  public get amount(): number | undefined {
    if (this.isCountBased) return undefined;
    if (this._amount !== undefined) return this._amount;
    const d = this._duration!;
    if (d.isUnresolved()) return d.toDays();
    const days = d.toDays({ integral: false });
    if (!Number.isInteger(days)) {
      throw new Error(`\`Retention.age()\` must be a whole number of days (DLM counts in DAYS, WEEKS, MONTHS or YEARS and this library never rounds), got ${d.toHumanString()}`);
    }
    return days;
  }

  /**
   * A short description, e.g. "7 snapshots" or "14 days".
   */
  public toString(): string {
    if (this._count !== undefined) return Token.isUnresolved(this._count) ? '<token> items' : `${this._count} item${this._count === 1 ? '' : 's'}`;
    if (this._duration && !this._duration.isUnresolved() && !Number.isInteger(this._duration.toDays({ integral: false }))) {
      return this._duration.toHumanString();
    }
    const amount = this._duration && this._duration.isUnresolved() ? undefined : this.amount;
    if (amount === undefined || Token.isUnresolved(amount)) return `<token> ${this.unit!.toLowerCase()}`;
    const unit = this.unit!.toLowerCase();
    return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
  }

  /**
   * The shortest time this retention can mean, in days (undefined for counts and tokens).
   * @internal
   */
  public _minDays(): number | undefined {
    const amount = this.resolvedAmount();
    return amount === undefined ? undefined : amount * UNIT_DAYS[this.unit!].min;
  }

  /**
   * The longest time this retention can mean, in days (undefined for counts and tokens).
   * @internal
   */
  public _maxDays(): number | undefined {
    const amount = this.resolvedAmount();
    return amount === undefined ? undefined : amount * UNIT_DAYS[this.unit!].max;
  }

  private resolvedAmount(): number | undefined {
    if (this.isCountBased) return undefined;
    if (this._duration?.isUnresolved()) return undefined;
    let amount: number | undefined;
    try {
      amount = this.amount;
    } catch {
      return undefined;
    }
    return amount === undefined || Token.isUnresolved(amount) ? undefined : amount;
  }
}
