import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The page listing the AWS Backup metrics and their dimensions. */
export const AWS_BACKUP_METRICS_PAGE = 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html';

/** The AWS Backup metrics a vault has (dimension `BackupVaultName`), in the order of the page. */
export const AWS_BACKUP_VAULT_METRICS: readonly { name: string; meaning: string }[] = [
  { name: 'NumberOfBackupJobsCreated', meaning: 'Backup jobs AWS Backup created' },
  { name: 'NumberOfBackupJobsPending', meaning: 'Backup jobs about to run' },
  { name: 'NumberOfBackupJobsRunning', meaning: 'Backup jobs running' },
  { name: 'NumberOfBackupJobsAborted', meaning: 'Backup jobs cancelled by a user' },
  { name: 'NumberOfBackupJobsCompleted', meaning: 'Backup jobs AWS Backup finished' },
  { name: 'NumberOfBackupJobsFailed', meaning: 'Backup jobs that failed' },
  { name: 'NumberOfBackupJobsExpired', meaning: 'Backup jobs that could not start within the start window' },
  { name: 'NumberOfCopyJobsCreated', meaning: 'Copy jobs created (the vault is their destination)' },
  { name: 'NumberOfCopyJobsRunning', meaning: 'Copy jobs running (the vault is their destination)' },
  { name: 'NumberOfCopyJobsCompleted', meaning: 'Copy jobs finished (the vault is their destination)' },
  { name: 'NumberOfCopyJobsFailed', meaning: 'Copy jobs that could not complete (the vault is their destination)' },
  { name: 'NumberOfRecoveryPointsCompleted', meaning: 'Recovery points created' },
  { name: 'NumberOfRecoveryPointsPartial', meaning: 'Recovery points started but not finished' },
  { name: 'NumberOfRecoveryPointsExpired', meaning: 'Recovery points the lifecycle could not delete (still billed)' },
  { name: 'NumberOfRecoveryPointsDeleting', meaning: 'Recovery points being deleted' },
  { name: 'NumberOfRecoveryPointsCold', meaning: 'Recovery points tiered to cold storage' },
];

/**
 * The CloudWatch metrics AWS Backup publishes for one backup vault (namespace `AWS/Backup`,
 * dimension `BackupVaultName`): its backup jobs, the copy jobs into it, and its recovery points.
 * Sum over 1 hour unless the props say otherwise. AWS Backup metrics have no backup-plan
 * dimension, so a vault shared by tiers counts the jobs of all of them.
 *
 * @example
 * const jobs = BackupVaultMetrics.of(tiers.vault!).metricBackupJobsFailed();
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
 */
export class BackupVaultMetrics {
  /** The metrics of `vault`. */
  public static of(vault: backup.IBackupVault): BackupVaultMetrics {
    return new BackupVaultMetrics(vault.backupVaultName);
  }

  /** The metrics of the vault named `backupVaultName`. */
  public static fromVaultName(backupVaultName: string): BackupVaultMetrics {
    return new BackupVaultMetrics(backupVaultName);
  }

  /** The vault's name. */
  public readonly backupVaultName: string;

  private constructor(backupVaultName: string) {
    this.backupVaultName = backupVaultName;
  }

  /** A metric of the vault, e.g. `NumberOfBackupJobsFailed`. */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Backup',
      metricName,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
      ...props,
      dimensionsMap: { ...props.dimensionsMap, BackupVaultName: this.backupVaultName },
    });
  }

  /** Backup jobs created. */
  public metricBackupJobsCreated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsCreated', props);
  }

  /** Backup jobs about to run. */
  public metricBackupJobsPending(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsPending', props);
  }

  /** Backup jobs running. */
  public metricBackupJobsRunning(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsRunning', props);
  }

  /** Backup jobs cancelled by a user. */
  public metricBackupJobsAborted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsAborted', props);
  }

  /** Backup jobs finished. */
  public metricBackupJobsCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsCompleted', props);
  }

  /** Backup jobs that failed. */
  public metricBackupJobsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsFailed', props);
  }

  /** Backup jobs that could not start within the start window. */
  public metricBackupJobsExpired(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfBackupJobsExpired', props);
  }

  /** Copy jobs created into this vault. */
  public metricCopyJobsCreated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfCopyJobsCreated', props);
  }

  /** Copy jobs running into this vault. */
  public metricCopyJobsRunning(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfCopyJobsRunning', props);
  }

  /** Copy jobs into this vault that finished. */
  public metricCopyJobsCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfCopyJobsCompleted', props);
  }

  /** Copy jobs into this vault that could not complete. */
  public metricCopyJobsFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfCopyJobsFailed', props);
  }

  /** Recovery points created. */
  public metricRecoveryPointsCompleted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRecoveryPointsCompleted', props);
  }

  /** Recovery points started but not finished. */
  public metricRecoveryPointsPartial(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRecoveryPointsPartial', props);
  }

  /** Recovery points the lifecycle could not delete (still billed). */
  public metricRecoveryPointsExpired(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRecoveryPointsExpired', props);
  }

  /** Recovery points being deleted. */
  public metricRecoveryPointsDeleting(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRecoveryPointsDeleting', props);
  }

  /** Recovery points tiered to cold storage. */
  public metricRecoveryPointsCold(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NumberOfRecoveryPointsCold', props);
  }
}
