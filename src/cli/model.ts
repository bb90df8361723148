/**
 * The DLM policy as the CLI handles it: the API's JSON shape (PascalCase members, as
 * GetLifecyclePolicy returns them), the conversion from a CloudFormation
 * `AWS::DLM::LifecyclePolicy` resource to that shape, and the defaults DLM fills in.
 *
 * Part of the `cdk-tiered-backup` bin only: nothing here is exported from `src/index.ts`.
 */

/** Any JSON value. */
export type Json = string | number | boolean | null | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: Json | undefined;
}

/** A policy as `GetLifecyclePolicy` returns it (timestamps as ISO strings). */
export interface DeployedPolicy {
  readonly PolicyId: string;
  readonly Description?: string;
  readonly State?: string;
  readonly StatusMessage?: string;
  readonly ExecutionRoleArn?: string;
  readonly DateCreated?: string;
  readonly DateModified?: string;
  readonly PolicyDetails?: JsonObject;
  readonly Tags?: { readonly [key: string]: string };
  readonly PolicyArn?: string;
  readonly DefaultPolicy?: boolean;
}

/** The part of a policy that the template decides, in the API's shape. */
export interface PolicyShape {
  readonly Description?: Json;
  readonly State?: Json;
  readonly ExecutionRoleArn?: Json;
  readonly PolicyDetails?: JsonObject;
  readonly DefaultPolicy: boolean;
}

/** The tags CloudFormation puts on the resources it creates. */
export const CFN_STACK_NAME_TAG = 'aws:cloudformation:stack-name';
/** The logical ID of the resource in its stack. */
export const CFN_LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';

/** The members of a default policy that CloudFormation takes at the top level (DLM's "simplified" policy language). */
const SIMPLIFIED_MEMBERS = ['CreateInterval', 'RetainInterval', 'CopyTags', 'ExtendDeletion', 'Exclusions', 'CrossRegionCopyTargets'];

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The API shape of an `AWS::DLM::LifecyclePolicy`'s properties. Default policies carry their
 * settings at the top level in CloudFormation and inside `PolicyDetails` (with
 * `PolicyLanguage: SIMPLIFIED`) in the API; custom policies have the same `PolicyDetails` in both.
 * Intrinsic functions are left as they are.
 */
export function apiShapeOfTemplate(properties: JsonObject): PolicyShape {
  const defaultType = properties.DefaultPolicy;
  if (defaultType === undefined) {
    return {
      Description: properties.Description,
      State: properties.State,
      ExecutionRoleArn: properties.ExecutionRoleArn,
      PolicyDetails: isObject(properties.PolicyDetails) ? properties.PolicyDetails : undefined,
      DefaultPolicy: false,
    };
  }
  const details: JsonObject = {
    PolicyLanguage: 'SIMPLIFIED',
    PolicyType: defaultType === 'INSTANCE' ? 'IMAGE_MANAGEMENT' : 'EBS_SNAPSHOT_MANAGEMENT',
    ResourceType: defaultType,
  };
  for (const member of SIMPLIFIED_MEMBERS) {
    if (properties[member] !== undefined) details[member] = properties[member];
  }
  return {
    Description: properties.Description,
    State: properties.State,
    ExecutionRoleArn: properties.ExecutionRoleArn,
    PolicyDetails: details,
    DefaultPolicy: true,
  };
}

/** The API shape of a deployed policy (its template-decided part). */
export function apiShapeOfDeployed(policy: DeployedPolicy): PolicyShape {
  return {
    Description: policy.Description,
    State: policy.State,
    ExecutionRoleArn: policy.ExecutionRoleArn,
    PolicyDetails: policy.PolicyDetails,
    DefaultPolicy: policy.DefaultPolicy === true || policy.PolicyDetails?.PolicyLanguage === 'SIMPLIFIED',
  };
}

/**
 * `details` with every member DLM defaults filled in with its default, so that a template that
 * leaves a member out and an account that reports its default compare equal. The defaults are
 * those the DLM API reference documents for each member. Returns a copy.
 */
export function withDlmDefaults(details: JsonObject | undefined, defaultPolicy: boolean): JsonObject {
  const d: JsonObject = clone(details ?? {});
  if (defaultPolicy) {
    fill(d, 'PolicyLanguage', 'SIMPLIFIED');
    fill(d, 'PolicyType', d.ResourceType === 'INSTANCE' ? 'IMAGE_MANAGEMENT' : 'EBS_SNAPSHOT_MANAGEMENT');
    fill(d, 'CreateInterval', 1);
    fill(d, 'RetainInterval', 7);
    fill(d, 'CopyTags', false);
    fill(d, 'ExtendDeletion', false);
    return d;
  }
  fill(d, 'PolicyLanguage', 'STANDARD');
  fill(d, 'PolicyType', 'EBS_SNAPSHOT_MANAGEMENT');
  const type = d.PolicyType;
  if (type === 'EBS_SNAPSHOT_MANAGEMENT') {
    fill(d, 'ResourceLocations', ['CLOUD']);
    if (Array.isArray(d.ResourceTypes) && d.ResourceTypes.includes('INSTANCE')) {
      const parameters = isObject(d.Parameters) ? d.Parameters : {};
      fill(parameters, 'ExcludeBootVolume', false);
      d.Parameters = parameters;
    }
  }
  if (type === 'IMAGE_MANAGEMENT') {
    const parameters = isObject(d.Parameters) ? d.Parameters : {};
    fill(parameters, 'NoReboot', true);
    d.Parameters = parameters;
  }
  if (type !== 'EVENT_BASED_POLICY' && Array.isArray(d.Schedules)) {
    for (const schedule of d.Schedules) {
      if (!isObject(schedule)) continue;
      fill(schedule, 'CopyTags', false);
      const create = schedule.CreateRule;
      if (isObject(create)) {
        if (type === 'EBS_SNAPSHOT_MANAGEMENT') fill(create, 'Location', 'CLOUD');
        if (Array.isArray(create.Scripts)) create.Scripts.forEach(s => isObject(s) && fillScriptDefaults(s));
      }
      for (const copy of Array.isArray(schedule.CrossRegionCopyRules) ? schedule.CrossRegionCopyRules : []) {
        if (isObject(copy)) fill(copy, 'CopyTags', false);
      }
    }
  }
  return d;
}

function fillScriptDefaults(script: JsonObject): void {
  fill(script, 'ExecutionHandlerService', 'AWS_SYSTEMS_MANAGER');
  if (script.ExecutionHandler !== 'AWS_VSS_BACKUP') {
    fill(script, 'Stages', ['PRE', 'POST']);
    fill(script, 'ExecutionTimeout', 10);
  }
  fill(script, 'MaximumRetryCount', 0);
  fill(script, 'ExecuteOperationOnScriptFailure', true);
}

function fill(target: JsonObject, key: string, value: Json): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

/** A deep copy of a JSON value. */
export function clone<T extends Json | undefined>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Tags as a map, from CloudFormation's `[{ Key, Value }]` list (non-literal entries are left out). */
export function tagMap(tags: Json | undefined): { [key: string]: string } {
  const map: { [key: string]: string } = {};
  if (!Array.isArray(tags)) return map;
  for (const tag of tags) {
    if (isObject(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string') map[tag.Key] = tag.Value;
  }
  return map;
}
