/**
 * DLM policies in words: "daily at 02:00 UTC, keep 4 weeks, copy to ap-southeast-1 (keep 3 months)".
 * Works on deployed policies and on resolved templates alike (unknown values print as `<...>`).
 */
import { isResolvedObject, Resolved, ResolvedObject, Unresolved } from './intrinsics';

const WEEKDAYS: { [key: string]: string } = {
  SUN: 'Sunday',
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  1: 'Sunday',
  2: 'Monday',
  3: 'Tuesday',
  4: 'Wednesday',
  5: 'Thursday',
  6: 'Friday',
  7: 'Saturday',
};

/** The members of `value` when it is an object, else an empty object. */
function obj(value: Resolved | undefined): ResolvedObject {
  return isResolvedObject(value) ? value : {};
}

/** The items of `value` when it is a list, else an empty list. */
function list(value: Resolved | undefined): Resolved[] {
  return Array.isArray(value) ? value : [];
}

/** A value for display: strings as they are, markers as `<...>`. */
export function text(value: Resolved | undefined): string {
  if (value === undefined || value === null) return '-';
  if (value instanceof Unresolved) return value.toString();
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `n unit(s)` for DLM's interval units (`DAYS`, `WEEKS`, ...). */
export function amount(interval: Resolved | undefined, unit: Resolved | undefined): string {
  const u = typeof unit === 'string' ? unit.toLowerCase() : text(unit);
  return interval === 1 ? `1 ${u.replace(/s$/, '')}` : `${text(interval)} ${u}`;
}

/** A count-or-age rule (`RetainRule`, `DeprecateRule`, `FastRestoreRule`, ...). */
export function countOrAge(rule: Resolved | undefined): string {
  const r = obj(rule);
  if (r.Count !== undefined) return String(text(r.Count));
  if (r.Interval !== undefined) return amount(r.Interval, r.IntervalUnit);
  return '?';
}

/** The creation schedule of a create rule. */
export function cadence(createRule: Resolved | undefined): string {
  const c = obj(createRule);
  if (c.CronExpression !== undefined) return cronInWords(text(c.CronExpression));
  const times = list(c.Times).map(text);
  const from = times.length > 0 ? ` from ${times.join(', ')} UTC` : '';
  if (c.IntervalUnit === 'HOURS' && c.Interval === 24) return times.length > 0 ? `daily at ${times.join(', ')} UTC` : 'daily';
  if (c.Interval === 1) return `every hour${from}`;
  return `every ${text(c.Interval)} ${typeof c.IntervalUnit === 'string' ? c.IntervalUnit.toLowerCase() : 'hours'}${from}`;
}

/** Common cron shapes in words; anything else as the expression itself. */
export function cronInWords(expression: string): string {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const fields = m ? m[1].trim().split(/\s+/) : [];
  if (fields.length !== 6) return expression;
  const [minute, hour, dom, month, dow, year] = fields;
  if (!/^\d+$/.test(minute) || !/^\d+$/.test(hour) || month !== '*' || year !== '*') return `on ${expression}`;
  const at = `at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')} UTC`;
  if (dom === '?' && WEEKDAYS[dow.toUpperCase()]) return `weekly on ${WEEKDAYS[dow.toUpperCase()]} ${at}`;
  if ((dom === '*' && dow === '?') || (dom === '?' && dow === '*')) return `daily ${at}`;
  if (dow === '?' && /^\d+$/.test(dom)) return `monthly on day ${dom} ${at}`;
  if (dow === '?' && dom === 'L') return `monthly on the last day ${at}`;
  return `on ${expression}`;
}

/** One schedule of a custom policy, e.g. `Daily: daily at 02:00 UTC, keep 7`. */
export function schedule(s: Resolved): string {
  const o = obj(s);
  const parts = [cadence(o.CreateRule), `keep ${countOrAge(o.RetainRule)}`];
  const fsr = obj(o.FastRestoreRule);
  if (Object.keys(fsr).length > 0) {
    const zones = list(fsr.AvailabilityZones ?? fsr.AvailabilityZoneIds).map(text).join(' ');
    parts.push(`fast restore in ${zones} (${fsr.Count !== undefined ? `newest ${text(fsr.Count)}` : `for ${countOrAge(fsr)}`})`);
  }
  const archive = obj(obj(o.ArchiveRule).RetainRule).RetentionArchiveTier;
  if (archive !== undefined) parts.push(`then archive (keep ${countOrAge(archive)})`);
  if (o.DeprecateRule !== undefined) parts.push(`deprecate after ${countOrAge(o.DeprecateRule)}`);
  for (const copy of list(o.CrossRegionCopyRules)) {
    const c = obj(copy);
    const keep = c.RetainRule !== undefined ? `keep ${countOrAge(c.RetainRule)}` : 'kept like the source';
    parts.push(`copy to ${text(c.Target ?? c.TargetRegion)} (${keep}${c.Encrypted === false ? ', unencrypted' : ''})`);
  }
  for (const share of list(o.ShareRules)) {
    const r = obj(share);
    const until = r.UnshareInterval !== undefined ? `, unshare after ${amount(r.UnshareInterval, r.UnshareIntervalUnit)}` : '';
    parts.push(`share with ${list(r.TargetAccounts).map(text).join(' ')}${until}`);
  }
  if (list(obj(o.CreateRule).Scripts).length > 0) parts.push(`script ${text(obj(list(obj(o.CreateRule).Scripts)[0]).ExecutionHandler)}`);
  return `${text(o.Name)}: ${parts.join(', ')}`;
}

/** The schedules of a policy in words, one line each. */
export function schedules(details: Resolved | undefined): string[] {
  const d = obj(details);
  if (d.PolicyLanguage === 'SIMPLIFIED' || d.ResourceType !== undefined) {
    const parts = [`every ${amount(d.CreateInterval ?? 1, 'DAYS')}`, `keep ${amount(d.RetainInterval ?? 7, 'DAYS')}`];
    const regions = list(d.CrossRegionCopyTargets).map(t => text(obj(t).TargetRegion));
    if (regions.length > 0) parts.push(`copy to ${regions.join(', ')}`);
    return [parts.join(', ')];
  }
  if (d.PolicyType === 'EVENT_BASED_POLICY') {
    const p = obj(obj(d.EventSource).Parameters);
    return list(d.Actions).map(a => {
      const copies = list(obj(a).CrossRegionCopy).map(c => `${text(obj(c).Target)} (keep ${countOrAge(obj(c).RetainRule)})`);
      return `when ${list(p.SnapshotOwner).map(text).join(' ')} shares a snapshot matching ${text(p.DescriptionRegex)}: copy to ${copies.join(', ')}`;
    });
  }
  return list(d.Schedules).map(schedule);
}

/** What a policy manages, e.g. `snapshots (volumes)`, `AMIs`, `default (instances)`. */
export function policyType(details: Resolved | undefined): string {
  const d = obj(details);
  if (d.PolicyLanguage === 'SIMPLIFIED' || d.ResourceType !== undefined) {
    return `default (${d.ResourceType === 'INSTANCE' ? 'instances' : 'volumes'})`;
  }
  switch (d.PolicyType) {
    case 'IMAGE_MANAGEMENT': return 'AMIs';
    case 'EVENT_BASED_POLICY': return 'cross-account copy';
    default: return `snapshots (${list(d.ResourceTypes).map(t => text(t).toLowerCase() + 's').join(', ') || 'volumes'})`;
  }
}

/** The target tags as `key=value` items (an exclusion summary for default policies). */
export function targets(details: Resolved | undefined): string[] {
  const d = obj(details);
  if (d.PolicyLanguage === 'SIMPLIFIED' || d.ResourceType !== undefined) {
    const ex = obj(d.Exclusions);
    const parts = ['every resource without a recent backup'];
    if (ex.ExcludeBootVolumes === true) parts.push('except boot volumes');
    if (list(ex.ExcludeVolumeTypes).length > 0) parts.push(`except ${list(ex.ExcludeVolumeTypes).map(text).join(', ')}`);
    for (const t of list(ex.ExcludeTags)) parts.push(`except ${text(obj(t).Key)}=${text(obj(t).Value)}`);
    return parts;
  }
  if (d.PolicyType === 'EVENT_BASED_POLICY') return [`snapshots shared by ${list(obj(obj(d.EventSource).Parameters).SnapshotOwner).map(text).join(', ')}`];
  return list(d.TargetTags).map(t => `${text(obj(t).Key)}=${text(obj(t).Value)}`);
}
