/**
 * A test double for the AWS calls a restore drill makes, answering the state machine's AWS SDK
 * tasks in the local interpreter the way Step Functions' AWS SDK integrations return them: the
 * service's response in PascalCase JSON (`Snapshots[].SnapshotId/StartTime/State`,
 * `VolumeId`, `Volumes[].State`, `Command.CommandId`, `Status`), timestamps as ISO 8601 strings,
 * and errors named `<Service>.<Error>` — EC2 models no exception shapes, so its errors (throttling
 * included) arrive as `Ec2.Ec2Exception` with the EC2 error code leading the cause.
 *
 * It keeps the state a real account would: volumes created from snapshots (with their tags),
 * their state after each describe, attachments, deletions, and the metric data published.
 */
import { States } from '../../src/restore/private/definition';

/**
 * aws-local-stepfunctions 3 declares Node >= 22 and uses `Promise.withResolvers` (ES2024); the
 * project's CI runs Node 20. The same semantics, installed only when missing.
 */
export function ensurePromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  if (typeof P.withResolvers === 'function') return;
  P.withResolvers = () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** An error as Step Functions reports it for an AWS SDK integration. */
export function sdkError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

export interface Snapshot {
  readonly SnapshotId: string;
  readonly StartTime: string;
  readonly VolumeId: string;
  readonly State: 'pending' | 'completed' | 'error';
  readonly policyId: string;
}

export interface DoubleOptions {
  readonly snapshots?: Snapshot[];
  /** The volume states DescribeVolumes reports, one per call (the last one repeats). */
  readonly volumeStates?: string[];
  /** How many CreateVolume calls are throttled before one succeeds. */
  readonly throttleCreate?: number;
  /**
   * The error name a throttled call reports: EC2 models no exceptions, so Step Functions reports
   * `Ec2.Ec2Exception`; the specific name is covered as well.
   * @default 'Ec2.Ec2Exception'
   */
  readonly throttleErrorName?: string;
  /** The validation command's statuses, one per GetCommandInvocation call (the last one repeats). */
  readonly commandStatuses?: string[];
  /** GetCommandInvocation calls answered InvocationDoesNotExist first. */
  readonly invocationNotYetThere?: number;
  /** DeleteVolume calls answered VolumeInUse first (a detach still under way). */
  readonly volumeInUseOnDelete?: number;
}

export interface Call {
  readonly state: string;
  readonly input: any;
}

export interface MetricDatum {
  readonly MetricName: string;
  readonly Value: number;
  readonly Unit: string;
  readonly Dimensions: Array<{ Name: string; Value: string }>;
}

/** The double: its handlers go into `overrides.taskResourceLocalHandlers`. */
export class AwsDouble {
  public readonly calls: Call[] = [];
  /** Volumes that exist (created and not deleted), by ID. */
  public readonly volumes = new Map<string, { snapshotId: string; az: string; tags: Array<{ Key: string; Value: string }>; attachedTo?: string }>();
  public readonly deleted: string[] = [];
  public readonly metrics: Array<{ namespace: string; datum: MetricDatum }> = [];
  private describeCount = 0;
  private createCount = 0;
  private invocationCount = 0;
  private deleteCount = 0;
  private readonly tokens = new Map<string, string>();

  public constructor(private readonly options: DoubleOptions = {}) {}

  /** The metric data published, as `name=value` strings in publishing order. */
  public get published(): string[] {
    return this.metrics.map((m) => `${m.datum.MetricName}=${m.datum.Value}`);
  }

  /** The states called, in order. */
  public get called(): string[] {
    return this.calls.map((c) => c.state);
  }

