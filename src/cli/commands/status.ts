/**
 * `cdk-tiered-backup status`: every DLM policy of the account and Region, with what it does and
 * where it comes from, and each tier's last measured restore time (the restore drills' metrics).
 */
import { AWS_OPTIONS, CommandSpec, ParsedArgs, stringOption } from '../args';
import { awsOptions } from './common';
import { METRIC_NAMESPACE_PATTERN, METRIC_NAMESPACE_TEXT, RESTORE_METRICS_NAMESPACE } from '../../restore/metric-names';
import { CloudWatchApi, DEFAULT_RESTORE_DAYS, MAX_RESTORE_DAYS, TierRestore } from '../cloudwatch';
import { DlmReader } from '../dlm';
import { elapsedText } from '../ec2';
import { CliError, ExitCode, UsageError } from '../errors';
import { CliIo } from '../io';
import { CFN_LOGICAL_ID_TAG, CFN_STACK_NAME_TAG, DeployedPolicy } from '../model';
import { renderTable } from '../table';
import { policyType, schedules, targets } from '../words';

/** The policy tag that names a policy's tier. */
export const TIER_TAG = 'cdk-tiered-backup:tier';

export const STATUS: CommandSpec = {
  name: 'status',
  summary: 'List every DLM policy of the account and Region, with its state and schedules, and each tier\'s last restore time.',
  details: [
    'Calls GetLifecyclePolicies, then GetLifecyclePolicy for each policy (needs dlm:GetLifecyclePolicies',
    'and dlm:GetLifecyclePolicy). The STATUS column shows DLM\'s status message when the policy is in',
    'ERROR (for example a broken execution role). STACK and TIER come from the policy\'s tags:',
    `${CFN_STACK_NAME_TAG}, and ${TIER_TAG} or a target tag whose key contains "tier".`,
    'Then, for those tiers and every tier with restore metrics (ListMetrics), the last measured restore',
    'time and the last drill\'s outcome that RestoreDrill and RestoreTestingRtoAlarms published',
    '(GetMetricData: RestoreSeconds, RestoreSucceeded, dimension Tier, one-hour periods; needs',
    'cloudwatch:ListMetrics and cloudwatch:GetMetricData). Without them, or with --skip-restore-times, the',
    'policies are still listed (a line on stderr says why the restore times are missing).',
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'json', type: 'boolean', description: 'print JSON (one array of policies; a tier\'s policies carry its lastRestore) instead of a table' },
    ...AWS_OPTIONS,
    { name: 'drill-namespace', type: 'string', valueName: 'NAMESPACE', description: `the CloudWatch namespace of the restore metrics (default: ${RESTORE_METRICS_NAMESPACE})` },
    { name: 'restore-days', type: 'string', valueName: 'DAYS', description: `how many days back to look for restore metrics, 1-${MAX_RESTORE_DAYS} (default: ${DEFAULT_RESTORE_DAYS})` },
    { name: 'skip-restore-times', type: 'boolean', description: 'do not read the restore metrics (no CloudWatch call)' },
    { name: 'cloudwatch-endpoint-url', type: 'string', valueName: 'URL', description: 'send CloudWatch requests to this endpoint' },
  ],
};

/** What `status --json` prints for one policy. */
export interface PolicyStatus {
  readonly policyId: string;
  readonly state?: string;
  readonly statusMessage?: string;
  readonly type: string;
  readonly description?: string;
  readonly targets: string[];
  readonly schedules: string[];
  readonly stack?: string;
  readonly logicalId?: string;
  readonly tier?: string;
  readonly executionRoleArn?: string;
  readonly policyArn?: string;
  readonly dateModified?: string;
  readonly policyDetails?: unknown;
  /** What the restore drills of the policy's tier last reported (absent when not read). */
  readonly lastRestore?: Omit<TierRestore, 'tier'>;
}

/** Runs `status`. */
export async function runStatus(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const restoreOptions = restoreOptionsOf(args);
  const reader = new DlmReader(awsOptions(args), io);
  try {
    const policies = await reader.allPolicies();
    let statuses = policies.map(statusOf);
    const restores = restoreOptions ? await readRestoreTimes(args, io, restoreOptions, statuses) : undefined;
    if (restores) {
      const byTier = new Map(restores.map(r => [r.tier, r]));
      statuses = statuses.map(s => {
        const restore = s.tier !== undefined ? byTier.get(s.tier) : undefined;
        if (!restore) return s;
        const { tier: _tier, ...lastRestore } = restore;
        return { ...s, lastRestore };
      });
    }
    if (args.options.json) {
      io.stdout(JSON.stringify(statuses, undefined, 2) + '\n');
      return ExitCode.OK;
    }
    const region = await reader.region();
    if (statuses.length === 0) {
      io.stdout(`No DLM policies in ${region ?? 'this Region'}.\n`);
      if (restores && restores.length > 0) io.stdout(`\n${restoreSection(restores, restoreOptions!)}`);
      return ExitCode.OK;
    }
    io.stdout(renderTable(
      ['POLICY', 'STATE', 'TYPE', 'TARGETS', 'SCHEDULES', 'STACK / TIER', 'STATUS'],
      statuses.map(s => [
        s.policyId,
        s.state ?? '-',
        s.type,
        s.targets,
        s.schedules,
        [s.stack ?? '-', ...(s.tier ? [`tier ${s.tier}`] : [])],
        s.state === 'ERROR' || (s.statusMessage && s.statusMessage !== s.state) ? s.statusMessage ?? '' : '',
      ]),
    ));
    const errors = statuses.filter(s => s.state === 'ERROR').length;
    io.stdout(`\n${statuses.length} ${statuses.length === 1 ? 'policy' : 'policies'} in ${region ?? 'this Region'}`
      + `${errors > 0 ? `, ${errors} in ERROR` : ''}\n`);
    if (restores && restores.length > 0) io.stdout(`\n${restoreSection(restores, restoreOptions!)}`);
    return ExitCode.OK;
  } finally {
    reader.close();
  }
}

