/**
 * Internal, dependency-free parser and analyzer for EventBridge-style cron
 * expressions, as accepted by Amazon Data Lifecycle Manager and AWS Backup:
 *
 *   cron(Minutes Hours Day-of-month Month Day-of-week Year)
 *
 * - Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12 or JAN-DEC,
 *   Day-of-week 1-7 or SUN-SAT (1 = SUN), Year 1970-2199. All times are UTC.
 * - Wildcards: `*`, `,` lists, `-` ranges (names allowed), `/` increments
 *   (`0/15`, `*\/5`, `5-20/5`) in every field except day-of-week.
 * - Exactly one of day-of-month / day-of-week must be `?`.
 * - Day-of-month also accepts `L` (last day), `LW` (last weekday) and `nW`
 *   (weekday nearest to day n, never leaving the month).
 * - Day-of-week also accepts `L` (= 7, Saturday), `nL` (last weekday n of the
 *   month) and `n#k` (k-th weekday n of the month, k 1-5). Like EventBridge,
 *   `L`/`W`/`#` forms must be the only item of their field.
 *
 * The analysis (gaps, firings per year, next firings) is in `cron-analysis.ts`.
 * NOT exported from the package. the public API of the constructs reports
 * results, not these types.
 */

/** Day-of-month rule of a parsed cron expression. */
export type DayOfMonthRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'days'; readonly days: readonly number[] }
  | { readonly kind: 'last' }
  | { readonly kind: 'lastWeekday' }
  | { readonly kind: 'nearestWeekday'; readonly day: number };

/** Day-of-week rule of a parsed cron expression (weekday 1 = SUN ... 7 = SAT). */
export type DayOfWeekRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'days'; readonly days: readonly number[] }
  | { readonly kind: 'lastInMonth'; readonly weekday: number }
  | { readonly kind: 'nthInMonth'; readonly weekday: number; readonly nth: number };

/** A validated cron expression; all value lists are sorted and de-duplicated. */
export interface ParsedCron {
  /** The six fields, upper-cased, single-space separated (without `cron(...)`). */
  readonly fields: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly months: readonly number[];
  readonly dayOfWeek: DayOfWeekRule;
  readonly years: readonly number[];
}

/** Thrown by {@link parseCron} (and everything built on it) for an invalid expression. */
export class CronSyntaxError extends Error {
  /** The offending field (`minutes`, `hours`, `day-of-month`, `month`, `day-of-week`, `year`), if any. */
  public readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(field === undefined ? message : `field \`${field}\`: ${message}`);
    this.name = 'CronSyntaxError';
    this.field = field;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// ---------------------------------------------------------------------------
// Field specifications
// ---------------------------------------------------------------------------

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Readonly<Record<string, number>> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};
const WEEKDAY_NAMES: Readonly<Record<string, number>> = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: FieldSpec = { name: 'day-of-week', min: 1, max: 7, names: WEEKDAY_NAMES };
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199 };

/** The years a cron expression may name. */
export const CRON_YEARS = Object.freeze({ min: YEAR.min, max: YEAR.max });

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

const PARSE_CACHE_LIMIT = 256;
const parseCache = new Map<string, ParsedCron>();

/**
 * Parses `cron(...)` or the bare six fields. Throws {@link CronSyntaxError}. Memoized by
 * expression string (an app repeats the same few cadences across many policies).
 */
export function parseCron(expression: string): ParsedCron {
  const cached = parseCache.get(expression);
  if (cached) return cached;
  const parsed = parseUncached(expression);
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(expression, parsed);
  return parsed;
}

function parseUncached(expression: string): ParsedCron {
  const fields = splitFields(expression);
  checkDayFieldPairing(fields[2], fields[4]);
  return {
    fields: fields.join(' '),
    minutes: parseList(fields[0], MINUTES),
    hours: parseList(fields[1], HOURS),
    dayOfMonth: parseDayOfMonth(fields[2]),
    months: parseList(fields[3], MONTH),
    dayOfWeek: parseDayOfWeek(fields[4]),
    years: parseList(fields[5], YEAR),
  };
}

