import { CfnResource, Duration, Lazy, Resource, Tags, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct, IConstruct } from 'constructs';
import { AwsBackupMode, BackupEngine } from './engines';
import { EventBackupOptions } from './event-backup-options';
import type { TierCompilerContext } from './private/context';
import { BACKUP_TYPES, EBS_TYPES, PROTECTABLE_TYPES } from './private/resources';
import { BackupTier } from './tier';
import type { ValidatedBackupPlan } from '../backup/plan';
import { Where } from '../common/validation';
import type { SnapshotPolicy } from '../dlm/snapshot-policy';

/** AWS Backup's limit on the ARNs of one selection. */
const MAX_SELECTION_ARNS = 500;
const ARN = /^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/** The worst-case recovery point objective a compiled tier gives on one engine. */
export interface EngineRpo {
  /** The engine. */
  readonly engine: BackupEngine;

  /**
   * The worst case: the longest time between the last restore point and a failure.
   *
   * @default - unknown (a cadence, the start window or the time zone is a token)
   */
  readonly worstCase?: Duration;

  /**
   * Whether the tier's declared RPO is held against this engine. AWS Backup snapshots are not,
   * when every resource the tier has on AWS Backup gets continuous backup (whose RPO then
   * applies); continuous backup is, only then.
   */
  readonly objectiveApplies: boolean;

  /** What the engine protects, in words, e.g. `AWS Backup snapshots (DynamoDB table)`. */
  readonly protects: string;

  /**
   * Whether the declared RPO is at least the worst case.
   *
   * @default - no RPO declared, or either is unknown
   */
  readonly meetsRpo?: boolean;
}

/**
 * One tier as a `TieredBackup` compiled it: what `tiers.tier('critical')` returns. It owns the
 * compiled facts — the engines the tier uses, the worst-case RPO on each (with the AWS Backup
 * start window and time zone), the DLM policies and AWS Backup plan made for it, the resources
 * assigned to it — which the synth-time RPO check, `BackupPlanReport`, the Audit Manager
 * controls, restore testing and `BackupCoverage` all read. And it is where resources are put in
 * the tier.
 *
 * The construct is the scope of the tier's policies and plan (`<TieredBackup>/<tier name>`).
 *
 * @example
 * const critical = tiers.tier('critical');
 * critical.assign(webServer);                      // tags it, and what it contains
 * critical.assignArn(importedDatabaseArn);         // AWS Backup, by ARN
 * critical.backUpOnEvent('BeforeDeploy', { eventPattern });
 * critical.worstCaseRpo(BackupEngine.DLM);           // Duration.hours(5)
 */
export class CompiledTier extends Construct {
  /**
   * Compiles nothing yet: `TieredBackup` adds the policies and the plan.
   * @internal
   */
  public static _create(scope: Construct, tier: BackupTier, context: TierCompilerContext): CompiledTier {
    return new CompiledTier(scope, tier, context);
  }

  /** The tier as declared. */
  public readonly declaration: BackupTier;

  /** The tier's name: the tier tag's value. */
  public readonly tierName: string;

  /** The tag key naming a resource's tier. */
  public readonly tagKey: string;

  private readonly context: TierCompilerContext;
  private compiledPolicies: SnapshotPolicy[] = [];
  private plan?: ValidatedBackupPlan;
  private readonly types = new Set<string>();
  private readonly assigned: CfnResource[] = [];
  private readonly arns: string[] = [];
  /** ARNs whose resource type is unknown (tokens, services not in the tier's table). */
  private unknownArns = 0;
  private arnSelection?: backup.CfnBackupSelection;

  private constructor(scope: Construct, tier: BackupTier, context: TierCompilerContext) {
    super(scope, tier.name);
    this.declaration = tier;
    this.tierName = tier.name;
    this.tagKey = context.tagKey;
    this.context = context;
  }

  /** The DLM policies the tier compiled to (none when EBS is not on DLM). */
  public get policies(): SnapshotPolicy[] {
    return [...this.compiledPolicies];
  }

  /**
   * The tier's AWS Backup plan: made when a resource only AWS Backup protects is assigned,
   * when EBS is on AWS Backup, or for every tier with `AwsBackupMode.ALWAYS`.
   *
   * @default - none (yet)
   */
  public get backupPlan(): ValidatedBackupPlan | undefined {
    return this.plan;
  }

  /**
   * Whether the tier's DLM policies target instances (it has a consistency hook: scripts run
   * on instances) rather than volumes.
   */
  public get targetsInstances(): boolean {
    return this.declaration.consistency !== undefined;
  }

