/**
 * `import`'s code generator: TypeScript that reproduces deployed DLM policies with this
 * library's public API (SnapshotPolicy, AmiPolicy, DefaultPolicy, CrossAccountCopyPolicy,
 * Cadence, Retention, DrCopyRule, SnapshotScript). Values equal to DLM's defaults are left out.
 *
 * Every member of `PolicyDetails` the generator reads is recorded; whatever it did not read,
 * and whatever the library cannot express exactly, is reported as a warning (in the code, as a
 * comment, and to the caller) instead of being dropped silently. With a synth check, the code of
 * each policy is also run with the library: what the library refuses is reported as an error
 * (in the code, as a comment, and to the caller).
 */
import { DeployedPolicy, isObject, Json, JsonObject, withDlmDefaults } from './model';
import { ArrayExpr, CallExpr, Code, Expr, Imports, lit, ObjectExpr, render, str, stringMap } from './typescript';
import { SynthCheck } from './verify';

/** The generated module and what it could not reproduce. */
export interface GeneratedCode {
  readonly code: string;
  /** One line per value not reproduced exactly, prefixed with the policy ID. */
  readonly warnings: string[];
  /** One line per problem that keeps the generated code from synthesizing, prefixed with the policy ID. */
  readonly errors: string[];
}

/** The name of the generated construct class. */
export const GENERATED_CLASS = 'ImportedDlmPolicies';

const LIB = 'cdk-tiered-backup';
const CDK = 'aws-cdk-lib';
const MODULE_ORDER = [CDK, 'aws-cdk-lib/aws-iam', 'constructs', LIB];
const WEEKDAY_NAMES: { [day: string]: string } = {
  MON: 'MONDAY', TUE: 'TUESDAY', WED: 'WEDNESDAY', THU: 'THURSDAY', FRI: 'FRIDAY', SAT: 'SATURDAY', SUN: 'SUNDAY',
};
/** The volume types `EbsVolumeType` has a constant for; others are written `EbsVolumeType.of('...')`. */
const KNOWN_VOLUME_TYPES = ['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1'];
const RETENTION_UNITS: { [unit: string]: string } = { WEEKS: 'weeks', MONTHS: 'months', YEARS: 'years' };
const UNIT_DAYS: { [unit: string]: number } = { DAYS: 1, WEEKS: 7, MONTHS: 30, YEARS: 365 };

/**
 * Reads a policy's details and records which members were read, so that the rest can be
 * reported. Paths are dotted (`Schedules.0.RetainRule.Count`).
 */
class Source {
  private readonly used = new Set<string>();

  public constructor(private readonly root: JsonObject) {}

  /** The value at `path`, recorded as read (with everything below it). */
  public take(path: string): Json | undefined {
    this.used.add(path);
    return this.peek(path);
  }

  /** The value at `path`, not recorded. */
  public peek(path: string): Json | undefined {
    let value: Json | undefined = this.root;
    for (const part of path.split('.')) {
      if (Array.isArray(value)) value = value[Number(part)];
      else if (isObject(value)) value = value[part];
      else return undefined;
    }
    return value;
  }

  /** The number of items of the list at `path` (0 when it is not a list). */
  public count(path: string): number {
    const v = this.peek(path);
    return Array.isArray(v) ? v.length : 0;
  }

  /** The leaves that were never read, as `path = value`. */
  public unread(): string[] {
    const out: string[] = [];
    const walk = (value: Json | undefined, path: string) => {
      if (path !== '' && this.isUsed(path)) return;
      if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => walk(v, join(path, String(i))));
      else if (isObject(value) && Object.keys(value).length > 0) Object.entries(value).forEach(([k, v]) => walk(v, join(path, k)));
      else if (value !== undefined) out.push(`${path} = ${JSON.stringify(value)}`);
    };
    walk(this.root, '');
    return out;
  }

  private isUsed(path: string): boolean {
    for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      if (this.used.has(p)) return true;
    }
    return false;
  }
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** Generates the code of one policy inside the generated class. */
class PolicyWriter {
  public readonly warnings: string[] = [];
  private readonly src: Source;
  private readonly details: JsonObject;