/** Where and how far back to look for restore metrics. */
interface RestoreOptions {
  readonly namespace: string;
  readonly days: number;
}

/** The restore options, or undefined with --skip-restore-times. */
function restoreOptionsOf(args: ParsedArgs): RestoreOptions | undefined {
  if (args.options['skip-restore-times']) return undefined;
  const namespace = stringOption(args, 'drill-namespace') ?? RESTORE_METRICS_NAMESPACE;
  if (!METRIC_NAMESPACE_PATTERN.test(namespace)) {
    throw new UsageError(`--drill-namespace must be ${METRIC_NAMESPACE_TEXT}, got ${JSON.stringify(namespace)}`);
  }
  const daysText = stringOption(args, 'restore-days');
  const days = daysText === undefined ? DEFAULT_RESTORE_DAYS : Number(daysText);
  if (!Number.isInteger(days) || days < 1 || days > MAX_RESTORE_DAYS) {
    throw new UsageError(`--restore-days must be a whole number of days from 1 to ${MAX_RESTORE_DAYS} (CloudWatch keeps hourly data for 455 days), got ${JSON.stringify(daysText)}`);
  }
  return { namespace, days };
}

/**
 * The restore times of the policies' tiers and of every tier with restore metrics; undefined
 * (and a line on stderr) when CloudWatch cannot be read: the policies are listed all the same.
 */
async function readRestoreTimes(args: ParsedArgs, io: CliIo, options: RestoreOptions,
  statuses: readonly PolicyStatus[]): Promise<TierRestore[] | undefined> {
  const cloudwatch = new CloudWatchApi({ ...awsOptions(args), endpointUrl: stringOption(args, 'cloudwatch-endpoint-url') }, io);
  try {
    const tiers = new Set(statuses.map(s => s.tier).filter((t): t is string => t !== undefined));
    for (const tier of await cloudwatch.tiersWithMetrics(options.namespace)) tiers.add(tier);
    if (tiers.size === 0) return [];
    return await cloudwatch.restoreTimes(options.namespace, [...tiers].sort(), options.days, new Date());
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.stderr(`restore times not shown: ${e.message} (--skip-restore-times leaves CloudWatch out)\n`);
    return undefined;
  } finally {
    cloudwatch.close();
  }
}

/** The table of restore times. */
function restoreSection(restores: readonly TierRestore[], options: RestoreOptions): string {
  const hour = (iso: string | undefined) => (iso === undefined ? '-' : `${iso.slice(0, 13).replace('T', ' ')}:00 UTC`);
  return `Restore drills (CloudWatch ${options.namespace}, the last ${options.days} days; times are the hour they fall in):\n`
    + renderTable(
      ['TIER', 'LAST RESTORE TIME', 'MEASURED', 'LAST DRILL'],
      restores.map(r => [
        r.tier,
        r.lastRestoreSeconds === undefined ? 'never measured' : elapsedText(r.lastRestoreSeconds * 1000),
        hour(r.lastRestoreHour),
        r.lastDrillSucceeded === undefined ? 'none' : `${r.lastDrillSucceeded ? 'succeeded' : 'FAILED'} ${hour(r.lastDrillHour)}`,
      ]),
    );
}

/** The status of one policy. */
export function statusOf(policy: DeployedPolicy): PolicyStatus {
  const tags = policy.Tags ?? {};
  const details = policy.PolicyDetails;
  return {
    policyId: policy.PolicyId,
    state: policy.State,
    statusMessage: policy.StatusMessage,
    type: policyType(details),
    description: policy.Description,
    targets: targets(details),
    schedules: schedules(details),
    stack: tags[CFN_STACK_NAME_TAG],
    logicalId: tags[CFN_LOGICAL_ID_TAG],
    tier: tags[TIER_TAG] ?? tierFromTargetTags(details),
    executionRoleArn: policy.ExecutionRoleArn,
    policyArn: policy.PolicyArn,
    dateModified: policy.DateModified,
    policyDetails: details,
  };
}

function tierFromTargetTags(details: DeployedPolicy['PolicyDetails']): string | undefined {
  const tags = Array.isArray(details?.TargetTags) ? details.TargetTags : [];
  for (const tag of tags) {
    if (typeof tag === 'object' && tag !== null && !Array.isArray(tag) && typeof tag.Key === 'string' && /tier/i.test(tag.Key)) {
      return String(tag.Value);
    }
  }
  return undefined;
}
