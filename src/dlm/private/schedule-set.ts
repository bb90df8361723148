import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { Construct } from 'constructs';
import { renderDlmCreateRule } from './cadence';
import { checkCopyKeyArn, OUTPOST_ARN, REGION, WARNINGS } from './patterns';
import { PolicyCore } from './policy-core';
import { MAX_DEPRECATE_YEARS, renderDlmRetention, keepsNothing, validateDlmRetention } from './retention';
import { PolicyShape, renderScript, validateSchedule } from './schedule-rules';
import { renderTags } from './tags';
import { Retention } from '../../common/retention';
import { ACCOUNT_ID, checkString, raw, Where } from '../../common/validation';
import { CrossAccountShareConfig, CrossRegionCopyConfig } from '../copy';
import { AmiScheduleProps, ShareOptions, SnapshotScheduleProps } from '../schedule';
import { SnapshotScript, SnapshotScriptConfig } from '../script';

type AnySchedule = SnapshotScheduleProps & AmiScheduleProps;

interface BoundSchedule {
  readonly name: string;
  readonly props: AnySchedule;
  readonly copies: CrossRegionCopyConfig[];
  /** `share` and `crossAccountCopies` merged into the schedule's one share rule. */
  readonly share?: ShareOptions;
  readonly script?: CfnLifecyclePolicy.ScriptProperty;
}

/**
 * The schedules of a custom (snapshot or AMI) policy: validation when added, grants,
 * cross-schedule rules at synth, and rendering. NOT exported from the package.
 */
export class ScheduleSet {
  private readonly schedules: BoundSchedule[] = [];

  public constructor(private readonly owner: Construct, private readonly core: PolicyCore, private readonly shape: PolicyShape) {
    owner.node.addValidation({ validate: () => this.validateAll() });
  }

  /** Validates, binds and records one schedule. */
  public add(props: AnySchedule): void {
    const name = props.name ?? `Schedule${this.schedules.length + 1}`;
    const where = new Where(this.owner, `schedule \`${name}\``);
    if (this.schedules.length >= 4) {
      where.fail('schedules', 'must have at most 4 entries (DLM allows 1 to 4 schedules per policy)', this.schedules.length + 1);
    }
    if (!Token.isUnresolved(name) && this.schedules.some(s => s.name === name)) {
      where.fail('name', 'must be unique within the policy', name);
    }
    const first = this.schedules[0];
    if (first && first.props.retention.isCountBased !== props.retention.isCountBased) {
      where.fail('retention', `must be ${first.props.retention.isCountBased ? 'count-based' : 'age-based'} like schedule \`${first.name}\` (all schedules of a policy share one retention type)`, props.retention.toString());
    }
    validateSchedule(where, props, this.shape);
    if (props.archive && this.schedules.some(s => s.props.archive)) {
      where.fail('archive', 'may be set on only one schedule of a policy');
    }

    const copies = (props.crossRegionCopies ?? []).map(c => c.bindCopy(this.owner, { role: this.core.role, copiesImages: this.shape.images }));
    validateCopies(where, copies, this.shape, props.retention);
    const shares = (props.crossAccountCopies ?? []).map(c => c.bindShare(this.owner, { role: this.core.role, scheduleName: name }));
    const share = mergeShares(where, shares, this.shape, props);
    const scriptConfig = props.script ? props.script.bindScript(this.owner) : undefined;
    const script = scriptConfig ? renderScript(where, scriptConfig) : undefined;
    if (props.script !== undefined) this.checkScript(where, props, scriptConfig!);

    this.core.grant({
      creates: this.shape.images ? 'images' : this.shape.instances ? 'instance-snapshots' : 'volume-snapshots',
      copies: copies.length > 0,
      copyRegions: copies.map(c => c.destination),
      fastRestore: props.fastRestore !== undefined,
      share: share !== undefined,
      archive: props.archive !== undefined,
      deprecate: props.deprecate !== undefined || copies.some(c => c.deprecate !== undefined),
      scriptDocuments: scriptConfig?.documentArn ? [scriptConfig.documentArn] : undefined,
    });

    this.warnShortRetention(where, props);
    this.schedules.push({ name, props, copies, share, script });
  }


