/**
 * Event-driven extra backups (the reference strategy's "before major deployments"): an
 * EventBridge rule per tier that runs the tier backup runbook with its role.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsBackupMode, BackupTier, TieredBackup } from '../../src';
import { synth, testApp } from '../harness';

const DEPLOYMENT_STARTED = {
  source: ['aws.codepipeline'],
  detailType: ['CodePipeline Pipeline Execution State Change'],
  detail: { state: ['STARTED'] },
};

/** The rules' target inputs, with intrinsics (role ARNs, the vault name) replaced by `<token>`. */
function inputs(template: ReturnType<typeof synth>): any[] {
  return Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => {
    const input = r.Properties.Targets[0].Input;
    const text = typeof input === 'string' ? input : input['Fn::Join'][1].map((p: unknown) => typeof p === 'string' ? p : '<token>').join('');
    return JSON.parse(text);
  });
}

function setup(): { stack: Stack; tiered: TieredBackup } {
  const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'ap-south-1' } });
  const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging(), BackupTier.development()] });
  return { stack, tiered };
}

describe('TieredBackup.backUpOnEvent', () => {
  test('the runbook and invoke roles trust their services for this account and Region only; the backup role has no restore policy', () => {
    // GIVEN
    const { stack, tiered } = setup();
    // WHEN
    tiered.tier('staging').backUpOnEvent('BeforeDeploy', { eventPattern: DEPLOYMENT_STARTED });
    // THEN
    const roles = Object.values(synth(stack).findResources('AWS::IAM::Role')).map((r: any) => r.Properties);
    const trust = (service: string) => roles.filter((r) => r.AssumeRolePolicyDocument.Statement[0].Principal.Service === service)
      .map((r) => r.AssumeRolePolicyDocument.Statement);
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    expect(trust('ssm.amazonaws.com')).toEqual([[{
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' },
        ArnLikeIfExists: { 'aws:SourceArn': arn(':ssm:ap-south-1:111111111111:automation-execution/*') },
      },
    }]]);
    expect(trust('events.amazonaws.com')).toEqual([[{
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' },
        ArnLikeIfExists: { 'aws:SourceArn': arn(':events:ap-south-1:111111111111:rule/*') },
      },
    }]]);
    expect(JSON.stringify(roles)).not.toMatch(/Restore/);
  });

  test('an EventBridge rule runs the runbook for the tier, which starts AWS Backup jobs into the vault', () => {
    // GIVEN
    const { stack, tiered } = setup();
    // WHEN
    tiered.tier('staging').backUpOnEvent('BeforeDeploy', { eventPattern: DEPLOYMENT_STARTED, retention: Duration.days(14) });
    // THEN
    const template = synth(stack);
    template.resourceCountIs('AWS::Backup::BackupVault', 1);
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], 'detail': { state: ['STARTED'] } },
      Targets: [Match.objectLike({
        Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:ap-south-1:111111111111:automation-definition/', { Ref: Match.stringLikeRegexp('EventBackupRunbook') }, ':$DEFAULT']] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BeforeDeployInvokeRole'), 'Arn'] },
      })],
    });
    expect(inputs(template)).toEqual([{
      AutomationAssumeRole: ['<token>'],
      TagKey: ['backup-tier'],
      TagValue: ['staging'],
      ResourceTypes: ['ec2:volume'],
      VaultName: ['<token>'],
      BackupRoleArn: ['<token>'],
      RetentionDays: ['14'],
    }]);
    const doc = template.findResources('AWS::SSM::Document');
    const content = Object.values(doc)[0].Properties.Content;
    expect(Object.values(doc)[0].Properties.DocumentType).toBe('Automation');
    expect(content.mainSteps.map((s: any) => [s.name, s.action])).toEqual([['FindTierResources', 'aws:executeAwsApi'], ['BackUpEach', 'aws:loop']]);
    expect(content.mainSteps[1].inputs.Steps[0].inputs).toEqual(expect.objectContaining({ Service: 'backup', Api: 'StartBackupJob', Lifecycle: { DeleteAfterDays: '{{ RetentionDays }}' } }));
  });

  test('least privilege: the runbook role may start jobs into the vault and pass only the backup role to AWS Backup', () => {
    const { stack, tiered } = setup();
    tiered.tier('staging').backUpOnEvent('BeforeDeploy', { eventPattern: DEPLOYMENT_STARTED });
    const template = synth(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'tag:GetResources', Effect: 'Allow', Resource: '*' },
          { Action: 'backup:StartBackupJob', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('TiersVault'), 'BackupVaultArn'] } },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventBackupRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('EventBackupRunbookAutomationRole') }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'ssm:StartAutomationExecution', Effect: 'Allow', Resource: Match.anyValue() },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventBackupRunbookAutomationRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('one runbook for all tiers; resource types follow what the tier holds', () => {
    const { stack, tiered } = setup();
    tiered.tier('development').assign(new dynamodb.Table(stack, 'T', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY }));
    tiered.tier('staging').backUpOnEvent('A', { eventPattern: DEPLOYMENT_STARTED });
    tiered.tier('development').backUpOnEvent('B', { eventPattern: DEPLOYMENT_STARTED });
    const template = synth(stack);
    template.resourceCountIs('AWS::SSM::Document', 1);
    template.resourceCountIs('AWS::Events::Rule', 2);
    expect(inputs(template).map((i) => [i.TagValue[0], i.ResourceTypes, i.RetentionDays[0]]).sort()).toEqual([
      ['development', ['dynamodb:table', 'ec2:volume'], '7'],
      ['staging', ['ec2:volume'], '7'],
    ]);
  });

  test('with AWS Backup for everything the runbook looks for every type, S3 included', () => {
    const stack = new Stack(testApp(), 'Stack');
    const tiered = new TieredBackup(stack, 'Tiers', { tiers: [BackupTier.staging()], awsBackup: AwsBackupMode.ALWAYS });
    tiered.tier('staging').backUpOnEvent('BeforeDeploy', { eventPattern: DEPLOYMENT_STARTED });
    const template = synth(stack);
    expect(inputs(template)[0].ResourceTypes).toEqual(expect.arrayContaining(['rds:db', 'rds:cluster', 's3', 'dynamodb:table', 'ec2:volume']));
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup']] }]),
    });
  });

  test.each([
    ['retention in hours', { retention: Duration.hours(36) }, '[Stack/Tiers/staging] event backup `X`: `retention` must be a whole number of days between 1 and 36500, got 1 day 12 hours'],
    ['retention too long', { retention: Duration.days(36501) }, '`retention` must be a whole number of days between 1 and 36500, got 36501 days'],
    ['empty pattern', { eventPattern: {} }, '[Stack/Tiers/staging] event backup `X`: `eventPattern` must match something (at least one field), got {}'],
  ])('%s is refused', (_name, override, message) => {
    const { tiered } = setup();
    expect(() => tiered.tier('staging').backUpOnEvent('X', { eventPattern: DEPLOYMENT_STARTED, ...override })).toThrow(message);
  });
});
