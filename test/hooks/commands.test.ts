/**
 * The pre/post machinery every hook shares (holder process, auto thaw, exit codes 1 and
 * 201-206), executed for real: custom-command hooks whose commands write marker files, run
 * from the synthesized document as SSM runs them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { ConsistentBackupHook, CommandsHookProps } from '../../src';
import { testApp } from '../harness';
import {
  AgentRefused, EXECUTION_ID, extractScript, holderPids, killHolder, linesOf, processAlive, runScript, scratchDir, stateDir, waitFor,
} from './support';

const marks = path.join(scratchDir(), 'marks');
fs.mkdirSync(marks);
const log = (name: string) => path.join(marks, name);

const app = testApp();
const stack = new Stack(app, 'Commands', { env: { account: '123456789012', region: 'us-east-1' } });
const states: string[] = [];

/** A hook whose pre/post commands append to marks/<id>.log; returns its script and state directory. */
function hook(id: string, props: Partial<CommandsHookProps> = {}): { script: () => string; state: string; log: string } {
  const state = stateDir(id);
  states.push(state);
  const file = log(`${id}.log`);
  ConsistentBackupHook.commands(stack, id, {
    pre: [`echo "pre $DLM_EXECUTION_ID $HOOK_STAGE" >> ${file}`],
    post: [`echo "post $HOOK_RELEASE_REASON $HOOK_STAGE" >> ${file}`],
    stateDirectory: state,
    autoThaw: Duration.seconds(2),
    ...props,
  });
  return { script: () => extractScript(stack, id), state, log: file };
}

const cycle = hook('Cycle');
const twice = hook('Twice');
const lonelyPost = hook('LonelyPost');
const thaw = hook('AutoThaw');
const failingPre = hook('FailingPre', { pre: ['echo "pre started" >> ' + log('FailingPre.log'), 'false', 'echo "never" >> ' + log('FailingPre.log')] });
const failingPost = hook('FailingPost', { post: ['exit 3'] });
const dryRun = hook('DryRun');
const badSyntax = hook('BadSyntax', { pre: ['if then'] });
const invalid = hook('Invalid');
const detached = hook('Detached', { autoThaw: Duration.seconds(60) });
const killed = hook('Killed', { autoThaw: Duration.seconds(60) });
const interrupted = hook('Interrupted', { autoThaw: Duration.seconds(60) });
const slowPre = hook('SlowPre', { pre: [`sleep 9; echo "pre finished" >> ${log('SlowPre.log')}`], timeout: Duration.seconds(10) });
const retried = hook('Retried', { pre: [`sleep 9; echo "pre finished" >> ${log('Retried.log')}`], timeout: Duration.seconds(10) });
const preOnly = hook('PreOnly', { post: undefined });
const postOnly = hook('PostOnly', { pre: undefined });

afterAll(() => {
  for (const state of states) killHolder(state);
});

