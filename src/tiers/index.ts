// The public names of the tiers layer, listed one by one: everything else here (private/, the
// resource tables, the event-backup runbook) is internal and imported by path.
export { BackupTier } from './tier';
export { TierFeature } from './tier-props';
export type { BackupRung, BackupTierOptions, BackupTierProps, PresetTierOptions, TierFastRestore } from './tier-props';
export { AwsBackupMode, BackupEngine } from './engines';
export { CompiledTier } from './compiled-tier';
export type { EngineRpo } from './compiled-tier';
export { TieredBackup } from './tiered-backup';
export type { TieredBackupProps } from './tiered-backup';
export type { EventBackupOptions } from './event-backup-options';