  public constructor(private readonly policy: DeployedPolicy, private readonly imports: Imports, private readonly role: string | undefined) {
    const defaultPolicy = policy.DefaultPolicy === true || policy.PolicyDetails?.PolicyLanguage === 'SIMPLIFIED';
    this.details = withDlmDefaults(policy.PolicyDetails, defaultPolicy);
    this.src = new Source(this.details);
  }

  /** `new Xxx(this, id, props)` for the policy. */
  public construct(): { readonly cls: string; readonly props: ObjectExpr } {
    const s = this.src;
    s.take('PolicyLanguage');
    const type = s.take('PolicyType');
    if (s.peek('PolicyLanguage') === 'SIMPLIFIED' || this.policy.DefaultPolicy === true) return { cls: this.lib('DefaultPolicy'), props: this.defaultPolicy() };
    if (type === 'IMAGE_MANAGEMENT') return { cls: this.lib('AmiPolicy'), props: this.amiPolicy() };
    if (type === 'EVENT_BASED_POLICY') return { cls: this.lib('CrossAccountCopyPolicy'), props: this.eventPolicy() };
    if (type !== 'EBS_SNAPSHOT_MANAGEMENT') this.warn(`PolicyType ${JSON.stringify(type)} is not known to this version; generated as a snapshot policy`);
    return { cls: this.lib('SnapshotPolicy'), props: this.snapshotPolicy() };
  }

  /** Members of PolicyDetails the generated code does not reproduce. */
  public unread(): string[] {
    return this.src.unread().map(u => `PolicyDetails.${u} is not reproduced`);
  }

  private common(): Array<readonly [string, Expr | undefined]> {
    const state = this.policy.State;
    if (state === 'ERROR') this.warn(`the policy is in ERROR${this.policy.StatusMessage ? ` (${this.policy.StatusMessage})` : ''}; generated ENABLED`);
    return [
      ['description', this.policy.Description !== undefined ? str(this.policy.Description) : undefined],
      ['state', state === 'DISABLED' ? new Code(`${this.lib('PolicyState')}.DISABLED`) : undefined],
      ['role', this.role !== undefined ? new Code(this.role) : undefined],
    ];
  }

  private snapshotPolicy(): ObjectExpr {
    const s = this.src;
    const types = s.take('ResourceTypes');
    const instances = Array.isArray(types) && types.includes('INSTANCE');
    if (Array.isArray(types) && types.length !== 1) this.warn(`ResourceTypes ${JSON.stringify(types)}: the library targets one type; generated ${instances ? 'INSTANCE' : 'VOLUME'}`);
    const locations = s.take('ResourceLocations');
    const location = Array.isArray(locations) ? String(locations[0]) : 'CLOUD';
    const excludeBoot = s.take('Parameters.ExcludeBootVolume');
    return new ObjectExpr([
      ...this.common(),
      ['resourceType', instances ? new Code(`${this.lib('SnapshotResourceType')}.INSTANCE`) : undefined],
      ['resourceLocation', location !== 'CLOUD' ? new Code(`${this.lib('ResourceLocation')}.${location}`) : undefined],
      ['targetTags', stringMap(this.tags('TargetTags'))],
      ['excludeBootVolume', excludeBoot === true ? lit(true) : undefined],
      ['excludeDataVolumeTags', stringMap(this.tags('Parameters.ExcludeDataVolumeTags'))],
      ['schedules', this.schedules(false)],
    ]);
  }

  private amiPolicy(): ObjectExpr {
    const s = this.src;
    s.take('ResourceTypes');
    const noReboot = s.take('Parameters.NoReboot');
    return new ObjectExpr([
      ...this.common(),
      ['targetTags', stringMap(this.tags('TargetTags'))],
      ['noReboot', noReboot === false ? lit(false) : undefined],
      ['schedules', this.schedules(true)],
    ]);
  }

