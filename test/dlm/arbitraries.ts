/**
 * fast-check generators of *valid* DLM policy props, for test/dlm/property.test.ts.
 *
 * Everything generated here must be accepted by the constructs and give a template with no
 * conformance problem. Each constraint names the DLM rule it satisfies (see "DLM rules worth
 * enforcing" in ARCHITECTURE.md). Values are real `Cadence`/`Retention`/`Duration` objects;
 * fast-check prints them with their `toString()` ("every 4 hours from 03:00 UTC", "14 days",
 * "Duration.days(3)"), so counterexamples stay readable.
 */
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ALL_VOLUME_TYPES, FixedCopy } from './fixtures';
import {
  AmiPolicy, AmiPolicyProps, AmiScheduleProps, Cadence, DefaultPolicy, DefaultPolicyProps,
  DefaultPolicyResourceType, EbsVolumeType, FastRestoreOptions, ICrossRegionCopy, ILifecyclePolicy, ISnapshotScript,
  PolicyState, ResourceLocation, Retention, RetentionUnit, ScriptFailureAction, ScriptStage,
  ShareOptions, SnapshotLocation, SnapshotPolicy, SnapshotPolicyProps,
  SnapshotResourceType, SnapshotScheduleProps, SnapshotScript, Weekday,
} from '../../src';

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
export const DIGITS = '0123456789';

/** DLM's charset for descriptions and schedule names: `[0-9A-Za-z _-]`. */
export const DLM_CHARS = `${LOWER}${UPPER}${DIGITS} _-`;
/**
 * Tag key characters both rules accept: the DLM API model's `^(?!aws:)[a-zA-Z+-=._:/]+$`
 * (where `+-=` is a range that also admits `,;<` and digits) and EC2's letters, digits,
 * spaces and `_ . : / = + - @` (the constructs' rule).
 */
const TAG_KEY_CHARS = `${LOWER}${UPPER}${DIGITS}+-=._:/`;
const TAG_VALUE_CHARS = `${LOWER}${UPPER}${DIGITS} +-=._:/@`;

/** Strings of `minLength`..`maxLength` characters from `alphabet`. */
export function charsOf(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

/** Mostly `usual`, sometimes `edge` (values at DLM's limits). */
export function mostly<T>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: edge, weight: 1 });
}

/** A policy description (`[0-9A-Za-z _-]`, 1-60 characters, sometimes up to DLM's 500). */
export const description = mostly(charsOf(DLM_CHARS, 1, 60), charsOf(DLM_CHARS, 450, 500));

/** A schedule name (up to DLM's 120 characters); never `Schedule<n>`, which unnamed schedules get. */
export const scheduleName = mostly(charsOf(DLM_CHARS, 1, 30), charsOf(DLM_CHARS, 100, 120)).filter((n) => !/^Schedule\d+$/.test(n));

/** A tag key DLM and EC2 accept (no `aws:` prefix, in any case; up to 128 characters). */
export const tagKey = mostly(charsOf(TAG_KEY_CHARS, 1, 24), charsOf(TAG_KEY_CHARS, 120, 128)).filter((k) => !k.toLowerCase().startsWith('aws:'));

/** A tag value (EC2 allows 0-256 characters). */
export const tagValue = mostly(charsOf(TAG_VALUE_CHARS, 0, 30), charsOf(TAG_VALUE_CHARS, 250, 256));

/** A tag map with `minKeys`..`maxKeys` tags. */
export function tags(minKeys: number, maxKeys: number, value: fc.Arbitrary<string> = tagValue): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(tagKey, value, { minKeys, maxKeys, noNullPrototype: true });
}

/**
 * A construct ID: any characters but `/` (tests the default descriptions and target tags).
 * Not the name of an `Object.prototype` member: `constructs` keeps children in a plain object
 * and refuses `toString`, `constructor`, ... as "already a Construct with name" (fast-check
 * likes generating those).
 */
export const constructId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((id) => !id.includes('/') && !(id in {}));

/** A 12-digit AWS account ID. */
export const accountId = charsOf(DIGITS, 12, 12);

/** Availability Zone names `us-east-1a` .. `us-east-1f`. */
export const AZ_NAMES = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `us-east-1${l}`);
/** Availability Zone IDs `use1-az1` .. `use1-az6`. */
export const AZ_IDS = [1, 2, 3, 4, 5, 6].map((n) => `use1-az${n}`);

