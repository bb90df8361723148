/**
 * The services that take a tier's backups. `TieredBackup`'s `ebsEngine` picks the one for EBS
 * volumes and EC2 instances; a compiled tier reports the ones it uses and their worst-case RPO.
 */
export enum BackupEngine {
  /** Amazon Data Lifecycle Manager snapshots of EBS volumes and EC2 instances (no vault, no per-GB backup charge). */
  DLM = 'DLM',
  /** AWS Backup snapshot-based backups (every supported resource type). */
  AWS_BACKUP = 'AWS_BACKUP',
  /**
   * AWS Backup continuous backup (point-in-time restore) for the resource types that support
   * it: Amazon RDS, Aurora, Amazon S3 and SAP HANA on EC2. Never the engine of EBS.
   */
  AWS_BACKUP_CONTINUOUS = 'AWS_BACKUP_CONTINUOUS',
}

/** When a tier gets an AWS Backup plan. */
export enum AwsBackupMode {
  /**
   * When a resource only AWS Backup protects is assigned to the tier (`assign()`, `assignArn()`),
   * or when EBS goes to AWS Backup.
   */
  WHEN_ASSIGNED = 'WHEN_ASSIGNED',
  /** For every tier, so that RDS, DynamoDB, EFS... tagged by other means are covered too. */
  ALWAYS = 'ALWAYS',
}
