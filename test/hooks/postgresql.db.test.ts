/**
 * The PostgreSQL hook against a REAL PostgreSQL 15 on this machine (.ci/databases.sh: socket
 * directory /tmp, port 5432, user postgres). The script is taken from the synthesized document
 * and run as SSM runs it, as root (psql then runs as the OS user postgres through runuser).
 *
 * Backup mode is observed from the server itself: PostgreSQL 15 has no pg_is_in_backup() for
 * non-exclusive backups, so the tests read
 *  - pg_stat_activity: the holder's session (application_name cdk-tiered-backup), idle, its
 *    last statement pg_backup_start;
 *  - the WAL (pg_walinspect): the immediate checkpoint whose redo point is the backup's start
 *    LSN, and, once the backup ends, the BACKUP_END record naming that start LSN.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ConsistentBackupHook, PostgresqlHookProps } from '../../src';
import { testApp } from '../harness';
import {
  AgentRefused, describeWhen, extractScript, holderPids, killHolder, linesOf, makeShims, PG_HOST, PG_PORT, postgresAvailable, processAlive,
  psqlQuery, runScript, scratchDir, stateDir, waitFor,
} from './support';

const ROLE = 'cdk_backup';
const PASSWORD = "pg'pa:ss\\w$rd \"x";
/** Drops the test role with its grants (the grants on the backup functions would keep it). */
const DROP_ROLE = `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
  REVOKE EXECUTE ON FUNCTION pg_backup_start(text, boolean) FROM ${ROLE};
  REVOKE EXECUTE ON FUNCTION pg_backup_stop(boolean) FROM ${ROLE};
  DROP ROLE ${ROLE};
END IF; END $$`;

const app = testApp();
const stack = new Stack(app, 'Postgres', { env: { account: '123456789012', region: 'ap-south-1' } });
const states: string[] = [];
function hook(id: string, props: Partial<PostgresqlHookProps> = {}): { script: () => string; state: string } {
  const state = stateDir(id);
  states.push(state);
  ConsistentBackupHook.postgresql(stack, id, { host: PG_HOST, port: PG_PORT, autoThaw: Duration.seconds(60), stateDirectory: state, ...props });
  return { script: () => extractScript(stack, id), state };
}

const cycle = hook('Cycle');
const thaw = hook('AutoThaw', { autoThaw: Duration.seconds(3) });
const dry = hook('Dry');
const unreachable = hook('Unreachable', { host: '127.0.0.1', port: 1 });
const twice = hook('Twice');
const killed = hook('Killed');
const lost = hook('Lost');
const stuck = hook('Stuck', { timeout: Duration.seconds(10) });
const awsCalls = path.join(scratchDir(), 'aws.calls');
const passwordFile = path.join(scratchDir(), 'password');
const secure = hook('SecureString', {
  host: '127.0.0.1',
  user: ROLE,
  passwordParameter: ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: '/prod/pg/cdk-backup' }),
});
const shims = makeShims({ aws: `echo "aws $*" >> '${awsCalls}'\ncat '${passwordFile}'; echo` });

/** The holder's sessions: pid, state, last query. */
function backupSessions(): string[] {
  return psqlQuery("SELECT pid || '|' || state || '|' || query FROM pg_stat_activity WHERE application_name = 'cdk-tiered-backup'")
    .out.split('\n').filter((l) => l !== '');
}

/**
 * XLOG records (type|description) from `lsn` to the current write position. pg_walinspect reads
 * only flushed WAL ("cannot accept future end LSN" past the flush position, seen once in CI), so
 * this waits until the WAL writer has flushed up to that position (it does within
 * wal_writer_delay, 200 ms by default).
 */
function xlogRecords(lsn: string): string[] {
  const end = psqlQuery('SELECT pg_current_wal_lsn()').out;
  if (psqlQuery(`SELECT '${end}'::pg_lsn > '${lsn}'::pg_lsn`).out !== 't') return []; // nothing written since
  waitFor(() => psqlQuery(`SELECT pg_current_wal_flush_lsn() >= '${end}'::pg_lsn`).out === 't', 10_000, `WAL flushed up to ${end}`);
  const r = psqlQuery(`SELECT record_type || '|' || description FROM pg_get_wal_records_info('${lsn}', '${end}') WHERE resource_manager = 'XLOG'`);
  if (!r.ok) throw new Error(r.err);
  return r.out.split('\n').filter((l) => l !== '');
}

function startLsn(state: string): string {
  return fs.readFileSync(path.join(state, 'start_lsn'), 'utf8').trim();
}

