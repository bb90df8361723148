import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { synth, testApp } from './harness';
import { buildExample } from '../examples/tiered-backup';

// Whole-template snapshots are kept for the documented example apps only; everything else is
// asserted property by property.
describe('examples/tiered-backup.ts', () => {
  test('the four tiers across both engines, conforming, with no coverage gap, matching the snapshot', () => {
    // GIVEN / WHEN
    const app = testApp();
    const stack = buildExample(app);
    // THEN
    const template = synth(stack); // every stack of the app conforms
    // one per tier (3, 1 and 1 rungs), and one per rung of the database tier: its MySQL hook runs
    // on every rung, and DLM runs scripts for one schedule per policy
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 6);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1); // the database tier, for PostgreSQL on RDS
    template.hasResourceProperties('AWS::DLM::LifecyclePolicy', {
      PolicyDetails: Match.objectLike({ ResourceTypes: ['INSTANCE'], TargetTags: [{ Key: 'backup-tier', Value: 'database' }] }),
    });
    for (const s of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
      Annotations.fromStack(s).hasNoError('*', Match.anyValue());
    }
    expect(template.toJSON()).toMatchSnapshot();
  });
});
