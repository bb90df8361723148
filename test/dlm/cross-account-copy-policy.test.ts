import { App, Aws, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { expectNoWildcards, keyUse, roleStatements } from './iam-expectations';
import { buildDrExample } from '../../examples/dr-copy';
import {
  Cadence, CrossAccountCopyPolicy, CrossAccountCopyPolicyProps, DrAccountShare, DrCopyRule, PolicyState, Retention, SnapshotPolicy,
} from '../../src';
import { checkConformance, synth, testApp } from '../harness';

const SOURCE = { account: '111111111111', region: 'ap-south-1' };
const VAULT = { account: '222222222222', region: 'ap-south-1' };
const VAULT_SINGAPORE_KEY = 'arn:aws:kms:ap-southeast-1:222222222222:key/0987dcba-09fe-87dc-65ba-ab0987654321';
const SOURCE_KEY = 'arn:aws:kms:ap-south-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const daily = { name: 'Daily', cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.weeks(4) };
const singapore = DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: VAULT_SINGAPORE_KEY, retention: Retention.months(3) });

interface TwoAccounts {
  readonly app: App;
  readonly source: Stack;
  readonly vault: Stack;
  readonly key: kms.Key;
  readonly share: DrAccountShare;
}

/** A source stack whose `Daily` schedule shares with the vault account, and an empty vault stack. */
function twoAccounts(scheduleNames: string[] = ['Daily']): TwoAccounts {
  const app = testApp();
  const source = new Stack(app, 'Source', { env: SOURCE });
  const vault = new Stack(app, 'Vault', { env: VAULT });
  const key = new kms.Key(source, 'VolumeKey', { enableKeyRotation: true });
  const share = DrCopyRule.toAccount(VAULT.account, { sourceKey: key, unshareAfter: Duration.days(2) });
  new SnapshotPolicy(source, 'Critical', {
    schedules: scheduleNames.map((name, i) => ({ ...daily, name, retention: Retention.weeks(4 + i), crossAccountCopies: [share] })),
  });
  return { app, source, vault, key, share };
}

function vaultStack(env: { account?: string; region?: string } = VAULT): Stack {
  return new Stack(testApp(), 'Vault', { env });
}

function join(text: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, text]] };
}

/** The statements of the vault role for one source key, exactly. */
function sharedKeyUse(keyArn: unknown): any[] {
  return [
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      Resource: keyArn,
    },
    { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: keyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
  ];
}

/** The statements of an event-based copy policy that are not about keys, exactly. */
const COPY_STATEMENTS = [
  {
    Effect: 'Allow',
    Action: ['events:PutRule', 'events:DeleteRule', 'events:DescribeRule', 'events:EnableRule', 'events:DisableRule',
      'events:ListTargetsByRule', 'events:PutTargets', 'events:RemoveTargets'],
    Resource: join(':events:ap-south-1:222222222222:rule/AwsDataLifecycleRule.managed-cwe.*'),
  },
  { Effect: 'Allow', Action: 'ec2:DescribeSnapshots', Resource: '*' },
  { Effect: 'Allow', Action: ['ec2:CopySnapshot', 'ec2:CreateTags'], Resource: join(':ec2:*::snapshot/*') },
  {
    Effect: 'Allow',
    Action: 'ec2:DeleteSnapshot',
    Resource: join(':ec2:*::snapshot/*'),
    Condition: { StringLike: { 'aws:ResourceTag/aws:dlm:lifecycle-policy-id': '*' } },
  },
];

