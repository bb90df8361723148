/**
 * `cdk-tiered-backup status`: every DLM policy of the account and Region, with what it does and
 * where it comes from.
 */
import { AWS_OPTIONS, CommandSpec, ParsedArgs } from '../args';
import { awsOptions } from './common';
import { DlmReader } from '../dlm';
import { ExitCode } from '../errors';
import { CliIo } from '../io';
import { CFN_LOGICAL_ID_TAG, CFN_STACK_NAME_TAG, DeployedPolicy } from '../model';
import { renderTable } from '../table';
import { policyType, schedules, targets } from '../words';

/** The policy tag that names a policy's tier. */
export const TIER_TAG = 'cdk-tiered-backup:tier';

export const STATUS: CommandSpec = {
  name: 'status',
  summary: 'List every DLM policy of the account and Region, with its state and schedules.',
  details: [
    'Calls GetLifecyclePolicies, then GetLifecyclePolicy for each policy (needs dlm:GetLifecyclePolicies',
    'and dlm:GetLifecyclePolicy). The STATUS column shows DLM\'s status message when the policy is in',
    'ERROR (for example a broken execution role). STACK and TIER come from the policy\'s tags:',
    `${CFN_STACK_NAME_TAG}, and ${TIER_TAG} or a target tag whose key contains "tier".`,
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'json', type: 'boolean', description: 'print JSON (one array of policies) instead of a table' },
    ...AWS_OPTIONS,
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
}

/** Runs `status`. */
export async function runStatus(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const reader = new DlmReader(awsOptions(args), io);
  try {
    const policies = await reader.allPolicies();
    const statuses = policies.map(statusOf);
    if (args.options.json) {
      io.stdout(JSON.stringify(statuses, undefined, 2) + '\n');
      return ExitCode.OK;
    }
    const region = await reader.region();
    if (statuses.length === 0) {
      io.stdout(`No DLM policies in ${region ?? 'this Region'}.\n`);
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
    return ExitCode.OK;
  } finally {
    reader.close();
  }
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
