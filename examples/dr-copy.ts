/**
 * The disaster-recovery example: the reference strategy's critical tier, copied encrypted from
 * Mumbai (ap-south-1) to Singapore (ap-southeast-1) in the production account, and shared with
 * an isolated vault account that keeps its own encrypted copies in both Regions.
 *
 *   CDK_OUTDIR=/tmp/dr npx ts-node -T examples/dr-copy.ts
 *
 * writes the cloud assembly (two stacks, two accounts) to $CDK_OUTDIR (a temporary folder when
 * unset) and prints what each stack contains.
 */
import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Cadence, CrossAccountCopyPolicy, DrCopyRule, Retention, SnapshotPolicy, Weekday } from '../src';
import { acknowledgeDlmRole } from './lib/acknowledgements';
import { printAssembly } from './lib/print';

/** The production account and Region, and the isolated vault account. */
export const PRODUCTION = { account: '111111111111', region: 'ap-south-1' };
export const VAULT = { account: '222222222222', region: 'ap-south-1' };

/** The DR key of the production account in Singapore, managed outside this app. */
const PRODUCTION_DR_KEY = 'arn:aws:kms:ap-southeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** The vault account's key in Singapore, managed outside this app. */
const VAULT_DR_KEY = 'arn:aws:kms:ap-southeast-1:222222222222:key/0987dcba-09fe-87dc-65ba-ab0987654321';

/** The two stacks of the example. */
export interface DrExample {
  /** Production (source) account, Mumbai. */
  readonly source: Stack;
  /** Vault (destination) account, Mumbai. */
  readonly vault: Stack;
}

/** Builds the example's two stacks into `app`. */
export function buildDrExample(app: App): DrExample {
  const source = new Stack(app, 'DrSourceExample', { env: PRODUCTION });
  const vault = new Stack(app, 'DrVaultExample', { env: VAULT });

  // The application's data, encrypted with a customer-managed key: only such snapshots can be shared.
  const volumeKey = new kms.Key(source, 'VolumeKey', { enableKeyRotation: true, description: 'Encrypts the critical tier volumes and their snapshots' });
  const data = new ec2.CfnVolume(source, 'AppData', {
    availabilityZone: Fn.select(0, Fn.getAzs()), size: 100, volumeType: 'gp3', encrypted: true, kmsKeyId: volumeKey.keyArn,
  });

  // Source side: the vault account may copy the snapshots of the schedules that share with it.
  const toVault = DrCopyRule.toAccount(VAULT.account, { sourceKey: volumeKey, unshareAfter: Duration.days(2) });
  const critical = new SnapshotPolicy(source, 'Critical', {
    description: 'critical tier - daily and weekly with DR copies',
    targetTags: { 'backup-tier': 'critical' },
    schedules: [
      {
        name: 'Daily',
        cadence: Cadence.daily({ startTime: '02:00' }),
        retention: Retention.weeks(4),
        copyTags: true,
        // Mumbai -> Singapore, encrypted with the production DR key, kept 3 months there
        crossRegionCopies: [DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: PRODUCTION_DR_KEY, retention: Retention.months(3), copyTags: true })],
        crossAccountCopies: [toVault],
      },
      { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12), copyTags: true },
    ],
  });
  critical.protect(data);

  // Destination side, one line: copy what production shares, in Mumbai and in Singapore.
  const vaultKey = new kms.Key(vault, 'VaultKey', { enableKeyRotation: true, description: 'Encrypts the vault copies in Mumbai' });
  new CrossAccountCopyPolicy(vault, 'FromProduction', {
    source: toVault,
    copies: [
      DrCopyRule.toRegion(VAULT.region, { encryptionKey: vaultKey, retention: Retention.months(3) }),
      DrCopyRule.toRegion('ap-southeast-1', { encryptionKeyArn: VAULT_DR_KEY, retention: Retention.years(1) }),
    ],
  });
  acknowledgeDlmRole(source, {
    kmsActions: true,
    // copies: the DLM role may copy snapshots only in the copy Regions (one ARN per Region)
    resources: ['*', `arn:<AWS::Partition>:ec2:${PRODUCTION.region}:${PRODUCTION.account}:volume/*`, `arn:<AWS::Partition>:ec2:${PRODUCTION.region}::snapshot/*`,
      'arn:<AWS::Partition>:ec2:ap-southeast-1::snapshot/*'],
  });
  acknowledgeDlmRole(vault, {
    kmsActions: true,
    keysOfAccount: PRODUCTION.account,
    resources: ['*', 'arn:<AWS::Partition>:ec2:*::snapshot/*', `arn:<AWS::Partition>:events:${VAULT.region}:${VAULT.account}:rule/AwsDataLifecycleRule.managed-cwe.*`],
  });
  return { source, vault };
}

/** Synthesizes the app and prints what each stack contains. */
function main(): void {
  const app = new App(); // outdir: $CDK_OUTDIR, as set by the CDK CLI or by the caller
  buildDrExample(app);
  printAssembly(app.synth());
}

if (require.main === module) {
  main();
}
