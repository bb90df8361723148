/**
 * AWS Backup Audit Manager controls, evaluated at synth time against the tiers' value objects
 * (cadences, retentions, DR copies, the vault and its lock) and the resources assigned to them.
 *
 * The same facts decide which controls a `BackupComplianceFramework` claims, so that a framework
 * never claims a control the tiers do not satisfy by construction.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { backupCopies, keptDays, keptPoints, TierFacts, tierFacts, unencryptedResources, vaultDeniesDeletion } from './private/tier-facts';
import { show, Where } from '../common/validation';
import { EBS_TYPES } from '../tiers/private/resources';
import { formatHours } from '../tiers/private/timing';
import { TieredBackup } from '../tiers/tiered-backup';

/**
 * The AWS Backup Audit Manager controls a tier can satisfy by construction (the others,
 * such as BACKUP_LAST_RECOVERY_POINT_CREATED, need live data).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/controls-and-remediation.html
 */
export enum BackupControl {
  /** Backup plans have a rule at least as frequent, and kept at least as long, as required. */
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK = 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
  /** Every recovery point is kept at least the required number of days. */
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
  /** Recovery points are encrypted. */
  BACKUP_RECOVERY_POINT_ENCRYPTED = 'BACKUP_RECOVERY_POINT_ENCRYPTED',
  /** Backup vaults do not allow manual deletion of recovery points. */
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED = 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
  /** Resources are in at least one backup plan. */
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
  /** Resources have their backups copied to another Region. */
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
  /** Resources have their backups copied to another account. */
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
  /** Resources are backed up into a vault with AWS Backup Vault Lock. */
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
}

/**
 * What the tiers must satisfy, each requirement named after the Audit Manager control that
 * checks it after deployment. Checked at synth against every tier in scope; a tier that fails
 * fails synth with a message naming the control and the tier.
 *
 * Controls on AWS Backup resources (manual deletion, backup plan, cross-Region, cross-account,
 * vault lock) are evaluated as AWS evaluates them: EBS volumes and EC2 instances protected by
 * DLM are not in a backup plan and do not satisfy them.
 *
 * @example
 * { minRetention: Duration.days(35), minFrequency: Duration.days(1), encrypted: true, tiers: ['critical', 'database'] }
 */
export interface BackupRequirements {
  /**
   * BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: a rung (a plan rule) must run at
   * least this often (the longest time between two of its runs at most this long) ...
   *
   * @default - any frequency (only `minRetention` is checked)
   */
  readonly minFrequency?: Duration;

  /**
   * ... and that same rung must keep its restore points at least this long (whole days).
   *
   * @default - any retention (only `minFrequency` is checked)
   */
  readonly minRetention?: Duration;

  /**
   * BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: every restore point (every rung, the
   * point-in-time recovery window and every DR copy) is kept at least this long (whole days).
   *
   * @default - not checked
   */
  readonly minRecoveryPointRetention?: Duration;

  /**
   * BACKUP_RECOVERY_POINT_ENCRYPTED: restore points are encrypted. AWS Backup vaults always
   * encrypt; snapshots of EBS volumes, EC2 instances, RDS, Aurora, EFS, DocumentDB, Neptune and
   * Redshift inherit the encryption of their source, so every resource of the app carrying the
   * tier tag must be declared encrypted.
   *
   * @default false
   */
  readonly encrypted?: boolean;

  /**
   * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: nobody can delete a restore point by hand
   * (the vault access policy denies it; DLM snapshots can always be deleted).
   *
   * @default false
   */
  readonly manualDeletionDisabled?: boolean;

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: every resource of the tier is in an AWS Backup
   * plan.
   *
   * @default false
   */
  readonly protectedByBackupPlan?: boolean;

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: AWS Backup copies the tier's recovery points to
   * another Region.
   *
   * @default false
   */
  readonly crossRegion?: boolean;

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION with these Regions: AWS Backup copies to each of them.
   *
   * @default - any other Region, when `crossRegion` is set
   */
  readonly crossRegions?: string[];

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: AWS Backup copies the tier's recovery points to
   * a vault of another account.
   *
   * @default false
   */
  readonly crossAccount?: boolean;

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT with these accounts (12-digit IDs).
   *
   * @default - any other account, when `crossAccount` is set
   */
  readonly crossAccounts?: string[];

  /**
   * BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: the tier's recovery points are kept in a
   * vault with AWS Backup Vault Lock.
   *
   * @default false
   */
  readonly vaultLock?: boolean;

  /**
   * The tiers the requirements apply to (names).
   *
   * @default - every tier
   */
  readonly tiers?: string[];
}

/** A requirement a tier does not meet. */
export interface ControlFinding {
  /** The control that checks the requirement after deployment. */
  readonly control: BackupControl;

  /** The tier's name. */
  readonly tier: string;

  /** What the control requires and what the tier has, e.g. "requires retention of at least 35 days, got 7 days (rung `Daily`)". */
  readonly message: string;
}

