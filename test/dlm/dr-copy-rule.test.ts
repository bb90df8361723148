import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { expectNoWildcards, keyUse, roleStatements } from './iam-expectations';
import {
  AmiPolicy, Cadence, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, ICrossAccountShare, ResourceLocation, Retention,
  SnapshotLocation, SnapshotPolicy, SnapshotScheduleProps,
} from '../../src';
import { synth, testApp } from '../harness';

const MUMBAI = { account: '111111111111', region: 'ap-south-1' };
const SINGAPORE_KEY = 'arn:aws:kms:ap-southeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FRANKFURT_KEY = 'arn:aws:kms:eu-central-1:111111111111:key/0987dcba-09fe-87dc-65ba-ab0987654321';

function newStack(env: { account?: string; region?: string } | undefined = MUMBAI): Stack {
  return new Stack(testApp(), 'Stack', { env });
}

const daily = { name: 'Daily', cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.weeks(4) };

function snapshotPolicy(stack: Stack, schedule: Partial<SnapshotScheduleProps>, id = 'Policy'): SnapshotPolicy {
  return new SnapshotPolicy(stack, id, { targetTags: { tier: 'critical' }, schedules: [{ ...daily, ...schedule }] });
}

function kmsStatements(statements: any[]): any[] {
  return statements.filter(s => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
}

describe('DrCopyRule.toRegion', () => {
  test('snapshot policies render Target, always encrypted, with the key, tags and the copies\' own retention', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    snapshotPolicy(stack, {
      crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY, copyTags: true, retention: Retention.months(3) })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          Name: 'Daily',
          CrossRegionCopyRules: [Match.objectEquals({
            Target: 'ap-southeast-1',
            Encrypted: true,
            CmkArn: SINGAPORE_KEY,
            CopyTags: true,
            RetainRule: { Interval: 3, IntervalUnit: 'MONTHS' },
          })],
        })],
      }),
    });
  });

  test('without a key the copies are still encrypted (the destination\'s default EBS key) and no KMS permission is granted', () => {
    const stack = newStack();
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1')] });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ CrossRegionCopyRules: [Match.objectEquals({ Target: 'ap-southeast-1', Encrypted: true })] })],
      }),
    });
    expect(kmsStatements(roleStatements(t))).toEqual([]);
  });

  test('AMI policies render TargetRegion with the copies\' deprecation', () => {
    const stack = newStack();
    new AmiPolicy(stack, 'Images', {
      schedules: [{
        cadence: Cadence.daily(),
        retention: Retention.months(6),
        crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY, retention: Retention.months(3), deprecate: Retention.months(1) })],
      }],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          CrossRegionCopyRules: [Match.objectEquals({
            TargetRegion: 'ap-southeast-1',
            Encrypted: true,
            CmkArn: SINGAPORE_KEY,
            RetainRule: { Interval: 3, IntervalUnit: 'MONTHS' },
            DeprecateRule: { Interval: 1, IntervalUnit: 'MONTHS' },
          })],
        })],
      }),
    });
  });

  test('a default policy takes a rule that names only the Region as CrossRegionCopyTargets', () => {
    const stack = newStack();
    new DefaultPolicy(stack, 'SafetyNet', {
      resourceType: DefaultPolicyResourceType.VOLUME,
      crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1'), DrCopyRule.toRegion('eu-central-1')],
    });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      DefaultPolicy: 'VOLUME',
      CrossRegionCopyTargets: [{ TargetRegion: 'ap-southeast-1' }, { TargetRegion: 'eu-central-1' }],
    });
  });

  test.each([
    ['a key', { encryptionKeyArn: SINGAPORE_KEY }],
    ['a retention', { retention: Retention.months(3) }],
    ['copied tags', { copyTags: true }],
  ])('a default policy refuses a rule with %s', (_what, options) => {
    const stack = newStack();
    expect(() => new DefaultPolicy(stack, 'SafetyNet', {
      resourceType: DefaultPolicyResourceType.VOLUME,
      crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', options)],
    })).toThrow(/\[Stack\/SafetyNet\] `crossRegionCopies\[0\]` may only name a Region: default policies encrypt copies with the destination's default key/);
  });

  test('with a key ARN the execution role may use exactly that key, for copying only', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY, retention: Retention.months(3) })] });
    // THEN
    const statements = roleStatements(synth(stack));
    expect(kmsStatements(statements)).toEqual(keyUse(SINGAPORE_KEY));
    expectNoWildcards(statements);
  });

  test('with the source volumes\' key the role may also use that key (DLM decrypts while copying)', () => {
    // GIVEN
    const stack = newStack();
    const volumeKey = new kms.Key(stack, 'VolumeKey', { enableKeyRotation: true });
    // WHEN
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY, sourceKey: volumeKey, retention: Retention.months(3) })] });
    // THEN
    const statements = roleStatements(synth(stack));
    const volumeKeyArn = { 'Fn::GetAtt': [stack.getLogicalId(volumeKey.node.defaultChild as kms.CfnKey), 'Arn'] };
    expect(kmsStatements(statements)).toEqual([...keyUse(SINGAPORE_KEY), ...keyUse(volumeKeyArn)]);
    expectNoWildcards(statements);
  });

  test('with an IKey the key ARN is rendered and granted (an imported key of the destination Region)', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'DrKey', SINGAPORE_KEY);
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKey: key })] });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: [Match.objectLike({ CrossRegionCopyRules: [Match.objectLike({ CmkArn: SINGAPORE_KEY })] })] }),
    });
    expect(kmsStatements(roleStatements(t))).toEqual(keyUse(SINGAPORE_KEY));
  });

  test('with a key of an environment-agnostic stack the key ARN is a reference and the grant follows it', () => {
    const stack = newStack({});
    const key = new kms.Key(stack, 'DrKey');
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKey: key })] });
    const t = synth(stack);
    const arn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrKey'), 'Arn'] };
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: [Match.objectLike({ CrossRegionCopyRules: [Match.objectLike({ CmkArn: arn })] })] }),
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith(keyUse(arn).map(s => Match.objectEquals(s))) },
    });
  });

  test('two schedules copying with the same key grant it once; two keys are granted each on its own', () => {
    const stack = newStack();
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [
        { ...daily, crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY })] },
        {
          ...daily,
          name: 'Weekly',
          retention: Retention.months(6),
          crossRegionCopies: [
            DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: SINGAPORE_KEY }),
            DrCopyRule.toRegion('eu-central-1', { encryptionKeyArn: FRANKFURT_KEY }),
          ],
        },
      ],
    });
    const statements = roleStatements(synth(stack));
    expect(kmsStatements(statements)).toEqual([...keyUse(SINGAPORE_KEY), ...keyUse(FRANKFURT_KEY)]);
    expectNoWildcards(statements);
  });

  test('a token Region is accepted and rendered as given', () => {
    const stack = newStack();
    const region = Lazy.string({ produce: () => 'ap-southeast-1' });
    snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion(region, { encryptionKeyArn: SINGAPORE_KEY })] });
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ Schedules: [Match.objectLike({ CrossRegionCopyRules: [Match.objectLike({ Target: 'ap-southeast-1' })] })] }),
    });
  });

  test('exposes its Region and retention', () => {
    const rule = DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) });
    expect(rule.region).toEqual('ap-southeast-1');
    expect(rule.retention?.toString()).toEqual('3 months');
  });
});

