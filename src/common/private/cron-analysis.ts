/**
 * Internal analysis of EventBridge-style cron expressions parsed by `cron.ts`: the
 * shortest and longest gap between firings and the firings per year, over a fixed
 * horizon of calendar days (never minutes), so it is deterministic and fast; and the
 * next firings after a date. NOT exported from src/index.ts.
 */
import { CRON_YEARS, DayOfMonthRule, ParsedCron, parseCron } from './cron';

/** Result of {@link analyzeCron}. */
export interface CronAnalysis {
  /** Smallest gap between two consecutive firings, in minutes (Infinity if it fires at most once in the horizon). */
  readonly minGapMinutes: number;
  /** Largest gap between two consecutive firings within the horizon, in minutes (Infinity if fewer than 2 firings). */
  readonly maxGapMinutes: number;
  /** Average number of firings per 365-day year over the horizon. */
  readonly firingsPerYear: number;
}

/** The fixed analysis horizon: [startYear-01-01T00:00Z, endYearExclusive-01-01T00:00Z). Covers two leap days. */
export const CRON_ANALYSIS_HORIZON = Object.freeze({ startYear: 2030, endYearExclusive: 2038 });

const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Calendar enumeration
// ---------------------------------------------------------------------------

/** Lookup tables derived from a {@link ParsedCron}, for fast per-day matching. */
interface CompiledCron {
  readonly parsed: ParsedCron;
  /** Sorted minutes-of-day (hour * 60 + minute) at which the cron fires on a matching day. */
  readonly timesOfDay: readonly number[];
  readonly monthSet: readonly boolean[];
  readonly yearSet: readonly boolean[];
  readonly domSet: readonly boolean[];
  readonly dowSet: readonly boolean[];
}

function lookup(values: readonly number[], size: number): boolean[] {
  const table = new Array<boolean>(size).fill(false);
  for (const v of values) {
    table[v] = true;
  }
  return table;
}

