import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Cadence, Weekday } from '../../../src';
import { Where } from '../../../src/common/validation';
import { renderDlmCreateRule, validateDlmCadence } from '../../../src/dlm/private/cadence';

const where = () => new Where(new Stack(undefined, 'S'), 'schedule `X`');

describe('a cadence in a DLM create rule', () => {
  test.each([
    [Cadence.every(Duration.hours(4)), { interval: 4, intervalUnit: 'HOURS' }],
    [Cadence.every(Duration.hours(12), { startTime: '06:30' }), { interval: 12, intervalUnit: 'HOURS', times: ['06:30'] }],
    [Cadence.daily({ startTime: '02:00' }), { interval: 24, intervalUnit: 'HOURS', times: ['02:00'] }],
    [Cadence.weekly(Weekday.SUNDAY, { startTime: '03:05' }), { cronExpression: 'cron(5 3 ? * SUN *)' }],
    [Cadence.monthly(15), { cronExpression: 'cron(0 0 15 * ? *)' }],
    [Cadence.cron({ minute: '0', hour: '*/6' }), { cronExpression: 'cron(0 */6 * * ? *)' }],
    [Cadence.expression('rate(8 hours)'), { interval: 8, intervalUnit: 'HOURS' }],
    [Cadence.fromSchedule(events.Schedule.rate(Duration.days(1))), { interval: 24, intervalUnit: 'HOURS' }],
  ])('%s is valid and renders', (c, rendered) => {
    expect(() => validateDlmCadence(c, where(), 'cadence')).not.toThrow();
    expect(JSON.parse(JSON.stringify(renderDlmCreateRule(c)))).toEqual(rendered);
  });

  test.each([1, 2, 3, 4, 6, 8, 12, 24])('interval of %d hours is allowed', h => {
    expect(() => validateDlmCadence(Cadence.every(Duration.hours(h)), where(), 'cadence')).not.toThrow();
  });

  test.each([5, 7, 48])('interval of %d hours is refused with the allowed list', h => {
    expect(() => validateDlmCadence(Cadence.every(Duration.hours(h)), where(), 'cadence'))
      .toThrow(new RegExp(`^\\[S\\] schedule \`X\`: \`cadence.interval\` must be one of 1, 2, 3, 4, 6, 8, 12, 24 hours .*got ${h} hours$`));
  });

  test('a rate expression is shown as given', () => {
    expect(() => validateDlmCadence(Cadence.expression('rate(5 hours)'), where(), 'cadence'))
      .toThrow(/^\[S\] schedule `X`: `cadence.interval` must be one of 1, 2, 3, 4, 6, 8, 12, 24 hours .*got "rate\(5 hours\)"$/);
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
    expect(() => validateDlmCadence(Cadence.expression(expr), where(), 'cadence')).toThrow(message);
  });

  test.each(['24:00', '3am', '7:00'])('start time %s is refused', t => {
    expect(() => validateDlmCadence(Cadence.daily({ startTime: t }), where(), 'cadence')).toThrow(/`cadence.startTime` must match hh:mm/);
  });

  test.each(['cron(0 3 * * ? 2026-2029)', 'cron(0 3 * * ? 2040-2050)', 'cron(0 0 1 * ? 2027,2028)'])('%s, limited to years outside the analysis window, is judged by its pattern', expr => {
    expect(() => validateDlmCadence(Cadence.expression(expr), where(), 'cadence')).not.toThrow();
  });

  test.each([0, 29])('monthly on day %d is refused', d => {
    expect(() => validateDlmCadence(Cadence.monthly(d), where(), 'cadence')).toThrow(/`cadence.dayOfMonth` must be an integer between 1 and 28/);
  });
});