describe('DrCopyRule.toRegion validation', () => {
  test('at most 3 targets per schedule', () => {
    const stack = newStack();
    const copies = ['ap-southeast-1', 'eu-central-1', 'us-east-1', 'us-west-2'].map(r => DrCopyRule.toRegion(r));
    expect(() => snapshotPolicy(stack, { crossRegionCopies: copies }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies` must have at most 3 items, got "4 items"/);
  });

  test('no Region twice', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1'), DrCopyRule.toRegion('ap-southeast-1')] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[1\].destination` must not repeat another copy's destination, got "ap-southeast-1"/);
  });

  test('not the policy\'s own Region', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-south-1')] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].destination` must differ from the policy's own Region \(ap-south-1\), got "ap-south-1"/);
  });

  test('a Region, not anything else', () => {
    const stack = newStack();
    expect(() => new AmiPolicy(stack, 'Images', { schedules: [{ ...daily, crossRegionCopies: [DrCopyRule.toRegion('Singapore')] }] }))
      .toThrow(/\[Stack\/Images\] schedule `Daily`: `crossRegionCopies\[0\].destination` must be a Region like eu-west-1, got "Singapore"/);
  });

  test('the copies\' retention is at least 1', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.age(Duration.days(0)) })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].retention` must be an integer between 1 and 36500 days .*got 0/);
  });

  test('the copies\' retention is an age', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.count(3) })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].retention` must be an age .*got "Retention.count\(3\)"/);
  });

  test('the schedule keeps at least 1 snapshot when copying (an archiving schedule may keep 0)', () => {
    const stack = newStack();
    expect(() => new SnapshotPolicy(stack, 'Policy', {
      schedules: [{
        name: 'Monthly',
        cadence: Cadence.monthly(1),
        retention: Retention.count(0),
        archive: { retention: Retention.count(12) },
        crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1')],
      }],
    })).toThrow(/\[Stack\/Policy\] schedule `Monthly`: `retention` must keep at least 1 snapshot when copying across Regions, got "0 items"/);
  });

  test.each([
    [ResourceLocation.OUTPOST, SnapshotLocation.OUTPOST_LOCAL],
    [ResourceLocation.LOCAL_ZONE, SnapshotLocation.LOCAL_ZONE],
  ])('not from snapshots created on an Outpost or in a Local Zone (%s)', (resourceLocation, snapshotLocation) => {
    const stack = newStack();
    expect(() => new SnapshotPolicy(stack, 'Policy', {
      resourceLocation,
      schedules: [{ ...daily, snapshotLocation, crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1')] }],
    })).toThrow(new RegExp(`\\[Stack/Policy\\] schedule \`Daily\`: \`crossRegionCopies\` are not allowed for snapshots created on an Outpost or in a Local Zone, got "${snapshotLocation}"`));
  });

  test('AMI deprecation not longer than the copies\' retention', () => {
    const stack = newStack();
    expect(() => new AmiPolicy(stack, 'Images', {
      schedules: [{ ...daily, crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(1), deprecate: Retention.months(2) })] }],
    })).toThrow(/\[Stack\/Images\] schedule `Daily`: `crossRegionCopies\[0\].deprecate` must not be longer than the copies' retention \(1 month\), got "2 months"/);
  });

  test('AMI deprecation not longer than the schedule\'s retention when the copies have none', () => {
    const stack = newStack();
    expect(() => new AmiPolicy(stack, 'Images', {
      schedules: [{ ...daily, crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { deprecate: Retention.weeks(5) })] }],
    })).toThrow(/\[Stack\/Images\] schedule `Daily`: `crossRegionCopies\[0\].deprecate` must not be longer than the copies' retention \(4 weeks\), got "5 weeks"/);
  });

  test('deprecation only for AMI policies', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { deprecate: Retention.weeks(1) })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].deprecate` is only allowed for AMI policies/);
  });

  test('a key ARN must be a KMS key ARN', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: 'arn:aws:kms:ap-southeast-1:111111111111:alias/dr' })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].cmkArn` must be a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<id>\), got "arn:aws:kms:ap-southeast-1:111111111111:alias\/dr"/);
  });

  test('a key ARN must be in the destination Region', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: FRANKFURT_KEY })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossRegionCopies\[0\].cmkArn` must be a key in the destination Region ap-southeast-1, got "arn:aws:kms:eu-central-1:/);
  });

  test('an IKey must be in the destination Region', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LocalKey');
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKey: key })] }))
      .toThrow(/\[Stack\/Policy\] copy to ap-southeast-1: `encryptionKey` must be a key in the destination Region ap-southeast-1, got "ap-south-1"/);
  });

  test('an IKey must be a key, not an alias', () => {
    const stack = newStack();
    const alias = kms.Alias.fromAliasName(stack, 'Alias', 'alias/dr');
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKey: alias })] }))
      .toThrow(/\[Stack\/Policy\] copy to ap-southeast-1: `encryptionKey` must be a KMS key, not an alias: DLM takes key ARNs only .*got "alias\/dr"/);
  });

  test('a key or its ARN, not both', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'DrKey', SINGAPORE_KEY);
    expect(() => snapshotPolicy(stack, { crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKey: key, encryptionKeyArn: SINGAPORE_KEY })] }))
      .toThrow(/\[Stack\/Policy\] copy to ap-southeast-1: `encryptionKey` cannot be combined with `encryptionKeyArn` \(give the key or its ARN\), got "arn:aws:kms:ap-southeast-1:/);
  });
});

describe('DrCopyRule.toAccount (source side)', () => {
  test('renders the schedule\'s share rule with the account and the unshare period', () => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    // WHEN
    snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key, unshareAfter: Duration.days(2) })] });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({ ShareRules: [Match.objectEquals({ TargetAccounts: ['222222222222'], UnshareInterval: 2, UnshareIntervalUnit: 'DAYS' })] })],
      }),
    });
  });

  test('the key policy lets the destination account copy the shared snapshots, and nothing more', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key })] });
    const t = synth(stack);
    const vault = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } };
    const keys = Object.values(t.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(1);
    const statements = (keys[0] as any).Properties.KeyPolicy.Statement;
    // the first statement is aws-cdk-lib's default (the key's own account administers it)
    expect(statements.slice(1)).toEqual([
      {
        Sid: 'AllowCopyOfSharedSnapshotsBy222222222222',
        Effect: 'Allow',
        Principal: vault,
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
        Resource: '*',
      },
      {
        Sid: 'AllowGrantsForSharedSnapshotsBy222222222222',
        Effect: 'Allow',
        Principal: vault,
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
    expect(statements[0].Principal).toEqual({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } });
  });

  test('the execution role may share snapshots and use the source key, on that key only', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key })] });
    const statements = roleStatements(synth(stack));
    expect(kmsStatements(statements)).toEqual(keyUse({ 'Fn::GetAtt': [expect.stringMatching(/^VolumeKey/), 'Arn'] }));
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Action: ['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'] })]));
    expectNoWildcards(statements);
  });

  test('several accounts and `share` become one share rule', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    snapshotPolicy(stack, {
      share: { accounts: ['333333333333'], unshareAfter: Duration.days(7) },
      crossAccountCopies: [
        DrCopyRule.toAccount('222222222222', { sourceKey: key, unshareAfter: Duration.days(7) }),
        DrCopyRule.toAccount('444444444444', { sourceKey: key, unshareAfter: Duration.days(7) }),
      ],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          ShareRules: [Match.objectEquals({ TargetAccounts: ['333333333333', '222222222222', '444444444444'], UnshareInterval: 7, UnshareIntervalUnit: 'DAYS' })],
        })],
      }),
    });
    // one key-policy pair per destination account
    const statements = (Object.values(t.findResources('AWS::KMS::Key'))[0] as any).Properties.KeyPolicy.Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual([undefined, 'AllowCopyOfSharedSnapshotsBy222222222222', 'AllowGrantsForSharedSnapshotsBy222222222222',
      'AllowCopyOfSharedSnapshotsBy444444444444', 'AllowGrantsForSharedSnapshotsBy444444444444']);
  });

  test('one share used by two schedules extends the key policy and the role once', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    const share = DrCopyRule.toAccount('222222222222', { sourceKey: key });
    new SnapshotPolicy(stack, 'Policy', {
      schedules: [{ ...daily, crossAccountCopies: [share] }, { ...daily, name: 'Weekly', retention: Retention.months(6), crossAccountCopies: [share] }],
    });
    const t = synth(stack);
    expect((Object.values(t.findResources('AWS::KMS::Key'))[0] as any).Properties.KeyPolicy.Statement).toHaveLength(3);
    expect(kmsStatements(roleStatements(t))).toHaveLength(2);
    expect(share._bindings.map(b => b.scheduleName)).toEqual(['Daily', 'Weekly']);
  });

  test('an imported key cannot be changed here: a warning says what its key policy needs', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'VolumeKey', 'arn:aws:kms:ap-south-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const policy = snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key })] });
    synth(stack);
    const warnings = policy.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/\[Stack\/Policy\] `sourceKey` is imported, so its key policy cannot be changed here: allow account 222222222222 kms:Decrypt, .*kms:CreateGrant \(with kms:GrantIsForAWSResource\)/)]);
  });

  test('a user role gets the key statements too', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    const role = new iam.Role(stack, 'Mine', { assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com') });
    new SnapshotPolicy(stack, 'Policy', { role, schedules: [{ ...daily, crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key })] }] });
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Mine') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'] })]) },
    });
  });
});

describe('DrCopyRule.toAccount validation', () => {
  function share(accountId: string, unshareAfter?: Duration): ICrossAccountShare {
    return DrCopyRule.toAccount(accountId, { sourceKey: kms.Key.fromKeyArn(new Stack(testApp(), 'Keys', { env: MUMBAI }), 'K', 'arn:aws:kms:ap-south-1:111111111111:key/abc'), unshareAfter });
  }

  test('requires a customer-managed key', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', {} as any)] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`, copy to account 222222222222: `sourceKey` is required: snapshots encrypted with the default EBS key cannot be shared/);
  });

  test('refuses the default EBS key', () => {
    const stack = newStack();
    const ebs = kms.Alias.fromAliasName(stack, 'Ebs', 'alias/aws/ebs');
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: ebs })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`, copy to account 222222222222: `sourceKey` must be a customer-managed key: snapshots encrypted with an AWS managed key such as the default EBS key cannot be shared, got "alias\/aws\/ebs"/);
  });

  test('the key is in the policy\'s Region', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'K', SINGAPORE_KEY);
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [DrCopyRule.toAccount('222222222222', { sourceKey: key })] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`, copy to account 222222222222: `sourceKey` must be a key in the policy's Region ap-south-1, where it encrypts the source volumes, got "ap-southeast-1"/);
  });

  test('the account has 12 digits', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [share('22222222')] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossAccountCopies\[0\].accountId` must match a 12-digit AWS account ID, got "22222222"/);
  });

  test('not the policy\'s own account', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [share('111111111111')] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`, copy to account 111111111111: `accountId` must be another account than the policy's own, got "111111111111"/);
  });

  test('no account twice in the share rule', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { share: { accounts: ['222222222222'] }, crossAccountCopies: [share('222222222222')] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossAccountCopies\[0\].accountId` must not repeat an account of `share` or of another cross-account copy, got "222222222222"/);
  });

  test('unshare before the retention ends', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [share('222222222222', Duration.days(28))] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossAccountCopies\[0\].unshareAfter` must be shorter than the retention \(4 weeks\), got 28 days/);
  });

  test('unshare after whole days', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [share('222222222222', Duration.hours(12))] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossAccountCopies\[0\].unshareAfter` must be a whole number of days, at least 1, got 12 hours/);
  });

  test('one share rule: all accounts agree on the unshare period', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { crossAccountCopies: [share('222222222222', Duration.days(2)), share('333333333333', Duration.days(3))] }))
      .toThrow(/\[Stack\/Policy\] schedule `Daily`: `crossAccountCopies\[1\].unshareAfter` must equal `crossAccountCopies\[0\].unshareAfter` \(2 days\): a schedule has one share rule, so its accounts share one unshare period, got 3 days/);
  });

  test('one share rule: `share` and the cross-account copies agree on the unshare period', () => {
    const stack = newStack();
    expect(() => snapshotPolicy(stack, { share: { accounts: ['333333333333'] }, crossAccountCopies: [share('222222222222', Duration.days(2))] }))
      .toThrow(/`crossAccountCopies\[0\].unshareAfter` must equal `share.unshareAfter` \(never unshared\).*got 2 days/);
  });

  test('the schedule keeps at least 1 snapshot when sharing', () => {
    const stack = newStack();
    expect(() => new SnapshotPolicy(stack, 'Policy', {
      schedules: [{
        name: 'Monthly',
        cadence: Cadence.monthly(1),
        retention: Retention.count(0),
        archive: { retention: Retention.count(12) },
        crossAccountCopies: [share('222222222222')],
      }],
    })).toThrow(/\[Stack\/Policy\] schedule `Monthly`: `retention` must keep at least 1 snapshot when sharing, got "0 items"/);
  });

  test('snapshot policies only', () => {
    const stack = newStack();
    expect(() => new AmiPolicy(stack, 'Images', { schedules: [{ ...daily, crossAccountCopies: [share('222222222222')] } as any] }))
      .toThrow(/\[Stack\/Images\] schedule `Daily`: `crossAccountCopies` is only allowed for snapshot policies, not AMI policies/);
  });
});
