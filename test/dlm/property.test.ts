/**
 * Property-based tests of the DLM constructs (fast-check):
 *  - random *valid* props always give a conforming template (many policies per stack, so
 *    that one synthesis checks many policies);
 *  - a valid policy with ONE field replaced by an out-of-range value always fails, at
 *    construction or at synth, and never gives a template.
 *
 * Replay a failure with the seed (and path) fast-check prints:
 *   FC_SEED=<seed> FC_PATH=<path> npx jest test/dlm/property.test.ts -t '<test name>'
 * FC_RUNS_SCALE=<factor> scales every numRuns (e.g. 10 for a nightly soak);
 * FC_STATS=1 prints which layer caught each kind of invalid value.
 */
import * as fs from 'fs';
import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ALL_VOLUME_TYPES, FixedCopy } from './fixtures';
import {
  AmiScheduleProps, Cadence, DefaultPolicyResourceType, EbsVolumeType,
  ISnapshotScript, Retention, ScriptFailureAction, ScriptStage, SnapshotLocation,
  SnapshotResourceType, SnapshotScheduleProps, SnapshotScript, Weekday,
} from '../../src';
import { checkConformance, formatProblem, synth, testApp } from '../harness';
import {
  accountId, AZ_IDS, AZ_NAMES, amiPolicy, archiveRetention, buildPolicy, charsOf, constructId, COPY_REGIONS,
  defaultPolicy, DIGITS, DLM_CHARS, DLM_HOURS, maxDays, minDays, PolicySpec, retention,
  snapshotPolicy, stackOfPolicies, tagKey, tags, tagValue, timeOfDay,
} from './arbitraries';

// ---------------------------------------------------------------------------
// Run parameters
// ---------------------------------------------------------------------------

/** Stacks synthesized by the valid-props property, and custom policies in each. */
const VALID_RUNS = 30;
const POLICIES_PER_STACK = { min: 12, max: 18 };
/** Runs per invalid-value mutator. */
const INVALID_RUNS = 15;
/**
 * After the first failure of a property, how long fast-check may shrink: shrinking a stack of
 * 15 policies (each attempt synthesizes, ~0.3 s) or a map of 50 tags can take many minutes.
 * Past this budget every attempt passes, and fast-check reports the smallest failure so far.
 */
const SHRINK_BUDGET_MS = 20_000;

const SCALE = Number(process.env.FC_RUNS_SCALE ?? '1');

/** `predicate`, which stops failing once shrinking has taken SHRINK_BUDGET_MS. */
function shrinkBudgeted<T>(predicate: (value: T) => void): (value: T) => void {
  let firstFailure: number | undefined;
  return (value) => {
    if (firstFailure !== undefined && Date.now() - firstFailure > SHRINK_BUDGET_MS) return;
    try {
      predicate(value);
    } catch (e) {
      firstFailure ??= Date.now();
      throw e;
    }
  };
}

/** `numRuns` scaled by FC_RUNS_SCALE. */
function runs(numRuns: number): number {
  return Math.max(1, Math.round(numRuns * SCALE));
}

function params<T>(numRuns: number): fc.Parameters<T> {
  return {
    numRuns: runs(numRuns),
    seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined,
    path: process.env.FC_PATH,
  };
}

const ENV = { account: '123456789012', region: 'us-east-1' };

// ---------------------------------------------------------------------------
// Valid props
// ---------------------------------------------------------------------------

describe('valid props', () => {
  test(`${runs(VALID_RUNS)} stacks of ${POLICIES_PER_STACK.min}-${POLICIES_PER_STACK.max} random policies each synthesize to conforming templates`, () => {
    let policies = 0;
    const stacks = stackOfPolicies(POLICIES_PER_STACK.min, POLICIES_PER_STACK.max).chain((specs) => fc.record({
      specs: fc.constant(specs),
      // random construct IDs (any character but `/`), some policies nested two levels deeper:
      // the default descriptions and target tags derive from the construct path
      ids: fc.uniqueArray(constructId, { minLength: specs.length + 2, maxLength: specs.length + 2 }),
      depths: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: specs.length, maxLength: specs.length }),
      withEnv: fc.boolean(),
    }));
    fc.assert(fc.property(stacks, shrinkBudgeted(({ specs, ids, depths, withEnv }) => {
      policies += checkStack(specs, ids, depths, withEnv);
    })), params(VALID_RUNS));
    // eslint-disable-next-line no-console
    if (process.env.FC_STATS) console.log(`valid props: ${policies} policies checked`);
    expect(policies).toBeGreaterThanOrEqual(runs(VALID_RUNS) * POLICIES_PER_STACK.min);
  }, 180_000);
});

