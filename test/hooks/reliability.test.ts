/**
 * Issue 15, items 4, 5, 7 and 8 on the machinery every hook shares, with custom commands and
 * a recording fsfreeze (the real file system is in fsfreeze.db.test.ts, the real databases in
 * *.db.test.ts):
 *  - a failed thaw is run again by the next post-script until it succeeds (idempotent thaw);
 *  - the auto thaw does not depend on the holder: a holder killed with SIGKILL is thawed by the
 *    watchdog when the auto thaw is due;
 *  - exit codes as the table in docs/security.md says;
 *  - the document's size is checked against SSM's limit at synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { ConsistentBackupHook, CommandsHookProps } from '../../src';
import { testApp } from '../harness';
import {
  extractScript, holderPids, killHolder, killWatchdog, linesOf, makeShims, processAlive, runScript, scratchDir, stateDir, waitFor, watchdogPids,
} from './support';

const marks = path.join(scratchDir(), 'marks');
fs.mkdirSync(marks);

const app = testApp();
const stack = new Stack(app, 'Reliability', { env: { account: '123456789012', region: 'us-east-1' } });

function commandsHook(id: string, props: Partial<CommandsHookProps> = {}): { script: () => string; state: string; log: string } {
  const state = stateDir(id);
  const file = path.join(marks, `${id}.log`);
  ConsistentBackupHook.commands(stack, id, {
    pre: [`echo "pre" >> ${file}`],
    post: [`echo "post $HOOK_RELEASE_REASON" >> ${file}`],
    stateDirectory: state,
    autoThaw: Duration.seconds(60),
    ...props,
  });
  return { script: () => extractScript(stack, id), state, log: file };
}

const A = '/cdk-tiered-backup-test/data';
const B = '/cdk-tiered-backup-test/logs';
const calls = path.join(scratchDir(), 'fsfreeze.calls');
const shims = makeShims({
  fsfreeze: `echo "fsfreeze $*" >> "$FSFREEZE_CALLS"
[ "$1" = --unfreeze ] && [ -e "$FAIL_UNFREEZE_FLAG" ] && [ "$2" = "$(cat "$FAIL_UNFREEZE_FLAG")" ] && { echo "fsfreeze: $2: unfreeze failed: Device or resource busy" >&2; exit 1; }
exit 0`,
  mountpoint: 'exit 0',
});
const failFlag = path.join(scratchDir(), 'fail-unfreeze');
const fsEnv = { PATH: `${shims}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, FSFREEZE_CALLS: calls, FAIL_UNFREEZE_FLAG: failFlag };
function fsfreezeHook(id: string, autoThaw = Duration.seconds(60)): { script: () => string; state: string } {
  const state = stateDir(id);
  ConsistentBackupHook.fsfreeze(stack, id, { mountPoints: [A, B], autoThaw, stateDirectory: state });
  return { script: () => extractScript(stack, id), state };
}

// post commands that fail while the flag file exists
const flaky = path.join(marks, 'flaky.flag');
const failingThaw = commandsHook('FailingThaw', { post: [`echo "post $HOOK_RELEASE_REASON" >> ${path.join(marks, 'FailingThaw.log')}`, `[ ! -e ${flaky} ]`] });
const fsRetry = fsfreezeHook('FsRetry');
const killedCommands = commandsHook('KilledCommands', { autoThaw: Duration.seconds(2) });
const killedFs = fsfreezeHook('KilledFs', Duration.seconds(2));
const exitTwo = commandsHook('ExitTwo', { pre: ['exit 2'] });

beforeEach(() => {
  fs.rmSync(calls, { force: true });
  fs.rmSync(failFlag, { force: true });
});

describe('a failed thaw is run again until it succeeds (item 4)', () => {
  test('custom commands: post commands that fail give 202; the retried post-script runs them again and exits 0', () => {
    // GIVEN a freeze whose post commands fail the first time
    expect(runScript(failingThaw.script(), 'pre-script').status).toBe(0);
    fs.writeFileSync(flaky, '');
    const first = runScript(failingThaw.script(), 'post-script');
    expect(first.status).toBe(202);
    expect(linesOf(failingThaw.log)).toEqual(['pre', 'post released']);
    // WHEN the cause is gone and DLM retries the post-script
    fs.rmSync(flaky);
    const retry = runScript(failingThaw.script(), 'post-script');
    // THEN the thaw ran again and succeeded
    expect(retry.output).toContain('thawing the application again');
    expect(retry.status).toBe(0);
    expect(linesOf(failingThaw.log)).toEqual(['pre', 'post released', 'post retry']);
    // and the cycle is over
    expect(runScript(failingThaw.script(), 'post-script').status).toBe(205);
  });

  test('fsfreeze: a mount point that could not be thawed is thawed by the retried post-script (and only it)', () => {
    expect(runScript(fsRetry.script(), 'pre-script', { env: fsEnv }).status).toBe(0);
    fs.writeFileSync(failFlag, B);
    const first = runScript(fsRetry.script(), 'post-script', { env: fsEnv });
    expect(first.output).toContain(`could not thaw ${B}`);
    expect(first.status).toBe(202);
    // a pre-script now must not freeze again on top: still frozen
    expect(runScript(fsRetry.script(), 'pre-script', { env: fsEnv }).status).toBe(204);
    fs.rmSync(failFlag);
    const retry = runScript(fsRetry.script(), 'post-script', { env: fsEnv });
    expect(retry.status).toBe(0);
    expect(linesOf(calls)).toEqual([
      `fsfreeze --freeze ${A}`, `fsfreeze --freeze ${B}`,
      `fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`, // the first post-script: B failed
      `fsfreeze --unfreeze ${B}`, // the pre-script's attempt (failed again)
      `fsfreeze --unfreeze ${B}`, // the retry
    ]);
  });
});

describe('the auto thaw does not depend on the holder (item 5)', () => {
  test('custom commands: a holder killed with SIGKILL is auto-thawed by the watchdog; the late post-script exits 203', () => {
    expect(runScript(killedCommands.script(), 'pre-script').status).toBe(0);
    const [holder] = holderPids(killedCommands.state);
    const lockedAt = Date.now();
    killHolder(killedCommands.state, 'SIGKILL');
    waitFor(() => !processAlive(holder), 5_000, 'the holder to die');
    // WHEN no post-script comes
    waitFor(() => linesOf(killedCommands.log).length === 2, 15_000, 'the auto thaw by the watchdog');
    // THEN the post commands ran as the auto thaw, once
    expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(1_500);
    expect(linesOf(killedCommands.log)).toEqual(['pre', 'post auto-thawed']);
    const late = runScript(killedCommands.script(), 'post-script');
    expect(late.output).toContain('had been released before the post-script was initiated');
    expect(late.status).toBe(203);
    expect(linesOf(killedCommands.log)).toHaveLength(2);
  }, 30_000);

  test('fsfreeze: a holder killed with SIGKILL is thawed (in reverse order) when the auto thaw is due', () => {
    expect(runScript(killedFs.script(), 'pre-script', { env: fsEnv }).status).toBe(0);
    killHolder(killedFs.state, 'SIGKILL');
    waitFor(() => linesOf(calls).length === 4, 15_000, 'the auto thaw by the watchdog');
    expect(linesOf(calls).slice(2)).toEqual([`fsfreeze --unfreeze ${B}`, `fsfreeze --unfreeze ${A}`]);
    expect(runScript(killedFs.script(), 'post-script', { env: fsEnv }).status).toBe(203);
    // the watchdog's work is done: it ends
    waitFor(() => watchdogPids(killedFs.state).every((pid) => !processAlive(pid)), 5_000, 'the watchdog to end');
  }, 30_000);

  afterAll(() => {
    killWatchdog(killedCommands.state);
    killWatchdog(killedFs.state);
  });
});

describe('exit codes as documented (item 7)', () => {
  test('a pre command that exits 2 fails the pre-script with 201 (not 206)', () => {
    const r = runScript(exitTwo.script(), 'pre-script');
    expect(r.output).toContain('pre-script failed: the application could not be frozen');
    expect(r.status).toBe(201);
  });

  test('the exit codes of docs/security.md are the ones in every script\'s header', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]);
    expect(rows.map(([code]) => code)).toEqual(['0', '1', '201', '202', '203', '204', '205', '206']);
    const hook = stack.node.findChild('FailingThaw') as ConsistentBackupHook;
    for (const [code, meaning] of rows) {
      expect(hook.shellScript).toContain(`#   ${code.padEnd(3)} ${meaning}\n`);
    }
  });
});

describe('the document size (item 8)', () => {
  test('commands within 32,000 characters each that make the document larger than SSM\'s 64 KB are refused at synth', () => {
    const s = new Stack(testApp(), 'Stack');
    expect(() => ConsistentBackupHook.commands(s, 'Hook', { pre: ['x'.repeat(32_000)], post: ['y'.repeat(32_000)] })).toThrow(
      /^\[Stack\/Hook\] `pre` and `post` make the SSM document \d+ bytes; it must be at most 65536 bytes \(SSM's document size limit\), got \d+ bytes$/);
  });

  test('one stage of 32,000 characters with quotes (escaped in the JSON) is measured as sent', () => {
    const s = new Stack(testApp(), 'Stack');
    expect(() => ConsistentBackupHook.commands(s, 'Hook', { pre: ['"\\'.repeat(16_000)] })).toThrow(/must be at most 65536 bytes/);
  });

  test('a large document within the limit synthesizes', () => {
    const s = new Stack(testApp(), 'Stack');
    ConsistentBackupHook.commands(s, 'Hook', { pre: ['x'.repeat(20_000)], post: ['y'.repeat(20_000)] });
    const content = JSON.stringify(s.resolve((s.node.findChild('Hook') as ConsistentBackupHook).document.content));
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(65_536);
  });
});
