/**
 * The pure conversions the plan, the tiers layer and the plan report share:
 * Cadence -> AWS Backup cron expression, Retention -> DeleteAfterDays.
 */
import { CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { backupDeleteAfterDays, backupScheduleExpression } from '../../src/backup/private/render';
import { Cadence, Retention, Weekday } from '../../src/common';
import { Where } from '../../src/common/validation';
import { testApp } from '../harness';

describe('backupScheduleExpression', () => {
  test.each<[string, Cadence, string]>([
    ['every 4 h from 03:00', Cadence.every(Duration.hours(4), { startTime: '03:00' }), 'cron(0 3/4 * * ? *)'],
    ['every 4 h without start time (aligned on midnight UTC)', Cadence.every(Duration.hours(4)), 'cron(0 0/4 * * ? *)'],
    ['every 4 h from 13:20 (first hour of the day is 13 mod 4)', Cadence.every(Duration.hours(4), { startTime: '13:20' }), 'cron(20 1/4 * * ? *)'],
    ['every 2 h', Cadence.every(Duration.hours(2), { startTime: '01:05' }), 'cron(5 1/2 * * ? *)'],
    ['every 12 h from 18:00', Cadence.every(Duration.hours(12), { startTime: '18:00' }), 'cron(0 6/12 * * ? *)'],
    ['every hour from 00:15', Cadence.every(Duration.hours(1), { startTime: '00:15' }), 'cron(15 * * * ? *)'],
    ['every 24 h from 02:30', Cadence.every(Duration.hours(24), { startTime: '02:30' }), 'cron(30 2 * * ? *)'],
    ['daily without start time', Cadence.daily(), 'cron(0 0 * * ? *)'],
    ['rate(1 day)', Cadence.expression('rate(1 day)'), 'cron(0 0 * * ? *)'],
    ['rate(6 hours)', Cadence.expression('rate(6 hours)'), 'cron(0 0/6 * * ? *)'],
    ['weekly', Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), 'cron(0 3 ? * SUN *)'],
    ['monthly', Cadence.monthly(1), 'cron(0 0 1 * ? *)'],
    ['cron passes through', Cadence.cron({ minute: '0', hour: '1', day: 'L' }), 'cron(0 1 L * ? *)'],
    ['hourly cron', Cadence.expression('cron(0 * * * ? *)'), 'cron(0 * * * ? *)'],
  ])('%s', (_, cadence, expected) => {
    // WHEN
    const expression = backupScheduleExpression(cadence);
    // THEN
    expect(expression).toEqual(expected);
    expect(events.Schedule.expression(expression).expressionString).toEqual(expected);
  });

  test.each<[string, Cadence, RegExp]>([
    ['an interval that does not divide 24 hours', Cadence.every(Duration.hours(5)), /`cadence` must have an `interval` of 1, 2, 3, 4, 6, 8, 12, 24 hours to be one AWS Backup cron expression .*, got every 5 hours/],
    ['an interval longer than a day', Cadence.every(Duration.hours(48)), /`cadence` must have an `interval` of 1, 2, 3, 4, 6, 8, 12, 24 hours.*, got every 2 days/],
    ['more often than hourly (rate)', Cadence.expression('rate(30 minutes)'), /`cadence` must not run more often than once an hour \(AWS Backup's shortest backup frequency\), got every 30 minutes/],
    ['more often than hourly (cron)', Cadence.expression('cron(0/30 * * * ? *)'), /`cadence` must not run more often than once an hour .*; it runs 30 minutes apart, got "cron\(0\/30 \* \* \* \? \*\)"/],
    ['an invalid cron', Cadence.expression('cron(0 25 * * ? *)'), /`cadence` must be a valid cron expression `cron\(Minutes Hours Day-of-month Month Day-of-week Year\)` \(.*hours.*\), got "cron\(0 25 \* \* \? \*\)"/],
  ])('%s is an error', (_, cadence, message) => {
    expect(() => backupScheduleExpression(cadence)).toThrow(message);
  });

  test('errors name the construct path and property when a Where is given', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack');
    const where = new Where(stack, 'rule `Hourly`');
    // THEN
    expect(() => backupScheduleExpression(Cadence.every(Duration.hours(7)), where, 'cadence'))
      .toThrow(/^\[Stack\] rule `Hourly`: `cadence` must have an `interval` of 1, 2, 3, 4, 6, 8, 12, 24 hours.*, got every 7 hours$/);
    expect(() => backupScheduleExpression(Cadence.every(Duration.hours(4), { startTime: '25:00' }), where))
      .toThrow(/^\[Stack\] rule `Hourly`: `cadence.startTime` must be hh:mm in UTC \(00:00 to 23:59\), got "25:00"$/);
  });

  test('tokens: a token cron passes through, a token interval renders a step, a token start time is an error', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack');
    const expr = new CfnParameter(stack, 'Expr').valueAsString;
    const hours = Lazy.number({ produce: () => 6 });
    // THEN
    expect(backupScheduleExpression(Cadence.expression(expr))).toEqual(expr);
    expect(stack.resolve(backupScheduleExpression(Cadence.every(Duration.hours(hours))))).toEqual('cron(0 0/6 * * ? *)');
    expect(() => backupScheduleExpression(Cadence.every(Duration.hours(4), { startTime: expr })))
      .toThrow(/`cadence` must have a `startTime` known at synth time/);
    expect(() => backupScheduleExpression(Cadence.every(Duration.hours(hours), { startTime: '03:00' })))
      .toThrow(/`cadence` must have an `interval` known at synth time when a `startTime` is given/);
    expect(() => backupScheduleExpression(Cadence.every(Duration.minutes(hours))))
      .toThrow(/`cadence` must have a token `interval` given in hours/);
  });
});

describe('backupDeleteAfterDays', () => {
  test.each<[string, Retention, number]>([
    ['days are exact', Retention.age(Duration.days(30)), 30],
    ['a Duration in hours that is whole days', Retention.age(Duration.hours(48)), 2],
    ['weeks are 7 days', Retention.weeks(4), 28],
    ['months count 31 days', Retention.months(12), 372],
    ['one month is 31 days', Retention.months(1), 31],
    ['years count 366 days', Retention.years(2), 732],
    ['7 years', Retention.years(7), 2562],
  ])('%s', (_, retention, days) => {
    expect(backupDeleteAfterDays(retention)).toEqual(days);
    // never shorter than the longest reading of what was declared
    expect(backupDeleteAfterDays(retention)).toBeGreaterThanOrEqual(retention._maxDays()!);
  });

  test('undefined when AWS Backup cannot express it', () => {
    expect(backupDeleteAfterDays(Retention.count(7))).toBeUndefined();
    expect(backupDeleteAfterDays(Retention.age(Duration.hours(36)))).toBeUndefined();
    expect(backupDeleteAfterDays(Retention.months(Lazy.number({ produce: () => 3 })))).toBeUndefined();
  });

  test('a token in days passes through', () => {
    const stack = new Stack(testApp(), 'Stack');
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    expect(stack.resolve(backupDeleteAfterDays(Retention.age(Duration.days(days))))).toEqual({ Ref: 'Days' });
  });
});
