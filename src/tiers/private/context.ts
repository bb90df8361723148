/** What a `CompiledTier` needs from its `TieredBackup`. Not exported from the package. */
import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { ValidatedBackupPlan } from '../../backup/plan';
import type { CompiledTier } from '../compiled-tier';
import type { AwsBackupMode, BackupEngine } from '../engines';
import type { EventBackupOptions } from '../event-backup-options';

/**
 * What a `CompiledTier` needs from the `TieredBackup` that made it.
 * @internal
 */
export interface TierCompilerContext {
  readonly tagKey: string;
  /** The engine of EBS volumes and EC2 instances; undefined when the TieredBackup protects none. */
  readonly ebsEngine?: BackupEngine;
  readonly awsBackup: AwsBackupMode;
  /** The AWS Backup start window, when not the default hour. */
  readonly startWindow?: Duration;
  /** Creates the tier's AWS Backup plan (and the vault) on first use. */
  ensurePlan(tier: CompiledTier): ValidatedBackupPlan;
  /** The event-driven backup of the tier. */
  eventBackup(tier: CompiledTier, id: string, options: EventBackupOptions): events.Rule;
}