function splitFields(expression: string): string[] {
  if (typeof expression !== 'string') {
    throw new CronSyntaxError(`expected a string, got ${typeof expression}`);
  }
  const trimmed = expression.trim();
  const wrapped = /^cron\((.*)\)$/s.exec(trimmed);
  if (!wrapped && /^[a-z]+\(/i.test(trimmed)) {
    throw new CronSyntaxError(`\`${trimmed}\` is not a cron expression; expected cron(Minutes Hours Day-of-month Month Day-of-week Year)`);
  }
  const body = (wrapped ? wrapped[1] : trimmed).trim();
  const fields = body === '' ? [] : body.toUpperCase().split(/\s+/);
  if (fields.length !== 6) {
    throw new CronSyntaxError(`expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got ${fields.length} in \`${trimmed}\``);
  }
  return fields;
}

function checkDayFieldPairing(dayOfMonth: string, dayOfWeek: string): void {
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    throw new CronSyntaxError('day-of-month and day-of-week cannot both be `?`; exactly one of them must be `?`', DAY_OF_WEEK.name);
  }
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    throw new CronSyntaxError(
      `day-of-month (\`${dayOfMonth}\`) and day-of-week (\`${dayOfWeek}\`) cannot both be specified; exactly one of them must be \`?\``,
      DAY_OF_WEEK.name,
    );
  }
}

function fieldError(spec: FieldSpec, message: string): CronSyntaxError {
  return new CronSyntaxError(message, spec.name);
}

/** Rejects `?`, `L`, `W` and `#` where the field does not support them. */
function rejectSpecialChars(token: string, spec: FieldSpec): void {
  if (token.includes('?')) {
    const isDayField = spec === DAY_OF_MONTH || spec === DAY_OF_WEEK;
    throw fieldError(spec, isDayField ? '`?` must be the whole field' : '`?` is only allowed in day-of-month and day-of-week');
  }
  if (token.includes('#')) {
    throw fieldError(spec, '`#` is only allowed in day-of-week');
  }
  for (const item of token.split(',')) {
    if (/^(\d*L|L-\d+|LW)$/.test(item)) {
      throw fieldError(spec, `\`${item}\`: \`L\` is only allowed in day-of-month and day-of-week`);
    }
    if (/^\d+W$/.test(item)) {
      throw fieldError(spec, `\`${item}\`: \`W\` is only allowed in day-of-month`);
    }
  }
}

/** Parses a `,`-separated list of values, ranges and increments into sorted unique values. */
function parseList(token: string, spec: FieldSpec): number[] {
  rejectSpecialChars(token, spec);
  const values = new Set<number>();
  for (const item of token.split(',')) {
    for (const value of parseItem(item, spec)) {
      values.add(value);
    }
  }
  return [...values].sort((a, b) => a - b);
}

function parseItem(item: string, spec: FieldSpec): number[] {
  if (item === '') {
    throw fieldError(spec, 'empty list item');
  }
  const parts = item.split('/');
  if (parts.length > 2) {
    throw fieldError(spec, `\`${item}\` is malformed (more than one \`/\`)`);
  }
  const [rangePart, stepPart] = parts;
  const step = stepPart === undefined ? 1 : parseStep(stepPart, spec);
  const [start, end] = parseRange(rangePart, stepPart !== undefined, spec);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) {
    values.push(v);
  }
  return values;
}

function parseRange(text: string, stepped: boolean, spec: FieldSpec): [number, number] {
  if (text === '*') {
    return [spec.min, spec.max];
  }
  const bounds = text.split('-');
  if (bounds.length > 2) {
    throw fieldError(spec, `\`${text}\` is malformed (more than one \`-\`)`);
  }
  const start = parseValue(bounds[0], spec);
  if (bounds.length === 1) {
    return [start, stepped ? spec.max : start];
  }
  const end = parseValue(bounds[1], spec);
  if (start > end) {
    throw fieldError(spec, `range \`${text}\` runs backwards (${start} > ${end})`);
  }
  return [start, end];
}

function parseStep(text: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(text)) {
    throw fieldError(spec, `increment \`${text}\` is not a positive integer`);
  }
  const step = Number(text);
  const span = spec.max - spec.min + 1;
  if (step < 1 || step > span) {
    throw fieldError(spec, `increment ${step} is out of range 1-${span}`);
  }
  return step;
}

