import { Annotations, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { registerVault, VaultFacts } from './private/vault-registry';
import { ACCOUNT_ID, checkString, Where } from '../common/validation';

/** AWS Backup's ceiling for vault lock retention and changeable-for periods: 36500 days (about 100 years). */
const MAX_LOCK_DAYS = 36500;
const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

/**
 * AWS Backup Vault Lock settings.
 *
 * Without `changeableFor` the lock is in governance mode: users with enough IAM permissions can
 * still change or remove it. With `changeableFor` it is in compliance mode: after that grace
 * period nobody, not even the root user or AWS, can change or remove it.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export interface VaultLockOptions {
  /**
   * The shortest retention a backup or copy job into the vault may have (whole days, at least
   * 1 day, at most 36500 days). Jobs with a shorter retention fail.
   */
  readonly minRetention: Duration;

  /**
   * The longest retention a backup or copy job into the vault may have (whole days, at least
   * `minRetention` - equal pins the retention to one value -, at most 36500 days). Jobs with a
   * longer retention fail.
   *
   * @default - no maximum
   */
  readonly maxRetention?: Duration;

  /**
   * The grace period before the lock becomes immutable (compliance mode): whole days, at least
   * 3 days (AWS Backup's 72-hour cooling-off period), at most 36500 days.
   *
   * @default - governance mode: the lock can be changed or removed at any time
   */
  readonly changeableFor?: Duration;
}

/** Properties of a `ProtectedBackupVault`. */
export interface ProtectedBackupVaultProps {
  /**
   * The vault name: 2 to 50 letters, digits, `-` or `_`, unique in the account and Region.
   *
   * @default - a name generated from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * The KMS key that encrypts recovery points of resources fully managed by AWS Backup (and all
   * copies into this vault).
   *
   * @default - a new customer-managed key with yearly rotation, retained when the stack is deleted
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * AWS Backup Vault Lock (WORM): bounds on the retention of every job into the vault.
   *
   * @default - no vault lock
   */
  readonly lock?: VaultLockOptions;

  /**
   * Deny `backup:DeleteRecoveryPoint` and `backup:UpdateRecoveryPointLifecycle` to every
   * principal in the vault access policy, so that recovery points are only ever deleted by
   * their lifecycle (satisfies BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED). The policy also
   * denies `backup:PutBackupVaultAccessPolicy` and `backup:DeleteBackupVaultAccessPolicy` to
   * everyone but `accessPolicyAdmins`, so that an administrator cannot simply remove it.
   *
   * @default true
   */
  readonly blockManualDeletion?: boolean;

  /**
   * With `blockManualDeletion`: the roles that may still change or delete the vault access
   * policy (for example your deployment role). Everyone else is denied
   * `backup:PutBackupVaultAccessPolicy` and `backup:DeleteBackupVaultAccessPolicy`.
   *
   * @default - the stack's CloudFormation execution role (the default stack synthesizer's),
   * so that deployments can still update the policy; with another synthesizer the policy
   * itself is not protected (a warning says so) unless roles are given
   */
  readonly accessPolicyAdmins?: iam.IRole[];

  /**
   * AWS accounts (12-digit IDs) whose backup plans may copy recovery points into this vault:
   * the vault access policy allows them `backup:CopyIntoBackupVault`.
   *
   * @default - no other account may copy into the vault
   */
  readonly allowCopyFromAccounts?: string[];

  /**
   * What happens to the vault when it leaves the stack. A vault that still holds recovery
   * points cannot be deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * An SNS topic for the vault's events.
   *
   * @default - no notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * The vault events sent to `notificationTopic`.
   *
   * @default - all vault events when `notificationTopic` is set
   */
  readonly notificationEvents?: backup.BackupVaultEvents[];
}

/**
 * An AWS Backup vault whose recovery points are protected: encrypted with a customer-managed KMS
 * key, manual deletion denied, optional vault lock and cross-account copy access.
 *
 * It is a `backup.IBackupVault`: pass it wherever aws-cdk-lib expects one (`BackupPlan`'s
 * `backupVault`, a copy action's destination, `grant()`). It composes aws-cdk-lib's
 * `backup.BackupVault` and checks its inputs at construction with messages that name the
 * construct, the property and the value. `node.defaultChild` is the `CfnBackupVault`.
 *
 * @example
 * const vault = new ProtectedBackupVault(this, 'Vault', {
 *   lock: { minRetention: Duration.days(7), maxRetention: Duration.days(3660) },
 * });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vaults.html
 */
export class ProtectedBackupVault extends Resource implements backup.IBackupVault {
  /** The key that encrypts the vault. */
  public readonly encryptionKey: kms.IKey;

  /** The vault name. */
  public readonly backupVaultName: string;

  /** The vault ARN. */
  public readonly backupVaultArn: string;

  /**
   * The vault lock settings, if any.
   */
  public readonly lock?: VaultLockOptions;

  private readonly copySources: string[] = [];
  private readonly vault: backup.BackupVault;

