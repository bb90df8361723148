/**
 * Tier compile size: the four preset tiers in one `TieredBackup`, with V EBS volumes (in stacks
 * of their own) assigned to them round-robin. Tiers target resources by tag, so what the tiers compile to (DLM
 * policies, AWS Backup plans, IAM) must not grow with V; only the volumes (and the tier tag on
 * each) do. Two configurations: the default (EBS on DLM, AWS Backup plans only when a resource
 * needs one) and `awsBackup: ALWAYS` (every tier also gets an AWS Backup plan).
 *
 *   node tmp/bench-children/tiers.js 10,100,1000
 *
 * Reports `available: false` when lib/index.js does not export the tier constructs (yet).
 */
import * as fs from 'fs';
import { App, Duration, Fn, Size, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { libraryPath, report, sinceStart } from './probe';
import type * as Tiers from '../../src';
// types only (erased when the children are transpiled): the rows the parent reads back
import type { LadderRow, TierConfigRow as Row, TierRow } from '../lib/types';

const ENV = { account: '111111111111', region: 'us-east-1' };
const CRITICAL_DR_REGION = 'ap-southeast-1';
const DATABASE_COMPLIANCE_REGION = 'eu-west-1';

/** Resource-type groups the report separates. */
const GROUPS: Array<[string, RegExp]> = [
  ['volumes', /^AWS::EC2::Volume$/],
  ['dlm', /^AWS::DLM::/],
  ['backup', /^AWS::Backup::/],
  ['iam', /^AWS::IAM::/],
  ['kms', /^AWS::KMS::/],
  ['other', /./],
];


/**
 * Volumes per stack: CloudFormation allows 500 resources per stack, so 1,000 volumes live in
 * stacks of their own (tags select them wherever they are); for the same layout at every
 * count, the volumes are always outside the tiers' stack.
 */
const VOLUMES_PER_STACK = 250;

type Resource = { Type: string; Properties?: any };
type Template = { Resources?: { [id: string]: Resource }; Outputs?: object };

function main(): void {
  const volumeCounts = (process.argv[2] ?? '10,100,1000').split(',').map(Number);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(libraryPath()) as Partial<typeof Tiers>;
  const { TieredBackup, BackupTier, AwsBackupMode } = lib;
  if (TieredBackup === undefined || BackupTier === undefined || AwsBackupMode === undefined) {
    report({ available: false, reason: 'TieredBackup, BackupTier or AwsBackupMode is not exported from lib/index.js (not available yet)' });
    return;
  }

  const configs: Array<{ name: string; props: (stack: Stack) => Partial<Tiers.TieredBackupProps> }> = [
    { name: 'default (EBS on DLM)', props: () => ({}) },
    {
      name: 'awsBackup: ALWAYS',
      props: (stack) => ({
        awsBackup: AwsBackupMode.ALWAYS,
        drBackupVaults: [CRITICAL_DR_REGION, DATABASE_COMPLIANCE_REGION].map((region) => backup.BackupVault.fromBackupVaultArn(
          stack, `DrVault-${region}`, `arn:aws:backup:${region}:${ENV.account}:backup-vault:dr`)),
      }),
    },
  ];

  const rows: Row[] = [];
  const errors: string[] = [];
  for (const config of configs) {
    for (const count of volumeCounts) {
      try {
        rows.push(measure(config.name, count, (scope) => new TieredBackup(scope, 'Tiers', {
          tiers: [
            BackupTier.critical(CRITICAL_DR_REGION),
            BackupTier.database(DATABASE_COMPLIANCE_REGION),
            BackupTier.development(),
            BackupTier.staging(),
          ],
          ...config.props(scope),
        })));
      } catch (e) {
        errors.push(`${config.name}, ${count} volumes: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  let ladders: LadderRow[] = [];
  try {
    ladders = ladderCheck(lib as typeof Tiers);
  } catch (e) {
    errors.push(`ladder check: ${(e as Error).message.split('\n')[0]}`);
  }
  report({ available: true, rows, ladders, errors });
}

/**
 * The ⌈rungs/4⌉ rule beyond the presets (which have 1-3 rungs): custom tiers of 1 to 9 rungs,
 * 10 rungs with the last one archived (a policy of its own), and 5 rungs with a consistency hook
 * (a policy per rung), in one TieredBackup.
 */
function ladderCheck(lib: typeof Tiers): LadderRow[] {
  const { BackupTier, Cadence, Retention, SnapshotScript, TieredBackup, Weekday } = lib;
  const days = (n: number) => Retention.age(Duration.days(n));
  const ladder: Tiers.BackupRung[] = [
    ...[1, 2, 3, 4, 6, 8, 12].map((h, i) => ({ cadence: Cadence.every(Duration.hours(h)), retention: days(i + 1) })),
    { cadence: Cadence.daily({ startTime: '01:00' }), retention: days(14) },
    { cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '02:00' }), retention: Retention.weeks(8) },
    { cadence: Cadence.monthly(1, { startTime: '03:00' }), retention: Retention.months(12) },
  ];
  const tiers = [
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => new BackupTier({ name: `ladder${n}`, rungs: ladder.slice(0, n) })),
    new BackupTier({ name: 'ladder10-archived', rungs: ladder, archive: Retention.years(2) }),
    // a consistency hook: one policy per rung (DLM runs scripts for one schedule per policy)
    new BackupTier({ name: 'ladder5-scripted', rungs: ladder.slice(0, 5), consistency: SnapshotScript.fromSsmDocument('bench-freeze') }),
  ];
  const outdir = fs.mkdtempSync(`${process.env.BENCH_TMP ?? '/tmp'}/ladders-`);
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'LadderBench', { env: ENV });
    const tiered = new TieredBackup(stack, 'Tiers', { tiers });
    const artifact = app.synth().getStackByName(stack.stackName);
    const template = JSON.parse(fs.readFileSync(artifact.templateFullPath, 'utf8')) as Template;
    const warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    return tiers.map((tier) => {
      const mine = policiesOfTier(template, tiered.tagKey, tier);
      return {
        ...policyCounts(tier, mine),
        schedulesPerPolicy: mine.map((r) => r.Properties.PolicyDetails.Schedules.length),
        // warnings about this tier's policies (e.g. overlapping target tags)
        warnings: [...new Set(warnings.filter((w) => w.includes(`/${tier.name}/`) || w.includes(`\`${tier.name}\``)).map((w) => /\[ack: ([^\]]+)\]/.exec(w)?.[1] ?? w.slice(0, 120)))],
      };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The DLM policies of a template that target `tier` (by its tag). */
