import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachBackupManagedPolicies, BackupManagedPolicy } from './managed-policies';
import { Where, checkString } from '../common/validation';

/** Selection names: 1 to 50 letters, digits, `-`, `_` or `.`. */
const SELECTION_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
/** The prefix AWS Backup expects on the keys of `Conditions`. */
const RESOURCE_TAG = 'aws:ResourceTag/';
/** Tag keys: 1-128 characters (after the prefix is removed). */
const MAX_TAG_KEY = 128;
/** Tag values: at most 256 characters. */
const MAX_TAG_VALUE = 256;
/** AWS Backup's limits on ARN lists of a selection. */
const MAX_ARNS = 500;
const MAX_WILDCARD_ARNS = 30;

/**
 * Tag conditions of a backup selection. Every condition of every kind must hold (AND): a
 * resource is selected only if it matches all of them.
 *
 * Keys are tag keys (`tier`); the `aws:ResourceTag/` prefix AWS Backup expects is added when
 * rendering (a key that already has it is kept as is). Values of `stringLike` and
 * `stringNotLike` may contain `*` wildcards anywhere.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
 */
export interface TagConditions {
  /**
   * The tag must be present with exactly this value.
   *
   * @default - no such condition
   */
  readonly stringEquals?: { [key: string]: string };

  /**
   * The tag must not have exactly this value (resources without the tag match).
   *
   * @default - no such condition
   */
  readonly stringNotEquals?: { [key: string]: string };

  /**
   * The tag value must match this pattern (`*` matches any characters).
   *
   * @default - no such condition
   */
  readonly stringLike?: { [key: string]: string };

  /**
   * The tag value must not match this pattern (`*` matches any characters).
   *
   * @default - no such condition
   */
  readonly stringNotLike?: { [key: string]: string };
}

/** What a backup selection assigns to its plan. */
export interface ConditionalBackupSelectionOptions {
  /** The selection name: 1 to 50 letters, digits, `-`, `_` or `.`. */
  readonly selectionName: string;

  /** The tag conditions, all of which a resource must match (at least one condition). */
  readonly conditions: TagConditions;

  /**
   * ARNs or ARN prefix patterns (`*` only at the end) of the resources to consider; the tag
   * conditions then filter them. At most 500 ARNs, or 30 when any has a wildcard.
   *
   * @default ['*'] - every resource of every type opted in to AWS Backup in the Region
   */
  readonly resources?: string[];

  /**
   * ARNs or ARN prefix patterns of resources never selected. Same limits as `resources`.
   *
   * @default - none excluded
   */
  readonly notResources?: string[];
}

/** Properties of a `ConditionalBackupSelection`. */
export interface ConditionalBackupSelectionProps extends ConditionalBackupSelectionOptions {
  /** The backup plan the selection assigns resources to. */
  readonly backupPlan: backup.IBackupPlan;

  /**
   * The role AWS Backup assumes to back up the selected resources. Used as given:
   * no policy is attached to it.
   *
   * @default - a new role for `backup.amazonaws.com` (this account only) with the AWS managed
   * policy `AWSBackupServiceRolePolicyForBackup`, plus `AWSBackupServiceRolePolicyForS3Backup`
   * when `s3Permissions` is true (backups only: restore jobs name a role of their own)
   */
  readonly role?: iam.IRole;

  /**
   * Attach the S3 backup and restore managed policies to the role this construct creates
   * (AWS Backup needs them to back up S3 buckets). Only for the role this construct creates.
   *
   * @default - true when `resources` may match an S3 bucket ARN (`*`, `arn:aws:s3:::...`, a
   * service wildcard or a token), false otherwise
   */
  readonly s3Permissions?: boolean;
}

/**
 * An AWS Backup selection whose tag conditions are AND-ed (`BackupSelection.Conditions`), which
 * aws-cdk-lib's `BackupSelection` cannot express (aws-cdk issue #18911: its `ListOfTags`
 * conditions are OR-ed). Usable with any `backup.IBackupPlan`, including aws-cdk-lib's
 * `BackupPlan`.
 *
 * @example
 * declare const plan: backup.BackupPlan;
 * new ConditionalBackupSelection(this, 'ProdDatabases', {
 *   backupPlan: plan,
 *   selectionName: 'prod-databases',
 *   conditions: { stringEquals: { tier: 'database', env: 'prod' }, stringNotEquals: { backup: 'skip' } },
 *   resources: ['arn:aws:rds:*'],
 * });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 * @resource AWS::Backup::BackupSelection
 */
