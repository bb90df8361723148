/**
 * A vault lock whose minimum and maximum retention are the same. AWS Backup requires a job's
 * retention to be "equal to or longer than the minimum retention period" and "equal to or shorter
 * than the maximum retention period", so min == max pins the retention to one value:
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { ProtectedBackupVault } from '../../src';
import { synth, testApp } from '../harness';

test('a vault lock with minRetention equal to maxRetention synthesizes', () => {
  // GIVEN
  const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  // WHEN
  new ProtectedBackupVault(stack, 'Vault', { lock: { minRetention: Duration.days(35), maxRetention: Duration.days(35) } });
  // THEN
  synth(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 35 } });
});
