// The public names of the dlm layer, listed one by one: DLM rendering and rules live in
// private/ and are imported by path, never from the package root.
export { PolicyState } from './policy-base';
export type { ILifecyclePolicy, PolicyCommonProps } from './policy-base';
export { ResourceLocation, SnapshotPolicy, SnapshotResourceType } from './snapshot-policy';
export type { SnapshotPolicyProps, TargetedPolicyProps } from './snapshot-policy';
export { AmiPolicy } from './ami-policy';
export type { AmiPolicyProps } from './ami-policy';
export { DefaultPolicy, DefaultPolicyResourceType } from './default-policy';
export type { DefaultPolicyExclusions, DefaultPolicyProps } from './default-policy';
export { EbsVolumeType } from './ebs-volume-type';
export { SnapshotLocation } from './schedule';
export type {
  AmiScheduleProps, ArchiveOptions, FastRestoreOptions, ScheduleBaseProps, ShareOptions, SnapshotScheduleProps,
} from './schedule';
export { ScriptFailureAction, ScriptStage, SnapshotScript } from './script';
export type { ISnapshotScript, SnapshotScriptConfig, SsmDocumentScriptOptions, VssScriptOptions } from './script';
export type {
  CrossAccountShareBindOptions, CrossAccountShareConfig, CrossRegionCopyBindOptions, CrossRegionCopyConfig,
  ICrossAccountShare, ICrossRegionCopy,
} from './copy';
export { DrAccountShare, DrCopyRule } from './dr-copy-rule';
export type { DrAccountShareOptions, DrRegionCopyOptions } from './dr-copy-rule';
export { CrossAccountCopyPolicy } from './cross-account-copy-policy';
export type { CrossAccountCopyPolicyProps } from './cross-account-copy-policy';