  public constructor(scope: Construct, id: string, props: ProtectedBackupVaultProps = {}) {
    super(scope, id);
    const where = new Where(this);
    checkString(where, 'backupVaultName', props.backupVaultName, { pattern: VAULT_NAME, patternText: '2 to 50 letters, digits, `-` or `_` (^[a-zA-Z0-9-_]{2,50}$)' });
    const lock = validateLock(where, props.lock);
    this.lock = props.lock;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the recovery points of AWS Backup vault ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const pinned = lock.minRetentionDays !== undefined && lock.minRetentionDays === lock.maxRetentionDays;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: this.encryptionKey,
      blockRecoveryPointDeletion: props.blockManualDeletion ?? true,
      // aws-cdk-lib refuses min == max, which AWS Backup accepts: the maximum is then set below
      lockConfiguration: pinned ? { ...props.lock!, maxRetention: undefined } : props.lock,
      removalPolicy: props.removalPolicy,
      notificationTopic: props.notificationTopic,
      notificationEvents: props.notificationEvents,
    });
    if (pinned) (this.vault.node.defaultChild as backup.CfnBackupVault).addPropertyOverride('LockConfiguration.MaxRetentionDays', lock.maxRetentionDays);
    if (props.blockManualDeletion ?? true) this.protectAccessPolicy(props.accessPolicyAdmins);
    this.node.defaultChild = this.vault.node.defaultChild;
    this.backupVaultName = this.vault.backupVaultName;
    this.backupVaultArn = this.vault.backupVaultArn;

    const facts: VaultFacts = { path: this.node.path, ...lock, allowCopyFromAccounts: this.copySources };
    registerVault(this, facts);
    if (props.allowCopyFromAccounts && props.allowCopyFromAccounts.length > 0) {
      this.addCopySource(props.allowCopyFromAccounts, 'allowCopyFromAccounts');
    }
  }

  /** A reference to the vault (its name and ARN), as aws-cdk-lib's `IBackupVaultRef` has it. */
  public get backupVaultRef(): backup.BackupVaultReference {
    return this.vault.backupVaultRef;
  }

  /**
   * Grants `actions` on this vault to `grantee` (an identity-based policy statement on the
   * vault's ARN).
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return this.vault.grant(grantee, ...actions);
  }

  /**
   * Denies changing or deleting the vault access policy to everyone but `admins` (by
   * `aws:PrincipalArn`, the role of an assumed-role session). Vault access policies are
   * resource-based policies on AWS Backup's APIs for the vault, a Deny in them applies to the
   * account's own principals (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html,
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
   * and both actions are authorized on the backupVault resource
   * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html).
   * That AWS Backup applies the vault's own policy to PutBackupVaultAccessPolicy is for a live
   * account to confirm.
   */
  private protectAccessPolicy(admins: iam.IRole[] | undefined): void {
    const stack = Stack.of(this);
    let arns = admins?.map((r) => r.roleArn);
    if (arns === undefined && stack.synthesizer instanceof DefaultStackSynthesizer) {
      // the synthesizer's ARN holds ${AWS::Partition}-style placeholders: CloudFormation substitutes them
      arns = [Fn.sub(stack.synthesizer.cloudFormationExecutionRoleArn)];
    }
    if (arns === undefined || arns.length === 0) {
      Annotations.of(this).addWarningV2('cdk-tiered-backup:vault-access-policy-unprotected',
        'The vault access policy does not deny changing or deleting itself: give `accessPolicyAdmins` (the stack synthesizer has no CloudFormation execution role to exempt)');
      return;
    }
    this.vault.addToAccessPolicy(new iam.PolicyStatement({
      sid: 'DenyAccessPolicyChangesButAdmins',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': arns } },
    }));
  }

  /** Adds a statement to the vault access policy. */
  public addToAccessPolicy(statement: iam.PolicyStatement): void {
    this.vault.addToAccessPolicy(statement);
  }

  /**
   * Allows the backup plans of other AWS accounts (12-digit IDs) to copy recovery points into
   * this vault (`backup:CopyIntoBackupVault` in the vault access policy).
   */
  public allowCopyFrom(...accountIds: string[]): void {
    this.addCopySource(accountIds, 'accountIds');
  }

  private addCopySource(accounts: string[], prop: string): void {
    const where = new Where(this);
    accounts.forEach((account, i) => {
      checkString(where, `${prop}[${i}]`, account, { pattern: ACCOUNT_ID, patternText: 'a 12-digit AWS account ID' });
      if (!Token.isUnresolved(account) && this.copySources.includes(account)) {
        where.fail(`${prop}[${i}]`, 'must not repeat an account already allowed to copy into the vault', account);
      }
      this.copySources.push(account);
    });
    this.vault.addToAccessPolicy(new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      actions: ['backup:CopyIntoBackupVault'],
      principals: accounts.map(a => new iam.AccountPrincipal(a)),
      resources: ['*'],
    }));
  }
}

/** Checks the lock against AWS Backup's ranges; returns its bounds in days when known. */
function validateLock(where: Where, lock: VaultLockOptions | undefined): Pick<VaultFacts, 'minRetentionDays' | 'maxRetentionDays'> {
  if (!lock) return {};
  const min = lockDays(where, 'lock.minRetention', lock.minRetention, 1, 'at least 1 day');
  const max = lockDays(where, 'lock.maxRetention', lock.maxRetention, 1, 'at most 36500 days');
  lockDays(where, 'lock.changeableFor', lock.changeableFor, 3, 'at least 3 days (AWS Backup\'s 72-hour cooling-off period before the lock becomes immutable)');
  // AWS Backup: jobs need a retention "equal to or longer than" the minimum and "equal to or
  // shorter than" the maximum, so both may be the same (API_PutBackupVaultLockConfiguration)
  if (min !== undefined && max !== undefined && max < min) {
    where.fail('lock.maxRetention', `must not be shorter than \`lock.minRetention\` (${min} days)`, lock.maxRetention);
  }
  return { minRetentionDays: min, maxRetentionDays: max };
}

function lockDays(where: Where, prop: string, value: Duration | undefined, min: number, what: string): number | undefined {
  if (value === undefined || value.isUnresolved()) return undefined;
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > MAX_LOCK_DAYS) {
    where.fail(prop, `must be a whole number of days between ${min} and ${MAX_LOCK_DAYS} (${what})`, value);
  }
  return days;
}