function parseValue(text: string, spec: FieldSpec): number {
  if (text === '') {
    throw fieldError(spec, 'missing value');
  }
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      throw fieldError(spec, `${value} is out of range ${spec.min}-${spec.max}`);
    }
    return value;
  }
  if (/^[A-Z]+$/.test(text)) {
    const named = spec.names?.[text];
    if (named === undefined) {
      const expected = spec.names ? `expected one of ${Object.keys(spec.names).join(', ')}` : 'names are not allowed here';
      throw fieldError(spec, `unknown name \`${text}\` (${expected})`);
    }
    return named;
  }
  throw fieldError(spec, `\`${text}\` is not a valid value`);
}

/** Throws unless a special (`L`/`W`/`#`) form is the only item of its field. */
function requireSoleItem(token: string, spec: FieldSpec, what: string): void {
  if (token.includes(',')) {
    throw fieldError(spec, `${what} cannot be combined with other values in \`${token}\``);
  }
}

function parseDayOfMonth(token: string): DayOfMonthRule {
  const spec = DAY_OF_MONTH;
  if (token === '?') {
    return { kind: 'any' };
  }
  if (token.includes('#')) {
    throw fieldError(spec, '`#` is only allowed in day-of-week');
  }
  const items = token.split(',');
  if (items.some((item) => item.includes('L') || item.includes('W'))) {
    requireSoleItem(token, spec, '`L`/`W`');
    return parseDayOfMonthSpecial(token);
  }
  return { kind: 'days', days: parseList(token, spec) };
}

function parseDayOfMonthSpecial(token: string): DayOfMonthRule {
  const spec = DAY_OF_MONTH;
  if (token === 'L') {
    return { kind: 'last' };
  }
  if (token === 'LW') {
    return { kind: 'lastWeekday' };
  }
  if (/^L-\d+$/.test(token)) {
    throw fieldError(spec, `\`${token}\`: offsets from the last day are not supported; use \`L\``);
  }
  const nearest = /^(\d+)W$/.exec(token);
  if (nearest) {
    return { kind: 'nearestWeekday', day: parseValue(nearest[1], spec) };
  }
  throw fieldError(spec, `\`${token}\` is malformed (expected \`L\`, \`LW\` or \`<day>W\`)`);
}

function parseDayOfWeek(token: string): DayOfWeekRule {
  const spec = DAY_OF_WEEK;
  if (token === '?') {
    return { kind: 'any' };
  }
  if (token.includes('/')) {
    throw fieldError(spec, `\`${token}\`: increments (\`/\`) are not supported in day-of-week`);
  }
  if (/\dW|^W|W$/.test(token.replace(/WED/g, ''))) {
    throw fieldError(spec, '`W` is only allowed in day-of-month');
  }
  if (token.includes('#')) {
    requireSoleItem(token, spec, '`#`');
    return parseNthWeekday(token);
  }
  // No weekday name contains `L`, so any `L` is the "last" wildcard.
  if (token.includes('L')) {
    requireSoleItem(token, spec, '`L`');
    return parseLastWeekday(token);
  }
  return { kind: 'days', days: parseList(token, spec) };
}

function parseNthWeekday(token: string): DayOfWeekRule {
  const spec = DAY_OF_WEEK;
  const parts = token.split('#');
  if (parts.length !== 2) {
    throw fieldError(spec, `\`${token}\` is malformed (more than one \`#\`)`);
  }
  const weekday = parseValue(parts[0], spec);
  if (!/^\d+$/.test(parts[1])) {
    throw fieldError(spec, `\`${token}\`: occurrence \`${parts[1]}\` after \`#\` is not a number`);
  }
  const nth = Number(parts[1]);
  if (nth < 1 || nth > 5) {
    throw fieldError(spec, `\`${token}\`: occurrence ${nth} after \`#\` is out of range 1-5`);
  }
  return { kind: 'nthInMonth', weekday, nth };
}

function parseLastWeekday(token: string): DayOfWeekRule {
  if (token === 'L') {
    return { kind: 'days', days: [WEEKDAY_NAMES.SAT] };
  }
  const match = /^([A-Z0-9]+)L$/.exec(token);
  if (!match) {
    throw fieldError(DAY_OF_WEEK, `\`${token}\` is malformed (expected \`L\` or \`<weekday>L\`)`);
  }
  return { kind: 'lastInMonth', weekday: parseValue(match[1], DAY_OF_WEEK) };
}
