/**
 * The restore drill's state machine, in the Amazon States Language (JSONPath: the local
 * interpreter the tests execute it with runs no JSONata). AWS SDK service integrations only.
 *
 * Flow: record the start (DrillStarted) -> find the policy's completed snapshots, a page at a
 * time -> pick the newest (a loop comparing StartTime with a Choice, since JSONPath cannot
 * sort) -> create a
 * tagged volume in the drill's Availability Zone -> poll until `available` (bounded, each poll
 * adds its wait to the measured seconds) -> optionally attach it to the drill instance, run the
 * validation command and poll it (bounded) -> detach, delete -> publish RestoreSeconds and
 * RestoreSucceeded=1. Every failure after the volume exists goes through Cleanup (detach if
 * attached, delete), then PublishFailure (RestoreSucceeded=0), then the Fail state.
 */
import { METRIC_DRILL_STARTED, METRIC_RESTORE_SECONDS, METRIC_RESTORE_SUCCEEDED, TIER_DIMENSION } from '../metric-names';

/** What the definition is built from (values may be CDK tokens: it is rendered with toJsonString). */
export interface DrillDefinitionOptions {
  /** The DLM policy IDs whose snapshots are restored (their `aws:dlm:lifecycle-policy-id` tag). */
  readonly policyIds: string[];
  /** Only snapshots of this source volume. */
  readonly sourceVolumeId?: string;
  readonly availabilityZone: string;
  readonly volumeType: string;
  /** The tag every drill volume carries (the IAM conditions key on it). */
  readonly tagKey: string;
  readonly tagValue: string;
  readonly namespace: string;
  /** The `Tier` dimension's value. */
  readonly tierName: string;
  /** Seconds between two polls of the volume's state. */
  readonly pollSeconds: number;
  /** Polls before the drill gives up on the volume. */
  readonly maxPolls: number;
  readonly validation?: DrillValidationStep;
}

/** The validation step: an SSM Run Command document run on the drill instance. */
export interface DrillValidationStep {
  readonly documentName: string;
  readonly instanceId: string;
  readonly device: string;
  /** Parameters besides `volumeId`, which the drill passes. */
  readonly parameters: { [name: string]: string[] };
  readonly pollSeconds: number;
  readonly maxPolls: number;
  /** Run Command's delivery timeout. */
  readonly timeoutSeconds: number;
}


/** The error names the drill's own checks raise (visible in the execution's failure). */
export const DrillErrors = {
  NO_SNAPSHOT: 'RestoreDrill.NoSnapshot',
  VOLUME_ERROR: 'RestoreDrill.VolumeError',
  VOLUME_TIMEOUT: 'RestoreDrill.VolumeTimeout',
  VALIDATION_FAILED: 'RestoreDrill.ValidationFailed',
  VALIDATION_TIMEOUT: 'RestoreDrill.ValidationTimeout',
} as const;

/**
 * EC2 errors as Step Functions' AWS SDK integrations name them (`<Service>.<Error>Exception`).
 * EC2's API models no exception shapes, so most EC2 errors (throttling included) arrive as the
 * generic `Ec2.Ec2Exception` with the EC2 error code in the cause; both are retried.
 */
const EC2_RETRYABLE = ['Ec2.RequestLimitExceededException', 'Ec2.Ec2Exception'];

function retry(errors: string[], intervalSeconds: number, maxAttempts: number, backoffRate: number): object {
  return { ErrorEquals: errors, IntervalSeconds: intervalSeconds, MaxAttempts: maxAttempts, BackoffRate: backoffRate, JitterStrategy: 'FULL' };
}

const EC2_RETRY = retry(EC2_RETRYABLE, 2, 5, 2);
/** Deleting waits out a detach that is still under way (VolumeInUse): about 3.5 minutes in all. */
const DELETE_RETRY = retry(EC2_RETRYABLE, 10, 6, 1.5);
/** DescribeSnapshots page size: a page of DLM snapshots (with their tags) stays well under 256 KiB. */
export const SNAPSHOT_PAGE = 100;

const ANY_TASK_RETRY = retry(['States.TaskFailed'], 2, 3, 2);

