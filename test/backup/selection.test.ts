import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConditionalBackupSelection, ConditionalBackupSelectionProps } from '../../src/backup';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

/** An aws-cdk-lib plan, as a user of the L2 would have it. */
function l2Plan(stack: Stack): backup.BackupPlan {
  const vault = new backup.BackupVault(stack, 'Vault');
  return backup.BackupPlan.daily35DayRetention(stack, 'Plan', vault);
}

const managed = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name.includes('ForS3') ? '' : 'service-role/'}${name}`]] });
/** Backups only: the selection's role never restores (restore jobs name a role of their own). */
const BACKUP = [managed('AWSBackupServiceRolePolicyForBackup')];
const S3 = [managed('AWSBackupServiceRolePolicyForS3Backup')];
/** AWS Backup for this account only (confused deputy), when it sets aws:SourceAccount. */
const BACKUP_TRUST = {
  Effect: 'Allow',
  Principal: { Service: 'backup.amazonaws.com' },
  Action: 'sts:AssumeRole',
  Condition: { StringEqualsIfExists: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
};

/** The only role of the template: trusted by AWS Backup, managed policies only, no inline policy. */
function expectBackupRole(t: Template, managedPolicies: unknown[]): void {
  t.resourceCountIs('AWS::IAM::Role', 1);
  t.resourceCountIs('AWS::IAM::Policy', 0);
  t.hasResourceProperties('AWS::IAM::Role', Match.objectEquals({
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [BACKUP_TRUST],
    },
    ManagedPolicyArns: managedPolicies,
  }));
}

describe('ConditionalBackupSelection', () => {
  test('AND-ed tag conditions on an aws-cdk-lib BackupPlan, every resource by default, role with S3 policies', () => {
    // GIVEN
    const stack = newStack();
    const plan = l2Plan(stack);
    // WHEN
    const selection = new ConditionalBackupSelection(stack, 'Selection', {
      backupPlan: plan,
      selectionName: 'prod-databases',
      conditions: { stringEquals: { tier: 'database', env: 'prod' } },
    });
    // THEN
    const t = synth(stack);
    t.hasResourceProperties('AWS::Backup::BackupSelection', Match.objectEquals({
      BackupPlanId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Plan'), 'BackupPlanId'] },
      BackupSelection: {
        SelectionName: 'prod-databases',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SelectionRole'), 'Arn'] },
        Resources: ['*'],
        Conditions: {
          StringEquals: [
            { ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'database' },
            { ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod' },
          ],
        },
      },
    }));
    expectBackupRole(t, [...BACKUP, ...S3]);
    expect(selection.grantPrincipal).toBe(selection.role);
    expect(stack.resolve(selection.selectionId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Selection/), 'SelectionId'] });
  });

  test('all four condition kinds, keys already prefixed kept, resources and notResources; no S3 policies for RDS only', () => {
    const stack = newStack();
    new ConditionalBackupSelection(stack, 'Selection', {
      backupPlan: l2Plan(stack),
      selectionName: 'db.v1',
      conditions: {
        stringEquals: { tier: 'database' },
        stringNotEquals: { 'aws:ResourceTag/backup': 'off' },
        stringLike: { team: 'pay*' },
        stringNotLike: { env: '*test*' },
      },
      resources: ['arn:aws:rds:*', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders'],
      notResources: ['arn:aws:rds:eu-west-1:123456789012:db:scratch*'],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: ['arn:aws:rds:*', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders'],
        NotResources: ['arn:aws:rds:eu-west-1:123456789012:db:scratch*'],
        Conditions: {
          StringEquals: [{ ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'database' }],
          StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'off' }],
          StringLike: [{ ConditionKey: 'aws:ResourceTag/team', ConditionValue: 'pay*' }],
          StringNotLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: '*test*' }],
        },
      }),
    });
    expectBackupRole(t, BACKUP);
  });

  test.each<[string, string[], boolean]>([
    ['every resource', ['*'], true],
    ['every ARN', ['arn:*'], true],
    ['every service of the partition', ['arn:aws:*'], true],
    ['services starting with s', ['arn:aws:s*'], true],
    ['bucket prefix', ['arn:aws:s3:::logs-*'], true],
    ['one bucket', ['arn:aws:s3:::my-bucket'], true],
    ['China partition buckets', ['arn:aws-cn:s3:::*'], true],
    ['EFS and RDS only', ['arn:aws:elasticfilesystem:*', 'arn:aws:rds:*'], false],
    ['one DynamoDB table', ['arn:aws:dynamodb:eu-west-1:123456789012:table/t'], false],
  ])('S3 policies are attached when resources may match a bucket: %s', (_, resources, s3) => {
    const stack = newStack();
    new ConditionalBackupSelection(stack, 'Selection', { backupPlan: l2Plan(stack), selectionName: 's', conditions: { stringEquals: { a: 'b' } }, resources });
    expectBackupRole(synth(stack), s3 ? [...BACKUP, ...S3] : BACKUP);
  });

  test('s3Permissions overrides the inference', () => {
    const stack = newStack();
    const plan = l2Plan(stack);
    new ConditionalBackupSelection(stack, 'NoS3', { backupPlan: plan, selectionName: 'a', conditions: { stringEquals: { a: 'b' } }, s3Permissions: false });
    new ConditionalBackupSelection(stack, 'S3', { backupPlan: plan, selectionName: 'b', conditions: { stringEquals: { a: 'b' } }, resources: ['arn:aws:rds:*'], s3Permissions: true });
    const t = synth(stack);
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: BACKUP });
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [...BACKUP, ...S3] });
  });

  test('a given role is used as given: no role is created and nothing is attached', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/backup', { mutable: false });
    const selection = new ConditionalBackupSelection(stack, 'Selection', { backupPlan: l2Plan(stack), selectionName: 's', conditions: { stringLike: { a: '*' } }, role });
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 0);
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ IamRoleArn: 'arn:aws:iam::123456789012:role/backup' }) });
    expect(selection.role).toBe(role);
  });

  test('works with an imported plan', () => {
    const stack = newStack();
    const plan = backup.BackupPlan.fromBackupPlanId(stack, 'Plan', 'plan-1234');
    new ConditionalBackupSelection(stack, 'Selection', { backupPlan: plan, selectionName: 's', conditions: { stringEquals: { a: 'b' } } });
    synth(stack).hasResourceProperties('AWS::Backup::BackupSelection', { BackupPlanId: 'plan-1234' });
  });

  test('tokens are accepted for the name, tag values and resources', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const value = new CfnParameter(stack, 'Value').valueAsString;
    const arns = new CfnParameter(stack, 'Arns', { type: 'CommaDelimitedList' }).valueAsList;
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    new ConditionalBackupSelection(stack, 'Selection', {
      backupPlan: l2Plan(stack),
      selectionName: name,
      conditions: { stringEquals: { tier: value } },
      resources: arns,
      notResources: [arn],
    });
    synth(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        SelectionName: { Ref: 'Name' },
        Resources: { Ref: 'Arns' },
        NotResources: [{ Ref: 'Arn' }],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/tier', ConditionValue: { Ref: 'Value' } }] },
      }),
    });
  });

  test('the ARN limits: 30 wildcard patterns and 500 plain ARNs synthesize', () => {
    const stack = newStack();
    const plan = l2Plan(stack);
    const wild = Array.from({ length: 30 }, (_, i) => `arn:aws:rds:eu-west-1:123456789012:db:d${i}*`);
    const plain = Array.from({ length: 500 }, (_, i) => `arn:aws:rds:eu-west-1:123456789012:db:d${i}`);
    new ConditionalBackupSelection(stack, 'Wild', { backupPlan: plan, selectionName: 'w', conditions: { stringEquals: { a: 'b' } }, resources: wild });
    new ConditionalBackupSelection(stack, 'Plain', { backupPlan: plan, selectionName: 'p', conditions: { stringEquals: { a: 'b' } }, resources: plain });
    synth(stack).resourceCountIs('AWS::Backup::BackupSelection', 2);
  });

  describe('validation', () => {
    const base = { selectionName: 's', conditions: { stringEquals: { tier: 'gold' } } };
    test.each<[string, Partial<ConditionalBackupSelectionProps>, RegExp]>([
      ['an empty selection name', { selectionName: '' }, /^\[Stack\/Selection\] `selectionName` must match 1 to 50 letters, digits, `-`, `_` or `.` \(.*\), got ""$/],
      ['a selection name with a space', { selectionName: 'my selection' }, /`selectionName` must match 1 to 50 letters, digits.*, got "my selection"$/],
      ['a selection name of 51 characters', { selectionName: 's'.repeat(51) }, /`selectionName` must match 1 to 50.*, got "s{51}"$/],
      ['no condition at all', { conditions: {} }, /^\[Stack\/Selection\] `conditions` must have at least one tag condition \(without one the selection would take every resource its `resources` match.*\), got \{\}$/],
      ['only empty condition maps', { conditions: { stringEquals: {}, stringLike: {} } }, /`conditions` must have at least one tag condition/],
      ['a tag key over 128 characters', { conditions: { stringLike: { ['k'.repeat(129)]: 'v' } } }, /^\[Stack\/Selection\] `conditions.stringLike` must have tag keys of 1 to 128 characters \(without the `aws:ResourceTag\/` prefix\), got "k{129}"$/],
      ['an empty tag key after the prefix', { conditions: { stringEquals: { 'aws:ResourceTag/': 'v' } } }, /`conditions.stringEquals` must have tag keys of 1 to 128 characters.*, got "aws:ResourceTag\/"$/],
      ['a tag value over 256 characters', { conditions: { stringNotEquals: { k: 'v'.repeat(257) } } }, /^\[Stack\/Selection\] `conditions.stringNotEquals.k` must be at most 256 characters long \(a tag value\), got "v{257}"$/],
      ['no resources', { resources: [] }, /^\[Stack\/Selection\] `resources` must have at least 1 ARN pattern \(use \['\*'\] for every resource\), got \[\]$/],
      ['a resource that is not an ARN', { resources: ['my-table'] }, /^\[Stack\/Selection\] `resources\[0\]` must be an ARN \(`arn:...`\) or `\*`, got "my-table"$/],
      ['a wildcard before the end', { resources: ['arn:aws:s3:::*-logs'] }, /^\[Stack\/Selection\] `resources\[0\]` must have its `\*` wildcard only at the end \(AWS Backup matches ARN prefixes.*\), got "arn:aws:s3:::\*-logs"$/],
      ['a wildcard inside a notResources ARN', { notResources: ['arn:aws:rds:*:123456789012:db:x'] }, /`notResources\[0\]` must have its `\*` wildcard only at the end.*, got "arn:aws:rds:\*:123456789012:db:x"$/],
      ['31 patterns with a wildcard', { resources: Array.from({ length: 31 }, (_, i) => `arn:aws:rds:eu-west-1:123456789012:db:d${i}*`) }, /^\[Stack\/Selection\] `resources` must have at most 30 ARNs when any has a wildcard \(AWS Backup's limit: 500 ARNs, or 30 with wildcards\), got "31 ARNs"$/],
      ['501 plain ARNs', { notResources: Array.from({ length: 501 }, (_, i) => `arn:aws:rds:eu-west-1:123456789012:db:d${i}`) }, /`notResources` must have at most 500 ARNs without wildcards .*, got "501 ARNs"$/],
    ])('%s', (_, props, message) => {
      // GIVEN
      const stack = newStack();
      const plan = l2Plan(stack);
      // THEN
      expect(() => new ConditionalBackupSelection(stack, 'Selection', { backupPlan: plan, ...base, ...props })).toThrow(message);
    });

    test('s3Permissions with a given role is an error', () => {
      const stack = newStack();
      const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/backup');
      expect(() => new ConditionalBackupSelection(stack, 'Selection', { backupPlan: l2Plan(stack), ...base, role, s3Permissions: true }))
        .toThrow(/^\[Stack\/Selection\] `s3Permissions` is only allowed without `role` \(a role you pass is used as given\), got true$/);
    });
  });
});