describe('a custom-command hook', () => {
  test('pre-script runs the pre commands and keeps the holder; post-script runs the post commands', () => {
    // WHEN
    const pre = runScript(cycle.script(), 'pre-script');
    // THEN
    expect(pre.output).toContain('pre-script done: the application frozen');
    expect(pre.status).toBe(0);
    expect(linesOf(cycle.log)).toEqual([`pre ${EXECUTION_ID} pre`]);
    const [holder] = holderPids(cycle.state);
    expect(processAlive(holder)).toBe(true);

    // WHEN
    const post = runScript(cycle.script(), 'post-script');
    // THEN
    expect(post.output).toContain('post-script done: the application thawed');
    expect(post.status).toBe(0);
    expect(linesOf(cycle.log)).toEqual([`pre ${EXECUTION_ID} pre`, 'post released post']);
    expect(processAlive(holder)).toBe(false);
  });

  test('the holder runs in its own session and outlives the pre-script', () => {
    const pre = runScript(detached.script(), 'pre-script');
    expect(pre.status).toBe(0);
    const [holder] = holderPids(detached.state);
    const stat = fs.readFileSync(`/proc/${holder}/stat`, 'utf8');
    const session = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
    expect(session).toEqual(holder);
    expect(fs.readFileSync(`/proc/${holder}/cmdline`, 'utf8')).toContain('cdk-tiered-backup-holder');
    expect(runScript(detached.script(), 'post-script').status).toBe(0);
  });

  test('a second pre-script while frozen exits 204 and changes nothing', () => {
    expect(runScript(twice.script(), 'pre-script').status).toBe(0);
    const again = runScript(twice.script(), 'pre-script');
    expect(again.status).toBe(204);
    expect(again.output).toContain('pre-script initiated while post-script was expected: the application is already frozen');
    expect(linesOf(twice.log)).toHaveLength(1);
    expect(runScript(twice.script(), 'post-script').status).toBe(0);
  });

  test('a post-script without a pre-script exits 205 and runs nothing', () => {
    const post = runScript(lonelyPost.script(), 'post-script');
    expect(post.status).toBe(205);
    expect(post.output).toContain('post-script initiated while pre-script was expected: the application is not frozen');
    expect(linesOf(lonelyPost.log)).toEqual([]);
  });

  test('auto thaw: without a post-script the post commands run after autoThaw, and the late post-script exits 203', () => {
    // GIVEN
    expect(runScript(thaw.script(), 'pre-script').status).toBe(0);
    // WHEN nothing comes
    const waited = waitFor(() => linesOf(thaw.log).length === 2, 6_000, 'the auto thaw');
    // THEN
    expect(waited).toBeGreaterThanOrEqual(1_500);
    expect(linesOf(thaw.log)[1]).toEqual('post auto-thawed post');
    const late = runScript(thaw.script(), 'post-script');
    expect(late.output).toContain('auto thaw occurred before the post-script was initiated (after 2s)');
    expect(late.status).toBe(203);
    // the 203 is reported once: the cycle is over
    expect(runScript(thaw.script(), 'post-script').status).toBe(205);
  });

  test('a failing pre command fails the pre-script with 201; nothing stays frozen', () => {
    const pre = runScript(failingPre.script(), 'pre-script');
    expect(pre.status).toBe(201);
    expect(pre.output).toContain('pre-script failed: the application could not be frozen');
    expect(linesOf(failingPre.log)).toEqual(['pre started']);
    expect(holderPids(failingPre.state)).toEqual([]);
    expect(runScript(failingPre.script(), 'post-script').status).toBe(205);
  });

  test('a failing post command fails the post-script with 202', () => {
    expect(runScript(failingPost.script(), 'pre-script').status).toBe(0);
    const post = runScript(failingPost.script(), 'post-script');
    expect(post.output).toContain('post-script failed: releasing the application failed');
    expect(post.status).toBe(202);
  });

  test('dry-run checks the commands\' syntax, runs nothing and creates no state', () => {
    const dry = runScript(dryRun.script(), 'dry-run');
    expect(dry.status).toBe(0);
    expect(dry.output).toContain('dry-run done');
    expect(linesOf(dryRun.log)).toEqual([]);
    expect(fs.existsSync(dryRun.state)).toBe(false);

    const bad = runScript(badSyntax.script(), 'dry-run');
    expect(bad.output).toContain('the pre commands have a syntax error');
    expect(bad.status).toBe(206);
  });

  test('an invalid command exits 1 and touches nothing', () => {
    for (const command of ['bogus', '', 'pre-script; reboot']) {
      expect(() => runScript(invalid.script(), command)).toThrow(AgentRefused); // the agent refuses it
      const r = runScript(invalid.script(), command, { unchecked: true }); // the script's own guard
      expect(r.status).toBe(1);
      expect(r.output).toContain('ERROR: invalid command parameter; use pre-script, post-script or dry-run');
    }
    expect(fs.existsSync(invalid.state)).toBe(false);
    expect(linesOf(invalid.log)).toEqual([]);
  });

  test('a holder killed with SIGKILL: the post-script runs the post commands itself', () => {
    expect(runScript(killed.script(), 'pre-script').status).toBe(0);
    killHolder(killed.state, 'SIGKILL');
    waitFor(() => holderPids(killed.state).every((pid) => !processAlive(pid)), 5_000, 'the holder to die');
    const post = runScript(killed.script(), 'post-script');
    expect(post.output).toContain('the holder vanished without releasing the application');
    expect(post.status).toBe(0);
    expect(linesOf(killed.log)[1]).toEqual('post orphaned post');
  });

  test('a holder ended by someone else\'s SIGTERM releases at once, and the post-script exits 203', () => {
    expect(runScript(interrupted.script(), 'pre-script').status).toBe(0);
    killHolder(interrupted.state, 'SIGTERM');
    waitFor(() => linesOf(interrupted.log).length === 2, 5_000, 'the release');
    expect(linesOf(interrupted.log)[1]).toEqual('post interrupted post');
    const post = runScript(interrupted.script(), 'post-script');
    expect(post.output).toContain('the holder was interrupted and released the application before the post-script was initiated');
    expect(post.status).toBe(203);
  });

  test('a pre-script that cannot freeze within its timeout gives up with 201; the holder then releases (aborted)', () => {
    const pre = runScript(slowPre.script(), 'pre-script');
    expect(pre.output).toContain('the application was not frozen within 8s (giving up)');
    expect(pre.status).toBe(201);
    expect(pre.ms).toBeLessThan(10_000);
    waitFor(() => linesOf(slowPre.log).length === 2, 8_000, 'the aborted release');
    expect(linesOf(slowPre.log)).toEqual(['pre finished', 'post aborted post']);
    expect(runScript(slowPre.script(), 'post-script').status).toBe(205);
  }, 30_000);

  test('DLM\'s retry right after a pre-script gave up waits for the ending holder instead of reporting 204', () => {
    // GIVEN a pre-script that gave up while its holder still runs the pre commands
    expect(runScript(retried.script(), 'pre-script').status).toBe(201);
    expect(holderPids(retried.state).some(processAlive)).toBe(true);
    // WHEN the retry comes at once
    const retry = runScript(retried.script(), 'pre-script');
    // THEN it started over (and gave up again, the commands being as slow)
    expect(retry.output).not.toContain('already frozen');
    expect(retry.status).toBe(201);
    waitFor(() => linesOf(retried.log).length === 4, 10_000, 'both aborted releases');
    expect(linesOf(retried.log)).toEqual(['pre finished', 'post aborted post', 'pre finished', 'post aborted post']);
  }, 45_000);

  test('pre-only and post-only hooks run their one stage and no holder', () => {
    expect(runScript(preOnly.script(), 'pre-script').status).toBe(0);
    expect(linesOf(preOnly.log)).toEqual([`pre ${EXECUTION_ID} pre`]);
    expect(holderPids(preOnly.state)).toEqual([]);
    expect(runScript(preOnly.script(), 'post-script').output).toContain('no post-script commands');

    expect(runScript(postOnly.script(), 'pre-script').output).toContain('no pre-script commands');
    expect(runScript(postOnly.script(), 'post-script').status).toBe(0);
    expect(linesOf(postOnly.log)).toEqual(['post  post']);
  });
});