describe('CrossAccountCopyPolicy', () => {
  test('one line wires the vault to the source: EVENT_BASED_POLICY on snapshots the source account shares, 1 action, encrypted copies', () => {
    // GIVEN
    const { vault, share } = twoAccounts();
    // WHEN
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [singapore] });
    // THEN
    synth(vault).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      State: 'ENABLED',
      Description: 'Cross-account copy policy Vault FromProduction',
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataLifecycleManagerRole'), 'Arn'] },
      PolicyDetails: Match.objectEquals({
        PolicyType: 'EVENT_BASED_POLICY',
        EventSource: {
          Type: 'MANAGED_CWE',
          Parameters: {
            EventType: 'shareSnapshot',
            SnapshotOwner: ['111111111111'],
            DescriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: Daily$',
          },
        },
        Actions: [{
          Name: 'CopySharedSnapshots',
          CrossRegionCopy: [{
            Target: 'ap-southeast-1',
            EncryptionConfiguration: { Encrypted: true, CmkArn: VAULT_SINGAPORE_KEY },
            RetainRule: { Interval: 3, IntervalUnit: 'MONTHS' },
          }],
        }],
      }),
    });
  });

  test('both accounts\' stacks conform, and neither references the other', () => {
    const { app, source, vault, share } = twoAccounts();
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [singapore] });
    expect(checkConformance(app)).toEqual([]);
    const json = (s: Stack) => JSON.stringify(synth(s).toJSON());
    expect(json(vault)).not.toMatch(/Fn::ImportValue|111111111111:key\/[0-9a-f]/);
    expect(json(source)).not.toMatch(/Fn::ImportValue/);
  });

  test('the execution role: the managed rule, copies, DLM-made deletions, the destination key and the source account\'s keys, exactly', () => {
    const { vault, share } = twoAccounts();
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [singapore] });
    const statements = roleStatements(synth(vault));
    expect(statements).toEqual([
      ...keyUse(VAULT_SINGAPORE_KEY),
      ...COPY_STATEMENTS,
      // the source key is defined in the source account's stack: its ID is unknown here
      ...sharedKeyUse(join(':kms:ap-south-1:111111111111:key/*')),
    ]);
    expectNoWildcards(statements);
  });

  test('a source key known by ARN is granted exactly', () => {
    const app = testApp();
    const source = new Stack(app, 'Source', { env: SOURCE });
    const vault = new Stack(app, 'Vault', { env: VAULT });
    const share = DrCopyRule.toAccount(VAULT.account, { sourceKey: kms.Key.fromKeyArn(source, 'Key', SOURCE_KEY) });
    new SnapshotPolicy(source, 'Critical', { schedules: [{ ...daily, crossAccountCopies: [share] }] });
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [singapore] });
    expect(roleStatements(synth(vault)).slice(-2)).toEqual(sharedKeyUse(SOURCE_KEY));
  });

  test('a copy may stay in the policy\'s own Region, encrypted with a key of this stack', () => {
    const { vault, share } = twoAccounts();
    const key = new kms.Key(vault, 'VaultKey');
    new CrossAccountCopyPolicy(vault, 'FromProduction', {
      source: share,
      copies: [DrCopyRule.toRegion('ap-south-1', { encryptionKey: key, retention: Retention.age(Duration.days(90)) }), singapore],
    });
    const t = synth(vault);
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] };
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Actions: [{
          Name: 'CopySharedSnapshots',
          CrossRegionCopy: [
            { Target: 'ap-south-1', EncryptionConfiguration: { Encrypted: true, CmkArn: keyArn }, RetainRule: { Interval: 90, IntervalUnit: 'DAYS' } },
            Match.objectLike({ Target: 'ap-southeast-1' }),
          ],
        }],
      }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith(keyUse(keyArn).map(s => Match.objectEquals(s))) } });
  });

  test('without a key the copies are encrypted with the vault\'s default EBS key', () => {
    const { vault, share } = twoAccounts();
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1) })] });
    synth(vault).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Actions: [{ Name: 'CopySharedSnapshots', CrossRegionCopy: [Match.objectEquals({ Target: 'ap-southeast-1', EncryptionConfiguration: { Encrypted: true }, RetainRule: { Interval: 1, IntervalUnit: 'MONTHS' } })] }],
      }),
    });
  });

  test('the description filter names every schedule that shares', () => {
    const { vault, share } = twoAccounts(['Daily', 'Weekly Full']);
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, copies: [singapore] });
    synth(vault).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        EventSource: Match.objectLike({ Parameters: Match.objectLike({ DescriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: (Daily|Weekly Full)$' }) }),
      }),
    });
  });

  test('a source policy imported by ARN gives its account and ID', () => {
    const stack = vaultStack();
    const sourcePolicy = SnapshotPolicy.fromLifecyclePolicyArn(stack, 'Source', 'arn:aws:dlm:ap-south-1:111111111111:policy/policy-0123456789abcdef0');
    new CrossAccountCopyPolicy(stack, 'FromProduction', { sourcePolicy, copies: [singapore] });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        EventSource: {
          Type: 'MANAGED_CWE',
          Parameters: { EventType: 'shareSnapshot', SnapshotOwner: ['111111111111'], DescriptionRegex: '^Created for policy: policy-0123456789abcdef0 schedule: .*$' },
        },
      }),
    });
    expect(roleStatements(t).slice(-2)).toEqual(sharedKeyUse(join(':kms:ap-south-1:111111111111:key/*')));
  });

  test('a source policy construct of the source stack gives its account (its ID is a token of another account)', () => {
    const { vault, source, share } = twoAccounts();
    const other = new SnapshotPolicy(source, 'Other', { schedules: [daily] });
    new CrossAccountCopyPolicy(vault, 'FromProduction', { source: share, sourcePolicy: other, copies: [singapore] });
    synth(vault).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        EventSource: Match.objectLike({ Parameters: Match.objectLike({ SnapshotOwner: ['111111111111'], DescriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: Daily$' }) }),
      }),
    });
  });

  test('accounts, keys and the description filter given by hand', () => {
    const stack = vaultStack();
    new CrossAccountCopyPolicy(stack, 'FromPartners', {
      sourceAccounts: ['111111111111', '333333333333'],
      sourceKeyArns: [SOURCE_KEY],
      descriptionRegex: '^.*Created for policy: policy-0abc.*$',
      actionName: 'Copy partner snapshots',
      description: 'Partner snapshots',
      state: PolicyState.DISABLED,
      copies: [singapore],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      State: 'DISABLED',
      Description: 'Partner snapshots',
      PolicyDetails: Match.objectLike({
        EventSource: { Type: 'MANAGED_CWE', Parameters: { EventType: 'shareSnapshot', SnapshotOwner: ['111111111111', '333333333333'], DescriptionRegex: '^.*Created for policy: policy-0abc.*$' } },
        Actions: [Match.objectLike({ Name: 'Copy partner snapshots' })],
      }),
    });
    expect(roleStatements(t).slice(-2)).toEqual(sharedKeyUse(SOURCE_KEY));
  });

  test('source accounts alone: any key of those accounts in this Region', () => {
    const stack = vaultStack();
    new CrossAccountCopyPolicy(stack, 'FromPartners', { sourceAccounts: ['111111111111', '333333333333'], copies: [singapore] });
    const t = synth(stack);
    expect(roleStatements(t).slice(-4)).toEqual([
      ...sharedKeyUse(join(':kms:ap-south-1:111111111111:key/*')),
      ...sharedKeyUse(join(':kms:ap-south-1:333333333333:key/*')),
    ]);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ EventSource: Match.objectLike({ Parameters: Match.objectLike({ DescriptionRegex: '^Created for policy: policy-[0-9a-f]+ schedule: .*$' }) }) }),
    });
  });

  test('useAwsManagedPolicy: the managed policy (it covers the rule and the copies) plus the key statements', () => {
    const stack = vaultStack();
    new CrossAccountCopyPolicy(stack, 'FromPartners', { useAwsManagedPolicy: true, sourceAccounts: ['111111111111'], copies: [singapore] });
    const t = synth(stack);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [join(':iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole')],
    });
    expect(roleStatements(t)).toEqual([...keyUse(VAULT_SINGAPORE_KEY), ...sharedKeyUse(join(':kms:ap-south-1:111111111111:key/*'))]);
  });

  test('a user role is used as is', () => {
    const stack = vaultStack();
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    const policy = new CrossAccountCopyPolicy(stack, 'FromPartners', { role, sourceAccounts: ['111111111111'], copies: [singapore] });
    expect(policy.role).toBe(role);
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', { ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } });
  });

  test('exposes the policy ARN and ID', () => {
    const stack = vaultStack();
    const policy = new CrossAccountCopyPolicy(stack, 'P', { sourceAccounts: ['111111111111'], copies: [singapore] });
    expect(stack.resolve(policy.policyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^P/), 'Arn'] });
    expect(stack.resolve(policy.policyId)).toEqual({ Ref: expect.stringMatching(/^P/) });
  });
});