  /**
   * Scripts: DLM runs them for one schedule per policy. Its LimitExceededException says "You can
   * specify up to {1} script(s) per schedule for up to {1} schedule(s) per policy" (placeholders
   * as DLM sends them) and the API model allows 1 script per schedule; the library reads the
   * schedule limit as 1 too, the reading under which every policy it renders deploys. Windows VSS backups: "If you enable a schedule for VSS
   * Backups, you can't enable Exclude specific data volumes or Copy tags from source"
   * (https://docs.aws.amazon.com/ebs/latest/userguide/automate-app-consistent-backups.html).
   */
  private checkScript(where: Where, props: AnySchedule, config: SnapshotScriptConfig): void {
    const scripted = this.schedules.find(s => s.props.script !== undefined);
    if (scripted !== undefined) {
      where.fail('script', `may be set on only one schedule of a policy (DLM runs scripts for up to 1 schedule per policy); schedule \`${scripted.name}\` has one: put this schedule in a policy of its own`);
    }
    const vss = config.systemsManager === false || config.executionHandler === SnapshotScript.VSS_HANDLER;
    if (!vss) return;
    if (props.copyTags === true) {
      where.fail('copyTags', `is not allowed with Windows VSS backups (${SnapshotScript.VSS_HANDLER})`, true);
    }
    const excluded = this.shape.excludedDataVolumeTags ?? [];
    if (excluded.length > 0) {
      where.fail('script', `Windows VSS backups (${SnapshotScript.VSS_HANDLER}) snapshot every volume of the instance: remove the policy's \`excludeDataVolumeTags\``, excluded);
    }
  }

  /** `PolicyDetails.Schedules`. */
  public render(): CfnLifecyclePolicy.ScheduleProperty[] {
    return this.schedules.map(s => this.renderOne(s));
  }

  private renderOne(s: BoundSchedule): CfnLifecyclePolicy.ScheduleProperty {
    const p = s.props;
    return {
      name: s.name,
      copyTags: p.copyTags,
      tagsToAdd: renderTags(p.tagsToAdd),
      variableTags: renderTags(p.variableTags),
      createRule: {
        location: p.snapshotLocation,
        ...renderDlmCreateRule(p.cadence),
        scripts: s.script ? [s.script] : undefined,
      },
      retainRule: renderDlmRetention(p.retention),
      fastRestoreRule: p.fastRestore ? {
        availabilityZones: p.fastRestore.availabilityZones,
        availabilityZoneIds: p.fastRestore.availabilityZoneIds,
        ...renderDlmRetention(p.fastRestore.retention),
      } as CfnLifecyclePolicy.FastRestoreRuleProperty : undefined,
      crossRegionCopyRules: s.copies.length > 0 ? s.copies.map(c => this.renderCopy(c)) : undefined,
      shareRules: s.share ? [{
        targetAccounts: s.share.accounts,
        unshareInterval: s.share.unshareAfter?.toDays(),
        unshareIntervalUnit: s.share.unshareAfter ? 'DAYS' : undefined,
      }] : undefined,
      deprecateRule: p.deprecate ? renderDlmRetention(p.deprecate) : undefined,
      archiveRule: p.archive ? { retainRule: { retentionArchiveTier: renderDlmRetention(p.archive.retention) } } : undefined,
    };
  }

  private renderCopy(c: CrossRegionCopyConfig): CfnLifecyclePolicy.CrossRegionCopyRuleProperty {
    const retain = c.retention && renderDlmRetention(c.retention);
    const deprecate = c.deprecate && renderDlmRetention(c.deprecate);
    return {
      ...(this.shape.images ? { targetRegion: c.destination } : { target: c.destination }),
      encrypted: true,
      cmkArn: c.cmkArn,
      copyTags: c.copyTags,
      retainRule: retain ? { interval: retain.interval!, intervalUnit: retain.intervalUnit! } : undefined,
      deprecateRule: deprecate ? { interval: deprecate.interval!, intervalUnit: deprecate.intervalUnit! } : undefined,
    };
  }

  private validateAll(): string[] {
    if (this.schedules.length === 0) {
      return [new Where(this.owner).bareMessage('schedules', 'must have at least 1 entry (DLM allows 1 to 4 schedules per policy): pass `schedules` or call addSchedule()')];
    }
    return [];
  }

  /** DLM keeps the last snapshot, but an age shorter than the period keeps only one. */
  private warnShortRetention(where: Where, props: AnySchedule): void {
    if (props.retention.isCountBased) return;
    const retainDays = props.retention._maxDays();
    const periodHours = props.cadence._maxPeriodHours();
    if (retainDays === undefined || retainDays === 0 || periodHours === undefined) return;
    if (retainDays * 24 < periodHours) {
      Annotations.of(this.owner).addWarningV2(WARNINGS.retentionShorterThanCadence,
        `${where.prefix()}\`retention\` (${props.retention}) is shorter than the time between snapshots (${props.cadence}); DLM keeps the last snapshot, so only one restore point exists at a time`);
    }
  }
}

/**
 * Rules on the copies of one schedule: count, unique destinations, not the source Region,
 * destination format, ages only, deprecation only for AMIs and not past retention.
 */
