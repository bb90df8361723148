import { Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { FixedCopy } from './fixtures';
import { DefaultPolicy, DefaultPolicyResourceType, EbsVolumeType } from '../../src';
import { synth, testApp } from '../harness';

describe('DefaultPolicy', () => {
  test('a VOLUME default policy renders the top-level default-policy properties', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    // WHEN
    new DefaultPolicy(stack, 'Volumes', {
      resourceType: DefaultPolicyResourceType.VOLUME,
      createInterval: Duration.days(2),
      retainInterval: Duration.days(10),
      copyTags: true,
      extendDeletion: true,
      exclusions: { excludeBootVolumes: true, excludeVolumeTypes: [EbsVolumeType.SC1, EbsVolumeType.ST1], excludeTags: { backup: 'no' } },
      crossRegionCopies: [new FixedCopy({ destination: 'us-west-2' })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', Match.objectEquals({
      DefaultPolicy: 'VOLUME',
      Description: 'Default policy Stack Volumes',
      State: 'ENABLED',
      ExecutionRoleArn: Match.anyValue(),
      CreateInterval: 2,
      RetainInterval: 10,
      CopyTags: true,
      ExtendDeletion: true,
      Exclusions: { ExcludeBootVolumes: true, ExcludeVolumeTypes: ['sc1', 'st1'], ExcludeTags: [{ Key: 'backup', Value: 'no' }] },
      CrossRegionCopyTargets: [{ TargetRegion: 'us-west-2' }],
    }));
  });

  test('an INSTANCE default policy with DLM defaults renders only what is given', () => {
    const stack = new Stack(testApp(), 'Stack');
    new DefaultPolicy(stack, 'Instances', { resourceType: DefaultPolicyResourceType.INSTANCE });
    const t = synth(stack);
    t.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      DefaultPolicy: 'INSTANCE',
      CreateInterval: Match.absent(),
      RetainInterval: Match.absent(),
      PolicyDetails: Match.absent(),
    });
    const actions = Object.values(t.findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toContain('ec2:CreateImage');
  });

  test('one VOLUME and one INSTANCE default policy may coexist', () => {
    const stack = new Stack(testApp(), 'Stack');
    new DefaultPolicy(stack, 'V', { resourceType: DefaultPolicyResourceType.VOLUME });
    new DefaultPolicy(stack, 'I', { resourceType: DefaultPolicyResourceType.INSTANCE });
    synth(stack).resourceCountIs('AWS::DLM::LifecyclePolicy', 2);
  });
});
