import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { FixedCopy } from './fixtures';
import { AmiPolicy, Cadence, Retention, Weekday } from '../../src';
import { synth, testApp } from '../harness';

describe('AmiPolicy', () => {
  test('renders IMAGE_MANAGEMENT on instances with NoReboot and a deprecate rule', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack');
    // WHEN
    new AmiPolicy(stack, 'Images', {
      targetTags: { golden: 'web' },
      noReboot: false,
      schedules: [{
        name: 'Weekly',
        cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }),
        retention: Retention.count(4),
        deprecate: Retention.count(2),
        variableTags: { source: '$(instance-id)' },
      }],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Description: 'AMI policy Stack Images',
      PolicyDetails: Match.objectEquals({
        PolicyType: 'IMAGE_MANAGEMENT',
        ResourceTypes: ['INSTANCE'],
        TargetTags: [{ Key: 'golden', Value: 'web' }],
        Parameters: { NoReboot: false },
        Schedules: [{
          Name: 'Weekly',
          CreateRule: { CronExpression: 'cron(0 3 ? * SUN *)' },
          RetainRule: { Count: 4 },
          DeprecateRule: { Count: 2 },
          VariableTags: [{ Key: 'source', Value: '$(instance-id)' }],
        }],
      }),
    });
  });

  test('cross-region copies render TargetRegion, always encrypted, with copy retention and deprecation', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'ap-south-1' } });
    const copy = new FixedCopy({
      destination: 'ap-southeast-1',
      cmkArn: 'arn:aws:kms:ap-southeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      copyTags: true,
      retention: Retention.months(3),
      deprecate: Retention.months(1),
    });
    // WHEN
    new AmiPolicy(stack, 'Images', {
      schedules: [{ cadence: Cadence.daily(), retention: Retention.months(6), deprecate: Retention.months(2), crossRegionCopies: [copy] }],
    });
    // THEN
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({
        Schedules: [Match.objectLike({
          CrossRegionCopyRules: [{
            TargetRegion: 'ap-southeast-1',
            Encrypted: true,
            CmkArn: 'arn:aws:kms:ap-southeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            CopyTags: true,
            RetainRule: { Interval: 3, IntervalUnit: 'MONTHS' },
            DeprecateRule: { Interval: 1, IntervalUnit: 'MONTHS' },
          }],
        })],
      }),
    });
    expect(copy.bound).toHaveLength(1);
    expect(copy.bound[0].copiesImages).toBe(true);
    const actions = Object.values(t.findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['ec2:CreateImage', 'ec2:CopyImage', 'ec2:DeregisterImage', 'ec2:EnableImageDeprecation']));
    expect(actions).not.toContain('ec2:CreateSnapshot');
  });

  test('useAwsManagedPolicy attaches the AMI managed policy', () => {
    const stack = new Stack(testApp(), 'Stack');
    new AmiPolicy(stack, 'Images', { useAwsManagedPolicy: true, schedules: [{ cadence: Cadence.daily(), retention: Retention.count(3) }] });
    synth(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRoleForAMIManagement']] }],
    });
  });
});

describe('copy key checks', () => {
  test.each([
    ['not-a-key', /`crossRegionCopies\[0\].cmkArn` must be a KMS key ARN .*got "not-a-key"/],
    ['arn:aws:kms:eu-west-1:111111111111:key/abc', /`crossRegionCopies\[0\].cmkArn` must be a key in the destination Region ap-southeast-1, got "arn:aws:kms:eu-west-1:111111111111:key\/abc"/],
  ])('cmkArn %s is refused', (cmkArn, message) => {
    const stack = new Stack(testApp(), 'Stack');
    expect(() => new AmiPolicy(stack, 'Images', {
      schedules: [{ cadence: Cadence.daily(), retention: Retention.count(3), crossRegionCopies: [new FixedCopy({ destination: 'ap-southeast-1', cmkArn })] }],
    })).toThrow(message);
  });
});
