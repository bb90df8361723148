/**
 * `cdk-tiered-backup drift --app cdk.out`: compares each DLM policy of the synthesized templates
 * with the deployed one, field by field.
 */
import * as path from 'path';
import { AWS_OPTIONS, CommandSpec, ParsedArgs, stringOption } from '../args';
import { readAssembly, TemplatePolicy } from '../assembly';
import { awsOptions } from './common';
import { compare, Comparison, describeDifference } from '../compare';
import { DlmReader, PolicySummary } from '../dlm';
import { ExitCode } from '../errors';
import { environmentOfArn, resolve } from '../intrinsics';
import { CliIo } from '../io';
import { apiShapeOfDeployed, apiShapeOfTemplate, CFN_LOGICAL_ID_TAG, CFN_STACK_NAME_TAG, DeployedPolicy, tagMap, withDlmDefaults } from '../model';

export const DRIFT: CommandSpec = {
  name: 'drift',
  summary: 'Compare the DLM policies of a synthesized app with the deployed ones.',
  details: [
    'Finds the deployed policy of each AWS::DLM::LifecyclePolicy in the templates by the tags',
    `CloudFormation puts on it (${CFN_STACK_NAME_TAG} and ${CFN_LOGICAL_ID_TAG}),`,
    'else by its description (and its own tags), and compares Description, State, ExecutionRoleArn',
    'and PolicyDetails field by field, with DLM\'s defaults filled in on both sides. Values the',
    'template knows only after deployment (Fn::GetAtt of a generated role, Ref of a resource) are',
    'skipped and listed. Each stack is checked in its own Region unless --region is given.',
    '',
    'Exit code: 0 in sync, 1 drift (a difference, or a policy that is not deployed), 2 error.',
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'app', type: 'string', valueName: 'DIR', description: 'the cloud assembly directory (default: cdk.out)' },
    ...AWS_OPTIONS,
  ],
};

/** The drift of one synthesized policy. */
interface PolicyDrift {
  readonly policy: TemplatePolicy;
  readonly deployed?: DeployedPolicy;
  readonly matchedBy?: string;
  /** Why no deployed policy was compared (not deployed, ambiguous). */
  readonly unmatched?: string;
  readonly ambiguous?: boolean;
  readonly comparison?: Comparison;
}

/** Runs `drift`. */
export async function runDrift(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const dir = path.resolve(io.cwd, stringOption(args, 'app') ?? 'cdk.out');
  const policies = readAssembly(dir);
  if (policies.length === 0) {
    io.stdout(`No DLM policies in ${path.relative(io.cwd, dir) || '.'}: nothing to compare.\n`);
    return ExitCode.OK;
  }
  const options = awsOptions(args);
  // one reader per Region: a stack's own Region unless --region overrides it
  const byRegion = new Map<string, TemplatePolicy[]>();
  for (const p of policies) {
    const key = options.region ?? p.region ?? '';
    byRegion.set(key, [...byRegion.get(key) ?? [], p]);
  }
  const results = new Map<TemplatePolicy, PolicyDrift>();
  for (const [region, group] of byRegion) {
    const reader = new DlmReader({ ...options, region: region || undefined }, io);
    try {
      for (const drift of await driftIn(reader, group)) results.set(drift.policy, drift);
    } finally {
      reader.close();
    }
  }
  const drifts = policies.map(p => results.get(p)!);
  for (const d of drifts) io.stdout(report(d));
  return summary(drifts, io);
}

async function driftIn(reader: DlmReader, policies: TemplatePolicy[]): Promise<PolicyDrift[]> {
  const summaries = await reader.listPolicies();
  const matches = policies.map(p => match(p, summaries));
  const ids = [...new Set(matches.flatMap(m => (m.summary ? [m.summary.PolicyId] : [])))];
  const deployed = new Map((await reader.getPolicies(ids)).map(d => [d.PolicyId, d]));
  return policies.map((policy, i) => {
    const m = matches[i];
    if (!m.summary) return { policy, unmatched: m.reason, ambiguous: m.ambiguous };
    const d = deployed.get(m.summary.PolicyId)!;
    return { policy, deployed: d, matchedBy: m.reason, comparison: comparePolicy(policy, d) };
  });
}

interface Match {
  readonly summary?: PolicySummary;
  readonly reason: string;
  readonly ambiguous?: boolean;
}