/**
 * Synth-time evaluation of Audit Manager controls against the tiers of a `TieredBackup`.
 *
 * @example
 * const tiers = new TieredBackup(this, 'Tiers', { tiers: [BackupTier.critical('ap-southeast-1'), BackupTier.development()] });
 * ControlCheck.require(tiers, { minRetention: Duration.days(35), minFrequency: Duration.days(1) });
 */
export class ControlCheck {
  /**
   * Fails synth when a tier of `tiered` does not meet `requirements`: one error per control and
   * tier, e.g. "[Stack/Tiers] tier `development`: BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK
   * requires retention of at least 35 days, got 7 days (rung `Daily`)".
   */
  public static require(tiered: TieredBackup, requirements: BackupRequirements): void {
    validateRequirements(new Where(tiered), requirements, tiered);
    tiered.node.addValidation({ validate: () => ControlCheck.evaluate(tiered, requirements).map(formatFinding) });
  }

  /**
   * The requirements the tiers of `tiered` do not meet, without failing anything. Complete
   * during synthesis (after the tags of `assign()` were applied); earlier, checks that read the
   * resources carrying a tier's tag see none.
   */
  public static evaluate(tiered: TieredBackup, requirements: BackupRequirements): ControlFinding[] {
    validateRequirements(new Where(tiered), requirements, tiered);
    const findings: ControlFinding[] = [];
    for (const compiled of tiered.compiledTiers) {
      const tier = compiled.declaration;
      if (requirements.tiers !== undefined && !requirements.tiers.includes(tier.name)) continue;
      const facts = tierFacts(tiered, compiled);
      if (!facts.dlm && !facts.backup) continue; // protects nothing here
      for (const [control, message] of evaluateTier(facts, requirements)) {
        findings.push({ control, tier: tier.name, message });
      }
    }
    return findings;
  }

  private constructor() {}
}

/** "tier `x`: CONTROL requires ..." (aws-cdk-lib prefixes validation messages with the path). */
export function formatFinding(f: ControlFinding): string {
  return `tier \`${f.tier}\`: ${f.control} ${f.message}`;
}

function days(d: Duration): number {
  return d.toHours({ integral: false }) / 24;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function validateRequirements(where: Where, r: BackupRequirements, tiered: TieredBackup): void {
  const names = tiered.tiers.map(t => t.name);
  for (const name of r.tiers ?? []) {
    if (!names.includes(name)) where.fail('requirements.tiers', `must name tiers of this TieredBackup (${names.join(', ')})`, name);
  }
  for (const prop of ['minRetention', 'minRecoveryPointRetention'] as const) {
    const d = r[prop];
    if (d !== undefined && !d.isUnresolved() && (!Number.isInteger(days(d)) || days(d) < 1)) {
      where.fail(`requirements.${prop}`, 'must be a whole number of days, at least 1 (the controls count retention in days)', d);
    }
  }
  const f = r.minFrequency;
  if (f !== undefined && !f.isUnresolved() && f.toMinutes({ integral: false }) < 60) {
    where.fail('requirements.minFrequency', 'must be at least 1 hour (AWS Backup runs rules at most hourly)', f);
  }
  for (const account of r.crossAccounts ?? []) {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) where.fail('requirements.crossAccounts', 'must contain 12-digit account IDs', account);
  }
}

