import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import {
  CrossAccountShareBindOptions, CrossAccountShareConfig, CrossRegionCopyBindOptions, CrossRegionCopyConfig,
  ICrossAccountShare, ICrossRegionCopy,
} from './copy';
import { grantKeyUse, SHARED_KEY_ACTIONS } from './private/kms-grants';
import { WARNINGS } from './private/patterns';
import { Retention } from '../common/retention';
import { Where } from '../common/validation';

/**
 * Options of a disaster-recovery copy to another Region (`DrCopyRule.toRegion()`).
 *
 * @see https://docs.aws.amazon.com/dlm/latest/APIReference/API_CrossRegionCopyRule.html
 */
export interface DrRegionCopyOptions {
  /**
   * The customer-managed KMS key, in the destination Region, that encrypts the copies. The
   * policy's execution role is granted what copying needs on this key, and only on it.
   * Give this or `encryptionKeyArn`, not both. A key defined in a stack of another Region
   * can only be referenced with `crossRegionReferences`; pass its ARN instead.
   *
   * @default - the destination Region's default EBS encryption key (copies are encrypted either way)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The ARN of the customer-managed KMS key, in the destination Region, that encrypts the
   * copies (`arn:aws:kms:<region>:<account>:key/<id>`). Give this or `encryptionKey`.
   *
   * @default - the destination Region's default EBS encryption key (copies are encrypted either way)
   */
  readonly encryptionKeyArn?: string;

  /**
   * Copy the source's user-defined tags to the copies.
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * How long the copies are kept in the destination Region: an age (`Retention.age()`,
   * `weeks()`, `months()` or `years()`), at least 1.
   *
   * @default - as long as the source snapshots or AMIs (snapshot and AMI policies); an
   * event-based `CrossAccountCopyPolicy` requires it
   */
  readonly retention?: Retention;

  /**
   * When the copied AMIs are deprecated: an age, not longer than the copies' retention.
   * AMI policies only.
   *
   * @default - copied AMIs are not deprecated
   */
  readonly deprecate?: Retention;

  /**
   * The customer-managed key that encrypts the source volumes (and so their snapshots). DLM
   * decrypts with it while copying, so the execution role is granted the same key use on it.
   *
   * @default - the source snapshots use the default EBS key (no grant is needed)
   */
  readonly sourceKey?: kms.IKey;
}

/**
 * Options of a disaster-recovery copy to another account (`DrCopyRule.toAccount()`).
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
 */
export interface DrAccountShareOptions {
  /**
   * The customer-managed KMS key that encrypts the source volumes, and so their snapshots.
   * Snapshots encrypted with the default EBS key (`alias/aws/ebs`) cannot be shared. The
   * key policy is extended so that the destination account can use the key to copy the
   * shared snapshots; the policy's execution role may use it to snapshot the volumes.
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/share-kms-key.html
   */
  readonly sourceKey: kms.IKey;

  /**
   * When shared snapshots are unshared again (whole days, shorter than the schedule's
   * retention). The destination copies a snapshot as soon as it is shared, so a short
   * period limits what the destination account can read in the source account.
   *
   * @default - snapshots stay shared until they are deleted
   */
  readonly unshareAfter?: Duration;
}

/**
 * A disaster-recovery copy rule: encrypted copies of a schedule's snapshots (or AMIs) in
 * another Region, kept on their own retention (`toRegion()`), or shared with another account
 * that copies them with a `CrossAccountCopyPolicy` (`toAccount()`).
 *
 * Copies are always encrypted: there is no way to ask for an unencrypted DR copy.
 *
 * @example
 * new SnapshotPolicy(this, 'Critical', {
 *   schedules: [{
 *     name: 'Daily',
 *     cadence: Cadence.daily({ startTime: '02:00' }),
 *     retention: Retention.weeks(4),
 *     crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', {
 *       encryptionKeyArn: 'arn:aws:kms:ap-southeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 *       retention: Retention.months(3),
 *     })],
 *   }],
 * });
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
 */
