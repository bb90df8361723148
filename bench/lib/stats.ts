/** Small statistics for benchmark samples. */

/** The median (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The nearest-rank percentile `p` (0-100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1];
}

export function min(values: number[]): number {
  return values.length === 0 ? NaN : Math.min(...values);
}

export function max(values: number[]): number {
  return values.length === 0 ? NaN : Math.max(...values);
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A summary of one sample set (milliseconds, KiB, ... as given). */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: number[]): Summary {
  return { n: values.length, median: median(values), p95: percentile(values, 95), min: min(values), max: max(values) };
}
