/** SSM documents as DLM scripts name them. NOT exported from the package. */
import { Arn, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The ARN of an SSM document given by name or ARN. AWS-owned documents (`AWS...`) have no account.
 */
export function ssmDocumentArn(scope: Construct, nameOrArn: string): string {
  if (!Token.isUnresolved(nameOrArn) && nameOrArn.startsWith('arn:')) return nameOrArn;
  const awsOwned = !Token.isUnresolved(nameOrArn) && nameOrArn.startsWith('AWS');
  return Arn.format({
    service: 'ssm',
    resource: 'document',
    resourceName: nameOrArn,
    account: awsOwned ? '' : undefined,
  }, Stack.of(scope));
}
