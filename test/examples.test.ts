import { synth, testApp } from './harness';
import { buildExample } from '../examples/tiered-backup';

// Whole-template snapshots are kept for the documented example app only; everything else is
// asserted property by property.
describe('examples/tiered-backup.ts', () => {
  test('synthesizes a conforming template that matches the snapshot', () => {
    // GIVEN / WHEN
    const stack = buildExample(testApp());
    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', 4);
    expect(template.toJSON()).toMatchSnapshot();
  });
});
