/**
 * Tests for the internal EventBridge-style cron analyzer (src/common/cron.ts):
 * parsing and validation, next-firing enumeration for every syntax feature,
 * gap analysis, and property-based cross-checks against a naive reference.
 */
import * as fc from 'fast-check';
import { CronSyntaxError, ParsedCron, parseCron } from '../../../src/common/private/cron';
import { analyzeCron, CRON_ANALYSIS_HORIZON, nextFirings } from '../../../src/common/private/cron-analysis';

const MINUTE = 1;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MS_PER_DAY = 86_400_000;

/** ISO timestamps without seconds, e.g. `2030-01-07T03:00Z`. */
function firings(expression: string, fromIso: string, count: number): string[] {
  return nextFirings(expression, new Date(fromIso), count).map((d) => d.toISOString().replace(':00.000Z', 'Z'));
}

function parseError(expression: string): CronSyntaxError {
  try {
    parseCron(expression);
  } catch (e) {
    if (e instanceof CronSyntaxError) {
      return e;
    }
    throw e;
  }
  throw new Error(`expected \`${expression}\` to be rejected`);
}

describe('parseCron', () => {
  test('parses every field into sorted, unique values', () => {
    expect(parseCron('cron(30,0,15,0 8-10 ? JAN,MAR-APR MON-WED,FRI 2031-2033)')).toEqual({
      fields: '30,0,15,0 8-10 ? JAN,MAR-APR MON-WED,FRI 2031-2033',
      minutes: [0, 15, 30],
      hours: [8, 9, 10],
      dayOfMonth: { kind: 'any' },
      months: [1, 3, 4],
      dayOfWeek: { kind: 'days', days: [2, 3, 4, 6] },
      years: [2031, 2032, 2033],
    });
  });

  test.each<[string, Partial<ParsedCron>]>([
    ['0/15 * * * ? *', { minutes: [0, 15, 30, 45] }],
    ['*/20 * * * ? *', { minutes: [0, 20, 40] }],
    ['5-20/5 * * * ? *', { minutes: [5, 10, 15, 20] }],
    ['10/20 * * * ? *', { minutes: [10, 30, 50] }],
    ['0 */6 * * ? *', { hours: [0, 6, 12, 18] }],
    ['0 0 1/10 * ? *', { dayOfMonth: { kind: 'days', days: [1, 11, 21, 31] } }],
    ['0 0 * */3 ? *', { months: [1, 4, 7, 10] }],
    ['0 0 * FEB/5 ? *', { months: [2, 7, 12] }],
    ['0 0 * * ? 2030/50', { years: [2030, 2080, 2130, 2180] }],
    ['0 0 L * ? *', { dayOfMonth: { kind: 'last' } }],
    ['0 0 LW * ? *', { dayOfMonth: { kind: 'lastWeekday' } }],
    ['0 0 15W * ? *', { dayOfMonth: { kind: 'nearestWeekday', day: 15 } }],
    ['0 0 ? * L *', { dayOfWeek: { kind: 'days', days: [7] } }],
    ['0 0 ? * 5L *', { dayOfWeek: { kind: 'lastInMonth', weekday: 5 } }],
    ['0 0 ? * FRIL *', { dayOfWeek: { kind: 'lastInMonth', weekday: 6 } }],
    ['0 0 ? * 3#2 *', { dayOfWeek: { kind: 'nthInMonth', weekday: 3, nth: 2 } }],
    ['0 0 ? * TUE#5 *', { dayOfWeek: { kind: 'nthInMonth', weekday: 3, nth: 5 } }],
    ['0 0 ? * SUN,SAT *', { dayOfWeek: { kind: 'days', days: [1, 7] } }],
    ['0 0 ? jan-feb mon *', { months: [1, 2], dayOfWeek: { kind: 'days', days: [2] } }],
  ])('%s', (expression, expected) => {
    expect(parseCron(expression)).toMatchObject(expected);
  });

  test('accepts `cron(...)`, bare fields and extra whitespace alike', () => {
    const canonical = parseCron('cron(0 3 ? * MON *)');
    expect(parseCron('0 3 ? * MON *')).toEqual(canonical);
    expect(parseCron('  cron(  0   3 ?\t* mon *  )  ')).toEqual(canonical);
  });

  test('`*` in day-of-month means every day', () => {
    expect(parseCron('0 0 * * ? *').dayOfMonth).toEqual({ kind: 'days', days: Array.from({ length: 31 }, (_, i) => i + 1) });
  });
});

