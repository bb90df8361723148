/** Which engine protects EBS volumes and EC2 instances. */
export enum EbsEngine {
  /** Amazon Data Lifecycle Manager snapshot policies (the default: no vault, no per-GB backup charge). */
  DLM = 'DLM',
  /** AWS Backup plans, like every other resource type. */
  AWS_BACKUP = 'AWS_BACKUP',
  /** Not protected by this `TieredBackup` (e.g. a stack for databases only). */
  NONE = 'NONE',
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
