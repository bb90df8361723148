import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Retention } from '../../../src';
import { Where } from '../../../src/common/validation';
import { MAX_DEPRECATE_YEARS, renderDlmRetention, validateDlmRetention } from '../../../src/dlm/private/retention';

const where = () => new Where(new Stack(undefined, 'S'), 'here');

describe('a retention in a DLM rule', () => {
  test.each([
    [Retention.count(7), { count: 7 }],
    [Retention.age(Duration.days(14)), { interval: 14, intervalUnit: 'DAYS' }],
    [Retention.age(Duration.hours(48)), { interval: 2, intervalUnit: 'DAYS' }],
    [Retention.weeks(1), { interval: 1, intervalUnit: 'WEEKS' }],
    [Retention.months(12), { interval: 12, intervalUnit: 'MONTHS' }],
    [Retention.years(2), { interval: 2, intervalUnit: 'YEARS' }],
  ])('%s renders exactly', (r, rendered) => {
    expect(renderDlmRetention(r)).toEqual(rendered);
  });

  test('a duration that is not whole days is refused, never rounded', () => {
    expect(() => validateDlmRetention(Retention.age(Duration.hours(36)), where(), 'retention'))
      .toThrow(/\[S\] here: `retention` must be a whole number of days, got 1 day 12 hours/);
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
    const check = () => validateDlmRetention(r, where(), 'retention');
    if (valid) expect(check).not.toThrow();
    else expect(check).toThrow(/\[S\] here: `retention` must be an integer/);
  });

  test('the longest age names the unit and DLM\'s ceiling', () => {
    expect(() => validateDlmRetention(Retention.months(1201), where(), 'retention'))
      .toThrow(/^\[S\] here: `retention` must be an integer between 1 and 1200 months \(DLM allows at most 100 years\), got 1201$/);
    expect(() => validateDlmRetention(Retention.weeks(521), where(), 'deprecate', { maxYears: MAX_DEPRECATE_YEARS }))
      .toThrow(/^\[S\] here: `deprecate` must be an integer between 1 and 520 weeks \(DLM allows at most 10 years\), got 521$/);
  });

  test('zero is allowed only where archiving allows it; counts only where allowed', () => {
    expect(() => validateDlmRetention(Retention.count(0), where(), 'retention', { allowZero: true })).not.toThrow();
    expect(() => validateDlmRetention(Retention.count(3), where(), 'copy', { allowCount: false })).toThrow(/`copy` must be an age .* got "Retention.count\(3\)"/);
  });

  test('tokens pass validation', () => {
    const r = Retention.count(Lazy.number({ produce: () => 5000 }));
    expect(() => validateDlmRetention(r, where(), 'retention')).not.toThrow();
  });
});
