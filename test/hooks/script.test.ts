/**
 * Every kind of generated script, taken from the synthesized document, passes `bash -n` and
 * ShellCheck (Debian's `shellcheck`, all severities) with SSM's placeholders in place and with
 * them substituted.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ConsistentBackupHook } from '../../src';
import { testApp } from '../harness';
import { describeWhen, extractScript, scratchDir, succeeds } from './support';

const app = testApp();
const stack = new Stack(app, 'Scripts', { env: { account: '123456789012', region: 'eu-west-1' } });
const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: '/prod/db/backup-password' });

/** One hook of every kind and connection style; the construct ID names the variant. */
const VARIANTS: { [id: string]: () => ConsistentBackupHook } = {
  FsfreezeOne: () => ConsistentBackupHook.fsfreeze(stack, 'FsfreezeOne', { mountPoints: ['/data'] }),
  FsfreezeMany: () => ConsistentBackupHook.fsfreeze(stack, 'FsfreezeMany', {
    mountPoints: ['/var/lib/mysql', '/mnt/logs@2+x', '/srv/a.b_c-d'], autoThaw: Duration.seconds(5), timeout: Duration.seconds(120),
  }),
  MysqlDefault: () => ConsistentBackupHook.mysql(stack, 'MysqlDefault'),
  MysqlSocket: () => ConsistentBackupHook.mysql(stack, 'MysqlSocket', { socketPath: '/run/mysqld/mysqld.sock', user: 'root', timeout: Duration.seconds(10) }),
  MysqlTcpOptionFile: () => ConsistentBackupHook.mysql(stack, 'MysqlTcpOptionFile', {
    host: '10.0.0.12', port: 3307, optionFile: '/etc/mysql/dlm-backup.cnf', lockTimeout: Duration.seconds(5),
  }),
  MysqlSecureString: () => ConsistentBackupHook.mysql(stack, 'MysqlSecureString', { host: 'localhost', user: 'backup', passwordParameter: parameter }),
  PostgresqlDefault: () => ConsistentBackupHook.postgresql(stack, 'PostgresqlDefault'),
  PostgresqlSocket: () => ConsistentBackupHook.postgresql(stack, 'PostgresqlSocket', { host: '/var/run/postgresql', database: 'app', osUser: 'postgres' }),
  PostgresqlPassFile: () => ConsistentBackupHook.postgresql(stack, 'PostgresqlPassFile', { host: 'db.internal', port: 5433, passwordFile: '/var/lib/pgsql/.pgpass' }),
  PostgresqlSecureString: () => ConsistentBackupHook.postgresql(stack, 'PostgresqlSecureString', {
    host: '127.0.0.1', user: 'backup', passwordParameter: parameter, backupStartTimeout: Duration.seconds(20),
  }),
  // a parameter name only known at deployment: base64 in the script, decoded and checked there
  MysqlTokenParameter: () => ConsistentBackupHook.mysql(stack, 'MysqlTokenParameter', {
    host: 'localhost',
    user: 'backup',
    passwordParameter: ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'TokenPw', {
      parameterName: new CfnParameter(stack, 'ParamPath').valueAsString, simpleName: false,
    }),
  }),
  CommandsBoth: () => ConsistentBackupHook.commands(stack, 'CommandsBoth', {
    pre: ['systemctl stop my-app', 'echo "stopped for $DLM_EXECUTION_ID"'], post: ["systemctl start my-app || echo 'start failed'"],
  }),
  CommandsPre: () => ConsistentBackupHook.commands(stack, 'CommandsPre', { pre: ['sync'] }),
  CommandsPost: () => ConsistentBackupHook.commands(stack, 'CommandsPost', { post: ['logger -t dlm "snapshot started"'] }),
};
for (const make of Object.values(VARIANTS)) make();
const scripts = Object.fromEntries(Object.keys(VARIANTS).map((id) => [id, extractScript(stack, id, { ParamPath: '/prod/db/pw' })]));

function writeScript(id: string, text: string): string {
  const file = path.join(scratchDir(), `${id}.sh`);
  fs.writeFileSync(file, text, { mode: 0o700 });
  return file;
}

