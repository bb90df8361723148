// The public names of the AWS Backup layer, listed one by one: everything else here (private/,
// the managed-policy helper) is internal and imported by path.
export { ProtectedBackupVault } from './vault';
export type { ProtectedBackupVaultProps, VaultLockOptions } from './vault';
export { ConditionalBackupSelection } from './selection';
export type { ConditionalBackupSelectionOptions, ConditionalBackupSelectionProps, TagConditions } from './selection';
export { ValidatedBackupPlan } from './plan';
export type { ValidatedBackupCopyProps, ValidatedBackupPlanProps, ValidatedBackupRuleProps } from './plan';
