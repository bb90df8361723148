import { Duration, Lazy } from 'aws-cdk-lib';
import { Retention, RetentionUnit } from '../../src';

describe('Retention', () => {
  test.each([
    [Retention.count(7), '7 items', true, undefined],
    [Retention.age(Duration.days(14)), '14 days', false, 14],
    [Retention.age(Duration.hours(48)), '2 days', false, 2],
    [Retention.weeks(1), '1 week', false, 1],
    [Retention.months(12), '12 months', false, 12],
    [Retention.years(2), '2 years', false, 2],
  ])('%s describes itself exactly', (r, text, countBased, amount) => {
    expect(r.toString()).toEqual(text);
    expect(r.isCountBased).toBe(countBased);
    expect(r.amount).toBe(amount);
  });

  test('a duration that is not whole days is refused, never rounded', () => {
    expect(() => Retention.age(Duration.hours(36)).amount).toThrow(/whole number of days.*got 1 day 12 hours/);
  });

  test('unit bounds in days for comparisons', () => {
    expect(Retention.months(1)._minDays()).toBe(28);
    expect(Retention.months(1)._maxDays()).toBe(31);
    expect(Retention.years(1)._maxDays()).toBe(366);
    expect(Retention.weeks(2)._minDays()).toBe(14);
    expect(Retention.count(3)._minDays()).toBeUndefined();
    expect(Retention.months(1).unit).toBe(RetentionUnit.MONTHS);
  });

  test('tokens have no bounds in days', () => {
    expect(Retention.age(Duration.days(Lazy.number({ produce: () => 1 })))._minDays()).toBeUndefined();
  });
});