  public handlers(): { [state: string]: (input: any) => Promise<any> } {
    const h = (state: string, fn: (input: any) => any) => async (input: any) => {
      this.calls.push({ state, input });
      return fn(input);
    };
    const putMetricData = (input: any) => {
      for (const datum of input.MetricData) this.metrics.push({ namespace: input.Namespace, datum });
      return {};
    };
    return {
      [States.RECORD_START]: h(States.RECORD_START, putMetricData),
      [States.FIND_SNAPSHOTS]: h(States.FIND_SNAPSHOTS, (input) => this.describeSnapshots(input)),
      [States.FIND_MORE_SNAPSHOTS]: h(States.FIND_MORE_SNAPSHOTS, (input) => this.describeSnapshots(input)),
      [States.CREATE_VOLUME]: h(States.CREATE_VOLUME, (input) => this.createVolume(input)),
      [States.DESCRIBE_VOLUME]: h(States.DESCRIBE_VOLUME, (input) => this.describeVolumes(input)),
      [States.ATTACH_VOLUME]: h(States.ATTACH_VOLUME, (input) => this.attachVolume(input)),
      [States.RUN_VALIDATION]: h(States.RUN_VALIDATION, (input) => this.sendCommand(input)),
      [States.GET_VALIDATION]: h(States.GET_VALIDATION, (input) => this.getCommandInvocation(input)),
      [States.DETACH_VOLUME]: h(States.DETACH_VOLUME, (input) => this.detachVolume(input)),
      [States.DETACH_FOR_CLEANUP]: h(States.DETACH_FOR_CLEANUP, (input) => this.detachVolume(input)),
      [States.DELETE_VOLUME]: h(States.DELETE_VOLUME, (input) => this.deleteVolume(input)),
      [States.DELETE_FOR_CLEANUP]: h(States.DELETE_FOR_CLEANUP, (input) => this.deleteVolume(input)),
      [States.PUBLISH_SUCCESS]: h(States.PUBLISH_SUCCESS, putMetricData),
      [States.PUBLISH_FAILURE]: h(States.PUBLISH_FAILURE, putMetricData),
    };
  }

  private describeSnapshots(input: any): any {
    if (!Array.isArray(input.OwnerIds) || !Array.isArray(input.Filters)) {
      throw sdkError('Ec2.Ec2Exception', 'InvalidParameterValue: malformed request');
    }
    const filter = (name: string): string[] | undefined => input.Filters.find((f: any) => f.Name === name)?.Values;
    const policies = filter('tag:aws:dlm:lifecycle-policy-id');
    const status = filter('status');
    const volume = filter('volume-id');
    const snapshots = (this.options.snapshots ?? [])
      .filter((s) => policies === undefined || policies.includes(s.policyId))
      .filter((s) => status === undefined || status.includes(s.State))
      .filter((s) => volume === undefined || volume.includes(s.VolumeId))
      .map((s) => ({
        SnapshotId: s.SnapshotId,
        StartTime: s.StartTime,
        State: s.State,
        VolumeId: s.VolumeId,
        VolumeSize: 100,
        Encrypted: true,
        OwnerId: '111111111111',
        Progress: '100%',
        Tags: [{ Key: 'aws:dlm:lifecycle-policy-id', Value: s.policyId }],
      }));
    // pagination as EC2 does it: MaxResults 5-1000, an opaque NextToken while more remain
    if (input.MaxResults === undefined) return { Snapshots: snapshots };
    if (input.MaxResults < 5 || input.MaxResults > 1000) throw sdkError('Ec2.Ec2Exception', 'InvalidParameterValue: MaxResults must be between 5 and 1000');
    const start = input.NextToken !== undefined ? Number(Buffer.from(input.NextToken, 'base64').toString()) : 0;
    if (!Number.isInteger(start)) throw sdkError('Ec2.Ec2Exception', 'InvalidPaginationToken: the token is not valid');
    const page = snapshots.slice(start, start + input.MaxResults);
    const end = start + page.length;
    return end < snapshots.length ? { Snapshots: page, NextToken: Buffer.from(String(end)).toString('base64') } : { Snapshots: page };
  }

  private createVolume(input: any): any {
    this.createCount++;
    if (this.createCount <= (this.options.throttleCreate ?? 0)) {
      throw sdkError(this.options.throttleErrorName ?? 'Ec2.Ec2Exception',
        'Request limit exceeded. (Service: Ec2, Status Code: 503, Error Code: RequestLimitExceeded)');
    }
    const snapshot = (this.options.snapshots ?? []).find((s) => s.SnapshotId === input.SnapshotId);
    if (snapshot === undefined) throw sdkError('Ec2.Ec2Exception', `The snapshot '${input.SnapshotId}' does not exist. (Error Code: InvalidSnapshot.NotFound)`);
    if (typeof input.AvailabilityZone !== 'string') throw sdkError('Ec2.Ec2Exception', 'MissingParameter: AvailabilityZone');
    // ClientToken: a retry with the same token returns the same volume (EC2 idempotency)
    const existing = input.ClientToken !== undefined ? this.tokens.get(input.ClientToken) : undefined;
    if (existing !== undefined) return { VolumeId: existing, State: 'creating' };
    const id = `vol-0${(this.volumes.size + this.deleted.length + 1).toString(16).padStart(16, '0')}`;
    const tags = (input.TagSpecifications ?? []).flatMap((t: any) => (t.ResourceType === 'volume' ? t.Tags : []));
    this.volumes.set(id, { snapshotId: input.SnapshotId, az: input.AvailabilityZone, tags });
    if (input.ClientToken !== undefined) this.tokens.set(input.ClientToken, id);
    return {
      VolumeId: id,
      SnapshotId: input.SnapshotId,
      AvailabilityZone: input.AvailabilityZone,
      State: 'creating',
      Size: 100,
      VolumeType: input.VolumeType,
      Encrypted: true,
      CreateTime: '2026-12-07T05:00:12.000Z',
      Tags: tags,
    };
  }

