/**
 * What the Audit Manager controls and the compliance framework read about a tier: the engines it
 * uses, the resources carrying its tag, how long each kind of restore point is kept, its AWS
 * Backup DR copies, unencrypted resources and whether its vault denies manual deletion. Read
 * from the tiers' value objects, never from templates. NOT exported from the package.
 */
import { CfnResource, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';
import { backupDeleteAfterDays, parseVaultArn } from '../../backup/private/render';
import { CompiledTier } from '../../tiers/compiled-tier';
import { BackupEngine } from '../../tiers/engines';
import { EBS_TYPES } from '../../tiers/private/resources';
import { BackupTier } from '../../tiers/tier';
import { BackupRung } from '../../tiers/tier-props';
import { TieredBackup } from '../../tiers/tiered-backup';

/** Everything the controls need to know about one tier of one TieredBackup. @internal */
export interface TierFacts {
  readonly tiered: TieredBackup;
  /** The compiled tier the facts are read from. */
  readonly compiled: CompiledTier;
  readonly tier: BackupTier;
  readonly rungNames: string[];
  /** EBS/EC2 of the tier are on DLM. */
  readonly dlm: boolean;
  /** The tier has an AWS Backup plan. */
  readonly backup: boolean;
  /** Every resource carrying the tier tag is protected by the tier's AWS Backup plan. */
  readonly allOnBackup: boolean;
  /** Resources of the app carrying the tier tag. */
  readonly resources: CfnResource[];
}

/** @internal */
export function tierFacts(tiered: TieredBackup, compiled: CompiledTier): TierFacts {
  const tier = compiled.declaration;
  const dlm = compiled.engines.includes(BackupEngine.DLM);
  const onBackup = compiled.backupPlan !== undefined;
  const resources = taggedResources(tiered, tiered.tagKey, tier.name);
  const ebsOnDlm = tiered.ebsEngine === BackupEngine.DLM && resources.some(r => EBS_TYPES.includes(r.cfnResourceType));
  return { tiered, compiled, tier, rungNames: tier.rungNames, dlm, backup: onBackup, allOnBackup: onBackup && !ebsOnDlm, resources };
}

/** The CfnResources of the app whose tag `key` has `value` (as rendered after aspects). */
function taggedResources(scope: IConstruct, key: string, value: string): CfnResource[] {
  return scope.node.root.node.findAll().filter((c): c is CfnResource => {
    if (!CfnResource.isCfnResource(c)) return false;
    const tags = TagManager.of(c)?.tagValues() ?? {};
    return tags[key] === value;
  });
}

/** Days a rung (or copy) keeps its restore points, the least over the engines the tier uses. */
export function keptDays(facts: TierFacts, retention: BackupRung['retention']): number | undefined {
  const kept: number[] = [];
  if (facts.dlm) {
    const d = retention._minDays();
    if (d === undefined) return undefined;
    kept.push(d);
  }
  if (facts.backup) {
    const d = backupDeleteAfterDays(retention);
    if (d === undefined || Token.isUnresolved(d)) return undefined;
    kept.push(d);
  }
  return kept.length === 0 ? undefined : Math.min(...kept);
}

/** A restore point of the tier and how long it is kept. */
export interface KeptPoint {
  readonly what: string;
  readonly days: number | undefined;
}

/** Every kind of restore point the tier keeps: rungs, point-in-time window, DR copies. @internal */
export function keptPoints(facts: TierFacts, includeCopies: boolean): KeptPoint[] {
  const tier = facts.tier;
  const points: KeptPoint[] = tier.rungs.map((r, i) => ({ what: `rung \`${facts.rungNames[i]}\``, days: keptDays(facts, r.retention) }));
  if (facts.backup && tier.pointInTimeRecovery !== undefined) {
    points.push({ what: 'point-in-time recovery', days: tier.pointInTimeRecovery.isUnresolved() ? undefined : tier.pointInTimeRecovery.toDays({ integral: false }) });
  }
  if (includeCopies) {
    for (const copy of tier.drCopies) {
      tier.rungs.forEach((r, i) => {
        points.push({ what: `DR copy to ${copy.region} of rung \`${facts.rungNames[i]}\``, days: keptDays(facts, copy.retention ?? r.retention) });
      });
    }
  }
  return points;
}

/** The AWS Backup DR copies of a tier: Region and the account of the destination vault. @internal */
export function backupCopies(facts: TierFacts): { region: string; account?: string }[] {
  if (!facts.backup) return [];
  const stackAccount = Stack.of(facts.tiered).account;
  return facts.tier.drCopies.map((copy) => {
    const vault = facts.tiered.drBackupVaults.find(v => !Token.isUnresolved(v.env.region) && v.env.region === copy.region);
    let account: string | undefined;
    if (vault !== undefined) {
      const parts = parseVaultArn(vault.backupVaultArn);
      account = parts ? parts.account : vault.env.account;
    }
    const known = account !== undefined && !Token.isUnresolved(account) && !Token.isUnresolved(stackAccount);
    return { region: copy.region, account: known && account !== stackAccount ? account : undefined };
  });
}

/** Properties that declare the encryption of a resource's data, by type. */
const ENCRYPTION_PROPERTY: { readonly [type: string]: string } = {
  'AWS::EC2::Volume': 'encrypted',
  'AWS::RDS::DBInstance': 'storageEncrypted',
  'AWS::RDS::DBCluster': 'storageEncrypted',
  'AWS::EFS::FileSystem': 'encrypted',
  'AWS::DocDB::DBCluster': 'storageEncrypted',
  'AWS::Neptune::DBCluster': 'storageEncrypted',
  'AWS::Redshift::Cluster': 'encrypted',
};

/** Resources of the tier whose snapshots would not be encrypted (tokens count as encrypted). @internal */
export function unencryptedResources(facts: TierFacts): CfnResource[] {
  return facts.resources.filter((r) => {
    const type = r.cfnResourceType;
    const stack = Stack.of(r);
    const value = (prop: string) => stack.resolve((r as any)[prop]);
    if (type === 'AWS::EC2::Instance') {
      const mappings = value('blockDeviceMappings');
      if (Token.isUnresolved(mappings)) return false;
      if (!Array.isArray(mappings) || mappings.length === 0) return true; // the AMI's root volume, encryption undeclared
      return mappings.some((m: any) => m?.ebs !== undefined && m.ebs.encrypted !== true && !isIntrinsic(m.ebs.encrypted));
    }
    if (type === 'AWS::RDS::DBInstance' && value('dbClusterIdentifier') !== undefined) return false; // the cluster's storage
    const prop = ENCRYPTION_PROPERTY[type];
    if (prop === undefined) return false; // DynamoDB, S3, FSx: always encrypted at rest
    const v = value(prop);
    return v !== true && !isIntrinsic(v);
  });
}

function isIntrinsic(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether the vault's access policy denies `backup:DeleteRecoveryPoint` to everyone. @internal */
export function vaultDeniesDeletion(vault: backup.IBackupVault): boolean {
  const cfn = vault.node.defaultChild;
  if (!(cfn instanceof backup.CfnBackupVault)) return false;
  const policy = Stack.of(vault).resolve(cfn.accessPolicy);
  const statements: any[] = policy?.Statement ?? [];
  return statements.some((s) => {
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    const everyone = s.Principal === '*' || s.Principal?.AWS === '*';
    return s.Effect === 'Deny' && everyone && (actions.includes('backup:DeleteRecoveryPoint') || actions.includes('backup:*'));
  });
}