/** Finds the deployed policy of `policy`: by CloudFormation's tags, else by description (and the template's own tags). */
function match(policy: TemplatePolicy, summaries: PolicySummary[]): Match {
  const byTags = summaries.find(s => s.Tags?.[CFN_STACK_NAME_TAG] === policy.stackName && s.Tags?.[CFN_LOGICAL_ID_TAG] === policy.logicalId);
  if (byTags) return { summary: byTags, reason: 'CloudFormation tags' };
  const description = resolve(policy.properties.Description, { stackName: policy.stackName, region: policy.region, account: policy.account });
  const ownTags = Object.entries(tagMap(policy.properties.Tags));
  const candidates = typeof description !== 'string' ? [] : summaries.filter(s =>
    s.Description === description
    && s.Tags?.[CFN_STACK_NAME_TAG] === undefined // a policy of another stack is not this one
    && ownTags.every(([k, v]) => s.Tags?.[k] === v));
  const notFound = `not deployed: no DLM policy is tagged ${CFN_STACK_NAME_TAG}=${policy.stackName} and ${CFN_LOGICAL_ID_TAG}=${policy.logicalId}`;
  if (candidates.length === 1) return { summary: candidates[0], reason: 'description' };
  if (candidates.length > 1) {
    return { reason: `cannot tell which deployed policy it is: ${candidates.map(c => c.PolicyId).join(', ')} all have its description`, ambiguous: true };
  }
  return { reason: typeof description === 'string' ? `${notFound}, and none has the description ${JSON.stringify(description)}` : notFound };
}

/** Compares the template's policy with the deployed one. */
export function comparePolicy(policy: TemplatePolicy, deployed: DeployedPolicy): Comparison {
  const ctx = {
    ...environmentOfArn(deployed.PolicyArn ?? deployed.ExecutionRoleArn),
    stackName: policy.stackName,
    resources: policy.resources,
  };
  const t = apiShapeOfTemplate(policy.properties);
  const d = apiShapeOfDeployed(deployed);
  const out: Comparison = { differences: [], skipped: [] };
  compare('Description', resolve(t.Description, ctx), d.Description, out);
  compare('State', resolve(t.State, ctx) ?? 'ENABLED', d.State, out);
  compare('ExecutionRoleArn', resolve(t.ExecutionRoleArn, ctx), d.ExecutionRoleArn, out);
  if (t.DefaultPolicy !== d.DefaultPolicy) {
    out.differences.push({ path: 'DefaultPolicy', template: t.DefaultPolicy, deployed: d.DefaultPolicy });
  }
  compare('PolicyDetails', resolve(withDlmDefaults(t.PolicyDetails, t.DefaultPolicy), ctx), withDlmDefaults(d.PolicyDetails, d.DefaultPolicy), out);
  return out;
}

function report(d: PolicyDrift): string {
  const name = `${d.policy.stackDisplayName}/${d.policy.logicalId}`;
  if (!d.deployed) return `${name}: ${d.unmatched}\n`;
  const c = d.comparison!;
  const head = `${name} -> ${d.deployed.PolicyId} (matched by ${d.matchedBy})`;
  const lines = [c.differences.length === 0 ? `${head}: in sync` : `${head}: ${c.differences.length} ${c.differences.length === 1 ? 'difference' : 'differences'}`];
  for (const diff of c.differences) {
    const status = diff.path === 'State' && d.deployed.State === 'ERROR' && d.deployed.StatusMessage ? ` (DLM says: ${d.deployed.StatusMessage})` : '';
    lines.push(`  - ${describeDifference(diff)}${status}`);
  }
  for (const s of c.skipped) lines.push(`  not compared: ${s.path} (${s.reason})`);
  return lines.join('\n') + '\n';
}

function summary(drifts: PolicyDrift[], io: CliIo): ExitCode {
  const ambiguous = drifts.filter(d => d.ambiguous).length;
  const missing = drifts.filter(d => !d.deployed && !d.ambiguous).length;
  const differing = drifts.filter(d => d.comparison && d.comparison.differences.length > 0).length;
  const total = drifts.length;
  const of = `${total} ${total === 1 ? 'policy' : 'policies'}`;
  if (ambiguous > 0) {
    io.stdout(`\nCould not check ${ambiguous} of ${of}: give each policy its own description or tags.\n`);
    return ExitCode.ERROR;
  }
  if (differing + missing === 0) {
    io.stdout(`\nNo drift: ${total === 1 ? 'the policy matches its template' : `all ${of} match their templates`}.\n`);
    return ExitCode.OK;
  }
  const parts = [differing > 0 ? `${differing} differ` : '', missing > 0 ? `${missing} not deployed` : ''].filter(Boolean);
  io.stdout(`\nDrift: ${parts.join(', ')} (of ${of}).\n`);
  return ExitCode.DRIFT;
}
