import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Cadence, Weekday } from '../../src';

describe('Cadence', () => {
  test.each([
    [Cadence.every(Duration.hours(4)), 4, 4],
    [Cadence.every(Duration.hours(12), { startTime: '06:30' }), 12, 12],
    [Cadence.daily({ startTime: '02:00' }), 24, 24],
    [Cadence.weekly(Weekday.SUNDAY, { startTime: '03:05' }), 168, 168],
    [Cadence.monthly(15), 28 * 24, 31 * 24],
    [Cadence.cron({ minute: '0', hour: '*/6' }), 6, 6],
    [Cadence.expression('rate(8 hours)'), 8, 8],
    [Cadence.fromSchedule(events.Schedule.rate(Duration.days(1))), 24, 24],
  ])('%s knows its period', (c, min, max) => {
    expect(c._minPeriodHours()).toBe(min);
    expect(c._maxPeriodHours()).toBe(max);
  });

  test('weekly and monthly cadences are cron expressions of the start time', () => {
    expect(Cadence.weekly(Weekday.SUNDAY, { startTime: '03:05' }).cronExpression).toBe('cron(5 3 ? * SUN *)');
    expect(Cadence.monthly(15).cronExpression).toBe('cron(0 0 15 * ? *)');
    expect(Cadence.daily({ startTime: '02:00' }).interval?.toHours()).toBe(24);
  });

  test('descriptions', () => {
    expect(Cadence.every(Duration.hours(1)).toString()).toBe('every hour');
    expect(Cadence.every(Duration.hours(4), { startTime: '01:00' }).toString()).toBe('every 4 hours from 01:00 UTC');
    expect(Cadence.weekly(Weekday.MONDAY).toString()).toBe('cron(0 0 ? * MON *)');
  });
});