/** A time of day `hh:mm` (UTC). */
export const timeOfDay = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** `undefined` or a value, each about half of the time. */
export function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

// ---------------------------------------------------------------------------
// Cadences
// ---------------------------------------------------------------------------

/** Interval lengths DLM accepts for interval create rules. */
export const DLM_HOURS = [1, 2, 3, 4, 6, 8, 12, 24];

const startTime = maybe(timeOfDay).map((t) => ({ startTime: t }));
const minuteField = fc.integer({ min: 0, max: 59 }).map(String);
const hourField = fc.integer({ min: 0, max: 23 }).map(String);

/** `Cadence.cron({...})` shapes that run at least hourly apart and at least yearly. */
const cronCadence: fc.Arbitrary<Cadence> = fc.oneof(
  fc.record({ minute: minuteField, hour: hourField }), // daily
  fc.record({ minute: minuteField, hour: fc.integer({ min: 1, max: 12 }).map((step) => `0/${step}`) }), // every n hours
  fc.record({ minute: minuteField, hour: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 4 }).map((hs) => hs.join(',')) }),
  fc.record({ minute: minuteField, hour: hourField, weekDay: fc.constantFrom('MON-FRI', 'SAT,SUN', 'TUE', 'SUN#1', '6L') }),
  fc.record({ minute: minuteField, hour: hourField, day: fc.constantFrom('L', '1,15', '15W', 'LW', '10') }),
  fc.record({ minute: minuteField, hour: hourField, day: fc.integer({ min: 1, max: 28 }).map(String), month: fc.constantFrom('1', '*/3', 'JAN,JUL') }),
).map((options) => Cadence.cron(options));

/** A cadence with a period of at least 28 days (archiving): monthly, last day, quarterly, yearly. */
export const archiveCadence: fc.Arbitrary<Cadence> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 28 }), startTime).map(([day, t]) => Cadence.monthly(day, t)),
  fc.record({ minute: minuteField, hour: hourField, day: fc.constantFrom('L', '1', '28'), month: fc.constantFrom('*', '*/3', '1') })
    .map((options) => Cadence.cron(options)),
);

/** Any cadence DLM accepts for a create rule. */
export const cadence: fc.Arbitrary<Cadence> = fc.oneof(
  fc.tuple(fc.constantFrom(...DLM_HOURS), startTime).map(([h, t]) => Cadence.every(Duration.hours(h), t)),
  fc.constantFrom(...DLM_HOURS).map((h) => Cadence.expression(h === 24 ? 'rate(1 day)' : `rate(${h} hour${h === 1 ? '' : 's'})`)),
  startTime.map((t) => Cadence.daily(t)),
  fc.tuple(fc.constantFrom(...Object.values(Weekday)), startTime).map(([day, t]) => Cadence.weekly(day, t)),
  archiveCadence,
  cronCadence,
);

// ---------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------

/** A count 1-1000. */
export const countRetention = fc.integer({ min: 1, max: 1000 }).map((n) => Retention.count(n));

/** An age between 1 day and 100 years (DLM's limit), in every unit and form the API offers. */
export const ageRetention: fc.Arbitrary<Retention> = fc.oneof(
  mostly(fc.integer({ min: 1, max: 3650 }), fc.integer({ min: 3651, max: 36500 })).map((n) => Retention.age(Duration.days(n))),
  fc.integer({ min: 1, max: 60 }).map((n) => Retention.age(Duration.hours(24 * n))),
  mostly(fc.integer({ min: 1, max: 520 }), fc.integer({ min: 521, max: 5200 })).map((n) => Retention.weeks(n)),
  mostly(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 121, max: 1200 })).map((n) => Retention.months(n)),
  mostly(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 100 })).map((n) => Retention.years(n)),
);

/** A retention of the given kind. */
export function retention(countBased: boolean): fc.Arbitrary<Retention> {
  return countBased ? countRetention : ageRetention;
}

const UNIT_MIN_DAYS: Record<RetentionUnit, number> = { DAYS: 1, WEEKS: 7, MONTHS: 28, YEARS: 365 };
const UNIT_MAX_DAYS: Record<RetentionUnit, number> = { DAYS: 1, WEEKS: 7, MONTHS: 31, YEARS: 366 };

/** The shortest time an age can mean, in days (DLM months have 28-31 days, years 365-366). */
export function minDays(r: Retention): number {
  return r.amount! * UNIT_MIN_DAYS[r.unit!];
}

