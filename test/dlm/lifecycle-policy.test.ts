/**
 * The reference surface every DLM policy shares: `ILifecyclePolicy` (`policyArn`, `policyId`),
 * and `fromLifecyclePolicyArn()` / `fromLifecyclePolicyId()` on each policy class.
 */
import { CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  AmiPolicy, Cadence, CrossAccountCopyPolicy, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, ILifecyclePolicy, Retention,
  SnapshotPolicy,
} from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '222222222222', region: 'ap-south-1' };
const daily = { name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7) };
const ARN = 'arn:aws:dlm:ap-south-1:111111111111:policy/policy-0123456789abcdef0';

type Importer = {
  fromLifecyclePolicyArn(scope: Construct, id: string, arn: string): ILifecyclePolicy;
  fromLifecyclePolicyId(scope: Construct, id: string, policyId: string): ILifecyclePolicy;
};

/** Each policy class, with a way to make one in a stack. */
const KINDS: Array<[string, Importer, (scope: Construct, id: string) => ILifecyclePolicy]> = [
  ['SnapshotPolicy', SnapshotPolicy, (s, id) => new SnapshotPolicy(s, id, { schedules: [daily] })],
  ['AmiPolicy', AmiPolicy, (s, id) => new AmiPolicy(s, id, { schedules: [daily] })],
  ['DefaultPolicy', DefaultPolicy, (s, id) => new DefaultPolicy(s, id, { resourceType: DefaultPolicyResourceType.VOLUME })],
  ['CrossAccountCopyPolicy', CrossAccountCopyPolicy, (s, id) => new CrossAccountCopyPolicy(s, id, {
    sourceAccounts: ['111111111111'], copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) })],
  })],
];

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: ENV });
}

describe('ILifecyclePolicy', () => {
  test.each(KINDS)('a %s is an ILifecyclePolicy whose attributes reference its resource', (_name, _kind, make) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const policy: ILifecyclePolicy = make(stack, 'Policy');
    // THEN
    expect(stack.resolve(policy.policyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Policy/), 'Arn'] });
    expect(stack.resolve(policy.policyId)).toEqual({ Ref: expect.stringMatching(/^Policy/) });
    expect(policy.env).toEqual({ account: ENV.account, region: ENV.region });
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
  });

  test.each(KINDS)('%s.fromLifecyclePolicyArn() imports a policy of any kind, with the account and Region of its ARN', (_name, kind) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const imported = kind.fromLifecyclePolicyArn(stack, 'Imported', ARN);
    // THEN
    expect(imported.policyArn).toBe(ARN);
    expect(imported.policyId).toBe('policy-0123456789abcdef0');
    expect(imported.env).toEqual({ account: '111111111111', region: 'ap-south-1' });
  });

  test.each(KINDS)('%s.fromLifecyclePolicyId() imports a policy of this stack\'s account and Region', (_name, kind) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const imported = kind.fromLifecyclePolicyId(stack, 'Imported', 'policy-0abc');
    // THEN
    expect(imported.policyId).toBe('policy-0abc');
    expect(stack.resolve(imported.policyArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dlm:ap-south-1:222222222222:policy/policy-0abc']] });
  });

  test('a policy imported by ID round-trips into a cross-account copy policy as its source', () => {
    // GIVEN
    const stack = newStack();
    const source = AmiPolicy.fromLifecyclePolicyId(stack, 'Source', 'policy-0123456789abcdef0');
    // WHEN
    new CrossAccountCopyPolicy(stack, 'Copy', {
      sourcePolicy: source, sourceAccounts: ['111111111111'], copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        EventSource: Match.objectLike({ Parameters: Match.objectLike({ DescriptionRegex: '^Created for policy: policy-0123456789abcdef0 schedule: .*$' }) }),
      }),
    });
  });

  test('a policy construct round-trips as a source by its interface', () => {
    // GIVEN
    const app = testApp();
    const sourceStack = new Stack(app, 'Source', { env: { account: '111111111111', region: 'ap-south-1' } });
    const vault = new Stack(app, 'Vault', { env: ENV });
    const source: ILifecyclePolicy = new SnapshotPolicy(sourceStack, 'Critical', { schedules: [daily] });
    // WHEN
    new CrossAccountCopyPolicy(vault, 'Copy', { sourcePolicy: source, copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) })] });
    // THEN: the account of the source stack becomes the snapshot owner; its ID is a token of another account
    synth(vault).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        EventSource: Match.objectLike({
          Parameters: Match.objectLike({ SnapshotOwner: ['111111111111'], DescriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: .*$' }),
        }),
      }),
    });
  });

  describe('tokens are accepted', () => {
    test('an ID from a parameter', () => {
      // GIVEN
      const stack = newStack();
      const id = new CfnParameter(stack, 'PolicyId').valueAsString;
      // WHEN
      const imported = SnapshotPolicy.fromLifecyclePolicyId(stack, 'Imported', id);
      // THEN
      expect(stack.resolve(imported.policyId)).toEqual({ Ref: 'PolicyId' });
      expect(stack.resolve(imported.policyArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dlm:ap-south-1:222222222222:policy/', { Ref: 'PolicyId' }]] });
    });

    test('an ARN from a lazy value', () => {
      // GIVEN
      const stack = newStack();
      const arn = Lazy.string({ produce: () => ARN });
      // WHEN
      const imported = DefaultPolicy.fromLifecyclePolicyArn(stack, 'Imported', arn);
      // THEN: the ID is split from the ARN at deploy time
      expect(stack.resolve(imported.policyArn)).toBe(ARN);
      expect(stack.resolve(imported.policyId)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', ARN] }] }] }] });
    });
  });

  describe('invalid references are refused', () => {
    test.each([
      ['upper-case hex', 'policy-0123456789ABCDEF0'],
      ['a wrong prefix', 'pol-0123456789abcdef0'],
      ['an underscore', 'policy_0abc'],
      ['an empty ID', ''],
    ])('an ID with %s', (_label, id) => {
      const stack = newStack();
      expect(() => CrossAccountCopyPolicy.fromLifecyclePolicyId(stack, 'Imported', id))
        .toThrow(`[Stack] importing \`Imported\`: \`policyId\` must match a DLM policy ID (policy-<hex>), got ${JSON.stringify(id)}`);
    });

    test('an ID longer than the API allows (64 characters)', () => {
      const id = `policy-${'a'.repeat(58)}`;
      expect(() => SnapshotPolicy.fromLifecyclePolicyId(newStack(), 'Imported', id))
        .toThrow(`[Stack] importing \`Imported\`: \`policyId\` must be at most 64 characters long, got "${id}"`);
    });

    test.each([
      ['an ID given as ARN', 'policy-0123456789abcdef0'],
      ['an ARN of another service', 'arn:aws:ec2:ap-south-1:111111111111:snapshot/snap-0123456789abcdef0'],
      ['no account', 'arn:aws:dlm:ap-south-1::policy/policy-0123456789abcdef0'],
    ])('an ARN that is %s', (_label, arn) => {
      const stack = newStack();
      expect(() => AmiPolicy.fromLifecyclePolicyArn(stack, 'Imported', arn))
        .toThrow(`[Stack] importing \`Imported\`: \`policyArn\` must match a DLM policy ARN (arn:aws:dlm:<region>:<account>:policy/<id>), got ${JSON.stringify(arn)}`);
    });
  });
});