export function validateCopies(where: Where, copies: CrossRegionCopyConfig[], shape: PolicyShape, sourceRetention?: Retention): void {
  const seen = new Set<string>();
  const sourceRegion = Stack.of(where.scope).region;
  copies.forEach((c, i) => {
    const prop = `crossRegionCopies[${i}]`;
    const dest = c.destination;
    if (!Token.isUnresolved(dest)) {
      const isRegion = REGION.test(dest);
      if (!isRegion && (shape.images || !OUTPOST_ARN.test(dest))) {
        where.fail(`${prop}.destination`, shape.images ? 'must be a Region like eu-west-1' : 'must be a Region like eu-west-1 or an Outpost ARN', dest);
      }
      if (seen.has(dest)) where.fail(`${prop}.destination`, 'must not repeat another copy\'s destination', dest);
      seen.add(dest);
      if (isRegion && !Token.isUnresolved(sourceRegion) && dest === sourceRegion) {
        where.fail(`${prop}.destination`, `must differ from the policy's own Region (${sourceRegion})`, dest);
      }
    }
    checkCopyKeyArn(where, `${prop}.cmkArn`, c.cmkArn, dest);
    if (c.retention) validateDlmRetention(c.retention, where, `${prop}.retention`, { allowCount: false });
    if (c.deprecate) {
      if (!shape.images) where.fail(`${prop}.deprecate`, 'is only allowed for AMI policies');
      validateDlmRetention(c.deprecate, where, `${prop}.deprecate`, { allowCount: false, maxYears: MAX_DEPRECATE_YEARS });
      const dMin = c.deprecate._minDays();
      const retention = c.retention ?? sourceRetention;
      const rMax = retention?._maxDays();
      if (dMin !== undefined && rMax !== undefined && dMin > rMax) {
        where.fail(`${prop}.deprecate`, `must not be longer than the copies' retention (${retention})`, c.deprecate.toString());
      }
    }
  });
}

/**
 * Merges a schedule's `share` and its cross-account shares into its single share rule
 * (DLM allows at most one per schedule), checking for the shares what `validateSchedule`
 * checks for `share`: 12-digit accounts, no account twice, one unshare period shorter than
 * the retention, and a retention that keeps snapshots.
 */
export function mergeShares(where: Where, shares: CrossAccountShareConfig[], shape: PolicyShape, schedule: AnySchedule): ShareOptions | undefined {
  if (shares.length === 0) return schedule.share;
  if (shape.images) where.fail('crossAccountCopies', 'is only allowed for snapshot policies, not AMI policies');
  const retention = schedule.retention;
  if (keepsNothing(retention)) where.fail('retention', 'must keep at least 1 snapshot when sharing', retention.toString());

  const accounts = [...schedule.share?.accounts ?? []];
  let unshare = schedule.share?.unshareAfter;
  let unshareFrom = schedule.share ? '`share.unshareAfter`' : undefined;
  shares.forEach((c, i) => {
    const prop = `crossAccountCopies[${i}]`;
    checkString(where, `${prop}.accountId`, c.accountId, { pattern: ACCOUNT_ID, patternText: 'a 12-digit AWS account ID' });
    if (!Token.isUnresolved(c.accountId) && accounts.includes(c.accountId)) {
      where.fail(`${prop}.accountId`, 'must not repeat an account of `share` or of another cross-account copy', c.accountId);
    }
    accounts.push(c.accountId);
    const u = c.unshareAfter;
    if (u !== undefined && !u.isUnresolved()) {
      const days = u.toDays({ integral: false });
      if (!Number.isInteger(days) || days < 1) where.fail(`${prop}.unshareAfter`, 'must be a whole number of days, at least 1', u);
      const retainMin = retention.isCountBased ? undefined : retention._minDays();
      if (retainMin !== undefined && days >= retainMin) where.fail(`${prop}.unshareAfter`, `must be shorter than the retention (${retention})`, u);
    }
    if (unshareFrom === undefined) {
      unshare = u;
      unshareFrom = `\`${prop}.unshareAfter\``;
    } else if (!sameDays(unshare, u)) {
      where.fail(`${prop}.unshareAfter`, `must equal ${unshareFrom} (${unshare?.toHumanString() ?? 'never unshared'}): a schedule has one share rule, so its accounts share one unshare period`, u ?? raw('never unshared'));
    }
  });
  return { accounts, unshareAfter: unshare };
}

function sameDays(a: Duration | undefined, b: Duration | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.isUnresolved() || b.isUnresolved()) return true;
  return a.toDays({ integral: false }) === b.toDays({ integral: false });
}
