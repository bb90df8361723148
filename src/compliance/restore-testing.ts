import { Duration, Names } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachBackupManagedPolicies, BackupManagedPolicy } from '../backup/managed-policies';
import { backupScheduleExpression } from '../backup/private/render';
import { Cadence } from '../common/cadence';
import { checkString, Where } from '../common/validation';
import { BackupEngine } from '../tiers/engines';
import { formatHours } from '../tiers/private/timing';
import { TieredBackup } from '../tiers/tiered-backup';

/** How a restore test picks the recovery point it restores. */
export enum RecoveryPointSelectionAlgorithm {
  /** The latest recovery point within the selection window. */
  LATEST_WITHIN_WINDOW = 'LATEST_WITHIN_WINDOW',
  /** A random recovery point within the selection window. */
  RANDOM_WITHIN_WINDOW = 'RANDOM_WITHIN_WINDOW',
}

/**
 * The resource type of a restore testing selection (`ProtectedResourceType`).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html
 */
export class RestoreTestingResourceType {
  /** Amazon Aurora. */
  public static readonly AURORA = new RestoreTestingResourceType('Aurora');
  /** Amazon DocumentDB. */
  public static readonly DOCUMENTDB = new RestoreTestingResourceType('DocumentDB');
  /** Amazon DynamoDB. */
  public static readonly DYNAMODB = new RestoreTestingResourceType('DynamoDB');
  /** Amazon EBS volumes. */
  public static readonly EBS = new RestoreTestingResourceType('EBS');
  /** Amazon EC2 instances. */
  public static readonly EC2 = new RestoreTestingResourceType('EC2');
  /** Amazon EFS. */
  public static readonly EFS = new RestoreTestingResourceType('EFS');
  /** Amazon FSx. */
  public static readonly FSX = new RestoreTestingResourceType('FSx');
  /** Amazon Neptune. */
  public static readonly NEPTUNE = new RestoreTestingResourceType('Neptune');
  /** Amazon RDS. */
  public static readonly RDS = new RestoreTestingResourceType('RDS');
  /** Amazon S3. */
  public static readonly S3 = new RestoreTestingResourceType('S3');

  /**
   * The restore testing type of a CloudFormation resource type that a tier protects, or
   * undefined when restore testing does not support it (e.g. Redshift).
   */
  public static fromCloudFormationType(cfnType: string): RestoreTestingResourceType | undefined {
    return CFN_TYPES[cfnType];
  }

  /** @param typeName the `ProtectedResourceType` value, for types AWS adds later */
  public constructor(public readonly typeName: string) {}
}

const CFN_TYPES: { readonly [type: string]: RestoreTestingResourceType } = {
  'AWS::RDS::DBInstance': RestoreTestingResourceType.RDS,
  'AWS::RDS::DBCluster': RestoreTestingResourceType.AURORA,
  'AWS::DynamoDB::Table': RestoreTestingResourceType.DYNAMODB,
  'AWS::DynamoDB::GlobalTable': RestoreTestingResourceType.DYNAMODB,
  'AWS::EFS::FileSystem': RestoreTestingResourceType.EFS,
  'AWS::FSx::FileSystem': RestoreTestingResourceType.FSX,
  'AWS::S3::Bucket': RestoreTestingResourceType.S3,
  'AWS::DocDB::DBCluster': RestoreTestingResourceType.DOCUMENTDB,
  'AWS::Neptune::DBCluster': RestoreTestingResourceType.NEPTUNE,
  'AWS::EC2::Volume': RestoreTestingResourceType.EBS,
  'AWS::EC2::Instance': RestoreTestingResourceType.EC2,
};

/** Types whose recovery points can be continuous (point-in-time). */
const CONTINUOUS_TYPES = ['RDS', 'Aurora', 'S3'];

/** Restore testing quotas and ranges (AWS Backup quotas, API model). */
const MAX_START_WINDOW_HOURS = 168;
const MAX_VALIDATION_WINDOW_HOURS = 168;
const MAX_SELECTION_WINDOW_DAYS = 365;
const MAX_SELECTIONS_PER_PLAN = 30;
const NAME = /^[a-zA-Z0-9_]{1,50}$/;
const IANA_ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;