/** The longest time an age can mean, in days. */
export function maxDays(r: Retention): number {
  return r.amount! * UNIT_MAX_DAYS[r.unit!];
}

/** Archive-tier retention: each snapshot archived >= 90 days, of the same kind as the schedule's. */
export function archiveRetention(countBased: boolean): fc.Arbitrary<Retention> {
  return countBased
    // DLM: "if the schedule creates snapshots every 30 days, you must specify a count of 3 or
    // more"; the cadences here run every month or less often
    ? fc.integer({ min: 3, max: 1000 }).map((n) => Retention.count(n))
    : fc.oneof(
      fc.integer({ min: 90, max: 3650 }).map((n) => Retention.age(Duration.days(n))),
      fc.integer({ min: 13, max: 520 }).map((n) => Retention.weeks(n)),
      fc.integer({ min: 3, max: 24 }).map((n) => Retention.months(n)),
      fc.integer({ min: 1, max: 10 }).map((n) => Retention.years(n)),
    );
}

/** Standard-tier retention of an archiving schedule: 0 (archive at once) is allowed. */
function archivingScheduleRetention(countBased: boolean): fc.Arbitrary<Retention> {
  const zero = countBased ? Retention.count(0) : Retention.age(Duration.days(0));
  return fc.oneof(fc.constant(zero), retention(countBased));
}

function retainsNothing(r: Retention): boolean {
  return r.isCountBased ? r._count === 0 : r.amount === 0;
}

/** DLM's longest AMI deprecation, 10 years, in each unit. */
export const MAX_DEPRECATE: Record<RetentionUnit, number> = { DAYS: 3650, WEEKS: 520, MONTHS: 120, YEARS: 10 };

/**
 * AMI deprecation of the same kind as `r`: never later than `r` however long its months and
 * years turn out (the construct only refuses a deprecation that is later in every case), and
 * at most 10 years (the API's limit for deprecation, not 100 years as for retention).
 */
export function deprecation(r: Retention): fc.Arbitrary<Retention> {
  if (r.isCountBased) return fc.integer({ min: 1, max: r._count! }).map((n) => Retention.count(n));
  return fc.oneof(
    fc.integer({ min: 1, max: Math.min(minDays(r), MAX_DEPRECATE.DAYS) }).map((n) => Retention.age(Duration.days(n))),
    fc.integer({ min: 1, max: Math.min(r.amount!, MAX_DEPRECATE[r.unit!]) }).map((n) => fromUnit(r.unit!, n)),
  );
}

function fromUnit(unit: RetentionUnit, n: number): Retention {
  switch (unit) {
    case RetentionUnit.DAYS: return Retention.age(Duration.days(n));
    case RetentionUnit.WEEKS: return Retention.weeks(n);
    case RetentionUnit.MONTHS: return Retention.months(n);
    case RetentionUnit.YEARS: return Retention.years(n);
  }
}

// ---------------------------------------------------------------------------
// Schedule features
// ---------------------------------------------------------------------------

/** Fast snapshot restore: 1-6 AZ names or IDs, retention a count or an age. */
export const fastRestore: fc.Arbitrary<FastRestoreOptions> = fc.oneof(
  fc.record({
    availabilityZones: fc.uniqueArray(fc.constantFrom(...AZ_NAMES), { minLength: 1, maxLength: 6 }),
    retention: fc.oneof(countRetention, ageRetention),
  }),
  fc.record({
    availabilityZoneIds: fc.uniqueArray(fc.constantFrom(...AZ_IDS), { minLength: 1, maxLength: 6 }),
    retention: fc.oneof(countRetention, ageRetention),
  }),
);

/** Sharing with 1-3 accounts; `unshareAfter` whole days strictly shorter than an age retention. */
export function share(r: Retention): fc.Arbitrary<ShareOptions> {
  const accounts = fc.uniqueArray(accountId, { minLength: 1, maxLength: 3 });
  const longest = r.isCountBased ? 365 : Math.min(minDays(r) - 1, 3650);
  if (longest < 1) return fc.record({ accounts });
  return fc.record({ accounts, unshareAfter: maybe(fc.integer({ min: 1, max: longest }).map((n) => Duration.days(n))) });
}

/** A variable tag map (`$(instance-id)` / `$(timestamp)`), instance and AMI policies only. */
export const variableTags = tags(1, 3, fc.constantFrom('$(instance-id)', '$(timestamp)'));

