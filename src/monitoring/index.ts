// The public names of the monitoring layer, listed one by one: everything else here (private/)
// is internal and imported by path.
export { BackupMonitoring } from './backup-monitoring';
export type { BackupMonitoringProps, SnapshotBudgetOptions } from './backup-monitoring';
export { BackupVaultMetrics } from './backup-vault-metrics';