/** Builds the policies in one stack and checks the template; returns the number of policies. */
function checkStack(specs: PolicySpec[], ids: string[], depths: number[], withEnv: boolean): number {
  const app = testApp();
  try {
    const stack = new Stack(app, 'S', withEnv ? { env: ENV } : {});
    const outer = new Construct(stack, ids[specs.length]);
    const scopes: Construct[] = [stack, outer, new Construct(outer, ids[specs.length + 1])];
    const built = specs.map((spec, i) => buildPolicy(scopes[depths[i]], ids[i], spec));

    const problems = checkConformance(stack);
    if (problems.length > 0) {
      // name the policies at fault: a counterexample of 15 policies is hard to read
      const culprits = specs.filter((_, i) => problems.some((p) => p.constructPath?.startsWith(`${built[i].node.path}/`)));
      throw new Error(`${problems.length} conformance problem(s):\n${problems.map(formatProblem).join('\n')}\n`
        + `in the policies:\n${culprits.map((s) => fc.stringify(s)).join('\n')}`);
    }
    const template = synth(stack);
    template.resourceCountIs('AWS::DLM::LifecyclePolicy', specs.length);

    // every schedule is rendered, under its name
    const resources = template.findResources('AWS::DLM::LifecyclePolicy');
    specs.forEach((spec, i) => {
      if (spec.kind === 'default') return;
      const logicalId = stack.getLogicalId(built[i].node.defaultChild as CfnElement);
      const rendered = resources[logicalId].Properties.PolicyDetails.Schedules as Array<{ Name: string }>;
      const given = spec.props.schedules!;
      expect(rendered.map((s) => s.Name)).toEqual(given.map((s, j) => s.name ?? `Schedule${j + 1}`));
    });

    // no error annotations (warnings such as overlapping target tags are fine)
    const messages = app.synth().getStackArtifact(stack.artifactId).messages;
    expect(messages.filter((m) => m.level === 'error').map((m) => m.entry.data)).toEqual([]);
    return specs.length;
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Invalid values: a valid policy with ONE field out of range
// ---------------------------------------------------------------------------

type AnySchedule = SnapshotScheduleProps & AmiScheduleProps;

interface Mutation {
  /** What is out of range (the test name). */
  readonly label: string;
  /** The policies of one stack, one of them with one invalid field. */
  readonly specs: fc.Arbitrary<PolicySpec[]>;
  /** What the library's error message says. */
  readonly error: RegExp;
}

function schedulesOf(spec: PolicySpec): AnySchedule[] {
  return (spec.props as { schedules?: AnySchedule[] }).schedules ?? [];
}

function withProps(spec: PolicySpec, patch: object): PolicySpec {
  return { ...spec, props: { ...spec.props, ...patch } } as PolicySpec;
}

/** `base` with one policy prop replaced; the value may depend on the base props. */
function onPolicy<P = unknown>(base: fc.Arbitrary<PolicySpec>, patch: (props: P) => fc.Arbitrary<object>): fc.Arbitrary<PolicySpec[]> {
  return base.chain((spec) => patch(spec.props as P).map((p) => [withProps(spec, p)]));
}

/** `base` with fields of one schedule replaced (schedule `at`, or a random one). */
function onSchedule(
  base: fc.Arbitrary<PolicySpec>,
  patch: (s: AnySchedule) => fc.Arbitrary<Partial<AnySchedule>>,
  at?: number,
): fc.Arbitrary<PolicySpec[]> {
  return fc.tuple(base, fc.nat({ max: 3 })).chain(([spec, i]) => {
    const list = schedulesOf(spec);
    const index = at ?? i % list.length;
    return patch(list[index]).map((p) => [withProps(spec, { schedules: list.map((s, j) => (j === index ? { ...s, ...p } : s)) })]);
  });
}

/** Like `onSchedule`, with a patch that does not depend on the schedule. */
function scheduleField<K extends keyof AnySchedule>(
  base: fc.Arbitrary<PolicySpec>,
  key: K,
  value: fc.Arbitrary<AnySchedule[K]>,
): fc.Arbitrary<PolicySpec[]> {
  return onSchedule(base, () => value.map((v) => ({ [key]: v }) as Partial<AnySchedule>));
}

/** `s` with `char` inserted somewhere. */
function insert(s: fc.Arbitrary<string>, chars: string): fc.Arbitrary<string> {
  return fc.tuple(s, fc.constantFrom(...chars), fc.nat()).map(([str, c, i]) => {
    const at = i % (str.length + 1);
    return str.slice(0, at) + c + str.slice(at);
  });
}

const zeroOf = (countBased: boolean) => (countBased ? Retention.count(0) : Retention.age(Duration.days(0)));

// bases: valid policies with some parts pinned
const custom = fc.oneof(snapshotPolicy({ archive: false }), amiPolicy());
const anyCustom = fc.oneof(snapshotPolicy(), amiPolicy());
const countBased = fc.oneof(snapshotPolicy({ countBased: true, archive: false }), amiPolicy({ countBased: true }));
const ageBased = fc.oneof(snapshotPolicy({ countBased: false, archive: false }), amiPolicy({ countBased: false }));
const withSchedules = (min: number, base: (n: number) => fc.Arbitrary<PolicySpec>) => fc.integer({ min, max: 4 }).chain(base);
const volumes = snapshotPolicy({ resourceType: SnapshotResourceType.VOLUME, archive: false });
const instances = snapshotPolicy({ resourceType: SnapshotResourceType.INSTANCE });
const snapshots = snapshotPolicy({ archive: false });
const archiving = (countBasedRetention?: boolean) => snapshotPolicy({ archive: true, countBased: countBasedRetention });
const amis = (countBasedRetention: boolean) => amiPolicy({ countBased: countBasedRetention });
const defaults = fc.constantFrom(...Object.values(DefaultPolicyResourceType)).chain(defaultPolicy);

const invalidHours = fc.oneof(
  fc.integer({ min: 1, max: 200 }).filter((h) => !DLM_HOURS.includes(h)).map((h) => Duration.hours(h)),
  fc.constantFrom(Duration.minutes(30), Duration.minutes(90), Duration.days(2), Duration.days(7), Duration.seconds(3600.5)),
);
const badTime = fc.constantFrom('24:00', '3am', '7:00', '12:60', '1200', ' 12:00', '12:00 ', '12:00:00', '');
const overHundredYears = fc.oneof(
  fc.integer({ min: 101, max: 1000 }).map((n) => Retention.years(n)),
  fc.integer({ min: 1201, max: 100_000 }).map((n) => Retention.months(n)),
  fc.integer({ min: 5201, max: 100_000 }).map((n) => Retention.weeks(n)),
  fc.integer({ min: 36501, max: 1_000_000 }).map((n) => Retention.age(Duration.days(n))),
);
const badCount = fc.oneof(
  fc.integer({ min: 1001, max: 1_000_000 }),
  fc.integer({ min: 1, max: 999 }).map((n) => n + 0.5),
  fc.integer({ min: -1000, max: -1 }),
).map((n) => Retention.count(n));
const azLetters = 'abcdefghijklmnopqrstuvwxyz';
const ssm = (options: object) => SnapshotScript.fromSsmDocument('MyDoc-valid', options);

/** Scripts that a VSS handler cannot take (no stages, no timeout). */
const vssWith = (extra: object): ISnapshotScript => ({
  bindScript: () => ({ executionHandler: SnapshotScript.VSS_HANDLER, systemsManager: false, ...extra }),
  toString: () => `vss(${JSON.stringify(extra)})`,
} as ISnapshotScript);

const MUTATIONS: Mutation[] = [
  // --- cadence ---------------------------------------------------------------------------
  {
    label: 'interval not in 1, 2, 3, 4, 6, 8, 12, 24 hours',
    specs: scheduleField(custom, 'cadence', fc.tuple(invalidHours, fc.option(timeOfDay, { nil: undefined }))
      .map(([d, startTime]) => Cadence.every(d, { startTime }))),
    error: /`cadence\.interval` must be one of/,
  },
  {
    label: 'rate() expression not in the allowed intervals',
    specs: scheduleField(custom, 'cadence', fc.constantFrom('rate(30 minutes)', 'rate(5 hours)', 'rate(2 days)', 'rate(90 minutes)', 'rate(48 hours)')
      .map(Cadence.expression)),
    error: /`cadence\.interval` must be one of/,
  },
  {
    label: 'cron more often than hourly',
    specs: scheduleField(custom, 'cadence', fc.oneof(
      fc.constantFrom('cron(0/30 * * * ? *)', 'cron(*/15 * * * ? *)', 'cron(0,30 1 * * ? *)', 'cron(0,59 * * * ? *)', 'cron(5,10 3 ? * MON *)').map(Cadence.expression),
      fc.integer({ min: 1, max: 30 }).map((step) => Cadence.cron({ minute: `0/${step}` })),
    )),
    error: /`cadence` must not run more often than once an hour/,
  },
  {
    label: 'cron less often than yearly',
    specs: scheduleField(custom, 'cadence', fc.constantFrom('cron(0 0 29 2 ? *)', 'cron(0 0 1 1 ? 2031)', 'cron(0 0 1 1 ? 2030-2037/2)', 'cron(0 12 ? 2 2#5 *)')
      .map(Cadence.expression)),
    error: /`cadence` must run at least once a year/,
  },
  {
    label: 'malformed cron expression',
    specs: scheduleField(custom, 'cadence', fc.constantFrom(
      'cron(0 0 * * * *)', 'cron(0 0 ? * ? *)', 'cron(60 0 * * ? *)', 'cron(0 24 * * ? *)', 'cron(0 0 32 * ? *)',
      'cron(0 0 * 13 ? *)', 'cron(0 0 * * ?)', 'cron(0 0 1 * MON *)', 'cron(0 0 ? * FUN *)', 'cron()', 'at(2030-01-01T00:00:00)',
    ).map(Cadence.expression)),
    error: /`cadence`/,
  },
  {
    label: 'startTime not hh:mm',
    specs: scheduleField(custom, 'cadence', fc.tuple(badTime, fc.nat({ max: 3 })).map(([startTime, form]) => [
      Cadence.every(Duration.hours(12), { startTime }), Cadence.daily({ startTime }),
      Cadence.weekly(Weekday.MONDAY, { startTime }), Cadence.monthly(1, { startTime }),
    ][form])),
    error: /`cadence\.startTime` must match hh:mm/,
  },
  {
    label: 'monthly on a day outside 1-28',
    specs: scheduleField(custom, 'cadence', fc.constantFrom(0, 29, 30, 31, -1, 1.5).map((day) => Cadence.monthly(day))),
    error: /`cadence\.dayOfMonth` must be an integer between 1 and 28/,
  },

  // --- retention -------------------------------------------------------------------------
  {
    label: 'count 0 without archive',
    specs: scheduleField(countBased, 'retention', fc.constant(Retention.count(0))),
    error: /`retention` must be an integer between 1 and 1000/,
  },
  {
    label: 'count above 1000, negative or not an integer',
    specs: scheduleField(countBased, 'retention', badCount),
    error: /`retention` must be an integer between 1 and 1000/,
  },
  {
    label: 'age over 100 years',
    specs: scheduleField(ageBased, 'retention', overHundredYears),
    error: /`retention` must be an integer between 1 and \d+ \w+ \(DLM allows at most 100 years\)/,
  },
  {
    label: 'age 0 without archive',
    specs: scheduleField(ageBased, 'retention', fc.constantFrom(Retention.age(Duration.days(0)), Retention.months(0), Retention.years(0))),
    error: /`retention` must be an integer between 1 and/,
  },
  {
    label: 'age not a whole number of days',
    specs: scheduleField(ageBased, 'retention', fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 23 })).map(([d, h]) => Retention.age(Duration.hours(24 * d + h))),
      fc.constantFrom(Retention.age(Duration.minutes(90)), Retention.weeks(1.5), Retention.months(0.5)),
    )),
    error: /`retention` must be (a whole number of days|an integer)/,
  },
  {
    label: 'count and age retention mixed in one policy',
    specs: onSchedule(withSchedules(2, (n) => fc.oneof(snapshotPolicy({ scheduleCount: n, archive: false }), amiPolicy({ scheduleCount: n }))),
      (s) => retention(!s.retention.isCountBased).map((r) => ({ retention: r })), 1),
    error: /`retention` must be (count|age)-based like schedule/,
  },

  // --- names and descriptions ----------------------------------------------------------------
  {
    label: 'description with a comma, colon, dot or other character',
    specs: onPolicy(fc.oneof(anyCustom, defaults), () => insert(charsOf(DLM_CHARS, 1, 60), ',:.!/é\n').map((d) => ({ description: d }))),
    error: /`description` must match/,
  },
  {
    label: 'description empty or over 500 characters',
    specs: onPolicy(fc.oneof(anyCustom, defaults), () => fc.oneof(fc.constant(''), charsOf(DLM_CHARS, 501, 600)).map((d) => ({ description: d }))),
    error: /`description` must be 1 to 500 characters long/,
  },
  {
    label: 'schedule name over 120 characters or empty',
    specs: scheduleField(anyCustom, 'name', fc.oneof(fc.constant(''), charsOf(DLM_CHARS, 121, 200))),
    error: /`name` must be 1 to 120 characters long/,
  },
  {
    label: 'schedule name with a character outside [0-9A-Za-z _-]',
    specs: scheduleField(anyCustom, 'name', insert(charsOf(DLM_CHARS, 1, 20), ',.:/!@#é')),
    error: /`name` must match/,
  },
  {
    label: 'two schedules with the same name',
    specs: withSchedules(2, (n) => fc.oneof(snapshotPolicy({ scheduleCount: n }), amiPolicy({ scheduleCount: n }))).map((spec) => {
      const list = schedulesOf(spec);
      return [withProps(spec, { schedules: list.map((s, i) => (i === 1 ? { ...s, name: list[0].name ?? 'Schedule1' } : s)) })];
    }),
    error: /`name` must be unique within the policy/,
  },
  {
    label: '5 schedules',
    specs: fc.oneof(snapshotPolicy({ scheduleCount: 4 }), amiPolicy({ scheduleCount: 4 })).map((spec) => {
      const list = schedulesOf(spec);
      return [withProps(spec, { schedules: [...list, { ...list[1], name: 'Fifth schedule' }] })];
    }),
    error: /`schedules` must have at most 4 entries/,
  },
  {
    label: 'no schedule at all (caught at synth)',
    specs: onPolicy(anyCustom, () => fc.constant({ schedules: [] })),
    error: /`schedules` must have at least 1 entry/,
  },

  // --- tags ------------------------------------------------------------------------------
  {
    label: 'target tags: none, or more than 50',
    specs: onPolicy(anyCustom, () => fc.oneof(fc.constant({}), tags(51, 60)).map((t) => ({ targetTags: t }))),
    error: /`targetTags` must have 1 to 50 tags/,
  },
  {
    // EC2 tag keys: letters, digits, spaces and _ . : / = + - @ (the constructs' rule)
    label: 'tag key with a character outside the tag key pattern, or over 128 characters',
    specs: onPolicy(anyCustom, () => fc.oneof(insert(tagKey.filter((k) => k.length < 128), '#*\n,;<!?$%'), charsOf('abc', 129, 140)).map((k) => ({ targetTags: { [k]: 'v' } }))),
    error: /`targetTags` must (match|be 1 to 128)/,
  },
  {
    label: 'tag value over 256 characters',
    specs: onPolicy(anyCustom, () => fc.tuple(tagKey, charsOf('xyz', 257, 300)).map(([k, v]) => ({ targetTags: { [k]: v } }))),
    error: /`targetTags\..*` must be at most 256 characters long/,
  },
  {
    label: 'more than 45 tags to add',
    specs: scheduleField(anyCustom, 'tagsToAdd', tags(46, 50)),
    error: /`tagsToAdd` must have at most 45 tags/,
  },
  {
    label: 'tag to add with an aws: key',
    specs: scheduleField(anyCustom, 'tagsToAdd', tagKey.map((k) => ({ [`aws:${k}`]: 'x' }))),
    error: /`tagsToAdd` must (match|be 1 to 128 characters long)/,
  },
  {
    label: 'variable tag value other than $(instance-id) / $(timestamp)',
    specs: scheduleField(fc.oneof(instances, amiPolicy()), 'variableTags', fc.tuple(tagKey, fc.oneof(tagValue, fc.constantFrom('$(instance_id)', '$(TIMESTAMP)', '$(date)')))
      .filter(([, v]) => v !== '$(instance-id)' && v !== '$(timestamp)').map(([k, v]) => ({ [k]: v }))),
    error: /`variableTags\..*` must be \$\(instance-id\) or \$\(timestamp\)/,
  },
  {
    label: 'variable tags on a VOLUME policy',
    specs: scheduleField(volumes, 'variableTags', fc.constant({ instance: '$(instance-id)' })),
    error: /`variableTags` is only allowed for AMI policies and snapshot policies that target instances/,
  },
  {
    label: 'instance exclusions on a VOLUME policy',
    specs: onPolicy(volumes, () => fc.oneof(
      fc.boolean().map((b) => ({ excludeBootVolume: b })),
      tags(0, 2).map((t) => ({ excludeDataVolumeTags: t })),
    )),
    error: /`exclude(BootVolume|DataVolumeTags)` is only allowed when `resourceType` is INSTANCE/,
  },
  {
    label: 'more than 50 excluded data volume tags',
    specs: onPolicy(instances, () => tags(51, 55).map((t) => ({ excludeDataVolumeTags: t }))),
    error: /`excludeDataVolumeTags` must have at most 50 tags/,
  },

  // --- fast snapshot restore ------------------------------------------------------------
  {
    label: 'fast snapshot restore in 0 or more than 10 AZs',
    specs: scheduleField(snapshots, 'fastRestore', fc.tuple(fc.constantFrom(0, 11, 12, 26), fc.boolean()).map(([n, ids]) => (ids
      ? { availabilityZoneIds: Array.from({ length: n }, (_, i) => `use1-az${i + 1}`), retention: Retention.count(1) }
      : { availabilityZones: azLetters.slice(0, n).split('').map((l) => `us-east-1${l}`), retention: Retention.count(1) }))),
    error: /`fastRestore\.availabilityZone(Id)?s` must have 1 to 10 items/,
  },
  {
    label: 'fast snapshot restore with a malformed AZ name or ID',
    specs: scheduleField(snapshots, 'fastRestore', fc.oneof(
      fc.constantFrom('us-east-1', 'useast1a', 'US-EAST-1A', 'us-east-1aa', 'use1-az1').map((az) => ({ availabilityZones: [AZ_NAMES[0], az], retention: Retention.count(1) })),
      fc.constantFrom('use1az1', 'us-east-1a', 'use1-az', 'USE1-AZ1').map((az) => ({ availabilityZoneIds: [az], retention: Retention.count(1) })),
    )),
    error: /`fastRestore\.availabilityZone(Id)?s` must match/,
  },
  {
    label: 'fast snapshot restore with both AZ names and IDs, or neither',
    specs: scheduleField(snapshots, 'fastRestore', fc.constantFrom(
      { availabilityZones: [AZ_NAMES[0]], availabilityZoneIds: [AZ_IDS[0]], retention: Retention.count(1) },
      { retention: Retention.count(1) },
    )),
    error: /`fastRestore` needs either `availabilityZones` or `availabilityZoneIds`/,
  },
  {
    label: 'fast snapshot restore retention out of range',
    specs: scheduleField(snapshots, 'fastRestore', fc.oneof(badCount, overHundredYears, fc.constant(Retention.count(0)))
      .map((r) => ({ availabilityZones: [AZ_NAMES[0]], retention: r }))),
    error: /`fastRestore\.retention` must be an integer/,
  },
  {
    label: 'fast snapshot restore while keeping 0 snapshots (archive)',
    specs: onSchedule(archiving(), (s) => fc.constant({
      retention: zeroOf(s.retention.isCountBased),
      fastRestore: { availabilityZones: [AZ_NAMES[0]], retention: Retention.count(1) },
      share: undefined,
      crossRegionCopies: undefined,
    }), 0),
    error: /`retention` must keep at least 1 snapshot when fast snapshot restore is enabled/,
  },

  // --- sharing -------------------------------------------------------------------------
  {
    label: 'share with an account ID that is not 12 digits',
    specs: scheduleField(snapshots, 'share', fc.oneof(charsOf(DIGITS, 11, 11), charsOf(DIGITS, 13, 13), insert(charsOf(DIGITS, 11, 11), 'a- '))
      .chain((bad) => fc.uniqueArray(accountId, { maxLength: 2 }).map((good) => ({ accounts: [...good, bad] })))),
    error: /`share\.accounts` must match a 12-digit AWS account ID/,
  },
  {
    label: 'share with no account',
    specs: scheduleField(snapshots, 'share', fc.constant({ accounts: [] })),
    // (the message says "must have 1 to Infinity items": checkListLength has no wording for "at least")
    error: /`share\.accounts` must have (at least 1 item|1 to Infinity items)/,
  },
  {
    label: 'unshareAfter not shorter than the retention',
    specs: onSchedule(snapshotPolicy({ countBased: false, archive: false }), (s) => fc.integer({ min: 0, max: 100 })
      .map((k) => ({ share: { accounts: ['123456789012'], unshareAfter: Duration.days(minDays(s.retention) + k) } }))),
    error: /`share\.unshareAfter` must be shorter than the retention/,
  },
  {
    label: 'unshareAfter not a whole number of days, or 0',
    specs: scheduleField(snapshots, 'share', fc.constantFrom(Duration.hours(36), Duration.days(0), Duration.minutes(10))
      .map((unshareAfter) => ({ accounts: ['123456789012'], unshareAfter }))),
    error: /`share\.unshareAfter` must be a whole number of days, at least 1/,
  },
  {
    label: 'share while keeping 0 snapshots (archive)',
    specs: onSchedule(archiving(), (s) => fc.constant({
      retention: zeroOf(s.retention.isCountBased),
      share: { accounts: ['123456789012'] },
      fastRestore: undefined,
      crossRegionCopies: undefined,
    }), 0),
    error: /`retention` must keep at least 1 snapshot when sharing/,
  },

  // --- archive ---------------------------------------------------------------------------
  {
    label: 'archive on an INSTANCE snapshot policy',
    specs: onSchedule(instances, (s) => archiveRetention(s.retention.isCountBased)
      .map((r) => ({ cadence: Cadence.monthly(1), archive: { retention: r } }))),
    error: /`archive` is only allowed for snapshot policies that target volumes/,
  },
  {
    label: 'archive on an AMI policy',
    specs: onSchedule(amiPolicy(), (s) => archiveRetention(s.retention.isCountBased)
      .map((r) => ({ cadence: Cadence.monthly(1), archive: { retention: r } }))),
    error: /`archive` is only allowed for snapshot policies that target volumes/,
  },
  {
    label: 'archive with an interval cadence',
    specs: onSchedule(archiving(), () => fc.tuple(fc.constantFrom(...DLM_HOURS), fc.option(timeOfDay, { nil: undefined }))
      .map(([h, startTime]) => ({ cadence: Cadence.every(Duration.hours(h), { startTime }) })), 0),
    error: /`cadence` must be a cron schedule that runs at most every 28 days when archiving/,
  },
  {
    label: 'archive with a cron cadence of less than 28 days',
    specs: onSchedule(archiving(), () => fc.constantFrom(
      Cadence.weekly(Weekday.SUNDAY), Cadence.cron({ minute: '0', hour: '3' }), Cadence.cron({ minute: '0', hour: '3', day: '1,15' }),
      Cadence.cron({ minute: '0', hour: '3', weekDay: 'SUN-SAT' }), Cadence.cron({ minute: '0', hour: '3', day: '1,28' }),
    ).map((c) => ({ cadence: c })), 0),
    error: /`cadence` must run at most every 28 days when archiving/,
  },
  {
    label: 'archive retention shorter than 90 days (age)',
    specs: onSchedule(archiving(false), () => fc.oneof(
      fc.integer({ min: 1, max: 89 }).map((n) => Retention.age(Duration.days(n))),
      fc.integer({ min: 1, max: 12 }).map((n) => Retention.weeks(n)),
      // 3 months may be 92 days, and DLM tops a 3-month archive up to 90 days itself
      fc.integer({ min: 1, max: 2 }).map((n) => Retention.months(n)),
    ).map((r) => ({ archive: { retention: r } })), 0),
    error: /`archive\.retention` must keep snapshots archived for at least 90 days/,
  },
  {
    label: 'archive retention shorter than 90 days (count of monthly snapshots)',
    // DLM sizes the count by the average period: "every 30 days ... a count of 3 or more"
    specs: onSchedule(archiving(true), () => fc.integer({ min: 1, max: 2 })
      .map((n) => ({ cadence: Cadence.monthly(1), archive: { retention: Retention.count(n) } })), 0),
    error: /`archive\.retention` must keep each snapshot archived for at least 90 days/,
  },
  {
    label: 'archive retention out of range',
    specs: onSchedule(archiving(), (s) => (s.retention.isCountBased ? badCount : overHundredYears).map((r) => ({ archive: { retention: r } })), 0),
    error: /`archive\.retention` must be an integer/,
  },
  {
    label: 'archive retention of the other kind than the schedule\'s',
    specs: onSchedule(archiving(), (s) => archiveRetention(!s.retention.isCountBased).map((r) => ({ archive: { retention: r } })), 0),
    error: /`archive\.retention` must be (a count|an age) like the schedule's retention/,
  },
  {
    label: 'archive on two schedules',
    specs: withSchedules(2, (n) => snapshotPolicy({ archive: true, scheduleCount: n })).map((spec) => {
      const list = schedulesOf(spec);
      const { cadence: c, archive, retention: r } = list[0];
      // the second schedule keeps nothing else that an archiving schedule may not have
      const second = { ...list[1], cadence: c, archive, retention: r, fastRestore: undefined, share: undefined, crossRegionCopies: undefined };
      return [withProps(spec, { schedules: list.map((s, i) => (i === 1 ? second : s)) })];
    }),
    error: /`archive` may be set on only one schedule of a policy/,
  },

  // --- scripts ---------------------------------------------------------------------------
  {
    label: 'script timeout under 10 s, over 120 s, or not whole seconds',
    specs: scheduleField(instances, 'script', fc.oneof(
      fc.integer({ min: 0, max: 9 }).map((n) => Duration.seconds(n)),
      fc.integer({ min: 121, max: 3600 }).map((n) => Duration.seconds(n)),
      fc.constantFrom(Duration.millis(10_500), Duration.minutes(5)),
    ).map((timeout) => ssm({ timeout }))),
    error: /`script\.timeout` must be an integer between 10 and 120 seconds/,
  },
  {
    label: 'script retries outside 0-3',
    specs: scheduleField(instances, 'script', fc.tuple(fc.constantFrom(4, 5, 10, -1, 1.5), fc.boolean())
      .map(([maximumRetryCount, vss]) => (vss ? SnapshotScript.windowsVss({ maximumRetryCount }) : ssm({ maximumRetryCount })))),
    error: /`script\.maximumRetryCount` must be an integer between 0 and 3/,
  },
  {
    label: 'script on a VOLUME snapshot policy',
    specs: scheduleField(volumes, 'script', fc.constantFrom(ssm({}), SnapshotScript.windowsVss(), SnapshotScript.sapHana())),
    error: /`script` is only allowed for snapshot policies that target instances/,
  },
  {
    label: 'script stages empty or repeated',
    specs: scheduleField(instances, 'script', fc.constantFrom([], [ScriptStage.PRE, ScriptStage.PRE], [ScriptStage.PRE, ScriptStage.POST, ScriptStage.PRE])
      .map((stages) => ssm({ stages }))),
    error: /`script\.stages` must (have 1 to 2 items|not repeat a stage)/,
  },
  {
    label: 'script onFailure without a PRE stage',
    specs: scheduleField(instances, 'script', fc.constantFrom(...Object.values(ScriptFailureAction))
      .map((onFailure) => ssm({ stages: [ScriptStage.POST], onFailure }))),
    error: /`script\.onFailure` only applies to scripts with a PRE stage/,
  },
  {
    label: 'script handler not an SSM document name',
    specs: scheduleField(instances, 'script', fc.constantFrom('ab', 'my doc', 'doc#1', 'x'.repeat(201), 'doc,1').map((n) => SnapshotScript.fromSsmDocument(n))),
    error: /`script\.executionHandler` must/,
  },
  {
    label: 'Windows VSS with stages or a timeout',
    specs: scheduleField(instances, 'script', fc.constantFrom(vssWith({ stages: [ScriptStage.PRE] }), vssWith({ timeout: Duration.seconds(30) }))),
    error: /`script` for Windows VSS \(AWS_VSS_BACKUP\) takes no stages and no timeout/,
  },

  // --- AMI deprecation ----------------------------------------------------------------------
  {
    label: 'deprecate more AMIs than retained',
    specs: onSchedule(amis(true), (s) => fc.integer({ min: 1, max: 100 }).map((k) => ({ deprecate: Retention.count(s.retention._count! + k) }))),
    error: /`deprecate` must (not exceed the retention|be an integer between 1 and 1000)/,
  },
  {
    label: 'deprecate later than the retention',
    specs: onSchedule(amis(false), (s) => fc.integer({ min: 1, max: 100 })
      .map((k) => ({ deprecate: Retention.age(Duration.days(maxDays(s.retention) + k)) }))),
    error: /`deprecate` must (not be longer than the retention|be an integer between 1 and \d+)/,
  },
  {
    label: 'deprecate of the other kind than the retention',
    specs: fc.boolean().chain((count) => onSchedule(amis(count), () => retention(!count).map((d) => ({ deprecate: d })))),
    error: /`deprecate` must be (a count|an age) like the schedule's retention/,
  },

  // --- other schedule fields ----------------------------------------------------------------
  {
    label: 'snapshots on an Outpost or in a Local Zone for resources in a Region',
    specs: scheduleField(snapshots, 'snapshotLocation', fc.constantFrom(SnapshotLocation.OUTPOST_LOCAL, SnapshotLocation.LOCAL_ZONE)),
    error: /`snapshotLocation` must be CLOUD for resources in a Region/,
  },
  {
    label: 'more than 3 cross-region copies, or a repeated destination',
    specs: scheduleField(snapshots, 'crossRegionCopies', fc.oneof(
      fc.constant(COPY_REGIONS.map((destination) => new FixedCopy({ destination }))),
      fc.constantFrom(...COPY_REGIONS).map((destination) => [new FixedCopy({ destination }), new FixedCopy({ destination })]),
    )),
    error: /`crossRegionCopies(\[\d\]\.destination)?` must (have at most 3 items|not repeat another copy's destination)/,
  },

  // --- default policies ---------------------------------------------------------------------
  {
    label: 'default policy created every 0 or more than 7 days',
    specs: onPolicy(defaults, () => fc.constantFrom(0, 8, 14, 30).map((d) => ({ createInterval: Duration.days(d) }))),
    error: /`createInterval` must be an integer between 1 and 7 days/,
  },
  {
    label: 'default policy keeping 1 or more than 14 days',
    specs: onPolicy(defaults, () => fc.constantFrom(0, 1, 15, 30, 365).map((d) => ({ retainInterval: Duration.days(d) }))),
    error: /`retainInterval` must be an integer between 2 and 14 days/,
  },
  {
    label: 'default policy keeping no longer than it creates',
    specs: onPolicy(defaults, () => fc.integer({ min: 2, max: 7 }).chain((create) => fc.integer({ min: 2, max: create })
      .map((retain) => ({ createInterval: Duration.days(create), retainInterval: Duration.days(retain) })))),
    error: /`retainInterval` must be longer than `createInterval`/,
  },
  {
    label: 'default policy intervals not whole days',
    specs: onPolicy(defaults, () => fc.constantFrom(
      { createInterval: Duration.hours(36) }, { retainInterval: Duration.hours(60) }, { createInterval: Duration.hours(12) },
    )),
    error: /`(create|retain)Interval` must be a whole number of days/,
  },
  {
    label: 'INSTANCE default policy with volume exclusions',
    specs: onPolicy(defaultPolicy(DefaultPolicyResourceType.INSTANCE), () => fc.constantFrom(
      { exclusions: { excludeBootVolumes: true } }, { exclusions: { excludeVolumeTypes: [EbsVolumeType.GP2] } },
    )),
    error: /`exclusions` may only use `excludeTags` for INSTANCE default policies/,
  },
  {
    label: 'default policy excluding all 7 volume types, or more than 50 tags',
    specs: onPolicy(defaultPolicy(DefaultPolicyResourceType.VOLUME), () => fc.oneof(
      fc.constant({ exclusions: { excludeVolumeTypes: [...ALL_VOLUME_TYPES] } }),
      tags(51, 55).map((t) => ({ exclusions: { excludeTags: t } })),
    )),
    error: /`exclusions\.exclude(VolumeTypes` must have at most 6 items|Tags` must have at most 50 tags)/,
  },
  {
    label: 'default policy excluding a volume type that is not an EC2 name',
    specs: onPolicy(defaultPolicy(DefaultPolicyResourceType.VOLUME), () => fc.oneof(
      fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,5}$/),
      fc.stringMatching(/^[a-z][a-z0-9]{0,3}[-_. ][a-z0-9]{1,3}$/),
      fc.stringMatching(/^[0-9][a-z0-9]{0,5}$/),
    ).map((name) => ({ exclusions: { excludeVolumeTypes: [EbsVolumeType.GP3, EbsVolumeType.of(name)] } }))),
    error: /`exclusions\.excludeVolumeTypes` must match an EC2 volume type: lowercase letters and digits, starting with a letter/,
  },
  {
    label: 'default policy copies: more than 3, repeated, or with more than a Region',
    specs: onPolicy(defaults, () => fc.constantFrom(
      COPY_REGIONS.map((destination) => new FixedCopy({ destination })),
      [new FixedCopy({ destination: 'eu-west-1' }), new FixedCopy({ destination: 'eu-west-1' })],
      [new FixedCopy({ destination: 'eu-west-1', retention: Retention.age(Duration.days(7)) })],
      [new FixedCopy({ destination: 'eu-west-1', copyTags: true })],
      [new FixedCopy({ destination: 'not-a-region' })],
    ).map((crossRegionCopies) => ({ crossRegionCopies }))),
    error: /`crossRegionCopies(\[\d\](\.destination)?)?` (must have at most 3 items|must not repeat|may only name a Region|must be a Region)/,
  },
  {
    label: 'two default policies of the same resource type (caught at synth)',
    specs: fc.constantFrom(...Object.values(DefaultPolicyResourceType)).chain((type) => fc.tuple(defaultPolicy(type), defaultPolicy(type))),
    error: /`resourceType` must not repeat a default policy/,
  },
];

/** Which layer refused the stack: the constructs, aws-cdk-lib's synth (node validations), or only the harness. */
type Layer = 'construct' | 'synth' | 'harness-only' | 'nothing';

function refuse(specs: PolicySpec[]): { layer: Layer; message?: string } {
  const app = testApp();
  const stack = new Stack(app, 'S', { env: ENV });
  try {
    try {
      specs.forEach((spec, i) => buildPolicy(stack, `P${i}`, spec));
    } catch (e) {
      return { layer: 'construct', message: (e as Error).message };
    }
    try {
      app.synth();
    } catch (e) {
      return { layer: 'synth', message: (e as Error).message };
    }
    try {
      synth(stack);
    } catch (e) {
      return { layer: 'harness-only', message: (e as Error).message };
    }
    return { layer: 'nothing' };
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

const caught = new Map<string, Record<Layer, number>>();

describe('invalid values give an error, never a template', () => {
  afterAll(() => {
    if (!process.env.FC_STATS) return;
    const lines = [...caught].map(([label, n]) => `${label}: ${Object.entries(n).filter(([, c]) => c > 0).map(([l, c]) => `${l} ${c}`).join(', ')}`);
    // eslint-disable-next-line no-console
    console.log(`${MUTATIONS.length} mutators:\n${lines.join('\n')}`);
  });

  test.each(MUTATIONS.map((m) => [m.label, m] as const))('%s', (label, mutation) => {
    assertRefused(label, mutation);
  });
});

function assertRefused(label: string, mutation: Mutation): void {
  const counts: Record<Layer, number> = { 'construct': 0, 'synth': 0, 'harness-only': 0, 'nothing': 0 };
  caught.set(label, counts);
  fc.assert(fc.property(mutation.specs, shrinkBudgeted((specs) => {
    const { layer, message } = refuse(specs);
    counts[layer]++;
    if (layer === 'nothing') throw new Error('a template came out without any error');
    if (layer !== 'harness-only') expect(message).toMatch(mutation.error);
  })), params(INVALID_RUNS));
}

// ---------------------------------------------------------------------------
// Regressions: bugs in src/ these properties found (all fixed).
// ---------------------------------------------------------------------------

describe('regressions found by the properties', () => {
  // DLM's DeprecateRule / CrossRegionCopyDeprecateRule: "it can't be greater than 10 years
  // (120 months, 520 weeks, or 3650 days)"; the constructs allow 100 years as for retention.
  test('AMI deprecation over 10 years is refused', () => {
    assertRefused('AMI deprecation over 10 years', {
      label: 'AMI deprecation over 10 years',
      specs: onSchedule(amis(false), () => fc.integer({ min: 11, max: 100 }).chain((deprecateYears) => fc.integer({ min: deprecateYears, max: 100 })
        .map((retainYears) => ({ retention: Retention.years(retainYears), deprecate: Retention.years(deprecateYears) })))),
      error: /`deprecate`/,
    });
  });

  test('deprecation of cross-region AMI copies over 10 years is refused', () => {
    assertRefused('copy deprecation over 10 years', {
      label: 'copy deprecation over 10 years',
      specs: scheduleField(amis(false), 'crossRegionCopies', fc.tuple(fc.constantFrom(...COPY_REGIONS), fc.integer({ min: 3651, max: 36500 }))
        .map(([destination, days]) => [
          new FixedCopy({ destination, retention: Retention.years(100), deprecate: Retention.age(Duration.days(days)) }),
        ])),
      error: /`crossRegionCopies\[0\]\.deprecate`/,
    });
  });

  // The cron analyzer looks at 2030-2037 only, so a cron limited to other years never fires
  // there and is refused as "must run at least once a year", though it runs e.g. every day.
  test('a cron limited to years outside 2030-2037 is accepted', () => {
    const yearLimited = fc.record({
      minute: fc.integer({ min: 0, max: 59 }).map(String),
      hour: fc.integer({ min: 0, max: 23 }).map(String),
      year: fc.oneof(fc.integer({ min: 2026, max: 2029 }).map(String), fc.constantFrom('2026-2029', '2040-2050', '2027,2028')),
    }).map((options) => Cadence.cron(options));
    fc.assert(fc.property(scheduleField(custom, 'cadence', yearLimited), shrinkBudgeted((specs) => {
      const app = testApp();
      try {
        const stack = new Stack(app, 'S');
        specs.forEach((spec, i) => buildPolicy(stack, `P${i}`, spec));
        expect(checkConformance(stack).map(formatProblem)).toEqual([]);
      } finally {
        fs.rmSync(app.outdir, { recursive: true, force: true });
      }
    })), params(INVALID_RUNS));
  });
});
