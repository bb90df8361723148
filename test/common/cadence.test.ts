import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Cadence, Weekday } from '../../src';
import { Where } from '../../src/common/validation';

const where = () => new Where(new Stack(undefined, 'S'), 'schedule `X`');

describe('Cadence', () => {
  test.each([
    [Cadence.every(Duration.hours(4)), { interval: 4, intervalUnit: 'HOURS' }, 4, 4],
    [Cadence.every(Duration.hours(12), { startTime: '06:30' }), { interval: 12, intervalUnit: 'HOURS', times: ['06:30'] }, 12, 12],
    [Cadence.daily({ startTime: '02:00' }), { interval: 24, intervalUnit: 'HOURS', times: ['02:00'] }, 24, 24],
    [Cadence.weekly(Weekday.SUNDAY, { startTime: '03:05' }), { cronExpression: 'cron(5 3 ? * SUN *)' }, 168, 168],
    [Cadence.monthly(15), { cronExpression: 'cron(0 0 15 * ? *)' }, 28 * 24, 31 * 24],
    [Cadence.cron({ minute: '0', hour: '*/6' }), { cronExpression: 'cron(0 */6 * * ? *)' }, 6, 6],
    [Cadence.expression('rate(8 hours)'), { interval: 8, intervalUnit: 'HOURS' }, 8, 8],
    [Cadence.fromSchedule(events.Schedule.rate(Duration.days(1))), { interval: 24, intervalUnit: 'HOURS' }, 24, 24],
  ])('%s renders and knows its period', (c, rendered, min, max) => {
    expect(() => c._validateForDlm(where(), 'cadence')).not.toThrow();
    expect(JSON.parse(JSON.stringify(c._renderDlm()))).toEqual(rendered);
    expect(c._minPeriodHours()).toBe(min);
    expect(c._maxPeriodHours()).toBe(max);
  });

  test.each([1, 2, 3, 4, 6, 8, 12, 24])('interval of %d hours is allowed', h => {
    expect(() => Cadence.every(Duration.hours(h))._validateForDlm(where(), 'cadence')).not.toThrow();
  });

  test.each([5, 7, 48])('interval of %d hours is refused with the allowed list', h => {
    expect(() => Cadence.every(Duration.hours(h))._validateForDlm(where(), 'cadence'))
      .toThrow(new RegExp(`^\\[S\\] schedule \`X\`: \`cadence.interval\` must be one of 1, 2, 3, 4, 6, 8, 12, 24 hours .*got ${h} hours$`));
  });

  test.each([
    ['cron(0/30 * * * ? *)', /more often than once an hour/],
    ['cron(0 0 29 2 ? *)', /at least once a year/],
    ['cron(0 0 1 1 ? 2031)', /at least once a year/],
    ['cron(0 0 1 1 ? 2030-2040/2)', /at least once a year/],
    ['cron(0 25 * * ? *)', /not a valid cron expression/],
    ['cron(0 1 * *)', /cron expression/],
    ['every day', /must be a cron expression/],
  ])('%s is refused', (expr, message) => {
    expect(() => Cadence.expression(expr)._validateForDlm(where(), 'cadence')).toThrow(message);
  });

  test.each(['24:00', '3am', '7:00'])('start time %s is refused', t => {
    expect(() => Cadence.daily({ startTime: t })._validateForDlm(where(), 'cadence')).toThrow(/`cadence.startTime` must match hh:mm/);
  });

  test.each(['cron(0 3 * * ? 2026-2029)', 'cron(0 3 * * ? 2040-2050)', 'cron(0 0 1 * ? 2027,2028)'])('%s, limited to years outside the analysis window, is judged by its pattern', expr => {
    expect(() => Cadence.expression(expr)._validateForDlm(where(), 'cadence')).not.toThrow();
  });

  test.each([0, 29])('monthly on day %d is refused', d => {
    expect(() => Cadence.monthly(d)._validateForDlm(where(), 'cadence')).toThrow(/`cadence.dayOfMonth` must be an integer between 1 and 28/);
  });

  test('descriptions', () => {
    expect(Cadence.every(Duration.hours(1)).toString()).toBe('every hour');
    expect(Cadence.every(Duration.hours(4), { startTime: '01:00' }).toString()).toBe('every 4 hours from 01:00 UTC');
    expect(Cadence.weekly(Weekday.MONDAY).toString()).toBe('cron(0 0 ? * MON *)');
  });
});
