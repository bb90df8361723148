/**
 * The MySQL/MariaDB hook against a REAL MariaDB on this machine (.ci/databases.sh installs it
 * from Debian and starts it; root connects over the socket /run/mysqld/mysqld.sock). The script
 * is taken from the synthesized document and run as SSM runs it, as root.
 *
 * "Locked" is observed from another connection: an INSERT with lock_wait_timeout=1 fails with
 * ER_LOCK_WAIT_TIMEOUT while the global read lock is held, and succeeds once it is released.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ConsistentBackupHook, MysqlHookProps } from '../../src';
import { testApp } from '../harness';
import {
  AgentRefused, describeWhen, extractScript, holderPids, killHolder, linesOf, makeShims, MYSQL_SOCKET, mysqlAvailable, mysqlQuery,
  processAlive, runScript, scratchDir, stateDir, waitFor,
} from './support';

const DB = 'cdk_tiered_backup_hooks';
/** A password with every character an option file or a shell could trip over. */
const PASSWORD = 'p"a\\ss#w \'o$rd`x;';
const USER = 'cdk_backup';

const app = testApp();
const stack = new Stack(app, 'MySql', { env: { account: '123456789012', region: 'eu-central-1' } });
const states: string[] = [];
function hook(id: string, props: Partial<MysqlHookProps> = {}): { script: () => string; state: string } {
  const state = stateDir(id);
  states.push(state);
  ConsistentBackupHook.mysql(stack, id, { socketPath: MYSQL_SOCKET, autoThaw: Duration.seconds(60), stateDirectory: state, ...props });
  return { script: () => extractScript(stack, id), state };
}

const cycle = hook('Cycle');
const thaw = hook('AutoThaw', { autoThaw: Duration.seconds(3) });
const dry = hook('Dry');
const unreachable = hook('Unreachable', { socketPath: '/run/mysqld/no-such-server.sock' });
const twice = hook('Twice');
const blocked = hook('Blocked', { lockTimeout: Duration.seconds(1), timeout: Duration.seconds(10) });
const killed = hook('Killed');
const lost = hook('Lost');
const stuck = hook('Stuck', { timeout: Duration.seconds(10) });
const awsCalls = path.join(scratchDir(), 'aws.calls');
const passwordFile = path.join(scratchDir(), 'password');
const secure = hook('SecureString', {
  socketPath: undefined,
  host: '127.0.0.1',
  user: USER,
  passwordParameter: ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: '/prod/mariadb/cdk-backup' }),
});
// A stand-in for the AWS CLI that records its arguments and prints the SecureString's value.
const shims = makeShims({ aws: `echo "aws $*" >> '${awsCalls}'\ncat '${passwordFile}'; echo` });

/** An INSERT from another connection, waiting at most 1 second for locks. */
function tryInsert(): { ok: boolean; err: string } {
  const r = mysqlQuery(`SET SESSION lock_wait_timeout = 1; INSERT INTO ${DB}.t (v) VALUES (1)`);
  return { ok: r.ok, err: r.err };
}

/** The connection ids of the server's other sessions. */
function connections(): string[] {
  return mysqlQuery('SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() ORDER BY ID').out.split('\n').filter((l) => l !== '');
}

/** The connection id the holder logged ("global read lock held by connection N"). */
function lockConnection(output: string): string {
  const m = /global read lock held by connection (\d+)/.exec(output);
  if (!m) throw new Error(`no lock connection in:\n${output}`);
  return m[1];
}

