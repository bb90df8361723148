/**
 * The EC2 account the tests of `points` and `restore` serve from FakeEc2: 4 restore points of a
 * critical volume (one pending, one archived, one with fast snapshot restore in one zone only),
 * 2 of a database volume (one made by hand), and a DR copy in another Region.
 */
import { FakeInstance, FakeSnapshot } from './fake-ec2';

export const DR_REGION = 'us-west-2';
export const CRITICAL_POLICY = 'policy-0c1c2c3c4c5c6c7c8';
export const DATABASE_POLICY = 'policy-0d1d2d3d4d5d6d7d8';
export const VOLUME = 'vol-0aaaaaaaaaaaaaaa1';
export const DB_VOLUME = 'vol-0bbbbbbbbbbbbbbb2';
export const ROOT_VOLUME = 'vol-0ccccccccccccccc3';
export const INSTANCE = 'i-0123456789abcdef0';

function dlmTags(policy: string, schedule: string, tier: string): { [key: string]: string } {
  return { 'aws:dlm:lifecycle-policy-id': policy, 'aws:dlm:lifecycle-schedule-name': schedule, 'dlm:managed': 'true', 'cdk-tiered-backup:tier': tier, 'backup-tier': tier };
}

/** The account: 4 restore points of the critical volume (one pending, one archived, one with FSR in one AZ), 2 of the database volume, a DR copy. */
export const SNAPSHOTS: FakeSnapshot[] = [
  { SnapshotId: 'snap-0a000000000000001', VolumeId: VOLUME, StartTime: '2026-12-06T00:00:12.000Z', Tags: dlmTags(CRITICAL_POLICY, 'Every4Hours', 'critical'), fastRestore: { 'us-east-1a': 'enabled' } },
  { SnapshotId: 'snap-0a000000000000002', VolumeId: VOLUME, StartTime: '2026-12-05T20:00:09.000Z', Tags: dlmTags(CRITICAL_POLICY, 'Every4Hours', 'critical') },
  { SnapshotId: 'snap-0a000000000000003', VolumeId: VOLUME, StartTime: '2026-11-01T02:00:31.000Z', StorageTier: 'archive', Tags: dlmTags(CRITICAL_POLICY, 'Monthly', 'critical'), tiering: { status: 'archival-completed', archivalCompleteTime: '2026-11-02T02:00:00.000Z' } },
  { SnapshotId: 'snap-0a000000000000004', VolumeId: VOLUME, StartTime: '2026-12-06T04:00:05.000Z', State: 'pending', Progress: '40%', Tags: dlmTags(CRITICAL_POLICY, 'Every4Hours', 'critical') },
  { SnapshotId: 'snap-0b000000000000001', VolumeId: DB_VOLUME, StartTime: '2026-12-06T02:00:00.000Z', Tags: dlmTags(DATABASE_POLICY, 'Every2Hours', 'database') },
  { SnapshotId: 'snap-0b000000000000002', VolumeId: DB_VOLUME, StartTime: '2026-12-05T00:00:00.000Z', Tags: { Name: 'before the upgrade' } },
  // the DR copy of the newest critical snapshot, as EC2 describes copies
  {
    SnapshotId: 'snap-0e000000000000001',
    VolumeId: 'vol-ffffffff',
    region: DR_REGION,
    StartTime: '2026-12-06T00:20:00.000Z',
    Description: '[Copied snap-0a000000000000001 from us-east-1] Created for policy: policy-0c1c2c3c4c5c6c7c8 schedule: Every4Hours',
    Tags: dlmTags(CRITICAL_POLICY, 'Every4Hours', 'critical'),
  },
];

export const INSTANCES: FakeInstance[] = [
  { InstanceId: INSTANCE, State: 'running', AvailabilityZone: 'us-east-1b', RootDeviceName: '/dev/xvda', devices: { '/dev/xvda': ROOT_VOLUME, '/dev/sdf': DB_VOLUME } },
  { InstanceId: 'i-0fffffffffffffff0', State: 'stopped', AvailabilityZone: 'us-east-1a', devices: {} },
];