  private defaultPolicy(): ObjectExpr {
    const s = this.src;
    const type = s.take('ResourceType') === 'INSTANCE' ? 'INSTANCE' : 'VOLUME';
    // DLM's documented defaults (CreateInterval 1, RetainInterval 7) are the library's too: left out
    const days = (path: string, dlmDefault: number) => {
      const v = s.take(path);
      return typeof v === 'number' && v !== dlmDefault ? new CallExpr(`${this.cdk('Duration')}.days`, [lit(v)]) : undefined;
    };
    const ex = s.peek('Exclusions');
    const volumeTypes = s.take('Exclusions.ExcludeVolumeTypes');
    const bootVolumes = s.take('Exclusions.ExcludeBootVolumes');
    const exclusions = isObject(ex) ? new ObjectExpr([
      ['excludeBootVolumes', typeof bootVolumes === 'boolean' ? lit(bootVolumes) : undefined],
      ['excludeVolumeTypes', Array.isArray(volumeTypes)
        ? new ArrayExpr(volumeTypes.map(t => KNOWN_VOLUME_TYPES.includes(String(t))
          ? new Code(`${this.lib('EbsVolumeType')}.${String(t).toUpperCase()}`)
          : new CallExpr(`${this.lib('EbsVolumeType')}.of`, [str(String(t))])))
        : undefined],
      ['excludeTags', stringMap(this.tags('Exclusions.ExcludeTags'))],
    ]) : undefined;
    const targets = s.take('CrossRegionCopyTargets');
    const copies = Array.isArray(targets) && targets.length > 0
      ? new ArrayExpr(targets.map(t => new CallExpr(`${this.lib('DrCopyRule')}.toRegion`, [str(String(isObject(t) ? t.TargetRegion : t))])))
      : undefined;
    return new ObjectExpr([
      ['resourceType', new Code(`${this.lib('DefaultPolicyResourceType')}.${type}`)],
      ...this.common(),
      ['createInterval', days('CreateInterval', 1)],
      ['retainInterval', days('RetainInterval', 7)],
      ['copyTags', s.take('CopyTags') === true ? lit(true) : undefined],
      ['extendDeletion', s.take('ExtendDeletion') === true ? lit(true) : undefined],
      ['exclusions', exclusions],
      ['crossRegionCopies', copies],
    ]);
  }

  private eventPolicy(): ObjectExpr {
    const s = this.src;
    const source = s.take('EventSource.Type');
    if (source !== 'MANAGED_CWE') this.warn(`EventSource.Type ${JSON.stringify(source)} is not supported; generated MANAGED_CWE`);
    const eventType = s.take('EventSource.Parameters.EventType');
    if (eventType !== 'shareSnapshot') this.warn(`EventType ${JSON.stringify(eventType)} is not supported; generated shareSnapshot`);
    const owners = s.take('EventSource.Parameters.SnapshotOwner');
    let regex = s.take('EventSource.Parameters.DescriptionRegex');
    if (typeof regex !== 'string') {
      // the library's default regex would narrow "every shared snapshot" to DLM-created ones
      this.warn('EventSource.Parameters has no DescriptionRegex, so every snapshot the owners share is copied; generated descriptionRegex \'.*\', '
        + 'which means the same (DLM requires a DescriptionRegex on new policies, and the library\'s default would copy only DLM-created snapshots)');
      regex = '.*';
    }
    if (s.count('Actions') > 1) this.warn(`${s.count('Actions')} actions: the library renders one (DLM allows exactly 1); only the first is generated`);
    const name = s.take('Actions.0.Name');
    const copies: Expr[] = [];
    for (let i = 0; i < s.count('Actions.0.CrossRegionCopy'); i++) {
      const p = `Actions.0.CrossRegionCopy.${i}`;
      if (s.take(`${p}.EncryptionConfiguration.Encrypted`) === false) this.warn(`the copy to ${s.peek(`${p}.Target`)} is not encrypted; the library always encrypts copies`);
      const key = s.take(`${p}.EncryptionConfiguration.CmkArn`);
      copies.push(new CallExpr(`${this.lib('DrCopyRule')}.toRegion`, [str(String(s.take(`${p}.Target`))), new ObjectExpr([
        ['encryptionKeyArn', typeof key === 'string' ? str(key) : undefined],
        ['retention', this.retention(`${p}.RetainRule`)],
      ])]));
    }
    return new ObjectExpr([
      ...this.common(),
      ['sourceAccounts', Array.isArray(owners) ? new ArrayExpr(owners.map(o => str(String(o)))) : undefined],
      ['descriptionRegex', typeof regex === 'string' ? str(regex) : undefined],
      ['actionName', typeof name === 'string' && name !== 'CopySharedSnapshots' ? str(name) : undefined],
      ['copies', new ArrayExpr(copies)],
    ]);
  }

