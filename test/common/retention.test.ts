import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Retention, RetentionUnit } from '../../src';
import { Where } from '../../src/common/validation';

const where = () => new Where(new Stack(undefined, 'S'), 'here');

describe('Retention', () => {
  test.each([
    [Retention.count(7), { count: 7 }, '7 items'],
    [Retention.age(Duration.days(14)), { interval: 14, intervalUnit: 'DAYS' }, '14 days'],
    [Retention.age(Duration.hours(48)), { interval: 2, intervalUnit: 'DAYS' }, '2 days'],
    [Retention.weeks(1), { interval: 1, intervalUnit: 'WEEKS' }, '1 week'],
    [Retention.months(12), { interval: 12, intervalUnit: 'MONTHS' }, '12 months'],
    [Retention.years(2), { interval: 2, intervalUnit: 'YEARS' }, '2 years'],
  ])('%s renders exactly', (r, rendered, text) => {
    expect(r._render()).toEqual(rendered);
    expect(r.toString()).toEqual(text);
  });

  test('a duration that is not whole days is refused, never rounded', () => {
    expect(() => Retention.age(Duration.hours(36)).amount).toThrow(/whole number of days.*got 1 day 12 hours/);
    expect(() => Retention.age(Duration.hours(36))._validate(where(), 'retention')).toThrow(/\[S\] here: `retention` must be a whole number of days, got 1 day 12 hours/);
  });

  test('unit bounds in days for comparisons', () => {
    expect(Retention.months(1)._minDays()).toBe(28);
    expect(Retention.months(1)._maxDays()).toBe(31);
    expect(Retention.years(1)._maxDays()).toBe(366);
    expect(Retention.weeks(2)._minDays()).toBe(14);
    expect(Retention.count(3)._minDays()).toBeUndefined();
    expect(Retention.months(1).unit).toBe(RetentionUnit.MONTHS);
  });

  test.each([
    ['count 1000', Retention.count(1000), true],
    ['count 1001', Retention.count(1001), false],
    ['count 0', Retention.count(0), false],
    ['36500 days', Retention.age(Duration.days(36500)), true],
    ['36501 days', Retention.age(Duration.days(36501)), false],
    ['100 years', Retention.years(100), true],
    ['101 years', Retention.years(101), false],
    ['1201 months', Retention.months(1201), false],
    ['5201 weeks', Retention.weeks(5201), false],
    ['1.5 weeks', Retention.weeks(1.5), false],
  ])('%s valid=%s', (_name, r, valid) => {
    const check = () => r._validate(where(), 'retention');
    if (valid) expect(check).not.toThrow();
    else expect(check).toThrow(/\[S\] here: `retention` must be an integer/);
  });

  test('zero is allowed only where archiving allows it; counts only where allowed', () => {
    expect(() => Retention.count(0)._validate(where(), 'retention', { allowZero: true })).not.toThrow();
    expect(() => Retention.count(3)._validate(where(), 'copy', { allowCount: false })).toThrow(/`copy` must be an age .* got "Retention.count\(3\)"/);
  });

  test('tokens pass validation', () => {
    const r = Retention.count(Lazy.number({ produce: () => 5000 }));
    expect(() => r._validate(where(), 'retention')).not.toThrow();
    expect(Retention.age(Duration.days(Lazy.number({ produce: () => 1 })))._minDays()).toBeUndefined();
  });
});