function catchTo(next: string, resultPath = '$.error'): object[] {
  return [{ ErrorEquals: ['States.ALL'], Next: next, ResultPath: resultPath }];
}

function sdk(service: string, action: string): string {
  return `arn:aws:states:::aws-sdk:${service}:${action}`;
}

/** The state names the tests override and assert on. */
export const States = {
  RECORD_START: 'RecordStart',
  FIND_SNAPSHOTS: 'FindSnapshots',
  FIND_MORE_SNAPSHOTS: 'FindMoreSnapshots',
  CREATE_VOLUME: 'CreateVolume',
  WAIT_FOR_VOLUME: 'WaitForVolume',
  DESCRIBE_VOLUME: 'DescribeVolume',
  ATTACH_VOLUME: 'AttachVolume',
  RUN_VALIDATION: 'RunValidation',
  WAIT_FOR_VALIDATION: 'WaitForValidation',
  GET_VALIDATION: 'GetValidation',
  DETACH_VOLUME: 'DetachVolume',
  DELETE_VOLUME: 'DeleteVolume',
  PUBLISH_SUCCESS: 'PublishSuccess',
  DETACH_FOR_CLEANUP: 'DetachForCleanup',
  DELETE_FOR_CLEANUP: 'DeleteForCleanup',
  PUBLISH_FAILURE: 'PublishFailure',
} as const;

