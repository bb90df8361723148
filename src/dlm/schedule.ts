import { CfnTag, Duration, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { ICrossAccountShare, ICrossRegionCopy } from './copy';
import { ISnapshotScript, ScriptStage, SnapshotScriptConfig } from './script';
import { Cadence } from '../common/cadence';
import { parseCron } from '../common/cron';
import { Retention } from '../common/retention';
import { ACCOUNT_ID, checkInteger, checkListLength, checkString, DLM_NAME, EC2_TAG_KEY, Where } from '../common/validation';

/** Where the snapshots of a schedule are created (`CreateRule.Location`). */
export enum SnapshotLocation {
  /** In the same Region as the source resource. */
  CLOUD = 'CLOUD',
  /** On the same Outpost as the source resource. */
  OUTPOST_LOCAL = 'OUTPOST_LOCAL',
  /** In the same Local Zone as the source resource. */
  LOCAL_ZONE = 'LOCAL_ZONE',
}

/** What every DLM schedule has, for snapshot and AMI policies alike. */
export interface ScheduleBaseProps {
  /**
   * The schedule's name (letters, digits, spaces, `_` and `-`; at most 120 characters).
   *
   * @default - `Schedule1`, `Schedule2`, ... in the order schedules were added
   */
  readonly name?: string;

  /** How often snapshots or AMIs are created. */
  readonly cadence: Cadence;

  /**
   * How many snapshots/AMIs to keep, or for how long.
   *
   * All schedules of one policy must use the same kind (count or age).
   */
  readonly retention: Retention;

  /**
   * Copy the source's user-defined tags to what the schedule creates (not with Windows VSS
   * scripts).
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * Tags added to what the schedule creates (at most 45, keys not starting with `aws:`), in
   * addition to DLM's own.
   *
   * @default - none
   */
  readonly tagsToAdd?: { [key: string]: string };

  /**
   * Tags whose values DLM fills in when it runs: `$(instance-id)` or `$(timestamp)`.
   * Only for policies that target instances and AMI policies (at most 45).
   *
   * @default - none
   */
  readonly variableTags?: { [key: string]: string };

  /**
   * Cross-region copies of what the schedule creates (at most 3, always encrypted).
   *
   * @default - no copies
   */
  readonly crossRegionCopies?: ICrossRegionCopy[];
}

/** Fast snapshot restore for the snapshots of a schedule. */
export interface FastRestoreOptions {
  /**
   * Availability Zone names (1-10), e.g. `us-east-1a`. Give these or `availabilityZoneIds`.
   *
   * @default - none; `availabilityZoneIds` must be given
   */
  readonly availabilityZones?: string[];

  /**
   * Availability Zone IDs (1-10), e.g. `use1-az1`. Give these or `availabilityZones`.
   *
   * @default - none; `availabilityZones` must be given
   */
  readonly availabilityZoneIds?: string[];

  /**
   * For how many of the newest snapshots (a count), or for how long (an age), fast
   * snapshot restore stays enabled.
   */
  readonly retention: Retention;
}

/** Moving snapshots to the archive tier when they leave standard retention. */
export interface ArchiveOptions {
  /**
   * How long snapshots stay in the archive tier: a count for count-based schedules,
   * an age for age-based ones. Each snapshot must stay archived at least 90 days.
   */
  readonly retention: Retention;
}

/** Sharing snapshots with other AWS accounts. */
export interface ShareOptions {
  /** The 12-digit account IDs to share with. */
  readonly accounts: string[];

  /**
   * When shared snapshots are unshared again; must be shorter than the retention.
   *
   * @default - snapshots stay shared until they are deleted
   */
  readonly unshareAfter?: Duration;
}

/** A schedule of a `SnapshotPolicy` (EBS snapshots of volumes or instances). */
export interface SnapshotScheduleProps extends ScheduleBaseProps {
  /**
   * Where snapshots are created.
   *
   * @default SnapshotLocation.CLOUD - in the Region
   */
  readonly snapshotLocation?: SnapshotLocation;

  /**
   * Enable fast snapshot restore on the newest snapshots (only for snapshots created in the
   * Region: not on an Outpost or in a Local Zone).
   *
   * @default - not enabled
   */
  readonly fastRestore?: FastRestoreOptions;

  /**
   * Archive snapshots when they leave standard retention (volume policies only).
   *
   * @default - snapshots are deleted, never archived
   */
  readonly archive?: ArchiveOptions;

  /**
   * Share snapshots with other accounts.
   *
   * @default - not shared
   */
  readonly share?: ShareOptions;

  /**
   * Share snapshots with other accounts for disaster recovery, each with the customer-managed
   * key that encrypts them (`DrCopyRule.toAccount()`). The accounts of all entries and of
   * `share` render as the schedule's single share rule, so they must agree on `unshareAfter`.
   *
   * @default - no cross-account copies
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
   */
  readonly crossAccountCopies?: ICrossAccountShare[];

  /**
   * A pre/post script, for policies that target instances. DLM runs scripts for only one
   * schedule of a policy: put schedules that need a script in policies of their own.
   *
   * @default - crash-consistent snapshots, no script
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html
   */
  readonly script?: ISnapshotScript;
}

/** A schedule of an `AmiPolicy` (EBS-backed AMIs of instances). */
export interface AmiScheduleProps extends ScheduleBaseProps {
  /**
   * When AMIs are deprecated: a count for count-based schedules, an age for age-based
   * ones; never later than the retention.
   *
   * @default - AMIs are not deprecated
   */
  readonly deprecate?: Retention;
}

/**
 * The facts about a policy that decide which schedule features are allowed.
 * @internal
 */
export interface PolicyShape {
  readonly images: boolean;
  readonly instances: boolean;
  readonly location: string;
  /** The keys of the policy's `excludeDataVolumeTags` (instance snapshot policies). */
  readonly excludedDataVolumeTags?: string[];
}

const VARIABLE_TAG_VALUES = ['$(instance-id)', '$(timestamp)'];
const AZ_NAME = /^([a-z]+-){2,3}\d[a-z]$/;
const AZ_ID = /^[a-z]{3,4}\d-az\d+$/;
const MIN_ARCHIVE_DAYS = 90;
const MIN_ARCHIVE_PERIOD_DAYS = 28;
/**
 * DLM's DeprecateRule: "can't be greater than 10 years (120 months, 520 weeks, or 3650 days)".
 * @internal
 */
export const MAX_DEPRECATE_YEARS = 10;

/**
 * Validates one schedule's own rules (everything that needs no other schedule).
 * @internal
 */
export function validateSchedule(where: Where, s: SnapshotScheduleProps & AmiScheduleProps, shape: PolicyShape): void {
  checkString(where, 'name', s.name, { pattern: DLM_NAME, patternText: 'letters, digits, spaces, `_` and `-` only', maxLength: 120, minLength: 1 });
  s.cadence._validateForDlm(where, 'cadence');

  const archiving = s.archive !== undefined;
  s.retention._validate(where, 'retention', { allowZero: archiving });
  const retainsNothing = s.retention.isCountBased ? s.retention._count === 0 : s.retention.amount === 0;

  checkTags(where, 'tagsToAdd', s.tagsToAdd, 45, 0, 'create');
  if (s.variableTags !== undefined) {
    if (!shape.images && !shape.instances) {
      where.fail('variableTags', 'is only allowed for AMI policies and snapshot policies that target instances', Object.keys(s.variableTags));
    }
    checkTags(where, 'variableTags', s.variableTags, 45, 0, 'create');
    for (const [key, value] of Object.entries(s.variableTags)) {
      if (!Token.isUnresolved(value) && !VARIABLE_TAG_VALUES.includes(value)) {
        where.fail(`variableTags.${key}`, `must be ${VARIABLE_TAG_VALUES.join(' or ')}`, value);
      }
    }
  }

  if (s.snapshotLocation !== undefined && s.snapshotLocation !== SnapshotLocation.CLOUD) {
    const allowed = shape.location === 'OUTPOST' ? SnapshotLocation.OUTPOST_LOCAL : shape.location === 'LOCAL_ZONE' ? SnapshotLocation.LOCAL_ZONE : undefined;
    if (s.snapshotLocation !== allowed) {
      where.fail('snapshotLocation', `must be CLOUD${allowed ? ` or ${allowed}` : ''} for resources in ${shape.location === 'CLOUD' ? 'a Region' : shape.location}`, s.snapshotLocation);
    }
  }

  if ((s.crossRegionCopies ?? []).length > 0) {
    if ((s.snapshotLocation ?? SnapshotLocation.CLOUD) !== SnapshotLocation.CLOUD) {
      where.fail('crossRegionCopies', 'are not allowed for snapshots created on an Outpost or in a Local Zone', s.snapshotLocation);
    }
    checkListLength(where, 'crossRegionCopies', s.crossRegionCopies, 0, 3);
    if (retainsNothing) where.fail('retention', 'must keep at least 1 snapshot when copying across Regions', s.retention.toString());
  }

  if (s.fastRestore !== undefined) {
    const fr = s.fastRestore;
    // "If the schedule creates snapshots on an Outpost, you can't enable fast snapshot restore"
    // (https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html); fast snapshot
    // restore is enabled in Availability Zones of the Region, never in a Local Zone
    if ((s.snapshotLocation ?? SnapshotLocation.CLOUD) !== SnapshotLocation.CLOUD) {
      where.fail('fastRestore', 'is not allowed for snapshots created on an Outpost or in a Local Zone (fast snapshot restore works in the Region\'s Availability Zones)', s.snapshotLocation);
    }
    if (retainsNothing) where.fail('retention', 'must keep at least 1 snapshot when fast snapshot restore is enabled', s.retention.toString());
    if ((fr.availabilityZones === undefined) === (fr.availabilityZoneIds === undefined)) {
      where.fail('fastRestore', 'needs either `availabilityZones` or `availabilityZoneIds` (exactly one of them)');
    }
    checkListLength(where, 'fastRestore.availabilityZones', fr.availabilityZones, 1, 10);
    checkListLength(where, 'fastRestore.availabilityZoneIds', fr.availabilityZoneIds, 1, 10);
    for (const az of fr.availabilityZones ?? []) checkString(where, 'fastRestore.availabilityZones', az, { pattern: AZ_NAME, patternText: 'an Availability Zone name like us-east-1a', maxLength: 16 });
    for (const az of fr.availabilityZoneIds ?? []) checkString(where, 'fastRestore.availabilityZoneIds', az, { pattern: AZ_ID, patternText: 'an Availability Zone ID like use1-az1', maxLength: 16 });
    fr.retention._validate(where, 'fastRestore.retention');
  }

  if (s.share !== undefined) {
    if (retainsNothing) where.fail('retention', 'must keep at least 1 snapshot when sharing', s.retention.toString());
    checkListLength(where, 'share.accounts', s.share.accounts, 1, Infinity);
    for (const account of s.share.accounts) {
      checkString(where, 'share.accounts', account, { pattern: ACCOUNT_ID, patternText: 'a 12-digit AWS account ID' });
    }
    const unshare = s.share.unshareAfter;
    if (unshare !== undefined && !unshare.isUnresolved()) {
      const days = unshare.toDays({ integral: false });
      if (!Number.isInteger(days) || days < 1) where.fail('share.unshareAfter', 'must be a whole number of days, at least 1', unshare);
      if (!s.retention.isCountBased) {
        const retainMin = s.retention._minDays();
        if (retainMin !== undefined && days >= retainMin) {
          where.fail('share.unshareAfter', `must be shorter than the retention (${s.retention})`, unshare);
        }
      }
    }
  }

  if (s.archive !== undefined) {
    validateArchive(where, s, shape);
  }

  if (s.deprecate !== undefined) {
    validateDeprecate(where, s);
  }

  if (shape.images) {
    const snapshotOnly = (['fastRestore', 'share', 'script', 'snapshotLocation', 'archive'] as const).filter(k => (s as any)[k] !== undefined);
    if (snapshotOnly.length > 0) {
      where.fail(snapshotOnly[0], 'is only allowed for snapshot policies, not AMI policies');
    }
  }
  if (s.script !== undefined && !shape.instances) {
    where.fail('script', 'is only allowed for snapshot policies that target instances (ResourceTypes INSTANCE)');
  }
}

function validateArchive(where: Where, s: SnapshotScheduleProps, shape: PolicyShape): void {
  const archive = s.archive!;
  if (shape.images || shape.instances) {
    where.fail('archive', 'is only allowed for snapshot policies that target volumes');
  }
  if (s.cadence.cronExpression === undefined) {
    where.fail('cadence', 'must be a cron schedule that runs at most every 28 days when archiving (e.g. Cadence.monthly(1))', s.cadence.toString());
  }
  const minPeriodHours = s.cadence._minPeriodHours();
  if (minPeriodHours !== undefined && minPeriodHours < MIN_ARCHIVE_PERIOD_DAYS * 24) {
    where.fail('cadence', `must run at most every ${MIN_ARCHIVE_PERIOD_DAYS} days when archiving; it runs every ${Math.round(minPeriodHours / 24 * 10) / 10} days`, s.cadence.toString());
  }
  if (archive.retention.isCountBased !== s.retention.isCountBased) {
    where.fail('archive.retention', `must be ${s.retention.isCountBased ? 'a count' : 'an age'} like the schedule's retention`, archive.retention.toString());
  }
  archive.retention._validate(where, 'archive.retention');
  if (archive.retention.isCountBased) {
    const count = archive.retention._count!;
    const period = archiveCountPeriod(s.cadence);
    if (period !== undefined && !Token.isUnresolved(count) && count * period.hours < MIN_ARCHIVE_DAYS * 24) {
      const needed = Math.ceil(MIN_ARCHIVE_DAYS * 24 / period.hours);
      const days = Math.round(period.hours / 24);
      where.fail('archive.retention', `must keep each snapshot archived for at least ${MIN_ARCHIVE_DAYS} days: with snapshots ${period.shortest ? `as little as ${days} days apart` : `every ${days} days`} that is a count of at least ${needed}`, count);
    }
  } else {
    // calendar units: DLM tops a 3-month archive up to 90 days itself, so the longest reading counts
    const days = archive.retention._maxDays();
    if (days !== undefined && days < MIN_ARCHIVE_DAYS) {
      where.fail('archive.retention', `must keep snapshots archived for at least ${MIN_ARCHIVE_DAYS} days`, archive.retention.toString());
    }
  }
}

/**
 * The period by which DLM sizes an archive count. Calendar days of the month (`cron(0 9 1 * ? *)`)
 * count by the average month: "if the schedule creates snapshots every 30 days, you must specify
 * a count of 3 or more" (API_RetentionArchiveTier), and DLM tops short months up to 90 days
 * itself. Crons on weekdays of the month (`5#2`, `6L`) count by their shortest gap, 28 days: "If
 * you specify a monthly frequency that creates snapshots on a specific day in a specific week (for
 * example, the second Thursday of the month), then for count-based schedule, the retention count
 * for the archive tier must be 4 or more" (https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-ami-policy.html).
 */
function archiveCountPeriod(cadence: Cadence): { hours: number; shortest: boolean } | undefined {
  const cron = cadence.cronExpression;
  let byWeekday = false;
  if (cron !== undefined && !Token.isUnresolved(cron)) {
    try {
      byWeekday = parseCron(cron).dayOfWeek.kind !== 'any';
    } catch {
      return undefined; // refused by the cadence's own check
    }
  }
  const hours = byWeekday ? cadence._minPeriodHours() : cadence._averagePeriodHours();
  return hours === undefined ? undefined : { hours, shortest: byWeekday };
}

function validateDeprecate(where: Where, s: AmiScheduleProps): void {
  const deprecate = s.deprecate!;
  if (deprecate.isCountBased !== s.retention.isCountBased) {
    where.fail('deprecate', `must be ${s.retention.isCountBased ? 'a count' : 'an age'} like the schedule's retention`, deprecate.toString());
  }
  deprecate._validate(where, 'deprecate', { maxYears: MAX_DEPRECATE_YEARS });
  if (deprecate.isCountBased) {
    const [d, r] = [deprecate._count!, s.retention._count!];
    if (!Token.isUnresolved(d) && !Token.isUnresolved(r) && d > r) {
      where.fail('deprecate', `must not exceed the retention (${r})`, d);
    }
  } else {
    const dMin = deprecate._minDays();
    const rMax = s.retention._maxDays();
    if (dMin !== undefined && rMax !== undefined && dMin > rMax) {
      where.fail('deprecate', `must not be longer than the retention (${s.retention})`, deprecate.toString());
    }
  }
}

/**
 * Tag keys a policy matches against existing tags (target tags, excluded tags): any EC2 tag key,
 * `aws:` ones included, since AWS sets such tags itself (`aws:cloudformation:stack-name`). The
 * DLM API model's `Tag.Key` has no pattern; the EC2 charset still applies.
 */
const MATCHED_TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * Checks a tag map: key pattern, value length, item count. Keys of tags the policy creates
 * (`use` 'create': tags to add, variable tags) may not start with `aws:`; keys that match
 * existing tags (`use` 'match') may.
 * @internal
 */
export function checkTags(where: Where, prop: string, tags: { [key: string]: string } | undefined, max: number, min: number, use: 'match' | 'create'): void {
  if (tags === undefined) return;
  const keys = Object.keys(tags);
  if (keys.length < min || keys.length > max) {
    where.fail(prop, `must have ${min > 0 ? `${min} to ${max}` : `at most ${max}`} tags`, `${keys.length} tags`);
  }
  const [pattern, patternText] = use === 'create'
    ? [EC2_TAG_KEY, 'an EC2 tag key: letters, digits, spaces and _ . : / = + - @ (not starting with aws:, which AWS reserves for the tags it creates)']
    : [MATCHED_TAG_KEY, 'an EC2 tag key: letters, digits, spaces and _ . : / = + - @'];
  for (const key of keys) {
    checkString(where, `${prop}`, key, { pattern, patternText, minLength: 1, maxLength: 128 });
    checkString(where, `${prop}.${key}`, tags[key], { maxLength: 256 });
  }
}

/**
 * The DLM API model's `TagKey`, the keys of a policy's own `Tags`: `^(?!aws:)[a-zA-Z+-=._:/]+$`
 * (the range `+-=` includes `,` and digits).
 */
const POLICY_TAG_KEY = /^(?!aws:)[a-zA-Z+-=._:/]{1,128}$/;

/**
 * Checks, at synth, the tags put on the policy resource itself (`Tags.of(policy).add()`): DLM's
 * `TagKey` pattern, values of at most 256 characters.
 * @internal
 */
export function validatePolicyTags(where: Where, resource: CfnLifecyclePolicy): string[] {
  const errors: string[] = [];
  const tags = resource.tags.tagValues();
  for (const [key, value] of Object.entries(tags)) {
    if (Token.isUnresolved(key)) continue;
    if (!POLICY_TAG_KEY.test(key)) {
      errors.push(where.bareMessage('tags', 'must match a policy tag key: letters, digits and + - = . _ : / (not starting with aws:), from the DLM API model\'s TagKey', key));
    } else if (!Token.isUnresolved(value) && value.length > 256) {
      errors.push(where.bareMessage(`tags.${key}`, 'must be at most 256 characters long', value));
    }
  }
  return errors;
}

/**
 * DLM `Tags` list from a map, in the map's order.
 * @internal
 */
export function renderTags(tags: { [key: string]: string } | undefined): CfnTag[] | undefined {
  if (tags === undefined || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * Renders the `Scripts` list of a create rule.
 * @internal
 */
export function renderScript(where: Where, c: SnapshotScriptConfig): CfnLifecyclePolicy.ScriptProperty {
  const vss = c.systemsManager === false;
  checkString(where, 'script.executionHandler', c.executionHandler, {
    pattern: /^([a-zA-Z0-9_\-.]{3,128}|[a-zA-Z0-9_\-.:/]{3,200}|[A-Z0-9_]+)$/,
    patternText: 'an SSM document name or ARN (3-200 characters: letters, digits, _ - . : /)',
    maxLength: 200,
  });
  if (vss && (c.stages !== undefined || c.timeout !== undefined)) {
    where.fail('script', 'for Windows VSS (AWS_VSS_BACKUP) takes no stages and no timeout');
  }
  if (c.stages !== undefined) {
    checkListLength(where, 'script.stages', c.stages, 1, 2);
    if (new Set(c.stages).size !== c.stages.length) where.fail('script.stages', 'must not repeat a stage', c.stages);
  }
  let timeout: number | undefined;
  if (c.timeout !== undefined) {
    timeout = c.timeout.isUnresolved() ? c.timeout.toSeconds() : c.timeout.toSeconds({ integral: false });
    checkInteger(where, 'script.timeout', timeout, 10, 120, 'seconds');
  }
  checkInteger(where, 'script.maximumRetryCount', c.maximumRetryCount, 0, 3);
  if (c.onFailure !== undefined && c.stages !== undefined && !c.stages.includes(ScriptStage.PRE)) {
    where.fail('script.onFailure', 'only applies to scripts with a PRE stage', c.stages);
  }
  return {
    executionHandler: c.executionHandler,
    executionHandlerService: vss ? undefined : 'AWS_SYSTEMS_MANAGER',
    stages: c.stages,
    executionTimeout: timeout,
    maximumRetryCount: c.maximumRetryCount,
    executeOperationOnScriptFailure: c.onFailure === undefined ? undefined : c.onFailure === 'CRASH_CONSISTENT_SNAPSHOT',
  };
}