export class ConditionalBackupSelection extends Resource implements iam.IGrantable {
  /**
   * The ID of the backup plan.
   *
   * @attribute
   */
  public readonly backupPlanId: string;

  /**
   * The ID of the selection.
   *
   * @attribute
   */
  public readonly selectionId: string;

  /** The role AWS Backup assumes for this selection. */
  public readonly role: iam.IRole;

  /** The role, as the principal to grant permissions to (for example on KMS keys of the selected resources). */
  public readonly grantPrincipal: iam.IPrincipal;

  public constructor(scope: Construct, id: string, props: ConditionalBackupSelectionProps) {
    super(scope, id);
    const where = new Where(this);
    checkString(where, 'selectionName', props.selectionName, { pattern: SELECTION_NAME, patternText: '1 to 50 letters, digits, `-`, `_` or `.` (^[a-zA-Z0-9-_.]{1,50}$)' });
    const conditions = renderConditions(where, props.conditions);
    const resources = props.resources ?? ['*'];
    checkArns(where, 'resources', resources, 1);
    checkArns(where, 'notResources', props.notResources, 0);

    if (props.role && props.s3Permissions !== undefined) {
      where.fail('s3Permissions', 'is only allowed without `role` (a role you pass is used as given)', props.s3Permissions);
    }
    this.role = props.role ?? defaultRole(this, props.s3Permissions ?? resources.some(mayMatchS3));
    this.grantPrincipal = this.role;

    const resource = new backup.CfnBackupSelection(this, 'Resource', {
      backupPlanId: props.backupPlan.backupPlanId,
      backupSelection: {
        selectionName: props.selectionName,
        iamRoleArn: this.role.roleArn,
        resources,
        notResources: props.notResources && props.notResources.length > 0 ? props.notResources : undefined,
        conditions,
      },
    });
    this.backupPlanId = resource.attrBackupPlanId;
    this.selectionId = resource.attrSelectionId;
  }
}

/**
 * The selection's role backs up, never restores: a selection's `IamRoleArn` is "the IAM role
 * that AWS Backup uses to authenticate when backing up the target resource"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html); a restore
 * job names its own role (StartRestoreJob `IamRoleArn`,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html). So only the
 * backup policies (https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html),
 * not AWSBackupServiceRolePolicyForRestores / ...ForS3Restore, which create and delete volumes,
 * instances, tables and buckets. Trusted by AWS Backup for this account only (confused deputy,
 * see `backupPrincipal`).
 */
function defaultRole(scope: Construct, s3: boolean): iam.IRole {
  const names: BackupManagedPolicy[] = ['AWSBackupServiceRolePolicyForBackup'];
  if (s3) names.push('AWSBackupServiceRolePolicyForS3Backup');
  const role = new iam.Role(scope, 'Role', { assumedBy: backupPrincipal(scope) });
  attachBackupManagedPolicies(role, names);
  return role;
}

/**
 * AWS Backup, for this account only: `aws:SourceAccount` as the IAM User Guide recommends for
 * service roles (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). AWS
 * Backup's pages do not say whether it sets the key when it assumes a selection's role, so
 * `StringEqualsIfExists` binds when it is set and cannot lock AWS Backup out when it is not
 * (to confirm on a live account: CloudTrail's AssumeRole events of backup.amazonaws.com).
 */
function backupPrincipal(scope: Construct): iam.IPrincipal {
  return new iam.ServicePrincipal('backup.amazonaws.com').withConditions({
    StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(scope).account },
  });
}

type Kind = keyof TagConditions;
const KINDS: [Kind, string][] = [
  ['stringEquals', 'StringEquals'],
  ['stringNotEquals', 'StringNotEquals'],
  ['stringLike', 'StringLike'],
  ['stringNotLike', 'StringNotLike'],
];

