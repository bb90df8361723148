/**
 * ConsistentBackupHook as a construct: the SSM document it synthesizes (DLM's pre/post script
 * contract), the `Scripts` entry and IAM it gives a snapshot policy, the presets, the instance
 * grants, and every validation rule with its exact message. The generated shell is executed in
 * the other files of this folder.
 */
import { CfnParameter, Duration, Lazy, Stack, StackProps } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  Cadence, ConsistentBackupHook, ConsistentBackupHookOptions, ISnapshotScript, Quiescer, Retention, ScriptFailureAction,
  SnapshotPolicy, SnapshotResourceType, SnapshotScript,
} from '../../src';
import { shellQuote } from '../../src/hooks/private/shell-quote';
import { synth, testApp } from '../harness';
import { ssmDocuments } from './support';

const ENV = { account: '123456789012', region: 'us-east-1' };

function newStack(props: StackProps = { env: ENV }): Stack {
  return new Stack(testApp(), 'Stack', props);
}

/** A daily instance policy whose one schedule runs `script`. */
function instancePolicy(stack: Stack, script: ISnapshotScript, extra: Partial<ConstructorParameters<typeof SnapshotPolicy>[2]> = {}): SnapshotPolicy {
  return new SnapshotPolicy(stack, 'Policy', {
    resourceType: SnapshotResourceType.INSTANCE,
    schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7), script }],
    ...extra,
  });
}

/** The Scripts entry of the first schedule of the only DLM policy. */
function scriptsOf(stack: Stack): unknown[] {
  const policies = Object.values(synth(stack).findResources('AWS::DLM::LifecyclePolicy'));
  return policies[0].Properties.PolicyDetails.Schedules[0].CreateRule.Scripts;
}

function theDocument(stack: Stack): { [key: string]: any } {
  const docs = Object.values(ssmDocuments(stack));
  expect(docs).toHaveLength(1);
  return docs[0];
}

const EXECUTION_ID_PATTERN = '^(None|[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})$';

