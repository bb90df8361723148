/**
 * `cdk-tiered-backup report [cdk.out]`: what the DLM policies of a synthesized app do, offline.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPORT_FILES } from '../../compliance/report-files';
import { CommandSpec, ParsedArgs } from '../args';
import { readAssembly, TemplatePolicy } from '../assembly';
import { ExitCode } from '../errors';
import { resolve, ResolvedObject } from '../intrinsics';
import { CliIo } from '../io';
import { apiShapeOfTemplate } from '../model';
import { policyType, schedules, targets, text } from '../words';

export const REPORT: CommandSpec = {
  name: 'report',
  summary: 'Summarize the DLM policies of a synthesized app (offline).',
  details: [
    'Reads the cloud assembly (manifest.json and the *.template.json files it names) and prints,',
    'for each AWS::DLM::LifecyclePolicy: stack, construct, type, state, targets and schedules in words.',
    'When the app attached the plan report (BackupPlanReport.attach), its Markdown (worst-case RPO,',
    'retention horizon, restore points, cost estimate) follows. Needs no AWS credentials.',
    'The directory defaults to ./cdk.out.',
  ].join('\n'),
  positionals: [{ name: 'cdk.out', description: 'the cloud assembly directory (default: cdk.out)' }],
  options: [],
};

/** Runs `report`. */
export async function runReport(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const dir = path.resolve(io.cwd, args.positionals[0] ?? 'cdk.out');
  const policies = readAssembly(dir);
  if (policies.length === 0) {
    io.stdout(`No DLM policies in ${path.relative(io.cwd, dir) || '.'}.\n`);
  } else {
    const stacks = new Set(policies.map(p => p.stackName)).size;
    io.stdout(`${policies.length} DLM ${policies.length === 1 ? 'policy' : 'policies'} in ${stacks} ${stacks === 1 ? 'stack' : 'stacks'}\n`);
    for (const policy of policies) io.stdout('\n' + summarize(policy));
  }
  // the plan report the app wrote at synth (BackupPlanReport.attach), computed from its tiers
  const planReport = path.join(dir, REPORT_FILES.markdown);
  if (fs.existsSync(planReport)) io.stdout('\n' + fs.readFileSync(planReport, 'utf8'));
  return ExitCode.OK;
}

/** One policy's summary, several lines. */
export function summarize(policy: TemplatePolicy): string {
  const shape = apiShapeOfTemplate(policy.properties);
  const ctx = { region: policy.region, account: policy.account, stackName: policy.stackName, resources: policy.resources };
  const details = resolve(shape.PolicyDetails, ctx) as ResolvedObject | undefined;
  const lines = [
    `${policy.stackDisplayName}/${policy.logicalId}${policy.constructPath ? ` (${policy.constructPath})` : ''}`,
    `  description: ${text(resolve(shape.Description, ctx))}`,
    `  type:        ${policyType(details)}`,
    `  state:       ${text(resolve(shape.State, ctx) ?? 'ENABLED')}`,
    `  targets:     ${targets(details).join(', ') || '-'}`,
    ...schedules(details).map((s, i) => `  ${i === 0 ? 'schedules:  ' : '            '} ${s}`),
  ];
  return lines.join('\n') + '\n';
}