describeWhen(postgresAvailable(), `PostgreSQL on ${PG_HOST}:${PG_PORT}`, 'PostgreSQL hook on a real PostgreSQL', () => {
  beforeAll(() => {
    const escaped = PASSWORD.replace(/'/g, "''");
    const setup = psqlQuery([
      'SET client_min_messages = warning',
      'CREATE EXTENSION IF NOT EXISTS pg_walinspect',
      'CREATE TABLE IF NOT EXISTS cdk_hooks_t (id serial PRIMARY KEY, v int)',
      DROP_ROLE,
      `CREATE ROLE ${ROLE} LOGIN PASSWORD '${escaped}'`,
      `GRANT EXECUTE ON FUNCTION pg_backup_start(text, boolean) TO ${ROLE}`,
      `GRANT EXECUTE ON FUNCTION pg_backup_stop(boolean) TO ${ROLE}`,
    ].join('; '));
    expect(setup.err).toEqual('');
    fs.writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });
  });

  afterEach(() => {
    for (const state of states) killHolder(state);
    waitFor(() => backupSessions().length === 0, 10_000, 'no backup session');
  });

  afterAll(() => {
    expect(psqlQuery(DROP_ROLE).err).toEqual('');
  });

  test('pre-script starts backup mode in a session that stays open; writes go on; post-script ends it', () => {
    // WHEN
    const pre = runScript(cycle.script(), 'pre-script');
    // THEN
    expect(pre.status).toBe(0);
    const lsn = startLsn(cycle.state);
    expect(pre.output).toContain(`backup mode started at WAL location ${lsn}`);
    const sessions = backupSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatch(/^\d+\|idle\|SELECT 'CDK_TIERED_BACKUP_LOCKED ' \|\| pg_backup_start\('cdk-tiered-backup', true\);$/);
    // the immediate checkpoint pg_backup_start asked for, with the backup's start as its redo point
    expect(xlogRecords(lsn)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^CHECKPOINT_ONLINE\\|redo ${lsn};`))]));
    expect(xlogRecords(lsn).some((r) => r.startsWith('BACKUP_END'))).toBe(false);
    // backup mode does not block writes
    expect(psqlQuery('INSERT INTO cdk_hooks_t (v) VALUES (1)').ok).toBe(true);

    // WHEN
    const post = runScript(cycle.script(), 'post-script');
    // THEN
    expect(post.status).toBe(0);
    expect(post.output).toContain('post-script done: PostgreSQL thawed');
    expect(backupSessions()).toEqual([]);
    expect(xlogRecords(lsn)).toEqual(expect.arrayContaining([`BACKUP_END|${lsn}`]));
    const label = fs.readFileSync(path.join(cycle.state, 'backup_label'), 'utf8');
    expect(label).toContain(`START WAL LOCATION: ${lsn}`);
    expect(label).toContain('LABEL: cdk-tiered-backup');
    expect(post.output).toContain(`START WAL LOCATION: ${lsn}`);
  });

  test('auto thaw: with no post-script backup mode ends after autoThaw (3 s), and the late post-script exits 203', () => {
    expect(runScript(thaw.script(), 'pre-script').status).toBe(0);
    const startedAt = Date.now();
    const lsn = startLsn(thaw.state);
    expect(backupSessions()).toHaveLength(1);
    waitFor(() => backupSessions().length === 0, 10_000, 'the auto thaw');
    const endedAfter = Date.now() - startedAt;
    expect(endedAfter).toBeGreaterThanOrEqual(2_000);
    expect(endedAfter).toBeLessThan(8_000);
    // the auto thaw stopped the backup properly (not only by ending the session)
    expect(xlogRecords(lsn)).toEqual(expect.arrayContaining([`BACKUP_END|${lsn}`]));
    const late = runScript(thaw.script(), 'post-script');
    expect(late.output).toContain('auto thaw occurred before the post-script was initiated (after 3s)');
    expect(late.status).toBe(203);
  }, 30_000);

  test('dry-run connects, starts nothing and leaves no state', () => {
    const before = psqlQuery('SELECT pg_current_wal_lsn()').out;
    const r = runScript(dry.script(), 'dry-run');
    expect(r.output).toMatch(/connected to PostgreSQL 1\d\.\d+/);
    expect(r.status).toBe(0);
    expect(backupSessions()).toEqual([]);
    expect(xlogRecords(before).filter((x) => /^(CHECKPOINT_ONLINE|BACKUP_END)/.test(x))).toEqual([]);
    expect(fs.existsSync(dry.state)).toBe(false);
  });

  test('an invalid command exits 1 and starts nothing', () => {
    expect(() => runScript(dry.script(), 'start-backup')).toThrow(AgentRefused); // the agent refuses it
    expect(runScript(dry.script(), 'start-backup', { unchecked: true }).status).toBe(1); // the script's own guard
    expect(backupSessions()).toEqual([]);
  });

  test('an unreachable database: pre-script exits 206 (not ready, as documented) quickly, dry-run 206', () => {
    const pre = runScript(unreachable.script(), 'pre-script');
    expect(pre.output).toContain('Connection refused');
    expect(pre.output).toContain('PostgreSQL is not ready for the pre-script');
    expect(pre.status).toBe(206);
    expect(pre.ms).toBeLessThan(5_000);
    expect(holderPids(unreachable.state)).toEqual([]);
    expect(runScript(unreachable.script(), 'dry-run').status).toBe(206);
  });

  test('a second pre-script during backup mode exits 204', () => {
    expect(runScript(twice.script(), 'pre-script').status).toBe(0);
    expect(runScript(twice.script(), 'pre-script').status).toBe(204);
    expect(backupSessions()).toHaveLength(1);
    expect(runScript(twice.script(), 'post-script').status).toBe(0);
    expect(runScript(twice.script(), 'post-script').status).toBe(205);
  });

  test('a holder killed with SIGKILL: its session ends, the server aborts backup mode, the post-script exits 203', () => {
    expect(runScript(killed.script(), 'pre-script').status).toBe(0);
    const [holder] = holderPids(killed.state);
    killHolder(killed.state, 'SIGKILL');
    waitFor(() => !processAlive(holder), 5_000, 'the holder to die');
    waitFor(() => backupSessions().length === 0, 5_000, 'the session to end');
    const post = runScript(killed.script(), 'post-script');
    expect(post.output).toContain('had been released before the post-script was initiated');
    expect(post.status).toBe(203);
  });

  test('a non-superuser with EXECUTE on the backup functions, its password from a SecureString, over TCP (scram)', () => {
    // GIVEN
    const env = { PATH: `${shims}:${process.env.PATH}` };
    // WHEN
    const pre = runScript(secure.script(), 'pre-script', { env });
    // THEN
    expect(pre.status).toBe(0);
    expect(linesOf(awsCalls)).toEqual([
      'aws ssm get-parameter --region ap-south-1 --name /prod/pg/cdk-backup --with-decryption --query Parameter.Value --output text',
    ]);
    expect(psqlQuery('SELECT usename FROM pg_stat_activity WHERE application_name = \'cdk-tiered-backup\'').out).toEqual(ROLE);
    expect(runScript(secure.script(), 'post-script', { env }).status).toBe(0);
    expect(fs.readFileSync(path.join(secure.state, 'backup_label'), 'utf8')).toContain(`START WAL LOCATION: ${startLsn(secure.state)}`);
  });

  test('the backup session terminated mid-window (pg_terminate_backend): the post-script exits 203, not 0', () => {
    // GIVEN
    expect(runScript(lost.script(), 'pre-script').status).toBe(0);
    const [session] = backupSessions();
    // WHEN the session in backup mode is terminated by an administrator
    expect(psqlQuery(`SELECT pg_terminate_backend(${session.split('|')[0]})`).out).toEqual('t');
    waitFor(() => backupSessions().length === 0, 5_000, 'the session to end');
    // THEN the post-script does not claim an application-consistent snapshot
    const post = runScript(lost.script(), 'post-script');
    expect(post.output).toContain('the backup mode did not hold until the post-script: the snapshot is not application-consistent');
    expect(post.status).toBe(203);
  });

  test('a holder that does not answer (SIGSTOP): the post-script exits 202; its retry ends the holder and backup mode: 0', () => {
    expect(runScript(stuck.script(), 'pre-script').status).toBe(0);
    const [holder] = holderPids(stuck.state);
    process.kill(holder, 'SIGSTOP');
    try {
      const post = runScript(stuck.script(), 'post-script');
      expect(post.output).toContain(`the holder ${holder} did not release PostgreSQL within 8s`);
      expect(post.status).toBe(202);
      expect(backupSessions()).toHaveLength(1);
      const retry = runScript(stuck.script(), 'post-script');
      expect(retry.status).toBe(0);
      waitFor(() => backupSessions().length === 0, 5_000, 'backup mode to end');
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