  private schedules(images: boolean): ArrayExpr {
    const items: Expr[] = [];
    for (let i = 0; i < this.src.count('Schedules'); i++) items.push(this.schedule(`Schedules.${i}`, i, images));
    return new ArrayExpr(items);
  }

  private schedule(p: string, index: number, images: boolean): ObjectExpr {
    const s = this.src;
    const location = s.take(`${p}.CreateRule.Location`);
    const name = s.take(`${p}.Name`);
    if (typeof name !== 'string' || name === '') {
      this.warn(`${p} has no name; the library names it Schedule${index + 1}, which its snapshots then carry in their description and tags`);
    }
    return new ObjectExpr([
      ['name', typeof name === 'string' && name !== '' ? str(name) : undefined],
      ['cadence', this.cadence(`${p}.CreateRule`)],
      ['retention', this.retention(`${p}.RetainRule`)],
      ['copyTags', s.take(`${p}.CopyTags`) === true ? lit(true) : undefined],
      ['tagsToAdd', stringMap(this.tags(`${p}.TagsToAdd`))],
      ['variableTags', stringMap(this.tags(`${p}.VariableTags`))],
      ['snapshotLocation', typeof location === 'string' && location !== 'CLOUD' ? new Code(`${this.lib('SnapshotLocation')}.${location}`) : undefined],
      ['fastRestore', this.fastRestore(`${p}.FastRestoreRule`)],
      ['archive', s.peek(`${p}.ArchiveRule`) !== undefined ? new ObjectExpr([['retention', this.retention(`${p}.ArchiveRule.RetainRule.RetentionArchiveTier`)]]) : undefined],
      ['share', this.share(`${p}.ShareRules`)],
      ['crossRegionCopies', this.copies(`${p}.CrossRegionCopyRules`, images)],
      ['script', this.script(`${p}.CreateRule.Scripts`)],
      ['deprecate', s.peek(`${p}.DeprecateRule`) !== undefined ? this.retention(`${p}.DeprecateRule`) : undefined],
    ]);
  }

  /** `Cadence.*` from a create rule: weekly and monthly crons by name, other crons as expressions, intervals in hours. */
  private cadence(p: string): Expr {
    const s = this.src;
    const cadence = this.lib('Cadence');
    const cron = s.take(`${p}.CronExpression`);
    if (typeof cron === 'string') {
      const weekly = /^cron\((\d+) (\d+) \? \* (MON|TUE|WED|THU|FRI|SAT|SUN) \*\)$/.exec(cron);
      if (weekly && canonical(weekly[1], 59) && canonical(weekly[2], 23)) {
        return new CallExpr(`${cadence}.weekly`, [new Code(`${this.lib('Weekday')}.${WEEKDAY_NAMES[weekly[3]]}`), startTime(weekly[2], weekly[1])]);
      }
      const monthly = /^cron\((\d+) (\d+) (\d+) \* \? \*\)$/.exec(cron);
      if (monthly && canonical(monthly[1], 59) && canonical(monthly[2], 23) && canonical(monthly[3], 28) && monthly[3] !== '0') {
        return new CallExpr(`${cadence}.monthly`, [lit(Number(monthly[3])), startTime(monthly[2], monthly[1])]);
      }
      return new CallExpr(`${cadence}.expression`, [str(cron)]);
    }
    const interval = s.take(`${p}.Interval`);
    const unit = s.take(`${p}.IntervalUnit`);
    const times = s.take(`${p}.Times`);
    if (unit !== undefined && unit !== 'HOURS') this.warn(`${p}.IntervalUnit ${JSON.stringify(unit)} is not supported; read as hours`);
    if (Array.isArray(times) && times.length > 1) this.warn(`${p}.Times has ${times.length} times; the library takes one start time (the first)`);
    const time = Array.isArray(times) && typeof times[0] === 'string' ? new ObjectExpr([['startTime', str(times[0])]]) : undefined;
    if (interval === 24) return new CallExpr(`${cadence}.daily`, [time]);
    return new CallExpr(`${cadence}.every`, [new CallExpr(`${this.cdk('Duration')}.hours`, [lit(Number(interval))]), time]);
  }

