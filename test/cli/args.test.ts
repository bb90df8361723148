import { runCli } from './support';
import { CommandSpec, formatHelp, parseArgs } from '../../src/cli/args';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'A demo command.',
  details: 'Details.',
  positionals: [{ name: 'dir', description: 'a directory' }],
  options: [
    { name: 'json', type: 'boolean', description: 'JSON output' },
    { name: 'region', type: 'string', valueName: 'REGION', description: 'the Region' },
  ],
};

describe('parseArgs', () => {
  test('options with a separate or an inline value, flags, positionals and --', () => {
    expect(parseArgs(SPEC, ['--region', 'eu-west-1', 'out', '--json'])).toEqual({ options: { region: 'eu-west-1', json: true }, positionals: ['out'], help: false });
    expect(parseArgs(SPEC, ['--region=eu-west-1'])).toEqual({ options: { region: 'eu-west-1' }, positionals: [], help: false });
    expect(parseArgs(SPEC, ['--', '--json'])).toEqual({ options: {}, positionals: ['--json'], help: false });
    expect(parseArgs(SPEC, ['-h']).help).toBe(true);
  });

  test.each([
    [['--bogus'], 'unknown option --bogus for `demo`'],
    [['-r', 'x'], 'unknown option -r for `demo`'],
    [['--region'], '--region needs a value (REGION)'],
    [['--region', '--json'], '--region needs a value (REGION)'],
    [['--region='], '--region must not be empty'],
    [['--json=yes'], '--json takes no value'],
    [['--json', '--json'], '--json is given twice'],
    [['a', 'b'], 'unexpected argument "b" for `demo`'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(SPEC, argv)).toThrow(`${message} (see \`cdk-tiered-backup demo --help\`)`);
  });

  test('help lists the arguments and options with their values', () => {
    expect(formatHelp(SPEC)).toBe([
      'Usage: cdk-tiered-backup demo [dir] [options]',
      '',
      'A demo command.',
      '',
      'Details.',
      '',
      'Arguments and options:',
      '  dir              a directory',
      '  --json           JSON output',
      '  --region REGION  the Region',
      '  -h, --help       show this help',
      '',
    ].join('\n'));
  });
});

describe('main', () => {
  test.each(['report', 'status', 'drift', 'import'])('%s --help prints the command\'s usage and exits 0', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: cdk-tiered-backup ${command} .*\\n`));
  });

  test('no command prints the usage and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Usage: cdk-tiered-backup <command> \[options\]/);
  });
});
