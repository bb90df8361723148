/**
 * A tier with a consistency hook compiles to one DLM policy per rung: DLM runs scripts for only
 * one schedule per policy ("LimitExceededException: ... You can specify up to 1 script(s) per
 * schedule for up to 1 schedule(s) per policy"), and `SnapshotPolicy` refuses more.
 */
import { Stack } from 'aws-cdk-lib';
import { BackupTier, SnapshotScript, TieredBackup } from '../../src';
import { synth, testApp } from '../harness';

const ENV = { account: '111111111111', region: 'us-east-1' };

function policies(stack: Stack): any[] {
  return Object.values(synth(stack).findResources('AWS::DLM::LifecyclePolicy')).map((r: any) => r.Properties);
}

describe('tiers with a consistency hook', () => {
  test('the database preset with a hook gets a policy per rung, each running the hook on its one schedule', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    // WHEN
    new TieredBackup(stack, 'Tiers', {
      tiers: [BackupTier.database('eu-west-1', { consistency: SnapshotScript.fromSsmDocument('my-mysql-freeze') })],
    });
    // THEN
    const rendered = policies(stack);
    expect(rendered.map(p => p.PolicyDetails.Schedules.map((s: any) => s.Name))).toEqual([['Every2Hours'], ['Daily'], ['Monthly']]);
    for (const p of rendered) {
      expect(p.PolicyDetails.ResourceTypes).toEqual(['INSTANCE']);
      expect(p.PolicyDetails.Schedules[0].CreateRule.Scripts).toEqual([expect.objectContaining({ ExecutionHandler: 'my-mysql-freeze' })]);
    }
  });

  test('a tier without a hook keeps its rungs together (up to 4 per policy)', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.database('eu-west-1')] });
    expect(policies(stack).map(p => p.PolicyDetails.Schedules.length)).toEqual([3]);
  });
});

describe('tiers with Windows VSS as the consistency hook', () => {
  // "If you enable a schedule for VSS Backups, you can't enable ... Copy tags from source."
  // https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
  test('compile to DLM schedules that do not copy tags', () => {
    const stack = new Stack(testApp(), 'Stack', { env: ENV });
    new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.development({ consistency: SnapshotScript.windowsVss() })] });
    const rendered = policies(stack);
    expect(rendered.flatMap(p => p.PolicyDetails.Schedules.map((s: any) => [s.CopyTags, s.CreateRule.Scripts[0].ExecutionHandler])))
      .toEqual(rendered.flatMap(p => p.PolicyDetails.Schedules.map(() => [undefined, 'AWS_VSS_BACKUP'])));
    expect(rendered.length).toBeGreaterThan(0);
  });
});
