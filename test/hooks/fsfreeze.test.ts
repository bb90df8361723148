/**
 * The fsfreeze hook, executed from the synthesized document. Freezing needs a real file system
 * and privileges a test machine should not give away, so `fsfreeze` and `mountpoint` are
 * RECORDING SHIMS first on PATH: they log their arguments (and fail when told to), which
 * proves the command sequence (freeze in order, thaw in reverse, thaw on failure, auto thaw)
 * without freezing anything. The mount points do not exist on this machine either, so even
 * the real fsfreeze could only fail.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { ConsistentBackupHook } from '../../src';
import { testApp } from '../harness';
import {
  extractScript, holderPids, killHolder, linesOf, makeShims, processAlive, runScript, scratchDir, stateDir, waitFor,
} from './support';

const A = '/cdk-tiered-backup-test/data';
const B = '/cdk-tiered-backup-test/logs@1';
const calls = path.join(scratchDir(), 'fsfreeze.calls');
const shims = makeShims({
  // Logs "fsfreeze <args>"; fails for the mount point in $FAIL_FREEZE / $FAIL_UNFREEZE.
  fsfreeze: `echo "fsfreeze $*" >> "$FSFREEZE_CALLS"
[ "$1" = --freeze ] && [ "$2" = "\${FAIL_FREEZE:-}" ] && { echo "fsfreeze: $2: failed" >&2; exit 1; }
[ "$1" = --unfreeze ] && [ "$2" = "\${FAIL_UNFREEZE:-}" ] && { echo "fsfreeze: $2: failed" >&2; exit 1; }
exit 0`,
  // "mountpoint -q <dir>": only the directories in $MOUNTED are mount points.
  mountpoint: `for m in $MOUNTED; do [ "$m" = "$2" ] && exit 0; done
exit 1`,
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: `${shims}:${process.env.PATH}`, FSFREEZE_CALLS: calls, MOUNTED: `${A} ${B}`, ...extra };
}

const app = testApp();
const stack = new Stack(app, 'Fsfreeze', { env: { account: '123456789012', region: 'us-east-1' } });
const states: string[] = [];
function hook(id: string, autoThaw = Duration.seconds(60)): { script: () => string; state: string } {
  const state = stateDir(id);
  states.push(state);
  ConsistentBackupHook.fsfreeze(stack, id, { mountPoints: [A, B], autoThaw, stateDirectory: state });
  return { script: () => extractScript(stack, id), state };
}
const cycle = hook('Cycle');
const dry = hook('Dry');
const unmounted = hook('Unmounted');
const failing = hook('Failing');
const thaw = hook('AutoThaw', Duration.seconds(2));
const killed = hook('Killed');
const stuck = hook('Stuck');

beforeEach(() => {
  fs.rmSync(calls, { force: true });
});
afterAll(() => {
  for (const state of states) killHolder(state);
});

describe('fsfreeze (recording shim)', () => {
  test('pre-script freezes in order; post-script thaws in reverse order', () => {
    const pre = runScript(cycle.script(), 'pre-script', { env: env() });
    expect(pre.output).toContain(`froze ${A}`);
    expect(pre.status).toBe(0);
    expect(linesOf(calls)).toEqual([`fsfreeze --freeze ${A}`, `fsfreeze --freeze ${B}`]);

    const post = runScript(cycle.script(), 'post-script', { env: env() });
    expect(post.status).toBe(0);
    expect(linesOf(calls)).toEqual([
      `fsfreeze --freeze ${A}`, `fsfreeze --freeze ${B}`, `fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`,
    ]);
  });

  test('dry-run checks the mount points and freezes nothing', () => {
    const r = runScript(dry.script(), 'dry-run', { env: env() });
    expect(r.output).toContain(`would freeze ${A} ${B}`);
    expect(r.status).toBe(0);
    expect(linesOf(calls)).toEqual([]);
  });

  test('a mount point that is not mounted: 206 (not ready), nothing frozen', () => {
    const r = runScript(unmounted.script(), 'pre-script', { env: env({ MOUNTED: A }) });
    expect(r.output).toContain(`ERROR: ${B} is not a mount point`);
    expect(r.status).toBe(206);
    expect(linesOf(calls)).toEqual([]);
    expect(runScript(unmounted.script(), 'dry-run', { env: env({ MOUNTED: A }) }).status).toBe(206);
  });

  test('when the second freeze fails, the first is thawed and the pre-script exits 201', () => {
    const r = runScript(failing.script(), 'pre-script', { env: env({ FAIL_FREEZE: B }) });
    expect(r.output).toContain(`could not freeze ${B}`);
    expect(r.status).toBe(201);
    expect(linesOf(calls)).toEqual([`fsfreeze --freeze ${A}`, `fsfreeze --freeze ${B}`, `fsfreeze --unfreeze ${A}`]);
    expect(runScript(failing.script(), 'post-script', { env: env() }).status).toBe(205);
  });

  test('auto thaw after autoThaw; the late post-script exits 203 and thaws nothing twice', () => {
    expect(runScript(thaw.script(), 'pre-script', { env: env() }).status).toBe(0);
    const waited = waitFor(() => linesOf(calls).length === 4, 6_000, 'the auto thaw');
    expect(waited).toBeGreaterThanOrEqual(1_500);
    expect(linesOf(calls).slice(2)).toEqual([`fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`]);
    expect(runScript(thaw.script(), 'post-script', { env: env() }).status).toBe(203);
    expect(linesOf(calls)).toHaveLength(4);
  });

  test('a holder killed with SIGKILL cannot thaw: the post-script thaws what is still frozen', () => {
    expect(runScript(killed.script(), 'pre-script', { env: env() }).status).toBe(0);
    const [holder] = holderPids(killed.state);
    killHolder(killed.state, 'SIGKILL');
    waitFor(() => !processAlive(holder), 5_000, 'the holder to die');
    const post = runScript(killed.script(), 'post-script', { env: env() });
    expect(post.output).toContain('the holder vanished without releasing the file systems');
    expect(post.status).toBe(0);
    expect(linesOf(calls).slice(2)).toEqual([`fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`]);
  });

  test('a thaw that fails makes the post-script exit 202', () => {
    expect(runScript(stuck.script(), 'pre-script', { env: env({ FAIL_UNFREEZE: B }) }).status).toBe(0);
    const post = runScript(stuck.script(), 'post-script', { env: env() });
    expect(post.output).toContain(`could not thaw ${B}`);
    expect(post.status).toBe(202);
    // the other file system was still thawed
    expect(linesOf(calls).slice(2)).toEqual([`fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`]);
  });
});
