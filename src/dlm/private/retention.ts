/**
 * DLM's ranges for a `Retention` (a count 1-1000, or an age up to 100 years; 0 only where an
 * archive rule takes over) and its rendering as DLM's count-or-age pair. NOT exported from the
 * package.
 */
import { MAX_AGE_AMOUNT, MAX_AGE_YEARS } from '../../common/private/retention-units';
import { Retention } from '../../common/retention';
import { checkInteger, Where } from '../../common/validation';

/** Where a retention is used decides what is allowed. */
export interface DlmRetentionCheck {
  /** Counts are allowed (default true). */
  readonly allowCount?: boolean;
  /** 0 is allowed (only where an archive rule takes over). */
  readonly allowZero?: boolean;
  /** The largest count (default 1000). */
  readonly maxCount?: number;
  /** The longest age in years (default 100; AMI deprecation allows 10). */
  readonly maxYears?: number;
}

/** DLM's largest count. */
export const MAX_DLM_COUNT = 1000;

/**
 * DLM's DeprecateRule: "can't be greater than 10 years (120 months, 520 weeks, or 3650 days)".
 */
export const MAX_DEPRECATE_YEARS = 10;

/**
 * Validates a retention against DLM's ranges.
 *
 * @param where the construct and part that uses this retention
 * @param prop the property name to report
 * @param opts whether counts are allowed at all, whether 0 is (with archiving), the largest
 *        count and the longest age in years
 */
export function validateDlmRetention(retention: Retention, where: Where, prop: string, opts: DlmRetentionCheck = {}): void {
  const allowCount = opts.allowCount ?? true;
  const min = opts.allowZero ? 0 : 1;
  if (retention._count !== undefined) {
    if (!allowCount) {
      where.fail(prop, 'must be an age (Retention.age(), weeks(), months() or years()): DLM accepts no count here', `Retention.count(${retention._count})`);
    }
    checkInteger(where, prop, retention._count, min, opts.maxCount ?? MAX_DLM_COUNT, '(count)');
    return;
  }
  let amount: number | undefined;
  try {
    amount = retention.amount;
  } catch (e) {
    where.fail(prop, 'must be a whole number of days', retention._duration);
  }
  const years = opts.maxYears ?? MAX_AGE_YEARS;
  const max = MAX_AGE_AMOUNT[retention.unit!] * years / MAX_AGE_YEARS;
  checkInteger(where, prop, amount, min, max, `${retention.unit!.toLowerCase()} (DLM allows at most ${years} years)`);
}

/** The count-or-age pair as DLM renders it (`Count`, or `Interval` + `IntervalUnit`). */
export function renderDlmRetention(retention: Retention): { count?: number; interval?: number; intervalUnit?: string } {
  if (retention._count !== undefined) return { count: retention._count };
  return { interval: retention.amount, intervalUnit: retention.unit };
}

/** True when the retention keeps nothing (0 items or 0 of a unit: only with an archive rule). */
export function keepsNothing(retention: Retention): boolean {
  return retention.isCountBased ? retention._count === 0 : retention.amount === 0;
}
