import { AwsDouble, DoubleOptions, ensurePromiseWithResolvers, Snapshot } from './aws-double';
import { ExecutionError, StateMachine, StateMachineDefinition, validateAsl } from './interpreter';
import { DrillDefinitionOptions, drillDefinition, DrillErrors, States } from '../../src/restore/private/definition';

// The drill's state machine, EXECUTED in a local Step Functions interpreter with its AWS calls
// answered by a double that behaves like EC2, Systems Manager and CloudWatch.

const POLICY = 'policy-0a1b2c3d4e5f67890';
const OTHER_POLICY = 'policy-0ffffffffffffffff';
const TAG_KEY = 'cdk-tiered-backup:restore-drill';
const TAG_VALUE = 'StackDrillC0FFEE';

const BASE: DrillDefinitionOptions = {
  policyIds: [POLICY],
  availabilityZone: 'ap-south-1a',
  volumeType: 'gp3',
  tagKey: TAG_KEY,
  tagValue: TAG_VALUE,
  namespace: 'CdkTieredBackup/RestoreDrills',
  tierName: 'critical',
  pollSeconds: 15,
  maxPolls: 8,
};

const VALIDATED: DrillDefinitionOptions = {
  ...BASE,
  validation: {
    documentName: 'StackDrillFsck',
    instanceId: 'i-0123456789abcdef0',
    device: '/dev/sdf',
    parameters: { mode: ['read-only'] },
    pollSeconds: 10,
    maxPolls: 6,
    timeoutSeconds: 600,
  },
};

function snap(id: string, startTime: string, over: Partial<Snapshot> = {}): Snapshot {
  return { SnapshotId: id, StartTime: startTime, VolumeId: 'vol-0aaaaaaaaaaaaaaaa', State: 'completed', policyId: POLICY, ...over };
}

/** Several snapshots, not in time order; the newest completed one of the policy is snap-03. */
const SNAPSHOTS = [
  snap('snap-01', '2026-12-06T20:00:05.000Z'),
  snap('snap-03', '2026-12-07T04:00:07.000Z'),
  snap('snap-02', '2026-12-07T00:00:03.000Z'),
  snap('snap-04', '2026-12-07T04:30:00.000Z', { State: 'pending' }), // newer, but not completed
  snap('snap-05', '2026-12-07T05:00:00.000Z', { policyId: OTHER_POLICY }), // newer, another policy
];

ensurePromiseWithResolvers();

const ZERO = { WaitForVolume: 0, WaitForValidation: 0 };
const NO_RETRY_PAUSE = Object.fromEntries(Object.values(States).map((s) => [s, 0]));

interface Outcome {
  readonly double: AwsDouble;
  readonly result?: any;
  /** The execution's failure: `Error` and `Cause` as the Fail state reports them. */
  readonly error?: { readonly name: string; readonly message: string };
}

async function execute(options: DrillDefinitionOptions, doubleOptions: DoubleOptions): Promise<Outcome> {
  const double = new AwsDouble(doubleOptions);
  const definition = drillDefinition(options) as unknown as StateMachineDefinition;
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run({}, {
    overrides: { taskResourceLocalHandlers: double.handlers(), waitTimeOverrides: ZERO, retryIntervalOverrides: NO_RETRY_PAUSE },
    context: { Execution: { Id: 'arn:aws:states:ap-south-1:111111111111:execution:Drill:run-1', Name: 'run-1' } } as any,
  });
  try {
    return { double, result: await execution.result };
  } catch (e) {
    if (e instanceof ExecutionError) {
      const failure = e.cause as Error;
      return { double, error: { name: failure.name, message: failure.message } };
    }
    throw e;
  }
}

/** Every volume the drill created is gone, and each carried the drill tag. */
function expectCleanedUp(double: AwsDouble, created: number): void {
  expect(double.volumes.size).toBe(0);
  expect(double.deleted).toHaveLength(created);
  for (const c of double.calls.filter((x) => x.state === States.CREATE_VOLUME)) {
    expect(c.input.TagSpecifications).toEqual([{ ResourceType: 'volume', Tags: [{ Key: TAG_KEY, Value: TAG_VALUE }] }]);
  }
}

