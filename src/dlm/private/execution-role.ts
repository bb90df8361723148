import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** What a policy does, and so what its execution role needs. */
export interface RoleNeeds {
  /** Snapshots of volumes (`VOLUME`), of instances (`INSTANCE`), or AMIs. */
  readonly creates: 'volume-snapshots' | 'instance-snapshots' | 'images';
  readonly copies?: boolean;
  /**
   * The Regions the copies go to (a destination that is not a Region, an Outpost ARN, stays in
   * the policy's Region); the copy permissions are scoped to these and the policy's Region.
   * Without it, copies may go to any Region.
   */
  readonly copyRegions?: string[];
  readonly fastRestore?: boolean;
  readonly share?: boolean;
  readonly archive?: boolean;
  readonly deprecate?: boolean;
  /** SSM documents run as pre/post scripts. */
  readonly scriptDocuments?: string[];
}

const SHARED_ROLE_ID = 'DataLifecycleManagerRole';
const SHARED_MANAGED_ROLE_ID = 'DataLifecycleManagerManagedRole';

/** AWS-managed policies for DLM, by what the policy creates. */
const MANAGED_POLICY = {
  snapshots: 'service-role/AWSDataLifecycleManagerServiceRole',
  images: 'service-role/AWSDataLifecycleManagerServiceRoleForAMIManagement',
  /** Pre/post scripts: SSM documents tagged `DLMScriptsAccess=true`. */
  scripts: 'service-role/AWSDataLifecycleManagerSSMFullAccess',
};

/**
 * The execution role every DLM policy of a stack shares unless told otherwise: one role
 * per stack (least privilege: each policy adds exactly what it does), or one with the AWS
 * managed policies when `useAwsManagedPolicy` is set.
 * @internal
 */
export function sharedExecutionRole(scope: Construct, managed: boolean): iam.Role {
  const stack = Stack.of(scope);
  const id = managed ? SHARED_MANAGED_ROLE_ID : SHARED_ROLE_ID;
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as iam.Role;
  return new iam.Role(stack, id, {
    assumedBy: dlmPrincipal(stack),
    description: managed
      ? 'Data Lifecycle Manager execution role (AWS managed policies)'
      : 'Data Lifecycle Manager execution role (least privilege, built by cdk-tiered-backup)',
  });
}

/**
 * DLM, for policies of this account only (confused deputy): `aws:SourceAccount` and
 * `aws:SourceArn` (a DLM policy of this account and Region) when DLM sets them. The IAM User
 * Guide recommends these global keys in a service role's trust policy
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount).
 * DLM's documentation does not say whether it sets them when it assumes its role
 * (https://docs.aws.amazon.com/ebs/latest/userguide/service-role.html), so the `IfExists`
 * operators are used: they bind when the keys are present and cannot lock DLM out when they
 * are not (to confirm on a live account: CloudTrail's AssumeRole events of dlm.amazonaws.com).
 * @internal
 */
