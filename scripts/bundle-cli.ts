/**
 * Bundles the command-line tool (src/cli/main.ts and everything it imports, the AWS SDK's DLM
 * client included) into one file, lib/cli/main.js, so that the npm package has no runtime
 * dependencies. Beside it, lib/cli/THIRD-PARTY-LICENSES.txt names every package the bundle
 * contains, with its version and licence text (the AWS SDK is Apache-2.0, which asks for that).
 *
 *   npx projen bundle:cli        (run by post-compile)
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'lib', 'cli');
const OUT_FILE = path.join(OUT_DIR, 'main.js');
const LICENSES = path.join(OUT_DIR, 'THIRD-PARTY-LICENSES.txt');

/** The package (name and folder) a bundled input file belongs to, or undefined for our own sources. */
function packageOf(input: string): { name: string; dir: string } | undefined {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const name = parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  return { name, dir: path.join(ROOT, ...parts.slice(0, at + 1), ...name.split('/')) };
}

function licenseText(dir: string): string | undefined {
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
}

function main(): void {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const result = buildSync({
    entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    // the AWS SDK's ES module builds: esbuild can drop what the CLI does not call from them
    // (the EC2 client is 570 KB this way, 1.06 MB from its CommonJS build)
    mainFields: ['module', 'main'],
    minify: true,
    // the CLI never needs the CDK; should an import reach it, the user's own copy is used
    external: ['aws-cdk-lib', 'constructs'],
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
    outfile: OUT_FILE,
  });

  const packages = new Map<string, { version: string; license: string; text?: string }>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const pkg = packageOf(input);
    if (!pkg || packages.has(pkg.name)) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8')) as { version: string; license?: string };
    packages.set(pkg.name, { version: manifest.version, license: manifest.license ?? 'UNKNOWN', text: licenseText(pkg.dir) });
  }
  const unknown = [...packages].filter(([, p]) => p.license === 'UNKNOWN').map(([name]) => name);
  if (unknown.length > 0) throw new Error(`bundled packages without a licence in package.json: ${unknown.join(', ')}`);

  // one section per distinct licence text, naming every package under it
  const byText = new Map<string, string[]>();
  for (const [name, p] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const text = p.text ?? `${p.license} (the package has no licence file; its package.json says ${p.license})`;
    byText.set(text, [...byText.get(text) ?? [], `${name}@${p.version} (${p.license})`]);
  }
  fs.writeFileSync(LICENSES, [
    'lib/cli/main.js bundles the following packages. Their licences follow.',
    '',
    ...[...byText].map(([text, names]) => `${'='.repeat(78)}\n${names.join('\n')}\n\n${text}\n`),
  ].join('\n'));
  const size = fs.statSync(OUT_FILE).size;
  console.log(`lib/cli/main.js: ${(size / 1024).toFixed(0)} KiB, ${packages.size} packages bundled (licences in lib/cli/THIRD-PARTY-LICENSES.txt)`);
}

main();
