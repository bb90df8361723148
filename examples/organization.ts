/**
 * The organization example: a platform team's management account deploys the same tiers to
 * every account of two organizational units, in two Regions (Mumbai and Ireland), through
 * service-managed CloudFormation StackSets, with the Organizations backup policy beside them
 * for what AWS Backup protects.
 *
 *   - `TieredMember`: the member stack every account gets in ap-south-1 and eu-west-1 — the
 *     tiers' DLM policies and execution role (EBS volumes tagged `backup-tier`), and the vault
 *     the backup policy writes to. It is composed exactly like a single-account stack.
 *   - `DrVaultMember`: the vault DR copies go to, in Singapore, in every account.
 *   - `Management`: the two StackSets and the backup policy (AWS Backup for everything but EBS).
 *
 *   CDK_OUTDIR=cdk.out npx ts-node -T examples/organization.ts
 *
 * writes the cloud assembly to $CDK_OUTDIR (a temporary folder when unset), prints what each
 * stack contains and the plan report with its Organization section.
 */
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BackupPlanReport, BackupTier, StackSetOperationLimit, OrganizationBackupPolicy, OrganizationTarget, OrganizationTiers,
  ProtectedBackupVault, TieredBackup, TierMemberStack,
} from '../src';
import { printAssembly } from './lib/print';

const MANAGEMENT = { account: '111111111111', region: 'us-east-1' };
const REGIONS = ['ap-south-1', 'eu-west-1']; // Mumbai and Ireland: where the workloads run
const DR = 'ap-southeast-1'; // Singapore: DR copies of the critical tier
const WORKLOADS = OrganizationTarget.organizationalUnit('ou-ab12-wrkl0ads');
const PLATFORM = OrganizationTarget.organizationalUnit('ou-ab12-p1atf0rm');
const VAULT = 'tiered-backup';
const DR_VAULT = 'tiered-backup-dr';

/** The three stacks of the example. */
export interface OrganizationExample {
  /** The management account's stack: the StackSets and the backup policy. */
  readonly management: Stack;
  /** The template every account gets in each of `REGIONS`. */
  readonly member: TierMemberStack;
  /** The template every account gets in the DR Region. */
  readonly drMember: TierMemberStack;
}

/** Builds the example's stacks into `app`. */
export function buildOrganizationExample(app: App): OrganizationExample {
  const tiers = [BackupTier.critical(DR), BackupTier.development()];

  // What every account runs in each Region: the tiers, as in a single account.
  const member = new TierMemberStack(app, 'TieredMember', { description: 'cdk-tiered-backup tiers (deployed by a StackSet)' });
  new TieredBackup(member, 'Tiers', { tiers });
  new ProtectedBackupVault(member, 'Vault', { backupVaultName: VAULT, accessPolicyAdmins: [stackSetsExecutionRole(member)] });

  // Where AWS Backup copies the critical tier, in every account.
  const drMember = new TierMemberStack(app, 'DrVaultMember', { description: 'cdk-tiered-backup DR vault (deployed by a StackSet)' });
  new ProtectedBackupVault(drMember, 'Vault', { backupVaultName: DR_VAULT, accessPolicyAdmins: [stackSetsExecutionRole(drMember)] });

  const management = new Stack(app, 'Management', { env: MANAGEMENT });
  const org = new OrganizationTiers(management, 'Tiers', {
    member,
    targets: [WORKLOADS, PLATFORM],
    regions: REGIONS,
    // up to 5 accounts at a time per Region, stop a Region after 10 % of its accounts failed
    maxConcurrency: StackSetOperationLimit.count(5),
    failureTolerance: StackSetOperationLimit.percentage(10),
  });
  new OrganizationTiers(management, 'DrVaults', { member: drMember, targets: [WORKLOADS, PLATFORM], regions: [DR] });

  // AWS Backup for the rest (RDS, DynamoDB, EFS...): the same tiers, as an Organizations policy.
  new OrganizationBackupPolicy(management, 'BackupPolicy', {
    tiers,
    regions: org.regions,
    targetIds: org.targetIds,
    backupVaultName: VAULT,
    drBackupVaultName: DR_VAULT,
    excludeEbs: true, // EBS volumes are the DLM policies'
  });

  BackupPlanReport.attach(app);
  return { management, member, drMember };
}

/**
 * The role StackSets runs stack operations with in a member account (service-managed
 * permissions): exempted from the vault's deny on changing its access policy.
 */
function stackSetsExecutionRole(member: Stack): iam.IRole {
  return iam.Role.fromRoleArn(member, 'StackSetsExecutionRole',
    Fn.sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/stacksets-exec-*'), { mutable: false });
}

/** Synthesizes the app and prints what each stack contains. */
function main(): void {
  const app = new App(); // outdir: $CDK_OUTDIR, as set by the CDK CLI or by the caller
  buildOrganizationExample(app);
  printAssembly(app.synth());
  console.log(`\n${BackupPlanReport.forApp(app).toMarkdown()}`);
}

if (require.main === module) {
  main();
}
