import { Arn, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { EventBackupOptions } from './event-backup-options';
import { TIER_TAG_KEY } from './private/tags';
import { attachBackupManagedPolicies } from '../backup/managed-policies';
import { Where } from '../common/validation';

/** Where an event-driven backup writes, filled in by `TieredBackup`. @internal */
export interface EventBackupTarget {
  readonly tagKey: string;
  readonly tierName: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly backupRole: iam.IRole;
  /** Resource Groups Tagging API type filters, e.g. `ec2:volume`, `rds:db`. */
  readonly resourceTypes: string[];
}

/**
 * The Resource Groups Tagging API filters of the resource types a tier can hold.
 * @internal
 */
export const TAGGING_TYPES: { readonly [cfnType: string]: string } = {
  'AWS::EC2::Volume': 'ec2:volume',
  'AWS::EC2::Instance': 'ec2:instance',
  'AWS::RDS::DBInstance': 'rds:db',
  'AWS::RDS::DBCluster': 'rds:cluster',
  'AWS::DynamoDB::Table': 'dynamodb:table',
  'AWS::DynamoDB::GlobalTable': 'dynamodb:table',
  'AWS::EFS::FileSystem': 'elasticfilesystem:file-system',
  'AWS::FSx::FileSystem': 'fsx:file-system',
  'AWS::S3::Bucket': 's3',
  'AWS::DocDB::DBCluster': 'rds:cluster',
  'AWS::Neptune::DBCluster': 'rds:cluster',
  'AWS::Redshift::Cluster': 'redshift:cluster',
};

/** At most this many resources per run (one page of GetResources, and the loop's limit). */
const MAX_RESOURCES = 100;

/**
 * The Automation runbook (shared by the tiers of a `TieredBackup`) that finds every resource
 * carrying a tier tag and starts an AWS Backup on-demand backup of each, with a retention.
 * @internal
 */
export class TierBackupRunbook extends Construct {
  /** The runbook. */
  public readonly document: ssm.CfnDocument;
  /** The role Automation assumes. */
  public readonly role: iam.Role;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    // Systems Manager Automation documents aws:SourceAccount and aws:SourceArn for its service
    // roles (confused deputy: https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html);
    // the IfExists forms also keep an execution started without them working.
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
        StringEqualsIfExists: { 'aws:SourceAccount': stack.account },
        ArnLikeIfExists: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
      }),
      description: 'Runs the tier backup runbook: finds tagged resources, starts AWS Backup jobs',
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      // GetResources supports no resource-level permissions
      actions: ['tag:GetResources'],
      resources: ['*'],
    }));
    this.document = new ssm.CfnDocument(this, 'Resource', {
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: runbookContent(),
    });
  }

  /** The ARN EventBridge targets (`automation-definition/<name>:$DEFAULT`). */
  public get definitionArn(): string {
    return Arn.format({ service: 'ssm', resource: 'automation-definition', resourceName: `${this.document.ref}:$DEFAULT`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this));
  }

  /** Lets the runbook start backups into `vaultArn` with `backupRole`. */
  public grantBackups(vaultArn: string, backupRole: iam.IRole): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['backup:StartBackupJob'], resources: [vaultArn] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [backupRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    }));
  }
}

/**
 * An EventBridge rule that runs the tier backup runbook for one tier.
 * @internal
 */
