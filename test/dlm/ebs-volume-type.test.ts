import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ALL_VOLUME_TYPES } from './fixtures';
import { DefaultPolicy, DefaultPolicyResourceType, EbsVolumeType } from '../../src';
import { synth, testApp } from '../harness';

function excluding(...types: EbsVolumeType[]): Stack {
  const stack = new Stack(testApp(), 'Stack');
  new DefaultPolicy(stack, 'P', { resourceType: DefaultPolicyResourceType.VOLUME, exclusions: { excludeVolumeTypes: types } });
  return stack;
}

describe('EbsVolumeType', () => {
  test('the constants are today\'s EC2 volume types, by their EC2 names', () => {
    expect(ALL_VOLUME_TYPES.map(t => t.name)).toEqual(['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']);
    expect(ALL_VOLUME_TYPES.map(t => String(t))).toEqual(['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']);
  });

  test('of() names a type AWS adds later, and a default policy excludes it', () => {
    // GIVEN
    const future = EbsVolumeType.of('gp4');
    // WHEN
    const stack = excluding(future, EbsVolumeType.SC1);
    // THEN
    expect(future.name).toBe('gp4');
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Exclusions: Match.objectLike({ ExcludeVolumeTypes: ['gp4', 'sc1'] }),
    });
  });

  test('of() with a known name renders like the constant', () => {
    synth(excluding(EbsVolumeType.of('io2'))).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Exclusions: Match.objectLike({ ExcludeVolumeTypes: ['io2'] }),
    });
  });

  test.each([
    ['upper case', 'GP3'],
    ['a space', 'gp 3'],
    ['a leading digit', '3gp'],
    ['a hyphen', 'gp-3'],
  ])('a name with %s is refused where it is used', (_label, name) => {
    expect(() => excluding(EbsVolumeType.of(name))).toThrow(
      `[Stack/P] \`exclusions.excludeVolumeTypes\` must match an EC2 volume type: lowercase letters and digits, starting with a letter (gp3, io2, standard, ...), got ${JSON.stringify(name)}`);
  });

  test('an empty name is refused', () => {
    expect(() => excluding(EbsVolumeType.of(''))).toThrow(
      '[Stack/P] `exclusions.excludeVolumeTypes` must be at least 1 characters long, got ""');
  });

  test('a token name is accepted', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack');
    const name = new CfnParameter(stack, 'VolumeType').valueAsString;
    // WHEN
    new DefaultPolicy(stack, 'P', { resourceType: DefaultPolicyResourceType.VOLUME, exclusions: { excludeVolumeTypes: [EbsVolumeType.of(name)] } });
    // THEN
    synth(stack).hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      Exclusions: Match.objectLike({ ExcludeVolumeTypes: [{ Ref: 'VolumeType' }] }),
    });
  });
});
