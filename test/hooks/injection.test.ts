/**
 * Issue 15, item 1: no user value can run a command on the instance, including values that
 * are tokens at synth time and only get their value when CloudFormation deploys the stack.
 *
 * A value written into the script's text is parsed by the shell, whatever quoting is put
 * around it at synth; so every value that reaches a script is either refused when it is a
 * token, or travels base64-encoded (`Fn::Base64`, resolved by CloudFormation) and is decoded
 * and checked against its pattern on the instance before use. These tests deploy hostile values
 * as CloudFormation would (support.ts resolves `Ref`/`Fn::Base64`), run the script as the SSM
 * Agent does, and check that nothing ran.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ConsistentBackupHook } from '../../src';
import { testApp } from '../harness';
import { extractScript, linesOf, makeShims, runScript, scratchDir, stateDir } from './support';

const pwned = path.join(scratchDir(), 'PWNED');
const awsCalls = path.join(scratchDir(), 'aws.calls');
// A stand-in for the AWS CLI: records its arguments, prints a password.
const shims = makeShims({ aws: `printf 'aws %s\\n' "$*" >> '${awsCalls}'\necho secret` });
const env = { PATH: `${shims}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` };

/** Values an attacker who controls a stack parameter (or a parameter's name) could deploy. */
const HOSTILE = [
  `/x';touch ${pwned};'`,
  `/x$(touch ${pwned})`,
  `/x\`touch ${pwned}\``,
  `/x\ntouch ${pwned}\n`,
  `/x'\ntouch ${pwned}\n'`,
  `/x"; touch ${pwned}; "`,
  `/x' ; touch ${pwned} #`,
];

const app = testApp();
const stack = new Stack(app, 'Injection', { env: { account: '123456789012', region: 'eu-west-1' } });
const name = new CfnParameter(stack, 'DbParamPath', { type: 'String' });
const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: name.valueAsString, simpleName: false });
ConsistentBackupHook.mysql(stack, 'MySql', {
  host: '127.0.0.1', port: 1, user: 'backup', passwordParameter: parameter, stateDirectory: stateDir('mysql'), timeout: Duration.seconds(10),
});
ConsistentBackupHook.postgresql(stack, 'Pg', {
  host: '127.0.0.1', port: 1, user: 'backup', passwordParameter: parameter, stateDirectory: stateDir('pg'), timeout: Duration.seconds(10),
});
// an environment-agnostic stack: the Region is only known at deploy time
const agnostic = new Stack(app, 'Agnostic');
const agnosticParameter = ssm.StringParameter.fromSecureStringParameterAttributes(agnostic, 'Pw', { parameterName: '/db/backup' });
ConsistentBackupHook.mysql(agnostic, 'MySql', {
  host: '127.0.0.1', port: 1, user: 'backup', passwordParameter: agnosticParameter, stateDirectory: stateDir('agnostic'), timeout: Duration.seconds(10),
});
// a parameter created in the same stack: its name is a Ref
const own = new Stack(app, 'Own', { env: { account: '123456789012', region: 'eu-west-1' } });
const ownParameter = new ssm.StringParameter(own, 'Pw', { stringValue: 'not-the-password' });
ConsistentBackupHook.postgresql(own, 'Pg', {
  host: '127.0.0.1', port: 1, user: 'backup', passwordParameter: ownParameter, stateDirectory: stateDir('own'), timeout: Duration.seconds(10),
});
const ownLogicalId = own.getLogicalId(ownParameter.node.defaultChild as ssm.CfnParameter);

beforeEach(() => {
  fs.rmSync(pwned, { force: true });
  fs.rmSync(awsCalls, { force: true });
});

describe('a token parameter name deployed with a hostile value', () => {
  test.each(HOSTILE.flatMap((value) => [['MySql', value], ['Pg', value]]))('%s: %j runs nothing, in any command', (hook, value) => {
    const script = extractScript(stack, hook, { ['DbParamPath']: value });
    for (const command of ['dry-run', 'pre-script', 'post-script']) {
      const r = runScript(script, command, { env });
      expect(fs.existsSync(pwned)).toBe(false);
      // refused on the instance before use, as not ready
      expect(r.output).toContain('is not a valid SSM parameter name');
      expect(r.status).toBe(206);
    }
    expect(linesOf(awsCalls)).toEqual([]);
  });

  test('a valid deployed name is used as it is', () => {
    const script = extractScript(stack, 'MySql', { ['DbParamPath']: '/prod/db/backup-password' });
    runScript(script, 'dry-run', { env });
    expect(linesOf(awsCalls)).toEqual([
      'aws ssm get-parameter --region eu-west-1 --name /prod/db/backup-password --with-decryption --query Parameter.Value --output text',
    ]);
  });

  test('the token never appears in the script text, only its base64 encoding', () => {
    const hook = stack.node.findChild('MySql') as ConsistentBackupHook;
    const resolved = JSON.stringify(stack.resolve(hook.shellScript));
    expect(resolved).toContain('{"Fn::Base64":{"Ref":"DbParamPath"}}');
    expect(resolved.match(new RegExp('"Ref":"DbParamPath"', 'g'))).toHaveLength(1);
  });
});