const { PRE, POST } = ScriptStage;
const stages = maybe(fc.constantFrom<ScriptStage[]>([PRE], [POST], [PRE, POST], [POST, PRE]));
const retries = maybe(fc.integer({ min: 0, max: 3 }));
const failureAction = maybe(fc.constantFrom(...Object.values(ScriptFailureAction)));

/** SSM-document options: timeout 10-120 s, retries 0-3, stages; onFailure only with a PRE stage. */
const ssmOptions = fc.record({
  stages,
  timeout: maybe(fc.integer({ min: 10, max: 120 }).map((s) => Duration.seconds(s))),
  maximumRetryCount: retries,
  onFailure: failureAction,
}).map((o) => (o.stages && !o.stages.includes(ScriptStage.PRE) ? { ...o, onFailure: undefined } : o));

/** A script run through an SSM document (a custom document or SAP HANA's). */
const ssmScript: fc.Arbitrary<ISnapshotScript> = fc.oneof(
  fc.tuple(charsOf(`${LOWER}${UPPER}${DIGITS}_-.`, 1, 20), ssmOptions).map(([name, o]) => SnapshotScript.fromSsmDocument(`MyDoc-${name}`, o)),
  ssmOptions.map((o) => SnapshotScript.sapHana(o)),
);

/** Windows VSS backups (no `copyTags`, no excluded data volumes). */
const vssScript: fc.Arbitrary<ISnapshotScript> = fc.record({ maximumRetryCount: retries, onFailure: failureAction })
  .map((o) => SnapshotScript.windowsVss(o));

/** A pre/post script (instance snapshot policies only; one schedule per policy). */
export const script: fc.Arbitrary<ISnapshotScript> = fc.oneof(ssmScript, vssScript);

/** Copy destinations, none of them the Region of the test stacks (us-east-1 or unresolved). */
export const COPY_REGIONS = ['eu-west-1', 'us-west-2', 'ap-southeast-2', 'eu-central-1'];

/** 1-3 distinct destination Regions. */
export const copyRegions = fc.uniqueArray(fc.constantFrom(...COPY_REGIONS), { minLength: 1, maxLength: 3 });

/** 0-3 cross-region copies to distinct Regions (always encrypted), optionally kept for an age. */
const crossRegionCopies: fc.Arbitrary<ICrossRegionCopy[] | undefined> = maybe(copyRegions.chain((regions) =>
  fc.tuple(...regions.map((destination) => fc.record({ retention: maybe(ageRetention), copyTags: maybe(fc.boolean()) })
    .map((o) => new FixedCopy(dropUndefined({ destination, ...o })))))));

// ---------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------

/** What a snapshot schedule may use, given its policy. */
export interface SnapshotScheduleContext {
  readonly instances: boolean;
  readonly countBased: boolean;
  readonly archive: boolean;
  /** This schedule may carry the policy's one script: 'ssm', 'vss' (no copyTags), or none. */
  readonly script?: 'ssm' | 'vss';
}

/** One valid snapshot schedule (without a name). */
export function snapshotSchedule(ctx: SnapshotScheduleContext): fc.Arbitrary<SnapshotScheduleProps> {
  const retained = ctx.archive ? archivingScheduleRetention(ctx.countBased) : retention(ctx.countBased);
  return retained.chain((r) => {
    // fast restore, sharing and copies need at least one snapshot in the standard tier
    const keeps = !retainsNothing(r);
    return fc.record({
      cadence: ctx.archive ? archiveCadence : cadence,
      retention: fc.constant(r),
      copyTags: ctx.script === 'vss' ? maybe(fc.constant(false)) : maybe(fc.boolean()),
      snapshotLocation: maybe(fc.constant(SnapshotLocation.CLOUD)),
      // with the variable tags (at most 3), never more than EC2's 50 tags on a snapshot
      tagsToAdd: maybe(mostly(tags(0, 5), tags(40, 45))),
      variableTags: ctx.instances ? maybe(variableTags) : fc.constant(undefined),
      fastRestore: keeps ? maybe(fastRestore) : fc.constant(undefined),
      share: keeps ? maybe(share(r)) : fc.constant(undefined),
      crossRegionCopies: keeps ? crossRegionCopies : fc.constant(undefined),
      archive: ctx.archive ? archiveRetention(ctx.countBased).map((a) => ({ retention: a })) : fc.constant(undefined),
      script: ctx.instances && ctx.script !== undefined ? maybe(ctx.script === 'vss' ? vssScript : ssmScript) : fc.constant(undefined),
    });
  }).map(dropUndefined);
}

