import { Annotations, AspectPriority, Aspects, CfnResource, IAspect, Stack, TagManager, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { BACKUP_TYPES, EBS_TYPES } from '../tiers/private/resources';
import { TieredBackup } from '../tiers/tiered-backup';

/** How an unprotected resource is reported. */
export enum CoverageSeverity {
  /** Synthesis fails. */
  ERROR = 'ERROR',
  /** A warning (fails only with `cdk synth --strict`). */
  WARNING = 'WARNING',
}

/** Options of `BackupCoverage`. */
export interface BackupCoverageOptions {
  /**
   * How unprotected resources are reported.
   *
   * @default CoverageSeverity.ERROR
   */
  readonly severity?: CoverageSeverity;

  /**
   * Resource types to leave out entirely (e.g. `AWS::S3::Bucket` when buckets are protected
   * by versioning and replication instead).
   *
   * @default - every type checked: EBS volumes, EC2 instances and the stateful types AWS Backup protects
   */
  readonly ignoreResourceTypes?: string[];
}

const EXEMPTION = Symbol.for('cdk-tiered-backup.BackupCoverage.exemption');

/**
 * An aspect that reports every EBS volume, EC2 instance and stateful resource AWS Backup
 * supports (RDS, Aurora, DynamoDB, EFS, FSx, S3, DocumentDB, Neptune, Redshift) that no tier of
 * any `TieredBackup` in the same account and Region protects. A resource counts as protected
 * when it carries a `TieredBackup`'s tier tag and that tier's engine covers its type (see
 * `CompiledTier.protection()`), however the tag got there.
 *
 * Exempt a resource (and everything below it) with `BackupCoverage.exempt(scope, reason)`.
 *
 * @example
 * BackupCoverage.check(app);                                    // errors
 * BackupCoverage.check(app, { severity: CoverageSeverity.WARNING });
 * BackupCoverage.exempt(scratchVolume, 'rebuilt from the AMI in minutes');
 */
export class BackupCoverage implements IAspect {
  /**
   * Checks everything under `scope` (usually the app) once it is synthesized.
   */
  public static check(scope: IConstruct, options: BackupCoverageOptions = {}): BackupCoverage {
    const coverage = new BackupCoverage(options);
    Aspects.of(scope).add(coverage, { priority: AspectPriority.READONLY });
    return coverage;
  }

  /**
   * Exempts `scope` and everything below it from the coverage check.
   *
   * @param reason why it needs no backup (required, shown in the report)
   */
  public static exempt(scope: IConstruct, reason: string): void {
    if (Token.isUnresolved(reason) || reason.trim().length < 3) {
      throw new Error(`[${scope.node.path}] \`reason\` must say why the resource needs no backup (at least 3 characters), got ${JSON.stringify(reason)}`);
    }
    (scope as any)[EXEMPTION] = reason;
  }

  /**
   * The exemption reason of `scope` or its nearest exempted ancestor.
   */
  public static exemptionOf(scope: IConstruct): string | undefined {
    for (const c of scope.node.scopes.slice().reverse()) {
      const reason = (c as any)[EXEMPTION];
      if (reason !== undefined) return reason;
    }
    return undefined;
  }

  private readonly severity: CoverageSeverity;
  private readonly ignored: Set<string>;
  private readonly seen: Array<{ path: string; type: string; protectedBy?: string; exemption?: string }> = [];

  public constructor(options: BackupCoverageOptions = {}) {
    this.severity = options.severity ?? CoverageSeverity.ERROR;
    this.ignored = new Set(options.ignoreResourceTypes ?? []);
  }

  /**
   * The resources checked so far, with what protects each (or its exemption): filled during synth.
   */
  public get results(): CoverageResult[] {
    return this.seen.map((s) => ({ path: s.path, resourceType: s.type, protectedBy: s.protectedBy, exemption: s.exemption }));
  }

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const type = node.cfnResourceType;
    if (this.ignored.has(type)) return;
    if (!EBS_TYPES.includes(type) && BACKUP_TYPES[type] === undefined) return;
    if (type === 'AWS::RDS::DBInstance' && (node as any).dbClusterIdentifier !== undefined) return; // backed up with its cluster
    const exemption = BackupCoverage.exemptionOf(node);
    if (exemption !== undefined) {
      this.seen.push({ path: node.node.path, type, exemption });
      return;
    }
    const protectedBy = this.protection(node);
    this.seen.push({ path: node.node.path, type, protectedBy });
    if (protectedBy !== undefined) return;
    const tiers = TieredBackup.allIn(node).filter((t) => sameEnvironment(t, node));
    const known = tiers.map((t) => `${t.tagKey}=${t.tiers.map((x) => x.name).join('|')}`).join('; ');
    const message = `${type} is not protected by any backup tier${known ? ` (tag it ${known}, or assign it with TieredBackup.tier(name).assign())` : ' (no TieredBackup in its account and Region)'}; exempt it with BackupCoverage.exempt(scope, reason) if it needs no backup`;
    if (this.severity === CoverageSeverity.ERROR) {
      Annotations.of(node).addError(message);
    } else {
      Annotations.of(node).addWarningV2('cdk-tiered-backup:unprotected-resource', message);
    }
  }

  private protection(node: CfnResource): string | undefined {
    const tags = TagManager.of(node)?.tagValues() ?? {};
    const propagates = node.cfnResourceType === 'AWS::EC2::Instance' && (node as any).propagateTagsToVolumeOnCreation === true;
    for (const tiered of TieredBackup.allIn(node)) {
      if (!sameEnvironment(tiered, node)) continue;
      const value = tags[tiered.tagKey];
      if (value === undefined) continue;
      const how = tiered.compiledTiers.find((t) => t.tierName === value)?.protection(node.cfnResourceType, propagates);
      if (how !== undefined) return `${how} (${tiered.node.path})`;
    }
    return undefined;
  }
}

/** One resource the coverage check looked at. */
export interface CoverageResult {
  /** The resource's construct path. */
  readonly path: string;
  /** Its CloudFormation type. */
  readonly resourceType: string;
  /** What protects it. */
  readonly protectedBy?: string;
  /** Why it is exempt. */
  readonly exemption?: string;
}

function sameEnvironment(a: IConstruct, b: IConstruct): boolean {
  const sa = Stack.of(a);
  const sb = Stack.of(b);
  return same(sa.region, sb.region) && same(sa.account, sb.account);
}

function same(x: string, y: string): boolean {
  // an environment-agnostic stack may be deployed anywhere: assume it shares the tiers' environment
  return Token.isUnresolved(x) || Token.isUnresolved(y) || x === y;
}
