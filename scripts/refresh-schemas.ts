/**
 * Refreshes the CloudFormation registry schemas kept in test/harness/schemas from a folder of
 * AWS's schemas laid out as `cfn/<type>.json` (the registry schemas, file name = type name
 * lower-cased with `::` -> `-`) and `cfn-enhanced/<type>.json` (a registry schema with the
 * service API model's constraints added).
 *
 *   npx projen schemas:refresh -- <folder> [AWS::Service::Type ...]
 *
 * Every schema already in the repository is copied again from <folder>; each type named on the
 * command line is added. The table of SOURCES.md (between its markers) is rewritten with each
 * file's sha256, so a review sees exactly which schemas changed.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const TARGET = path.resolve(__dirname, '..', 'test', 'harness', 'schemas');
const KINDS = ['cfn', 'cfn-enhanced'] as const;
const BEGIN = '<!-- schemas:begin (written by `npx projen schemas:refresh`) -->';
const END = '<!-- schemas:end -->';

function fileOf(type: string): string {
  if (!/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type)) {
    throw new Error(`not a CloudFormation resource type: ${JSON.stringify(type)} (expected e.g. AWS::SNS::Topic)`);
  }
  return `${type.toLowerCase().replace(/::/g, '-')}.json`;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function main(argv: string[]): number {
  const [source, ...types] = argv;
  if (!source || source.startsWith('-')) {
    console.error('usage: npx projen schemas:refresh -- <folder with cfn/ and cfn-enhanced/> [AWS::Service::Type ...]');
    return 2;
  }
  if (!fs.existsSync(path.join(source, 'cfn'))) {
    console.error(`${source} has no cfn/ folder of registry schemas`);
    return 2;
  }

  const wanted = new Map<string, Set<string>>(KINDS.map((k) => [k, new Set<string>()]));
  for (const kind of KINDS) {
    const dir = path.join(TARGET, kind);
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.json')) wanted.get(kind)!.add(f);
  }
  for (const type of types) {
    const file = fileOf(type);
    wanted.get('cfn')!.add(file);
    if (fs.existsSync(path.join(source, 'cfn-enhanced', file))) wanted.get('cfn-enhanced')!.add(file);
  }

  let changed = 0;
  let missing = 0;
  for (const kind of KINDS) {
    fs.mkdirSync(path.join(TARGET, kind), { recursive: true });
    for (const file of [...wanted.get(kind)!].sort()) {
      const from = path.join(source, kind, file);
      const to = path.join(TARGET, kind, file);
      if (!fs.existsSync(from)) {
        console.error(`missing in ${source}: ${kind}/${file}`);
        missing++;
        continue;
      }
      const before = fs.existsSync(to) ? sha256(to) : undefined;
      fs.copyFileSync(from, to);
      if (before !== sha256(to)) {
        console.log(`${before ? 'updated' : 'added  '} ${kind}/${file}`);
        changed++;
      }
    }
  }

  const sources = path.join(TARGET, 'SOURCES.md');
  const text = fs.readFileSync(sources, 'utf8');
  const rows = KINDS.flatMap((kind) => [...wanted.get(kind)!].sort()
    .filter((file) => fs.existsSync(path.join(TARGET, kind, file)))
    .map((file) => `| ${kind}/${file} | ${sha256(path.join(TARGET, kind, file))} |`));
  const table = [BEGIN, '| file | sha256 |', '|---|---|', ...rows, END].join('\n');
  const start = text.indexOf(BEGIN);
  const stop = text.indexOf(END);
  if (start < 0 || stop < start) throw new Error(`${sources} lacks the markers ${BEGIN} ... ${END}`);
  fs.writeFileSync(sources, text.slice(0, start) + table + text.slice(stop + END.length));

  console.log(`${changed} schema file(s) changed, ${rows.length} kept in test/harness/schemas${missing ? `, ${missing} missing in the source` : ''}`);
  return missing ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--')));
