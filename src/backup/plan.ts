import { Annotations, Duration, Names, TimeZone, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkCold, checkLock, checkTags, checkWindows, knownTimeZone } from './private/plan-checks';
import { backupScheduleExpression, checkBackupRetention, checkWholeDays, known, parseVaultArn } from './private/render';
import { ConditionalBackupSelection, ConditionalBackupSelectionOptions } from './selection';
import { Cadence } from '../common/cadence';
import { Retention } from '../common/retention';
import { ACCOUNT_ID, checkString, raw, Where } from '../common/validation';

const RULE_NAME = /^[a-zA-Z0-9\-_.]{1,50}$/;
const PLAN_NAME = /^[a-zA-Z0-9\-_.]{1,200}$/;
const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;
const REGION = /^([a-z]+-){2,3}\d$/;
/** Continuous backup (point-in-time recovery) keeps 1 to 35 days. */
const CONTINUOUS_MAX_DAYS = 35;

/** A copy of every recovery point of a rule into another vault (another Region and/or account). */
export interface ValidatedBackupCopyProps {
  /**
   * The vault the copies go to. For another account, its access policy must allow
   * `backup:CopyIntoBackupVault` from this account (`ProtectedBackupVault`'s `allowCopyFromAccounts`).
   */
  readonly destinationVault: backup.IBackupVault;

  /**
   * How long the copies are kept: an age, converted to whole days like the rule's retention.
   *
   * @default - the rule's retention
   */
  readonly retention?: Retention;

  /**
   * When copies move to cold storage (whole days). The retention must then be at least 90 days
   * longer.
   *
   * @default - copies stay in warm storage
   */
  readonly coldStorageAfter?: Duration;
}

/** One rule (one rung of a tier's ladder) of a `ValidatedBackupPlan`. */
export interface ValidatedBackupRuleProps {
  /** The rule name: 1 to 50 letters, digits, `-`, `_` or `.`, unique within the plan. */
  readonly ruleName: string;

  /**
   * When backups start (UTC). Intervals must divide 24 hours (1, 2, 3, 4, 6, 8, 12 or 24 hours)
   * to be one cron expression; nothing may run more often than once an hour.
   */
  readonly cadence: Cadence;

  /**
   * How long recovery points are kept: an age (AWS Backup has no count-based retention),
   * rendered in whole days with the longest meaning of calendar units (a month is 31 days, a
   * year 366), so that nothing is kept shorter than declared.
   */
  readonly retention: Retention;

  /**
   * When recovery points move to cold storage (whole days; only for resource types that support
   * it). The retention must then be at least 90 days longer.
   *
   * @default - recovery points stay in warm storage
   */
  readonly coldStorageAfter?: Duration;

  /**
   * Continuous backup with point-in-time recovery (for the resource types that support it;
   * others get snapshot backups on `cadence`). Retention 1 to 35 days, no cold storage, and at
   * most one continuous rule per plan.
   *
   * @default false
   */
  readonly continuousBackup?: boolean;

  /**
   * Copies of each recovery point into other vaults.
   *
   * @default - no copies
   */
  readonly copies?: ValidatedBackupCopyProps[];

  /**
   * Tags put on the recovery points (at most 50).
   *
   * @default - none
   */
  readonly recoveryPointTags?: { [key: string]: string };
}

/** Properties of a `ValidatedBackupPlan`. */
export interface ValidatedBackupPlanProps {
  /**
   * The plan name: 1 to 200 letters, digits, `-`, `_` or `.`.
   *
   * @default - a name generated from the construct path (at most 50 characters)
   */
  readonly backupPlanName?: string;

  /** The vault every rule writes to. */
  readonly vault: backup.IBackupVault;

  /** The rules (at least one; more with `addRule()`). */
  readonly rules: ValidatedBackupRuleProps[];

  /**
   * How long after its scheduled time a backup job may start before it is cancelled (at least
   * 60 minutes). The worst-case recovery point objective of a rule is its longest period plus
   * this window.
   *
   * @default Duration.hours(1)
   */
  readonly startWindow?: Duration;

