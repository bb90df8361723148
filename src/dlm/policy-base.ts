import { IResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LifecyclePolicyMetrics } from './metrics';

/**
 * A Data Lifecycle Manager lifecycle policy of any kind: snapshot, AMI, default or event-based
 * (cross-account copy). Implemented by `SnapshotPolicy`, `AmiPolicy`, `DefaultPolicy` and
 * `CrossAccountCopyPolicy`, and by the policies their `fromLifecyclePolicyId()` /
 * `fromLifecyclePolicyArn()` import.
 */
export interface ILifecyclePolicy extends IResource {
  /**
   * The ARN of the policy (`arn:aws:dlm:<region>:<account>:policy/<id>`).
   * @attribute
   */
  readonly policyArn: string;

  /**
   * The ID of the policy (`policy-0123456789abcdef0`).
   * @attribute
   */
  readonly policyId: string;

  /**
   * A metric DLM publishes for the policy (namespace `AWS/EBS`, dimension `DLMPolicyId`), e.g.
   * `SnapshotsCreateFailed`; Sum over 1 hour unless `props` says otherwise. The policy constructs
   * also have one typed method per documented metric (`metricSnapshotsCreateFailed()`, ...).
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/monitor-dlm-cw-metrics.html
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Whether a policy runs after it is created. */
export enum PolicyState {
  /** The policy runs. */
  ENABLED = 'ENABLED',
  /** The policy exists but does not run. */
  DISABLED = 'DISABLED',
}

/** Properties every kind of DLM policy has. */
export interface PolicyCommonProps {
  /**
   * A description of the policy: letters, digits, spaces, `_` and `-` only, at most 500
   * characters (DLM refuses commas, colons and dots).
   *
   * @default - derived from the construct path
   */
  readonly description?: string;

  /**
   * Whether the policy runs.
   *
   * @default PolicyState.ENABLED
   */
  readonly state?: PolicyState;

  /**
   * The role DLM assumes to run the policy. The library adds the permissions the policy
   * needs to it (when the role is mutable).
   *
   * @default - a least-privilege role shared by the DLM policies of the stack
   */
  readonly role?: iam.IRole;

  /**
   * Use the AWS managed policy (`AWSDataLifecycleManagerServiceRole`, or
   * `AWSDataLifecycleManagerServiceRoleForAMIManagement` for AMI policies) instead of the
   * library's least-privilege statements. Cannot be combined with `role`.
   *
   * @default false
   */
  readonly useAwsManagedPolicy?: boolean;
}

/**
 * Base of every DLM policy construct and of imported policies: the reference attributes, and
 * the metric methods (`metric()`, `metricSnapshotsCreateFailed()`, ... in metrics.ts). Not
 * exported from the package: a hidden base class, whose members jsii copies into the classes
 * built on it.
 * @internal
 */
export abstract class LifecyclePolicyBase extends LifecyclePolicyMetrics implements ILifecyclePolicy {
  public abstract readonly policyArn: string;
  public abstract readonly policyId: string;
}