describe('parseCron errors', () => {
  test.each<[string, RegExp]>([
    // structure
    ['', /expected 6 fields .* got 0/],
    ['cron()', /expected 6 fields .* got 0/],
    ['cron(0 0 * * ?)', /expected 6 fields .* got 5/],
    ['cron(0 0 * * ? * *)', /expected 6 fields .* got 7/],
    ['0 0 * * ? * 0', /expected 6 fields .* got 7/],
    ['rate(5 minutes)', /`rate\(5 minutes\)` is not a cron expression/],
    ['cron(0 0 * * * *)', /^field `day-of-week`: day-of-month \(`\*`\) and day-of-week \(`\*`\) cannot both be specified/],
    ['cron(0 0 1 * MON *)', /^field `day-of-week`: .*cannot both be specified; exactly one of them must be `\?`/],
    ['cron(0 0 ? * ? *)', /^field `day-of-week`: day-of-month and day-of-week cannot both be `\?`/],
    // out of range
    ['cron(60 0 * * ? *)', /^field `minutes`: 60 is out of range 0-59$/],
    ['cron(0 25 * * ? *)', /^field `hours`: 25 is out of range 0-23$/],
    ['cron(0 0-24 * * ? *)', /^field `hours`: 24 is out of range 0-23$/],
    ['cron(0 0 32 * ? *)', /^field `day-of-month`: 32 is out of range 1-31$/],
    ['cron(0 0 0 * ? *)', /^field `day-of-month`: 0 is out of range 1-31$/],
    ['cron(0 0 * 13 ? *)', /^field `month`: 13 is out of range 1-12$/],
    ['cron(0 0 * 0 ? *)', /^field `month`: 0 is out of range 1-12$/],
    ['cron(0 0 ? * 8 *)', /^field `day-of-week`: 8 is out of range 1-7$/],
    ['cron(0 0 ? * 0 *)', /^field `day-of-week`: 0 is out of range 1-7$/],
    ['cron(0 0 * * ? 1969)', /^field `year`: 1969 is out of range 1970-2199$/],
    ['cron(0 0 * * ? 2030-2200)', /^field `year`: 2200 is out of range 1970-2199$/],
    // increments
    ['cron(0/0 * * * ? *)', /^field `minutes`: increment 0 is out of range 1-60$/],
    ['cron(*/90 * * * ? *)', /^field `minutes`: increment 90 is out of range 1-60$/],
    ['cron(0 */25 * * ? *)', /^field `hours`: increment 25 is out of range 1-24$/],
    ['cron(0/x * * * ? *)', /^field `minutes`: increment `X` is not a positive integer$/],
    ['cron(0/ * * * ? *)', /^field `minutes`: increment `` is not a positive integer$/],
    ['cron(0/-5 * * * ? *)', /^field `minutes`: increment `-5` is not a positive integer$/],
    ['cron(0 0 * */0 ? *)', /^field `month`: increment 0 is out of range 1-12$/],
    ['cron(1//2 * * * ? *)', /^field `minutes`: `1\/\/2` is malformed \(more than one `\/`\)$/],
    ['cron(0 0 ? * */2 *)', /^field `day-of-week`: `\*\/2`: increments \(`\/`\) are not supported in day-of-week$/],
    // malformed tokens
    ['cron(1-2-3 * * * ? *)', /^field `minutes`: `1-2-3` is malformed \(more than one `-`\)$/],
    ['cron(1,,2 * * * ? *)', /^field `minutes`: empty list item$/],
    ['cron(0, * * * ? *)', /^field `minutes`: empty list item$/],
    ['cron(-5 * * * ? *)', /^field `minutes`: missing value$/],
    ['cron(5- * * * ? *)', /^field `minutes`: missing value$/],
    ['cron(20-10 * * * ? *)', /^field `minutes`: range `20-10` runs backwards \(20 > 10\)$/],
    ['cron(0 0 ? * FRI-MON *)', /^field `day-of-week`: range `FRI-MON` runs backwards \(6 > 2\)$/],
    ['cron(1.5 * * * ? *)', /^field `minutes`: `1.5` is not a valid value$/],
    ['cron(0 0 * * ? 20x0)', /^field `year`: `20X0` is not a valid value$/],
    ['cron(0 ? * * ? *)', /^field `hours`: `\?` is only allowed in day-of-month and day-of-week$/],
    ['cron(0 0 ?,1 * ? *)', /^field `day-of-month`: `\?` must be the whole field$/],
    ['cron(0 0 ? * ?,MON *)', /^field `day-of-week`: `\?` must be the whole field$/],
    // names
    ['cron(0 0 ? FOO MON *)', /^field `month`: unknown name `FOO` \(expected one of JAN, FEB, .*DEC\)$/],
    ['cron(0 0 ? JAN-FOO MON *)', /^field `month`: unknown name `FOO`/],
    ['cron(0 0 ? * FUN *)', /^field `day-of-week`: unknown name `FUN` \(expected one of SUN, MON, .*SAT\)$/],
    ['cron(0 0 ? * MONDAY *)', /^field `day-of-week`: unknown name `MONDAY`/],
    ['cron(A * * * ? *)', /^field `minutes`: unknown name `A` \(names are not allowed here\)$/],
    ['cron(0 0 MON * ? *)', /^field `day-of-month`: unknown name `MON` \(names are not allowed here\)$/],
    ['cron(0 0 * * ? MMXXX)', /^field `year`: unknown name `MMXXX`/],
    // L, W and # in the wrong field or form
    ['cron(L 0 * * ? *)', /^field `minutes`: `L`: `L` is only allowed in day-of-month and day-of-week$/],
    ['cron(0 L * * ? *)', /^field `hours`: `L`: `L` is only allowed in day-of-month and day-of-week$/],
    ['cron(0 0 * 5L ? *)', /^field `month`: `5L`: `L` is only allowed in day-of-month and day-of-week$/],
    ['cron(0 0 * * ? L)', /^field `year`: `L`: `L` is only allowed/],
    ['cron(15W 0 * * ? *)', /^field `minutes`: `15W`: `W` is only allowed in day-of-month$/],
    ['cron(0 0 * 1W ? *)', /^field `month`: `1W`: `W` is only allowed in day-of-month$/],
    ['cron(0 0 ? * 2W *)', /^field `day-of-week`: `W` is only allowed in day-of-month$/],
    ['cron(0 0 ? * W *)', /^field `day-of-week`: `W` is only allowed in day-of-month$/],
    ['cron(0 0 3#2 * ? *)', /^field `day-of-month`: `#` is only allowed in day-of-week$/],
    ['cron(0 0 * 3#2 ? *)', /^field `month`: `#` is only allowed in day-of-week$/],
    ['cron(0 3#2 * * ? *)', /^field `hours`: `#` is only allowed in day-of-week$/],
    ['cron(0 0 L-3 * ? *)', /^field `day-of-month`: `L-3`: offsets from the last day are not supported; use `L`$/],
    ['cron(0 0 L,15 * ? *)', /^field `day-of-month`: `L`\/`W` cannot be combined with other values in `L,15`$/],
    ['cron(0 0 1W,15W * ? *)', /^field `day-of-month`: `L`\/`W` cannot be combined/],
    ['cron(0 0 32W * ? *)', /^field `day-of-month`: 32 is out of range 1-31$/],
    ['cron(0 0 0W * ? *)', /^field `day-of-month`: 0 is out of range 1-31$/],
    ['cron(0 0 W * ? *)', /^field `day-of-month`: `W` is malformed \(expected `L`, `LW` or `<day>W`\)$/],
    ['cron(0 0 1-5W * ? *)', /^field `day-of-month`: `1-5W` is malformed/],
    ['cron(0 0 WL * ? *)', /^field `day-of-month`: `WL` is malformed/],
    ['cron(0 0 ? * 5L,6 *)', /^field `day-of-week`: `L` cannot be combined with other values in `5L,6`$/],
    ['cron(0 0 ? * L5 *)', /^field `day-of-week`: `L5` is malformed \(expected `L` or `<weekday>L`\)$/],
    ['cron(0 0 ? * 8L *)', /^field `day-of-week`: 8 is out of range 1-7$/],
    ['cron(0 0 ? * XL *)', /^field `day-of-week`: unknown name `X`/],
    ['cron(0 0 ? * 3#6 *)', /^field `day-of-week`: `3#6`: occurrence 6 after `#` is out of range 1-5$/],
    ['cron(0 0 ? * 3#0 *)', /^field `day-of-week`: `3#0`: occurrence 0 after `#` is out of range 1-5$/],
    ['cron(0 0 ? * 3#X *)', /^field `day-of-week`: `3#X`: occurrence `X` after `#` is not a number$/],
    ['cron(0 0 ? * 3# *)', /^field `day-of-week`: `3#`: occurrence `` after `#` is not a number$/],
    ['cron(0 0 ? * #2 *)', /^field `day-of-week`: missing value$/],
    ['cron(0 0 ? * 9#1 *)', /^field `day-of-week`: 9 is out of range 1-7$/],
    ['cron(0 0 ? * 3#1#2 *)', /^field `day-of-week`: `3#1#2` is malformed \(more than one `#`\)$/],
    ['cron(0 0 ? * 3#1,6#3 *)', /^field `day-of-week`: `#` cannot be combined with other values in `3#1,6#3`$/],
  ])('%s', (expression, message) => {
    const error = parseError(expression);
    expect(error).toBeInstanceOf(CronSyntaxError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CronSyntaxError');
    expect(error.message).toMatch(message);
  });

  test('exposes the offending field', () => {
    expect(parseError('cron(0 25 * * ? *)').field).toBe('hours');
    expect(parseError('cron(0 0 * * ?)').field).toBeUndefined();
  });

  test('rejects a non-string', () => {
    expect(() => parseCron(undefined as unknown as string)).toThrow(/expected a string, got undefined/);
  });

  test('analyzeCron and nextFirings propagate syntax errors', () => {
    expect(() => analyzeCron('cron(0 25 * * ? *)')).toThrow(CronSyntaxError);
    expect(() => nextFirings('cron(0 0 * * * *)', new Date(0), 1)).toThrow(CronSyntaxError);
  });
});

describe('nextFirings', () => {
  test.each<[string, string, string, number, string[]]>([
    ['day-of-week name', 'cron(0 3 ? * MON *)', '2030-01-01T00:00Z', 4,
      ['2030-01-07T03:00Z', '2030-01-14T03:00Z', '2030-01-21T03:00Z', '2030-01-28T03:00Z']],
    ['day-of-week number (2 = MON)', 'cron(0 3 ? * 2 *)', '2030-01-01T00:00Z', 2, ['2030-01-07T03:00Z', '2030-01-14T03:00Z']],
    ['day-of-week range', 'cron(0 9 ? * MON-FRI *)', '2030-01-03T10:00Z', 4,
      ['2030-01-04T09:00Z', '2030-01-07T09:00Z', '2030-01-08T09:00Z', '2030-01-09T09:00Z']],
    ['day-of-week list (1 = SUN, 7 = SAT)', 'cron(0 12 ? * 1,7 *)', '2030-01-01T00:00Z', 4,
      ['2030-01-05T12:00Z', '2030-01-06T12:00Z', '2030-01-12T12:00Z', '2030-01-13T12:00Z']],
    ['`L` alone in day-of-week is Saturday', 'cron(0 0 ? * L *)', '2030-01-01T00:00Z', 2, ['2030-01-05T00:00Z', '2030-01-12T00:00Z']],
    ['last day of month, incl. leap February', 'cron(0 0 L * ? *)', '2032-01-01T00:00Z', 4,
      ['2032-01-31T00:00Z', '2032-02-29T00:00Z', '2032-03-31T00:00Z', '2032-04-30T00:00Z']],
    ['last day of a non-leap February', 'cron(0 0 L 2 ? *)', '2030-01-01T00:00Z', 3,
      ['2030-02-28T00:00Z', '2031-02-28T00:00Z', '2032-02-29T00:00Z']],
    ['third Friday (6#3)', 'cron(0 9 ? * 6#3 *)', '2030-01-01T00:00Z', 4,
      ['2030-01-18T09:00Z', '2030-02-15T09:00Z', '2030-03-15T09:00Z', '2030-04-19T09:00Z']],
    ['second Tuesday by name (TUE#2)', 'cron(0 9 ? * TUE#2 *)', '2030-01-01T00:00Z', 2, ['2030-01-08T09:00Z', '2030-02-12T09:00Z']],
    ['fifth Sunday skips months without one', 'cron(0 0 ? * 1#5 *)', '2030-01-01T00:00Z', 4,
      ['2030-03-31T00:00Z', '2030-06-30T00:00Z', '2030-09-29T00:00Z', '2030-12-29T00:00Z']],
    ['last Thursday (5L)', 'cron(0 9 ? * 5L *)', '2030-01-01T00:00Z', 4,
      ['2030-01-31T09:00Z', '2030-02-28T09:00Z', '2030-03-28T09:00Z', '2030-04-25T09:00Z']],
    ['15W: Saturday 15th moves to Friday 14th', 'cron(0 9 15W * ? *)', '2030-05-20T00:00Z', 2, ['2030-06-14T09:00Z', '2030-07-15T09:00Z']],
    ['15W: Sunday 15th moves to Monday 16th', 'cron(0 9 15W * ? *)', '2030-08-20T00:00Z', 1, ['2030-09-16T09:00Z']],
    ['15W: weekday 15th stays', 'cron(0 9 15W * ? *)', '2030-01-01T00:00Z', 1, ['2030-01-15T09:00Z']],
    ['1W: Saturday 1st moves forward to Monday 3rd (stays in month)', 'cron(0 9 1W * ? *)', '2030-05-20T00:00Z', 1, ['2030-06-03T09:00Z']],
    ['31W: Sunday 31st moves back to Friday 29th; short months skipped', 'cron(0 0 31W * ? *)', '2030-01-01T00:00Z', 3,
      ['2030-01-31T00:00Z', '2030-03-29T00:00Z', '2030-05-31T00:00Z']],
    ['LW: last weekday of month', 'cron(0 0 LW * ? *)', '2030-01-01T00:00Z', 6,
      ['2030-01-31T00:00Z', '2030-02-28T00:00Z', '2030-03-29T00:00Z', '2030-04-30T00:00Z', '2030-05-31T00:00Z', '2030-06-28T00:00Z']],
    ['every 30 minutes', 'cron(0/30 * * * ? *)', '2030-01-01T00:00Z', 5,
      ['2030-01-01T00:00Z', '2030-01-01T00:30Z', '2030-01-01T01:00Z', '2030-01-01T01:30Z', '2030-01-01T02:00Z']],
    ['*/5 minutes', 'cron(*/5 * * * ? *)', '2030-01-01T23:50Z', 4, ['2030-01-01T23:50Z', '2030-01-01T23:55Z', '2030-01-02T00:00Z', '2030-01-02T00:05Z']],
    ['stepped range 5-20/5', 'cron(5-20/5 1 * * ? *)', '2030-01-01T00:00Z', 5,
      ['2030-01-01T01:05Z', '2030-01-01T01:10Z', '2030-01-01T01:15Z', '2030-01-01T01:20Z', '2030-01-02T01:05Z']],
    ['start/step 10/20', 'cron(10/20 4 * * ? *)', '2030-01-01T00:00Z', 4,
      ['2030-01-01T04:10Z', '2030-01-01T04:30Z', '2030-01-01T04:50Z', '2030-01-02T04:10Z']],
    ['hour list', 'cron(0 8,20 * * ? *)', '2030-01-01T09:00Z', 3, ['2030-01-01T20:00Z', '2030-01-02T08:00Z', '2030-01-02T20:00Z']],
    ['hour range with step', 'cron(15 8-17/3 * * ? *)', '2030-01-01T00:00Z', 5,
      ['2030-01-01T08:15Z', '2030-01-01T11:15Z', '2030-01-01T14:15Z', '2030-01-01T17:15Z', '2030-01-02T08:15Z']],
    ['day-of-month list', 'cron(0 0 1,15 * ? *)', '2030-01-01T00:00Z', 3, ['2030-01-01T00:00Z', '2030-01-15T00:00Z', '2030-02-01T00:00Z']],
    ['day-of-month step 1/10 (31 only in long months)', 'cron(0 0 1/10 1-2 ? *)', '2030-01-01T00:00Z', 8,
      ['2030-01-01T00:00Z', '2030-01-11T00:00Z', '2030-01-21T00:00Z', '2030-01-31T00:00Z',
        '2030-02-01T00:00Z', '2030-02-11T00:00Z', '2030-02-21T00:00Z', '2031-01-01T00:00Z']],
    ['day 31 skips 30-day months', 'cron(0 0 31 * ? *)', '2030-03-01T00:00Z', 3, ['2030-03-31T00:00Z', '2030-05-31T00:00Z', '2030-07-31T00:00Z']],
    ['month names and name ranges', 'cron(0 0 1 JAN,APR-MAY ? *)', '2030-01-01T00:00Z', 4,
      ['2030-01-01T00:00Z', '2030-04-01T00:00Z', '2030-05-01T00:00Z', '2031-01-01T00:00Z']],
    ['month step */4', 'cron(0 0 1 */4 ? *)', '2030-01-01T00:00Z', 3, ['2030-01-01T00:00Z', '2030-05-01T00:00Z', '2030-09-01T00:00Z']],
    ['lower-case names', 'cron(0 0 ? jul sun *)', '2030-01-01T00:00Z', 2, ['2030-07-07T00:00Z', '2030-07-14T00:00Z']],
    ['year list', 'cron(0 0 1 1 ? 2031,2033)', '2030-01-01T00:00Z', 5, ['2031-01-01T00:00Z', '2033-01-01T00:00Z']],
    ['year range', 'cron(0 0 1 1 ? 2031-2032)', '2030-01-01T00:00Z', 5, ['2031-01-01T00:00Z', '2032-01-01T00:00Z']],
    ['year step', 'cron(0 0 1 1 ? 2030/5)', '2031-01-01T00:00Z', 2, ['2035-01-01T00:00Z', '2040-01-01T00:00Z']],
    ['leap day', 'cron(0 0 29 2 ? *)', '2030-01-01T00:00Z', 3, ['2032-02-29T00:00Z', '2036-02-29T00:00Z', '2040-02-29T00:00Z']],
    ['a firing exactly at `from` is included', 'cron(0 3 ? * MON *)', '2030-01-07T03:00Z', 1, ['2030-01-07T03:00Z']],
    ['a firing just before `from` is excluded', 'cron(0 3 ? * MON *)', '2030-01-07T03:00:01Z', 1, ['2030-01-14T03:00Z']],
    ['starts before 1970', 'cron(0 0 1 1 ? *)', '1960-06-01T00:00Z', 1, ['1970-01-01T00:00Z']],
    ['ends at the year field', 'cron(0 0 * * ? 2030)', '2030-12-30T00:00Z', 5, ['2030-12-30T00:00Z', '2030-12-31T00:00Z']],
    ['last possible year', 'cron(59 23 31 12 ? *)', '2199-01-01T00:00Z', 2, ['2199-12-31T23:59Z']],
    ['never fires (30 February)', 'cron(0 0 30 2 ? *)', '2030-01-01T00:00Z', 3, []],
    ['year already past', 'cron(0 0 * * ? 2020)', '2030-01-01T00:00Z', 3, []],
  ])('%s: %s', (_title, expression, fromIso, count, expected) => {
    expect(firings(expression, fromIso, count)).toEqual(expected);
  });

  test('count 0 returns nothing', () => {
    expect(nextFirings('cron(* * * * ? *)', new Date(0), 0)).toEqual([]);
  });

  test.each<[string, Date, number, RegExp]>([
    ['invalid date', new Date(Number.NaN), 1, /`from` must be a valid Date/],
    ['negative count', new Date(0), -1, /`count` must be a non-negative integer, got -1/],
    ['fractional count', new Date(0), 1.5, /`count` must be a non-negative integer, got 1.5/],
  ])('rejects %s', (_title, from, count, message) => {
    expect(() => nextFirings('cron(0 0 * * ? *)', from, count)).toThrow(message);
  });
});

describe('analyzeCron', () => {
  test.each<[string, number, number]>([
    ['cron(* * * * ? *)', MINUTE, MINUTE],
    ['cron(0/15 * * * ? *)', 15 * MINUTE, 15 * MINUTE],
    ['cron(0 * * * ? *)', HOUR, HOUR],
    ['cron(0 */4 * * ? *)', 4 * HOUR, 4 * HOUR],
    ['cron(0 8,20 * * ? *)', 12 * HOUR, 12 * HOUR],
    ['cron(0 6,8 * * ? *)', 2 * HOUR, 22 * HOUR],
    ['cron(0 2 * * ? *)', DAY, DAY],
    ['cron(0 9 ? * MON-FRI *)', DAY, 3 * DAY],
    ['cron(0/5 8-17 ? * MON-FRI *)', 5 * MINUTE, 2 * DAY + 14 * HOUR + 5 * MINUTE],
    ['cron(0 3 ? * MON *)', WEEK, WEEK],
    ['cron(0 0 1 * ? *)', 28 * DAY, 31 * DAY],
    ['cron(0 0 L * ? *)', 28 * DAY, 31 * DAY],
    ['cron(0 9 ? * 6#3 *)', 4 * WEEK, 5 * WEEK],
    ['cron(0 0 1 1,7 ? *)', 181 * DAY, 184 * DAY],
    ['cron(0 0 1 1 ? *)', 365 * DAY, 366 * DAY],
    ['cron(0 0 29 2 ? *)', 1461 * DAY, 1461 * DAY],
    ['cron(0 0 1 1 ? 2031,2035)', 1461 * DAY, 1461 * DAY],
    ['cron(0 0 1 1 ? 2031)', Infinity, Infinity],
    ['cron(0 0 1 1 ? 2020)', Infinity, Infinity],
    ['cron(0 0 30 2 ? *)', Infinity, Infinity],
  ])('%s gaps: min %d, max %d minutes', (expression, minGap, maxGap) => {
    const analysis = analyzeCron(expression);
    expect(analysis.minGapMinutes).toBe(minGap);
    expect(analysis.maxGapMinutes).toBe(maxGap);
  });

  const horizonDays = (Date.UTC(CRON_ANALYSIS_HORIZON.endYearExclusive, 0, 1) - Date.UTC(CRON_ANALYSIS_HORIZON.startYear, 0, 1)) / MS_PER_DAY;
  test('the horizon covers eight years and two leap days', () => {
    expect(horizonDays).toBe(2922);
  });

  test.each<[string, number]>([
    ['cron(* * * * ? *)', 525_600],
    ['cron(0 * * * ? *)', 8_760],
    ['cron(0 8,20 * * ? *)', 730],
    ['cron(0 2 * * ? *)', 365],
    ['cron(0 3 ? * MON *)', (417 * 365) / 2922],
    ['cron(0 0 1 * ? *)', (96 * 365) / 2922],
    ['cron(0 0 1 1 ? *)', (8 * 365) / 2922],
    ['cron(0 0 29 2 ? *)', (2 * 365) / 2922],
    ['cron(0 0 1 1 ? 2031)', 365 / 2922],
    ['cron(0 0 30 2 ? *)', 0],
  ])('%s fires %d times per year', (expression, perYear) => {
    expect(analyzeCron(expression).firingsPerYear).toBeCloseTo(perYear, 9);
  });

  test('memoizes by expression string and freezes the result', () => {
    const first = analyzeCron('cron(0 4 * * ? *)');
    expect(analyzeCron('cron(0 4 * * ? *)')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // a different spelling is a different key but the same answer
    expect(analyzeCron('0 4 * * ? *')).toEqual(first);
  });

  test('keeps working past the memo size limit', () => {
    for (let minute = 0; minute < 60; minute++) {
      for (const year of [2040, 2050, 2060, 2070, 2080]) {
        expect(analyzeCron(`cron(${minute} 0 1 1 ? ${year})`).firingsPerYear).toBe(0);
      }
    }
    expect(analyzeCron('cron(0 * * * ? *)').minGapMinutes).toBe(HOUR);
  });
});

// ---------------------------------------------------------------------------
// Property-based cross-checks
// ---------------------------------------------------------------------------

/** Naive, independent reference: does the cron fire on this UTC calendar day? */
function referenceDayMatches(p: ParsedCron, date: Date): boolean {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if (!p.years.includes(year) || !p.months.includes(month)) {
    return false;
  }
  const dayOf = (d: number) => new Date(Date.UTC(year, month - 1, d));
  const inMonth = (d: number) => d >= 1 && dayOf(d).getUTCMonth() === month - 1;
  const isWeekday = (d: number) => dayOf(d).getUTCDay() % 6 !== 0;
  const weekday = date.getUTCDay() + 1;
  return referenceDomMatches(p, day, inMonth, isWeekday) && referenceDowMatches(p, day, weekday, inMonth);
}

function referenceDomMatches(p: ParsedCron, day: number, inMonth: (d: number) => boolean, isWeekday: (d: number) => boolean): boolean {
  const rule = p.dayOfMonth;
  switch (rule.kind) {
    case 'any': return true;
    case 'days': return rule.days.includes(day);
    case 'last': return !inMonth(day + 1);
    case 'lastWeekday': return isWeekday(day) && [1, 2, 3].every((k) => !inMonth(day + k) || !isWeekday(day + k));
    case 'nearestWeekday': {
      if (!inMonth(rule.day)) {
        return false;
      }
      const candidates = [0, -1, 1, -2, 2, -3, 3].map((k) => rule.day + k).filter((d) => inMonth(d) && isWeekday(d));
      return candidates[0] === day;
    }
  }
}

function referenceDowMatches(p: ParsedCron, day: number, weekday: number, inMonth: (d: number) => boolean): boolean {
  const rule = p.dayOfWeek;
  switch (rule.kind) {
    case 'any': return true;
    case 'days': return rule.days.includes(weekday);
    case 'lastInMonth': return weekday === rule.weekday && !inMonth(day + 7);
    case 'nthInMonth': {
      let occurrence = 0;
      for (let d = day; inMonth(d); d -= 7) {
        occurrence++;
      }
      return weekday === rule.weekday && occurrence === rule.nth;
    }
  }
}

/** Up to `limit` firings in [from, until), day by day. */
function referenceFirings(expression: string, from: Date, until: Date, limit: number): number[] {
  const p = parseCron(expression);
  const result: number[] = [];
  for (let dayMs = Math.floor(from.getTime() / MS_PER_DAY) * MS_PER_DAY; dayMs < until.getTime(); dayMs += MS_PER_DAY) {
    if (!referenceDayMatches(p, new Date(dayMs))) {
      continue;
    }
    for (const h of p.hours) {
      for (const m of p.minutes) {
        const ms = dayMs + (h * 60 + m) * 60_000;
        if (ms >= from.getTime() && ms < until.getTime() && result.length < limit) {
          result.push(ms);
        }
      }
    }
  }
  return result;
}

const int = (min: number, max: number) => fc.integer({ min, max });
const range = (min: number, max: number) => fc.tuple(int(min, max), int(min, max)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
const list = (min: number, max: number) => fc.uniqueArray(int(min, max), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(','));
const stepped = (min: number, max: number) => fc.tuple(fc.oneof(fc.constant('*'), int(min, max).map(String)), int(1, max - min + 1))
  .map(([start, step]) => `${start}/${step}`);
const generic = (min: number, max: number) => fc.oneof(fc.constant('*'), int(min, max).map(String), range(min, max), list(min, max), stepped(min, max));

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const monthField = fc.oneof(generic(1, 12), fc.constantFrom(...MONTHS), fc.constant('JAN-JUN'), fc.constant('MAR,SEP'));
const domField = fc.oneof(generic(1, 31), fc.constant('L'), fc.constant('LW'), int(1, 31).map((d) => `${d}W`));
const dowField = fc.oneof(
  fc.constant('*'), int(1, 7).map(String), range(1, 7), list(1, 7), fc.constantFrom(...WEEKDAYS), fc.constant('MON-FRI'),
  fc.constant('L'), int(1, 7).map((w) => `${w}L`), fc.tuple(int(1, 7), int(1, 5)).map(([w, n]) => `${w}#${n}`),
);
const dayFields = fc.oneof(domField.map((dom) => `${dom} MONTH ?`), dowField.map((dow) => `? MONTH ${dow}`));
const yearField = fc.oneof(fc.constant('*'), fc.constant('*'), int(2030, 2040).map(String), range(2030, 2045), stepped(2030, 2040));

const anyCron = fc.tuple(generic(0, 59), generic(0, 23), dayFields, monthField, yearField)
  .map(([minutes, hours, days, month, year]) => `cron(${minutes} ${hours} ${days.replace('MONTH', month)} ${year})`);
/** At most four firings a day, so the whole horizon can be enumerated cheaply. */
const sparseCron = fc.tuple(list(0, 59).map((s) => s.split(',').slice(0, 2).join(',')), list(0, 23).map((s) => s.split(',').slice(0, 2).join(',')),
  dayFields, monthField, yearField)
  .map(([minutes, hours, days, month, year]) => `cron(${minutes} ${hours} ${days.replace('MONTH', month)} ${year})`);

describe('properties', () => {
  test('nextFirings agrees with a naive day-by-day reference', () => {
    const windowDays = 100;
    const limit = 25;
    fc.assert(fc.property(anyCron, int(Date.UTC(2030, 0, 1), Date.UTC(2040, 0, 1)), (expression, fromMs) => {
      const from = new Date(fromMs);
      const until = new Date(fromMs + windowDays * MS_PER_DAY);
      const expected = referenceFirings(expression, from, until, limit);
      const actual = nextFirings(expression, from, limit).map((d) => d.getTime()).filter((ms) => ms < until.getTime());
      expect(actual).toEqual(expected);
    }), { numRuns: 300 });
  });

  test('analyzeCron gaps equal the gaps between enumerated firings', () => {
    const start = new Date(Date.UTC(CRON_ANALYSIS_HORIZON.startYear, 0, 1));
    const end = Date.UTC(CRON_ANALYSIS_HORIZON.endYearExclusive, 0, 1);
    fc.assert(fc.property(sparseCron, (expression) => {
      const all = nextFirings(expression, start, 20_000).map((d) => d.getTime()).filter((ms) => ms < end);
      const gaps = all.slice(1).map((ms, i) => (ms - all[i]) / 60_000);
      const analysis = analyzeCron(expression);
      expect(analysis.minGapMinutes).toBe(gaps.length ? Math.min(...gaps) : Infinity);
      expect(analysis.maxGapMinutes).toBe(gaps.length ? Math.max(...gaps) : Infinity);
      expect(analysis.firingsPerYear).toBeCloseTo((all.length * 365) / 2922, 9);
    }), { numRuns: 150 });
  });

  test('analyzeCron invariants hold for any expression', () => {
    fc.assert(fc.property(anyCron, (expression) => {
      const { minGapMinutes, maxGapMinutes, firingsPerYear } = analyzeCron(expression);
      expect(minGapMinutes).toBeGreaterThanOrEqual(1);
      expect(maxGapMinutes).toBeGreaterThanOrEqual(minGapMinutes);
      expect(firingsPerYear).toBeGreaterThanOrEqual(0);
      expect(firingsPerYear <= 365 / 2922).toBe(minGapMinutes === Infinity);
    }), { numRuns: 300 });
  });
});
