/**
 * The files `BackupPlanReport.writeTo()` and `attach()` write (next to the cloud assembly), and
 * that `cdk-tiered-backup report` reads back. No dependency, so the CLI can import it.
 * @internal
 */
export const REPORT_FILES = {
  json: 'backup-plan-report.json',
  markdown: 'backup-plan-report.md',
  svg: 'backup-plan-timeline.svg',
};
