/**
 * The longest time between two runs of an EventBridge Scheduler expression, in hours, for the
 * expressions whose gap is plain to see: `rate(...)`, and `cron(...)` that runs every hour, every
 * day at one hour, every week on one day, or every month on one day. Undefined otherwise (a list
 * of hours or days, steps, ranges, a one-time `at(...)`): the caller then asks for the interval.
 */
export function scheduleIntervalHours(expression: string): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return undefined;
    return rate[2].startsWith('minute') ? n / 60 : rate[2].startsWith('hour') ? n : n * 24;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const [, minute, hour, dayOfMonth, month, dayOfWeek, year] = cron;
  const single = (field: string, max: number) => /^\d+$/.test(field) && Number(field) <= max;
  if (!single(minute, 59) || (year !== '*' && year !== '?') || month !== '*') return undefined;
  const anyDay = (f: string) => f === '*' || f === '?';
  if (hour === '*') return anyDay(dayOfMonth) && anyDay(dayOfWeek) ? 1 : undefined;
  if (!single(hour, 23)) return undefined;
  if (anyDay(dayOfMonth) && anyDay(dayOfWeek)) return 24;
  if (anyDay(dayOfMonth) && (/^[1-7]$/.test(dayOfWeek) || /^(SUN|MON|TUE|WED|THU|FRI|SAT)$/i.test(dayOfWeek))) return 7 * 24;
  // one day of the month (or its last day): months are up to 31 days apart
  if (anyDay(dayOfWeek) && ((single(dayOfMonth, 31) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 28) || dayOfMonth === 'L')) return 31 * 24;
  return undefined;
}
