/**
 * The least-privilege DLM execution role (issue 15, item 3): sharing only the policy's own
 * snapshots, copy permissions only in the policy's and the copies' Regions, and a trust policy
 * that binds DLM to this account and Region when DLM says where it comes from.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Cadence, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, Retention, SnapshotPolicy,
} from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const daily = { name: 'Daily', cadence: Cadence.daily({ startTime: '03:00' }), retention: Retention.count(7) };
const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const DLM_CREATED = { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } };

function statements(stack: Stack): any[] {
  const policies = Object.values(synth(stack).findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

function withAction(stack: Stack, action: string): any[] {
  return statements(stack).filter((s) => [s.Action].flat().includes(action));
}

describe('the DLM execution role', () => {
  test('shares only snapshots DLM created (ModifySnapshotAttribute conditioned as DeleteSnapshot is)', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [{ ...daily, retention: Retention.age(Duration.days(30)), share: { accounts: ['210987654321'] } }],
    });
    expect(withAction(stack, 'ec2:ModifySnapshotAttribute')).toEqual([{
      Effect: 'Allow',
      Action: ['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'],
      Resource: arn(':ec2:eu-west-1::snapshot/*'),
      Condition: DLM_CREATED,
    }]);
    expect(withAction(stack, 'ec2:DeleteSnapshot')).toEqual([expect.objectContaining({ Condition: DLM_CREATED })]);
  });

  test('copies snapshots only in the policy\'s Region and the copies\' Regions', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [{ ...daily, crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1'), DrCopyRule.toRegion('eu-central-1')] }],
    });
    const regions = [arn(':ec2:eu-west-1::snapshot/*'), arn(':ec2:ap-southeast-1::snapshot/*'), arn(':ec2:eu-central-1::snapshot/*')];
    expect(withAction(stack, 'ec2:CopySnapshot')).toEqual([{ Effect: 'Allow', Action: ['ec2:CopySnapshot', 'ec2:CreateTags'], Resource: regions }]);
    expect(withAction(stack, 'ec2:DeleteSnapshot')).toEqual(expect.arrayContaining([{ Effect: 'Allow', Action: 'ec2:DeleteSnapshot', Resource: regions, Condition: DLM_CREATED }]));
    expect(JSON.stringify(statements(stack))).not.toContain(':ec2:*::');
  });

  test('a default policy copying AMIs is scoped to its copy Regions too', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new DefaultPolicy(stack, 'Instances', { resourceType: DefaultPolicyResourceType.INSTANCE, crossRegionCopies: [DrCopyRule.toRegion('us-east-1')] });
    const copy = withAction(stack, 'ec2:CopyImage');
    expect(copy).toHaveLength(1);
    expect(copy[0].Resource).toEqual([
      arn(':ec2:eu-west-1::image/*'), arn(':ec2:us-east-1::image/*'), arn(':ec2:eu-west-1::snapshot/*'), arn(':ec2:us-east-1::snapshot/*'),
    ]);
  });

  test('is trusted by DLM for this account and Region only, when DLM sets the source keys', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new SnapshotPolicy(stack, 'Policy', { schedules: [daily] });
    const roles = Object.values(synth(stack).findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'dlm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' },
        ArnLikeIfExists: { 'aws:SourceArn': arn(':dlm:eu-west-1:123456789012:policy/*') },
      },
    }]);
  });
});
