/**
 * The dlm and common layers export their public names one by one: at run time each layer's
 * index holds exactly these classes and enums, and no helper (rules, rendering, patterns) that
 * only the library itself uses.
 */
import * as common from '../../src/common';
import * as dlm from '../../src/dlm';

describe('run-time exports of the layer indexes', () => {
  test('dlm: the policy constructs, value classes and enums, nothing else', () => {
    expect(Object.keys(dlm).sort()).toEqual([
      'AmiPolicy', 'CrossAccountCopyPolicy', 'DefaultPolicy', 'DefaultPolicyResourceType', 'DrAccountShare', 'DrCopyRule',
      'EbsVolumeType', 'PolicyState', 'ResourceLocation', 'ScriptFailureAction', 'ScriptStage', 'SnapshotLocation',
      'SnapshotPolicy', 'SnapshotResourceType', 'SnapshotScript',
    ]);
  });

  test('common: the engine-neutral values, nothing else', () => {
    expect(Object.keys(common).sort()).toEqual(['Cadence', 'Retention', 'RetentionUnit', 'Weekday']);
  });

  test.each([
    ['dlm', dlm], ['common', common],
  ])('every %s export is a class or an enum', (_layer, exports) => {
    for (const [name, value] of Object.entries(exports)) {
      const isClass = typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
      const isEnum = typeof value === 'object' && value !== null && Object.values(value).every(v => typeof v === 'string' || typeof v === 'number');
      expect({ name, isClassOrEnum: isClass || isEnum }).toEqual({ name, isClassOrEnum: true });
    }
  });
});