  /**
   * The engines the tier uses here: DLM when it has DLM policies, AWS Backup when it has a
   * plan, and AWS Backup continuous backup when that plan has a point-in-time rule.
   */
  public get engines(): BackupEngine[] {
    return this.rpoFacts().map((r) => r.engine);
  }

  /**
   * The resource types assigned to the tier (by construct or by ARN) that only AWS Backup
   * protects, e.g. `AWS::RDS::DBInstance`.
   */
  public get backupResourceTypes(): string[] {
    return [...this.types].sort();
  }

  /** The resources `assign()` tagged (the CloudFormation resources, in assignment order). */
  public get assignedResources(): CfnResource[] {
    return [...this.assigned];
  }

  /** The resource ARNs `assignArn()` put in the tier's AWS Backup plan. */
  public get assignedArns(): string[] {
    return [...this.arns];
  }

  /**
   * The worst-case RPO of every engine the tier uses, and whether the declared RPO is held
   * against it. This is what the synth-time check and the plan report read.
   */
  public get worstCaseRpos(): EngineRpo[] {
    return this.rpoFacts();
  }

  /**
   * The worst case `engine` gives this tier here (the AWS Backup start window and the time
   * zone's clock changes included).
   *
   * @returns undefined when unknown (a token)
   */
  public worstCaseRpo(engine: BackupEngine): Duration | undefined {
    return this.declaration.worstCaseRpo(engine, engine === BackupEngine.AWS_BACKUP ? this.context.startWindow : undefined);
  }

  /**
   * Whether every engine the declared RPO is held against meets it.
   *
   * @returns undefined when no RPO is declared, no engine protects the tier, or a worst case is unknown
   */
  public get meetsRpo(): boolean | undefined {
    const applied = this.rpoFacts().filter((r) => r.objectiveApplies);
    if (this.declaration.rpo === undefined || this.declaration.rpo.isUnresolved() || applied.length === 0) return undefined;
    if (applied.some((r) => r.meetsRpo === false)) return false;
    return applied.every((r) => r.meetsRpo === true) ? true : undefined;
  }

  /**
   * How the tier protects resources of `resourceType` (a CloudFormation type such as
   * `AWS::EC2::Volume`) that carry its tag; undefined when it does not.
   *
   * @param propagatesToVolumes for `AWS::EC2::Instance`: whether the instance passes its tags
   *        to the volumes it creates
   */
  public protection(resourceType: string, propagatesToVolumes: boolean = false): string | undefined {
    const name = this.tierName;
    const plan = this.plan ? `AWS Backup plan of tier \`${name}\`` : undefined;
    if (EBS_TYPES.includes(resourceType)) {
      if (this.context.ebsEngine === BackupEngine.AWS_BACKUP) return plan;
      if (this.context.ebsEngine === undefined) return undefined;
      if (resourceType === 'AWS::EC2::Instance') {
        if (this.targetsInstances) return `DLM instance policy of tier \`${name}\``;
        return propagatesToVolumes ? `DLM volume policy of tier \`${name}\` (tags propagate to the instance's volumes)` : undefined;
      }
      return this.targetsInstances ? undefined : `DLM volume policy of tier \`${name}\``;
    }
    if (BACKUP_TYPES[resourceType] !== undefined) return plan;
    return undefined;
  }