describe('other values only known at deploy time', () => {
  test.each(HOSTILE)('the Region of an environment-agnostic stack deployed as %j runs nothing', (value) => {
    const script = extractScript(agnostic, 'MySql', { 'AWS::Region': value });
    const r = runScript(script, 'pre-script', { env });
    expect(fs.existsSync(pwned)).toBe(false);
    expect(r.output).toContain('is not a valid AWS Region');
    expect(r.status).toBe(206);
  });

  test('the Region of an environment-agnostic stack is used as deployed', () => {
    const script = extractScript(agnostic, 'MySql', { 'AWS::Region': 'ap-southeast-2' });
    runScript(script, 'dry-run', { env });
    expect(linesOf(awsCalls)).toEqual([
      'aws ssm get-parameter --region ap-southeast-2 --name /db/backup --with-decryption --query Parameter.Value --output text',
    ]);
  });

  test.each(HOSTILE)('the name of a parameter of the same stack resolved as %j runs nothing', (value) => {
    const script = extractScript(own, 'Pg', { [ownLogicalId]: value });
    const r = runScript(script, 'dry-run', { env });
    expect(fs.existsSync(pwned)).toBe(false);
    expect(r.output).toContain('is not a valid SSM parameter name');
    expect(r.status).toBe(206);
  });
});

describe('every other value that reaches the script must be known at synth', () => {
  const token = (s: Stack) => new CfnParameter(s, 'P').valueAsString;
  test.each([
    ['fsfreeze mountPoints', (s: Stack) => ConsistentBackupHook.fsfreeze(s, 'Hook', { mountPoints: [token(s)] }), 'fsfreeze: `mountPoints[0]`'],
    ['mysql socketPath', (s: Stack) => ConsistentBackupHook.mysql(s, 'Hook', { socketPath: token(s) }), 'mysql: `socketPath`'],
    ['mysql host', (s: Stack) => ConsistentBackupHook.mysql(s, 'Hook', { host: token(s) }), 'mysql: `host`'],
    ['mysql user', (s: Stack) => ConsistentBackupHook.mysql(s, 'Hook', { user: token(s) }), 'mysql: `user`'],
    ['mysql optionFile', (s: Stack) => ConsistentBackupHook.mysql(s, 'Hook', { optionFile: token(s) }), 'mysql: `optionFile`'],
    ['postgresql host', (s: Stack) => ConsistentBackupHook.postgresql(s, 'Hook', { host: token(s) }), 'postgresql: `host`'],
    ['postgresql user', (s: Stack) => ConsistentBackupHook.postgresql(s, 'Hook', { user: token(s) }), 'postgresql: `user`'],
    ['postgresql database', (s: Stack) => ConsistentBackupHook.postgresql(s, 'Hook', { database: token(s) }), 'postgresql: `database`'],
    ['postgresql osUser', (s: Stack) => ConsistentBackupHook.postgresql(s, 'Hook', { osUser: token(s) }), 'postgresql: `osUser`'],
    ['postgresql passwordFile', (s: Stack) => ConsistentBackupHook.postgresql(s, 'Hook', { passwordFile: token(s) }), 'postgresql: `passwordFile`'],
    ['commands pre', (s: Stack) => ConsistentBackupHook.commands(s, 'Hook', { pre: [token(s)] }), 'commands: `pre[0]`'],
    ['commands post', (s: Stack) => ConsistentBackupHook.commands(s, 'Hook', { post: ['true', token(s)] }), 'commands: `post[1]`'],
    ['stateDirectory', (s: Stack) => ConsistentBackupHook.fsfreeze(s, 'Hook', { mountPoints: ['/data'], stateDirectory: token(s) }), '`stateDirectory`'],
  ])('%s as a token is refused', (_name, build, prop) => {
    const s = new Stack(testApp(), 'Stack');
    expect(() => build(s)).toThrow(`[Stack/Hook] ${prop} must be a literal string, not a token (it is written into the script at synth time), got \${Token[`);
  });
});
