import { CfnParameter, Duration, Lazy, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ValidatedBackupPlan, ValidatedBackupPlanProps, ValidatedBackupRuleProps, ProtectedBackupVault } from '../../src/backup';
import { Cadence, Retention, Weekday } from '../../src/common';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

const DR_ARN = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:dr-vault';
const SELECTION = { selectionName: 'critical', conditions: { stringEquals: { tier: 'critical' } } };
const vaultName = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault[0-9A-F]{8}$'), 'BackupVaultName'] };

function rule(overrides: Partial<ValidatedBackupRuleProps> = {}): ValidatedBackupRuleProps {
  return { ruleName: 'Daily', cadence: Cadence.daily({ startTime: '02:00' }), retention: Retention.age(Duration.days(7)), ...overrides };
}

function plan(stack: Stack, props: Partial<ValidatedBackupPlanProps> = {}, vault?: backup.IBackupVault): ValidatedBackupPlan {
  return new ValidatedBackupPlan(stack, 'Plan', {
    vault: vault ?? new ProtectedBackupVault(stack, 'Vault'),
    rules: [rule()],
    selection: SELECTION,
    ...props,
  });
}

describe('ValidatedBackupPlan', () => {
  test('a ladder: one rule per rung with cron, windows, retention in days and cold storage, one vault, one selection', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const p = plan(stack, {
      rules: [
        { ruleName: 'Every4h', cadence: Cadence.every(Duration.hours(4), { startTime: '03:00' }), retention: Retention.age(Duration.days(7)) },
        { ruleName: 'Daily', cadence: Cadence.daily({ startTime: '01:30' }), retention: Retention.weeks(4), recoveryPointTags: { tier: 'critical' } },
        { ruleName: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.months(12), coldStorageAfter: Duration.days(30) },
      ],
    });
    // THEN
    const t = synth(stack);
    const common = { StartWindowMinutes: 60, CompletionWindowMinutes: 10080, TargetBackupVault: vaultName };
    t.hasResourceProperties('AWS::Backup::BackupPlan', Match.objectEquals({
      BackupPlan: {
        BackupPlanName: Match.stringLikeRegexp('^Stack-Plan-[0-9A-F]{8}$'),
        BackupPlanRule: [
          { ...common, RuleName: 'Every4h', ScheduleExpression: 'cron(0 3/4 * * ? *)', Lifecycle: { DeleteAfterDays: 7 } },
          { ...common, RuleName: 'Daily', ScheduleExpression: 'cron(30 1 * * ? *)', Lifecycle: { DeleteAfterDays: 28 }, RecoveryPointTags: { tier: 'critical' } },
          // 12 months are kept 372 days (31 days a month): never shorter than declared
          { ...common, RuleName: 'Weekly', ScheduleExpression: 'cron(0 0 ? * SUN *)', Lifecycle: { DeleteAfterDays: 372, MoveToColdStorageAfterDays: 30 } },
        ],
      },
    }));
    t.resourceCountIs('AWS::Backup::BackupVault', 1);
    t.resourceCountIs('AWS::Backup::BackupSelection', 1);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Plan[0-9A-F]{8}$'), 'BackupPlanId'] },
      BackupSelection: Match.objectLike({
        SelectionName: 'critical',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PlanSelectionRole'), 'Arn'] },
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'critical' }] },
      }),
    });
    expect(p.rules.map(r => r.ruleName)).toEqual(['Every4h', 'Daily', 'Weekly']);
    expect(p.startWindow.toMinutes()).toEqual(60);
    expect(p.completionWindow.toDays()).toEqual(7);
    expect(p.role).toBe(p.selection.role);
  });

  test('the default role: trusted by AWS Backup (this account), AWS managed backup policies only (and S3 for the default resources), nothing inline', () => {
    const stack = newStack();
    plan(stack);
    const t = synth(stack);
    const managed = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name.includes('ForS3') ? '' : 'service-role/'}${name}`]] });
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', Match.objectEquals({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } },
        }],
      },
      // backups only (issue 15): restore jobs name a role of their own
      ManagedPolicyArns: ['ForBackup', 'ForS3Backup'].map(s => managed(`AWSBackupServiceRolePolicy${s}`)),
    }));
  });

  test('a given role, s3Permissions for a created role, and selection resources are passed to the selection', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/backup', { mutable: false });
    const vault = new ProtectedBackupVault(stack, 'Vault');
    new ValidatedBackupPlan(stack, 'Given', { vault, rules: [rule()], selection: SELECTION, role });
    new ValidatedBackupPlan(stack, 'NoS3', { vault, rules: [rule()], selection: { ...SELECTION, resources: ['arn:aws:rds:*'], notResources: ['arn:aws:rds:eu-west-1:123456789012:db:tmp'] } });
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.not(Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('S3')])]) })])) });
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ IamRoleArn: 'arn:aws:iam::123456789012:role/backup' }) });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: ['arn:aws:rds:*'], NotResources: ['arn:aws:rds:eu-west-1:123456789012:db:tmp'] }),
    });
  });

  test('name, windows and Windows VSS', () => {
    const stack = newStack();
    plan(stack, { backupPlanName: 'critical.plan-1', startWindow: Duration.hours(2), completionWindow: Duration.hours(3), windowsVss: true });
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'critical.plan-1',
        AdvancedBackupSettings: [{ BackupOptions: { WindowsVSS: 'enabled' }, ResourceType: 'EC2' }],
        BackupPlanRule: [Match.objectLike({ StartWindowMinutes: 120, CompletionWindowMinutes: 180 })],
      },
    });
  });

  test('continuous backup: point-in-time recovery for up to 35 days', () => {
    const stack = newStack();
    plan(stack, {
      rules: [
        rule({ ruleName: 'Pitr', retention: Retention.age(Duration.days(35)), continuousBackup: true }),
        rule({ ruleName: 'Monthly', cadence: Cadence.monthly(1), retention: Retention.years(2) }),
      ],
    });
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Pitr', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Monthly', EnableContinuousBackup: Match.absent(), Lifecycle: { DeleteAfterDays: 732 } }),
        ],
      }),
    });
  });

  test('copies: to an imported DR vault with the rule\'s retention, and to a vault of the stack with their own retention and cold storage', () => {
    // GIVEN
    const stack = newStack();
    const dr = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', DR_ARN);
    const second = new ProtectedBackupVault(stack, 'Second');
    // WHEN
    plan(stack, {
      rules: [rule({
        retention: Retention.months(3),
        copies: [
          { destinationVault: dr },
          { destinationVault: second, retention: Retention.years(1), coldStorageAfter: Duration.days(7) },
        ],
      })],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [Match.objectLike({
          Lifecycle: { DeleteAfterDays: 93 },
          CopyActions: [
            { DestinationBackupVaultArn: DR_ARN, Lifecycle: { DeleteAfterDays: 93 } },
            { DestinationBackupVaultArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecondVault[0-9A-F]{8}$'), 'BackupVaultArn'] }, Lifecycle: { DeleteAfterDays: 366, MoveToColdStorageAfterDays: 7 } },
          ],
        })],
      }),
    });
  });

  test('rules added later with addRule()', () => {
    const stack = newStack();
    const p = plan(stack, { rules: [] });
    p.addRule(rule({ ruleName: 'Weekly', cadence: Cadence.weekly(Weekday.MONDAY), retention: Retention.weeks(8) }));
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ RuleName: 'Weekly', Lifecycle: { DeleteAfterDays: 56 } })] }),
    });
  });

  test('a plan without rules fails at synth, naming the plan once', () => {
    const stack = newStack();
    plan(stack, { rules: [] });
    expect(() => synth(stack)).toThrow(/^\s*\[Stack\/Plan\] `rules` must have at least 1 rule: pass `rules` or call addRule\(\)/m);
  });

  test('tokens: plan name, cron expression, retention days, windows, cold storage and rule name', () => {
    // GIVEN
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const cron = new CfnParameter(stack, 'Cron').valueAsString;
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber;
    const cold = Lazy.number({ produce: () => 10 });
    const ruleName = new CfnParameter(stack, 'RuleName').valueAsString;
    // WHEN
    plan(stack, {
      backupPlanName: name,
      startWindow: Duration.minutes(minutes),
      completionWindow: Duration.minutes(minutes),
      rules: [
        rule({ ruleName: 'FromParameter', cadence: Cadence.expression(cron), retention: Retention.age(Duration.days(days)), coldStorageAfter: Duration.days(cold) }),
        rule({ ruleName, cadence: Cadence.every(Duration.hours(Lazy.number({ produce: () => 8 }))) }),
      ],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanName: { Ref: 'Name' },
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'FromParameter',
            ScheduleExpression: { Ref: 'Cron' },
            StartWindowMinutes: { Ref: 'Minutes' },
            CompletionWindowMinutes: { Ref: 'Minutes' },
            Lifecycle: { DeleteAfterDays: { Ref: 'Days' }, MoveToColdStorageAfterDays: 10 },
          }),
          Match.objectLike({ RuleName: { Ref: 'RuleName' }, ScheduleExpression: 'cron(0 0/8 * * ? *)' }),
        ],
      }),
    });
  });

  test('a vault lock of the plan\'s vault is met by the rendered retention', () => {
    const stack = newStack();
    const vault = new ProtectedBackupVault(stack, 'Vault', { lock: { minRetention: Duration.days(7), maxRetention: Duration.days(372) } });
    plan(stack, { rules: [rule({ retention: Retention.age(Duration.days(7)) }), rule({ ruleName: 'Monthly', retention: Retention.months(12) })] }, vault);
    synth(stack).resourceCountIs('AWS::Backup::BackupPlan', 1);
  });

  test('retention shorter than the time between backups is a warning, not an error', () => {
    const stack = newStack();
    plan(stack, { rules: [rule({ ruleName: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.age(Duration.days(3)) })] });
    synth(stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Plan', Match.stringLikeRegexp(
      '\\[Stack/Plan\\] rule `Weekly`: `retention` \\(3 days\\) is shorter than the time between backups \\(cron\\(0 0 \\? \\* SUN \\*\\)\\): AWS Backup deletes by age'));
  });

  test('no warning when retention covers the period, nor for continuous backup', () => {
    const stack = newStack();
    plan(stack, { rules: [rule({ retention: Retention.age(Duration.days(1)) }), rule({ ruleName: 'Pitr', cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.age(Duration.days(1)), continuousBackup: true })] });
    synth(stack);
    Annotations.fromStack(stack).hasNoWarning('/Stack/Plan', Match.stringLikeRegexp('is shorter than the time between backups'));
  });
});

describe('ValidatedBackupPlan time zone', () => {
  test('every rule, added now or later, carries the plan\'s ScheduleExpressionTimezone', () => {
    const stack = newStack();
    const p = plan(stack, { scheduleTimeZone: TimeZone.EUROPE_BERLIN });
    p.addRule(rule({ ruleName: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY), retention: Retention.weeks(5) }));
    expect(p.scheduleTimeZone).toBe(TimeZone.EUROPE_BERLIN);
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin' }),
          Match.objectLike({ RuleName: 'Weekly', ScheduleExpressionTimezone: 'Europe/Berlin' }),
        ],
      }),
    });
  });

  test('without one the rules say nothing (UTC)', () => {
    const stack = newStack();
    plan(stack);
    synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({ BackupPlanRule: [Match.objectLike({ ScheduleExpressionTimezone: Match.absent() })] }),
    });
  });

  test('an unknown zone is refused; a token is accepted', () => {
    expect(() => plan(newStack(), { scheduleTimeZone: TimeZone.of('Europe/Atlantis') })).toThrow(
      /^\[Stack\/Plan\] `scheduleTimeZone` must be an IANA time zone such as Europe\/Berlin or America\/New_York, got "Europe\/Atlantis"$/);
    const stack = newStack();
    const zone = new CfnParameter(stack, 'Zone').valueAsString;
    expect(() => plan(stack, { scheduleTimeZone: TimeZone.of(zone) })).not.toThrow();
  });
});
