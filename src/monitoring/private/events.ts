/**
 * The EventBridge patterns and one-line messages of the monitoring layer, built from the sample
 * events AWS documents (see test/monitoring/fixtures). NOT exported from the package.
 */
import * as events from 'aws-cdk-lib/aws-events';

/**
 * DLM's `DLM Policy State Change` event for the given policies entering the ERROR state.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/monitor-cloudwatch-events.html
 */
export function policyErrorPattern(policyArns: string[]): events.EventPattern {
  return { source: ['aws.dlm'], detailType: ['DLM Policy State Change'], resources: policyArns, detail: { state: ['ERROR'] } };
}

/** "Tier `critical`: DLM policy <arn> is in state ERROR: <cause>" */
export function policyErrorMessage(tier: string): events.RuleTargetInput {
  return events.RuleTargetInput.fromText(
    `Tier ${tier}: DLM policy ${events.EventField.fromPath('$.detail.policy_id')} is in state ${events.EventField.fromPath('$.detail.state')}: ${events.EventField.fromPath('$.detail.cause')}`);
}

/**
 * DLM's `DLM Pre Post Script Notification` event for a failed pre/post script or VSS backup of
 * the given policies.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/monitor-cloudwatch-events.html
 */
export function scriptFailurePattern(policyArns: string[]): events.EventPattern {
  return { source: ['aws.dlm'], detailType: ['DLM Pre Post Script Notification'], resources: policyArns, detail: { result: ['failed'] } };
}

/** "Tier `database`: script <handler> <stage> failed on <instance> (policy <arn>): <cause>" */
export function scriptFailureMessage(tier: string): events.RuleTargetInput {
  const f = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `Tier ${tier}: ${f('$.detail.execution_handler')} script ${f('$.detail.script_stage')} failed on ${f('$.detail.source')} (DLM policy ${f('$.detail.policy_id')}), snapshots may be crash-consistent: ${f('$.detail.cause')}`);
}

/** The EBS snapshot actions whose failure is reported. */
export const EBS_SNAPSHOT_EVENTS = ['createSnapshot', 'createSnapshots', 'copySnapshot'];

/**
 * EBS's failed `createSnapshot`, `createSnapshots` (multi-volume, what DLM instance policies
 * take) and `copySnapshot` events. EBS events name no policy: the rule sees every snapshot
 * failure of the account in the Region, and copies are reported in their destination Region.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-cloud-watch-events.html
 */
export function snapshotFailurePattern(): events.EventPattern {
  return {
    source: ['aws.ec2'],
    detailType: ['EBS Snapshot Notification', 'EBS Multi-Volume Snapshots Completion Status'],
    detail: { event: EBS_SNAPSHOT_EVENTS, result: ['failed'] },
  };
}

/** "EBS createSnapshots failed in us-east-1 (tiers critical, database): <cause>" */
export function snapshotFailureMessage(tiers: string[]): events.RuleTargetInput {
  const f = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `EBS ${f('$.detail.event')} failed in ${f('$.region')} at ${f('$.time')} (any snapshot of the account; DLM tiers here: ${tiers.join(', ')}): ${f('$.detail.cause')}`);
}

/** The job states reported as failures. */
export const BACKUP_JOB_FAILED_STATES = ['FAILED', 'ABORTED', 'EXPIRED'];

/**
 * AWS Backup's `Backup Job State Change` to FAILED, ABORTED or EXPIRED, in `vaultArns` when
 * given (the failed sample carries `backupVaultArn`, not always `createdBy`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export function backupJobFailurePattern(vaultArns?: string[]): events.EventPattern {
  return {
    source: ['aws.backup'],
    detailType: ['Backup Job State Change'],
    detail: { state: BACKUP_JOB_FAILED_STATES, ...(vaultArns ? { backupVaultArn: vaultArns } : {}) },
  };
}

/** "AWS Backup job <id> FAILED in vault <name> for <resource> (tiers ...): <message>" */
export function backupJobFailureMessage(tiers: string[]): events.RuleTargetInput {
  const f = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `AWS Backup job ${f('$.detail.backupJobId')} ${f('$.detail.state')} in vault ${f('$.detail.backupVaultName')} for ${f('$.detail.resourceArn')} (tiers on AWS Backup: ${tiers.join(', ')}): ${f('$.detail.statusMessage')}`);
}

/**
 * AWS Backup's `Copy Job State Change` to FAILED, from `vaultArns` when given.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export function copyJobFailurePattern(vaultArns?: string[]): events.EventPattern {
  return {
    source: ['aws.backup'],
    detailType: ['Copy Job State Change'],
    detail: { state: ['FAILED'], ...(vaultArns ? { sourceBackupVaultArn: vaultArns } : {}) },
  };
}

/** "AWS Backup copy job <id> FAILED for <resource> into <vault>: <message>" */
export function copyJobFailureMessage(tiers: string[]): events.RuleTargetInput {
  const f = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `AWS Backup copy job ${f('$.detail.copyJobId')} ${f('$.detail.state')} for ${f('$.detail.resourceArn')} into ${f('$.detail.destinationBackupVaultArn')} (tiers on AWS Backup: ${tiers.join(', ')}): ${f('$.detail.statusMessage')}`);
}

/**
 * AWS Backup's `Restore Job State Change` to FAILED (restore events report `status`, and the
 * failed sample names no vault: every restore of the account in the Region).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
 */
export function restoreJobFailurePattern(): events.EventPattern {
  return { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['FAILED'] } };
}

/** "AWS Backup restore job <id> FAILED (<type>): <message>" */
export function restoreJobFailureMessage(): events.RuleTargetInput {
  const f = (p: string) => events.EventField.fromPath(p);
  return events.RuleTargetInput.fromText(
    `AWS Backup restore job ${f('$.detail.restoreJobId')} ${f('$.detail.status')} (${f('$.detail.resourceType')}) in ${f('$.region')}: ${f('$.detail.statusMessage')}`);
}
