/**
 * The missed-backup window: at least the rung's worst-case gap (its longest gap + DLM's start
 * tolerance), notice before twice that, and never an alarm CloudWatch refuses (Period x
 * EvaluationPeriods <= 7 days for 1-hour periods).
 */
import * as fc from 'fast-check';
import { ALARM_EVALUATION_CAP_SECONDS, hoursText, missedBackupWindow } from '../../src/monitoring/private/window';

describe('missedBackupWindow', () => {
  test.each([
    // preset rungs: critical (4 h), database (2 h), development (daily), staging (weekly), a monthly rung
    [4, 5, 'alarm', 5],
    [2, 3, 'alarm', 3],
    [24, 25, 'alarm', 25],
    [167, 168, 'alarm', 168],
    [168, 169, 'check', 0],
    [31 * 24, 745, 'check', 0],
  ])('a rung at most %d hours apart waits %d hours (%s, %d periods)', (gap, window, kind, periods) => {
    const w = missedBackupWindow(gap, 1);
    expect({ window: w.windowHours, kind: w.kind, periods: w.evaluationPeriods }).toEqual({ window, kind, periods });
  });

  test('over random ladders: window >= worst-case gap, notice < 2x it, alarms within the cap, checks beyond it', () => {
    // a ladder's rungs (the most frequent one counts): DLM intervals, or cron periods from 1 hour to a year (minutes)
    const gapHours = fc.oneof(
      fc.constantFrom(1, 2, 3, 4, 6, 8, 12, 24),
      fc.integer({ min: 60, max: 366 * 24 * 60 }).map((m) => m / 60),
    );
    fc.assert(fc.property(fc.array(gapHours, { minLength: 1, maxLength: 4 }), fc.constantFrom(1, 1.5, 2), (ladder, tolerance) => {
      const gap = Math.min(...ladder);
      const w = missedBackupWindow(gap, tolerance);
      const worst = gap + tolerance;
      expect(w.windowHours).toBeGreaterThanOrEqual(worst);
      expect(w.windowHours).toBeLessThan(2 * worst);
      expect(Number.isInteger(w.windowHours)).toBe(true);
      if (w.kind === 'alarm') {
        expect(w.periodSeconds * w.evaluationPeriods).toBeLessThanOrEqual(ALARM_EVALUATION_CAP_SECONDS);
        expect(w.periodSeconds % 60).toBe(0);
        expect(w.periodSeconds * w.evaluationPeriods).toBe(w.windowHours * 3600);
        // the alarm fires by the end of the period after the window: before twice the worst case
        // (DLM's tolerance is 1 hour and its rungs at least 1 hour apart, so worst >= 2 hours)
        expect(w.latestNoticeHours).toBeLessThan(2 * worst);
      } else {
        // handled: beyond what an alarm may look back, so a scheduled check, no alarm
        expect(w.kind).toBe('check');
        expect(w.windowHours * 3600).toBeGreaterThan(ALARM_EVALUATION_CAP_SECONDS);
        expect(w.evaluationPeriods).toBe(0);
        expect(w.latestNoticeHours).toBe(w.windowHours + w.checkEveryHours);
        expect(w.latestNoticeHours).toBeLessThan(2 * worst);
      }
    }), { numRuns: 500 });
  });

  test.each([[0, 1], [-1, 1], [Number.NaN, 1], [4, -1], [Infinity, 1]])('refuses a gap of %d hours with tolerance %d', (gap, tolerance) => {
    expect(() => missedBackupWindow(gap, tolerance)).toThrow('the gap must be a positive number of hours and the tolerance at least 0');
  });

  test.each([[1, '1 hour'], [5, '5 hours'], [24, '1 day'], [25, '25 hours'], [48, '2 days'], [169, '7 days 1 hour']])('writes %d hours as %s', (h, text) => {
    expect(hoursText(h)).toBe(text);
  });
});