  /**
   * Puts `resource` (and the protectable resources inside it: EBS volumes, EC2 instances,
   * RDS instances and clusters, DynamoDB tables, EFS and FSx file systems, S3 buckets, ...)
   * into the tier by tagging it, and creates the tier's AWS Backup plan if the resource needs
   * one. Instances on a DLM volume tier pass the tag on to the volumes they create.
   *
   * A resource the app imports (`Volume.fromVolumeAttributes`, `DatabaseInstance.fromDatabaseInstanceAttributes`)
   * cannot be tagged from here: tag it outside CDK with the tier tag, or use `assignArn()`.
   */
  public assign(resource: IConstruct): void {
    const name = this.tierName;
    const where = new Where(resource);
    const targets = resource.node.findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && PROTECTABLE_TYPES.includes(c.cfnResourceType))
      // the members of an Aurora (or other) DB cluster are backed up with their cluster
      .filter((c) => !(c.cfnResourceType === 'AWS::RDS::DBInstance' && (c as any).dbClusterIdentifier !== undefined));
    if (targets.length === 0) {
      if (Resource.isResource(resource) && !Resource.isOwnedResource(resource)) {
        where.fail('resource', `is imported, not created by this app, so assigning it to tier \`${name}\` cannot tag it: tag it \`${this.tagKey}=${name}\` outside CDK (the tier's DLM policies and AWS Backup plan find it by that tag), or put it in the tier's AWS Backup plan by ARN with \`assignArn()\``, resource.node.path);
      }
      where.fail('resource', `must be or contain a resource a tier can protect (${PROTECTABLE_TYPES.join(', ')}) to be assigned to tier \`${name}\``, resource.node.path);
    }
    const engine = this.context.ebsEngine;
    for (const target of targets) {
      const type = target.cfnResourceType;
      if (EBS_TYPES.includes(type)) {
        if (engine === undefined) {
          where.fail('resource', `cannot be assigned here: \`${this.node.scope!.node.path}\` has \`protectEbs: false\`, so it protects no ${type}`, target.node.path);
        }
        const instances = engine === BackupEngine.DLM && this.targetsInstances;
        if (instances && type === 'AWS::EC2::Volume') {
          where.fail('resource', `cannot be assigned to tier \`${name}\` on its own: its consistency hook runs on instances, so its DLM policies snapshot instances; assign the instance the volume is attached to`, target.node.path);
        }
        if (type === 'AWS::EC2::Instance' && engine === BackupEngine.DLM && !instances) {
          (target as any).propagateTagsToVolumeOnCreation = true;
        }
      } else {
        this.types.add(type);
        this.context.ensurePlan(this);
      }
      Tags.of(target).add(this.tagKey, name);
      if (!this.assigned.includes(target)) this.assigned.push(target);
    }
  }

  /**
   * Puts a resource the app does not create (another stack's, another tool's, an imported
   * one's) in the tier's AWS Backup plan by its ARN, e.g.
   * `arn:aws:rds:eu-west-1:111111111111:db:orders` or `importedTable.tableArn`. The plan gets a
   * selection of these ARNs next to its tag selection. EBS volumes and EC2 instances protected
   * by DLM are selected by tag only: tag them `<tagKey>=<tier>` instead.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
   */
  public assignArn(resourceArn: string): void {
    const where = new Where(this.node.scope!, `tier \`${this.tierName}\``);
    const type = Token.isUnresolved(resourceArn) ? undefined : arnType(resourceArn);
    if (!Token.isUnresolved(resourceArn)) {
      if (!ARN.test(resourceArn) || resourceArn.includes('*')) {
        where.fail('resourceArn', 'must be the ARN of one resource (`arn:<partition>:<service>:<region>:<account>:<resource>`, no wildcard)', resourceArn);
      }
      if (this.arns.includes(resourceArn)) where.fail('resourceArn', 'must not repeat an ARN already in the tier', resourceArn);
      if (type !== undefined && EBS_TYPES.includes(type) && this.context.ebsEngine !== BackupEngine.AWS_BACKUP) {
        const how = this.context.ebsEngine === BackupEngine.DLM
          ? `DLM protects this tier's EBS volumes and EC2 instances and selects them by tag only: tag the resource \`${this.tagKey}=${this.tierName}\` outside CDK`
          : 'this TieredBackup has `protectEbs: false` and protects no EBS volume or EC2 instance';
        where.fail('resourceArn', `cannot name an EBS volume or EC2 instance here: ${how}`, resourceArn);
      }
    }
    if (this.arns.length >= MAX_SELECTION_ARNS) {
      where.fail('resourceArn', `must be at most the ${MAX_SELECTION_ARNS}th ARN of the tier (AWS Backup's limit of ARNs per selection)`, resourceArn);
    }
    if (type !== undefined && BACKUP_TYPES[type] !== undefined) this.types.add(type);
    else if (type === undefined) this.unknownArns++;
    this.arns.push(resourceArn);
    const plan = this.context.ensurePlan(this);
    this.arnSelection ??= new backup.CfnBackupSelection(this, 'ArnSelection', {
      backupPlanId: plan.plan.backupPlanId,
      backupSelection: {
        selectionName: `${this.tierName}-by-arn`,
        iamRoleArn: plan.role.roleArn,
        resources: Lazy.list({ produce: () => [...this.arns] }),
      },
    });
  }

  /**
   * Backs up every resource of the tier when an event matches `options.eventPattern` — e.g.
   * before a deployment: an EventBridge rule starts an Automation runbook that finds the
   * resources by the tier tag (Resource Groups Tagging API, at most 100 per run) and starts an
   * AWS Backup on-demand backup of each into the `TieredBackup`'s vault, kept `options.retention`.
   * DLM cannot take on-demand snapshots, so these go through AWS Backup whatever the engine.
   * Resources put in the tier by ARN (`assignArn()`) carry no tier tag, so the runbook does not
   * find them.
   *
   * @example
   * tiers.tier('staging').backUpOnEvent('BeforeDeploy', {
   *   eventPattern: { source: ['aws.codepipeline'], detailType: ['CodePipeline Pipeline Execution State Change'], detail: { state: ['STARTED'] } },
   *   retention: Duration.days(14),
   * });
   */
  public backUpOnEvent(id: string, options: EventBackupOptions): events.Rule {
    return this.context.eventBackup(this, id, options);
  }

  /** @internal */
  public _setPolicies(policies: SnapshotPolicy[]): void {
    this.compiledPolicies = [...policies];
  }

  /** @internal */
  public _setPlan(plan: ValidatedBackupPlan): void {
    this.plan = plan;
  }

  /**
   * The RPO problems of the tier: one message per engine the objective is held against and
   * that does not meet it.
   * @internal
   */
  public _rpoProblems(where: Where): string[] {
    const problems: string[] = [];
    for (const r of this.rpoFacts()) {
      if (!r.objectiveApplies) continue;
      const p = this.declaration._rpoProblem(where, r.engine, r.protects, r.worstCase,
        r.engine === BackupEngine.AWS_BACKUP ? this.context.startWindow : undefined);
      if (p !== undefined) problems.push(p);
    }
    return problems;
  }

  private rpoFacts(): EngineRpo[] {
    const tier = this.declaration;
    const facts: EngineRpo[] = [];
    const add = (engine: BackupEngine, objectiveApplies: boolean, protects: string) => {
      const worstCase = this.worstCaseRpo(engine);
      const rpo = tier.rpo;
      const meetsRpo = rpo === undefined || rpo.isUnresolved() || worstCase === undefined ? undefined : rpo.toSeconds() >= worstCase.toSeconds();
      facts.push({ engine, worstCase, objectiveApplies, protects, meetsRpo });
    };
    if (this.compiledPolicies.length > 0) add(BackupEngine.DLM, true, 'DLM (EBS snapshots)');
    if (this.plan !== undefined) {
      const types = [...this.types];
      const pitr = tier.pointInTimeRecovery !== undefined;
      // only the resources assigned are known: with EBS on AWS Backup or a plan for every tier,
      // anything tagged by other means may be selected too
      const continuousOnly = pitr && this.context.ebsEngine !== BackupEngine.AWS_BACKUP
        && this.context.awsBackup !== AwsBackupMode.ALWAYS && this.unknownArns === 0
        && types.length > 0 && types.every((t) => BACKUP_TYPES[t].continuous);
      const what = types.length > 0 ? types.map((t) => BACKUP_TYPES[t].label).join(', ') : 'the resources it selects';
      add(BackupEngine.AWS_BACKUP, !continuousOnly,
        `AWS Backup snapshots (${what}${pitr ? ', not all of which support continuous backup' : ''})`);
      if (pitr) add(BackupEngine.AWS_BACKUP_CONTINUOUS, continuousOnly, 'AWS Backup continuous backup');
    }
    return facts;
  }
}

/** The CloudFormation type of the resource an ARN names, when the tier knows it. */
function arnType(arn: string): string | undefined {
  const [, , service, , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  switch (service) {
    case 'ec2':
      return resource.startsWith('volume/') ? 'AWS::EC2::Volume' : resource.startsWith('instance/') ? 'AWS::EC2::Instance' : undefined;
    case 'rds':
      return resource.startsWith('db:') ? 'AWS::RDS::DBInstance' : resource.startsWith('cluster:') ? 'AWS::RDS::DBCluster' : undefined;
    case 'dynamodb':
      return resource.startsWith('table/') ? 'AWS::DynamoDB::Table' : undefined;
    case 'elasticfilesystem':
      return resource.startsWith('file-system/') ? 'AWS::EFS::FileSystem' : undefined;
    case 'fsx':
      return resource.startsWith('file-system/') ? 'AWS::FSx::FileSystem' : undefined;
    case 's3':
      return 'AWS::S3::Bucket';
    case 'redshift':
      return resource.startsWith('cluster:') ? 'AWS::Redshift::Cluster' : undefined;
    default:
      return undefined;
  }
}
