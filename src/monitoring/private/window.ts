/**
 * How long the missed-backup alarm of a tier waits for a restore point: a pure function of the
 * longest gap of the tier's most frequent rung and DLM's start tolerance, with CloudWatch's cap
 * on an alarm's evaluation range. NOT exported from the package.
 */

/**
 * CloudWatch's cap on `Period` × `EvaluationPeriods` for periods of one hour or more: 7 days.
 * (Under one hour the cap is one day.)
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const ALARM_EVALUATION_CAP_SECONDS = 604_800;
/** The alarm's period: one hour (the DLM metrics' natural grain; the cap is then 7 days). */
export const ALARM_PERIOD_SECONDS = 3_600;
/** How often the scheduled check of a rung beyond the cap runs. */
export const CHECK_EVERY_HOURS = 24;

/** How a rung's missed backup is detected. */
export interface MissedBackupWindow {
  /** The longest time between two runs of the rung, in hours. */
  readonly gapHours: number;
  /** The worst-case gap: the rung's gap plus the start tolerance, in hours. */
  readonly worstCaseHours: number;
  /** The time without a completed snapshot after which the tier alarms, in whole hours. */
  readonly windowHours: number;
  /**
   * `alarm`: a CloudWatch alarm of `evaluationPeriods` periods of `periodSeconds`, every one
   * empty; `check`: the window is longer than CloudWatch lets an alarm look back (7 days), so an
   * EventBridge Scheduler schedule starts a check every `checkEveryHours` that sums the
   * completions of the last `windowHours` (GetMetricData) and notifies when there were none.
   */
  readonly kind: 'alarm' | 'check';
  /** For `alarm`: the period (0 otherwise). */
  readonly periodSeconds: number;
  /** For `alarm`: the number of periods, each of which must be empty to alarm (0 otherwise). */
  readonly evaluationPeriods: number;
  /** For `check`: how often the check runs (0 otherwise). */
  readonly checkEveryHours: number;
  /**
   * The longest time from the last restore point to the notice: the window plus the time until
   * the current period ends (alarm) or the check next runs (check).
   */
  readonly latestNoticeHours: number;
}

/**
 * The missed-backup window of a rung whose runs are at most `gapHours` apart and start within
 * `toleranceHours` of their scheduled time.
 */
export function missedBackupWindow(gapHours: number, toleranceHours: number): MissedBackupWindow {
  if (!(gapHours > 0) || !Number.isFinite(gapHours) || !(toleranceHours >= 0) || !Number.isFinite(toleranceHours)) {
    throw new Error(`missedBackupWindow: the gap must be a positive number of hours and the tolerance at least 0, got ${gapHours} and ${toleranceHours}`);
  }
  const worstCaseHours = gapHours + toleranceHours;
  const windowHours = Math.ceil(worstCaseHours - 1e-9);
  const periodHours = ALARM_PERIOD_SECONDS / 3600;
  if (windowHours * ALARM_PERIOD_SECONDS <= ALARM_EVALUATION_CAP_SECONDS) {
    const evaluationPeriods = windowHours / periodHours;
    const latestNoticeHours = windowHours + periodHours;
    return { gapHours, worstCaseHours, windowHours, kind: 'alarm', periodSeconds: ALARM_PERIOD_SECONDS, evaluationPeriods, checkEveryHours: 0, latestNoticeHours };
  }
  const latestNoticeHours = windowHours + CHECK_EVERY_HOURS;
  return { gapHours, worstCaseHours, windowHours, kind: 'check', periodSeconds: 0, evaluationPeriods: 0, checkEveryHours: CHECK_EVERY_HOURS, latestNoticeHours };
}

/** "5 hours", "1 hour", "8 days 1 hour" */
export function hoursText(hours: number): string {
  const h = Math.round(hours);
  const days = Math.floor(h / 24);
  const rest = h % 24;
  const parts: string[] = [];
  if (days > 0 && h >= 48) parts.push(`${days} days`);
  else if (days > 0 && h >= 24 && rest === 0) parts.push('1 day');
  if (parts.length === 0) return `${h} hour${h === 1 ? '' : 's'}`;
  if (rest > 0) parts.push(`${rest} hour${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}