  /**
   * How long a started backup job may run before it is cancelled (at least `startWindow` + 60
   * minutes).
   *
   * @default Duration.days(7) - AWS Backup's own default
   */
  readonly completionWindow?: Duration;

  /**
   * The time zone every rule's schedule is written in (`ScheduleExpressionTimezone`): the
   * cadences' start times and crons are then local times of that zone, e.g.
   * `TimeZone.EUROPE_BERLIN`.
   *
   * @default - UTC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html
   */
  readonly scheduleTimeZone?: TimeZone;

  /**
   * Take application-consistent (VSS) backups of Windows EC2 instances.
   *
   * @default false
   */
  readonly windowsVss?: boolean;

  /** The resources the plan backs up: exactly one selection with AND-ed tag conditions. */
  readonly selection: ConditionalBackupSelectionOptions;

  /**
   * The role AWS Backup assumes for the selection. Used as given.
   *
   * @default - a new role for `backup.amazonaws.com` (this account only) with the AWS managed
   * policy `AWSBackupServiceRolePolicyForBackup`, and `...ForS3Backup` when the selection's
   * `resources` may match an S3 bucket (the default `['*']` does); backups only, restore jobs
   * name a role of their own
   */
  readonly role?: iam.IRole;

  /**
   * Attach the S3 backup/restore managed policies to the role this construct creates.
   *
   * @default - true when the selection's `resources` may match an S3 bucket ARN
   */
  readonly s3Permissions?: boolean;
}

/**
 * An AWS Backup plan for one tier: one rule per rung (schedule from a `Cadence`, retention from
 * an age-based `Retention`, cold storage, continuous backup, copies), one vault, and one
 * selection with AND-ed tag conditions.
 *
 * Composes aws-cdk-lib's `backup.BackupPlan` / `BackupPlanRule` (available as `plan`) and a
 * `ConditionalBackupSelection`; checks at construction what AWS Backup would reject at deploy
 * time or silently ignore.
 *
 * @example
 * const vault = new ProtectedBackupVault(this, 'Vault');
 * new ValidatedBackupPlan(this, 'Database', {
 *   vault,
 *   rules: [
 *     { ruleName: 'Every2h', cadence: Cadence.every(Duration.hours(2)), retention: Retention.age(Duration.days(1)) },
 *     { ruleName: 'Pitr', cadence: Cadence.daily(), retention: Retention.age(Duration.days(7)), continuousBackup: true },
 *     { ruleName: 'Monthly', cadence: Cadence.monthly(1), retention: Retention.years(2), coldStorageAfter: Duration.days(30) },
 *   ],
 *   selection: { selectionName: 'database', conditions: { stringEquals: { tier: 'database' } } },
 * });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/about-backup-plans.html
 */
export class ValidatedBackupPlan extends Construct {
  /** The aws-cdk-lib backup plan. */
  public readonly plan: backup.BackupPlan;

  /** The selection that assigns resources to the plan. */
  public readonly selection: ConditionalBackupSelection;

  /** The role AWS Backup assumes to back up and restore the selected resources. */
  public readonly role: iam.IRole;

  /** The vault the rules write to. */
  public readonly vault: backup.IBackupVault;

  /** The start window of every rule. */
  public readonly startWindow: Duration;

  /** The completion window of every rule. */
  public readonly completionWindow: Duration;

  /**
   * The time zone of every rule's schedule.
   *
   * @default - UTC
   */
  public readonly scheduleTimeZone?: TimeZone;

  private readonly ruleProps: ValidatedBackupRuleProps[] = [];