/** Properties of `TierRestoreTesting`. */
export interface TierRestoreTestingProps {
  /** The tiers to drill. */
  readonly tiered: TieredBackup;

  /**
   * The tiers to drill (names); each needs an AWS Backup plan.
   *
   * @default - every tier that has an AWS Backup plan when this construct is created
   */
  readonly tiers?: string[];

  /**
   * When the drills run (a cron schedule or an interval dividing 24 hours, in `scheduleTimezone`).
   *
   * @default Cadence.monthly(1, { startTime: '05:00' }) - monthly, as the reference strategy's DR drills
   */
  readonly schedule?: Cadence;

  /**
   * The IANA time zone of `schedule`, e.g. `Asia/Kolkata`.
   *
   * @default - UTC
   */
  readonly scheduleTimezone?: string;

  /**
   * How long after its scheduled time a restore job may start before it is cancelled (whole
   * hours, 1 to 168).
   *
   * @default Duration.hours(24)
   */
  readonly startWindow?: Duration;

  /**
   * How far back a drill looks for a recovery point (whole days, 1 to 365); at least as long
   * as the time between two runs of the tier's most frequent rung.
   *
   * @default Duration.days(30)
   */
  readonly selectionWindow?: Duration;

  /**
   * Which recovery point of the window a drill restores.
   *
   * @default RecoveryPointSelectionAlgorithm.LATEST_WITHIN_WINDOW
   */
  readonly algorithm?: RecoveryPointSelectionAlgorithm;

  /**
   * How long the restored resource is kept for validation (e.g. by an EventBridge-triggered
   * check) before AWS Backup deletes it: whole hours, 0 to 168.
   *
   * @default Duration.hours(1)
   */
  readonly validationWindow?: Duration;

  /**
   * The resource types to restore, for every drilled tier.
   *
   * @default - the types assigned to the tier that only AWS Backup protects
   * (`CompiledTier.backupResourceTypes`), plus EBS and EC2 when EBS is on AWS Backup
   */
  readonly resourceTypes?: RestoreTestingResourceType[];

  /**
   * Also restore continuous (point-in-time) recovery points of tiers with
   * `pointInTimeRecovery`.
   *
   * @default true
   */
  readonly includeContinuous?: boolean;

  /**
   * The role AWS Backup assumes to restore. Used as given.
   *
   * @default - a new role for `backup.amazonaws.com` with the AWS managed policy
   * `AWSBackupServiceRolePolicyForRestores` (and `AWSBackupServiceRolePolicyForS3Restore` when
   * S3 is drilled)
   */
  readonly role?: iam.IRole;
}

/** The restore testing plan and selections of one tier. */
export interface TierRestoreTest {
  /** The tier's name. */
  readonly tier: string;

  /** The restore testing plan. */
  readonly plan: backup.CfnRestoreTestingPlan;

  /** One selection per resource type. */
  readonly selections: backup.CfnRestoreTestingSelection[];
}