describe('CrossAccountCopyPolicy validation', () => {
  const props = (extra: Partial<CrossAccountCopyPolicyProps>): CrossAccountCopyPolicyProps => ({ sourceAccounts: ['111111111111'], copies: [singapore], ...extra });

  test.each([
    ['not 12 digits', ['11111111111'], /\[Vault\/P\] `sourceAccounts` must match a 12-digit AWS account ID, got "11111111111"/],
    ['repeated', ['111111111111', '111111111111'], /\[Vault\/P\] `sourceAccounts` must not repeat an account, got "111111111111"/],
    ['more than 50', Array.from({ length: 51 }, (_, i) => String(100000000000 + i)), /\[Vault\/P\] `sourceAccounts` must have at most 50 items, got "51 items"/],
  ])('source accounts: %s', (_what, sourceAccounts, message) => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ sourceAccounts }))).toThrow(message);
  });

  test('at least 1 snapshot owner', () => {
    const stack = vaultStack();
    new CrossAccountCopyPolicy(stack, 'P', props({ sourceAccounts: [] }));
    expect(() => synth(stack)).toThrow(/\[Vault\/P\] `sourceAccounts` must name at least 1 account \(or give `source` or `sourcePolicy`\)/);
  });

  test('at most 50 snapshot owners in all', () => {
    const { vault, share } = twoAccounts();
    const sourceAccounts = Array.from({ length: 50 }, (_, i) => String(300000000000 + i));
    new CrossAccountCopyPolicy(vault, 'P', props({ source: share, sourceAccounts }));
    expect(() => synth(vault)).toThrow(/\[Vault\/P\] `sourceAccounts` must name at most 50 accounts in all \(with `source` and `sourcePolicy`\), got "51 accounts"/);
  });

  test('the policy\'s own account is a warning, not an error (DLM accepts the policy; it never runs for that owner)', () => {
    const stack = vaultStack();
    const policy = new CrossAccountCopyPolicy(stack, 'P', props({ sourceAccounts: ['222222222222'] }));
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
    expect(policy.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data))).toEqual([
      '[Vault/P] `sourceAccounts` includes this policy\'s own account 222222222222: the policy never runs for it (an account does not share snapshots with itself) [ack: cdk-tiered-backup:own-account-source]',
    ]);
  });

  test('the source shares with this account', () => {
    const { app, share } = twoAccounts();
    const other = new Stack(app, 'Other', { env: { account: '333333333333', region: 'ap-south-1' } });
    expect(() => new CrossAccountCopyPolicy(other, 'P', { source: share, copies: [singapore] }))
      .toThrow(/\[Other\/P\] `source` shares snapshots with account 222222222222, not with this policy's account 333333333333, got "222222222222"/);
  });

  test('the source shares from this Region (its key)', () => {
    const { app, share } = twoAccounts();
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'ap-southeast-1' } });
    expect(() => new CrossAccountCopyPolicy(other, 'P', { source: share, copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1) })] }))
      .toThrow(/\[Other\/P\] `source` must share from this policy's Region ap-southeast-1: DLM runs the source policy and the cross-account copy policy in the same Region, got "ap-south-1"/);
  });

  test('the source shares from this Region (its schedules)', () => {
    const app = testApp();
    const source = new Stack(app, 'Source', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vault = new Stack(app, 'Vault', { env: VAULT });
    // a key whose Region is not known at synth (as a custom IKey may be): only the schedules tell where the snapshots are
    const imported = kms.Key.fromKeyArn(source, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd');
    const sourceKey: kms.IKey = Object.create(imported, { env: { value: { account: '111111111111', region: Aws.REGION } } });
    const share = DrCopyRule.toAccount(VAULT.account, { sourceKey });
    new SnapshotPolicy(source, 'Critical', { schedules: [{ ...daily, crossAccountCopies: [share] }] });
    new CrossAccountCopyPolicy(vault, 'P', { source: share, copies: [singapore] });
    expect(() => synth(vault)).toThrow(/\[Vault\/P\] `source` is used by Source\/Critical in eu-west-1: DLM runs the source policy and the cross-account copy policy in the same Region \(ap-south-1\), got "eu-west-1"/);
  });

  test('the source is used by a schedule', () => {
    const app = testApp();
    const vault = new Stack(app, 'Vault', { env: VAULT });
    const share = DrCopyRule.toAccount(VAULT.account, { sourceKey: kms.Key.fromKeyArn(vault, 'Key', SOURCE_KEY) });
    new CrossAccountCopyPolicy(vault, 'P', { source: share, copies: [singapore] });
    expect(() => synth(vault)).toThrow(/\[Vault\/P\] `source` is not used by any schedule: put it in `crossAccountCopies` of a SnapshotPolicy schedule, or nothing is shared with this account/);
  });

  test('the source key\'s account is known', () => {
    const app = testApp();
    const source = new Stack(app, 'Source');
    const vault = new Stack(app, 'Vault', { env: VAULT });
    const share = DrCopyRule.toAccount(VAULT.account, { sourceKey: new kms.Key(source, 'Key') });
    expect(() => new CrossAccountCopyPolicy(vault, 'P', { source: share, copies: [singapore] }))
      .toThrow(/\[Vault\/P\] `source` needs the account of its `sourceKey`: give the source stack an explicit `env.account` \(account tokens cannot cross accounts\)/);
  });

  test('the source policy is in this Region', () => {
    const stack = vaultStack();
    const sourcePolicy = SnapshotPolicy.fromLifecyclePolicyArn(stack, 'Source', 'arn:aws:dlm:eu-west-1:111111111111:policy/policy-0123456789abcdef0');
    expect(() => new CrossAccountCopyPolicy(stack, 'P', props({ sourcePolicy })))
      .toThrow(/\[Vault\/P\] `sourcePolicy` must be in this policy's Region ap-south-1: DLM runs the source policy and the cross-account copy policy in the same Region, got "eu-west-1"/);
  });

  test.each([
    ['not a key ARN', 'arn:aws:kms:ap-south-1:111111111111:alias/x', /\[Vault\/P\] `sourceKeyArns` must match a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<id>\), got "arn:aws:kms:ap-south-1:111111111111:alias\/x"/],
    ['in another Region', 'arn:aws:kms:eu-west-1:111111111111:key/x', /\[Vault\/P\] `sourceKeyArns` must be keys in this policy's Region ap-south-1, where the shared snapshots are, got "arn:aws:kms:eu-west-1:111111111111:key\/x"/],
  ])('source key ARNs: %s', (_what, arn, message) => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ sourceKeyArns: [arn] }))).toThrow(message);
  });

  test('source key ARNs: at least 1 when given', () => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ sourceKeyArns: [] })))
      .toThrow(/\[Vault\/P\] `sourceKeyArns` must name at least 1 key when given, got "0 items"/);
  });

  test.each([
    ['no copy', [], /\[Vault\/P\] `copies` must have 1 to 3 items, got "0 items"/],
    ['4 copies', ['ap-southeast-1', 'eu-west-1', 'us-east-1', 'us-west-2'].map(r => DrCopyRule.toRegion(r, { retention: Retention.months(1) })),
      /\[Vault\/P\] `copies` must have 1 to 3 items, got "4 items"/],
    ['a Region twice', [singapore, DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1) })],
      /\[Vault\/P\] `copies\[1\].destination` must not repeat another copy's Region, got "ap-southeast-1"/],
    ['not a Region', [DrCopyRule.toRegion('arn:aws:outposts:ap-south-1:111111111111:outpost/op-0abc', { retention: Retention.months(1) })],
      /\[Vault\/P\] `copies\[0\].destination` must be a Region like eu-west-1, got "arn:aws:outposts:/],
    ['no retention', [DrCopyRule.toRegion('ap-southeast-1')],
      /\[Vault\/P\] `copies\[0\].retention` is required \(an age\): without it DLM never deletes the copies of an event-based policy/],
    ['a count retention', [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.count(7) })],
      /\[Vault\/P\] `copies\[0\].retention` must be an age .*got "Retention.count\(7\)"/],
    ['a zero retention', [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.age(Duration.days(0)) })],
      /\[Vault\/P\] `copies\[0\].retention` must be an integer between 1 and 36500 days/],
    ['copied tags', [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1), copyTags: true })],
      /\[Vault\/P\] `copies\[0\].copyTags` is not supported by cross-account copy policies \(DLM copies no tags of shared snapshots\), got true/],
    ['a deprecation', [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1), deprecate: Retention.weeks(1) })],
      /\[Vault\/P\] `copies\[0\].deprecate` is only allowed for AMI policies, got "1 week"/],
    ['a key ARN that is not one', [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1), encryptionKeyArn: 'key-1234' })],
      /\[Vault\/P\] `copies\[0\].cmkArn` must be a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<id>\), got "key-1234"/],
    ['a key of another Region', [DrCopyRule.toRegion('eu-west-1', { retention: Retention.months(1), encryptionKeyArn: VAULT_SINGAPORE_KEY })],
      /\[Vault\/P\] `copies\[0\].cmkArn` must be a key in the destination Region eu-west-1, got "arn:aws:kms:ap-southeast-1:/],
  ])('copies: %s', (_what, copies, message) => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ copies }))).toThrow(message);
  });

  test.each([
    ['too long', `^${'a'.repeat(1000)}$`, /\[Vault\/P\] `descriptionRegex` must be 1 to 1000 characters long/],
    ['empty', '', /\[Vault\/P\] `descriptionRegex` must be 1 to 1000 characters long, got ""/],
    ['not a regular expression', '^Created for policy: (policy-', /\[Vault\/P\] `descriptionRegex` must be a valid regular expression, got "\^Created for policy: \(policy-"/],
  ])('description filter: %s', (_what, descriptionRegex, message) => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ descriptionRegex }))).toThrow(message);
  });

  test('description filter derived from too many schedules', () => {
    const long = Array.from({ length: 4 }, (_, i) => `${String(i)}${'x'.repeat(119)}`);
    const app = testApp();
    const vault = new Stack(app, 'Vault', { env: VAULT });
    const share = DrCopyRule.toAccount(VAULT.account, { sourceKey: kms.Key.fromKeyArn(new Stack(app, 'Keys', { env: SOURCE }), 'Key', SOURCE_KEY) });
    for (let p = 0; p < 3; p++) {
      const source = new Stack(app, `Source${p}`, { env: SOURCE });
      new SnapshotPolicy(source, 'Critical', { schedules: long.map((name, i) => ({ ...daily, name: `${p}${name}`.slice(0, 120), retention: Retention.weeks(4 + i), crossAccountCopies: [share] })) });
    }
    new CrossAccountCopyPolicy(vault, 'P', { source: share, copies: [singapore] });
    expect(() => synth(vault)).toThrow(/\[Vault\/P\] `descriptionRegex` must be at most 1000 characters long \(too many schedules named: give `descriptionRegex`\), got "\d+ characters"/);
  });

  test('action name in DLM\'s charset', () => {
    expect(() => new CrossAccountCopyPolicy(vaultStack(), 'P', props({ actionName: 'copy: all' })))
      .toThrow(/\[Vault\/P\] `actionName` must match letters, digits, spaces, `_` and `-` only, got "copy: all"/);
  });

  test('exactly 1 action, by construction', () => {
    const stack = vaultStack();
    new CrossAccountCopyPolicy(stack, 'P', props({ copies: [singapore, DrCopyRule.toRegion('eu-west-1', { retention: Retention.months(1) })] }));
    const policy = Object.values(synth(stack).findResources('AWS::DLM::LifecyclePolicy'))[0] as any;
    expect(policy.Properties.PolicyDetails.Actions).toHaveLength(1);
    expect(policy.Properties.PolicyDetails.Actions[0].CrossRegionCopy).toHaveLength(2);
  });
});

describe('examples/dr-copy.ts', () => {
  test('two accounts, two Regions: both stacks conform and match the snapshot', () => {
    // GIVEN / WHEN
    const app = testApp();
    const { source, vault } = buildDrExample(app);
    // THEN
    expect(checkConformance(app)).toEqual([]);
    const s = synth(source);
    const v = synth(vault);
    s.resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
    v.resourceCountIs('AWS::DLM::LifecyclePolicy', 1);
    expect(s.toJSON()).toMatchSnapshot('DrSourceExample');
    expect(v.toJSON()).toMatchSnapshot('DrVaultExample');
  });
});