describeWhen(mysqlAvailable(), `MariaDB on ${MYSQL_SOCKET}`, 'MySQL/MariaDB hook on a real MariaDB', () => {
  beforeAll(() => {
    const setup = mysqlQuery([
      `CREATE DATABASE IF NOT EXISTS ${DB}`,
      `CREATE TABLE IF NOT EXISTS ${DB}.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB`,
      `DROP USER IF EXISTS '${USER}'@'localhost', '${USER}'@'127.0.0.1'`,
      `CREATE USER '${USER}'@'localhost' IDENTIFIED BY '${PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
      `CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
      `GRANT RELOAD ON *.* TO '${USER}'@'localhost'`,
      `GRANT RELOAD ON *.* TO '${USER}'@'127.0.0.1'`,
    ].join('; '));
    expect(setup.err).toEqual('');
    fs.writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });
  });

  afterEach(() => {
    // never leave a lock behind for the next test
    for (const state of states) killHolder(state);
    waitFor(() => tryInsert().ok, 10_000, 'writes to be possible again');
  });

  afterAll(() => {
    mysqlQuery(`DROP USER IF EXISTS '${USER}'@'localhost', '${USER}'@'127.0.0.1'`);
  });

  test('pre-script takes the global read lock: another connection cannot write; post-script releases it', () => {
    // GIVEN
    expect(tryInsert().ok).toBe(true);
    // WHEN
    const pre = runScript(cycle.script(), 'pre-script');
    // THEN
    expect(pre.status).toBe(0);
    const connection = lockConnection(pre.output);
    expect(connections()).toContain(connection);
    const blockedInsert = tryInsert();
    expect(blockedInsert.ok).toBe(false);
    expect(blockedInsert.err).toContain('Lock wait timeout exceeded');
    expect(mysqlQuery(`SELECT COUNT(*) > 0 FROM ${DB}.t`).out).toEqual('1'); // reads go on

    // WHEN
    const post = runScript(cycle.script(), 'post-script');
    // THEN
    expect(post.status).toBe(0);
    expect(post.output).toContain('post-script done: MySQL/MariaDB thawed');
    expect(tryInsert().ok).toBe(true);
    expect(connections()).not.toContain(connection);
  });

  test('auto thaw: with no post-script the lock is released after autoThaw (3 s), and the late post-script exits 203', () => {
    // GIVEN
    const pre = runScript(thaw.script(), 'pre-script');
    expect(pre.status).toBe(0);
    const lockedAt = Date.now();
    expect(tryInsert().ok).toBe(false);
    // WHEN nothing comes: writes are possible again within the auto thaw (plus the INSERT's 1 s wait)
    waitFor(() => tryInsert().ok, 10_000, 'the auto thaw');
    // THEN
    const releasedAfter = Date.now() - lockedAt;
    expect(releasedAfter).toBeGreaterThanOrEqual(2_000);
    expect(releasedAfter).toBeLessThan(8_000);
    expect(connections()).not.toContain(lockConnection(pre.output));
    const late = runScript(thaw.script(), 'post-script');
    expect(late.output).toContain('no post-script within 3s: auto thaw');
    expect(late.output).toContain('auto thaw occurred before the post-script was initiated (after 3s)');
    expect(late.status).toBe(203);
  }, 30_000);

  test('dry-run connects, locks nothing and leaves no session or state behind', () => {
    const before = connections();
    const r = runScript(dry.script(), 'dry-run');
    expect(r.output).toMatch(/connected to MySQL\/MariaDB 10\.\d+/);
    expect(r.output).toContain('MySQL/MariaDB is currently not frozen');
    expect(r.status).toBe(0);
    expect(tryInsert().ok).toBe(true);
    expect(connections()).toEqual(before);
    expect(fs.existsSync(dry.state)).toBe(false);
  });

  test('an invalid command exits 1 and locks nothing', () => {
    expect(() => runScript(dry.script(), 'freeze')).toThrow(AgentRefused); // the agent refuses it
    const r = runScript(dry.script(), 'freeze', { unchecked: true }); // the script's own guard
    expect(r.status).toBe(1);
    expect(tryInsert().ok).toBe(true);
  });

  test('an unreachable database: pre-script exits 206 (not ready, as documented) quickly, dry-run 206', () => {
    const pre = runScript(unreachable.script(), 'pre-script');
    expect(pre.output).toContain("Can't connect to local server through socket");
    expect(pre.output).toContain('MySQL/MariaDB is not ready for the pre-script');
    expect(pre.status).toBe(206);
    expect(pre.ms).toBeLessThan(5_000);
    expect(holderPids(unreachable.state)).toEqual([]);
    expect(runScript(unreachable.script(), 'dry-run').status).toBe(206);
  });

  test('a second pre-script while locked exits 204; the lock stays until the post-script', () => {
    expect(runScript(twice.script(), 'pre-script').status).toBe(0);
    const again = runScript(twice.script(), 'pre-script');
    expect(again.status).toBe(204);
    expect(tryInsert().ok).toBe(false);
    expect(runScript(twice.script(), 'post-script').status).toBe(0);
    expect(tryInsert().ok).toBe(true);
    expect(runScript(twice.script(), 'post-script').status).toBe(205);
  });

  test('FLUSH TABLES WITH READ LOCK waiting on another session gives up after lockTimeout: 201, nothing left locked', async () => {
    // GIVEN a session that holds a write lock on the table (started here, ended below)
    const locker: ChildProcess = spawn('mysql', ['--protocol=SOCKET', `--socket=${MYSQL_SOCKET}`, '-N', '-B', '--unbuffered'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      locker.stdin!.write(`LOCK TABLES ${DB}.t WRITE; SELECT 'held';\n`);
      await new Promise<void>((resolve) => locker.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
      // WHEN
      const pre = runScript(blocked.script(), 'pre-script');
      // THEN
      expect(pre.output).toContain('Lock wait timeout exceeded');
      expect(pre.output).toContain('FLUSH TABLES WITH READ LOCK failed or timed out (lock_wait_timeout 1s)');
      expect(pre.status).toBe(201);
      expect(pre.ms).toBeLessThan(8_000);
    } finally {
      const exited = new Promise((resolve) => locker.on('exit', resolve));
      locker.stdin!.end('UNLOCK TABLES;\n');
      const timer = setTimeout(() => locker.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    expect(tryInsert().ok).toBe(true);
  }, 30_000);

  test('a holder killed with SIGKILL takes its session along: the lock is gone and the post-script exits 203', () => {
    const pre = runScript(killed.script(), 'pre-script');
    expect(pre.status).toBe(0);
    const [holder] = holderPids(killed.state);
    killHolder(killed.state, 'SIGKILL');
    waitFor(() => !processAlive(holder), 5_000, 'the holder to die');
    waitFor(() => tryInsert().ok, 5_000, 'the server to release the lock');
    expect(connections()).not.toContain(lockConnection(pre.output));
    const post = runScript(killed.script(), 'post-script');
    expect(post.output).toContain('had been released before the post-script was initiated');
    expect(post.status).toBe(203);
  });

  test('a SecureString password: read with the AWS CLI at run time, handed over through a pipe, never on a command line', () => {
    // GIVEN
    const env = { PATH: `${shims}:${process.env.PATH}` };
    // WHEN
    const pre = runScript(secure.script(), 'pre-script', { env });
    // THEN
    expect(pre.status).toBe(0);
    expect(tryInsert().ok).toBe(false);
    expect(linesOf(awsCalls)).toEqual([
      'aws ssm get-parameter --region eu-central-1 --name /prod/mariadb/cdk-backup --with-decryption --query Parameter.Value --output text',
    ]);
    expect(mysqlQuery(`SELECT USER FROM information_schema.PROCESSLIST WHERE ID = ${lockConnection(pre.output)}`).out).toEqual(USER);
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      expect(cmdline).not.toContain('o$rd');
    }
    expect(JSON.stringify(stack.resolve(secure.script()))).not.toContain('o$rd');
    expect(runScript(secure.script(), 'post-script', { env }).status).toBe(0);
    expect(tryInsert().ok).toBe(true);
    expect(runScript(secure.script(), 'dry-run', { env }).status).toBe(0);
  });

  test('the lock connection killed mid-window (KILL from another session): the post-script exits 203, not 0', () => {
    // GIVEN
    const pre = runScript(lost.script(), 'pre-script');
    expect(pre.status).toBe(0);
    expect(tryInsert().ok).toBe(false);
    // WHEN an administrator (or a watchdog of the server) kills the connection that holds the lock
    expect(mysqlQuery(`KILL ${lockConnection(pre.output)}`).err).toEqual('');
    expect(tryInsert().ok).toBe(true); // the window is no longer quiesced
    // THEN the post-script does not claim an application-consistent snapshot
    const post = runScript(lost.script(), 'post-script');
    expect(post.output).toContain('the lock did not hold until the post-script: the snapshot is not application-consistent');
    expect(post.status).toBe(203);
  });

  test('a holder that does not answer (SIGSTOP): the post-script exits 202; its retry ends the holder, the lock is released: 0', () => {
    // GIVEN
    expect(runScript(stuck.script(), 'pre-script').status).toBe(0);
    const [holder] = holderPids(stuck.state);
    process.kill(holder, 'SIGSTOP');
    try {
      // WHEN
      const post = runScript(stuck.script(), 'post-script');
      // THEN
      expect(post.output).toContain(`the holder ${holder} did not release MySQL/MariaDB within 8s`);
      expect(post.status).toBe(202);
      expect(tryInsert().ok).toBe(false); // still locked
      // WHEN DLM retries the post-script
      const retry = runScript(stuck.script(), 'post-script');
      // THEN the thaw is done (the lock held until the post-script: consistent)
      expect(retry.status).toBe(0);
      expect(tryInsert().ok).toBe(true);
      expect(processAlive(holder)).toBe(false);
    } finally {
      try {
        process.kill(holder, 'SIGCONT');
      } catch {
        // gone
      }
    }
  }, 40_000);
});