describe('the SSM document', () => {
  test('follows DLM\'s contract: Command, schema 2.2, command/executionId parameters, one Linux shell step, the DLMScriptsAccess tag', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'] });
    // THEN
    const doc = theDocument(stack);
    expect(doc.DocumentType).toEqual('Command');
    expect(doc.DocumentFormat).toEqual('JSON');
    expect(doc.TargetType).toEqual('/AWS::EC2::Instance');
    expect(doc.Tags).toEqual([{ Key: 'DLMScriptsAccess', Value: 'true' }]);
    expect(doc.Name).toBeUndefined();
    expect(doc.UpdateMethod).toBeUndefined();
    expect(doc.Content).toEqual({
      schemaVersion: '2.2',
      description: expect.stringContaining('Freezes /data with fsfreeze'),
      parameters: {
        executionId: { type: 'String', default: 'None', description: expect.any(String), allowedPattern: EXECUTION_ID_PATTERN },
        command: {
          type: 'String',
          default: 'dry-run',
          description: expect.any(String),
          allowedValues: ['pre-script', 'post-script', 'dry-run'],
        },
      },
      mainSteps: [{
        action: 'aws:runShellScript',
        name: 'run_pre_post_scripts',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { runCommand: [expect.stringMatching(/^#!\/bin\/bash\n/)] },
      }],
    });
  });

  test('the executionId pattern accepts None and UUIDs only', () => {
    const pattern = new RegExp(EXECUTION_ID_PATTERN);
    expect(pattern.test('None')).toBe(true);
    expect(pattern.test('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toBe(true);
    expect(pattern.test('none')).toBe(false);
    expect(pattern.test('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0; reboot')).toBe(false);
  });

  test('the script documents every DLM exit code and only has SSM\'s two placeholders', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.mysql(stack, 'Hook');
    const script = hook.shellScript;
    for (const line of [
      '#   1   invalid command parameter',
      '#   201 pre-script failed during execution',
      '#   202 post-script failed during execution',
      '#   203 auto thaw occurred before post-script was initiated',
      '#   204 pre-script initiated while post-script was expected (already frozen)',
      '#   205 post-script initiated while pre-script was expected (already thawed)',
      '#   206 application not ready for pre or post-script initiation',
    ]) {
      expect(script).toContain(line);
    }
    expect(script.match(/\{\{[^}]*\}\}/g)).toEqual(['{{ command }}', '{{ executionId }}']);
    expect(script).toContain("DLM_COMMAND='{{ command }}'");
    expect(script).toContain("DLM_EXECUTION_ID='{{ executionId }}'");
  });

  test('documentName names the document and updates it in place; dlmScriptsAccessTag: false drops the tag', () => {
    const stack = newStack();
    ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'], documentName: 'Freeze-Data_1.0', dlmScriptsAccessTag: false });
    const doc = theDocument(stack);
    expect(doc.Name).toEqual('Freeze-Data_1.0');
    expect(doc.UpdateMethod).toEqual('NewVersion');
    expect(doc.Tags).toBeUndefined();
  });

  test('the primary child has id Resource and the logical ID follows the construct path', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.postgresql(stack, 'Database');
    expect(hook.document.node.id).toEqual('Resource');
    expect(Object.keys(ssmDocuments(stack))).toEqual([expect.stringMatching(/^Database[0-9A-F]{8}$/)]);
  });

  test('the SecureString parameter is read in the stack\'s Region: a Ref for environment-agnostic stacks', () => {
    // GIVEN
    const agnostic = newStack({});
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(agnostic, 'Pw', { parameterName: '/db/backup' });
    // WHEN
    ConsistentBackupHook.mysql(agnostic, 'Hook', { host: 'db.internal', user: 'backup', passwordParameter: parameter });
    // THEN
    const runCommand = theDocument(agnostic).Content.mainSteps[0].inputs.runCommand;
    // the Region is only known at deployment: it reaches the script base64-encoded (decoded and checked there)
    expect(runCommand).toEqual([{ 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::Base64': { Ref: 'AWS::Region' } }])] }]);
    expect(JSON.stringify(runCommand).match(/AWS::Region/g)).toHaveLength(1);
    expect(JSON.stringify(runCommand)).toContain("export HOOK_PASSWORD_PARAMETER='/db/backup'");
  });
});

describe('on a snapshot policy', () => {
  test('renders the Scripts entry: the document, both stages, timeout, retries, failure action', () => {
    // GIVEN
    const stack = newStack();
    const hook = ConsistentBackupHook.mysql(stack, 'Hook', {
      socketPath: '/run/mysqld/mysqld.sock',
      timeout: Duration.seconds(45),
      maximumRetryCount: 2,
      onFailure: ScriptFailureAction.SKIP_INSTANCE,
    });
    // WHEN
    instancePolicy(stack, hook);
    // THEN
    const docId = Object.keys(ssmDocuments(stack))[0];
    expect(scriptsOf(stack)).toEqual([{
      ExecutionHandler: { Ref: docId },
      ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
      Stages: ['PRE', 'POST'],
      ExecutionTimeout: 45,
      MaximumRetryCount: 2,
      ExecuteOperationOnScriptFailure: false,
    }]);
  });

  test('defaults: 30 second timeout, DLM\'s retry and failure defaults', () => {
    const stack = newStack();
    instancePolicy(stack, ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'] }));
    expect(scriptsOf(stack)).toEqual([{
      ExecutionHandler: { Ref: expect.any(String) },
      ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
      Stages: ['PRE', 'POST'],
      ExecutionTimeout: 30,
    }]);
  });

  test('grants DLM\'s role ssm:SendCommand with this document (and the instances) only', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    instancePolicy(stack, ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'] }));
    // THEN
    const docId = Object.keys(ssmDocuments(stack))[0];
    const documentArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:document/', { Ref: docId }]] };
    const statements: any[] = Object.values(synth(stack).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    const ssmStatements = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ssm:')));
    expect(ssmStatements).toEqual([
      expect.objectContaining({
        Action: 'ssm:SendCommand',
        Resource: [documentArn, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:instance/*']] }],
      }),
      expect.objectContaining({ Action: ['ssm:DescribeDocument', 'ssm:GetDocument'], Resource: documentArn }),
      expect.objectContaining({ Action: ['ssm:GetCommandInvocation', 'ssm:ListCommands', 'ssm:DescribeInstanceInformation'], Resource: '*' }),
    ]);
  });

  test('with useAwsManagedPolicy the role gets AWSDataLifecycleManagerSSMFullAccess, which needs the document\'s tag', () => {
    const stack = newStack();
    instancePolicy(stack, ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'] }), { useAwsManagedPolicy: true });
    const t = synth(stack);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSDataLifecycleManagerSSMFullAccess']] },
      ]),
    });
    t.hasResourceProperties('AWS::SSM::Document', { Tags: [{ Key: 'DLMScriptsAccess', Value: 'true' }] });
  });

  test('is refused on a policy that targets volumes (DLM runs scripts on instances only)', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'] });
    expect(() => new SnapshotPolicy(stack, 'Policy', {
      schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7), script: hook }],
    })).toThrow('[Stack/Policy] schedule `Daily`: `script` is only allowed for snapshot policies that target instances (ResourceTypes INSTANCE)');
  });

  test('one script per schedule: each schedule renders exactly its own hook', () => {
    // DLM runs scripts for one schedule per policy, so each hook goes in a policy of its own
    const stack = newStack();
    const mysql = ConsistentBackupHook.mysql(stack, 'MySql');
    const freeze = ConsistentBackupHook.fsfreeze(stack, 'Freeze', { mountPoints: ['/data'] });
    new SnapshotPolicy(stack, 'Policy', {
      resourceType: SnapshotResourceType.INSTANCE,
      schedules: [
        { name: 'Hourly', cadence: Cadence.every(Duration.hours(1)), retention: Retention.count(24), script: mysql },
        { name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7) },
      ],
    });
    new SnapshotPolicy(stack, 'Policy2', {
      resourceType: SnapshotResourceType.INSTANCE,
      schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.count(7), script: freeze }],
    });
    const policies = Object.values(synth(stack).findResources('AWS::DLM::LifecyclePolicy'));
    const handlers = policies.map(p => p.Properties.PolicyDetails.Schedules
      .map((s: any) => (s.CreateRule.Scripts ?? []).map((x: any) => x.ExecutionHandler.Ref)));
    expect(handlers).toEqual([[[expect.stringMatching(/^MySql/)], []], [[expect.stringMatching(/^Freeze/)]]]);
  });

  test('a hook of another Region or account is refused', () => {
    const app = testApp();
    const hooks = new Stack(app, 'Hooks', { env: ENV });
    const hook = ConsistentBackupHook.postgresql(hooks, 'Pg');
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(() => instancePolicy(elsewhere, hook)).toThrow(
      "[Elsewhere/Policy] `script` must be a hook in the policy's region eu-west-1 (DLM runs SSM documents of its own region); Hooks/Pg is in us-east-1");
    const otherAccount = new Stack(app, 'OtherAccount', { env: { account: '210987654321', region: 'us-east-1' } });
    expect(() => instancePolicy(otherAccount, hook)).toThrow(
      "[OtherAccount/Policy] `script` must be a hook in the policy's account 210987654321 (DLM runs SSM documents of its own account); Hooks/Pg is in 123456789012");
  });

  test('a hook in another stack of the app is referenced across stacks', () => {
    const app = testApp();
    const hooks = new Stack(app, 'Hooks', { env: ENV });
    const policies = new Stack(app, 'Policies', { env: ENV });
    const hook = ConsistentBackupHook.postgresql(hooks, 'Pg');
    instancePolicy(policies, hook);
    expect(scriptsOf(policies)).toEqual([expect.objectContaining({ ExecutionHandler: { 'Fn::ImportValue': expect.stringMatching(/^Hooks:/) } })]);
  });
});

describe('presets', () => {
  test('commands with pre and post runs in both stages; pre-only in PRE; post-only in POST without a failure action', () => {
    const stack = newStack();
    const both = ConsistentBackupHook.commands(stack, 'Both', { pre: ['systemctl stop app'], post: ['systemctl start app'] });
    const pre = ConsistentBackupHook.commands(stack, 'Pre', { pre: ['sync'] });
    const post = ConsistentBackupHook.commands(stack, 'Post', { post: ['logger snapshot started'] });
    expect(both.bindScript(stack).stages).toEqual(['PRE', 'POST']);
    expect(pre.bindScript(stack).stages).toEqual(['PRE']);
    expect(post.bindScript(stack).stages).toEqual(['POST']);
    expect(post.bindScript(stack).onFailure).toBeUndefined();
    expect(both.shellScript).toContain('with auto thaw');
    expect(pre.shellScript).not.toContain('hold()');
  });

  test('the constructor takes any Quiescer; the static presets fill the same props', () => {
    const stack = newStack();
    const a = new ConsistentBackupHook(stack, 'A', { quiescer: Quiescer.fsfreeze({ mountPoints: ['/data'] }), autoThaw: Duration.seconds(20) });
    const b = ConsistentBackupHook.fsfreeze(stack, 'B', { mountPoints: ['/data'], autoThaw: Duration.seconds(20) });
    expect(a.quiescer.kind).toEqual('fsfreeze');
    expect(a.shellScript).toEqual(b.shellScript);
  });

  test('SnapshotScript.windowsVss delegates to DLM\'s AWS_VSS_BACKUP handler: no document, no stages, no timeout', () => {
    const stack = newStack();
    instancePolicy(stack, SnapshotScript.windowsVss({ maximumRetryCount: 1 }));
    expect(scriptsOf(stack)).toEqual([{ ExecutionHandler: 'AWS_VSS_BACKUP', MaximumRetryCount: 1 }]);
    expect(ssmDocuments(stack)).toEqual({});
  });

  test('SnapshotScript.sapHana runs the AWS-managed document, granted by its AWS-owned ARN', () => {
    const stack = newStack();
    instancePolicy(stack, SnapshotScript.sapHana({ timeout: Duration.seconds(120) }));
    expect(scriptsOf(stack)).toEqual([{
      ExecutionHandler: 'AWSSystemsManagerSAP-CreateDLMSnapshotForSAPHANA',
      ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER',
      ExecutionTimeout: 120,
    }]);
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'ssm:SendCommand',
          Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1::document/AWSSystemsManagerSAP-CreateDLMSnapshotForSAPHANA']] }]),
        })]),
      },
    });
  });

  test('SnapshotScript.fromSsmDocument runs an existing document, by name or by ARN', () => {
    const byName = newStack();
    instancePolicy(byName, SnapshotScript.fromSsmDocument('MyFreezeThaw', { timeout: Duration.seconds(20) }));
    expect(scriptsOf(byName)).toEqual([{ ExecutionHandler: 'MyFreezeThaw', ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER', ExecutionTimeout: 20 }]);

    const byArn = newStack();
    const arn = 'arn:aws:ssm:us-east-1:210987654321:document/SharedFreezeThaw';
    instancePolicy(byArn, SnapshotScript.fromSsmDocument(arn));
    expect(scriptsOf(byArn)).toEqual([{ ExecutionHandler: arn, ExecutionHandlerService: 'AWS_SYSTEMS_MANAGER' }]);
    synth(byArn).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ssm:SendCommand', Resource: Match.arrayWith([arn]) })]) },
    });
  });

  test('SnapshotScript.fromSsmDocument checks what it is given when bound: a document name, or a whole SSM document ARN', () => {
    const stack = newStack();
    expect(() => instancePolicy(stack, SnapshotScript.fromSsmDocument('x'))).toThrow(
      '[Stack/Policy] schedule `Daily`: `script.executionHandler` must match an SSM document name or ARN (3-200 characters: letters, digits, _ - . : /), got "x"');
    expect(() => instancePolicy(newStack(), SnapshotScript.fromSsmDocument('arn:aws:ssm:us-east-1:123456789012:document/D'))).toThrow(
      '[Stack/Policy] script: `documentArn` must match an SSM document ARN (arn:aws:ssm:<region>:<account>:document/<name>), got "arn:aws:ssm:us-east-1:123456789012:document/D"');
    expect(() => instancePolicy(newStack(), SnapshotScript.fromSsmDocument('MyDoc/v2'))).toThrow(
      '[Stack/Policy] script: `documentArn` must match an SSM document ARN (arn:aws:ssm:<region>:<account>:document/<name>), got "MyDoc/v2"');
  });
});

describe('grantInstance', () => {
  test('grants reading the SecureString parameter and decrypting it with its key', () => {
    // GIVEN
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: '/db/backup', encryptionKey: key });
    const hook = ConsistentBackupHook.postgresql(stack, 'Hook', { host: 'localhost', user: 'backup', passwordParameter: parameter });
    const role = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    // WHEN
    hook.grantInstance(role);
    // THEN
    synth(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'kms:Decrypt', Effect: 'Allow', Resource: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555' },
          {
            Action: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/db/backup']] },
          },
        ],
      },
    });
  });

  test('grants nothing when the hook reads no parameter (socket authentication, option file)', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.mysql(stack, 'Hook', { optionFile: '/etc/mysql/backup.cnf' });
    const role = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const grant = hook.grantInstance(role);
    expect(grant.principalStatements).toEqual([]);
    synth(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('no user string reaches the script unquoted', () => {
  test('shellQuote single-quotes, escaping quotes', () => {
    expect(shellQuote('/data')).toEqual("'/data'");
    expect(shellQuote("it's")).toEqual("'it'\\''s'");
    expect(shellQuote('$(reboot) `x` "y"')).toEqual("'$(reboot) `x` \"y\"'");
  });

  test('connection settings appear quoted', () => {
    const stack = newStack();
    const mysql = ConsistentBackupHook.mysql(stack, 'My', {
      host: 'db-1.example.internal', port: 3307, user: 'dlm_backup', stateDirectory: '/run/backup-hooks/my.sql',
    });
    expect(mysql.shellScript).toContain("--protocol=TCP --host='db-1.example.internal' --port=3307 --user='dlm_backup'");
    expect(mysql.shellScript).toContain("export HOOK_STATE_DIR='/run/backup-hooks/my.sql'");
    const pg = ConsistentBackupHook.postgresql(stack, 'Pg', { host: '/var/run/postgresql', database: 'app_db', user: 'backup', osUser: 'pgadmin' });
    expect(pg.shellScript).toContain("-h '/var/run/postgresql' -p 5432 -U 'backup' -d 'app_db'");
    expect(pg.shellScript).toContain("export HOOK_OS_USER='pgadmin'");
    const fs = ConsistentBackupHook.fsfreeze(stack, 'Fs', { mountPoints: ['/mnt/data@v1+x', '/srv/logs'] });
    expect(fs.shellScript).toContain("HOOK_MOUNTS=('/mnt/data@v1+x' '/srv/logs')");
  });

  test('custom commands are embedded verbatim in single quotes', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.commands(stack, 'Hook', { pre: ["echo 'it''s' \"$HOME\""], post: ['true'] });
    expect(hook.shellScript).toContain(`\nHOOK_PRE_COMMANDS=${shellQuote("echo 'it''s' \"$HOME\"")}\n`);
    // run from the variable, never re-parsed by the script itself
    expect(hook.shellScript).toContain('\n  HOOK_STAGE=$1 "$BASH" -e -o pipefail -c "$2" "cdk-tiered-backup-$1"\n');
    expect(hook.shellScript).toContain('\nhook_acquire() {\n  commands_run pre "$HOOK_PRE_COMMANDS" || return 1\n}');
    // once only: the syntax check reads the same variable
    expect(hook.shellScript.split(shellQuote("echo 'it''s' \"$HOME\""))).toHaveLength(2);
  });
});

describe('validation', () => {
  /** Builds a hook and returns the message it throws. */
  function errorOf(build: (stack: Stack) => void): string {
    try {
      build(newStack());
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  }
  const fsfreeze = (props: Partial<ConsistentBackupHookOptions> & { mountPoints?: string[] } = {}) =>
    (stack: Stack) => ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'], ...props });

  test.each([
    ['timeout 9 s', { timeout: Duration.seconds(9) }, '[Stack/Hook] `timeout` must be a whole number of seconds between 10 and 120, got 9 seconds'],
    ['timeout 121 s', { timeout: Duration.seconds(121) }, '[Stack/Hook] `timeout` must be a whole number of seconds between 10 and 120, got 121 seconds'],
    ['timeout 10.5 s', { timeout: Duration.millis(10500) }, '[Stack/Hook] `timeout` must be a whole number of seconds between 10 and 120, got 10.5 seconds'],
    ['autoThaw 0', { autoThaw: Duration.seconds(0) }, '[Stack/Hook] `autoThaw` must be a whole number of seconds between 1 and 300, got 0 seconds'],
    ['autoThaw 301 s', { autoThaw: Duration.seconds(301) }, '[Stack/Hook] `autoThaw` must be a whole number of seconds between 1 and 300, got 301 seconds'],
    ['maximumRetryCount 4', { maximumRetryCount: 4 }, '[Stack/Hook] `maximumRetryCount` must be an integer between 0 and 3, got 4'],
    ['maximumRetryCount -1', { maximumRetryCount: -1 }, '[Stack/Hook] `maximumRetryCount` must be an integer between 0 and 3, got -1'],
    ['documentName with aws prefix', { documentName: 'AWS-Freeze' }, '[Stack/Hook] `documentName` must match 3-128 letters, digits, _ - . (not starting with aws, amazon or amzn), got "AWS-Freeze"'],
    ['documentName with a space', { documentName: 'my doc' }, '[Stack/Hook] `documentName` must match 3-128 letters, digits, _ - . (not starting with aws, amazon or amzn), got "my doc"'],
    ['relative stateDirectory', { stateDirectory: 'run/x' }, '[Stack/Hook] `stateDirectory` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 200 characters, got "run/x"'],
  ])('%s', (_name, props, message) => {
    expect(errorOf(fsfreeze(props))).toEqual(message);
  });

  test.each([
    ['timeout 10 s, autoThaw 1 s', { timeout: Duration.seconds(10), autoThaw: Duration.seconds(1) }],
    ['timeout 120 s, autoThaw 5 min', { timeout: Duration.seconds(120), autoThaw: Duration.minutes(5) }],
    ['maximumRetryCount 0 and 3', { maximumRetryCount: 3 }],
  ])('accepts the boundary: %s', (_name, props) => {
    const stack = newStack();
    instancePolicy(stack, ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'], ...props }));
    synth(stack).resourceCountIs('AWS::SSM::Document', 1);
  });

  test('timeout and autoThaw must be literal (the script is generated at synth)', () => {
    expect(errorOf(fsfreeze({ timeout: Duration.seconds(Lazy.number({ produce: () => 30 })) }))).toEqual(
      '[Stack/Hook] `timeout` must be a literal duration, not a token (the script is generated at synth time)');
    expect(errorOf((stack) => ConsistentBackupHook.fsfreeze(stack, 'Hook', {
      mountPoints: ['/data'], autoThaw: Duration.seconds(new CfnParameter(stack, 'T', { type: 'Number' }).valueAsNumber),
    }))).toEqual('[Stack/Hook] `autoThaw` must be a literal duration, not a token (the script is generated at synth time)');
  });

  test('a token maximumRetryCount passes (it only goes to DLM)', () => {
    const stack = newStack();
    const retries = new CfnParameter(stack, 'Retries', { type: 'Number' }).valueAsNumber;
    instancePolicy(stack, ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: ['/data'], maximumRetryCount: retries }));
    expect(scriptsOf(stack)).toEqual([expect.objectContaining({ MaximumRetryCount: { Ref: 'Retries' } })]);
  });

  test.each([
    ['no mount point', [], '[Stack/Hook] fsfreeze: `mountPoints` must have 1 to 16 items, got 0 items'],
    ['17 mount points', Array.from({ length: 17 }, (_, i) => `/m${i}`), '[Stack/Hook] fsfreeze: `mountPoints` must have 1 to 16 items, got 17 items'],
    ['the root file system', ['/'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must not be the root file system `/` (freezing it stops the SSM Agent that runs the post-script), got "/"'],
    ['a relative path', ['data'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "data"'],
    ['a trailing slash', ['/data/'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/data/"'],
    ['a .. part', ['/data/../etc'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/data/../etc"'],
    ['a command substitution', ['/data$(reboot)'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/data$(reboot)"'],
    ['a quote', ["/data'x"], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/data\'x"'],
    ['a space', ['/my data'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/my data"'],
    ['an SSM placeholder', ['/{{ command }}'], '[Stack/Hook] fsfreeze: `mountPoints[0]` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "/{{ command }}"'],
    ['a repeated mount point', ['/data', '/data'], '[Stack/Hook] fsfreeze: `mountPoints` must not repeat a mount point, got "/data"'],
  ])('fsfreeze refuses %s', (_name, mountPoints, message) => {
    expect(errorOf(fsfreeze({ mountPoints }))).toEqual(message);
  });

  test('fsfreeze refuses a token mount point', () => {
    expect(errorOf((stack) => ConsistentBackupHook.fsfreeze(stack, 'Hook', { mountPoints: [new CfnParameter(stack, 'M').valueAsString] })))
      .toMatch(/^\[Stack\/Hook\] fsfreeze: `mountPoints\[0\]` must be a literal string, not a token \(it is written into the script at synth time\), got \$\{Token\[/);
  });

  const mysql = (props: object) => (stack: Stack) => ConsistentBackupHook.mysql(stack, 'Hook', props);
  const parameter = (stack: Stack, name = '/db/backup') => ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Pw', { parameterName: name });

  test.each([
    ['a socket path longer than 107 characters', { socketPath: `/run/${'s'.repeat(110)}` }, `[Stack/Hook] mysql: \`socketPath\` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 107 characters, got "/run/${'s'.repeat(110)}"`],
    ['a relative socket path', { socketPath: 'mysqld.sock' }, '[Stack/Hook] mysql: `socketPath` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 107 characters, got "mysqld.sock"'],
    ['a host with a semicolon', { host: 'db;reboot' }, '[Stack/Hook] mysql: `host` must be a host name or an IP address, got "db;reboot"'],
    ['port 0', { host: 'db', port: 0 }, '[Stack/Hook] mysql: `port` must be an integer between 1 and 65535, got 0'],
    ['port 65536', { host: 'db', port: 65536 }, '[Stack/Hook] mysql: `port` must be an integer between 1 and 65535, got 65536'],
    ['a port without host', { port: 3307 }, '[Stack/Hook] mysql: `port` needs `host` (the socket is used without it), got 3307'],
    ['a socket and a host', { socketPath: '/run/mysqld/mysqld.sock', host: 'db' }, '[Stack/Hook] mysql: `socketPath` cannot be combined with `host` (a socket or TCP, not both), got "/run/mysqld/mysqld.sock"'],
    ['a user with a quote', { user: "root'--" }, '[Stack/Hook] mysql: `user` must be letters, digits and _ . - (not starting with . or -), at most 63 characters, got "root\'--"'],
    ['a user starting with -', { user: '-uroot' }, '[Stack/Hook] mysql: `user` must be letters, digits and _ . - (not starting with . or -), at most 63 characters, got "-uroot"'],
    ['a relative option file', { optionFile: '~/.my.cnf' }, '[Stack/Hook] mysql: `optionFile` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got "~/.my.cnf"'],
    ['lockTimeout 0', { lockTimeout: Duration.seconds(0) }, "[Stack/Hook] mysql: `lockTimeout` must be a whole number of seconds between 1 and 21 (the hook's `timeout` of 30 seconds minus 9 for connecting), got 0 seconds"],
    ['lockTimeout 22 s with the default timeout', { lockTimeout: Duration.seconds(22) }, "[Stack/Hook] mysql: `lockTimeout` must be a whole number of seconds between 1 and 21 (the hook's `timeout` of 30 seconds minus 9 for connecting), got 22 seconds"],
    ['lockTimeout 2 s with a 10 s timeout', { timeout: Duration.seconds(10), lockTimeout: Duration.seconds(2) }, "[Stack/Hook] mysql: `lockTimeout` must be a whole number of seconds between 1 and 1 (the hook's `timeout` of 10 seconds minus 9 for connecting), got 2 seconds"],
  ])('mysql refuses %s', (_name, props, message) => {
    expect(errorOf(mysql(props))).toEqual(message);
  });

  test('mysql refuses an option file together with a password parameter, and a bad parameter name', () => {
    expect(errorOf((stack) => ConsistentBackupHook.mysql(stack, 'Hook', { optionFile: '/etc/my.cnf', passwordParameter: parameter(stack) }))).toEqual(
      '[Stack/Hook] mysql: `passwordParameter` cannot be combined with `optionFile` (put the password in the option file, or drop the option file)');
    expect(errorOf((stack) => ConsistentBackupHook.mysql(stack, 'Hook', { passwordParameter: parameter(stack, "/db/pw'$(id)") }))).toEqual(
      '[Stack/Hook] mysql: `passwordParameter.parameterName` must be an SSM parameter name (letters, digits, _ . - and / between parts, at most 1011 characters), got "/db/pw\'$(id)"');
  });

  test('the lock timeout follows a short hook timeout by default', () => {
    const stack = newStack();
    const hook = ConsistentBackupHook.mysql(stack, 'Hook', { timeout: Duration.seconds(12) });
    expect(hook.shellScript).toContain('\nexport HOOK_LOCK_TIMEOUT_SECONDS=3\n');
    const pg = ConsistentBackupHook.postgresql(stack, 'Pg', { timeout: Duration.seconds(12) });
    expect(pg.shellScript).toContain('\nexport HOOK_START_TIMEOUT_SECONDS=3\n');
    expect(pg.shellScript).toContain('"SET statement_timeout = \'${HOOK_START_TIMEOUT_SECONDS}s\';"');
    expect(hook.shellScript).toContain('"SET SESSION lock_wait_timeout = $HOOK_LOCK_TIMEOUT_SECONDS;"');
  });

  const pg = (props: object) => (stack: Stack) => ConsistentBackupHook.postgresql(stack, 'Hook', props);
  test.each([
    ['a socket directory with a space', { host: '/var/run/postgre sql' }, '[Stack/Hook] postgresql: `host` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 100 characters, got "/var/run/postgre sql"'],
    ['a host with a space', { host: 'db host' }, '[Stack/Hook] postgresql: `host` must be a host name, an IP address or an absolute socket directory, got "db host"'],
    ['a database with a semicolon', { database: 'app;drop' }, '[Stack/Hook] postgresql: `database` must be letters, digits and _ . - (not starting with . or -), at most 63 characters, got "app;drop"'],
    ['a 64-character user', { user: 'u'.repeat(64) }, `[Stack/Hook] postgresql: \`user\` must be letters, digits and _ . - (not starting with . or -), at most 63 characters, got "${'u'.repeat(64)}"`],
    ['an OS user with capitals', { osUser: 'Postgres' }, '[Stack/Hook] postgresql: `osUser` must be a Linux user name (lowercase letters, digits, _ and -, at most 32 characters), got "Postgres"'],
    ['a relative password file', { passwordFile: '.pgpass' }, '[Stack/Hook] postgresql: `passwordFile` must be an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts), at most 255 characters, got ".pgpass"'],
    ['backupStartTimeout 1.5 s', { backupStartTimeout: Duration.millis(1500) }, "[Stack/Hook] postgresql: `backupStartTimeout` must be a whole number of seconds between 1 and 21 (the hook's `timeout` of 30 seconds minus 9 for connecting), got 1.5 seconds"],
  ])('postgresql refuses %s', (_name, props, message) => {
    expect(errorOf(pg(props))).toEqual(message);
  });

  test('postgresql refuses a password file together with a password parameter', () => {
    expect(errorOf((stack) => ConsistentBackupHook.postgresql(stack, 'Hook', { passwordFile: '/root/.pgpass', passwordParameter: parameter(stack) })))
      .toEqual('[Stack/Hook] postgresql: `passwordParameter` cannot be combined with `passwordFile`');
  });

  const commands = (props: object) => (stack: Stack) => ConsistentBackupHook.commands(stack, 'Hook', props);
  test.each([
    ['neither pre nor post', {}, '[Stack/Hook] commands: `pre` or `post` must be given (a script needs at least one stage)'],
    ['an empty pre list', { pre: [] }, '[Stack/Hook] commands: `pre` must have at least 1 command (leave it out to skip the stage), got 0 items'],
    ['an SSM placeholder', { pre: ['echo {{ executionId }}'] }, '[Stack/Hook] commands: `pre[0]` must not contain `{{` (SSM would substitute it as a document parameter); use $DLM_EXECUTION_ID, got "echo {{ executionId }}"'],
    ['an SSM secure-string reference', { post: ['true', 'echo {{ssm-secure:/db/pw}}'] }, '[Stack/Hook] commands: `post[1]` must not contain `{{` (SSM would substitute it as a document parameter); use $DLM_EXECUTION_ID, got "echo {{ssm-secure:/db/pw}}"'],
    ['a NUL character', { pre: ['a\0b'] }, '[Stack/Hook] commands: `pre[0]` must not contain a NUL character, got "a\\u0000b"'],
    ['too much text', { pre: ['x'.repeat(32_001)] }, '[Stack/Hook] commands: `pre` must be at most 32000 characters in all, got 32001 characters'],
    ['onFailure without a pre-script', { post: ['true'], onFailure: ScriptFailureAction.SKIP_INSTANCE }, '[Stack/Hook] `onFailure` only applies to scripts with a pre-script (give `pre` commands), got "SKIP_INSTANCE"'],
  ])('commands refuses %s', (_name, props, message) => {
    expect(errorOf(commands(props))).toEqual(message);
  });
});
