import { renderTimeline } from './private/timeline-svg';
import type { BackupPlanReport } from './report';
import { BackupPlanTimelineOptions } from './report-model';

/**
 * The restore-point timeline of a plan report as an SVG image: for every tier, one lane per
 * rung with a tick per restore point kept in steady state, by age (log scale, now on the left),
 * the points in cold storage, the archive tier, the DR copies of each Region, and the
 * worst-case RPO. Pure string generation, deterministic.
 *
 * @example
 * fs.writeFileSync('timeline.svg', BackupPlanTimeline.render(BackupPlanReport.of(tiers)));
 */
export class BackupPlanTimeline {
  /** Renders the timeline of every tier of `report`. */
  public static render(report: BackupPlanReport, options: BackupPlanTimelineOptions = {}): string {
    return renderTimeline(report, options);
  }

  private constructor() {}
}
