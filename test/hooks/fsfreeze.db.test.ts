/**
 * The fsfreeze hook on REAL ext4 file systems: .ci/databases.sh loop-mounts two at
 * /mnt/cdk-tiered-backup-ext4-a and -b. The script is taken from the synthesized document and
 * run as the SSM Agent runs it, as root, with the real util-linux fsfreeze.
 *
 * "Frozen" is observed from outside: creating a file on a frozen file system blocks, so a
 * `touch` killed after half a second (exit 137) means frozen; one that finishes means thawed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { ConsistentBackupHook } from '../../src';
import { testApp } from '../harness';
import {
  describeWhen, extractScript, holderPids, killHolder, killWatchdog, processAlive, runScript, stateDir, succeeds, waitFor,
} from './support';

const A = '/mnt/cdk-tiered-backup-ext4-a';
const B = '/mnt/cdk-tiered-backup-ext4-b';
let probes = 0;

/** Whether creating a file on the mount point blocks (the file system is frozen). */
function frozen(mount: string): boolean {
  // stdio ignored: a child blocked on the frozen file system must not hold our pipes open
  const r = spawnSync('timeout', ['-s', 'KILL', '0.5', 'touch', path.join(mount, `probe-${process.pid}-${++probes}`)], { stdio: 'ignore' });
  return r.status === 137 || r.signal === 'SIGKILL'; // timeout kills its own process group too
}

/** Thaws whatever a failed test left frozen (the mount points are shared by the test runs). */
function thawAll(): void {
  for (const m of [A, B]) spawnSync('fsfreeze', ['--unfreeze', m]);
}

const app = testApp();
const stack = new Stack(app, 'Ext4', { env: { account: '123456789012', region: 'us-east-1' } });
const states: string[] = [];
function hook(id: string, autoThaw = Duration.seconds(60)): { script: () => string; state: string } {
  const state = stateDir(id);
  states.push(state);
  ConsistentBackupHook.fsfreeze(stack, id, { mountPoints: [A, B], autoThaw, stateDirectory: state });
  return { script: () => extractScript(stack, id), state };
}
const cycle = hook('Cycle');
const killed = hook('Killed', Duration.seconds(2));
const thawedByHand = hook('ThawedByHand');
const notMounted = (() => {
  const state = stateDir('NotMounted');
  ConsistentBackupHook.fsfreeze(stack, 'NotMounted', { mountPoints: [A, '/mnt/cdk-tiered-backup-not-mounted'], stateDirectory: state });
  return () => extractScript(stack, 'NotMounted');
})();

const mounted = succeeds('mountpoint', ['-q', A]) && succeeds('mountpoint', ['-q', B]);

describeWhen(mounted, `ext4 loop mounts at ${A} and ${B}`, 'fsfreeze hook on real ext4 file systems', () => {
  afterEach(() => {
    for (const state of states) {
      killHolder(state);
      killWatchdog(state);
    }
    thawAll();
    waitFor(() => !frozen(A) && !frozen(B), 10_000, 'both file systems thawed');
  });

  test('pre-script freezes both (writes block); post-script thaws both (writes go on)', () => {
    expect(frozen(A)).toBe(false);
    const pre = runScript(cycle.script(), 'pre-script');
    expect(pre.status).toBe(0);
    expect(frozen(A)).toBe(true);
    expect(frozen(B)).toBe(true);
    const post = runScript(cycle.script(), 'post-script');
    expect(post.status).toBe(0);
    expect(frozen(A)).toBe(false);
    expect(frozen(B)).toBe(false);
  });

  test('a holder killed with SIGKILL: the file systems stay frozen until the auto thaw, which the watchdog does (item 5)', () => {
    // GIVEN
    expect(runScript(killed.script(), 'pre-script').status).toBe(0);
    const lockedAt = Date.now();
    const [holder] = holderPids(killed.state);
    // WHEN the holder is killed (OOM killer, an operator) and no post-script comes
    killHolder(killed.state, 'SIGKILL');
    waitFor(() => !processAlive(holder), 5_000, 'the holder to die');
    expect(frozen(A)).toBe(true);
    // THEN the watchdog thaws them when the auto thaw (2 s) is due
    waitFor(() => !frozen(A) && !frozen(B), 15_000, 'the auto thaw by the watchdog');
    expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(1_500);
    const late = runScript(killed.script(), 'post-script');
    expect(late.output).toContain('had been released before the post-script was initiated');
    expect(late.status).toBe(203);
  }, 30_000);

  test('someone thaws a file system by hand mid-window: the post-script exits 203, not 0 (item 6)', () => {
    expect(runScript(thawedByHand.script(), 'pre-script').status).toBe(0);
    expect(spawnSync('fsfreeze', ['--unfreeze', B]).status).toBe(0);
    const post = runScript(thawedByHand.script(), 'post-script');
    expect(post.output).toContain(`${B} was not frozen any more`);
    expect(post.output).toContain('the freeze did not hold until the post-script: the snapshot is not application-consistent');
    expect(post.status).toBe(203);
    expect(frozen(A)).toBe(false);
  });

  test('a mount point that is not mounted: 206 and nothing frozen', () => {
    const pre = runScript(notMounted(), 'pre-script');
    expect(pre.output).toContain('/mnt/cdk-tiered-backup-not-mounted is not a mount point');
    expect(pre.status).toBe(206);
    expect(frozen(A)).toBe(false);
  });

  test('the probe is sound: a file system frozen by hand is seen as frozen', () => {
    expect(spawnSync('fsfreeze', ['--freeze', A]).status).toBe(0);
    expect(frozen(A)).toBe(true);
    expect(fs.existsSync(A)).toBe(true);
  });
});
