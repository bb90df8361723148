#!/usr/bin/env node
/**
 * `cdk-tiered-backup`: the command-line companion of the constructs.
 *
 *   report [cdk.out]                 what the DLM policies of a synthesized app do (offline)
 *   status                           every DLM policy of the account and Region
 *   drift --app cdk.out              templates vs deployed policies, field by field
 *   import --policy-id ID | --all    TypeScript that reproduces deployed policies
 *   points --tier T | --volume V     the restore points (EBS snapshots), newest first
 *   restore --volume V | --snapshot S   a volume from the right snapshot, attached when asked
 *
 * Loaded only through the package's `bin`: `src/index.ts` never imports it, so the constructs
 * never load the AWS SDK.
 */
import { CommandSpec, formatHelp, parseArgs, ParsedArgs } from './args';
import { DRIFT, runDrift } from './commands/drift';
import { IMPORT, runImport } from './commands/import';
import { POINTS, runPoints } from './commands/points';
import { REPORT, runReport } from './commands/report';
import { RESTORE, runRestore } from './commands/restore';
import { runStatus, STATUS } from './commands/status';
import { CliError, ExitCode, oneLine, UsageError } from './errors';
import { CliIo, processIo } from './io';

export type { CliIo } from './io';
export { ExitCode } from './errors';

interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<ExitCode>;
}

const COMMANDS: readonly Command[] = [
  { spec: REPORT, run: runReport },
  { spec: STATUS, run: runStatus },
  { spec: DRIFT, run: runDrift },
  { spec: IMPORT, run: runImport },
  { spec: POINTS, run: runPoints },
  { spec: RESTORE, run: runRestore },
];

/** The top-level `--help`. */
function usage(): string {
  const width = Math.max(...COMMANDS.map(c => c.spec.name.length));
  return [
    'Usage: cdk-tiered-backup <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map(c => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    'Run `cdk-tiered-backup <command> --help` for the options of a command.',
    'Credentials come from the standard AWS chain (environment, --profile / AWS_PROFILE, SSO,',
    'container and instance roles). Throttled requests are retried with backoff (AWS_MAX_ATTEMPTS,',
    'default 5 attempts).',
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code:
 * 0 success, 1 drift found, 2 error. Errors are written to `io.stderr` as one line.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      io.stdout(usage());
      return name === undefined ? ExitCode.ERROR : ExitCode.OK;
    }
    const command = COMMANDS.find(c => c.spec.name === name);
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; the commands are ${COMMANDS.map(c => c.spec.name).join(', ')}`);
    const args = parseArgs(command.spec, rest);
    if (args.help) {
      io.stdout(formatHelp(command.spec));
      return ExitCode.OK;
    }
    return await command.run(args, io);
  } catch (e) {
    const message = e instanceof CliError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    io.stderr(`cdk-tiered-backup: ${oneLine(message)}\n`);
    return ExitCode.ERROR;
  }
}

if (require.main === module) {
  // The SDK warns on every run under Node.js < 22 that *future* SDK releases will need it; the
  // SDK bundled with this package does not change, so the warning says nothing to CLI users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // `cdk-tiered-backup status | head`: a closed pipe ends the output, not with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
