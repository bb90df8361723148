import * as iam from 'aws-cdk-lib/aws-iam';
import { recordAcknowledgement } from '../common/private/acknowledgement';

/**
 * The AWS managed policies AWS Backup documents for its service roles. The S3 ones live at
 * the root path (`arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup`), the others
 * under `service-role/`.
 */
export type BackupManagedPolicy =
  | 'AWSBackupServiceRolePolicyForBackup'
  | 'AWSBackupServiceRolePolicyForRestores'
  | 'AWSBackupServiceRolePolicyForS3Backup'
  | 'AWSBackupServiceRolePolicyForS3Restore';

/** The policy's name with its path, as `ManagedPolicy.fromAwsManagedPolicyName` wants it. */
export function backupManagedPolicyName(name: BackupManagedPolicy): string {
  return name.includes('ForS3') ? name : `service-role/${name}`;
}

/**
 * Attaches AWS Backup's managed policies to `role` and records, for policy-validation plugins
 * such as cdk-nag (no dependency on them), why an AWS managed policy is the right choice.
 */
export function attachBackupManagedPolicies(role: iam.Role, names: BackupManagedPolicy[]): void {
  for (const name of names) {
    const path = backupManagedPolicyName(name);
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(path));
    recordAcknowledgement(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${path}]`,
      `${name} is the AWS managed policy AWS Backup documents for this role; AWS keeps it current with the services AWS Backup protects and restores`);
  }
}