export function dlmPrincipal(stack: Stack): iam.IPrincipal {
  return new iam.ServicePrincipal('dlm.amazonaws.com').withConditions({
    StringEqualsIfExists: { 'aws:SourceAccount': stack.account },
    ArnLikeIfExists: { 'aws:SourceArn': stack.formatArn({ service: 'dlm', resource: 'policy', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
  });
}

/**
 * Attaches the AWS managed policy for what the policy creates (once per role).
 * @internal
 */
export function attachManagedPolicy(role: iam.Role, images: boolean, scripts = false): void {
  const name = scripts ? MANAGED_POLICY.scripts : images ? MANAGED_POLICY.images : MANAGED_POLICY.snapshots;
  const attached = ATTACHED.get(role) ?? new Set<string>();
  ATTACHED.set(role, attached);
  if (attached.has(name)) return;
  attached.add(name);
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
}

/** The needs already granted to each role (with the stack they were granted from). */
const GRANTED_NEEDS = new WeakMap<iam.IRole, Set<string>>();

/** Statements already granted to each role (by actions, resources and conditions). */
const GRANTED = new WeakMap<iam.IRole, Set<string>>();

/** Managed policies already attached to each shared role. */
const ATTACHED = new WeakMap<iam.Role, Set<string>>();

/**
 * Grants the least-privilege permissions for `needs` to `role`.
 * @internal
 */
export function grantExecution(scope: Construct, role: iam.IRole, needs: RoleNeeds): void {
  const stack = Stack.of(scope);
  // the same needs in the same stack grant the same statements: skip building them again
  const needsKey = JSON.stringify([stack.node.path, needs]);
  const seen = GRANTED_NEEDS.get(role) ?? new Set<string>();
  GRANTED_NEEDS.set(role, seen);
  if (seen.has(needsKey)) return;
  seen.add(needsKey);
  const ec2 = (resource: string, opts: { region?: string; account?: string } = {}) => stack.formatArn({
    service: 'ec2',
    resource,
    resourceName: '*',
    region: opts.region,
    account: opts.account,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const snapshots = ec2('snapshot', { account: '' });
  const images = ec2('image', { account: '' });
  const volumes = ec2('volume');
  const instances = ec2('instance');
  // Each statement once per role: a stack of many policies would otherwise pile up copies that
  // aws-cdk-lib keeps, resolves and merges at every synth.
  const granted = GRANTED.get(role) ?? new Set<string>();
  GRANTED.set(role, granted);
  const add = (actions: string[], resources: string[], conditions?: { [key: string]: any }) => {
    const key = JSON.stringify([actions, resources, conditions]);
    if (granted.has(key)) return;
    granted.add(key);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));
  };

  // Only DLM-created snapshots/images carry the aws:dlm:lifecycle-policy-id tag, so retention can
  // delete nothing else in the account.
  const dlmCreated = { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } };

  const describe = ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:DescribeAvailabilityZones'];
  if (needs.creates === 'images') {
    add([...describe, 'ec2:DescribeImages', 'ec2:DescribeImageAttribute'], ['*']);
    add(['ec2:CreateImage'], [instances, images, snapshots, volumes]);
    add(['ec2:CreateTags'], [images, snapshots]);
    add(['ec2:DeregisterImage'], [images], dlmCreated);
    add(['ec2:DeleteSnapshot'], [snapshots]);
  } else {
    add(describe, ['*']);
    if (needs.creates === 'instance-snapshots') {
      add(['ec2:CreateSnapshots'], [instances, volumes, snapshots]);
    } else {
      add(['ec2:CreateSnapshot'], [volumes, snapshots]);
    }
    add(['ec2:CreateTags'], [snapshots]);
    add(['ec2:DeleteSnapshot'], [snapshots], dlmCreated);
  }

  if (needs.copies) {
    // CopySnapshot/CopyImage are authorized on the source snapshot (this Region) and the new
    // one (the destination Region): scoped to those Regions when the policy names them
    // (resource-level ARNs ec2:<region>::snapshot/*, Service Authorization Reference, Amazon EC2:
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html;
    // copy permissions in https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html).
    const regions = needs.copyRegions === undefined ? ['*'] : copyRegionsOf(stack, needs.copyRegions);
    const inRegions = (resource: string) => regions.map((region) => ec2(resource, { region, account: '' }));
    if (needs.creates === 'images') {
      add(['ec2:CopyImage', 'ec2:CreateTags'], [...inRegions('image'), ...inRegions('snapshot')]);
      add(['ec2:DeregisterImage'], inRegions('image'), dlmCreated);
      add(['ec2:DeleteSnapshot'], inRegions('snapshot'));
    } else {
      add(['ec2:CopySnapshot', 'ec2:CreateTags'], inRegions('snapshot'));
      add(['ec2:DeleteSnapshot'], inRegions('snapshot'), dlmCreated);
    }
  }
  if (needs.fastRestore) {
    add(['ec2:DescribeFastSnapshotRestores'], ['*']);
    add(['ec2:EnableFastSnapshotRestores', 'ec2:DisableFastSnapshotRestores'], [snapshots]);
  }
  if (needs.share) {
    // Sharing only the policy's own snapshots, as DeleteSnapshot: ModifySnapshotAttribute takes
    // the snapshot resource and its aws:ResourceTag/${TagKey} condition key (Service
    // Authorization Reference, Amazon EC2:
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
    add(['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'], [snapshots], dlmCreated);
  }
  if (needs.archive) {
    add(['ec2:DescribeSnapshotTierStatus'], ['*']);
    add(['ec2:ModifySnapshotTier'], [snapshots]);
  }
  if (needs.deprecate) {
    add(['ec2:EnableImageDeprecation', 'ec2:DisableImageDeprecation'], [images]);
  }
  if (needs.scriptDocuments && needs.scriptDocuments.length > 0) {
    add(['ssm:SendCommand'], [...needs.scriptDocuments, instances]);
    // DLM reads the document too (AWSDataLifecycleManagerSSMFullAccess grants these with SendCommand).
    add(['ssm:DescribeDocument', 'ssm:GetDocument'], needs.scriptDocuments);
    add(['ssm:GetCommandInvocation', 'ssm:ListCommands', 'ssm:DescribeInstanceInformation'], ['*']);
  }
}

/** The policy's Region and the destination Regions (an Outpost ARN copies within the Region), once each. */
function copyRegionsOf(stack: Stack, destinations: string[]): string[] {
  const regions = [stack.region];
  for (const d of destinations) {
    const region = d.startsWith('arn:') ? stack.region : d;
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}