const substituted = (text: string) => text.replace('{{ command }}', 'pre-script').replace('{{ executionId }}', 'None');

describe('bash -n', () => {
  test.each(Object.keys(VARIANTS))('%s parses', (id) => {
    for (const text of [scripts[id], substituted(scripts[id])]) {
      const r = spawnSync('bash', ['-n', writeScript(id, text)], { encoding: 'utf8' });
      expect(r.stderr).toEqual('');
      expect(r.status).toBe(0);
    }
  });
});

describeWhen(succeeds('shellcheck', ['--version']), 'shellcheck', 'ShellCheck', () => {
  test.each(Object.keys(VARIANTS))('%s has no finding at any severity', (id) => {
    for (const text of [scripts[id], substituted(scripts[id])]) {
      const r = spawnSync('shellcheck', ['--norc', '--shell=bash', '--severity=style', writeScript(id, text)], { encoding: 'utf8' });
      expect(r.stdout).toEqual('');
      expect(r.status).toBe(0);
    }
  });

  test('the only suppressions are the documented ones', () => {
    const directives = Object.values(scripts).flatMap((s) => s.match(/# shellcheck disable=\S+.*/g) ?? []);
    expect(new Set(directives)).toEqual(new Set([
      '# shellcheck disable=SC2317 # run by the EXIT trap',
      '# shellcheck disable=SC2016',
    ]));
  });
});

describe('the .sh files under src/hooks/scripts, each on its own', () => {
  const dir = path.resolve(__dirname, '../../src/hooks/scripts');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sh')).map((f) => path.join(dir, f));

  test.each(files.map((f) => path.basename(f)))('%s parses (bash -n)', (name) => {
    const r = spawnSync('bash', ['-n', path.join(dir, name)], { encoding: 'utf8' });
    expect(r.stderr).toEqual('');
    expect(r.status).toBe(0);
  });

  describeWhen(succeeds('shellcheck', ['--version']), 'shellcheck', 'ShellCheck', () => {
    test('no finding at any severity in any file', () => {
      const r = spawnSync('shellcheck', ['--norc', '-x', '--severity=style', ...files], { encoding: 'utf8' });
      expect(r.stdout).toEqual('');
      expect(r.status).toBe(0);
    });

    test('the only suppressions are the file-wide ones for a variable another file reads', () => {
      const directives = files.flatMap((f) => (fs.readFileSync(f, 'utf8').match(/# shellcheck disable=\S+.*/g) ?? []).map((d) => `${path.basename(f)}: ${d}`));
      expect(directives.sort()).toEqual([
        'db-credentials.sh: # shellcheck disable=SC2034 # HOOK_DB_SECRET is read by db_client (generated from the props) and db_option_file (mysql-password.sh)',
        'db-session.sh: # shellcheck disable=SC2034 # DB_MARKER_LINE is read by hook_acquire and hook_release (mysql.sh, postgresql.sh)',
        'holder.sh: # shellcheck disable=SC2317 # run by the EXIT trap',
      ]);
    });
  });
});

test('the script is the document\'s runCommand, and the hook exposes the same text', () => {
  const hook = stack.node.findChild('MysqlSocket') as ConsistentBackupHook;
  expect(scripts.MysqlSocket).toEqual(hook.shellScript);
  expect(scripts.MysqlSecureString).toContain("export HOOK_REGION='eu-west-1'");
  expect(scripts.MysqlSecureString).toContain("export HOOK_PASSWORD_PARAMETER='/prod/db/backup-password'");
  // no password, ever: only its parameter name
  expect(scripts.MysqlSecureString).not.toMatch(/password=[^"]/);
});

describeWhen(succeeds('shellcheck', ['--version']), 'shellcheck', 'the CI script that starts the test databases', () => {
  test('.ci/databases.sh parses and has no ShellCheck finding', () => {
    const file = path.resolve(__dirname, '../../.ci/databases.sh');
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const r = spawnSync('shellcheck', ['--norc', '--severity=style', file], { encoding: 'utf8' });
    expect(r.stdout).toEqual('');
    expect(r.status).toBe(0);
  });
});
