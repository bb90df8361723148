/**
 * A local EC2 endpoint for the CLI tests: a real HTTP server on 127.0.0.1 that speaks EC2's Query
 * protocol (form-encoded POST bodies with `Action` and `Version=2016-11-15`, XML responses in
 * EC2's namespace, errors as `<Response><Errors><Error>` with `RequestID`), verifies each request's
 * SigV4 signature (service `ec2`) against the test credentials, and answers the operations of
 * `points` and `restore` as the EC2 API reference documents them. Each Region (from the
 * signature's credential scope) has its own snapshots, volumes and instances.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { LocalEndpoint } from './local-endpoint';
import { checkSigV4 } from './sigv4';

const NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const ACCOUNT = '111111111111';

/** A snapshot as the server holds it. */
export interface FakeSnapshot {
  readonly SnapshotId: string;
  readonly VolumeId: string;
  /** The Region it is in (default: the fake's default Region). */
  readonly region?: string;
  readonly StartTime: string;
  readonly State?: 'pending' | 'completed' | 'error';
  readonly Progress?: string;
  readonly VolumeSize?: number;
  readonly Description?: string;
  readonly StorageTier?: 'standard' | 'archive';
  readonly RestoreExpiryTime?: string;
  readonly Tags?: { [key: string]: string };
  /** For archived snapshots: DescribeSnapshotTierStatus's state. */
  readonly tiering?: { readonly status: string; readonly progress?: number; readonly startTime?: string; readonly archivalCompleteTime?: string };
  /** Fast snapshot restore: Availability Zone -> state. */
  readonly fastRestore?: { [az: string]: 'enabling' | 'optimizing' | 'enabled' | 'disabling' | 'disabled' };
}

/** An instance as the server holds it. */
export interface FakeInstance {
  readonly InstanceId: string;
  readonly region?: string;
  readonly State: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  readonly AvailabilityZone: string;
  readonly RootDeviceName?: string;
  /** Device name -> volume ID. */
  readonly devices: { [device: string]: string };
}

/** A volume the server holds (created by CreateVolume). */
export interface FakeVolume {
  readonly VolumeId: string;
  readonly region: string;
  readonly SnapshotId?: string;
  readonly AvailabilityZone: string;
  readonly Size: number;
  readonly VolumeType: string;
  readonly Iops?: number;
  readonly Throughput?: number;
  readonly CreateTime: string;
  readonly Tags: { [key: string]: string };
  State: string;
  /** DescribeVolumes calls until a `creating` volume is `available`. */
  pollsUntilAvailable: number;
  attachment?: { InstanceId: string; Device: string; State: string; AttachTime: string };
}

/** An error response. */
export interface FakeEc2Error {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A request the server received. */
export interface ReceivedEc2Request {
  readonly action: string;
  readonly region?: string;
  readonly status: number;
  /** The form parameters (Action and Version included). */
  readonly params: { [name: string]: string };
}

/** Throttling as EC2 reports it. */
export const REQUEST_LIMIT_EXCEEDED: FakeEc2Error = { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };

export class FakeEc2 extends LocalEndpoint<string, FakeEc2Error, ReceivedEc2Request> {
  public static async start(defaultRegion = 'us-east-1'): Promise<FakeEc2> {
    return new FakeEc2(defaultRegion).listen();
  }

  public snapshots: FakeSnapshot[] = [];
  public instances: FakeInstance[] = [];
  public volumes: FakeVolume[] = [];
  /** The most items one page of a Describe call holds, whatever MaxResults asks (EC2 may return fewer). */
  public pageLimit = 1000;
  /** DescribeVolumes calls a new volume stays `creating` (-1: forever). */
  public pollsUntilAvailable = 2;

  private counter = 0;