function policiesOfTier(template: Template, tagKey: string, tier: Tiers.BackupTier): Resource[] {
  return Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::DLM::LifecyclePolicy' && (r.Properties?.PolicyDetails?.TargetTags ?? [])
    .some((t: { Key: string; Value: string }) => t.Key === tagKey && t.Value === tier.name));
}

/**
 * A tier's policy count against the minimum: ⌈rungs/4⌉, and an archived rung in a policy of
 * its own (⌈(rungs - 1)/4⌉ + 1). A tier with a consistency hook needs one policy per rung: DLM
 * runs scripts for only one schedule per policy.
 */
function policyCounts(tier: Tiers.BackupTier, mine: Resource[]) {
  const rungs = tier.rungs.length;
  const archive = tier.archive !== undefined;
  const scripted = tier.consistency !== undefined;
  const perPolicy = scripted ? 1 : 4;
  return {
    tier: tier.name,
    rungs,
    archive,
    expectedPolicies: archive ? Math.ceil((rungs - 1) / perPolicy) + 1 : Math.ceil(rungs / perPolicy),
    policies: mine.length,
  };
}

function measure(config: string, count: number, create: (stack: Stack) => Tiers.TieredBackup): Row {
  const outdir = fs.mkdtempSync(`${process.env.BENCH_TMP ?? '/tmp'}/tiers-`);
  try {
    const t0 = sinceStart();
    const app = new App({ outdir });
    const tierStack = new Stack(app, 'TierBench', { env: ENV });
    const tiered = create(tierStack);
    const tiers = tiered.tiers;
    const assigned = new Map<string, number>();
    const volumeStacks: Stack[] = [];
    for (let i = 0; i < count; i++) {
      if (i % VOLUMES_PER_STACK === 0) volumeStacks.push(new Stack(app, `Volumes${volumeStacks.length}`, { env: ENV }));
      const stack = volumeStacks[volumeStacks.length - 1];
      const volume = new ec2.Volume(stack, `Volume${i}`, { availabilityZone: Fn.select(0, Fn.getAzs()), size: Size.gibibytes(10), encrypted: true });
      const tier = tiers[i % tiers.length];
      tiered.assign(volume, tier);
      assigned.set(tier.name, (assigned.get(tier.name) ?? 0) + 1);
    }
    const t1 = sinceStart();
    const assembly = app.synth();
    const t2 = sinceStart();

    const read = (stack: Stack) => {
      const artifact = assembly.getStackByName(stack.stackName);
      const text = fs.readFileSync(artifact.templateFullPath, 'utf8');
      return { artifact, text, template: JSON.parse(text) as Template };
    };
    const tierSide = read(tierStack);
    const volumeSide = volumeStacks.map(read);
    const all = [tierSide, ...volumeSide];

    const resources: { [group: string]: number } = Object.fromEntries(GROUPS.map(([g]) => [g, 0]));
    for (const { template } of all) {
      for (const r of Object.values(template.Resources ?? {})) resources[GROUPS.find(([, pattern]) => pattern.test(r.Type))![0]]++;
    }
    // the same volume templates without the tier tag, formatted alike, to see what assign() adds
    const tierTagBytes = volumeSide.reduce((n, { template }) => {
      const formatted = Buffer.byteLength(JSON.stringify(template, undefined, 1));
      const stripped = JSON.parse(JSON.stringify(template)) as Template;
      for (const r of Object.values(stripped.Resources ?? {})) {
        const tags = (r.Properties?.Tags ?? []) as Array<{ Key: string }>;
        const rest = tags.filter((t) => t.Key !== tiered.tagKey);
        if (rest.length > 0) r.Properties.Tags = rest;
        else if (r.Properties) delete r.Properties.Tags;
      }
      return n + formatted - Buffer.byteLength(JSON.stringify(stripped, undefined, 1));
    }, 0);
    const crossStackReferences = all.reduce((n, { template, text }) =>
      n + Object.keys(template.Outputs ?? {}).length + (text.match(/"Fn::ImportValue"/g) ?? []).length, 0);

    const tierRows = tiers.map((tier): TierRow => {
      const mine = policiesOfTier(tierSide.template, tiered.tagKey, tier);
      return {
        ...policyCounts(tier, mine),
        schedules: mine.reduce((n, r) => n + (r.Properties.PolicyDetails.Schedules?.length ?? 0), 0),
        assignedVolumes: assigned.get(tier.name) ?? 0,
      };
    });
    const warnings = [...new Set(all.flatMap(({ artifact }) => artifact.messages)
      .filter((m) => m.level === 'warning').map((m) => String(m.entry.data).split('\n')[0].slice(0, 160)))];
    return {
      config,
      volumes: count,
      resources,
      tierStackResources: Object.keys(tierSide.template.Resources ?? {}).length,
      tierStackBytes: Buffer.byteLength(tierSide.text),
      volumeStacks: volumeStacks.length,
      volumeStackBytes: volumeSide.reduce((n, { text }) => n + Buffer.byteLength(text), 0),
      tierTagBytes,
      crossStackReferences,
      tiers: tierRows,
      warnings,
      buildMs: t1 - t0,
      synthMs: t2 - t1,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main();
