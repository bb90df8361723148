/**
 * A small command-line parser (the CLI has no runtime dependency besides the DLM client):
 * `--name value`, `--name=value`, boolean `--flag`, `-h`/`--help`, positionals, and `--` to end
 * the options. Unknown options and missing values are usage errors.
 */
import { UsageError } from './errors';

/** One option of a command. */
export interface OptionSpec {
  /** The long name, without dashes. */
  readonly name: string;
  /** `string` options take a value; `boolean` options do not. */
  readonly type: 'string' | 'boolean';
  /** One line for `--help`. */
  readonly description: string;
  /** The value's placeholder in `--help`, e.g. `ID`. */
  readonly valueName?: string;
}

/** A command: its name, help text, positionals and options. */
export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs after the usage line. */
  readonly details: string;
  /** Positional arguments, in order. */
  readonly positionals: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly options: readonly OptionSpec[];
}

/** The result of parsing. */
export interface ParsedArgs {
  readonly options: { readonly [name: string]: string | boolean | undefined };
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** The options every command that calls DLM takes. */
export const AWS_OPTIONS: readonly OptionSpec[] = [
  { name: 'region', type: 'string', valueName: 'REGION', description: 'AWS Region (default: AWS_REGION or the profile\'s region)' },
  { name: 'profile', type: 'string', valueName: 'NAME', description: 'profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)' },
  { name: 'endpoint-url', type: 'string', valueName: 'URL', description: 'send DLM requests to this endpoint (a DLM-compatible service)' },
];

/** Parses `argv` (the arguments after the command name) against `spec`. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options: { [name: string]: string | boolean | undefined } = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const option = spec.options.find(o => o.name === name);
    if (!arg.startsWith('--') || option === undefined) {
      throw new UsageError(`unknown option ${eq >= 0 ? arg.slice(0, eq) : arg} for \`${spec.name}\``, spec.name);
    }
    if (options[name] !== undefined) throw new UsageError(`--${name} is given twice`, spec.name);
    if (option.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`, spec.name);
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value (${option.valueName ?? 'VALUE'})`, spec.name);
    }
    if (value === '') throw new UsageError(`--${name} must not be empty`, spec.name);
    options[name] = value;
  }
  if (!help && positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])} for \`${spec.name}\``, spec.name);
  }
  return { options, positionals, help };
}

/** The `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const usage = [`cdk-tiered-backup ${spec.name}`, ...spec.positionals.map(p => `[${p.name}]`), spec.options.length > 0 ? '[options]' : '']
    .filter(Boolean).join(' ');
  const rows: Array<[string, string]> = [
    ...spec.positionals.map((p): [string, string] => [p.name, p.description]),
    ...spec.options.map((o): [string, string] => [`--${o.name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`, o.description]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  return [
    `Usage: ${usage}`,
    '',
    spec.summary,
    '',
    spec.details,
    '',
    'Arguments and options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
  ].join('\n');
}

/** A string option's value (undefined when not given). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}