export class DrCopyRule implements ICrossRegionCopy {
  /**
   * Encrypted copies in `region` (at most 3 per schedule, each Region once, not the policy's
   * own Region). Snapshot policies render it as `Target`, AMI policies as `TargetRegion`;
   * a `DefaultPolicy` takes it as a copy target when only the Region is given.
   *
   * @param region the destination Region, e.g. `ap-southeast-1`
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
   */
  public static toRegion(region: string, options: DrRegionCopyOptions = {}): DrCopyRule {
    return new DrCopyRule(region, options);
  }

  /**
   * Shares the schedule's snapshots with `accountId` (in the schedule's share rule) so that a
   * `CrossAccountCopyPolicy` there copies them; put it in a schedule's `crossAccountCopies`.
   * The snapshots must be encrypted with a customer-managed key (`sourceKey`), whose key
   * policy this extends for the destination account.
   *
   * @param accountId the 12-digit ID of the destination account
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
   */
  public static toAccount(accountId: string, options: DrAccountShareOptions): DrAccountShare {
    return DrAccountShare._create(accountId, options);
  }

  /**
   * The destination Region.
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
   */
  public readonly region: string;

  /**
   * How long the copies are kept.
   *
   * @default - as long as the source
   */
  public readonly retention?: Retention;

  private readonly options: DrRegionCopyOptions;

  private constructor(region: string, options: DrRegionCopyOptions) {
    this.region = region;
    this.retention = options.retention;
    this.options = options;
  }

  /**
   * Checks the key against the destination Region and grants `options.role` what copying
   * with it needs. The destination, ARN format, retention and deprecation are checked by
   * the policy, which knows the schedule.
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/dlm-prerequisites.html
   */
  public bindCopy(scope: Construct, options: CrossRegionCopyBindOptions): CrossRegionCopyConfig {
    const where = new Where(scope, `copy to ${this.region}`);
    const { encryptionKey, encryptionKeyArn } = this.options;
    if (encryptionKey !== undefined && encryptionKeyArn !== undefined) {
      where.fail('encryptionKey', 'cannot be combined with `encryptionKeyArn` (give the key or its ARN)', encryptionKeyArn);
    }
    let cmkArn = encryptionKeyArn;
    if (encryptionKey !== undefined) {
      const alias = aliasNameOf(encryptionKey);
      if (alias !== undefined) {
        where.fail('encryptionKey', 'must be a KMS key, not an alias: DLM takes key ARNs only (`CmkArn` is arn:aws:kms:<region>:<account>:key/<id>)', alias);
      }
      const keyRegion = encryptionKey.env.region;
      if (!Token.isUnresolved(keyRegion) && !Token.isUnresolved(this.region) && keyRegion !== this.region) {
        where.fail('encryptionKey', `must be a key in the destination Region ${this.region}`, keyRegion);
      }
      cmkArn = encryptionKey.keyArn;
    }
    if (cmkArn !== undefined) grantKeyUse(options.role, cmkArn);
    if (this.options.sourceKey !== undefined) grantKeyUse(options.role, this.options.sourceKey.keyArn);
    return {
      destination: this.region,
      cmkArn,
      copyTags: this.options.copyTags,
      retention: this.options.retention,
      deprecate: this.options.deprecate,
    };
  }
}

/** A schedule (by policy and name) that shares its snapshots through a `DrAccountShare`. */
interface ShareBinding {
  readonly policy: IConstruct;
  readonly scheduleName: string;
}

/**
 * The source side of a cross-account disaster-recovery copy: sharing a schedule's encrypted
 * snapshots with one account. Made by `DrCopyRule.toAccount()`; put it in a snapshot
 * schedule's `crossAccountCopies`, and give it to the `CrossAccountCopyPolicy` of the
 * destination account as `source`.
 *
 * @example
 * const toVault = DrCopyRule.toAccount('222222222222', { sourceKey: key, unshareAfter: Duration.days(2) });
 * new SnapshotPolicy(sourceStack, 'Critical', {
 *   schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.weeks(4), crossAccountCopies: [toVault] }],
 * });
 * new CrossAccountCopyPolicy(vaultStack, 'Vault', {
 *   source: toVault,
 *   copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) })],
 * });
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
 */
export class DrAccountShare implements ICrossAccountShare {
  /** @internal */
  public static _create(accountId: string, options: DrAccountShareOptions): DrAccountShare {
    return new DrAccountShare(accountId, options);
  }