/** The state machine definition (an ASL object; CDK tokens inside are rendered by the caller). */
export function drillDefinition(o: DrillDefinitionOptions): { [key: string]: unknown } {
  const dimensions = [{ Name: TIER_DIMENSION, Value: o.tierName }];
  const v = o.validation;
  const afterAvailable = v ? States.ATTACH_VOLUME : States.DELETE_VOLUME;
  const filters: object[] = [
    { Name: 'tag:aws:dlm:lifecycle-policy-id', Values: o.policyIds },
    { Name: 'status', Values: ['completed'] },
  ];
  if (o.sourceVolumeId !== undefined) filters.push({ Name: 'volume-id', Values: [o.sourceVolumeId] });
  const fail = (name: string, error: string, cause: object): object => ({
    [name]: { Type: 'Pass', Parameters: { Error: error, ...cause }, ResultPath: '$.error', Next: 'Cleanup' },
  });

  const states: { [name: string]: unknown } = {
    Start: {
      Type: 'Pass',
      Comment: 'The measured time: the waits of the volume and validation polls, added up',
      Parameters: { elapsedSeconds: 0, volumePolls: 0, validationPolls: 0 },
      ResultPath: '$.clock',
      Next: States.RECORD_START,
    },
    [States.RECORD_START]: {
      Type: 'Task',
      Comment: 'A heartbeat: the missed-drill alarm watches it',
      Resource: sdk('cloudwatch', 'putMetricData'),
      Parameters: {
        Namespace: o.namespace,
        MetricData: [{ MetricName: METRIC_DRILL_STARTED, Dimensions: dimensions, Value: 1, Unit: 'Count' }],
      },
      ResultPath: null,
      Retry: [ANY_TASK_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE),
      Next: 'InitScan',
    },
    InitScan: {
      Type: 'Pass',
      Comment: 'The newest snapshot so far: none (older than any snapshot)',
      Parameters: { best: { id: '', time: '1970-01-01T00:00:00Z' }, next: 0, count: 0 },
      ResultPath: '$.scan',
      Next: States.FIND_SNAPSHOTS,
    },
    [States.FIND_SNAPSHOTS]: {
      Type: 'Task',
      Comment: `Pages of ${SNAPSHOT_PAGE} keep each state's data under Step Functions' 256 KiB limit`,
      Resource: sdk('ec2', 'describeSnapshots'),
      Parameters: { OwnerIds: ['self'], Filters: filters, MaxResults: SNAPSHOT_PAGE },
      ResultPath: '$.page',
      Retry: [EC2_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE),
      Next: 'StartPage',
    },
    [States.FIND_MORE_SNAPSHOTS]: {
      Type: 'Task',
      Resource: sdk('ec2', 'describeSnapshots'),
      Parameters: { 'OwnerIds': ['self'], 'Filters': filters, 'MaxResults': SNAPSHOT_PAGE, 'NextToken.$': '$.page.NextToken' },
      ResultPath: '$.page',
      Retry: [EC2_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE),
      Next: 'StartPage',
    },
    StartPage: {
      Type: 'Pass',
      Parameters: { 'best.$': '$.scan.best', 'next': 0, 'count.$': 'States.ArrayLength($.page.Snapshots)' },
      ResultPath: '$.scan',
      Next: 'MoreCandidates',
    },
    MoreCandidates: {
      Type: 'Choice',
      Choices: [{ Variable: '$.scan.next', NumericEqualsPath: '$.scan.count', Next: 'PageDone' }],
      Default: 'Candidate',
    },
    Candidate: {
      Type: 'Pass',
      Parameters: { 'snapshot.$': 'States.ArrayGetItem($.page.Snapshots, $.scan.next)' },
      ResultPath: '$.candidate',
      Next: 'IsNewer',
    },
    IsNewer: {
      Type: 'Choice',
      Comment: 'JSONPath cannot sort, and DescribeSnapshots returns no particular order',
      Choices: [{ Variable: '$.candidate.snapshot.StartTime', TimestampGreaterThanPath: '$.scan.best.time', Next: 'TakeCandidate' }],
      Default: 'SkipCandidate',
    },
    TakeCandidate: {
      Type: 'Pass',
      Parameters: {
        'best': { 'id.$': '$.candidate.snapshot.SnapshotId', 'time.$': '$.candidate.snapshot.StartTime' },
        'next.$': 'States.MathAdd($.scan.next, 1)',
        'count.$': '$.scan.count',
      },
      ResultPath: '$.scan',
      Next: 'MoreCandidates',
    },
    SkipCandidate: {
      Type: 'Pass',
      Parameters: { 'best.$': '$.scan.best', 'next.$': 'States.MathAdd($.scan.next, 1)', 'count.$': '$.scan.count' },
      ResultPath: '$.scan',
      Next: 'MoreCandidates',
    },
    PageDone: {
      Type: 'Choice',
      Choices: [{ Variable: '$.page.NextToken', IsPresent: true, Next: States.FIND_MORE_SNAPSHOTS }],
      Default: 'AnySnapshot',
    },
    AnySnapshot: {
      Type: 'Choice',
      Choices: [{ Variable: '$.scan.best.id', StringEquals: '', Next: 'NoSnapshot' }],
      Default: States.CREATE_VOLUME,
    },
    NoSnapshot: {
      Type: 'Pass',
      Parameters: { Error: DrillErrors.NO_SNAPSHOT, Cause: 'No completed snapshot made by the drilled DLM policies was found' },
      ResultPath: '$.error',
      Next: States.PUBLISH_FAILURE,
    },
    [States.CREATE_VOLUME]: {
      Type: 'Task',
      Comment: 'Idempotent across retries: the client token is derived from the execution',
      Resource: sdk('ec2', 'createVolume'),
      Parameters: {
        'SnapshotId.$': '$.scan.best.id',
        'AvailabilityZone': o.availabilityZone,
        'VolumeType': o.volumeType,
        'ClientToken.$': "States.Hash($$.Execution.Id, 'MD5')",
        'TagSpecifications': [{ ResourceType: 'volume', Tags: [{ Key: o.tagKey, Value: o.tagValue }] }],
      },
      ResultSelector: { 'VolumeId.$': '$.VolumeId' },
      ResultPath: '$.volume',
      Retry: [EC2_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE),
      Next: States.WAIT_FOR_VOLUME,
    },
    [States.WAIT_FOR_VOLUME]: { Type: 'Wait', Seconds: o.pollSeconds, Next: States.DESCRIBE_VOLUME },
    [States.DESCRIBE_VOLUME]: {
      Type: 'Task',
      Resource: sdk('ec2', 'describeVolumes'),
      Parameters: { 'VolumeIds.$': 'States.Array($.volume.VolumeId)' },
      ResultSelector: { 'state.$': '$.Volumes[0].State' },
      ResultPath: '$.volumeState',
      Retry: [EC2_RETRY],
      Catch: catchTo('Cleanup'),
      Next: 'CountVolumePoll',
    },
    CountVolumePoll: {
      Type: 'Pass',
      Parameters: {
        'elapsedSeconds.$': `States.MathAdd($.clock.elapsedSeconds, ${o.pollSeconds})`,
        'volumePolls.$': 'States.MathAdd($.clock.volumePolls, 1)',
        'validationPolls.$': '$.clock.validationPolls',
      },
      ResultPath: '$.clock',
      Next: 'VolumeReady',
    },
    VolumeReady: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.volumeState.state', StringEquals: 'available', Next: afterAvailable },
        { Variable: '$.volumeState.state', StringEquals: 'error', Next: 'VolumeFailed' },
        { Variable: '$.clock.volumePolls', NumericGreaterThanEquals: o.maxPolls, Next: 'VolumeTimedOut' },
      ],
      Default: States.WAIT_FOR_VOLUME,
    },
    ...fail('VolumeFailed', DrillErrors.VOLUME_ERROR, { Cause: 'The restored volume entered the error state' }),
    ...fail('VolumeTimedOut', DrillErrors.VOLUME_TIMEOUT, {
      Cause: `The restored volume was not available after ${o.maxPolls} polls ${o.pollSeconds} seconds apart`,
    }),
  };

  if (v) {
    Object.assign(states, {
      [States.ATTACH_VOLUME]: {
        Type: 'Task',
        Resource: sdk('ec2', 'attachVolume'),
        Parameters: { 'VolumeId.$': '$.volume.VolumeId', 'InstanceId': v.instanceId, 'Device': v.device },
        ResultSelector: { 'state.$': '$.State' },
        ResultPath: '$.attachment',
        Retry: [EC2_RETRY],
        Catch: catchTo('Cleanup'),
        Next: States.RUN_VALIDATION,
      },
      [States.RUN_VALIDATION]: {
        Type: 'Task',
        Comment: 'The document finds the device by the volume ID, mounts it read-only and checks it',
        Resource: sdk('ssm', 'sendCommand'),
        Parameters: {
          DocumentName: v.documentName,
          InstanceIds: [v.instanceId],
          TimeoutSeconds: v.timeoutSeconds,
          Parameters: { ...v.parameters, 'volumeId.$': 'States.Array($.volume.VolumeId)' },
        },
        ResultSelector: { 'commandId.$': '$.Command.CommandId' },
        ResultPath: '$.command',
        Retry: [retry(['Ssm.ThrottlingException'], 2, 5, 2)],
        Catch: catchTo('Cleanup'),
        Next: States.WAIT_FOR_VALIDATION,
      },
      [States.WAIT_FOR_VALIDATION]: { Type: 'Wait', Seconds: v.pollSeconds, Next: States.GET_VALIDATION },
      [States.GET_VALIDATION]: {
        Type: 'Task',
        Resource: sdk('ssm', 'getCommandInvocation'),
        Parameters: { 'CommandId.$': '$.command.commandId', 'InstanceId': v.instanceId },
        ResultSelector: { 'status.$': '$.Status' },
        ResultPath: '$.validation',
        Retry: [
          // Run Command answers InvocationDoesNotExist until the invocation is registered
          retry(['Ssm.InvocationDoesNotExistException'], 2, 5, 1.5),
          retry(['Ssm.ThrottlingException'], 2, 5, 2),
        ],
        Catch: catchTo('Cleanup'),
        Next: 'CountValidationPoll',
      },
      CountValidationPoll: {
        Type: 'Pass',
        Parameters: {
          'elapsedSeconds.$': `States.MathAdd($.clock.elapsedSeconds, ${v.pollSeconds})`,
          'volumePolls.$': '$.clock.volumePolls',
          'validationPolls.$': 'States.MathAdd($.clock.validationPolls, 1)',
        },
        ResultPath: '$.clock',
        Next: 'ValidationDone',
      },
      ValidationDone: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.validation.status', StringEquals: 'Success', Next: States.DETACH_VOLUME },
          {
            Or: ['Pending', 'InProgress', 'Delayed'].map((s) => ({ Variable: '$.validation.status', StringEquals: s })),
            Next: 'ValidationPending',
          },
        ],
        Default: 'ValidationFailed',
      },
      ValidationPending: {
        Type: 'Choice',
        Choices: [{ Variable: '$.clock.validationPolls', NumericGreaterThanEquals: v.maxPolls, Next: 'ValidationTimedOut' }],
        Default: States.WAIT_FOR_VALIDATION,
      },
      ...fail('ValidationFailed', DrillErrors.VALIDATION_FAILED, {
        'Cause.$': "States.Format('Validation command {} ended with status {}', $.command.commandId, $.validation.status)",
      }),
      ...fail('ValidationTimedOut', DrillErrors.VALIDATION_TIMEOUT, {
        'Cause.$': `States.Format('Validation command {} was still running after ${v.maxPolls} polls ${v.pollSeconds} seconds apart', $.command.commandId)`,
      }),
      [States.DETACH_VOLUME]: {
        Type: 'Task',
        Resource: sdk('ec2', 'detachVolume'),
        Parameters: { 'VolumeId.$': '$.volume.VolumeId', 'InstanceId': v.instanceId },
        ResultPath: null,
        Retry: [EC2_RETRY],
        Catch: catchTo('Cleanup'),
        Next: States.DELETE_VOLUME,
      },
    });
  }

  Object.assign(states, {
    [States.DELETE_VOLUME]: {
      Type: 'Task',
      Resource: sdk('ec2', 'deleteVolume'),
      Parameters: { 'VolumeId.$': '$.volume.VolumeId' },
      ResultPath: null,
      Retry: [DELETE_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE),
      Next: States.PUBLISH_SUCCESS,
    },
    [States.PUBLISH_SUCCESS]: {
      Type: 'Task',
      Resource: sdk('cloudwatch', 'putMetricData'),
      Parameters: {
        Namespace: o.namespace,
        MetricData: [
          { 'MetricName': METRIC_RESTORE_SECONDS, 'Dimensions': dimensions, 'Value.$': '$.clock.elapsedSeconds', 'Unit': 'Seconds' },
          { MetricName: METRIC_RESTORE_SUCCEEDED, Dimensions: dimensions, Value: 1, Unit: 'Count' },
        ],
      },
      ResultPath: null,
      Retry: [ANY_TASK_RETRY],
      Next: 'Succeeded',
    },
    Succeeded: { Type: 'Succeed' },
    Cleanup: {
      Type: 'Choice',
      Comment: 'Every failure after the volume exists comes here: detach it if it was attached, then delete it',
      Choices: [{ Variable: '$.attachment', IsPresent: true, Next: States.DETACH_FOR_CLEANUP }],
      Default: States.DELETE_FOR_CLEANUP,
    },
    [States.DETACH_FOR_CLEANUP]: {
      Type: 'Task',
      Resource: sdk('ec2', 'detachVolume'),
      Parameters: { 'VolumeId.$': '$.volume.VolumeId' },
      ResultPath: null,
      Retry: [EC2_RETRY],
      Catch: catchTo(States.DELETE_FOR_CLEANUP, '$.cleanupError'),
      Next: States.DELETE_FOR_CLEANUP,
    },
    [States.DELETE_FOR_CLEANUP]: {
      Type: 'Task',
      Resource: sdk('ec2', 'deleteVolume'),
      Parameters: { 'VolumeId.$': '$.volume.VolumeId' },
      ResultPath: null,
      Retry: [DELETE_RETRY],
      Catch: catchTo(States.PUBLISH_FAILURE, '$.cleanupError'),
      Next: States.PUBLISH_FAILURE,
    },
    [States.PUBLISH_FAILURE]: {
      Type: 'Task',
      Resource: sdk('cloudwatch', 'putMetricData'),
      Parameters: {
        Namespace: o.namespace,
        MetricData: [{ MetricName: METRIC_RESTORE_SUCCEEDED, Dimensions: dimensions, Value: 0, Unit: 'Count' }],
      },
      ResultPath: null,
      Retry: [ANY_TASK_RETRY],
      Catch: catchTo('Failed', '$.publishError'),
      Next: 'Failed',
    },
    Failed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
  });

  return {
    Comment: 'Restore drill: restores the newest snapshot of a DLM policy, measures and validates it, and deletes it',
    StartAt: 'Start',
    States: states,
  };
}