export function eventBackupRule(
  scope: Construct, id: string, runbook: TierBackupRunbook, target: EventBackupTarget, options: EventBackupOptions,
): events.Rule {
  const where = new Where(scope, `event backup \`${id}\``);
  const retention = options.retention ?? Duration.days(7);
  let days: number | string;
  if (retention.isUnresolved()) {
    days = retention.toDays();
  } else {
    const d = retention.toHours({ integral: false }) / 24;
    if (!Number.isInteger(d) || d < 1 || d > 36500) where.fail('retention', 'must be a whole number of days between 1 and 36500', retention);
    days = d;
  }
  if (Object.keys(options.eventPattern).length === 0) where.fail('eventPattern', 'must match something (at least one field)', {});
  if (target.resourceTypes.length === 0) where.fail('tier', 'protects no resource type an on-demand backup can reach', target.tierName);
  runbook.grantBackups(target.vaultArn, target.backupRole);

  const rule = new events.Rule(scope, id, {
    eventPattern: options.eventPattern,
    eventBus: options.eventBus,
    description: options.description ?? `Backs up every resource of tier ${target.tierName} on demand`,
  });
  // EventBridge, for rules of this account and Region only (confused deputy: the global keys
  // aws:SourceAccount/aws:SourceArn, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
  // Not the rule's own ARN: the rule names this role, so that would be a circular reference.
  // EventBridge's pages do not say it sets the keys when it assumes a target's role; the
  // IfExists forms bind when it does and cannot break delivery when it does not (a live
  // account can confirm in CloudTrail).
  const ruleStack = Stack.of(rule);
  const invoke = new iam.Role(rule, 'InvokeRole', {
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
      StringEqualsIfExists: { 'aws:SourceAccount': ruleStack.account },
      ArnLikeIfExists: { 'aws:SourceArn': ruleStack.formatArn({ service: 'events', resource: 'rule', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
    }),
  });
  invoke.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:StartAutomationExecution'], resources: [runbook.definitionArn] }));
  invoke.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [runbook.role.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
  }));
  rule.addTarget({
    bind: () => ({
      arn: runbook.definitionArn,
      role: invoke,
      input: events.RuleTargetInput.fromObject({
        AutomationAssumeRole: [runbook.role.roleArn],
        TagKey: [target.tagKey],
        TagValue: [target.tierName],
        ResourceTypes: target.resourceTypes,
        VaultName: [target.vaultName],
        BackupRoleArn: [target.backupRole.roleArn],
        RetentionDays: [Token.isUnresolved(days) ? days : String(days)],
      }),
    }),
  });
  return rule;
}

/** The runbook: GetResources by tag, then StartBackupJob for each ARN. */
function runbookContent(): object {
  return {
    schemaVersion: '0.3',
    description: 'cdk-tiered-backup: starts an AWS Backup on-demand backup of every resource carrying a tier tag (at most 100 per run).',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      AutomationAssumeRole: { type: 'String', description: 'The role Automation assumes.' },
      TagKey: { type: 'String', description: 'The tier tag key.', allowedPattern: '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}$' },
      TagValue: { type: 'String', description: 'The tier name.', allowedPattern: '^[A-Za-z0-9_-]{1,40}$' },
      ResourceTypes: { type: 'StringList', description: 'Resource Groups Tagging API resource type filters.' },
      VaultName: { type: 'String', description: 'The backup vault.' },
      BackupRoleArn: { type: 'String', description: 'The role AWS Backup assumes.' },
      RetentionDays: { type: 'String', description: 'Days to keep the recovery points.', allowedPattern: '^[1-9][0-9]{0,4}$' },
    },
    mainSteps: [
      {
        name: 'FindTierResources',
        action: 'aws:executeAwsApi',
        inputs: {
          Service: 'resourcegroupstaggingapi',
          Api: 'GetResources',
          TagFilters: [{ Key: '{{ TagKey }}', Values: ['{{ TagValue }}'] }],
          ResourceTypeFilters: '{{ ResourceTypes }}',
          ResourcesPerPage: MAX_RESOURCES,
        },
        outputs: [{ Name: 'Arns', Selector: '$.ResourceTagMappingList..ResourceARN', Type: 'StringList' }],
      },
      {
        name: 'BackUpEach',
        action: 'aws:loop',
        inputs: {
          Iterators: '{{ FindTierResources.Arns }}',
          MaxIterations: MAX_RESOURCES,
          Steps: [{
            name: 'StartBackup',
            action: 'aws:executeAwsApi',
            inputs: {
              Service: 'backup',
              Api: 'StartBackupJob',
              BackupVaultName: '{{ VaultName }}',
              ResourceArn: '{{ BackUpEach.CurrentIteratorValue }}',
              IamRoleArn: '{{ BackupRoleArn }}',
              Lifecycle: { DeleteAfterDays: '{{ RetentionDays }}' },
              RecoveryPointTags: { [TIER_TAG_KEY]: '{{ TagValue }}', 'cdk-tiered-backup:trigger': 'event' },
            },
          }],
        },
      },
    ],
  };
}

/**
 * The role AWS Backup assumes for the runbook's on-demand backups: backups only (the
 * `StartBackupJob` role; restores name a role of their own, StartRestoreJob `IamRoleArn`:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html), so the AWS
 * managed backup policy without AWSBackupServiceRolePolicyForRestores; trusted by AWS Backup
 * for this account only when it sets aws:SourceAccount (confused deputy,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html; IfExists, as AWS
 * Backup's pages do not say it sets the key: a live account can confirm in CloudTrail).
 * @internal
 */
export function eventBackupRole(scope: Construct, id: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com').withConditions({
      StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(scope).account },
    }),
  });
  attachBackupManagedPolicies(role, ['AWSBackupServiceRolePolicyForBackup']);
  return role;
}
