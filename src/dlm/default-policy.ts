import { Duration, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { Construct } from 'constructs';
import { ICrossRegionCopy } from './copy';
import { EbsVolumeType } from './ebs-volume-type';
import { ILifecyclePolicy, LifecyclePolicyBase, PolicyCommonProps } from './policy-base';
import { registerPolicy } from './private/overlap';
import { VOLUME_TYPE } from './private/patterns';
import { commonCfnProps, importLifecyclePolicyArn, importLifecyclePolicyId, PolicyCore } from './private/policy-core';
import { validateCopies } from './private/schedule-set';
import { checkTags, renderTags, validatePolicyTags } from './private/tags';
import { checkInteger, checkListLength, checkString, Where } from '../common/validation';

/** What a default policy backs up. */
export enum DefaultPolicyResourceType {
  /** Snapshots of every volume in the Region that has no recent backup. */
  VOLUME = 'VOLUME',
  /** EBS-backed AMIs of every instance in the Region that has no recent backup. */
  INSTANCE = 'INSTANCE',
}

/** Resources a default policy leaves alone. */
export interface DefaultPolicyExclusions {
  /**
   * Leave out boot volumes (VOLUME default policies only).
   *
   * @default false
   */
  readonly excludeBootVolumes?: boolean;

  /**
   * Leave out volumes of these types (VOLUME default policies only, at most 6).
   *
   * @default - no type is left out
   */
  readonly excludeVolumeTypes?: EbsVolumeType[];

  /**
   * Leave out volumes or instances that carry any of these tags (at most 50). They match
   * existing tags, so keys AWS sets itself (`aws:cloudformation:stack-name`) are allowed.
   *
   * @default - none left out by tag
   */
  readonly excludeTags?: { [key: string]: string };
}

/** Properties of a `DefaultPolicy`. */
export interface DefaultPolicyProps extends PolicyCommonProps {
  /** Snapshots of volumes, or AMIs of instances. */
  readonly resourceType: DefaultPolicyResourceType;

  /**
   * How often the policy runs: 1 to 7 whole days.
   *
   * @default Duration.days(1)
   */
  readonly createInterval?: Duration;

  /**
   * How long snapshots or AMIs are kept: 2 to 14 whole days, longer than `createInterval`.
   *
   * @default Duration.days(7)
   */
  readonly retainInterval?: Duration;

  /**
   * Copy the source's tags to the snapshots or AMIs.
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * Keep deleting down to the last snapshot/AMI (false), or stop deleting when the source
   * is deleted or the policy errors or is disabled (true).
   *
   * @default false
   */
  readonly extendDeletion?: boolean;

  /**
   * Resources to leave out.
   *
   * @default - nothing is left out
   */
  readonly exclusions?: DefaultPolicyExclusions;

  /**
   * Copy to up to 3 other Regions. Default policies encrypt copies with the destination's
   * default key and keep them as long as the source, so a copy rule may give only its Region.
   *
   * @default - no copies
   */
  readonly crossRegionCopies?: ICrossRegionCopy[];
}

/**
 * A DLM default policy: a safety net that backs up every volume (or instance) in the Region
 * that has no recent backup from another policy.
 *
 * @example
 * new DefaultPolicy(this, 'SafetyNet', {
 *   resourceType: DefaultPolicyResourceType.VOLUME,
 *   createInterval: Duration.days(1),
 *   retainInterval: Duration.days(7),
 *   exclusions: { excludeBootVolumes: true },
 * });
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/default-policies.html
 * @resource AWS::DLM::LifecyclePolicy
 */
export class DefaultPolicy extends LifecyclePolicyBase {
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

  public constructor(scope: Construct, id: string, props: DefaultPolicyProps) {
    super(scope, id);
    const where = new Where(this);
    const volumes = props.resourceType === DefaultPolicyResourceType.VOLUME;
    const core = new PolicyCore(this, props, !volumes);

    const create = wholeDays(where, 'createInterval', props.createInterval);
    const retain = wholeDays(where, 'retainInterval', props.retainInterval);
    checkInteger(where, 'createInterval', create, 1, 7, 'days');
    checkInteger(where, 'retainInterval', retain, 2, 14, 'days');
    const effectiveCreate = create ?? 1;
    const effectiveRetain = retain ?? 7;
    if (!Token.isUnresolved(effectiveCreate) && !Token.isUnresolved(effectiveRetain) && effectiveRetain <= effectiveCreate) {
      where.fail('retainInterval', `must be longer than \`createInterval\` (${effectiveCreate} days) so that at least one backup is always kept`, `${effectiveRetain} days`);
    }

    const ex = props.exclusions;
    if (ex && !volumes && (ex.excludeBootVolumes !== undefined || ex.excludeVolumeTypes !== undefined)) {
      where.fail('exclusions', 'may only use `excludeTags` for INSTANCE default policies (boot volumes and volume types apply to VOLUME policies)');
    }
    checkListLength(where, 'exclusions.excludeVolumeTypes', ex?.excludeVolumeTypes, 0, 6);
    checkVolumeTypes(where, 'exclusions.excludeVolumeTypes', ex?.excludeVolumeTypes);
    checkTags(where, 'exclusions.excludeTags', ex?.excludeTags, 50, 0, 'match');

    const copies = (props.crossRegionCopies ?? []).map(c => c.bindCopy(this, { role: core.role, copiesImages: !volumes }));
    checkListLength(where, 'crossRegionCopies', copies, 0, 3);
    copies.forEach((c, i) => {
      if (c.cmkArn !== undefined || c.retention !== undefined || c.deprecate !== undefined || c.copyTags !== undefined) {
        where.fail(`crossRegionCopies[${i}]`, 'may only name a Region: default policies encrypt copies with the destination\'s default key and keep them as long as the source');
      }
    });
    // a default policy copies whole AMIs or snapshots to Regions only (no Outposts)
    validateCopies(where, copies, { images: true, instances: !volumes, location: 'CLOUD' });

    core.grant({ creates: volumes ? 'volume-snapshots' : 'images', copies: copies.length > 0, copyRegions: copies.map(c => c.destination) });

    const resource = new CfnLifecyclePolicy(this, 'Resource', {
      ...commonCfnProps(core.role, props.description ?? PolicyCore.defaultDescription(this, 'Default policy'), props.state),
      defaultPolicy: props.resourceType,
      createInterval: create,
      retainInterval: retain,
      copyTags: props.copyTags,
      extendDeletion: props.extendDeletion,
    });
    // Rendered as raw properties: aws-cdk-lib typed these fields as Json in some releases of
    // the supported range and as structs in others; the template is the same either way.
    if (ex) {
      resource.addPropertyOverride('Exclusions', {
        ExcludeBootVolumes: ex.excludeBootVolumes,
        ExcludeVolumeTypes: ex.excludeVolumeTypes?.map(t => t.name),
        ExcludeTags: renderTags(ex.excludeTags)?.map(t => ({ Key: t.key, Value: t.value })),
      });
    }
    if (copies.length > 0) {
      resource.addPropertyOverride('CrossRegionCopyTargets', copies.map(c => ({ TargetRegion: c.destination })));
    }
    this.policyArn = resource.attrArn;
    // Ref is the policy ID (its primary identifier), in every aws-cdk-lib version we support:
    // attrPolicyId (GetAtt PolicyId) does not exist in 2.262, the floor of our peer range
    this.policyId = resource.ref;
    this.node.addValidation({ validate: () => validatePolicyTags(new Where(this), resource) });
    registerPolicy(this, `default-${props.resourceType}`, () => ({}));
  }
}

function wholeDays(where: Where, prop: string, d: Duration | undefined): number | undefined {
  if (d === undefined) return undefined;
  if (d.isUnresolved()) return d.toDays();
  const days = d.toDays({ integral: false });
  if (!Number.isInteger(days)) where.fail(prop, 'must be a whole number of days', d);
  return days;
}

/** Each volume type an EC2 name (lowercase letters and digits, from a letter); tokens pass. */
function checkVolumeTypes(where: Where, prop: string, types: EbsVolumeType[] | undefined): void {
  for (const type of types ?? []) {
    checkString(where, prop, type.name, {
      pattern: VOLUME_TYPE, patternText: 'an EC2 volume type: lowercase letters and digits, starting with a letter (gp3, io2, standard, ...)', minLength: 1,
    });
  }
}
