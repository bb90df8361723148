/**
 * The storage model behind the plan report's estimate: pure functions over numbers, so that
 * every figure of the report can be checked by hand.
 *
 * NOT exported from the package: `BackupPlanReport` (report.ts) is the public face.
 *
 * The model (see `COST_MODEL_ASSUMPTIONS` for the words the report prints):
 * - One protected resource of `volumeGb`, whose changed data is `dailyChangeGb` a day, spread
 *   evenly over the day (an interval of h hours changes `dailyChangeGb * h / 24`).
 * - Snapshots are incremental: the oldest restore point kept holds the full volume, every
 *   later one the blocks changed since the restore point before it, at most the volume size.
 *   Every snapshot of a volume is incremental to the previous snapshot of that volume, whatever
 *   schedule (rung) took it, so the rungs of a tier form one chain: a point taken close to a
 *   point of another rung adds almost nothing. The ladder is therefore cut into age segments
 *   at each rung's retention; within a segment the most frequent rung still keeping points
 *   sets the spacing. With spacing P (hours) a segment of D days holds `D * 24 / P` points of
 *   `min(volumeGb, dailyChangeGb * P / 24)` each.
 * - Each day's change is assumed to land on blocks not changed since the previous restore
 *   point (nothing is rewritten twice between two points), so the figure is an upper bound for
 *   workloads that rewrite the same blocks; the cap at the volume size bounds it.
 * - Copies in a DR Region form a chain of their own (incremental copies, same KMS key).
 * - The archive tier (DLM) and AWS Backup cold storage of EBS keep FULL snapshots: each
 *   archived or cold restore point stores the whole volume.
 */

/** One rung as the chain sees it. */
export interface ChainRung {
  /** Average time between two restore points of the rung, in hours. */
  readonly periodHours: number;
  /** How long its points stay in this chain (standard/warm tier, or one DR Region), in days. */
  readonly keptDays: number;
}

/** What a chain of incremental restore points stores. */
export interface ChainStorage {
  /** Distinct restore points of the chain (points of different rungs taken together count once). */
  readonly distinctPoints: number;
  /** Stored data, in GB. */
  readonly gb: number;
}

/** Hours in a month, as AWS bills hourly charges (730 = 8760 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * The data an incremental chain of restore points stores (see the model above).
 *
 * @param rungs the rungs feeding the chain
 * @param volumeGb size of the protected data, in GB
 * @param dailyChangeGb data changed a day, in GB
 */
export function incrementalChain(rungs: readonly ChainRung[], volumeGb: number, dailyChangeGb: number): ChainStorage {
  const kept = rungs.filter((r) => r.keptDays > 0 && r.periodHours > 0);
  const boundaries = [...new Set(kept.map((r) => r.keptDays))].sort((a, b) => a - b);
  let previous = 0;
  let points = 0;
  let increments = 0;
  let oldestIncrement = 0;
  for (const boundary of boundaries) {
    const spacing = Math.min(...kept.filter((r) => r.keptDays >= boundary).map((r) => r.periodHours));
    const segmentPoints = (boundary - previous) * 24 / spacing;
    const increment = Math.min(volumeGb, dailyChangeGb * spacing / 24);
    points += segmentPoints;
    increments += segmentPoints * increment;
    oldestIncrement = increment;
    previous = boundary;
  }
  if (points === 0) return { distinctPoints: 0, gb: 0 };
  // The oldest point holds the full volume instead of an increment.
  const gb = points <= 1 ? volumeGb : volumeGb + increments - oldestIncrement;
  return { distinctPoints: points, gb };
}

/** Full snapshots (archive tier, cold storage): every point stores the whole volume. */
export function fullCopies(points: number, volumeGb: number): number {
  return points * volumeGb;
}

/** Restore points a rung holds in steady state: retention / average period. */
export function steadyStatePoints(keptDays: number, periodHours: number): number {
  return keptDays * 24 / periodHours;
}

/** Rounds to 2 decimals, for stable output (never -0). */
export function round2(n: number): number {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? 0 : r;
}

/** 1234.5 -> "1,234.5": at most 2 decimals, no trailing zeros, deterministic (no locale). */
export function fmt(n: number): string {
  const [int, frac] = round2(n).toFixed(2).replace(/\.?0+$/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac !== undefined ? `${grouped}.${frac}` : grouped;
}

/** "5 minutes", "3 hours", "7 days 1 hour": a duration given in hours, in words. */
export function durationText(hours: number): string {
  const plural = (k: number, unit: string) => `${fmt(k)} ${unit}${k === 1 ? '' : 's'}`;
  if (hours < 1) return plural(Math.round(hours * 60), 'minute');
  if (hours < 48) return plural(round2(hours), 'hour');
  const days = Math.floor(hours / 24);
  const rest = round2(hours - days * 24);
  return rest === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(rest, 'hour')}`;
}

/** "42", "≈53" (a count that is not whole, for pictures). */
export function approxCount(n: number): string {
  const r = Math.round(n);
  return Math.abs(n - r) < 0.005 ? fmt(r) : `≈${fmt(r)}`;
}