/** One valid AMI schedule (without a name). */
export function amiSchedule(countBased: boolean): fc.Arbitrary<AmiScheduleProps> {
  return retention(countBased).chain((r) => fc.record({
    cadence,
    retention: fc.constant(r),
    copyTags: maybe(fc.boolean()),
    tagsToAdd: maybe(mostly(tags(0, 5), tags(40, 45))),
    variableTags: maybe(variableTags),
    deprecate: maybe(deprecation(r)),
    crossRegionCopies,
  })).map(dropUndefined);
}

/** Names for `n` schedules: unique, some left out (the construct numbers those). */
function scheduleNames(n: number): fc.Arbitrary<Array<string | undefined>> {
  return fc.tuple(
    fc.uniqueArray(scheduleName, { minLength: n, maxLength: n }),
    fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  ).map(([names, keep]) => names.map((name, i) => (keep[i] ? name : undefined)));
}

/** 1-4 schedules built by `one(i)`, named. */
function schedules<S extends { name?: string }>(n: number, one: (i: number) => fc.Arbitrary<S>): fc.Arbitrary<S[]> {
  return fc.tuple(scheduleNames(n), fc.tuple(...Array.from({ length: n }, (_, i) => one(i))))
    .map(([names, list]) => list.map((s, i) => (names[i] === undefined ? s : { name: names[i], ...s })));
}

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

/** A policy to build: which construct, and its props. */
export type PolicySpec =
  | { readonly kind: 'snapshot'; readonly props: SnapshotPolicyProps }
  | { readonly kind: 'ami'; readonly props: AmiPolicyProps }
  | { readonly kind: 'default'; readonly props: DefaultPolicyProps };

/** Builds the policy a spec describes. */
export function buildPolicy(scope: Construct, id: string, spec: PolicySpec): ILifecyclePolicy {
  switch (spec.kind) {
    case 'snapshot': return new SnapshotPolicy(scope, id, spec.props);
    case 'ami': return new AmiPolicy(scope, id, spec.props);
    case 'default': return new DefaultPolicy(scope, id, spec.props);
  }
}

const common = {
  description: maybe(description),
  state: maybe(fc.constantFrom(...Object.values(PolicyState))),
  targetTags: maybe(mostly(tags(1, 3), tags(45, 50))),
};

/** Options that pin parts of a generated snapshot policy (for the invalid-value mutators). */
export interface SnapshotPolicyOptions {
  readonly resourceType?: SnapshotResourceType;
  readonly countBased?: boolean;
  /** true: schedule 0 archives (VOLUME only); false: no schedule archives; undefined: either. */
  readonly archive?: boolean;
  readonly scheduleCount?: number;
}

/** A valid `SnapshotPolicy`. */
export function snapshotPolicy(opts: SnapshotPolicyOptions = {}): fc.Arbitrary<PolicySpec> {
  const resourceType = opts.resourceType
    ?? (opts.archive ? SnapshotResourceType.VOLUME : undefined);
  return fc.record({
    resourceType: resourceType ? fc.constant(resourceType) : fc.constantFrom(...Object.values(SnapshotResourceType)),
    countBased: opts.countBased !== undefined ? fc.constant(opts.countBased) : fc.boolean(),
    n: opts.scheduleCount !== undefined ? fc.constant(opts.scheduleCount) : fc.integer({ min: 1, max: 4 }),
    // archiving: at most one schedule, and only when the policy targets volumes
    archiveAt: opts.archive === true ? fc.constant(0) : opts.archive === false ? fc.constant(-1) : fc.integer({ min: -4, max: 3 }),
    // scripts: DLM runs them for at most one schedule of a policy; Windows VSS takes no copyTags
    // and no excluded data volumes
    scriptAt: fc.integer({ min: -2, max: 3 }),
    vss: fc.boolean(),
  }).chain(({ resourceType: type, countBased, n, archiveAt, scriptAt, vss }) => {
    const instances = type === SnapshotResourceType.INSTANCE;
    const scriptKind = vss ? 'vss' as const : 'ssm' as const;
    const vssPolicy = instances && vss && scriptAt >= 0 && scriptAt < n;
    return fc.record({
      ...common,
      resourceType: type === SnapshotResourceType.VOLUME ? maybe(fc.constant(type)) : fc.constant(type),
      resourceLocation: maybe(fc.constant(ResourceLocation.CLOUD)),
      excludeBootVolume: instances ? maybe(fc.boolean()) : fc.constant(undefined),
      excludeDataVolumeTags: instances && !vssPolicy ? maybe(tags(0, 3)) : fc.constant(undefined),
      schedules: schedules(n, (i) => snapshotSchedule({
        instances, countBased, archive: !instances && i === archiveAt, script: i === scriptAt ? scriptKind : undefined,
      })),
    });
  }).map((props): PolicySpec => ({ kind: 'snapshot', props: dropUndefined(props) }));
}

