/**
 * Issue 15, item 2: the state directory cannot be turned against root. At synth, shared and
 * system directories (and anything under a world-writable one such as /tmp) are refused; at
 * run time the directory is created safely (every directory above it root's and writable by
 * root only, the directory itself a real directory of root's with mode 700, state files written
 * through mktemp and rename), and a script that finds it unsafe writes nothing and exits 206.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { ConsistentBackupHook } from '../../src';
import { testApp } from '../harness';
import { extractScript, linesOf, runScript, scratchDir, stateRootDir } from './support';

const NOBODY = 65534;
const marks = path.join(scratchDir(), 'marks');
fs.mkdirSync(marks);

describe('at synth', () => {
  function errorOf(stateDirectory: string): string {
    try {
      ConsistentBackupHook.fsfreeze(new Stack(testApp(), 'Stack'), 'Hook', { mountPoints: ['/data'], stateDirectory });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  }

  test.each([
    '/tmp', '/tmp/hooks', '/var/tmp/hooks/x', '/dev/shm/hooks', '/run/lock/hooks', '/var/lock/hooks', '/var/crash/hooks',
  ])('refuses %s (a world-writable directory or below one)', (dir) => {
    expect(errorOf(dir)).toEqual(
      `[Stack/Hook] \`stateDirectory\` must be a directory of its own, not under a world-writable directory (/tmp, /var/tmp, /dev/shm, /run/lock, /var/lock, /var/crash), got "${dir}"`);
  });

  test.each([
    '/etc', '/run', '/var/run', '/var/lib', '/root', '/home', '/usr/local', '/var/log', '/opt', '/srv', '/bin', '/var',
  ])('refuses the system directory %s', (dir) => {
    expect(errorOf(dir)).toEqual(
      `[Stack/Hook] \`stateDirectory\` must be a directory of its own, not a system directory (/, /etc, /run, /var/lib, ...), got "${dir}"`);
  });

  test.each(['/proc/hooks', '/sys/x', '/dev/hooks', '/boot/hooks'])('refuses %s (a virtual or boot file system)', (dir) => {
    expect(errorOf(dir)).toEqual(
      `[Stack/Hook] \`stateDirectory\` must not be under /proc, /sys, /dev or /boot, got "${dir}"`);
  });

  test.each(['/run/cdk-tiered-backup/db', '/var/lib/dlm-hooks', '/run/my-app', '/opt/app/state'])('accepts %s', (dir) => {
    const stack = new Stack(testApp(), 'Stack');
    const hook = ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'], stateDirectory: dir });
    expect(hook.shellScript).toContain(`export HOOK_STATE_DIR='${dir}'`);
  });
});

describe('at run time', () => {
  const app = testApp();
  const stack = new Stack(app, 'StateDirectory', { env: { account: '123456789012', region: 'us-east-1' } });
  const root = stateRootDir();
  // a world-writable (sticky) parent, like /tmp, that synth cannot know about
  const shared = path.join(root, 'shared');
  fs.mkdirSync(shared);
  fs.chmodSync(shared, 0o1777);
  // a safe parent for the other cases
  const safe = path.join(root, 'safe');
  fs.mkdirSync(safe, { mode: 0o755 });
  // a root-owned file the attacker wants overwritten
  const victim = path.join(marks, 'victim');

  function hook(id: string, stateDirectory: string): () => string {
    ConsistentBackupHook.commands(stack, id, { pre: [`echo pre >> ${path.join(marks, `${id}.log`)}`], post: ['true'], stateDirectory });
    return () => extractScript(stack, id);
  }
  const underShared = hook('UnderShared', path.join(shared, 'state'));
  const planted = hook('Planted', path.join(safe, 'planted'));
  const symlinked = hook('Symlinked', path.join(safe, 'symlinked'));
  const loose = hook('Loose', path.join(safe, 'loose'));
  const fresh = hook('Fresh', path.join(safe, 'fresh', 'state'));

  beforeEach(() => {
    fs.writeFileSync(victim, 'root data\n', { mode: 0o644 });
  });

  test('under a world-writable parent: a local user\'s planted directory and symlink are refused; nothing is written', () => {
    // GIVEN a local user who created the state directory first, with status.tmp -> a root-owned file
    const dir = path.join(shared, 'state');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    fs.symlinkSync(victim, path.join(dir, 'status.tmp'));
    fs.symlinkSync(victim, path.join(dir, 'holder.log'));
    fs.lchownSync(path.join(dir, 'status.tmp'), NOBODY, NOBODY);
    fs.chownSync(dir, NOBODY, NOBODY);
    // WHEN
    for (const command of ['pre-script', 'post-script']) {
      const r = runScript(underShared(), command);
      // THEN
      expect(r.output).toContain(`the state directory's parent ${shared} is writable by other users than root`);
      expect(r.status).toBe(206);
    }
    expect(fs.readFileSync(victim, 'utf8')).toEqual('root data\n');
    expect((fs.statSync(dir).mode % 0o1000).toString(8)).toEqual('777'); // not chmod-ed either
    expect(linesOf(path.join(marks, 'UnderShared.log'))).toEqual([]);
  });

  test('a state directory owned by another user is refused, not taken over', () => {
    const dir = path.join(safe, 'planted');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.symlinkSync(victim, path.join(dir, 'status.tmp'));
    fs.chownSync(dir, NOBODY, NOBODY);
    const r = runScript(planted(), 'pre-script');
    expect(r.output).toContain(`the state directory ${dir} is not root's own (owner 65534, mode 700)`);
    expect(r.status).toBe(206);
    expect(fs.readFileSync(victim, 'utf8')).toEqual('root data\n');
    expect(fs.statSync(dir).uid).toEqual(NOBODY);
  });

  test('a state directory that is a symlink is refused', () => {
    const target = path.join(marks, 'elsewhere');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.symlinkSync(target, path.join(safe, 'symlinked'));
    const r = runScript(symlinked(), 'pre-script');
    expect(r.output).toContain(`the state directory ${path.join(safe, 'symlinked')} is a symbolic link or not a directory`);
    expect(r.status).toBe(206);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  test('root\'s own directory with a loose mode is refused (not chmod-ed)', () => {
    const dir = path.join(safe, 'loose');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o755);
    const r = runScript(loose(), 'pre-script');
    expect(r.output).toContain(`the state directory ${dir} is not root's own (owner 0, mode 755)`);
    expect(r.status).toBe(206);
  });

  test('a missing state directory (and parent) is created root-only; the cycle works', () => {
    expect(runScript(fresh(), 'pre-script').status).toBe(0);
    const dir = path.join(safe, 'fresh', 'state');
    const st = fs.lstatSync(dir);
    expect(st.isDirectory()).toBe(true);
    expect(st.uid).toEqual(0);
    expect((st.mode % 0o1000).toString(8)).toEqual('700');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp') || f.startsWith('.'))).toEqual([]);
    expect(runScript(fresh(), 'post-script').status).toBe(0);
    // the state files are written with mktemp + rename: no fixed temporary names are used
    const script = fresh();
    expect(script).not.toContain('.tmp"');
    expect(spawnSync('grep', ['-c', 'mktemp', '-'], { input: script, encoding: 'utf8' }).stdout.trim()).not.toEqual('0');
  });
});
