import { Token } from 'aws-cdk-lib';
import { literal, QuiescerBinding } from './shared';
import { raw, Where } from '../../common/validation';
import { readScript } from '../private/scripts';
import { shellQuote } from '../private/shell-quote';

/** Your own pre- and post-script commands. */
export interface CommandsOptions {
  /**
   * Shell commands (bash) for the pre-script, run with `set -e -o pipefail`: the first
   * failing command fails the pre-script (exit 201).
   *
   * @default - no pre-script (the script runs in the POST stage only)
   */
  readonly pre?: string[];

  /**
   * Shell commands (bash) for the post-script, run with `set -e -o pipefail`. With `pre`,
   * they also run as the auto thaw when no post-script arrives in time.
   *
   * @default - no post-script (the script runs in the PRE stage only)
   */
  readonly post?: string[];
}

/** SSM documents may hold at most 64 KB of content; keep custom commands well below. */
const MAX_COMMANDS_CHARS = 32_000;

function checkCommands(where: Where, prop: string, lines: string[] | undefined): string | undefined {
  if (lines === undefined) return undefined;
  if (Token.isUnresolved(lines)) where.fail(prop, 'must be a literal list, not a token');
  if (lines.length === 0) where.fail(prop, 'must have at least 1 command (leave it out to skip the stage)', raw('0 items'));
  lines.forEach((line, i) => {
    literal(where, `${prop}[${i}]`, line);
    if (line.includes('{{')) {
      where.fail(`${prop}[${i}]`, 'must not contain `{{` (SSM would substitute it as a document parameter); use $DLM_EXECUTION_ID', line);
    }
    if (line.includes('\0')) where.fail(`${prop}[${i}]`, 'must not contain a NUL character', line);
  });
  const text = lines.join('\n');
  if (text.length > MAX_COMMANDS_CHARS) where.fail(prop, `must be at most ${MAX_COMMANDS_CHARS} characters in all`, raw(`${text.length} characters`));
  return text;
}

/**
 * Validates the commands; each stage's commands are in the script once, in a variable, verbatim
 * in single quotes (they expand when they run). The functions are `commands.sh`, then
 * `commands-hold.sh` (pre and post: a holder between them) or `commands-stage.sh` (one stage).
 */
export function bindCommands(where: Where, options: CommandsOptions): QuiescerBinding {
  const pre = checkCommands(where, 'pre', options.pre);
  const post = checkCommands(where, 'post', options.post);
  if (pre === undefined && post === undefined) where.fail('pre', 'or `post` must be given (a script needs at least one stage)');
  const holds = pre !== undefined && post !== undefined;
  const functions = [
    ...Object.entries({ pre, post }).flatMap(([stage, commands]) => (commands === undefined ? [] : [
      `# The ${stage} commands, verbatim.\n# shellcheck disable=SC2016\nHOOK_${stage.toUpperCase()}_COMMANDS=${shellQuote(commands)}`,
    ])),
    readScript('commands.sh'),
    readScript(holds ? 'commands-hold.sh' : 'commands-stage.sh'),
  ].join('\n');
  const stages = holds ? 'pre- and post-script commands (with auto thaw)' : pre !== undefined ? 'pre-script commands' : 'post-script commands';
  return {
    parts: {
      kind: 'commands',
      what: 'the application',
      title: `Custom ${stages}`,
      functions,
      holds,
    },
    pre: pre !== undefined,
    post: post !== undefined,
    description: `Custom ${stages}`,
  };
}