/**
 * Restore drills for tiers on AWS Backup: per tier, an `AWS::Backup::RestoreTestingPlan`
 * (monthly by default) that picks a recovery point of the tier's vault within a selection
 * window, and one `AWS::Backup::RestoreTestingSelection` per resource type the tier protects,
 * selecting the resources that carry the tier tag. AWS Backup restores them, keeps them for
 * the validation window, then deletes them.
 *
 * Reads the tiers' plans and assigned resource types when it is created: create it after
 * `assign()`ing resources (synth fails when a drilled tier later gains a type, or an undrilled
 * tier a plan).
 *
 * @example
 * new TierRestoreTesting(this, 'Drills', {
 *   tiered: tiers,
 *   schedule: Cadence.monthly(15, { startTime: '06:00' }),
 *   validationWindow: Duration.hours(4),
 * });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export class TierRestoreTesting extends Construct {
  /** The role AWS Backup assumes to restore. */
  public readonly role: iam.IRole;

  /** The plans and selections, per tier. */
  public readonly tests: TierRestoreTest[] = [];

  public constructor(scope: Construct, id: string, props: TierRestoreTestingProps) {
    super(scope, id);
    const where = new Where(this);
    const tiered = props.tiered;
    const allNames = tiered.tiers.map(t => t.name);
    (props.tiers ?? []).forEach((name, i) => {
      if (!allNames.includes(name)) where.fail(`tiers[${i}]`, `must be a tier of \`${tiered.node.path}\` (${allNames.join(', ')})`, name);
      if (allNames.includes(name) && tiered.tier(name).backupPlan === undefined) {
        where.fail(`tiers[${i}]`, 'must name a tier with an AWS Backup plan (restore testing restores AWS Backup recovery points; assign a resource AWS Backup protects first)', name);
      }
    });
    const hasPlan = (n: string) => tiered.tier(n).backupPlan !== undefined;
    const names = props.tiers ?? allNames.filter(hasPlan);
    if (names.length === 0) {
      where.fail('tiers', `must include a tier with an AWS Backup plan, and no tier of \`${tiered.node.path}\` has one yet (create TierRestoreTesting after assign())`, []);
    }

    const schedule = backupScheduleExpression(props.schedule ?? Cadence.monthly(1, { startTime: '05:00' }), where, 'schedule');
    checkString(where, 'scheduleTimezone', props.scheduleTimezone, { pattern: IANA_ZONE, patternText: 'an IANA time zone such as Europe/Paris', maxLength: 64 });
    const startHours = wholeNumber(where, 'startWindow', props.startWindow ?? Duration.hours(24), 'hours', 1, MAX_START_WINDOW_HOURS);
    const windowDays = wholeNumber(where, 'selectionWindow', props.selectionWindow ?? Duration.days(30), 'days', 1, MAX_SELECTION_WINDOW_DAYS);
    const validationHours = wholeNumber(where, 'validationWindow', props.validationWindow ?? Duration.hours(1), 'hours', 0, MAX_VALIDATION_WINDOW_HOURS);
    const algorithm = props.algorithm ?? RecoveryPointSelectionAlgorithm.LATEST_WITHIN_WINDOW;
    const vault = tiered.vault;
    if (vault === undefined) where.fail('tiered', 'must have an AWS Backup vault (a tier with an AWS Backup plan)', tiered.node.path);

    const typesOf = (name: string): RestoreTestingResourceType[] => {
      if (props.resourceTypes !== undefined) return props.resourceTypes;
      const cfnTypes = [...tiered.tier(name).backupResourceTypes];
      if (tiered.ebsEngine === BackupEngine.AWS_BACKUP) cfnTypes.push('AWS::EC2::Volume', 'AWS::EC2::Instance');
      const types: RestoreTestingResourceType[] = [];
      for (const t of cfnTypes) {
        const rt = CFN_TYPES[t];
        if (rt !== undefined && !types.some(x => x.typeName === rt.typeName)) types.push(rt);
      }
      return types;
    };
    const typesAtCreation = new Map(names.map(n => [n, tiered.tier(n).backupResourceTypes.join(',')]));

    const s3 = names.some(n => typesOf(n).some(t => t.typeName === 'S3'));
    this.role = props.role ?? restoreRole(this, s3);

    for (const name of names) {
      const tier = tiered.tier(name).declaration;
      const tw = where.in(`tier \`${name}\``);
      const types = typesOf(name);
      if (types.length === 0) {
        tw.fail('resourceTypes', 'must not be empty: the tier protects no resource type restore testing supports (pass `resourceTypes`, e.g. for resources tagged by other means)', []);
      }
      if (types.length > MAX_SELECTIONS_PER_PLAN) {
        tw.fail('resourceTypes', `must have at most ${MAX_SELECTIONS_PER_PLAN} types (selections per restore testing plan)`, `${types.length} types`);
      }
      types.forEach((t, i) => {
        checkString(tw, `resourceTypes[${i}]`, t.typeName, { pattern: /^[A-Za-z0-9]{1,50}$/, patternText: 'a resource type name such as RDS' });
        if (types.findIndex(x => x.typeName === t.typeName) !== i) tw.fail(`resourceTypes[${i}]`, 'must not repeat a type', t.typeName);
      });
      const period = tier.rungs
        .map(r => r.cadence._maxPeriodHours())
        .reduce<number | undefined>((a, b) => (a === undefined || b === undefined ? undefined : Math.min(a, b)), Infinity);
      if (windowDays !== undefined && period !== undefined && period !== Infinity && windowDays * 24 < period) {
        tw.fail('selectionWindow', `must be at least as long as the time between two runs of the tier's most frequent rung (${formatHours(period)}), or some drills find no recovery point`, props.selectionWindow);
      }

      const tierScope = new Construct(this, name);
      const continuous = (props.includeContinuous ?? true) && tier.pointInTimeRecovery !== undefined
        && types.some(t => CONTINUOUS_TYPES.includes(t.typeName));
      const plan = new backup.CfnRestoreTestingPlan(tierScope, 'Plan', {
        restoreTestingPlanName: Names.uniqueResourceName(tierScope, { maxLength: 50, separator: '_', allowedSpecialCharacters: '_' }),
        scheduleExpression: schedule,
        scheduleExpressionTimezone: props.scheduleTimezone,
        startWindowHours: startHours,
        recoveryPointSelection: {
          algorithm,
          recoveryPointTypes: continuous ? ['SNAPSHOT', 'CONTINUOUS'] : ['SNAPSHOT'],
          includeVaults: [vault!.backupVaultArn],
          selectionWindowDays: windowDays,
        },
      });
      const selections = types.map((t) => {
        const selectionName = `${t.typeName}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 50);
        checkString(tw, 'selectionName', selectionName, { pattern: NAME, patternText: 'letters, digits and `_`, at most 50 characters' });
        return new backup.CfnRestoreTestingSelection(tierScope, `Selection${t.typeName}`, {
          restoreTestingPlanName: plan.ref,
          restoreTestingSelectionName: selectionName,
          protectedResourceType: t.typeName,
          iamRoleArn: this.role.roleArn,
          protectedResourceArns: ['*'],
          protectedResourceConditions: { stringEquals: [{ key: tiered.tagKey, value: name }] },
          validationWindowHours: validationHours,
        });
      });
      this.tests.push({ tier: name, plan, selections });
    }

    // Plans and types read now must still hold at synth.
    this.node.addValidation({
      validate: () => {
        const problems: string[] = [];
        for (const name of allNames) {
          if (props.tiers === undefined && !names.includes(name) && hasPlan(name)) {
            problems.push(where.bareMessage('tiers', `misses tier \`${name}\`, which got an AWS Backup plan after this construct was created: create TierRestoreTesting after assign(), or list the tiers`, names));
          }
          const before = typesAtCreation.get(name);
          const now = tiered.tier(name).backupResourceTypes.join(',');
          if (props.resourceTypes === undefined && before !== undefined && before !== now) {
            problems.push(where.in(`tier \`${name}\``).bareMessage('resourceTypes', `were read before more resources were assigned (now ${now}): create TierRestoreTesting after assign(), or pass \`resourceTypes\``, before.split(',')));
          }
        }
        return problems;
      },
    });
  }
}

/** A Duration as a whole number of `unit` in [min, max]; undefined for tokens. */
function wholeNumber(where: Where, prop: string, d: Duration, unit: 'hours' | 'days', min: number, max: number): number | undefined {
  if (d.isUnresolved()) return unit === 'hours' ? d.toHours() : d.toDays();
  const n = unit === 'hours' ? d.toHours({ integral: false }) : d.toHours({ integral: false }) / 24;
  if (!Number.isInteger(n) || n < min || n > max) {
    where.fail(prop, `must be a whole number of ${unit} between ${min} and ${max}`, d);
  }
  return n;
}

function restoreRole(scope: Construct, s3: boolean): iam.Role {
  const names: BackupManagedPolicy[] = ['AWSBackupServiceRolePolicyForRestores', ...(s3 ? ['AWSBackupServiceRolePolicyForS3Restore' as const] : [])];
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    description: `AWS Backup restore testing of ${scope.node.path}`.slice(0, 1000),
  });
  // AWS Backup maintains these as services add restore permissions; a customer-managed copy would drift
  attachBackupManagedPolicies(role, names);
  return role;
}