describe('restore drill definition', () => {
  test.each([['without validation', BASE], ['with validation', VALIDATED]])('is valid Amazon States Language (%s)', (_, options) => {
    const { isValid, errorsText } = validateAsl(drillDefinition(options));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  test('picks the newest completed snapshot of the policy among several, restores it in the drill AZ, measures and deletes it', async () => {
    // GIVEN the volume is creating for two polls
    const { double, result, error } = await execute(BASE, { snapshots: SNAPSHOTS, volumeStates: ['creating', 'creating', 'available'] });
    // THEN
    expect(error).toBeUndefined();
    expect(result).toBeDefined();
    const create = double.calls.find((c) => c.state === States.CREATE_VOLUME)!;
    expect(create.input).toMatchObject({ SnapshotId: 'snap-03', AvailabilityZone: 'ap-south-1a', VolumeType: 'gp3' });
    expect(create.input.ClientToken).toMatch(/^[0-9a-f]{32}$/);
    const find = double.calls.find((c) => c.state === States.FIND_SNAPSHOTS)!;
    expect(find.input).toEqual({
      OwnerIds: ['self'],
      Filters: [{ Name: 'tag:aws:dlm:lifecycle-policy-id', Values: [POLICY] }, { Name: 'status', Values: ['completed'] }],
      MaxResults: 100,
    });
    expectCleanedUp(double, 1);
    // three polls 15 seconds apart
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=45', 'RestoreSucceeded=1']);
    for (const m of double.metrics) {
      expect(m.namespace).toBe('CdkTieredBackup/RestoreDrills');
      expect(m.datum.Dimensions).toEqual([{ Name: 'Tier', Value: 'critical' }]);
    }
    expect(double.metrics[1].datum.Unit).toBe('Seconds');
  });

  test.each([
    ['first', [snap('snap-9', '2026-12-07T09:00:00Z'), snap('snap-1', '2026-12-07T01:00:00Z'), snap('snap-5', '2026-12-07T05:00:00Z')], 'snap-9'],
    ['last', [snap('snap-1', '2026-12-07T01:00:00Z'), snap('snap-5', '2026-12-07T05:00:00Z'), snap('snap-9', '2026-12-07T09:00:00Z')], 'snap-9'],
    ['only', [snap('snap-1', '2026-12-07T01:00:00Z')], 'snap-1'],
    ['across days', [snap('snap-a', '2026-12-31T23:59:59Z'), snap('snap-b', '2027-01-01T00:00:00Z')], 'snap-b'],
  ])('the newest snapshot is picked wherever it is in the list (%s)', async (_, snapshots, expected) => {
    const { double, error } = await execute(BASE, { snapshots });
    expect(error).toBeUndefined();
    expect(double.calls.find((c) => c.state === States.CREATE_VOLUME)!.input.SnapshotId).toBe(expected);
  });

  test.each([['first', 7], ['second', 142], ['last', 249]])('the newest of 250 snapshots, on the %s page of 100, is picked', async (_, at) => {
    const snapshots = Array.from({ length: 250 }, (__, i) => snap(`snap-${i}`, new Date(Date.UTC(2026, 10, 1) + (i === at ? 9e9 : i * 3.6e6)).toISOString()));
    const { double, error } = await execute(BASE, { snapshots });
    expect(error).toBeUndefined();
    expect(double.calls.filter((c) => c.state === States.FIND_SNAPSHOTS || c.state === States.FIND_MORE_SNAPSHOTS)).toHaveLength(3);
    expect(double.calls.find((c) => c.state === States.CREATE_VOLUME)!.input.SnapshotId).toBe(`snap-${at}`);
  });

  test('only snapshots of the source volume when one is given', async () => {
    const snapshots = [snap('snap-x', '2026-12-07T09:00:00Z', { VolumeId: 'vol-0bbbbbbbbbbbbbbbb' }), snap('snap-y', '2026-12-07T01:00:00Z')];
    const { double } = await execute({ ...BASE, sourceVolumeId: 'vol-0aaaaaaaaaaaaaaaa' }, { snapshots });
    expect(double.calls.find((c) => c.state === States.CREATE_VOLUME)!.input.SnapshotId).toBe('snap-y');
  });

  test('no snapshot found: fails without creating anything, publishing RestoreSucceeded=0', async () => {
    const { double, error } = await execute(BASE, { snapshots: [snap('snap-5', '2026-12-07T05:00:00Z', { policyId: OTHER_POLICY })] });
    expect(error?.name).toBe(DrillErrors.NO_SNAPSHOT);
    expect(double.called).not.toContain(States.CREATE_VOLUME);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
  });

  test.each(['Ec2.Ec2Exception', 'Ec2.RequestLimitExceededException'])('CreateVolume throttled (%s), then succeeding: retried with the same client token, one volume, deleted', async (name) => {
    const { double, error } = await execute(BASE, { snapshots: SNAPSHOTS, throttleCreate: 2, throttleErrorName: name });
    expect(error).toBeUndefined();
    const creates = double.calls.filter((c) => c.state === States.CREATE_VOLUME);
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((c) => c.input.ClientToken)).size).toBe(1);
    expectCleanedUp(double, 1);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=15', 'RestoreSucceeded=1']);
  });

  test('CreateVolume throttled beyond the retries: fails, nothing left, RestoreSucceeded=0', async () => {
    const { double, error } = await execute(BASE, { snapshots: SNAPSHOTS, throttleCreate: 99 });
    expect(error?.name).toBe('Ec2.Ec2Exception');
    expect(error?.message).toContain('RequestLimitExceeded');
    expect(double.calls.filter((c) => c.state === States.CREATE_VOLUME)).toHaveLength(6); // 1 + 5 retries
    expectCleanedUp(double, 0);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
  });

  test('volume stuck in `creating`: the bounded poll gives up after maxPolls, deletes the volume, publishes RestoreSucceeded=0', async () => {
    const { double, error } = await execute(BASE, { snapshots: SNAPSHOTS, volumeStates: ['creating'] });
    expect(error?.name).toBe(DrillErrors.VOLUME_TIMEOUT);
    expect(double.calls.filter((c) => c.state === States.DESCRIBE_VOLUME)).toHaveLength(8);
    expect(double.called.slice(-2)).toEqual([States.DELETE_FOR_CLEANUP, States.PUBLISH_FAILURE]);
    expectCleanedUp(double, 1);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
  });

  test('volume in `error`: deleted, RestoreSucceeded=0', async () => {
    const { double, error } = await execute(BASE, { snapshots: SNAPSHOTS, volumeStates: ['creating', 'error'] });
    expect(error?.name).toBe(DrillErrors.VOLUME_ERROR);
    expectCleanedUp(double, 1);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
  });

  test('validation passing: attach, run the document with the volume ID, detach, delete; the validation time is measured too', async () => {
    const { double, error } = await execute(VALIDATED, {
      snapshots: SNAPSHOTS, volumeStates: ['creating', 'available'], invocationNotYetThere: 1, commandStatuses: ['InProgress', 'Success'],
    });
    expect(error).toBeUndefined();
    expect(double.called).toEqual([
      States.RECORD_START, States.FIND_SNAPSHOTS, States.CREATE_VOLUME, States.DESCRIBE_VOLUME, States.DESCRIBE_VOLUME,
      States.ATTACH_VOLUME, States.RUN_VALIDATION, States.GET_VALIDATION, States.GET_VALIDATION, States.GET_VALIDATION,
      States.DETACH_VOLUME, States.DELETE_VOLUME, States.PUBLISH_SUCCESS,
    ]);
    const attach = double.calls.find((c) => c.state === States.ATTACH_VOLUME)!.input;
    expect(attach).toEqual({ VolumeId: double.deleted[0], InstanceId: 'i-0123456789abcdef0', Device: '/dev/sdf' });
    const send = double.calls.find((c) => c.state === States.RUN_VALIDATION)!.input;
    expect(send).toEqual({
      DocumentName: 'StackDrillFsck',
      InstanceIds: ['i-0123456789abcdef0'],
      TimeoutSeconds: 600,
      Parameters: { mode: ['read-only'], volumeId: [double.deleted[0]] },
    });
    expectCleanedUp(double, 1);
    // 2 volume polls of 15 s and 2 validation polls of 10 s
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=50', 'RestoreSucceeded=1']);
  });

  test.each(['Failed', 'TimedOut', 'Cancelled', 'DeliveryTimedOut', 'ExecutionTimedOut', 'Undeliverable', 'Terminated'])(
    'validation ending `%s`: the volume is detached and deleted, RestoreSucceeded=0', async (status) => {
      const { double, error } = await execute(VALIDATED, { snapshots: SNAPSHOTS, commandStatuses: ['InProgress', status] });
      expect(error?.name).toBe(DrillErrors.VALIDATION_FAILED);
      expect(error?.message).toContain(status);
      expect(double.called.slice(-3)).toEqual([States.DETACH_FOR_CLEANUP, States.DELETE_FOR_CLEANUP, States.PUBLISH_FAILURE]);
      expectCleanedUp(double, 1);
      expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
    });

  test('validation still running after its polls: detached, deleted, RestoreSucceeded=0', async () => {
    const { double, error } = await execute(VALIDATED, { snapshots: SNAPSHOTS, commandStatuses: ['InProgress'] });
    expect(error?.name).toBe(DrillErrors.VALIDATION_TIMEOUT);
    expect(double.calls.filter((c) => c.state === States.GET_VALIDATION)).toHaveLength(6);
    expectCleanedUp(double, 1);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSucceeded=0']);
  });

  test('a delete racing the detach (VolumeInUse) is retried until the volume is gone', async () => {
    const { double, error } = await execute(VALIDATED, { snapshots: SNAPSHOTS, volumeInUseOnDelete: 2 });
    expect(error).toBeUndefined();
    expect(double.calls.filter((c) => c.state === States.DELETE_VOLUME)).toHaveLength(3);
    expectCleanedUp(double, 1);
    expect(double.published).toEqual(['DrillStarted=1', 'RestoreSeconds=25', 'RestoreSucceeded=1']);
  });
});
