import { Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ReportSection, ReportSectionRow } from '../../compliance/report-section';

const SOURCE = Symbol.for('cdk-tiered-backup.RestoreReportSource');

/** A restore-layer construct that contributes rows to the one `Restore drills` section. */
export interface RestoreRowSource extends IConstruct {
  restoreRows(): ReportSectionRow[];
}

export const RESTORE_COLUMNS = ['RTO', 'Measured by', 'Schedule', 'Availability Zone', 'Validation', 'Alarms'];

/** Marks a construct as a source of `Restore drills` rows. */
export function markRestoreSource(source: RestoreRowSource): void {
  Object.defineProperty(source, SOURCE, { value: true, enumerable: false });
}

/**
 * The `Restore drills` section, once per Stage: the restore source that comes first by
 * construct path returns every source's rows (sorted by tier); the others return nothing, so
 * the report shows one table whatever the number of drills.
 */
export function restoreSections(self: RestoreRowSource): ReportSection[] {
  const stage = Stage.of(self);
  const sources = self.node.root.node.findAll()
    .filter((c): c is RestoreRowSource => (c as unknown as { [SOURCE]?: boolean })[SOURCE] === true)
    .filter((c) => Stage.of(c) === stage)
    .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
  if (sources[0] !== self) return [];
  const rows = sources.flatMap((s) => s.restoreRows())
    .sort((a, b) => (a.tier < b.tier ? -1 : a.tier > b.tier ? 1 : 0));
  return [{
    title: 'Restore drills',
    description: 'Each tier\'s RTO and how it is measured: DLM tiers by a scheduled restore of their newest snapshot (RestoreDrill), '
      + 'AWS Backup tiers by timing their restore testing jobs (RestoreTestingRtoAlarms). The measured times are the RestoreSeconds metric.',
    columns: RESTORE_COLUMNS,
    rows,
  }];
}
