/**
 * DLM's rules for one schedule (everything that needs no other schedule) and the rendering of
 * its script. NOT exported from the package.
 */
import { Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { validateDlmCadence } from './cadence';
import { DLM_NAME } from './patterns';
import { MAX_DEPRECATE_YEARS, keepsNothing, validateDlmRetention } from './retention';
import { checkTags } from './tags';
import { Cadence } from '../../common/cadence';
import { parseCron } from '../../common/private/cron';
import { ACCOUNT_ID, checkInteger, checkListLength, checkString, Where } from '../../common/validation';
import { AmiScheduleProps, SnapshotLocation, SnapshotScheduleProps } from '../schedule';
import { ScriptStage, SnapshotScriptConfig } from '../script';

/**
 * The facts about a policy that decide which schedule features are allowed.
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
 * Validates one schedule's own rules (everything that needs no other schedule).
 */
export function validateSchedule(where: Where, s: SnapshotScheduleProps & AmiScheduleProps, shape: PolicyShape): void {
  checkString(where, 'name', s.name, { pattern: DLM_NAME, patternText: 'letters, digits, spaces, `_` and `-` only', maxLength: 120, minLength: 1 });
  validateDlmCadence(s.cadence, where, 'cadence');

  const archiving = s.archive !== undefined;
  validateDlmRetention(s.retention, where, 'retention', { allowZero: archiving });
  const retainsNothing = keepsNothing(s.retention);

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
    validateDlmRetention(fr.retention, where, 'fastRestore.retention');
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
  validateDlmRetention(archive.retention, where, 'archive.retention');
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
  validateDlmRetention(deprecate, where, 'deprecate', { maxYears: MAX_DEPRECATE_YEARS });
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
 * Renders the `Scripts` list of a create rule.
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
