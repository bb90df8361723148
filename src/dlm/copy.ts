import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Retention } from '../common/retention';

/** What a policy tells a copy rule when binding it. */
export interface CrossRegionCopyBindOptions {
  /** The policy's execution role; grant it what copying needs (e.g. KMS on the target key). */
  readonly role: iam.IRole;

  /** True when the policy copies AMIs (IMAGE_MANAGEMENT), false for snapshots. */
  readonly copiesImages: boolean;
}

/** One cross-region copy as DLM renders it. */
export interface CrossRegionCopyConfig {
  /**
   * The destination: a Region (e.g. `eu-west-1`), or an Outpost ARN for snapshot policies.
   */
  readonly destination: string;

  /**
   * The KMS key ARN (in the destination) that encrypts the copies.
   *
   * @default - the destination's default EBS encryption key
   */
  readonly cmkArn?: string;

  /**
   * Whether to copy the source's tags to the copies.
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * How long the copies are kept (an age).
   *
   * @default - as long as the source snapshots
   */
  readonly retention?: Retention;

  /**
   * When copied AMIs are deprecated (an age; AMI policies only).
   *
   * @default - copies are not deprecated
   */
  readonly deprecate?: Retention;
}

/**
 * A cross-region copy rule for a schedule. Copies are always encrypted.
 *
 * Implemented by `DrCopyRule`.
 */
export interface ICrossRegionCopy {
  /**
   * Produces the copy configuration for a policy in `scope`.
   */
  bindCopy(scope: Construct, options: CrossRegionCopyBindOptions): CrossRegionCopyConfig;
}

/** What a policy tells a cross-account share when binding it to a schedule. */
export interface CrossAccountShareBindOptions {
  /** The policy's execution role; grant it what sharing needs (e.g. KMS on the source key). */
  readonly role: iam.IRole;

  /** The name of the schedule whose snapshots are shared. */
  readonly scheduleName: string;
}

/** One account a schedule shares its snapshots with, as DLM renders it in the share rule. */
export interface CrossAccountShareConfig {
  /** The 12-digit ID of the account the snapshots are shared with. */
  readonly accountId: string;

  /**
   * When shared snapshots are unshared again; must be shorter than the retention.
   *
   * @default - snapshots stay shared until they are deleted
   */
  readonly unshareAfter?: Duration;
}

/**
 * Sharing a schedule's snapshots with another account, so that a policy there can copy them.
 * All shares of a schedule (and its `share` option) render as its single share rule.
 *
 * Implemented by the object `DrCopyRule.toAccount()` returns.
 */
export interface ICrossAccountShare {
  /**
   * Produces the share configuration for a schedule of a policy in `scope`.
   */
  bindShare(scope: Construct, options: CrossAccountShareBindOptions): CrossAccountShareConfig;
}