  private volume(id: string): any {
    const v = this.volumes.get(id);
    if (v === undefined) throw sdkError('Ec2.Ec2Exception', `The volume '${id}' does not exist. (Error Code: InvalidVolume.NotFound)`);
    return v;
  }

  private describeVolumes(input: any): any {
    const states = this.options.volumeStates ?? ['available'];
    const state = states[Math.min(this.describeCount++, states.length - 1)];
    return {
      Volumes: input.VolumeIds.map((id: string) => {
        const v = this.volume(id);
        return {
          VolumeId: id,
          SnapshotId: v.snapshotId,
          AvailabilityZone: v.az,
          Tags: v.tags,
          State: v.attachedTo !== undefined ? 'in-use' : state,
          Attachments: v.attachedTo !== undefined ? [{ InstanceId: v.attachedTo, State: 'attached', VolumeId: id }] : [],
        };
      }),
    };
  }

  private attachVolume(input: any): any {
    const v = this.volume(input.VolumeId);
    if (v.attachedTo !== undefined) throw sdkError('Ec2.Ec2Exception', `vol ${input.VolumeId} is already attached (Error Code: VolumeInUse)`);
    v.attachedTo = input.InstanceId;
    return { AttachTime: '2026-12-07T05:01:00.000Z', Device: input.Device, InstanceId: input.InstanceId, State: 'attaching', VolumeId: input.VolumeId };
  }

  private detachVolume(input: any): any {
    const v = this.volume(input.VolumeId);
    if (v.attachedTo === undefined) throw sdkError('Ec2.Ec2Exception', `Volume '${input.VolumeId}' is in the 'available' state. (Error Code: IncorrectState)`);
    const instance = v.attachedTo;
    v.attachedTo = undefined;
    return { InstanceId: instance, State: 'detaching', VolumeId: input.VolumeId };
  }

  private deleteVolume(input: any): any {
    const v = this.volume(input.VolumeId);
    this.deleteCount++;
    if (v.attachedTo !== undefined || this.deleteCount <= (this.options.volumeInUseOnDelete ?? 0)) {
      throw sdkError('Ec2.Ec2Exception', `Volume ${input.VolumeId} is currently attached (Error Code: VolumeInUse)`);
    }
    this.volumes.delete(input.VolumeId);
    this.deleted.push(input.VolumeId);
    return {};
  }

  private sendCommand(input: any): any {
    if (!Array.isArray(input.Parameters?.volumeId)) throw sdkError('Ssm.InvalidParametersException', 'volumeId is required');
    return { Command: { CommandId: '0b7e4b4b-0000-4000-8000-000000000001', DocumentName: input.DocumentName, Status: 'Pending', InstanceIds: input.InstanceIds } };
  }

  private getCommandInvocation(input: any): any {
    this.invocationCount++;
    if (this.invocationCount <= (this.options.invocationNotYetThere ?? 0)) {
      throw sdkError('Ssm.InvocationDoesNotExistException', 'Service returned error code InvocationDoesNotExist');
    }
    const statuses = this.options.commandStatuses ?? ['Success'];
    const n = this.invocationCount - (this.options.invocationNotYetThere ?? 0) - 1;
    const status = statuses[Math.min(n, statuses.length - 1)];
    return { CommandId: input.CommandId, InstanceId: input.InstanceId, Status: status, StatusDetails: status, ResponseCode: status === 'Success' ? 0 : status === 'Failed' ? 1 : -1 };
  }
}
