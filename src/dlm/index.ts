export { ISnapshotPolicy, PolicyState, PolicyCommonProps, SnapshotPolicyBase } from './policy-base';
export { SnapshotPolicy, SnapshotPolicyProps, SnapshotResourceType, ResourceLocation, TargetedPolicyProps } from './snapshot-policy';
export { AmiPolicy, AmiPolicyProps } from './ami-policy';
export { DefaultPolicy, DefaultPolicyProps, DefaultPolicyResourceType, DefaultPolicyExclusions, EbsVolumeType } from './default-policy';
export {
  ScheduleBaseProps, SnapshotScheduleProps, AmiScheduleProps, SnapshotLocation,
  FastRestoreOptions, ArchiveOptions, ShareOptions,
} from './schedule';
export {
  ISnapshotScript, SnapshotScript, SnapshotScriptConfig, ScriptStage, ScriptFailureAction,
  SsmDocumentScriptOptions, VssScriptOptions,
} from './script';
export { ICrossRegionCopy, CrossRegionCopyConfig, CrossRegionCopyBindOptions } from './copy';