function compile(parsed: ParsedCron): CompiledCron {
  const timesOfDay: number[] = [];
  for (const h of parsed.hours) {
    for (const m of parsed.minutes) {
      timesOfDay.push(h * 60 + m);
    }
  }
  return {
    parsed,
    timesOfDay,
    monthSet: lookup(parsed.months, 13),
    yearSet: lookup(parsed.years, CRON_YEARS.max + 1),
    domSet: parsed.dayOfMonth.kind === 'days' ? lookup(parsed.dayOfMonth.days, 32) : [],
    dowSet: parsed.dayOfWeek.kind === 'days' ? lookup(parsed.dayOfWeek.days, 8) : [],
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Weekday (1 = SUN ... 7 = SAT) of a date. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** Weekday (MON-FRI) nearest to `day`, never leaving the month; undefined if the month is too short. */
function nearestWeekday(year: number, month: number, day: number): number | undefined {
  const last = daysInMonth(year, month);
  if (day > last) {
    return undefined;
  }
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) {
    return day === 1 ? 3 : day - 1;
  }
  if (weekday === 1) {
    return day === last ? day - 2 : day + 1;
  }
  return day;
}

function lastWeekday(year: number, month: number): number {
  const last = daysInMonth(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 7 ? last - 1 : weekday === 1 ? last - 2 : last;
}

function matchesDayOfMonth(cron: CompiledCron, day: number, dim: number, fixedDay: number | undefined): boolean {
  switch (cron.parsed.dayOfMonth.kind) {
    case 'any': return true;
    case 'days': return cron.domSet[day];
    case 'last': return day === dim;
    default: return day === fixedDay;
  }
}

function matchesDayOfWeek(cron: CompiledCron, day: number, weekday: number, dim: number): boolean {
  const rule = cron.parsed.dayOfWeek;
  switch (rule.kind) {
    case 'any': return true;
    case 'days': return cron.dowSet[weekday];
    case 'lastInMonth': return weekday === rule.weekday && day + 7 > dim;
    case 'nthInMonth': return weekday === rule.weekday && Math.ceil(day / 7) === rule.nth;
  }
}

/** The single day of the month selected by `LW` / `nW`, if that is the rule. */
function fixedDayOfMonth(rule: DayOfMonthRule, year: number, month: number): number | undefined {
  switch (rule.kind) {
    case 'lastWeekday': return lastWeekday(year, month);
    case 'nearestWeekday': return nearestWeekday(year, month, rule.day);
    default: return undefined;
  }
}

/** Days (1-31) of the given month on which the cron fires (ignores the year and month fields). */
function matchingDays(cron: CompiledCron, year: number, month: number): number[] {
  const dim = daysInMonth(year, month);
  const fixedDay = fixedDayOfMonth(cron.parsed.dayOfMonth, year, month);
  const firstWeekday = weekdayOf(year, month, 1);
  const days: number[] = [];
  for (let day = 1; day <= dim; day++) {
    const weekday = ((firstWeekday - 1 + day - 1) % 7) + 1;
    if (matchesDayOfMonth(cron, day, dim, fixedDay) && matchesDayOfWeek(cron, day, weekday, dim)) {
      days.push(day);
    }
  }
  return days;
}

/**
 * Calls `visit(dayNumber)` (days since the Unix epoch, UTC) for every firing day in
 * [fromYear-01-01, toYearExclusive-01-01), in order; stops early when `visit` returns false.
 */
function forEachFiringDay(cron: CompiledCron, fromYear: number, toYearExclusive: number, visit: (dayNumber: number) => boolean): void {
  const lastYear = Math.min(toYearExclusive - 1, CRON_YEARS.max);
  for (let year = Math.max(fromYear, CRON_YEARS.min); year <= lastYear; year++) {
    if (!cron.yearSet[year]) {
      continue;
    }
    for (const month of cron.parsed.months) {
      const monthStart = Date.UTC(year, month - 1, 1) / MS_PER_DAY;
      for (const day of matchingDays(cron, year, month)) {
        if (!visit(monthStart + day - 1)) {
          return;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------

const ANALYSIS_CACHE_LIMIT = 256;
const analysisCache = new Map<string, CronAnalysis>();

/**
 * Enumerates firings over {@link CRON_ANALYSIS_HORIZON} (2030-01-01 to 2038-01-01 UTC:
 * eight years, two leap days) and returns the gaps between consecutive firings.
 * Memoized by expression string. Throws {@link CronSyntaxError}.
 */
export function analyzeCron(expression: string): CronAnalysis {
  const cached = analysisCache.get(expression);
  if (cached) {
    return cached;
  }
  const analysis = computeAnalysis(compile(parseCron(expression)));
  if (analysisCache.size >= ANALYSIS_CACHE_LIMIT) {
    const oldest = analysisCache.keys().next().value;
    if (oldest !== undefined) {
      analysisCache.delete(oldest);
    }
  }
  analysisCache.set(expression, analysis);
  return analysis;
}

/** Smallest and largest gap between consecutive times within one day (Infinity/-Infinity if fewer than 2). */
function intraDayGaps(times: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    min = Math.min(min, gap);
    max = Math.max(max, gap);
  }
  return [min, max];
}

function computeAnalysis(cron: CompiledCron): CronAnalysis {
  const { startYear, endYearExclusive } = CRON_ANALYSIS_HORIZON;
  const times = cron.timesOfDay;
  const [intraMin, intraMax] = intraDayGaps(times);
  // Gap from the last firing of one day to the first firing of a later day, minus the whole-day distance.
  const wrap = times[0] - times[times.length - 1];
  let min = Infinity;
  let max = -Infinity;
  let firingDays = 0;
  let previousDay: number | undefined;
  forEachFiringDay(cron, startYear, endYearExclusive, (dayNumber) => {
    if (previousDay !== undefined) {
      const gap = (dayNumber - previousDay) * MINUTES_PER_DAY + wrap;
      min = Math.min(min, gap);
      max = Math.max(max, gap);
    }
    previousDay = dayNumber;
    firingDays++;
    return true;
  });
  if (firingDays > 0) {
    min = Math.min(min, intraMin);
    max = Math.max(max, intraMax);
  }
  const firings = firingDays * times.length;
  const horizonDays = (Date.UTC(endYearExclusive, 0, 1) - Date.UTC(startYear, 0, 1)) / MS_PER_DAY;
  return Object.freeze({
    minGapMinutes: firings < 2 ? Infinity : min,
    maxGapMinutes: firings < 2 ? Infinity : max,
    firingsPerYear: (firings * 365) / horizonDays,
  });
}

/**
 * The next `count` firing times (UTC) at or after `from`, in order. Returns fewer
 * if the schedule ends (year field) before 2199. Throws {@link CronSyntaxError}.
 */
export function nextFirings(expression: string, from: Date, count: number): Date[] {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) {
    throw new RangeError('nextFirings: `from` must be a valid Date');
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`nextFirings: \`count\` must be a non-negative integer, got ${count}`);
  }
  const cron = compile(parseCron(expression));
  const fromMs = from.getTime();
  const fromDay = Math.floor(fromMs / MS_PER_DAY);
  const result: Date[] = [];
  if (count === 0) {
    return result;
  }
  forEachFiringDay(cron, from.getUTCFullYear(), CRON_YEARS.max + 1, (dayNumber) => {
    if (dayNumber < fromDay) {
      return true;
    }
    for (const minuteOfDay of cron.timesOfDay) {
      const ms = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
      if (ms >= fromMs) {
        result.push(new Date(ms));
        if (result.length === count) {
          return false;
        }
      }
    }
    return true;
  });
  return result;
}