  /** The 12-digit ID of the destination account. */
  public readonly accountId: string;

  /** The customer-managed key that encrypts the shared snapshots. */
  public readonly sourceKey: kms.IKey;

  /**
   * When shared snapshots are unshared again.
   *
   * @default - never
   */
  public readonly unshareAfter?: Duration;

  private readonly bindings: ShareBinding[] = [];

  private constructor(accountId: string, options: DrAccountShareOptions) {
    this.accountId = accountId;
    this.sourceKey = options.sourceKey;
    this.unshareAfter = options.unshareAfter;
  }

  /**
   * Checks the key, lets the destination account use it (key policy), lets the execution
   * role use it, and records the schedule for the destination's description filter.
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/share-kms-key.html
   */
  public bindShare(scope: Construct, options: CrossAccountShareBindOptions): CrossAccountShareConfig {
    const where = new Where(scope, `schedule \`${options.scheduleName}\`, copy to account ${this.accountId}`);
    const key = this.sourceKey;
    if (key === undefined) {
      where.fail('sourceKey', 'is required: snapshots encrypted with the default EBS key cannot be shared, so a cross-account copy needs the customer-managed key of the source volumes');
    }
    const alias = aliasNameOf(key);
    if (alias !== undefined && !Token.isUnresolved(alias) && alias.startsWith('alias/aws/')) {
      where.fail('sourceKey', 'must be a customer-managed key: snapshots encrypted with an AWS managed key such as the default EBS key cannot be shared', alias);
    }
    const stack = Stack.of(scope);
    const keyRegion = key.env.region;
    if (!Token.isUnresolved(keyRegion) && !Token.isUnresolved(stack.region) && keyRegion !== stack.region) {
      where.fail('sourceKey', `must be a key in the policy's Region ${stack.region}, where it encrypts the source volumes`, keyRegion);
    }
    if (!Token.isUnresolved(this.accountId) && !Token.isUnresolved(stack.account) && this.accountId === stack.account) {
      where.fail('accountId', 'must be another account than the policy\'s own', this.accountId);
    }

    shareKey(scope, key, this.accountId);
    // Snapshotting volumes encrypted with the key needs the same use of it as copying.
    grantKeyUse(options.role, key.keyArn);
    this.bindings.push({ policy: scope, scheduleName: options.scheduleName });
    return { accountId: this.accountId, unshareAfter: this.unshareAfter };
  }

  /**
   * The schedules bound so far (for the destination's description filter and checks).
   * @internal
   */
  public get _bindings(): readonly ShareBinding[] {
    return this.bindings;
  }
}

/** Accounts already allowed on each key. */
const SHARED = new WeakMap<kms.IKey, Set<string>>();

/** Extends the key policy of `key` for `accountId` (once), or warns when it cannot. */
function shareKey(scope: IConstruct, key: kms.IKey, accountId: string): void {
  const shared = SHARED.get(key) ?? new Set<string>();
  SHARED.set(key, shared);
  if (shared.has(accountId)) return;
  shared.add(accountId);
  const principal = new iam.AccountPrincipal(accountId);
  const sid = Token.isUnresolved(accountId) ? undefined : accountId;
  const use = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: sid && `AllowCopyOfSharedSnapshotsBy${sid}`,
    principals: [principal],
    actions: SHARED_KEY_ACTIONS,
    resources: ['*'],
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: sid && `AllowGrantsForSharedSnapshotsBy${sid}`,
    principals: [principal],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
  if (!use.statementAdded) {
    Annotations.of(scope).addWarningV2(WARNINGS.sharedKeyPolicy,
      `${new Where(scope).prefix()}\`sourceKey\` is imported, so its key policy cannot be changed here: allow account ${accountId} ${SHARED_KEY_ACTIONS.join(', ')} and kms:CreateGrant (with kms:GrantIsForAWSResource) on it, or it cannot copy the shared snapshots`);
  }
}

/** The alias name when `key` is a KMS alias, else undefined. */
function aliasNameOf(key: kms.IKey): string | undefined {
  const name = (key as Partial<kms.IAlias>).aliasName;
  return typeof name === 'string' ? name : undefined;
}
