import { Duration, Names, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { backupScheduleExpression, checkBackupRetention, checkWholeDays } from '../backup/private/render';
import { checkString, EC2_TAG_KEY, raw, Where } from '../common/validation';
import { RUNG_TAG_KEY, TIER_TAG_KEY } from '../tiers/private/tags';
import { usesWindowsVss } from '../tiers/private/windows-vss';
import { BackupTier } from '../tiers/tier';

/**
 * Documented quotas of backup policies (AWS Backup quotas, "Policy quotas"; AWS Organizations
 * quotas, maximum size of a backup policy document).
 */
export const BACKUP_POLICY_QUOTAS = {
  /** Backup plan rules in a plan. */
  rulesPerPlan: 10,
  /** Copy actions per backup rule. */
  copyActionsPerRule: 5,
  /** Resource selections that use tags in a plan. */
  tagSelectionsPerPlan: 10,
  /** Tags in a resource selection. */
  tagsPerSelection: 30,
  /** Conditions in a resource assignment. */
  conditionsPerSelection: 30,
  /** Tags added to a recovery point. */
  recoveryPointTags: 10,
  /** Characters of a backup policy document. */
  policyCharacters: 10_000,
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const PLAN_OR_RULE_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;
const TARGET_ID = /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT = /^\d{12}$/;
const MIN_WINDOW_MINUTES = 60;
const COLD_MIN_DAYS = 90;

/** Properties of an `OrganizationBackupPolicy`. */
export interface OrganizationBackupPolicyProps {
  /** The tiers: one backup plan each, one rule per rung (and one for point-in-time recovery). */
  readonly tiers: BackupTier[];

  /** The Regions in which every account backs up its tier-tagged resources. */
  readonly regions: string[];

  /**
   * The vault every rule writes to; it must exist in every account and Region that gets the
   * policy (e.g. deployed with a CloudFormation StackSet).
   */
  readonly backupVaultName: string;

  /**
   * The vault DR copies go to, in each DR Region.
   *
   * @default - `backupVaultName`
   */
  readonly drBackupVaultName?: string;

  /**
   * The account DR copies go to (its vault policy must allow `backup:CopyIntoBackupVault`).
   *
   * @default - each account copies into its own vault (`$account`)
   */
  readonly drAccount?: string;

  /**
   * The IAM role AWS Backup assumes in each account (name with its path), rendered as
   * `arn:<partition>:iam::$account:role/<name>`; it must exist in every account.
   *
   * @default 'service-role/AWSBackupDefaultServiceRole'
   */
  readonly iamRoleName?: string;

  /**
   * The tag key naming a resource's tier.
   *
   * @default 'backup-tier'
   */
  readonly tagKey?: string;

  /**
   * Leave EBS volumes and EC2 instances out of the plans (when accounts protect them with
   * DLM): the selection then uses a `resources` block with `not_resource_types`.
   *
   * @default false
   */
  readonly excludeEbs?: boolean;

  /**
   * Forbid policies attached lower in the organization to change the plans
   * (`@@operators_allowed_for_child_policies: ["@@none"]` on each plan).
   *
   * @default false - child policies may override any setting
   */
  readonly preventChildOverrides?: boolean;

  /**
   * How long after its scheduled time a backup job may start (whole minutes, at least 60).
   *
   * @default Duration.hours(1)
   */
  readonly startWindow?: Duration;

  /**
   * How long a started backup job may run (whole minutes, at least `startWindow` + 60).
   *
   * @default Duration.days(7)
   */
  readonly completionWindow?: Duration;

  /**
   * The roots (`r-...`), organizational units (`ou-...-...`) and accounts (12 digits) the
   * policy is attached to.
   *
   * @default - not attached
   */
  readonly targetIds?: string[];

  /**
   * The policy name (1 to 128 characters).
   *
   * @default - generated from the construct path
   */
  readonly policyName?: string;

  /**
   * The policy description (at most 512 characters).
   *
   * @default - lists the tiers
   */
  readonly description?: string;

  /**
   * The partition of the ARNs in the policy.
   *
   * @default 'aws'
   */
  readonly partition?: string;
}

/**
 * The tiers as an AWS Organizations backup policy (`AWS::Organizations::Policy` of type
 * `BACKUP_POLICY`), so that one declaration protects every account of an organizational unit:
 * one backup plan per tier, one rule per rung (schedule, windows, lifecycle with cold storage,
 * copy actions to the DR Regions' vaults, recovery point tags), a continuous-backup rule for
 * point-in-time recovery, a selection of the resources carrying the tier tag with the role
 * `arn:aws:iam::$account:role/...`, Windows VSS for tiers with the VSS hook.
 *
 * Every value uses the `@@assign` operator (the documented syntax of management policies).
 * Checked against the documented quotas: 10 rules per plan, 5 copy actions per rule, 10 tag
 * selections per plan, 30 tags and 30 conditions per selection, 10 recovery point tags, and
 * 10,000 characters per policy (measured as compact JSON).
 *
 * @example
 * new OrganizationBackupPolicy(this, 'OrgBackup', {
 *   tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.development()],
 *   regions: ['ap-south-1'],
 *   backupVaultName: 'tiered-backup',
 *   targetIds: ['ou-ab12-cdef3456'],
 * });
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
 */
export class OrganizationBackupPolicy extends Construct {
  /** The L1 policy. */
  public readonly policy: organizations.CfnPolicy;

  /** The policy ID (`p-...`). */
  public readonly policyId: string;

  /** The policy ARN. */
  public readonly policyArn: string;

  /** The policy document, as rendered into `Content`. */
  public readonly content: any;

  public constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    const where = new Where(this);
    const tagKey = props.tagKey ?? 'backup-tier';
    const partition = props.partition ?? 'aws';
    const roleName = props.iamRoleName ?? 'service-role/AWSBackupDefaultServiceRole';
    const drVaultName = props.drBackupVaultName ?? props.backupVaultName;
    checkString(where, 'tagKey', tagKey, { pattern: EC2_TAG_KEY, patternText: 'a tag key (1-128 characters, not starting with `aws:`)' });
    checkString(where, 'partition', partition, { pattern: /^aws(-[a-z]+)*$/, patternText: 'a partition such as aws or aws-us-gov' });
    checkString(where, 'iamRoleName', roleName, { pattern: ROLE_NAME, patternText: 'an IAM role name with its path, e.g. service-role/AWSBackupDefaultServiceRole' });
    checkString(where, 'backupVaultName', props.backupVaultName, { pattern: VAULT_NAME, patternText: '2 to 50 letters, digits, `-` or `_`' });
    checkString(where, 'drBackupVaultName', drVaultName, { pattern: VAULT_NAME, patternText: '2 to 50 letters, digits, `-` or `_`' });
    checkString(where, 'drAccount', props.drAccount, { pattern: ACCOUNT, patternText: 'a 12-digit account ID' });
    checkString(where, 'policyName', props.policyName, { minLength: 1, maxLength: 128 });
    checkString(where, 'description', props.description, { maxLength: 512 });

    if (props.regions.length === 0) where.fail('regions', 'must list at least one Region', []);
    props.regions.forEach((r, i) => {
      checkString(where, `regions[${i}]`, r, { pattern: REGION, patternText: 'a Region code such as eu-west-1' });
      if (props.regions.indexOf(r) !== i) where.fail(`regions[${i}]`, 'must not repeat a Region', r);
    });
    (props.targetIds ?? []).forEach((t, i) => {
      checkString(where, `targetIds[${i}]`, t, { pattern: TARGET_ID, patternText: 'a root (r-...), organizational unit (ou-...-...) or account (12 digits) ID' });
      if (props.targetIds!.indexOf(t) !== i) where.fail(`targetIds[${i}]`, 'must not repeat a target', t);
    });

    const start = windowMinutes(where, 'startWindow', props.startWindow ?? Duration.hours(1), MIN_WINDOW_MINUTES);
    const completion = windowMinutes(where, 'completionWindow', props.completionWindow ?? Duration.days(7), MIN_WINDOW_MINUTES);
    if (start !== undefined && completion !== undefined && completion < start + 60) {
      where.fail('completionWindow', `must be at least 60 minutes longer than \`startWindow\`, so at least ${start + 60} minutes`, props.completionWindow);
    }

    if (props.tiers.length === 0) where.fail('tiers', 'must contain at least one tier', []);
    const plans: { [name: string]: unknown } = {};
    for (const tier of props.tiers) {
      tier._validate(where);
      if (plans[tier.name] !== undefined) where.fail('tiers', 'must have unique names', tier.name);
      checkString(where.in(`tier \`${tier.name}\``), 'name', tier.name, { pattern: PLAN_OR_RULE_NAME, patternText: 'a backup plan name' });
      if (tier.timeZone !== undefined) {
        // never shift a tier's schedules silently: this policy's rules are rendered in UTC
        where.in(`tier \`${tier.name}\``).fail('timeZone', 'cannot be used in an Organizations backup policy: its rules are rendered in UTC; give it a variant of the tier with its cadences in UTC (`tier.withOptions({ rungs, without: [TierFeature.TIME_ZONE] })`)', tier.timeZone.timezoneName);
      }
      plans[tier.name] = this.renderPlan(where.in(`tier \`${tier.name}\``), tier, {
        tagKey, partition, roleName, drVaultName, props, start, completion,
      });
    }
    this.content = { plans };

    const json = JSON.stringify(this.content);
    if (!Token.isUnresolved(json) && json.length > BACKUP_POLICY_QUOTAS.policyCharacters) {
      where.fail('tiers', `must render a policy of at most ${BACKUP_POLICY_QUOTAS.policyCharacters} characters (the AWS Organizations quota for backup policies): split the tiers over several policies`, raw(`${json.length} characters`));
    }

    this.policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName ?? Names.uniqueResourceName(this, { maxLength: 128 }),
      type: 'BACKUP_POLICY',
      content: this.content,
      description: props.description ?? `Backup tiers ${props.tiers.map(t => t.name).join(', ')}`.slice(0, 512),
      targetIds: props.targetIds,
    });
    this.policyId = this.policy.attrId;
    this.policyArn = this.policy.attrArn;
  }

  private renderPlan(w: Where, tier: BackupTier, ctx: {
    tagKey: string;
    partition: string;
    roleName: string;
    drVaultName: string;
    props: OrganizationBackupPolicyProps;
    start?: number;
    completion?: number;
  }): { [key: string]: unknown } {
    const { props, partition } = ctx;
    const assign = (value: unknown) => ({ '@@assign': value });
    const names = tier.rungNames;
    const ruleCount = tier.rungs.length + (tier.pointInTimeRecovery !== undefined ? 1 : 0);
    if (ruleCount > BACKUP_POLICY_QUOTAS.rulesPerPlan) {
      w.fail('rungs', `must make at most ${BACKUP_POLICY_QUOTAS.rulesPerPlan} rules per plan (the backup policy quota; point-in-time recovery takes one)`, raw(`${ruleCount} rules`));
    }
    if (tier.drCopies.length > BACKUP_POLICY_QUOTAS.copyActionsPerRule) {
      w.fail('drCopies', `must have at most ${BACKUP_POLICY_QUOTAS.copyActionsPerRule} copies (copy actions per rule)`, raw(`${tier.drCopies.length} copies`));
    }
    const account = props.drAccount ?? '$account';
    tier.drCopies.forEach((copy, i) => {
      checkString(w, `drCopies[${i}].region`, copy.region, { pattern: REGION, patternText: 'a Region code such as eu-west-1' });
      if (props.regions.includes(copy.region) && props.drAccount === undefined && ctx.drVaultName === props.backupVaultName) {
        w.fail(`drCopies[${i}].region`, `must not be one of \`regions\` while copies go to the same vault name in the same account (in ${copy.region} the plan would copy into its own vault): set \`drBackupVaultName\` or \`drAccount\``, copy.region);
      }
    });

    const windows = {
      ...(ctx.start !== undefined ? { start_backup_window_minutes: assign(String(ctx.start)) } : {}),
      ...(ctx.completion !== undefined ? { complete_backup_window_minutes: assign(String(ctx.completion)) } : {}),
    };
    const tags = (rung: string) => ({
      tier: { tag_key: assign(TIER_TAG_KEY), tag_value: assign(tier.name) },
      rung: { tag_key: assign(RUNG_TAG_KEY), tag_value: assign(rung) },
    });
    const rules: { [name: string]: unknown } = {};
    tier.rungs.forEach((rung, i) => {
      const rw = w.in(`rung \`${names[i]}\``);
      const deleteDays = checkBackupRetention(rw, 'retention', rung.retention);
      const coldDays = checkWholeDays(rw, 'coldStorageAfter', rung.coldStorageAfter, 1);
      checkCold(rw, 'retention', deleteDays, coldDays);
      const copyActions: { [arn: string]: unknown } = {};
      tier.drCopies.forEach((copy, j) => {
        const days = copy.retention !== undefined ? checkBackupRetention(rw, `drCopies[${j}].retention`, copy.retention) : deleteDays;
        const arn = `arn:${partition}:backup:${copy.region}:${account}:backup-vault:${ctx.drVaultName}`;
        copyActions[arn] = { target_backup_vault_arn: assign(arn), lifecycle: { delete_after_days: assign(String(days)) } };
      });
      rules[names[i]] = {
        schedule_expression: assign(backupScheduleExpression(rung.cadence, rw, 'cadence')),
        target_backup_vault_name: assign(props.backupVaultName),
        ...windows,
        lifecycle: {
          ...(coldDays !== undefined ? { move_to_cold_storage_after_days: assign(String(coldDays)) } : {}),
          delete_after_days: assign(String(deleteDays)),
        },
        ...(tier.drCopies.length > 0 ? { copy_actions: copyActions } : {}),
        recovery_point_tags: tags(names[i]),
      };
    });
    if (tier.pointInTimeRecovery !== undefined) {
      if (names.includes('PointInTime')) w.fail('rungs', 'must not have a rung named `PointInTime` with `pointInTimeRecovery` (that is the continuous-backup rule)', 'PointInTime');
      rules.PointInTime = {
        schedule_expression: assign(backupScheduleExpression(tier.rungs[0].cadence, w, 'cadence')),
        target_backup_vault_name: assign(props.backupVaultName),
        ...windows,
        enable_continuous_backup: assign('true'),
        lifecycle: { delete_after_days: assign(String(tier.pointInTimeRecovery.toDays())) },
        recovery_point_tags: tags('PointInTime'),
      };
    }

    const role = assign(`arn:${partition}:iam::$account:role/${ctx.roleName}`);
    const selections = props.excludeEbs
      ? {
        resources: {
          [tier.name]: {
            iam_role_arn: role,
            resource_types: assign(['*']),
            not_resource_types: assign([`arn:${partition}:ec2:*:*:volume/*`, `arn:${partition}:ec2:*:*:instance/*`]),
            conditions: {
              string_equals: {
                [ctx.tagKey]: { condition_key: assign(`aws:ResourceTag/${ctx.tagKey}`), condition_value: assign(tier.name) },
              },
            },
          },
        },
      }
      : { tags: { [tier.name]: { iam_role_arn: role, tag_key: assign(ctx.tagKey), tag_value: assign([tier.name]) } } };

    const vss = usesWindowsVss(tier, this);
    return {
      ...(props.preventChildOverrides ? { '@@operators_allowed_for_child_policies': ['@@none'] } : {}),
      regions: assign([...props.regions]),
      rules,
      selections,
      ...(vss ? { advanced_backup_settings: { ec2: { windows_vss: assign('enabled') } } } : {}),
    };
  }
}

function windowMinutes(where: Where, prop: string, value: Duration, min: number): number | undefined {
  if (value.isUnresolved()) return undefined;
  const minutes = value.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < min) where.fail(prop, `must be a whole number of minutes, at least ${min}`, value);
  return minutes;
}

function checkCold(where: Where, prop: string, deleteDays: number, coldDays: number | undefined): void {
  if (coldDays === undefined || Token.isUnresolved(coldDays) || Token.isUnresolved(deleteDays)) return;
  if (deleteDays < coldDays + COLD_MIN_DAYS) {
    where.fail(prop, `must be at least ${coldDays + COLD_MIN_DAYS} days: ${COLD_MIN_DAYS} days after \`coldStorageAfter\` (${coldDays} days), the minimum time in cold storage`, raw(`${deleteDays} days`));
  }
}
