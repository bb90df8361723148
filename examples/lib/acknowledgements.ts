/**
 * Why the examples keep what policy-validation plugins such as cdk-nag's AwsSolutions pack
 * report, recorded in the metadata entry that `Validations.of(c).acknowledge()` writes and
 * cdk-nag reads (aws-cdk-lib core: the examples do not depend on cdk-nag).
 * test/compliance/nag.test.ts runs the pack over both examples.
 *
 * The entry is written directly rather than through `Validations.of(c).acknowledge()`: on
 * aws-cdk-lib 2.262.0 that method throws `InvalidValidationId` for ids with more than one `::`
 * (every finding that names an ARN, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:...]`).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

const DLM_ROLE_WILDCARDS = 'The DLM execution role is the AWS managed policy AWSDataLifecycleManagerServiceRole narrowed to the stack\'s account and Region:'
  + ' DLM picks volumes, instances and snapshots by tag at run time, so their IDs cannot be listed, deletions are conditioned on the'
  + ' aws:dlm:lifecycle-policy-id tag, and ec2:Describe* / ssm:ListCommands support no resource-level permissions';
const DLM_KMS_WILDCARDS = 'kms:ReEncrypt* and kms:GenerateDataKey* are what copying a snapshot encrypted with that one key needs (the statement is'
  + ' scoped to the key ARN); the destination account\'s copy policy decrypts snapshots shared by the source account with any of its keys';

/** Acknowledges `findings` (cdk-nag finding ids: `AwsSolutions-IAM5[Resource::...]`) on `scope` with `reason`. */
export function acknowledge(scope: IConstruct, reason: string, ...findings: string[]): void {
  for (const id of findings) scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/** The wildcards of a stack's shared DLM execution role (`DataLifecycleManagerRole`). */
export function acknowledgeDlmRole(stack: Stack, options: { resources?: string[]; kmsActions?: boolean; keysOfAccount?: string } = {}): void {
  const role = stack.node.findChild('DataLifecycleManagerRole');
  const { region, account } = stack;
  const resources = options.resources ?? [
    '*',
    `arn:<AWS::Partition>:ec2:${region}:${account}:volume/*`,
    `arn:<AWS::Partition>:ec2:${region}::snapshot/*`,
    'arn:<AWS::Partition>:ec2:*::snapshot/*',
  ];
  acknowledge(role, DLM_ROLE_WILDCARDS, ...resources.map((r) => `AwsSolutions-IAM5[Resource::${r}]`));
  if (options.kmsActions) acknowledge(role, DLM_KMS_WILDCARDS, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]');
  if (options.keysOfAccount) acknowledge(role, DLM_KMS_WILDCARDS, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${region}:${options.keysOfAccount}:key/*]`);
}