  /** `Retention.*` from a count-or-age rule. */
  private retention(p: string): Expr {
    const s = this.src;
    const retention = this.lib('Retention');
    const count = s.take(`${p}.Count`);
    const interval = s.take(`${p}.Interval`);
    const unit = s.take(`${p}.IntervalUnit`);
    if (typeof count === 'number') return new CallExpr(`${retention}.count`, [lit(count)]);
    if (unit === 'DAYS') return new CallExpr(`${retention}.age`, [new CallExpr(`${this.cdk('Duration')}.days`, [lit(Number(interval))])]);
    if (typeof unit === 'string' && RETENTION_UNITS[unit]) return new CallExpr(`${retention}.${RETENTION_UNITS[unit]}`, [lit(Number(interval))]);
    this.warn(`${p} has neither a count nor an age; generated Retention.count(1)`);
    return new CallExpr(`${retention}.count`, [lit(1)]);
  }

  private fastRestore(p: string): ObjectExpr | undefined {
    const s = this.src;
    if (s.peek(p) === undefined) return undefined;
    const zones = s.take(`${p}.AvailabilityZones`);
    const ids = s.take(`${p}.AvailabilityZoneIds`);
    const list = (v: Json | undefined) => (Array.isArray(v) ? new ArrayExpr(v.map(z => str(String(z)))) : undefined);
    return new ObjectExpr([
      ['availabilityZones', list(zones)],
      ['availabilityZoneIds', list(ids)],
      ['retention', this.retention(p)],
    ]);
  }

  private share(p: string): ObjectExpr | undefined {
    const s = this.src;
    const n = s.count(p);
    if (n === 0) return undefined;
    if (n > 1) this.warn(`${p} has ${n} share rules; the library renders one (DLM allows 1): only the first is generated`);
    const accounts = s.take(`${p}.0.TargetAccounts`);
    const interval = s.take(`${p}.0.UnshareInterval`);
    const unit = s.take(`${p}.0.UnshareIntervalUnit`);
    let unshare: Expr | undefined;
    if (typeof interval === 'number') {
      const perUnit = UNIT_DAYS[String(unit ?? 'DAYS')] ?? 1;
      if (unit !== undefined && unit !== 'DAYS') {
        this.warn(`${p}.0 unshares after ${interval} ${String(unit).toLowerCase()}; the library counts in days: generated ${interval * perUnit} days`);
      }
      unshare = new CallExpr(`${this.cdk('Duration')}.days`, [lit(interval * perUnit)]);
    }
    return new ObjectExpr([
      ['accounts', new ArrayExpr((Array.isArray(accounts) ? accounts : []).map(a => str(String(a))))],
      ['unshareAfter', unshare],
    ]);
  }

  private copies(p: string, images: boolean): ArrayExpr | undefined {
    const s = this.src;
    const n = s.count(p);
    if (n === 0) return undefined;
    const items: Expr[] = [];
    for (let i = 0; i < n; i++) {
      const c = `${p}.${i}`;
      const target = s.take(`${c}.Target`);
      const targetRegion = s.take(`${c}.TargetRegion`);
      const destination = String(images ? targetRegion ?? target : target ?? targetRegion);
      if (!images && target === undefined && targetRegion !== undefined) this.warn(`${c} uses the legacy TargetRegion; the library renders Target`);
      if (images && targetRegion === undefined && target !== undefined) {
        this.warn(`${c} of an AMI policy names its destination in Target; the library renders TargetRegion, the field the DLM API reference names for AMI policies`);
      }
      if (s.take(`${c}.Encrypted`) === false) this.warn(`the copy to ${destination} is not encrypted; the library always encrypts copies`);
      const key = s.take(`${c}.CmkArn`);
      const options = new ObjectExpr([
        ['encryptionKeyArn', typeof key === 'string' ? str(key) : undefined],
        ['copyTags', s.take(`${c}.CopyTags`) === true ? lit(true) : undefined],
        ['retention', s.peek(`${c}.RetainRule`) !== undefined ? this.retention(`${c}.RetainRule`) : undefined],
        ['deprecate', s.peek(`${c}.DeprecateRule`) !== undefined ? this.retention(`${c}.DeprecateRule`) : undefined],
      ]);
      items.push(new CallExpr(`${this.lib('DrCopyRule')}.toRegion`, [str(destination), options.present.length > 0 ? options : undefined]));
    }
    return new ArrayExpr(items);
  }

