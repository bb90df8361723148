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
