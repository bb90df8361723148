import { Lazy } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { Construct, IConstruct } from 'constructs';
import { ILifecyclePolicy, LifecyclePolicyBase, PolicyCommonProps } from './policy-base';
import { registerPolicy } from './private/overlap';
import {
  commonCfnProps, defaultTargetTags, importLifecyclePolicyArn, importLifecyclePolicyId, PolicyCore, protectWith,
} from './private/policy-core';
import { ScheduleSet } from './private/schedule-set';
import { checkTags, renderTags, validatePolicyTags } from './private/tags';
import { SnapshotScheduleProps } from './schedule';
import { Where } from '../common/validation';

/** What a snapshot policy snapshots. */
export enum SnapshotResourceType {
  /** Each targeted EBS volume on its own. */
  VOLUME = 'VOLUME',
  /** All volumes of each targeted instance, as a crash-consistent multi-volume set. */
  INSTANCE = 'INSTANCE',
}

/** Where the targeted resources are. */
export enum ResourceLocation {
  /** In a Region. */
  CLOUD = 'CLOUD',
  /** On an Outpost of the account. */
  OUTPOST = 'OUTPOST',
  /** In a Local Zone. */
  LOCAL_ZONE = 'LOCAL_ZONE',
}

/** Properties of a custom policy that targets resources by tag. */
export interface TargetedPolicyProps extends PolicyCommonProps {
  /**
   * The tags that select the resources (1-50; a resource with any of them is targeted).
   * `protect()` puts them on your constructs. They match existing tags, so keys AWS sets itself
   * (`aws:cloudformation:stack-name`) are allowed.
   *
   * @default - `{ 'cdk-tiered-backup:policy': <a value unique to this policy> }`
   */
  readonly targetTags?: { [key: string]: string };
}

/** Properties of a `SnapshotPolicy`. */
export interface SnapshotPolicyProps extends TargetedPolicyProps {
  /**
   * Snapshot volumes one by one, or instances (all their volumes together).
   *
   * @default SnapshotResourceType.VOLUME
   */
  readonly resourceType?: SnapshotResourceType;

  /**
   * Where the targeted resources are.
   *
   * @default ResourceLocation.CLOUD
   */
  readonly resourceLocation?: ResourceLocation;

  /**
   * The schedules (1-4). More can be added with `addSchedule()`.
   *
   * @default - none yet; at least one must be added before synthesis
   */
  readonly schedules?: SnapshotScheduleProps[];

  /**
   * Leave out the root (boot) volume of targeted instances (instance policies only).
   *
   * @default false
   */
  readonly excludeBootVolume?: boolean;

  /**
   * Leave out data volumes of targeted instances that carry any of these tags
   * (instance policies only, at most 50; `aws:` keys allowed). Not with Windows VSS scripts,
   * which snapshot every volume of the instance.
   *
   * @default - no data volume is left out
   */
  readonly excludeDataVolumeTags?: { [key: string]: string };
}

/**
 * An Amazon Data Lifecycle Manager policy that snapshots EBS volumes or instances on up to
 * four schedules, with retention, fast snapshot restore, archiving, sharing, cross-region
 * copies and pre/post scripts.
 *
 * @example
 * const policy = new SnapshotPolicy(this, 'Prod', {
 *   schedules: [{
 *     name: 'Every4h',
 *     cadence: Cadence.every(Duration.hours(4)),
 *     retention: Retention.age(Duration.days(7)),
 *   }],
 * });
 * policy.protect(volume);
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html
 * @resource AWS::DLM::LifecyclePolicy
 */
export class SnapshotPolicy extends LifecyclePolicyBase {
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

  /** The tags that select the targeted resources. */
  public readonly targetTags: { [key: string]: string };

  /** What the policy snapshots. */
  public readonly resourceType: SnapshotResourceType;

  private readonly schedules: ScheduleSet;

  public constructor(scope: Construct, id: string, props: SnapshotPolicyProps = {}) {
    super(scope, id);
    const where = new Where(this);
    const core = new PolicyCore(this, props, false);
    this.resourceType = props.resourceType ?? SnapshotResourceType.VOLUME;
    const location = props.resourceLocation ?? ResourceLocation.CLOUD;
    this.targetTags = props.targetTags ?? defaultTargetTags(this);
    checkTags(where, 'targetTags', this.targetTags, 50, 1, 'match');

    const instances = this.resourceType === SnapshotResourceType.INSTANCE;
    if (!instances && props.excludeBootVolume !== undefined) {
      where.fail('excludeBootVolume', 'is only allowed when `resourceType` is INSTANCE', props.excludeBootVolume);
    }
    if (!instances && props.excludeDataVolumeTags !== undefined) {
      where.fail('excludeDataVolumeTags', 'is only allowed when `resourceType` is INSTANCE', Object.keys(props.excludeDataVolumeTags));
    }
    checkTags(where, 'excludeDataVolumeTags', props.excludeDataVolumeTags, 50, 0, 'match');

    this.schedules = new ScheduleSet(this, core, {
      images: false, instances, location, excludedDataVolumeTags: props.excludeDataVolumeTags ? Object.keys(props.excludeDataVolumeTags) : undefined,
    });
    for (const schedule of props.schedules ?? []) this.addSchedule(schedule);

    const parameters = instances && (props.excludeBootVolume !== undefined || props.excludeDataVolumeTags !== undefined) ? {
      excludeBootVolume: props.excludeBootVolume,
      excludeDataVolumeTags: renderTags(props.excludeDataVolumeTags),
    } : undefined;

    const resource = new CfnLifecyclePolicy(this, 'Resource', {
      ...commonCfnProps(core.role, props.description ?? PolicyCore.defaultDescription(this, 'Snapshot policy'), props.state),
      policyDetails: {
        policyType: 'EBS_SNAPSHOT_MANAGEMENT',
        resourceTypes: [this.resourceType],
        resourceLocations: [location],
        targetTags: renderTags(this.targetTags),
        schedules: Lazy.any({ produce: () => this.schedules.render() }) as any,
        parameters,
      },
    });
    this.policyArn = resource.attrArn;
    // Ref is the policy ID (its primary identifier), in every aws-cdk-lib version we support:
    // attrPolicyId (GetAtt PolicyId) does not exist in 2.262, the floor of our peer range
    this.policyId = resource.ref;
    this.node.addValidation({ validate: () => validatePolicyTags(new Where(this), resource) });
    registerPolicy(this, instances ? 'instance-snapshots' : 'volume-snapshots', () => this.targetTags);
  }

  /**
   * Adds a schedule (a policy has 1-4).
   */
  public addSchedule(schedule: SnapshotScheduleProps): void {
    this.schedules.add(schedule);
  }

  /**
   * Puts the policy's target tags on the EBS volumes and EC2 instances in `scopes` (and
   * below them), so that the policy snapshots them. For a VOLUME policy, volumes created
   * inline by an instance get the tags only with `propagateTagsToVolumeOnCreation`.
   */
  public protect(...scopes: IConstruct[]): void {
    protectWith(this.targetTags, scopes);
  }
}