  private script(p: string): Expr | undefined {
    const s = this.src;
    const n = s.count(p);
    if (n === 0) return undefined;
    if (n > 1) this.warn(`${p} has ${n} scripts; the library renders one (DLM allows 1): only the first is generated`);
    const c = `${p}.0`;
    const handler = String(s.take(`${c}.ExecutionHandler`));
    s.take(`${c}.ExecutionHandlerService`);
    const stages = s.take(`${c}.Stages`);
    const timeout = s.take(`${c}.ExecutionTimeout`);
    const retries = s.take(`${c}.MaximumRetryCount`);
    const crashConsistent = s.take(`${c}.ExecuteOperationOnScriptFailure`);
    const onFailure = crashConsistent === false ? new Code(`${this.lib('ScriptFailureAction')}.SKIP_INSTANCE`) : undefined;
    const retryExpr = typeof retries === 'number' && retries !== 0 ? lit(retries) : undefined;
    const script = this.lib('SnapshotScript');
    if (handler === 'AWS_VSS_BACKUP') {
      const options = new ObjectExpr([['maximumRetryCount', retryExpr], ['onFailure', onFailure]]);
      return new CallExpr(`${script}.windowsVss`, [options.present.length > 0 ? options : undefined]);
    }
    const bothStages = Array.isArray(stages) && stages.length === 2 && stages.includes('PRE') && stages.includes('POST');
    const options = new ObjectExpr([
      ['stages', Array.isArray(stages) && !bothStages ? new ArrayExpr(stages.map(st => new Code(`${this.lib('ScriptStage')}.${String(st)}`))) : undefined],
      ['timeout', typeof timeout === 'number' && timeout !== 10 ? new CallExpr(`${this.cdk('Duration')}.seconds`, [lit(timeout)]) : undefined],
      ['maximumRetryCount', retryExpr],
      ['onFailure', onFailure],
    ]);
    return new CallExpr(`${script}.fromSsmDocument`, [str(handler), options.present.length > 0 ? options : undefined]);
  }

  /** A `[{ Key, Value }]` list at `path` as a map. */
  private tags(path: string): { [key: string]: string } | undefined {
    const list = this.src.take(path);
    if (!Array.isArray(list)) return undefined;
    const map: { [key: string]: string } = {};
    for (const t of list) if (isObject(t)) map[String(t.Key)] = String(t.Value);
    return map;
  }

  private lib(name: string): string {
    return this.imports.use(LIB, name);
  }

  private cdk(name: string): string {
    return this.imports.use(CDK, name);
  }

  private warn(text: string): void {
    this.warnings.push(text);
  }
}

/** True when `digits` is written as the library writes it (no leading zero) and at most `max`. */
function canonical(digits: string, max: number): boolean {
  return String(Number(digits)) === digits && Number(digits) <= max;
}

/** `{ startTime: 'hh:mm' }`, or undefined for midnight (the library's default). */
function startTime(hour: string, minute: string): ObjectExpr | undefined {
  if (hour === '0' && minute === '0') return undefined;
  return new ObjectExpr([['startTime', str(`${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`)]]);
}

