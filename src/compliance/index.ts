// The public names of the compliance layer, listed one by one: everything else here (private/,
// the report file names the CLI reads) is internal and imported by path.
export { BackupCoverage, CoverageSeverity } from './coverage';
export type { BackupCoverageOptions, CoverageResult } from './coverage';
export { BackupControl, ControlCheck } from './controls';
export type { BackupRequirements, ControlFinding } from './controls';
export { BackupComplianceFramework, ReportFormat, ReportTemplate } from './framework';
export type { BackupComplianceFrameworkProps, ClaimedControl, FrameworkReportOptions } from './framework';
export { RecoveryPointSelectionAlgorithm, RestoreTestingResourceType, TierRestoreTesting } from './restore-testing';
export type { TierRestoreTest, TierRestoreTestingProps } from './restore-testing';
export { OrganizationBackupPolicy } from './org-policy';
export type { OrganizationBackupPolicyProps } from './org-policy';
export { BackupPlanReport } from './report';
export type {
  ArchiveReport, BackupPlanReportInputs, BackupPlanReportOptions, BackupPlanTimelineOptions, DrCopyReport, EngineRpoReport,
  RegionStorageEstimate, RungReport, StorageEstimate, TierReport,
} from './report-model';
export { ReportSections } from './report-section';
export type { IReportSectionSource, ReportSection, ReportSectionRow } from './report-section';
export { BackupPlanTimeline } from './svg';
export {
  OrganizationTarget, OrganizationTiers, StackSetAccountFilter, StackSetCaller, StackSetConcurrencyMode, StackSetOperationLimit,
  StackSetRegionConcurrency,
} from './organization';
export type { OrganizationTiersProps } from './organization';
export { TierMemberStack } from './organization-member';
export type { TierMemberStackProps } from './organization-member';