/** Options that pin parts of a generated AMI policy. */
export interface AmiPolicyOptions {
  readonly countBased?: boolean;
  readonly scheduleCount?: number;
}

/** A valid `AmiPolicy`. */
export function amiPolicy(opts: AmiPolicyOptions = {}): fc.Arbitrary<PolicySpec> {
  return fc.record({
    countBased: opts.countBased !== undefined ? fc.constant(opts.countBased) : fc.boolean(),
    n: opts.scheduleCount !== undefined ? fc.constant(opts.scheduleCount) : fc.integer({ min: 1, max: 4 }),
  }).chain(({ countBased, n }) => fc.record({
    ...common,
    noReboot: maybe(fc.boolean()),
    schedules: schedules(n, () => amiSchedule(countBased)),
  })).map((props): PolicySpec => ({ kind: 'ami', props: dropUndefined(props) }));
}

/** A valid `DefaultPolicy` (at most one per resource type per account and Region!). */
export function defaultPolicy(resourceType: DefaultPolicyResourceType): fc.Arbitrary<PolicySpec> {
  const volumes = resourceType === DefaultPolicyResourceType.VOLUME;
  return fc.integer({ min: 1, max: 7 }).chain((create) => fc.record({
    create: fc.constant(create),
    // keep 2-14 days, longer than the creation interval
    retain: fc.integer({ min: create + 1, max: 14 }),
  })).chain(({ create, retain }) => fc.record({
    description: maybe(description),
    state: maybe(fc.constantFrom(...Object.values(PolicyState))),
    resourceType: fc.constant(resourceType),
    // the defaults are 1 day and 7 days: leave a value out only where the default still fits
    createInterval: create === 1 ? maybe(fc.constant(Duration.days(1))) : fc.constant(Duration.days(create)),
    retainInterval: create < 7 ? maybe(fc.constant(Duration.days(retain))) : fc.constant(Duration.days(retain)),
    copyTags: maybe(fc.boolean()),
    extendDeletion: maybe(fc.boolean()),
    exclusions: maybe(fc.record({
      excludeBootVolumes: volumes ? maybe(fc.boolean()) : fc.constant(undefined),
      excludeVolumeTypes: volumes ? maybe(volumeTypes) : fc.constant(undefined),
      excludeTags: maybe(tags(1, 3)),
    }).map(dropUndefined)),
    crossRegionCopies: maybe(copyRegions.map((rs) => rs.map((destination) => new FixedCopy({ destination })))),
  })).map((props): PolicySpec => ({ kind: 'default', props: dropUndefined(props) }));
}

/**
 * 1-6 excluded volume types: today's constants, and names AWS may add later (`EbsVolumeType.of()`,
 * lowercase letters and digits from a letter).
 */
const volumeTypes: fc.Arbitrary<EbsVolumeType[]> = fc.tuple(
  fc.subarray([...ALL_VOLUME_TYPES], { maxLength: 6 }),
  fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/).map((name) => EbsVolumeType.of(name)), { maxLength: 2 }),
).map(([known, later]) => [...known, ...later].slice(0, 6)).filter((types) => types.length > 0);

/** A snapshot or AMI policy (custom policies: any number per stack). */
export const customPolicy: fc.Arbitrary<PolicySpec> = fc.oneof(
  { arbitrary: snapshotPolicy(), weight: 3 },
  { arbitrary: amiPolicy(), weight: 1 },
);

/** The policies of one stack: `min`..`max` custom policies and 0-2 default policies (one per type). */
export function stackOfPolicies(min: number, max: number): fc.Arbitrary<PolicySpec[]> {
  return fc.tuple(
    fc.array(customPolicy, { minLength: min, maxLength: max }),
    fc.subarray(Object.values(DefaultPolicyResourceType)).chain((types) => fc.tuple(...types.map(defaultPolicy))),
  ).map(([custom, defaults]) => [...custom, ...defaults]);
}

/** Drops `undefined` values, so that counterexamples print only the props that were set. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
