import { CfnParameter, CliCredentialsStackSynthesizer, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ProtectedBackupVault, ProtectedBackupVaultProps } from '../../src/backup';
import { synth, testApp } from '../harness';

function newStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

const DENY_DELETION = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
  Resource: '*',
};

/** The stack's CloudFormation execution role (the default synthesizer's), as CloudFormation resolves it. */
const CFN_EXEC_ROLE = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}' };

/** Nobody but the admins (by default the deployment's role) may change or remove the access policy. */
const DENY_POLICY_CHANGES = (admins: unknown[] = [CFN_EXEC_ROLE]) => ({
  Sid: 'DenyAccessPolicyChangesButAdmins',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
  Resource: '*',
  Condition: { ArnNotEquals: { 'aws:PrincipalArn': admins } },
});

describe('ProtectedBackupVault', () => {
  test('defaults: a rotated customer-managed key kept on delete, manual deletion denied, vault retained', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const vault = new ProtectedBackupVault(stack, 'Vault');
    // THEN
    const t = synth(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: {
        BackupVaultName: Match.stringLikeRegexp('^StackVault'),
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VaultKey'), 'Arn'] },
        AccessPolicy: { Version: '2012-10-17', Statement: [DENY_DELETION, DENY_POLICY_CHANGES()] },
      },
      DeletionPolicy: 'Retain',
    });
    expect(stack.resolve(vault.backupVaultName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Vault/), 'BackupVaultName'] });
    expect(stack.resolve(vault.backupVaultArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Vault/), 'BackupVaultArn'] });
    expect(vault.encryptionKey).toBeInstanceOf(kms.Key);
  });

  test('accessPolicyAdmins replace the deployment role as the only ones who may change the access policy', () => {
    const stack = newStack();
    const admin = iam.Role.fromRoleArn(stack, 'Admin', 'arn:aws:iam::123456789012:role/backup-admin');
    new ProtectedBackupVault(stack, 'Vault', { accessPolicyAdmins: [admin] });
    synth(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Version: '2012-10-17', Statement: [DENY_DELETION, DENY_POLICY_CHANGES(['arn:aws:iam::123456789012:role/backup-admin'])] },
    });
  });

  test('without a deployment role to exempt (another synthesizer) the policy is not self-protecting, and a warning says so', () => {
    const stack = new Stack(testApp(), 'Stack', { synthesizer: new CliCredentialsStackSynthesizer() });
    const vault = new ProtectedBackupVault(stack, 'Vault');
    const t = synth(stack);
    t.hasResourceProperties('AWS::Backup::BackupVault', { AccessPolicy: { Version: '2012-10-17', Statement: [DENY_DELETION] } });
    const warnings = vault.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('The vault access policy does not deny changing or deleting itself: give `accessPolicyAdmins`')]);
  });

  test('a given key, name, removal policy, lock, and manual deletion allowed', () => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    // WHEN
    new ProtectedBackupVault(stack, 'Vault', {
      backupVaultName: 'critical-vault_1',
      encryptionKey: key,
      blockManualDeletion: false,
      removalPolicy: RemovalPolicy.DESTROY,
      lock: { minRetention: Duration.days(7), maxRetention: Duration.days(3660), changeableFor: Duration.days(3) },
    });
    // THEN
    const t = synth(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectEquals({
        BackupVaultName: 'critical-vault_1',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 3660, ChangeableForDays: 3 },
      }),
      DeletionPolicy: 'Delete',
    });
  });

  test('allowCopyFromAccounts and allowCopyFrom() allow exactly backup:CopyIntoBackupVault to those accounts', () => {
    // GIVEN
    const stack = newStack();
    const vault = new ProtectedBackupVault(stack, 'Vault', { allowCopyFromAccounts: ['111111111111', '222222222222'] });
    // WHEN
    vault.allowCopyFrom('333333333333');
    // THEN
    const root = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });
    synth(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Version: '2012-10-17',
        Statement: [
          DENY_DELETION,
          DENY_POLICY_CHANGES(),
          { Effect: 'Allow', Principal: { AWS: [root('111111111111'), root('222222222222')] }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
          { Effect: 'Allow', Principal: { AWS: root('333333333333') }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
        ],
      },
    });
  });

  test('tokens are accepted for the name, lock periods and accounts', () => {
    // GIVEN
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    const account = new CfnParameter(stack, 'Account').valueAsString;
    // WHEN
    new ProtectedBackupVault(stack, 'Vault', {
      backupVaultName: name,
      lock: { minRetention: Duration.days(days), maxRetention: Duration.days(days), changeableFor: Duration.days(days) },
      allowCopyFromAccounts: [account],
    });
    // THEN
    synth(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: { Ref: 'Name' },
      LockConfiguration: { MinRetentionDays: { Ref: 'Days' }, MaxRetentionDays: { Ref: 'Days' }, ChangeableForDays: { Ref: 'Days' } },
      AccessPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'backup:CopyIntoBackupVault',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'Account' }, ':root']] } },
        })]),
      }),
    });
  });

  test('the lock boundaries synthesize: 1 day minimum, 36500 days maximum, 3 days changeable', () => {
    const stack = newStack();
    new ProtectedBackupVault(stack, 'Vault', { lock: { minRetention: Duration.days(1), maxRetention: Duration.days(36500), changeableFor: Duration.hours(72) } });
    synth(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 36500, ChangeableForDays: 3 },
    });
  });

  describe('as a backup.IBackupVault', () => {
    test('aws-cdk-lib\'s BackupPlan writes to it and copies into it', () => {
      // GIVEN
      const stack = newStack();
      const vault: backup.IBackupVault = new ProtectedBackupVault(stack, 'Vault');
      const second: backup.IBackupVault = new ProtectedBackupVault(stack, 'Second');
      // WHEN
      const plan = new backup.BackupPlan(stack, 'Plan', { backupVault: vault });
      plan.addRule(new backup.BackupPlanRule({
        ruleName: 'Daily',
        deleteAfter: Duration.days(7),
        copyActions: [{ destinationBackupVault: second, deleteAfter: Duration.days(7) }],
      }));
      // THEN
      synth(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: 'Plan',
          BackupPlanRule: [Match.objectLike({
            RuleName: 'Daily',
            TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault[0-9A-F]{8}$'), 'BackupVaultName'] },
            CopyActions: [{
              DestinationBackupVaultArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecondVault[0-9A-F]{8}$'), 'BackupVaultArn'] },
              Lifecycle: { DeleteAfterDays: 7 },
            }],
          })],
        },
      });
    });

    test('grant() gives the grantee the actions on the vault\'s ARN and returns the iam.Grant', () => {
      // GIVEN
      const stack = newStack();
      const vault = new ProtectedBackupVault(stack, 'Vault');
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      // WHEN
      const grant = vault.grant(role, 'backup:ListRecoveryPointsByBackupVault', 'backup:DescribeBackupVault');
      // THEN
      expect(grant).toBeInstanceOf(iam.Grant);
      expect(grant.success).toBe(true);
      synth(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Action: ['backup:ListRecoveryPointsByBackupVault', 'backup:DescribeBackupVault'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vault[0-9A-F]{8}$'), 'BackupVaultArn'] },
          }],
        },
      });
    });

    test('its reference, environment and default child are those of the vault it wraps', () => {
      // GIVEN
      const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
      // WHEN
      const vault = new ProtectedBackupVault(stack, 'Vault');
      // THEN
      expect(stack.resolve(vault.backupVaultRef)).toEqual({
        backupVaultName: { 'Fn::GetAtt': [expect.stringMatching(/^Vault[0-9A-F]{8}$/), 'BackupVaultName'] },
        backupVaultArn: { 'Fn::GetAtt': [expect.stringMatching(/^Vault[0-9A-F]{8}$/), 'BackupVaultArn'] },
      });
      expect(vault.env).toEqual({ account: '111111111111', region: 'eu-west-1' });
      expect(vault.stack).toBe(stack);
      expect(vault.node.defaultChild).toBeInstanceOf(backup.CfnBackupVault);
    });

    test('applyRemovalPolicy() reaches the vault resource; addToAccessPolicy() its access policy', () => {
      // GIVEN
      const stack = newStack();
      const vault = new ProtectedBackupVault(stack, 'Vault');
      // WHEN
      vault.applyRemovalPolicy(RemovalPolicy.DESTROY);
      vault.addToAccessPolicy(new iam.PolicyStatement({
        effect: iam.Effect.ALLOW, actions: ['backup:DescribeBackupVault'], principals: [new iam.AccountPrincipal('222222222222')], resources: ['*'],
      }));
      // THEN
      synth(stack).hasResource('AWS::Backup::BackupVault', {
        Properties: Match.objectLike({
          AccessPolicy: {
            Version: '2012-10-17',
            Statement: [DENY_DELETION, DENY_POLICY_CHANGES(), {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } },
              Action: 'backup:DescribeBackupVault',
              Resource: '*',
            }],
          },
        }),
        DeletionPolicy: 'Delete',
      });
    });
  });

  describe('validation', () => {
    test.each<[string, ProtectedBackupVaultProps, RegExp]>([
      ['name too short', { backupVaultName: 'a' }, /^\[Stack\/Vault\] `backupVaultName` must match 2 to 50 letters, digits, `-` or `_` \(\^\[a-zA-Z0-9-_\]\{2,50\}\$\), got "a"$/],
      ['name with a dot', { backupVaultName: 'my.vault' }, /`backupVaultName` must match 2 to 50 letters, digits, `-` or `_` .*, got "my.vault"$/],
      ['name of 51 characters', { backupVaultName: 'v'.repeat(51) }, /`backupVaultName` must match 2 to 50 letters.*, got "v{51}"$/],
      ['lock minimum under a day', { lock: { minRetention: Duration.hours(12) } }, /^\[Stack\/Vault\] `lock.minRetention` must be a whole number of days between 1 and 36500 \(at least 1 day\), got 12 hours$/],
      ['lock minimum not whole days', { lock: { minRetention: Duration.hours(36) } }, /`lock.minRetention` must be a whole number of days between 1 and 36500 .*, got 1 day 12 hours$/],
      ['lock minimum over 36500 days', { lock: { minRetention: Duration.days(36501) } }, /`lock.minRetention` must be a whole number of days between 1 and 36500.*, got 36501 days$/],
      ['lock maximum over 36500 days', { lock: { minRetention: Duration.days(1), maxRetention: Duration.days(36501) } }, /`lock.maxRetention` must be a whole number of days between 1 and 36500 \(at most 36500 days\), got 36501 days$/],
      ['lock maximum below the minimum', { lock: { minRetention: Duration.days(30), maxRetention: Duration.days(7) } }, /`lock.maxRetention` must not be shorter than `lock.minRetention` \(30 days\), got 7 days$/],
      ['changeable for under 72 hours', { lock: { minRetention: Duration.days(1), changeableFor: Duration.days(2) } }, /^\[Stack\/Vault\] `lock.changeableFor` must be a whole number of days between 3 and 36500 \(at least 3 days \(AWS Backup's 72-hour cooling-off period.*\)\), got 2 days$/],
      ['changeable for not whole days', { lock: { minRetention: Duration.days(1), changeableFor: Duration.hours(80) } }, /`lock.changeableFor` must be a whole number of days between 3 and 36500.*, got 3 days 8 hours$/],
      ['changeable for over 36500 days', { lock: { minRetention: Duration.days(1), changeableFor: Duration.days(36501) } }, /`lock.changeableFor` must be a whole number of days between 3 and 36500.*, got 36501 days$/],
      ['an account that is not 12 digits', { allowCopyFromAccounts: ['12345'] }, /^\[Stack\/Vault\] `allowCopyFromAccounts\[0\]` must match a 12-digit AWS account ID, got "12345"$/],
      ['a repeated account', { allowCopyFromAccounts: ['111111111111', '111111111111'] }, /`allowCopyFromAccounts\[1\]` must not repeat an account already allowed to copy into the vault, got "111111111111"$/],
    ])('%s', (_, props, message) => {
      // GIVEN
      const stack = newStack();
      // THEN
      expect(() => new ProtectedBackupVault(stack, 'Vault', props)).toThrow(message);
    });

    test('allowCopyFrom() checks accounts and repeats', () => {
      const stack = newStack();
      const vault = new ProtectedBackupVault(stack, 'Vault', { allowCopyFromAccounts: ['111111111111'] });
      expect(() => vault.allowCopyFrom('11111111111x')).toThrow(/^\[Stack\/Vault\] `accountIds\[0\]` must match a 12-digit AWS account ID, got "11111111111x"$/);
      expect(() => vault.allowCopyFrom('111111111111')).toThrow(/`accountIds\[0\]` must not repeat an account already allowed to copy into the vault, got "111111111111"$/);
    });
  });
});