function evaluateTier(facts: TierFacts, r: BackupRequirements): [BackupControl, string][] {
  const out: [BackupControl, string][] = [];
  const tier = facts.tier;
  const dlmWhy = 'the tier\'s EBS volumes and EC2 instances are protected by DLM, which AWS Backup Audit Manager does not evaluate (use `ebsEngine: BackupEngine.AWS_BACKUP`)';

  // BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: at least one rule meets both.
  if ((r.minFrequency && !r.minFrequency.isUnresolved()) || (r.minRetention && !r.minRetention.isUnresolved())) {
    const reqHours = r.minFrequency?.isUnresolved() === false ? r.minFrequency.toHours({ integral: false }) : undefined;
    const reqDays = r.minRetention?.isUnresolved() === false ? days(r.minRetention) : undefined;
    const rules = tier.rungs.map((rung, i) => ({
      name: facts.rungNames[i],
      period: rung.cadence._maxPeriodHours(),
      days: keptDays(facts, rung.retention),
    }));
    if (facts.backup && tier.pointInTimeRecovery !== undefined && !tier.pointInTimeRecovery.isUnresolved()) {
      rules.push({ name: 'PointInTime', period: tier.rungs[0].cadence._maxPeriodHours(), days: days(tier.pointInTimeRecovery) });
    }
    const unknown = rules.some(x => (reqHours !== undefined && x.period === undefined) || (reqDays !== undefined && x.days === undefined));
    const frequent = rules.filter(x => reqHours === undefined || (x.period !== undefined && x.period <= reqHours));
    const both = frequent.filter(x => reqDays === undefined || (x.days !== undefined && x.days >= reqDays));
    if (both.length === 0 && !unknown) {
      const c = BackupControl.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK;
      if (frequent.length === 0) {
        const best = [...rules].sort((a, b) => a.period! - b.period!)[0];
        out.push([c, `requires a rung that runs at least every ${formatHours(reqHours!)}, got ${formatHours(best.period!)} between runs (rung \`${best.name}\`)`]);
      } else {
        const best = [...frequent].sort((a, b) => b.days! - a.days!)[0];
        const often = reqHours !== undefined ? ` from a rung that runs at least every ${formatHours(reqHours)}` : '';
        out.push([c, `requires retention of at least ${plural(reqDays!, 'day')}${often}, got ${plural(best.days!, 'day')} (rung \`${best.name}\`)`]);
      }
    }
  }

  // BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: every restore point.
  const rp = r.minRecoveryPointRetention;
  if (rp !== undefined && !rp.isUnresolved()) {
    const short = keptPoints(facts, true).filter(p => p.days !== undefined && p.days < days(rp)).sort((a, b) => a.days! - b.days!);
    if (short.length > 0) {
      out.push([BackupControl.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK,
        `requires every recovery point to be kept at least ${plural(days(rp), 'day')}, got ${plural(short[0].days!, 'day')} (${short[0].what})`]);
    }
  }

  if (r.encrypted) {
    const bad = unencryptedResources(facts);
    if (bad.length > 0) {
      out.push([BackupControl.BACKUP_RECOVERY_POINT_ENCRYPTED,
        `requires encrypted recovery points, but ${bad.map(b => `\`${b.node.path}\` (${b.cfnResourceType})`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not declared encrypted, and ${bad.length === 1 ? 'its' : 'their'} snapshots inherit that`]);
    }
  }

  if (r.manualDeletionDisabled) {
    const c = BackupControl.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED;
    if (facts.dlm && facts.resources.some(x => EBS_TYPES.includes(x.cfnResourceType))) {
      out.push([c, 'requires that recovery points cannot be deleted by hand, but the tier\'s EBS snapshots are taken by DLM and `ec2:DeleteSnapshot` deletes them (use `ebsEngine: BackupEngine.AWS_BACKUP`)']);
    } else if (facts.backup) {
      const vault = facts.tiered.vault;
      if (vault === undefined || !vaultDeniesDeletion(vault)) {
        out.push([c, 'requires that recovery points cannot be deleted by hand, but the vault access policy does not deny `backup:DeleteRecoveryPoint` to everyone']);
      }
    }
  }

  if (r.protectedByBackupPlan && !facts.allOnBackup) {
    out.push([BackupControl.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN, facts.backup
      ? `requires every resource to be in an AWS Backup plan, but ${dlmWhy}`
      : 'requires every resource to be in an AWS Backup plan, but the tier has none (assign a resource only AWS Backup protects, or `awsBackup: AwsBackupMode.ALWAYS`)']);
  }

  const copies = backupCopies(facts);
  if (r.crossRegion || (r.crossRegions ?? []).length > 0) {
    const c = BackupControl.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION;
    if (tier.drCopies.length === 0) {
      out.push([c, 'requires copies in another Region, but the tier has no DR copy (`drCopies`)']);
    } else if (!facts.allOnBackup) {
      out.push([c, `requires copies in another Region made by AWS Backup, but ${facts.backup ? dlmWhy : 'the tier has no AWS Backup plan: its DLM copies are not evaluated by the control'}`]);
    } else {
      const missing = (r.crossRegions ?? []).filter(region => !copies.some(x => x.region === region));
      if (missing.length > 0) out.push([c, `requires copies in ${missing.join(', ')}, got copies in ${copies.map(x => x.region).join(', ')}`]);
    }
  }

  if (r.crossAccount || (r.crossAccounts ?? []).length > 0) {
    const c = BackupControl.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT;
    const accounts = copies.map(x => x.account).filter((a): a is string => a !== undefined);
    if (!facts.allOnBackup) {
      out.push([c, `requires copies in another account made by AWS Backup, but ${facts.backup ? dlmWhy : 'the tier has no AWS Backup plan'}`]);
    } else if (accounts.length === 0) {
      out.push([c, `requires copies in another account, but every DR copy goes to a vault of this account${copies.length === 0 ? ' (the tier has no DR copy)' : ''}`]);
    } else {
      const missing = (r.crossAccounts ?? []).filter(a => !accounts.includes(a));
      if (missing.length > 0) out.push([c, `requires copies in account ${missing.join(', ')}, got copies in ${show(accounts)}`]);
    }
  }

  if (r.vaultLock) {
    const c = BackupControl.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK;
    if (!facts.allOnBackup) {
      out.push([c, `requires backups in a locked vault, but ${facts.backup ? dlmWhy : 'the tier has no AWS Backup plan'}`]);
    } else if (facts.tiered.vaultLock === undefined) {
      out.push([c, `requires backups in a locked vault, but the vault of \`${facts.tiered.node.path}\` has no \`vaultLock\``]);
    }
  }
  return out;
}