/**
 * Validates the conditions and renders `BackupSelection.Conditions` as CloudFormation JSON
 * (the L1 types the property as `any` and passes it through unconverted).
 */
function renderConditions(where: Where, conditions: TagConditions): { [kind: string]: { ConditionKey: string; ConditionValue: string }[] } {
  const out: { [kind: string]: { ConditionKey: string; ConditionValue: string }[] } = {};
  let count = 0;
  for (const [kind, cfn] of KINDS) {
    const map = conditions[kind];
    if (map === undefined) continue;
    const params: { ConditionKey: string; ConditionValue: string }[] = [];
    for (const [key, value] of Object.entries(map)) {
      const prop = `conditions.${kind}`;
      if (!Token.isUnresolved(key)) {
        const bare = key.startsWith(RESOURCE_TAG) ? key.slice(RESOURCE_TAG.length) : key;
        if (bare.length < 1 || bare.length > MAX_TAG_KEY) {
          where.fail(`${prop}`, `must have tag keys of 1 to ${MAX_TAG_KEY} characters (without the \`${RESOURCE_TAG}\` prefix)`, key);
        }
      }
      if (!Token.isUnresolved(value) && value.length > MAX_TAG_VALUE) {
        where.fail(`${prop}.${key}`, `must be at most ${MAX_TAG_VALUE} characters long (a tag value)`, value);
      }
      const conditionKey = Token.isUnresolved(key) || key.startsWith(RESOURCE_TAG) ? key : `${RESOURCE_TAG}${key}`;
      params.push({ ConditionKey: conditionKey, ConditionValue: value });
      count++;
    }
    if (params.length > 0) out[cfn] = params;
  }
  if (count === 0) {
    where.fail('conditions', 'must have at least one tag condition (without one the selection would take every resource its `resources` match; use aws-cdk-lib\'s BackupSelection for that)', conditions);
  }
  return out;
}

/** ARN patterns: `*` or `arn:...`, wildcard only at the end, 500 (30 with wildcards) at most. */
function checkArns(where: Where, prop: string, arns: string[] | undefined, min: number): void {
  if (arns === undefined || Token.isUnresolved(arns)) return;
  if (arns.length < min) where.fail(prop, `must have at least ${min} ARN pattern (use ['*'] for every resource)`, arns);
  arns.forEach((arn, i) => {
    if (Token.isUnresolved(arn)) return;
    if (arn !== '*' && !arn.startsWith('arn:')) {
      where.fail(`${prop}[${i}]`, 'must be an ARN (`arn:...`) or `*`', arn);
    }
    const star = arn.indexOf('*');
    if (star >= 0 && star !== arn.length - 1) {
      where.fail(`${prop}[${i}]`, 'must have its `*` wildcard only at the end (AWS Backup matches ARN prefixes: `arn:aws:s3:::logs-*`, not `arn:aws:s3:::*-logs`)', arn);
    }
  });
  const wildcards = arns.some(a => !Token.isUnresolved(a) && a.includes('*'));
  const max = wildcards ? MAX_WILDCARD_ARNS : MAX_ARNS;
  if (arns.length > max) {
    where.fail(prop, `must have at most ${max} ARNs ${wildcards ? 'when any has a wildcard' : 'without wildcards'} (AWS Backup's limit: 500 ARNs, or 30 with wildcards)`, `${arns.length} ARNs`);
  }
}

/** True when an ARN pattern may match an S3 bucket (`arn:<partition>:s3:::<bucket>`). */
function mayMatchS3(pattern: string): boolean {
  if (Token.isUnresolved(pattern)) return true;
  const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : undefined;
  const s3 = 'arn:aws:s3:::';
  if (prefix !== undefined) {
    // `arn:aws:s*`, `arn:*`, `*`: a prefix of some S3 ARN (other partitions: `arn:aws-cn:s3:::`).
    if (s3.startsWith(prefix) || /^arn:aws[a-z-]*:(s|s3(:.*)?)?$/.test(prefix) || /^arn:(a[a-z-]*)?$/.test(prefix)) return true;
  }
  return /^arn:aws[a-z-]*:s3:/.test(pattern);
}
