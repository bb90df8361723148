import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FakeDlm, ServedPolicy } from './fake-dlm';
import { ACCOUNT, deploy, dlmResources, REGION, REPO_ROOT, runCli, useAwsTestEnv } from './support';
import { buildExample } from '../../examples/tiered-backup';
import { AmiPolicy, Cadence, DefaultPolicy, DefaultPolicyResourceType, DrCopyRule, Retention, SnapshotPolicy, Weekday } from '../../src';
import { testApp } from '../harness';

const IMAGE_ROLE = 'arn:aws:iam::111111111111:role/dlm-images';
const WEST_KEY = 'arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let dlm: FakeDlm;
let restoreEnv: () => void;
let app: App;
/** The deployed policies, by construct id. */
let deployed: { critical: ServedPolicy; images: ServedPolicy; safetyNet: ServedPolicy };
let ids: { critical: string; images: string; safetyNet: string };

beforeAll(async () => {
  restoreEnv = useAwsTestEnv();
  dlm = await FakeDlm.start();
  // GIVEN a synthesized app with three policies, and the account where it was deployed
  app = testApp();
  const stack = new Stack(app, 'DriftApp', { env: { account: ACCOUNT, region: REGION } });
  new SnapshotPolicy(stack, 'Critical', {
    description: 'critical tier',
    targetTags: { 'backup-tier': 'critical' },
    schedules: [
      {
        name: 'Daily',
        cadence: Cadence.daily({ startTime: '02:00' }),
        retention: Retention.weeks(4),
        fastRestore: { availabilityZones: [Fn.select(0, Fn.getAzs())], retention: Retention.count(2) },
        crossRegionCopies: [DrCopyRule.toRegion('us-west-2', { encryptionKeyArn: WEST_KEY, retention: Retention.months(3) })],
      },
      { name: 'Weekly', cadence: Cadence.weekly(Weekday.SUNDAY, { startTime: '03:00' }), retention: Retention.months(12) },
    ],
  });
  new AmiPolicy(stack, 'Images', {
    role: iam.Role.fromRoleArn(stack, 'ImageRole', IMAGE_ROLE, { mutable: false }),
    targetTags: { 'ami-backup': 'web' },
    schedules: [{ name: 'Weekly', cadence: Cadence.weekly(Weekday.SATURDAY), retention: Retention.count(4), deprecate: Retention.count(2) }],
  });
  new DefaultPolicy(stack, 'SafetyNet', { resourceType: DefaultPolicyResourceType.VOLUME, retainInterval: Duration.days(10) });
  const resources = dlmResources(stack);
  const [critical, images, safetyNet] = ['Critical', 'Images', 'SafetyNet'].map(id => {
    const resource = resources.find(r => r.logicalId.startsWith(id))!;
    return deploy(resource, { stackName: 'DriftApp' });
  });
  deployed = { critical, images, safetyNet };
  ids = { critical: critical.PolicyId, images: images.PolicyId, safetyNet: safetyNet.PolicyId };
});

beforeEach(() => {
  dlm.policies = [deployed.critical, deployed.images, deployed.safetyNet].map(p => JSON.parse(JSON.stringify(p)));
  dlm.reset();
});

afterAll(async () => {
  await dlm.close();
  restoreEnv();
});

function drift(...extra: string[]) {
  return runCli(['drift', '--app', path.relative(REPO_ROOT, app.outdir), '--endpoint-url', dlm.url, ...extra]);
}

/** The served policy with construct id `id`. */
function inAccount(id: keyof typeof ids): ServedPolicy & { PolicyDetails: any; Tags: any } {
  return dlm.policies.find(p => p.PolicyId === ids[id]) as any;
}

