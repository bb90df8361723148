/**
 * `cdk-tiered-backup import --policy-id ID | --all`: prints TypeScript that reproduces deployed
 * DLM policies with this library's constructs.
 */
import { AWS_OPTIONS, CommandSpec, ParsedArgs, stringOption } from '../args';
import { generateTypeScript, GENERATED_CLASS } from '../codegen';
import { awsOptions } from './common';
import { DlmReader } from '../dlm';
import { ExitCode, UsageError } from '../errors';
import { CliIo } from '../io';
import { loadSynthCheck } from '../verify';

export const IMPORT: CommandSpec = {
  name: 'import',
  summary: 'Print TypeScript that reproduces deployed DLM policies with this library.',
  details: [
    `Prints a module with one construct class, ${GENERATED_CLASS}, that creates each policy with`,
    'SnapshotPolicy, AmiPolicy, DefaultPolicy or CrossAccountCopyPolicy. Synthesized, it gives the',
    'same PolicyDetails, description, state and execution role. Whatever the library cannot express',
    'exactly is marked `// NOT REPRODUCED:` in the code and listed on stderr as a warning. Each',
    'policy\'s code is run with the library (it needs aws-cdk-lib); what the library refuses is',
    'marked `// DOES NOT SYNTHESIZE:`, listed on stderr as an error, and the exit code is 2.',
    '',
    'Example: cdk-tiered-backup import --all --region eu-west-1 > lib/dlm-policies.ts',
  ].join('\n'),
  positionals: [],
  options: [
    { name: 'policy-id', type: 'string', valueName: 'ID', description: 'the policy to import (policy-0123456789abcdef0)' },
    { name: 'all', type: 'boolean', description: 'import every policy of the account and Region' },
    ...AWS_OPTIONS,
  ],
};

const POLICY_ID = /^policy-[a-f0-9]+$/;

/** Runs `import`. */
export async function runImport(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const policyId = stringOption(args, 'policy-id');
  const all = args.options.all === true;
  if (policyId === undefined && !all) throw new UsageError('give --policy-id ID or --all', 'import');
  if (policyId !== undefined && all) throw new UsageError('give --policy-id or --all, not both', 'import');
  if (policyId !== undefined && !POLICY_ID.test(policyId)) {
    throw new UsageError(`--policy-id must look like policy-0123456789abcdef0, got ${JSON.stringify(policyId)}`, 'import');
  }
  const reader = new DlmReader(awsOptions(args), io);
  try {
    const policies = all ? await reader.allPolicies() : [await reader.getPolicy(policyId!)];
    if (policies.length === 0) {
      io.stderr(`No DLM policies in ${await reader.region() ?? 'this Region'}: nothing to import.\n`);
      return ExitCode.OK;
    }
    const check = loadSynthCheck();
    if (typeof check === 'string') io.stderr(`warning: the generated code is not checked against the library: ${check}\n`);
    const { code, warnings, errors } = generateTypeScript(policies, { region: await reader.region() }, typeof check === 'string' ? undefined : check);
    io.stdout(code);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    for (const e of errors) io.stderr(`error: ${e}\n`);
    return errors.length > 0 ? ExitCode.ERROR : ExitCode.OK;
  } finally {
    reader.close();
  }
}
