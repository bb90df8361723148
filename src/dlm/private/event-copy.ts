/**
 * The rules and rendering of an event-based cross-account copy policy: its source policy, its
 * copy actions, the role's permissions for copying shared snapshots. NOT exported from the
 * package.
 */
import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkCopyKeyArn, POLICY_ID, REGION } from './patterns';
import { renderDlmRetention, validateDlmRetention } from './retention';
import { Where } from '../../common/validation';
import { CrossRegionCopyConfig } from '../copy';
import { ILifecyclePolicy } from '../policy-base';

export interface SourcePolicyInfo {
  readonly account?: string;
  readonly policyId?: string;
}

/** The account and ID of the source policy, where they are known at synth. */
export function describeSourcePolicy(where: Where, self: Construct, policy: ILifecyclePolicy | undefined): SourcePolicyInfo {
  if (policy === undefined) return {};
  const stack = Stack.of(self);
  const policyId = !Token.isUnresolved(policy.policyId) && POLICY_ID.test(policy.policyId) ? policy.policyId : undefined;
  let account: string | undefined;
  let region: string | undefined;
  if (!Token.isUnresolved(policy.policyArn)) {
    const arn = Arn.split(policy.policyArn, ArnFormat.SLASH_RESOURCE_NAME);
    account = arn.account;
    region = arn.region;
  } else if (Stack.of(policy) !== stack) {
    // a policy construct of the source stack: only its stack's literal env is usable
    const env = Stack.of(policy);
    account = Token.isUnresolved(env.account) ? undefined : env.account;
    region = Token.isUnresolved(env.region) ? undefined : env.region;
  }
  if (region !== undefined && !Token.isUnresolved(stack.region) && region !== stack.region) {
    where.fail('sourcePolicy', `must be in this policy's Region ${stack.region}: DLM runs the source policy and the cross-account copy policy in the same Region`, region);
  }
  return { account, policyId };
}

/**
 * Event-based copies: a Region each (the policy's own is allowed), no Region twice, a key in
 * that Region, a retention that is an age, no tags or deprecation (not in the API).
 */
export function validateEventCopies(where: Where, copies: CrossRegionCopyConfig[]): void {
  const seen = new Set<string>();
  copies.forEach((c, i) => {
    const prop = `copies[${i}]`;
    const dest = c.destination;
    if (!Token.isUnresolved(dest)) {
      if (!REGION.test(dest)) where.fail(`${prop}.destination`, 'must be a Region like eu-west-1', dest);
      if (seen.has(dest)) where.fail(`${prop}.destination`, 'must not repeat another copy\'s Region', dest);
      seen.add(dest);
    }
    checkCopyKeyArn(where, `${prop}.cmkArn`, c.cmkArn, dest);
    if (c.retention === undefined) {
      where.fail(`${prop}.retention`, 'is required (an age): without it DLM never deletes the copies of an event-based policy');
    }
    validateDlmRetention(c.retention, where, `${prop}.retention`, { allowCount: false });
    if (c.copyTags !== undefined) where.fail(`${prop}.copyTags`, 'is not supported by cross-account copy policies (DLM copies no tags of shared snapshots)', c.copyTags);
    if (c.deprecate !== undefined) where.fail(`${prop}.deprecate`, 'is only allowed for AMI policies', c.deprecate.toString());
  });
}

export function renderCopyAction(c: CrossRegionCopyConfig): CfnLifecyclePolicy.CrossRegionCopyActionProperty {
  const retain = renderDlmRetention(c.retention!);
  return {
    target: c.destination,
    encryptionConfiguration: { encrypted: true, cmkArn: c.cmkArn },
    retainRule: { interval: retain.interval!, intervalUnit: retain.intervalUnit! },
  };
}

/**
 * What an event-based cross-account copy policy does: manage its CloudWatch Events rule
 * (the statement of the AWS managed policy, narrowed to this account and Region), copy the
 * shared snapshots, tag the copies, and delete only the copies DLM made.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSDataLifecycleManagerServiceRole.html
 */
export function grantCopyOfSharedSnapshots(scope: Construct, role: iam.IRole): void {
  const stack = Stack.of(scope);
  const add = (actions: string[], resources: string[], conditions?: { [key: string]: any }) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));
  const snapshots = stack.formatArn({ service: 'ec2', region: '*', account: '', resource: 'snapshot', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const rules = stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'AwsDataLifecycleRule.managed-cwe.*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  add(EVENT_RULE_ACTIONS, [rules]);
  add(['ec2:DescribeSnapshots'], ['*']);
  add(['ec2:CopySnapshot', 'ec2:CreateTags'], [snapshots]);
  add(['ec2:DeleteSnapshot'], [snapshots], { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } });
}

/** The managed CloudWatch Events rule that runs an event-based policy. */
const EVENT_RULE_ACTIONS = [
  'events:PutRule', 'events:DeleteRule', 'events:DescribeRule', 'events:EnableRule', 'events:DisableRule',
  'events:ListTargetsByRule', 'events:PutTargets', 'events:RemoveTargets',
];

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