describe('drift', () => {
  test('in sync: exit 0, each policy matched by its CloudFormation tags, values known only after deployment listed', async () => {
    const run = await drift();
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([
      `DriftApp/Critical6684A27F -> ${ids.critical} (matched by CloudFormation tags): in sync`,
      '  not compared: ExecutionRoleArn (Fn::GetAtt DataLifecycleManagerRoleFBA9AFE3.Arn is known only after deployment)',
      '  not compared: PolicyDetails.Schedules["Daily"].FastRestoreRule.AvailabilityZones (Fn::Select from Fn::GetAZs is known only after deployment)',
      `DriftApp/Images2D38C313 -> ${ids.images} (matched by CloudFormation tags): in sync`,
      `DriftApp/SafetyNetE978C806 -> ${ids.safetyNet} (matched by CloudFormation tags): in sync`,
      '  not compared: ExecutionRoleArn (Fn::GetAtt DataLifecycleManagerRoleFBA9AFE3.Arn is known only after deployment)',
      '',
      'No drift: all 3 policies match their templates.',
      '',
    ].join('\n'));
    expect(run.code).toBe(0);
    // the list call, then only the three policies of the app
    expect(dlm.calls('GetLifecyclePolicies')).toHaveLength(1);
    expect(dlm.calls('GetLifecyclePolicy')).toHaveLength(3);
  });

  test.each<[string, (p: typeof ids) => void, string]>([
    ['a retention', () => { inAccount('critical').PolicyDetails.Schedules[0].RetainRule.Interval = 8; },
      'PolicyDetails.Schedules["Daily"].RetainRule.Interval: 4 in the template, 8 in the account'],
    ['a retention unit', () => { inAccount('critical').PolicyDetails.Schedules[1].RetainRule.IntervalUnit = 'WEEKS'; },
      'PolicyDetails.Schedules["Weekly"].RetainRule.IntervalUnit: "MONTHS" in the template, "WEEKS" in the account'],
    ['a cadence', () => { inAccount('images').PolicyDetails.Schedules[0].CreateRule.CronExpression = 'cron(0 0 ? * SUN *)'; },
      'PolicyDetails.Schedules["Weekly"].CreateRule.CronExpression: "cron(0 0 ? * SAT *)" in the template, "cron(0 0 ? * SUN *)" in the account'],
    ['a schedule removed in the account', () => { inAccount('critical').PolicyDetails.Schedules.pop(); },
      'PolicyDetails.Schedules["Weekly"]: (Weekly: weekly on Sunday at 03:00 UTC, keep 12 months) in the template, missing in the account'],
    ['a schedule added in the account', () => {
      inAccount('critical').PolicyDetails.Schedules.push({ Name: 'Hourly', CopyTags: false, CreateRule: { Interval: 1, IntervalUnit: 'HOURS', Location: 'CLOUD' }, RetainRule: { Count: 24 } });
    }, 'PolicyDetails.Schedules["Hourly"]: not in the template, (Hourly: every hour, keep 24) in the account'],
    ['a target tag', () => { inAccount('critical').PolicyDetails.TargetTags[0].Value = 'gold'; },
      'PolicyDetails.TargetTags[backup-tier]: "critical" in the template, "gold" in the account'],
    ['a copy\'s key', () => { inAccount('critical').PolicyDetails.Schedules[0].CrossRegionCopyRules[0].CmkArn = 'arn:aws:kms:us-west-2:111111111111:key/other'; },
      `PolicyDetails.Schedules["Daily"].CrossRegionCopyRules[0].CmkArn: "${WEST_KEY}" in the template, "arn:aws:kms:us-west-2:111111111111:key/other" in the account`],
    ['a copy removed', () => { delete inAccount('critical').PolicyDetails.Schedules[0].CrossRegionCopyRules; },
      'PolicyDetails.Schedules["Daily"].CrossRegionCopyRules: [{ CmkArn: "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", '
      + 'Encrypted: true, RetainRule: { Interval: 3, IntervalUnit: "MONTHS" }, Target: "us-west-2", CopyTags: false }] in the template, missing in the account'],
    ['copying tags (a DLM default in the template)', () => { inAccount('critical').PolicyDetails.Schedules[1].CopyTags = true; },
      'PolicyDetails.Schedules["Weekly"].CopyTags: false in the template, true in the account'],
    ['the state', () => { (inAccount('images') as any).State = 'DISABLED'; },
      'State: "ENABLED" in the template, "DISABLED" in the account'],
    ['the description', () => { (inAccount('critical') as any).Description = 'critical tier (edited in the console)'; },
      'Description: "critical tier" in the template, "critical tier (edited in the console)" in the account'],
    ['the execution role', () => { (inAccount('images') as any).ExecutionRoleArn = 'arn:aws:iam::111111111111:role/console-made'; },
      `ExecutionRoleArn: "${IMAGE_ROLE}" in the template, "arn:aws:iam::111111111111:role/console-made" in the account`],
    ['an AMI parameter', () => { inAccount('images').PolicyDetails.Parameters = { NoReboot: false }; },
      'PolicyDetails.Parameters.NoReboot: true in the template, false in the account'],
    ['a default policy\'s retention', () => { inAccount('safetyNet').PolicyDetails.RetainInterval = 14; },
      'PolicyDetails.RetainInterval: 10 in the template, 14 in the account'],
  ])('drift in %s: exit 1 and the difference in words', async (_what, change, line) => {
    // GIVEN
    change(ids);
    // WHEN
    const run = await drift();
    // THEN
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(l => l.startsWith('  - '))).toEqual([`  - ${line}`]);
    expect(run.stdout).toMatch(/\n\nDrift: 1 differ \(of 3 policies\)\.\n$/);
    expect(run.code).toBe(1);
  });

  test('a policy in ERROR shows DLM\'s status message', async () => {
    Object.assign(inAccount('safetyNet'), { State: 'ERROR', StatusMessage: 'Role arn is not valid' });
    const run = await drift();
    expect(run.stdout).toContain(`DriftApp/SafetyNetE978C806 -> ${ids.safetyNet} (matched by CloudFormation tags): 1 difference\n`
      + '  - State: "ENABLED" in the template, "ERROR" in the account (DLM says: Role arn is not valid)\n');
    expect(run.code).toBe(1);
  });

  test('a policy that is not deployed is drift', async () => {
    dlm.policies = dlm.policies.filter(p => p.PolicyId !== ids.images);
    const run = await drift();
    expect(run.stdout).toContain('DriftApp/Images2D38C313: not deployed: no DLM policy is tagged aws:cloudformation:stack-name=DriftApp and '
      + 'aws:cloudformation:logical-id=Images2D38C313, and none has the description "AMI policy DriftApp Images"\n');
    expect(run.stdout).toMatch(/\nDrift: 1 not deployed \(of 3 policies\)\.\n$/);
    expect(run.code).toBe(1);
  });

  test('without CloudFormation\'s tags, the policy is found by its description', async () => {
    const p = inAccount('critical');
    p.Tags = {};
    const run = await drift();
    expect(run.stdout).toContain(`DriftApp/Critical6684A27F -> ${ids.critical} (matched by description): in sync\n`);
    expect(run.code).toBe(0);
  });

  test('two untagged policies with the same description cannot be told apart: exit 2', async () => {
    const p = inAccount('critical');
    p.Tags = {};
    dlm.policies.push({ ...p, PolicyId: 'policy-0ddba11' });
    const run = await drift();
    expect(run.stdout).toContain(`DriftApp/Critical6684A27F: cannot tell which deployed policy it is: ${ids.critical}, policy-0ddba11 all have its description\n`);
    expect(run.code).toBe(2);
  });

  test('each stack is checked in its own Region; --region overrides it', async () => {
    await drift();
    expect(dlm.requests.every(r => r.region === REGION)).toBe(true);
    dlm.reset();
    const run = await drift('--region', 'eu-west-1');
    expect(run.code).toBe(0);
    expect(dlm.requests.every(r => r.region === 'eu-west-1')).toBe(true);
  });

  test('access denied is an error (exit 2), not drift', async () => {
    dlm.deny('GetLifecyclePolicy');
    const run = await drift();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk-tiered-backup: access denied: the credentials lack the permission dlm:GetLifecyclePolicy on policy-[0-9a-f]+ \(AccessDeniedException: /);
  });
});