  private readonly handlers: { [action: string]: (p: { [name: string]: string }, region: string) => string } = {
    DescribeSnapshots: (p, region) => {
      const ids = list(p, 'SnapshotId');
      const filters = filtersOf(p, ['tag:*', 'volume-id', 'status', 'description', 'snapshot-id', 'owner-id', 'storage-tier']);
      if (ids.length > 0 && p.MaxResults !== undefined) {
        throw new Ec2Fault(400, 'InvalidParameterCombination', 'The parameter snapshotIdSet cannot be used with the parameter maxResults');
      }
      const owners = list(p, 'Owner');
      if (owners.some(o => o !== 'self' && o !== ACCOUNT && o !== 'amazon')) throw new Ec2Fault(400, 'InvalidUserID.Malformed', `Invalid user id: "${owners[0]}"`);
      let found = this.snapshots.filter(s => (s.region ?? this.defaultRegion) === region);
      for (const id of ids) {
        if (!found.some(s => s.SnapshotId === id)) throw new Ec2Fault(400, 'InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
      }
      if (ids.length > 0) found = found.filter(s => ids.includes(s.SnapshotId));
      found = found.filter(s => matches(filters, name => {
        if (name.startsWith('tag:')) return s.Tags?.[name.slice(4)];
        return ({
          'volume-id': s.VolumeId,
          'status': s.State ?? 'completed',
          'description': s.Description ?? '',
          'snapshot-id': s.SnapshotId,
          'owner-id': ACCOUNT,
          'storage-tier': s.StorageTier ?? 'standard',
        } as { [n: string]: string })[name];
      }));
      const page = this.page(found, p, 5, 1000);
      return `<snapshotSet>${page.items.map(s => `<item>${el('snapshotId', s.SnapshotId)}${el('volumeId', s.VolumeId)}${el('status', s.State ?? 'completed')}`
        + `${el('startTime', s.StartTime)}${el('progress', s.Progress ?? ((s.State ?? 'completed') === 'completed' ? '100%' : '0%'))}${el('ownerId', ACCOUNT)}`
        + `${el('volumeSize', s.VolumeSize ?? 8)}${el('description', s.Description ?? '')}${el('encrypted', true)}${el('storageTier', s.StorageTier ?? 'standard')}`
        + `${s.RestoreExpiryTime ? el('restoreExpiryTime', s.RestoreExpiryTime) : ''}${tagSet(s.Tags)}</item>`).join('')}</snapshotSet>${page.next}`;
    },

    DescribeSnapshotTierStatus: (p, region) => {
      const filters = filtersOf(p, ['snapshot-id', 'volume-id', 'last-tiering-operation']);
      const found = this.snapshots.filter(s => (s.region ?? this.defaultRegion) === region && matches(filters, name => ({
        'snapshot-id': s.SnapshotId, 'volume-id': s.VolumeId, 'last-tiering-operation': s.tiering?.status ?? '',
      } as { [n: string]: string })[name]));
      const page = this.page(found, p, 5, 1000);
      return `<snapshotTierStatusSet>${page.items.map(s => `<item>${el('snapshotId', s.SnapshotId)}${el('volumeId', s.VolumeId)}`
        + `${el('status', s.State ?? 'completed')}${el('ownerId', ACCOUNT)}${tagSet(s.Tags)}${el('storageTier', s.StorageTier ?? 'standard')}`
        + (s.tiering ? `${s.tiering.startTime ? el('lastTieringStartTime', s.tiering.startTime) : ''}${el('lastTieringProgress', s.tiering.progress ?? 100)}`
          + `${el('lastTieringOperationStatus', s.tiering.status)}${el('lastTieringOperationStatusDetail', `Snapshot ${s.tiering.status}`)}`
          + `${s.tiering.archivalCompleteTime ? el('archivalCompleteTime', s.tiering.archivalCompleteTime) : ''}` : '')
        + `${s.RestoreExpiryTime ? el('restoreExpiryTime', s.RestoreExpiryTime) : ''}</item>`).join('')}</snapshotTierStatusSet>${page.next}`;
    },

    DescribeFastSnapshotRestores: (p, region) => {
      const filters = filtersOf(p, ['availability-zone', 'owner-id', 'snapshot-id', 'state']);
      const rows = this.snapshots.filter(s => (s.region ?? this.defaultRegion) === region)
        .flatMap(s => Object.entries(s.fastRestore ?? {}).map(([az, state]) => ({ s, az, state })))
        .filter(r => r.state !== 'disabled' && matches(filters, name => ({
          'availability-zone': r.az, 'owner-id': ACCOUNT, 'snapshot-id': r.s.SnapshotId, 'state': r.state,
        } as { [n: string]: string })[name]));
      const page = this.page(rows, p, 0, 200);
      return `<fastSnapshotRestoreSet>${page.items.map(r => `<item>${el('snapshotId', r.s.SnapshotId)}${el('availabilityZone', r.az)}${el('state', r.state)}`
        + `${el('stateTransitionReason', 'Client.UserInitiated - Lifecycle state transition')}${el('ownerId', ACCOUNT)}`
        + `${el('enablingTime', r.s.StartTime)}</item>`).join('')}</fastSnapshotRestoreSet>${page.next}`;
    },

    DescribeInstances: (p, region) => {
      const ids = list(p, 'InstanceId');
      const found = this.instances.filter(i => (i.region ?? this.defaultRegion) === region && (ids.length === 0 || ids.includes(i.InstanceId)));
      const missing = ids.filter(id => !found.some(i => i.InstanceId === id));
      if (missing.length > 0) throw new Ec2Fault(400, 'InvalidInstanceID.NotFound', `The instance ID '${missing.join(', ')}' does not exist`);
      return `<reservationSet>${found.map(i => `<item>${el('reservationId', `r-${i.InstanceId.slice(2)}`)}${el('ownerId', ACCOUNT)}<groupSet/>`
        + `<instancesSet><item>${el('instanceId', i.InstanceId)}${el('imageId', 'ami-0abcdef1234567890')}`
        + `<instanceState>${el('code', STATE_CODES[i.State])}${el('name', i.State)}</instanceState>${el('instanceType', 't3.medium')}`
        + `<placement>${el('availabilityZone', i.AvailabilityZone)}${el('tenancy', 'default')}</placement>`
        + `${el('rootDeviceType', 'ebs')}${el('rootDeviceName', i.RootDeviceName ?? '/dev/xvda')}<blockDeviceMapping>`
        + Object.entries(i.devices).map(([device, volumeId]) => `<item>${el('deviceName', device)}<ebs>${el('volumeId', volumeId)}${el('status', 'attached')}`
          + `${el('attachTime', '2026-11-01T08:00:00.000Z')}${el('deleteOnTermination', device === (i.RootDeviceName ?? '/dev/xvda'))}</ebs></item>`).join('')
        + '</blockDeviceMapping></item></instancesSet></item>').join('')}</reservationSet>`;
    },

    CreateVolume: (p, region) => {
      const snapshot = this.snapshots.find(s => (s.region ?? this.defaultRegion) === region && s.SnapshotId === p.SnapshotId);
      if (p.SnapshotId && !snapshot) throw new Ec2Fault(400, 'InvalidSnapshot.NotFound', `The snapshot '${p.SnapshotId}' does not exist.`);
      if (!p.AvailabilityZone?.startsWith(region)) {
        throw new Ec2Fault(400, 'InvalidParameterValue', `Invalid availability zone: [${p.AvailabilityZone}]`);
      }
      if (snapshot?.StorageTier === 'archive') {
        throw new Ec2Fault(400, 'IncorrectState', `Snapshot ${snapshot.SnapshotId} is in the archive tier; restore it before you use it.`);
      }
      const type = p.VolumeType ?? 'gp2';
      if (p.Throughput && type !== 'gp3') throw new Ec2Fault(400, 'InvalidParameterCombination', 'Throughput is only valid for gp3 volumes.');
      const tags: { [key: string]: string } = {};
      for (let n = 1; p[`TagSpecification.${n}.ResourceType`] !== undefined; n++) {
        if (p[`TagSpecification.${n}.ResourceType`] !== 'volume') throw new Ec2Fault(400, 'InvalidParameterValue', 'TagSpecification resource type must be volume');
        for (let m = 1; p[`TagSpecification.${n}.Tag.${m}.Key`] !== undefined; m++) tags[p[`TagSpecification.${n}.Tag.${m}.Key`]] = p[`TagSpecification.${n}.Tag.${m}.Value`] ?? '';
      }
      if (Object.keys(tags).some(k => k.startsWith('aws:'))) throw new Ec2Fault(400, 'InvalidParameterValue', 'Tag keys starting with \'aws:\' are reserved for internal use');
      if (p.DryRun === 'true') return '';
      const volume: FakeVolume = {
        VolumeId: `vol-0${(0xfeed00000000000n + BigInt(++this.counter)).toString(16).padStart(16, '0')}`,
        region,
        SnapshotId: p.SnapshotId,
        AvailabilityZone: p.AvailabilityZone,
        Size: snapshot?.VolumeSize ?? 8,
        VolumeType: type,
        Iops: p.Iops ? Number(p.Iops) : type === 'gp3' ? 3000 : undefined,
        Throughput: p.Throughput ? Number(p.Throughput) : type === 'gp3' ? 125 : undefined,
        CreateTime: new Date().toISOString(),
        Tags: tags,
        State: 'creating',
        pollsUntilAvailable: this.pollsUntilAvailable,
      };
      this.volumes.push(volume);
      return volumeXml(volume);
    },

    DescribeVolumes: (p, region) => {
      const ids = list(p, 'VolumeId');
      const found = this.volumes.filter(v => v.region === region && (ids.length === 0 || ids.includes(v.VolumeId)));
      const missing = ids.filter(id => !found.some(v => v.VolumeId === id));
      if (missing.length > 0) throw new Ec2Fault(400, 'InvalidVolume.NotFound', `The volume '${missing[0]}' does not exist.`);
      const xml = `<volumeSet>${found.map(v => `<item>${volumeXml(v)}</item>`).join('')}</volumeSet>`;
      for (const v of found) {
        // time passes between two calls: creating -> available, attaching -> attached
        if (v.State === 'creating' && v.pollsUntilAvailable >= 0 && --v.pollsUntilAvailable <= 0) v.State = 'available';
        if (v.attachment?.State === 'attaching') v.attachment.State = 'attached';
      }
      return xml;
    },

    AttachVolume: (p, region) => {
      const volume = this.volumes.find(v => v.region === region && v.VolumeId === p.VolumeId);
      if (!volume) throw new Ec2Fault(400, 'InvalidVolume.NotFound', `The volume '${p.VolumeId}' does not exist.`);
      const instance = this.instances.find(i => (i.region ?? this.defaultRegion) === region && i.InstanceId === p.InstanceId);
      if (!instance) throw new Ec2Fault(400, 'InvalidInstanceID.NotFound', `The instance ID '${p.InstanceId}' does not exist`);
      if (volume.State !== 'available') throw new Ec2Fault(400, 'IncorrectState', `vol '${volume.VolumeId}' is not 'available'.`);
      if (volume.AvailabilityZone !== instance.AvailabilityZone) {
        throw new Ec2Fault(400, 'InvalidVolume.ZoneMismatch', `The volume '${volume.VolumeId}' is not in the same availability zone as instance '${instance.InstanceId}'`);
      }
      if (p.Device in instance.devices || p.Device === instance.RootDeviceName) {
        throw new Ec2Fault(400, 'InvalidParameterValue', `Invalid value '${p.Device}' for unixDevice. Attachment point ${p.Device} is already in use`);
      }
      if (p.DryRun === 'true') return '';
      volume.attachment = { InstanceId: instance.InstanceId, Device: p.Device, State: 'attaching', AttachTime: new Date().toISOString() };
      volume.State = 'in-use';
      instance.devices[p.Device] = volume.VolumeId;
      return `${el('volumeId', volume.VolumeId)}${el('instanceId', instance.InstanceId)}${el('device', p.Device)}${el('status', 'attaching')}${el('attachTime', volume.attachment.AttachTime)}`;
    },

    RestoreSnapshotTier: (p, region) => {
      const snapshot = this.snapshots.find(s => (s.region ?? this.defaultRegion) === region && s.SnapshotId === p.SnapshotId);
      if (!snapshot) throw new Ec2Fault(400, 'InvalidSnapshot.NotFound', `The snapshot '${p.SnapshotId}' does not exist.`);
      if (snapshot.StorageTier !== 'archive') throw new Ec2Fault(400, 'IncorrectState', `Snapshot ${snapshot.SnapshotId} is not archived.`);
      const days = Number(p.TemporaryRestoreDays);
      if (p.PermanentRestore !== 'true' && !(days >= 1 && days <= 180)) {
        throw new Ec2Fault(400, 'InvalidParameterValue', 'TemporaryRestoreDays must be between 1 and 180.');
      }
      if (p.DryRun === 'true') return '';
      const start = new Date().toISOString();
      const i = this.snapshots.indexOf(snapshot);
      this.snapshots[i] = { ...snapshot, tiering: { status: 'temporary-restore-in-progress', progress: 0, startTime: start } };
      return `${el('snapshotId', snapshot.SnapshotId)}${el('restoreStartTime', start)}${p.PermanentRestore === 'true' ? '' : el('restoreDuration', days)}`
        + `${el('isPermanentRestore', p.PermanentRestore === 'true')}`;
    },
  };

  private constructor(private readonly defaultRegion: string) {
    super();
  }

  public calls(action: string): ReceivedEc2Request[] {
    return this.requests.filter(r => r.action === action);
  }

  /** Forgets requests, queued errors, denials and created volumes; restores the default paging and timing. */
  public reset(): void {
    super.reset();
    this.volumes = [];
    this.pageLimit = 1000;
    this.pollsUntilAvailable = 2;
  }

  protected handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    const action = params.Action ?? 'unknown';
    const auth = verifySignature(req, body);
    const region = auth.region;
    const send = (status: number, xml: string) => {
      this.requests.push({ action, region, status, params });
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': crypto.randomUUID() }).end(xml);
    };
    const fail = (e: FakeEc2Error) => send(e.status, '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<Response><Errors><Error><Code>${esc(e.code)}</Code><Message>${esc(e.message)}</Message></Error></Errors><RequestID>${crypto.randomUUID()}</RequestID></Response>`);
    const ok = (inner: string) => send(200, '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<${action}Response xmlns="${NAMESPACE}"><requestId>${crypto.randomUUID()}</requestId>${inner}</${action}Response>`);

    if (auth.error) return fail({ status: auth.error.status, code: auth.error.code, message: auth.error.message });
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') return fail({ status: 400, code: 'InvalidAction', message: `The action ${action} is not valid for this web service.` });
    if (params.Version !== '2016-11-15') return fail({ status: 400, code: 'InvalidParameterValue', message: `Invalid Version: ${params.Version}` });
    const handler = this.handlers[action];
    if (!handler) return fail({ status: 400, code: 'InvalidAction', message: `The action ${action} is not valid for this web service.` });
    if (this.denied.has(action)) {
      return fail({
        status: 403,
        code: 'UnauthorizedOperation',
        message: `You are not authorized to perform this operation. User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: ec2:${action} `
          + `because no identity-based policy allows the ec2:${action} action. Encoded authorization failure message: ${Buffer.from(action).toString('base64')}`,
      });
    }
    const queued = this.takeQueued(action);
    if (queued) return fail(queued);
    try {
      const result = handler(params, region ?? this.defaultRegion);
      // a DryRun request that would have succeeded (the handler checked its parameters)
      if (params.DryRun === 'true') return fail({ status: 412, code: 'DryRunOperation', message: 'Request would have succeeded, but DryRun flag is set.' });
      return ok(result);
    } catch (e) {
      if (e instanceof Ec2Fault) return fail(e.error);
      throw e;
    }
  }

  /** One page of `items` for MaxResults / NextToken (EC2's limits checked). */
  private page<T>(items: T[], p: { [name: string]: string }, min: number, max: number): { items: T[]; next: string } {
    const asked = p.MaxResults !== undefined ? Number(p.MaxResults) : max;
    if (asked < min || asked > max) throw new Ec2Fault(400, 'InvalidParameterValue', `Value ( ${asked} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
    const start = p.NextToken !== undefined ? Number(Buffer.from(p.NextToken, 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw new Ec2Fault(400, 'InvalidParameterValue', 'The token is invalid.');
    const size = Math.min(asked, this.pageLimit);
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? el('nextToken', Buffer.from(`offset:${end}`).toString('base64')) : '' };
  }
}

class Ec2Fault extends Error {
  public readonly error: FakeEc2Error;
  public constructor(status: number, code: string, message: string) {
    super(message);
    this.error = { status, code, message };
  }
}

const STATE_CODES = { 'pending': 0, 'running': 16, 'shutting-down': 32, 'terminated': 48, 'stopping': 64, 'stopped': 80 };

function volumeXml(v: FakeVolume): string {
  return `${el('volumeId', v.VolumeId)}${el('size', v.Size)}${v.SnapshotId ? el('snapshotId', v.SnapshotId) : '<snapshotId/>'}`
    + `${el('availabilityZone', v.AvailabilityZone)}${el('status', v.State)}${el('createTime', v.CreateTime)}`
    + `<attachmentSet>${v.attachment ? `<item>${el('volumeId', v.VolumeId)}${el('instanceId', v.attachment.InstanceId)}${el('device', v.attachment.Device)}`
      + `${el('status', v.attachment.State)}${el('attachTime', v.attachment.AttachTime)}${el('deleteOnTermination', false)}</item>` : ''}</attachmentSet>`
    + `${tagSet(v.Tags)}${el('volumeType', v.VolumeType)}${v.Iops !== undefined ? el('iops', v.Iops) : ''}${v.Throughput !== undefined ? el('throughput', v.Throughput) : ''}`
    + `${el('encrypted', true)}${el('multiAttachEnabled', false)}`;
}

/** `Name.N` list parameters. */
function list(p: { [name: string]: string }, name: string): string[] {
  const out: string[] = [];
  for (let n = 1; p[`${name}.${n}`] !== undefined; n++) out.push(p[`${name}.${n}`]);
  return out;
}

/** `Filter.N.Name` / `Filter.N.Value.M`; an unknown filter name is EC2's InvalidParameterValue. */
function filtersOf(p: { [name: string]: string }, known: string[]): Array<{ name: string; values: string[] }> {
  const out: Array<{ name: string; values: string[] }> = [];
  for (let n = 1; p[`Filter.${n}.Name`] !== undefined; n++) {
    const name = p[`Filter.${n}.Name`];
    if (!known.some(k => k === name || (k === 'tag:*' && name.startsWith('tag:')))) throw new Ec2Fault(400, 'InvalidParameterValue', `The filter '${name}' is invalid`);
    const values = list(p, `Filter.${n}.Value`);
    if (values.length > 200) throw new Ec2Fault(400, 'FilterLimitExceeded', 'The maximum number of filter values specified on a single call is 200');
    out.push({ name, values });
  }
  return out;
}

/** Filters AND-ed, values OR-ed, `*` and `?` wildcards, as EC2 matches them. */
function matches(filters: Array<{ name: string; values: string[] }>, value: (name: string) => string | undefined): boolean {
  return filters.every(f => {
    const v = value(f.name);
    return v !== undefined && f.values.some(pattern => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(v));
  });
}

function el(name: string, value: string | number | boolean): string {
  return `<${name}>${esc(String(value))}</${name}>`;
}

function tagSet(tags: { [key: string]: string } | undefined): string {
  const entries = Object.entries(tags ?? {});
  return `<tagSet>${entries.map(([k, v]) => `<item>${el('key', k)}${el('value', v)}</item>`).join('')}</tagSet>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface SignatureCheck {
  readonly region?: string;
  readonly error?: { readonly status: number; readonly code: string; readonly message: string };
}

/** The request's SigV4 signature (service ec2), with EC2's errors for what is wrong. */
function verifySignature(req: http.IncomingMessage, body: Buffer): SignatureCheck {
  const { problem, region, service } = checkSigV4(req, body, 'ec2');
  switch (problem) {
    case 'ok': return { region };
    case 'wrong-scope': return { region, error: { status: 401, code: 'AuthFailure', message: `Credential should be scoped to correct service: 'ec2'. got '${service}'` } };
    case 'payload-hash-mismatch': return { region, error: { status: 400, code: 'XAmzContentSHA256Mismatch', message: 'The provided x-amz-content-sha256 header does not match what was computed.' } };
    default: return { region, error: { status: 401, code: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials' } };
  }
}