  public constructor(scope: Construct, id: string, props: ValidatedBackupPlanProps) {
    super(scope, id);
    const where = new Where(this);
    checkString(where, 'backupPlanName', props.backupPlanName, { pattern: PLAN_NAME, patternText: '1 to 200 letters, digits, `-`, `_` or `.` (^[a-zA-Z0-9-_.]{1,200}$)' });
    this.vault = props.vault;
    this.startWindow = props.startWindow ?? Duration.hours(1);
    this.completionWindow = props.completionWindow ?? Duration.days(7);
    checkWindows(where, this.startWindow, this.completionWindow);
    this.scheduleTimeZone = props.scheduleTimeZone;
    const zone = props.scheduleTimeZone?.timezoneName;
    if (zone !== undefined && !Token.isUnresolved(zone) && !knownTimeZone(zone)) {
      where.fail('scheduleTimeZone', 'must be an IANA time zone such as Europe/Berlin or America/New_York', zone);
    }

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.backupPlanName ?? Names.uniqueResourceName(this, { maxLength: 50, separator: '-', allowedSpecialCharacters: '-_.' }),
      backupVault: props.vault,
      windowsVss: props.windowsVss,
    });
    for (const rule of props.rules) this.addRule(rule);
    this.node.addValidation({
      validate: () => this.ruleProps.length > 0 ? [] : [where.bareMessage('rules', 'must have at least 1 rule: pass `rules` or call addRule()')],
    });

    this.selection = new ConditionalBackupSelection(this, 'Selection', {
      ...props.selection,
      backupPlan: this.plan,
      role: props.role,
      s3Permissions: props.s3Permissions,
    });
    this.role = this.selection.role;
  }

  /** The rules added so far, as given. */
  public get rules(): ValidatedBackupRuleProps[] {
    return [...this.ruleProps];
  }

  /**
   * Adds a rule (a rung of the ladder), checking it against AWS Backup's rules and the other
   * rules of the plan.
   */
  public addRule(rule: ValidatedBackupRuleProps): void {
    const name = rule.ruleName;
    const where = new Where(this, `rule \`${name}\``);
    checkString(where, 'ruleName', name, { pattern: RULE_NAME, patternText: '1 to 50 letters, digits, `-`, `_` or `.` (^[a-zA-Z0-9-_.]{1,50}$)' });
    if (!Token.isUnresolved(name) && this.ruleProps.some(r => r.ruleName === name)) {
      where.fail('ruleName', 'must be unique within the plan', name);
    }

    const schedule = backupScheduleExpression(rule.cadence, where, 'cadence');
    const deleteDays = checkBackupRetention(where, 'retention', rule.retention);
    const coldDays = checkWholeDays(where, 'coldStorageAfter', rule.coldStorageAfter, 1);
    const continuous = rule.continuousBackup ?? false;
    if (continuous) {
      if (rule.coldStorageAfter !== undefined) {
        where.fail('coldStorageAfter', 'must not be set with `continuousBackup` (continuous backups are never moved to cold storage)', rule.coldStorageAfter);
      }
      const days = known(deleteDays);
      if (days !== undefined && (days < 1 || days > CONTINUOUS_MAX_DAYS)) {
        where.fail('retention', `must be between 1 and ${CONTINUOUS_MAX_DAYS} days with \`continuousBackup\` (point-in-time recovery), counting a month as 31 days`, raw(`${rule.retention} (${days} days)`));
      }
      const other = this.ruleProps.find(r => r.continuousBackup);
      if (other) {
        where.fail('continuousBackup', `may be set on only one rule of a plan, and rule \`${other.ruleName}\` has it (all rules write to one vault, where AWS Backup keeps only the continuous rule with the longest retention and disregards the others)`, true);
      }
    }
    checkCold(where, 'retention', rule.retention, deleteDays, 'coldStorageAfter', coldDays);
    checkLock(where, 'retention', rule.retention, deleteDays, this.vault);
    checkTags(where, rule.recoveryPointTags);
    this.warnGaps(where, rule, deleteDays, continuous);

    const copyActions = (rule.copies ?? []).map((copy, i) => this.copyAction(where, rule, deleteDays, copy, i));

    const expressionIsToken = Token.isUnresolved(schedule);
    const index = this.ruleProps.length;
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: name,
      // aws-cdk-lib accepts only an expression that visibly starts with `cron`: a token is rendered by an override below.
      scheduleExpression: events.Schedule.expression(expressionIsToken ? 'cron(0 0 * * ? *)' : schedule),
      scheduleExpressionTimezone: this.scheduleTimeZone,
      startWindow: this.startWindow,
      completionWindow: this.completionWindow,
      deleteAfter: Duration.days(deleteDays),
      moveToColdStorageAfter: coldDays !== undefined ? Duration.days(coldDays) : undefined,
      enableContinuousBackup: continuous ? true : undefined,
      copyActions: copyActions.length > 0 ? copyActions : undefined,
      recoveryPointTags: rule.recoveryPointTags,
    }));
    if (expressionIsToken) {
      (this.plan.node.defaultChild as backup.CfnBackupPlan).addPropertyOverride(`BackupPlan.BackupPlanRule.${index}.ScheduleExpression`, schedule);
    }
    this.ruleProps.push(rule);
  }

  private copyAction(ruleWhere: Where, rule: ValidatedBackupRuleProps, ruleDays: number, copy: ValidatedBackupCopyProps, i: number)
    : backup.BackupPlanCopyActionProps {
    const prop = `copies[${i}]`;
    const days = copy.retention ? checkBackupRetention(ruleWhere, `${prop}.retention`, copy.retention) : ruleDays;
    const retention = copy.retention ?? rule.retention;
    const cold = checkWholeDays(ruleWhere, `${prop}.coldStorageAfter`, copy.coldStorageAfter, 1);
    checkCold(ruleWhere, `${prop}.retention`, retention, days, `${prop}.coldStorageAfter`, cold);

    const dest = copy.destinationVault;
    const arn = dest.backupVaultArn;
    if (dest === this.vault || (!Token.isUnresolved(arn) && arn === this.vault.backupVaultArn)) {
      ruleWhere.fail(`${prop}.destinationVault`, 'must differ from the plan\'s own vault', arn);
    }
    const parts = parseVaultArn(arn);
    if (parts === null) {
      ruleWhere.fail(`${prop}.destinationVault`, 'must have a backup vault ARN `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`', arn);
    }
    if (parts) {
      if (!ACCOUNT_ID.test(parts.account)) ruleWhere.fail(`${prop}.destinationVault`, 'must have a 12-digit account ID in its ARN', arn);
      if (!REGION.test(parts.region)) ruleWhere.fail(`${prop}.destinationVault`, 'must have a Region like eu-west-1 in its ARN', arn);
      if (!VAULT_NAME.test(parts.name)) ruleWhere.fail(`${prop}.destinationVault`, 'must have a vault name of 2 to 50 letters, digits, `-` or `_` in its ARN', arn);
    }
    (rule.copies ?? []).slice(0, i).forEach((other, j) => {
      if (other.destinationVault === dest || (!Token.isUnresolved(arn) && other.destinationVault.backupVaultArn === arn)) {
        ruleWhere.fail(`${prop}.destinationVault`, `must not repeat the destination of \`copies[${j}]\``, arn);
      }
    });
    checkLock(ruleWhere, `${prop}.retention`, retention, days, dest);
    return {
      destinationBackupVault: dest,
      deleteAfter: Duration.days(days),
      moveToColdStorageAfter: cold !== undefined ? Duration.days(cold) : undefined,
    };
  }

  /** An age shorter than the time between backups leaves periods without any recovery point. */
  private warnGaps(where: Where, rule: ValidatedBackupRuleProps, deleteDays: number, continuous: boolean): void {
    if (continuous) return;
    const days = known(deleteDays);
    const period = rule.cadence._maxPeriodHours();
    if (days === undefined || period === undefined) return;
    if (days * 24 < period) {
      Annotations.of(this).addWarningV2('cdk-tiered-backup:backup-retention-shorter-than-cadence',
        `${where.prefix()}\`retention\` (${rule.retention}) is shorter than the time between backups (${rule.cadence}): AWS Backup deletes by age, so for part of each period no recovery point of this rule exists`);
    }
  }
}