/** A construct id from a description ("critical tier - daily" -> "CriticalTierDaily"), unique among `taken`. */
function constructId(policy: DeployedPolicy, taken: Set<string>): string {
  const words = (policy.Description ?? '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map(w => w[0].toUpperCase() + w.slice(1)).join('').slice(0, 64);
  if (!/^[A-Za-z]/.test(base)) base = `Policy${policy.PolicyId.replace(/^policy-/, '').slice(0, 12)}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
  taken.add(id);
  return id;
}

/** Generates a TypeScript module whose construct class reproduces `policies`. */
export function generateTypeScript(policies: readonly DeployedPolicy[], origin: { readonly region?: string }, check?: SynthCheck): GeneratedCode {
  const imports = new Imports();
  const body: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const roles = new Map<string, string>();
  const ids = new Set<string>();
  const pad = '    ';
  let tagged = 0;

  for (const policy of policies) {
    const arn = policy.ExecutionRoleArn;
    if (arn !== undefined && !roles.has(arn)) {
      const variable = roles.size === 0 ? 'executionRole' : `executionRole${roles.size + 1}`;
      const roleId = roles.size === 0 ? 'ExecutionRole' : `ExecutionRole${roles.size + 1}`;
      roles.set(arn, variable);
      const iam = imports.namespace('aws-cdk-lib/aws-iam', 'iam');
      body.push(`${pad}// The policies keep their execution role; leave \`role\` out to let the library create a least-privilege one.`);
      body.push(`${pad}const ${variable} = ${render(new CallExpr(`${iam}.Role.fromRoleArn`, [new Code('this'), str(roleId), str(arn), new ObjectExpr([['mutable', lit(false)]])]), 4)};`);
    }
  }

  for (const policy of policies) {
    const writer = new PolicyWriter(policy, imports, policy.ExecutionRoleArn !== undefined ? roles.get(policy.ExecutionRoleArn) : undefined);
    const id = constructId(policy, ids);
    const { cls, props } = writer.construct();
    const notes = [...writer.warnings, ...writer.unread()];
    warnings.push(...notes.map(n => `${policy.PolicyId}: ${n}`));
    const userTags = Object.entries(policy.Tags ?? {}).filter(([k]) => !k.toLowerCase().startsWith('aws:'));
    const arn = parseArn(policy.PolicyArn);
    const roleArn = policy.ExecutionRoleArn;
    const refused = check?.problems({
      cls,
      id,
      props,
      tags: userTags,
      role: roleArn !== undefined ? { variable: roles.get(roleArn)!, arn: roleArn } : undefined,
      account: arn?.account,
      region: arn?.region ?? origin.region,
    }) ?? [];
    errors.push(...refused.map(e => `${policy.PolicyId}: ${e}`));
    body.push('');
    body.push(`${pad}// ${policy.PolicyId}${policy.State ? ` (${policy.State})` : ''}`);
    for (const note of notes) body.push(`${pad}// NOT REPRODUCED: ${note.replace(/\n/g, ' ')}`);
    for (const problem of refused) body.push(`${pad}// DOES NOT SYNTHESIZE: ${problem.replace(/\n/g, ' ')}`);
    const variable = userTags.length > 0 ? `policy${++tagged}` : undefined;
    const expr = `new ${cls}(this, ${str(id).text}, ${render(props, 4)})`;
    body.push(`${pad}${variable ? `const ${variable} = ` : ''}${expr};`);
    for (const [k, v] of userTags) body.push(`${pad}${imports.use(CDK, 'Tags')}.of(${variable}).add(${str(k).text}, ${str(v).text});`);
  }

  imports.use('constructs', 'Construct');
  const header = [
    `// Generated by \`cdk-tiered-backup import\`${origin.region ? ` from ${origin.region}` : ''}: ${policies.length} DLM ${policies.length === 1 ? 'policy' : 'policies'}.`,
    ...policies.map(p => `//   ${p.PolicyId}${p.Description ? ` ${JSON.stringify(p.Description)}` : ''}`),
  ];
  const code = [
    ...header,
    imports.render(MODULE_ORDER).trimEnd(),
    '',
    '/**',
    ' * DLM policies imported from the account. Add them to a stack with',
    ` * \`new ${GENERATED_CLASS}(stack, 'DlmPolicies')\`.`,
    ' */',
    `export class ${GENERATED_CLASS} extends Construct {`,
    '  public constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...(body[0] === '' ? body : ['', ...body]),
    '  }',
    '}',
    '',
  ].join('\n');
  return { code, warnings, errors };
}

/** The account and Region of a DLM policy ARN. */
function parseArn(arn: string | undefined): { account: string; region: string } | undefined {
  const m = /^arn:[^:]+:dlm:([^:]+):(\d{12}):policy\//.exec(arn ?? '');
  return m ? { region: m[1], account: m[2] } : undefined;
}
