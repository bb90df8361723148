import { ArnFormat, IResource, Names, Resource, Stack } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachManagedPolicy, grantExecution, RoleNeeds, sharedExecutionRole } from './execution-role';
import { checkString, DLM_NAME, Where } from '../common/validation';

/**
 * A Data Lifecycle Manager lifecycle policy (snapshot, AMI, default or event-based).
 */
export interface ISnapshotPolicy extends IResource {
  /**
   * The ARN of the policy.
   * @attribute
   */
  readonly snapshotPolicyArn: string;

  /**
   * The ID of the policy (`policy-0123456789abcdef0`).
   * @attribute
   */
  readonly snapshotPolicyId: string;
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
 * Base of every DLM policy construct: the reference attributes and the import methods.
 */
export abstract class SnapshotPolicyBase extends Resource implements ISnapshotPolicy {
  public abstract readonly snapshotPolicyArn: string;
  public abstract readonly snapshotPolicyId: string;
}

class ImportedSnapshotPolicy extends SnapshotPolicyBase {
  public readonly snapshotPolicyArn: string;
  public readonly snapshotPolicyId: string;

  public constructor(scope: Construct, id: string, arn: string, policyId: string) {
    super(scope, id);
    this.snapshotPolicyArn = arn;
    this.snapshotPolicyId = policyId;
  }
}

const POLICY_ID = /^policy-[a-f0-9]+$/;
const POLICY_ARN = /^arn:aws(-[a-z]{1,3}){0,2}:dlm:[A-Za-z0-9_/.-]{0,63}:\d+:policy\/[0-9A-Za-z_-]{1,128}$/;

/**
 * Imports an existing DLM policy by ARN.
 * @internal
 */
export function importPolicyArn(scope: Construct, id: string, arn: string): ISnapshotPolicy {
  const where = new Where(scope, `importing \`${id}\``);
  checkString(where, 'snapshotPolicyArn', arn, { pattern: POLICY_ARN, patternText: 'a DLM policy ARN (arn:aws:dlm:<region>:<account>:policy/<id>)', maxLength: 2048 });
  const policyId = Stack.of(scope).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  return new ImportedSnapshotPolicy(scope, id, arn, policyId);
}

/**
 * Imports an existing DLM policy of the stack's account and Region by ID.
 * @internal
 */
export function importPolicyId(scope: Construct, id: string, policyId: string): ISnapshotPolicy {
  const where = new Where(scope, `importing \`${id}\``);
  checkString(where, 'snapshotPolicyId', policyId, { pattern: POLICY_ID, patternText: 'a DLM policy ID (policy-<hex>)', maxLength: 64 });
  const arn = Stack.of(scope).formatArn({ service: 'dlm', resource: 'policy', resourceName: policyId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  return new ImportedSnapshotPolicy(scope, id, arn, policyId);
}

/**
 * The role resolution and validation shared by the policy constructs.
 * @internal
 */
export class PolicyCore {
  /** The default description: "Snapshot policy <path>" in DLM's charset. */
  public static defaultDescription(owner: Construct, kind: string): string {
    const path = owner.node.path.replace(/[^0-9A-Za-z _-]+/g, ' ').replace(/\s+/g, ' ').trim();
    return `${kind} ${path}`.slice(0, 500).trim();
  }

  public readonly role: iam.IRole;
  private readonly managed: boolean;
  private readonly images: boolean;

  public constructor(private readonly owner: Construct, props: PolicyCommonProps, images: boolean) {
    const where = new Where(owner);
    if (props.role && props.useAwsManagedPolicy) {
      where.fail('useAwsManagedPolicy', 'cannot be combined with `role` (attach the managed policy to your role yourself)', true);
    }
    checkString(where, 'description', props.description, {
      pattern: DLM_NAME, patternText: '^[0-9A-Za-z _-]+$ (letters, digits, spaces, _ and - only; no commas, colons or dots)', minLength: 1, maxLength: 500,
    });
    this.managed = props.useAwsManagedPolicy ?? false;
    this.images = images;
    if (props.role) {
      checkString(where, 'role', props.role.roleArn, {
        pattern: /^arn:aws(-[a-z]{1,3}){0,2}:iam::\d+:role\//, patternText: 'an IAM role ARN (arn:aws:iam::<account>:role/...)', maxLength: 2048,
      });
      this.role = props.role;
    } else {
      const shared = sharedExecutionRole(owner, this.managed);
      if (this.managed) attachManagedPolicy(shared, images);
      this.role = shared;
    }
  }

  /** Grants what `needs` requires, unless the role relies on the AWS managed policies. */
  public grant(needs: RoleNeeds): void {
    if (this.managed) {
      // Scripts: the managed SSM policy, which runs documents tagged DLMScriptsAccess=true.
      if ((needs.scriptDocuments ?? []).length > 0) attachManagedPolicy(this.role as iam.Role, this.images, true);
      return;
    }
    grantExecution(this.owner, this.role, needs);
  }

  /** Whether this policy uses the AWS managed policy. */
  public get usesManagedPolicy(): boolean {
    return this.managed;
  }
}

/**
 * The default target tag of a custom policy: a key shared by the library, and a value
 * unique to the policy within the app.
 * @internal
 */
export function defaultTargetTags(owner: Construct): { [key: string]: string } {
  return { [DEFAULT_TARGET_TAG_KEY]: Names.uniqueResourceName(owner, { maxLength: 256 }) };
}

/** The tag key of the default target tag. */
export const DEFAULT_TARGET_TAG_KEY = 'cdk-tiered-backup:policy';

/**
 * Renders the resource's common properties.
 * @internal
 */
export function commonCfnProps(role: iam.IRole, description: string, state: PolicyState | undefined): Pick<CfnLifecyclePolicy, 'executionRoleArn' | 'description' | 'state'> {
  return {
    executionRoleArn: role.roleArn,
    description,
    state: state ?? PolicyState.ENABLED,
  };
}

