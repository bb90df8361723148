/**
 * What every DLM policy construct shares and users never call: the import of an existing
 * policy, the execution role and its grants, the default description and target tag, the common
 * `CfnLifecyclePolicy` properties, and putting target tags on resources. NOT exported from the
 * package.
 */
import { ArnFormat, Names, Stack, Tags, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { attachManagedPolicy, grantExecution, RoleNeeds, sharedExecutionRole } from './execution-role';
import { DEFAULT_TARGET_TAG_KEY, DLM_NAME, POLICY_ARN, POLICY_ID, ROLE_ARN } from './patterns';
import { checkString, Where } from '../../common/validation';
import { ILifecyclePolicy, LifecyclePolicyBase, PolicyCommonProps, PolicyState } from '../policy-base';

/** A policy that exists outside the app, known by its ARN and ID. */
class ImportedLifecyclePolicy extends LifecyclePolicyBase {
  public readonly policyArn: string;
  public readonly policyId: string;

  public constructor(scope: Construct, id: string, arn: string, policyId: string) {
    super(scope, id, { environmentFromArn: arn });
    this.policyArn = arn;
    this.policyId = policyId;
  }
}

/**
 * Imports an existing DLM policy by ARN (the DLM API model's `PolicyArn`; tokens accepted).
 */
export function importLifecyclePolicyArn(scope: Construct, id: string, policyArn: string): ILifecyclePolicy {
  const where = new Where(scope, `importing \`${id}\``);
  checkString(where, 'policyArn', policyArn, { pattern: POLICY_ARN, patternText: 'a DLM policy ARN (arn:aws:dlm:<region>:<account>:policy/<id>)', maxLength: 2048 });
  const policyId = Stack.of(scope).splitArn(policyArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  return new ImportedLifecyclePolicy(scope, id, policyArn, policyId);
}

/**
 * Imports an existing DLM policy of the stack's account and Region by ID (the DLM API model's
 * `PolicyId`; tokens accepted).
 */
export function importLifecyclePolicyId(scope: Construct, id: string, policyId: string): ILifecyclePolicy {
  const where = new Where(scope, `importing \`${id}\``);
  checkString(where, 'policyId', policyId, { pattern: POLICY_ID, patternText: 'a DLM policy ID (policy-<hex>)', maxLength: 64 });
  const arn = Stack.of(scope).formatArn({ service: 'dlm', resource: 'policy', resourceName: policyId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  return new ImportedLifecyclePolicy(scope, id, arn, policyId);
}

/** The role resolution and validation shared by the policy constructs. */
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
        pattern: ROLE_ARN, patternText: 'an IAM role ARN (arn:aws:iam::<account>:role/...)', maxLength: 2048,
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
 */
export function defaultTargetTags(owner: Construct): { [key: string]: string } {
  return { [DEFAULT_TARGET_TAG_KEY]: Names.uniqueResourceName(owner, { maxLength: 256 }) };
}

/** Renders the resource's common properties. */
export function commonCfnProps(role: iam.IRole, description: string, state: PolicyState | undefined): Pick<CfnLifecyclePolicy, 'executionRoleArn' | 'description' | 'state'> {
  return {
    executionRoleArn: role.roleArn,
    description,
    state: state ?? PolicyState.ENABLED,
  };
}

/** The resource types that DLM policies target. */
const TARGETABLE = ['AWS::EC2::Volume', 'AWS::EC2::Instance'];

/** Applies target tags to volumes and instances through `Tags.of`. */
export function protectWith(tags: { [key: string]: string }, scopes: IConstruct[]): void {
  for (const scope of scopes) {
    for (const [key, value] of Object.entries(tags)) {
      if (!Token.isUnresolved(key)) Tags.of(scope).add(key, value, { includeResourceTypes: TARGETABLE });
    }
  }
}