describe('malformed cdk.out', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(REPO_ROOT, 'tmp', 'cli-bad-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each<[string, (d: string) => void, (d: string) => string]>([
    ['a missing directory', d => fs.rmSync(d, { recursive: true }), d => `${d} does not exist: synthesize the app first (\`cdk synth\`) or pass the cloud assembly directory`],
    ['no manifest.json', () => undefined, d => `${d} is not a cloud assembly: manifest.json is missing (run \`cdk synth\` first)`],
    ['a manifest that is not JSON', d => fs.writeFileSync(path.join(d, 'manifest.json'), '{"version": '),
      d => `${path.join(d, 'manifest.json')} is not valid JSON (`],
    ['a stack without its template', d => fs.writeFileSync(path.join(d, 'manifest.json'), JSON.stringify({
      version: '55.0.0', artifacts: { Prod: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Prod.template.json' } } },
    })), d => `${path.join(d, 'manifest.json')} names Prod.template.json for stack Prod, but the file is missing`],
    ['a template whose Resources is not an object', d => {
      fs.writeFileSync(path.join(d, 'manifest.json'), JSON.stringify({ artifacts: { Prod: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Prod.template.json' } } } }));
      fs.writeFileSync(path.join(d, 'Prod.template.json'), JSON.stringify({ Resources: [] }));
    }, d => `${path.join(d, 'Prod.template.json')} is malformed: "Resources" is not an object`],
  ])('%s is one error line, exit 2', async (_what, make, message) => {
    make(dir);
    for (const argv of [['drift', '--app', dir, '--endpoint-url', dlm.url], ['report', dir]]) {
      const run = await runCli(argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`cdk-tiered-backup: ${message(dir)}`)).toBe(true);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(dlm.requests).toEqual([]); // nothing was asked of DLM
  });
});

describe('report', () => {
  test('summarizes each policy of the app, offline', async () => {
    const run = await runCli(['report', app.outdir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([
      '3 DLM policies in 1 stack',
      '',
      'DriftApp/Critical6684A27F (DriftApp/Critical)',
      '  description: critical tier',
      '  type:        snapshots (volumes)',
      '  state:       ENABLED',
      '  targets:     backup-tier=critical',
      '  schedules:   Daily: daily at 02:00 UTC, keep 4 weeks, fast restore in <Fn::Select from Fn::GetAZs> (newest 2), copy to us-west-2 (keep 3 months)',
      '               Weekly: weekly on Sunday at 03:00 UTC, keep 12 months',
      '',
      'DriftApp/Images2D38C313 (DriftApp/Images)',
      '  description: AMI policy DriftApp Images',
      '  type:        AMIs',
      '  state:       ENABLED',
      '  targets:     ami-backup=web',
      '  schedules:   Weekly: weekly on Saturday at 00:00 UTC, keep 4, deprecate after 2',
      '',
      'DriftApp/SafetyNetE978C806 (DriftApp/SafetyNet)',
      '  description: Default policy DriftApp SafetyNet',
      '  type:        default (volumes)',
      '  state:       ENABLED',
      '  targets:     every resource without a recent backup',
      '  schedules:   every 1 day, keep 10 days',
      '',
    ].join('\n'));
    expect(dlm.requests).toEqual([]);
  });

  test('prints the plan report the app attached at synth, after the policies', async () => {
    // GIVEN the example app, which attaches BackupPlanReport to its assembly
    const example = testApp();
    buildExample(example);
    example.synth();
    const written = fs.readFileSync(path.join(example.outdir, 'backup-plan-report.md'), 'utf8');
    // WHEN
    const run = await runCli(['report', example.outdir]);
    // THEN
    expect(run.code).toBe(0);
    // one per tier, and one per rung of the database tier (its hook: DLM runs scripts for one schedule per policy)
    expect(run.stdout).toMatch(/^6 DLM policies in 1 stack\n/);
    expect(run.stdout.endsWith(`\n${written}`)).toBe(true);
    expect(written).toMatch(/^# Backup plan report/);
  });
});
