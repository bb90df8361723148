/**
 * The DLM API model's patterns and the library's own keys (tag keys, warning ids), each written
 * once for the dlm layer. NOT exported from the package.
 */
import { Token } from 'aws-cdk-lib';
import { Where } from '../../common/validation';

/** DLM's charset for descriptions and names (`[0-9A-Za-z _-]+`). */
export const DLM_NAME = /^[0-9A-Za-z _-]+$/;

/** The DLM API model's `PolicyId`: `^policy-[a-f0-9]+$`, at most 64 characters. */
export const POLICY_ID = /^policy-[a-f0-9]+$/;

/** The DLM API model's `PolicyArn`, at most 2048 characters. */
export const POLICY_ARN = /^arn:aws(-[a-z]{1,3}){0,2}:dlm:[A-Za-z0-9_/.-]{0,63}:\d+:policy\/[0-9A-Za-z_-]{1,128}$/;

/** The DLM API model's `ExecutionRoleArn`. */
export const ROLE_ARN = /^arn:aws(-[a-z]{1,3}){0,2}:iam::\d+:role\//;

/** A Region name (`eu-west-1`, `us-gov-west-1`). */
export const REGION = /^([a-z]+-){2,3}\d$/;

/** The DLM API model's `CmkArn`, with the Region captured (group 2). */
export const KMS_KEY_ARN = /^arn:aws(-[a-z]{1,3}){0,2}:kms:((?:[a-z]+-){2,3}\d):\d+:key\/.+$/;

/** An Outpost ARN (the `Target` of a snapshot copy to an Outpost). */
export const OUTPOST_ARN = /^arn:aws(-[a-z]{1,3}){0,2}:outposts:([a-z]+-){2,3}\d:\d{12}:outpost\/op-[a-f0-9]+$/;

/**
 * An EC2 `VolumeType` value: today `standard`, `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1`; AWS adds
 * types, so any lowercase name of letters and digits (the DLM API model's `VolumeTypeValues` has
 * no pattern).
 */
export const VOLUME_TYPE = /^[a-z][a-z0-9]*$/;

/** The tag key of the default target tag of a custom policy. */
export const DEFAULT_TARGET_TAG_KEY = 'cdk-tiered-backup:policy';

/** The ids of the warnings the dlm layer adds (acknowledge them with `Annotations`). */
export const WARNINGS = {
  /** Two custom policies of the same kind share a target tag. */
  overlappingTargetTags: 'cdk-tiered-backup:overlapping-target-tags',
  /** An age shorter than the time between snapshots. */
  retentionShorterThanCadence: 'cdk-tiered-backup:retention-shorter-than-cadence',
  /** A cross-account copy policy names its own account among the snapshot owners. */
  ownAccountSource: 'cdk-tiered-backup:own-account-source',
  /** An imported source key whose key policy cannot be extended. */
  sharedKeyPolicy: 'cdk-tiered-backup:shared-key-policy',
} as const;

/**
 * Checks a copy's `CmkArn`: the DLM API model's pattern, at most 2048 characters, and a key in
 * the destination Region when that is a Region known at synth. Tokens pass.
 */
export function checkCopyKeyArn(where: Where, prop: string, cmkArn: string | undefined, destination: string): void {
  if (cmkArn === undefined || Token.isUnresolved(cmkArn)) return;
  const key = KMS_KEY_ARN.exec(cmkArn);
  if (!key || cmkArn.length > 2048) where.fail(prop, 'must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)', cmkArn);
  if (!Token.isUnresolved(destination) && REGION.test(destination) && key[2] !== destination) {
    where.fail(prop, `must be a key in the destination Region ${destination}`, cmkArn);
  }
}
