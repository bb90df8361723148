/**
 * What the DLM execution role needs on customer-managed KMS keys to create, copy and receive
 * encrypted snapshots, each statement granted once per role. NOT exported from the package.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The key use Data Lifecycle Manager's execution role needs to create or copy snapshots
 * encrypted with a customer-managed key, as AWS documents it for the DLM service roles
 * ("Permissions for encryption": use of the key, and grants only for AWS resources).
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/dlm-prerequisites.html
 */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * The grant management that goes with `KEY_USE_ACTIONS`, under `kms:GrantIsForAWSResource`.
 */
export const KEY_GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/** Keys (and the kind of use) already granted to each role: a role shared by policies gets each once. */
const GRANTED = new WeakMap<iam.IRole, Set<string>>();

/**
 * Lets `role` use the key `keyArn` as DLM needs to create and copy encrypted snapshots: two
 * statements scoped to that key only.
 */
export function grantKeyUse(role: iam.IRole, keyArn: string): void {
  grantOnce(role, keyArn, KEY_USE_ACTIONS, KEY_GRANT_ACTIONS);
}

/**
 * Lets `role` use the key of snapshots shared with its account, to copy them: the actions the
 * source key policy allows this account (`SHARED_KEY_ACTIONS`), scoped to `keyArn`.
 */
export function grantSharedKeyUse(role: iam.IRole, keyArn: string): void {
  grantOnce(role, keyArn, SHARED_KEY_ACTIONS, ['kms:CreateGrant']);
}

function grantOnce(role: iam.IRole, keyArn: string, useActions: string[], grantActions: string[]): void {
  const granted = GRANTED.get(role) ?? new Set<string>();
  GRANTED.set(role, granted);
  const id = `${useActions.join(',')} ${keyArn}`;
  if (granted.has(id)) return;
  granted.add(id);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: useActions, resources: [keyArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: grantActions,
    resources: [keyArn],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
}

/**
 * What an account needs on the key of snapshots shared with it, to copy them: AWS's list for
 * sharing encrypted snapshots (with `kms:CreateGrant` only for AWS resources).
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/share-kms-key.html
 */
export const SHARED_KEY_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
];
