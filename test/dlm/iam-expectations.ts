/** Shared expectations on the IAM statements of DLM execution roles. */
import { Template } from 'aws-cdk-lib/assertions';

/** Every statement of the stack's only IAM policy (the DLM execution role's). */
export function roleStatements(t: Template): any[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

/** The KMS statements a role needs to copy with `keyArn` (a destination key), exactly. */
export function keyUse(keyArn: unknown): any[] {
  return [
    { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keyArn },
    {
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: keyArn,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

/** No statement allows every action, or every action of a service, and none grants KMS on every resource. */
export function expectNoWildcards(statements: any[]): void {
  for (const s of statements) {
    const actions = [s.Action].flat();
    expect(actions).not.toContain('*');
    expect(actions.filter((a: string) => /^[a-z0-9]+:\*$/.test(a))).toEqual([]);
    if (actions.some((a: string) => a.startsWith('kms:'))) expect(s.Resource).not.toEqual('*');
  }
}
