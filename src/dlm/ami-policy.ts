import { Lazy } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { Construct, IConstruct } from 'constructs';
import { ILifecyclePolicy, LifecyclePolicyBase } from './policy-base';
import { registerPolicy } from './private/overlap';
import {
  commonCfnProps, defaultTargetTags, importLifecyclePolicyArn, importLifecyclePolicyId, PolicyCore, protectWith,
} from './private/policy-core';
import { ScheduleSet } from './private/schedule-set';
import { checkTags, renderTags, validatePolicyTags } from './private/tags';
import { AmiScheduleProps } from './schedule';
import { TargetedPolicyProps } from './snapshot-policy';
import { Where } from '../common/validation';

/** Properties of an `AmiPolicy`. */
export interface AmiPolicyProps extends TargetedPolicyProps {
  /**
   * The schedules (1-4). More can be added with `addSchedule()`.
   *
   * @default - none yet; at least one must be added before synthesis
   */
  readonly schedules?: AmiScheduleProps[];

  /**
   * Do not reboot instances before creating the AMI. Rebooting gives consistent file
   * systems; not rebooting keeps the instance running.
   *
   * @default true - DLM's default: instances are not rebooted
   */
  readonly noReboot?: boolean;
}

/**
 * An Amazon Data Lifecycle Manager policy that creates EBS-backed AMIs of the targeted
 * instances, with retention, deprecation and cross-region copies.
 *
 * @example
 * new AmiPolicy(this, 'GoldenImages', {
 *   noReboot: false,
 *   schedules: [{
 *     cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }),
 *     retention: Retention.count(4),
 *     deprecate: Retention.count(2),
 *   }],
 * });
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ami-policy.html
 * @resource AWS::DLM::LifecyclePolicy
 */
export class AmiPolicy extends LifecyclePolicyBase {
  /**
   * Imports an existing DLM policy (of any kind) by ARN (`arn:aws:dlm:<region>:<account>:policy/<id>`).
   */
  public static fromLifecyclePolicyArn(scope: Construct, id: string, policyArn: string): ILifecyclePolicy {
    return importLifecyclePolicyArn(scope, id, policyArn);
  }

  /**
   * Imports an existing DLM policy (of any kind) of this stack's account and Region by ID
   * (`policy-0123456789abcdef0`).
   */
  public static fromLifecyclePolicyId(scope: Construct, id: string, policyId: string): ILifecyclePolicy {
    return importLifecyclePolicyId(scope, id, policyId);
  }

  /**
   * The ARN of the policy.
   * @attribute
   */
  public readonly policyArn: string;

  /**
   * The ID of the policy (`policy-0123456789abcdef0`).
   * @attribute
   */
  public readonly policyId: string;

  /** The tags that select the targeted instances. */
  public readonly targetTags: { [key: string]: string };

  private readonly schedules: ScheduleSet;

  public constructor(scope: Construct, id: string, props: AmiPolicyProps = {}) {
    super(scope, id);
    const core = new PolicyCore(this, props, true);
    this.targetTags = props.targetTags ?? defaultTargetTags(this);
    checkTags(new Where(this), 'targetTags', this.targetTags, 50, 1, 'match');

    this.schedules = new ScheduleSet(this, core, { images: true, instances: true, location: 'CLOUD' });
    for (const schedule of props.schedules ?? []) this.addSchedule(schedule);

    const resource = new CfnLifecyclePolicy(this, 'Resource', {
      ...commonCfnProps(core.role, props.description ?? PolicyCore.defaultDescription(this, 'AMI policy'), props.state),
      policyDetails: {
        policyType: 'IMAGE_MANAGEMENT',
        resourceTypes: ['INSTANCE'],
        targetTags: renderTags(this.targetTags),
        schedules: Lazy.any({ produce: () => this.schedules.render() }) as any,
        parameters: props.noReboot !== undefined ? { noReboot: props.noReboot } : undefined,
      },
    });
    this.policyArn = resource.attrArn;
    // Ref is the policy ID (its primary identifier), in every aws-cdk-lib version we support:
    // attrPolicyId (GetAtt PolicyId) does not exist in 2.262, the floor of our peer range
    this.policyId = resource.ref;
    this.node.addValidation({ validate: () => validatePolicyTags(new Where(this), resource) });
    registerPolicy(this, 'images', () => this.targetTags);
  }

  /** Adds a schedule (a policy has 1-4). */
  public addSchedule(schedule: AmiScheduleProps): void {
    this.schedules.add(schedule);
  }

  /** Puts the policy's target tags on the EC2 instances in `scopes` (and below them). */
  public protect(...scopes: IConstruct[]): void {
    protectWith(this.targetTags, scopes);
  }
}
