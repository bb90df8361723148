/**
 * For the packed-package check (scripts/packed/smoke.sh): writes every ```ts block of README.md
 * into <folder>/snippet-NN.ts, ready to type-check against the installed package:
 *  - a block without its own imports gets them: the names it uses that `cdk-tiered-backup` or
 *    `aws-cdk-lib` export, and the `aws-cdk-lib/aws-*` namespaces it uses (`ec2.`, `kms.`, ...);
 *  - `app` and `stack`, which the shorter blocks take as given, are declared in globals.d.ts
 *    (a block that declares its own shadows them);
 * plus a tsconfig.json (strict). Blocks must otherwise be complete: a renamed prop, a missing
 * import or an undeclared variable is a type error.
 *
 *   ts-node -T scripts/packed/readme-snippets.ts <README.md> <folder> <folder with node_modules>
 */
import * as fs from 'fs';
import * as path from 'path';

const NAMESPACES: { [alias: string]: string } = {
  backup: 'aws-cdk-lib/aws-backup',
  cloudwatch: 'aws-cdk-lib/aws-cloudwatch',
  dynamodb: 'aws-cdk-lib/aws-dynamodb',
  ec2: 'aws-cdk-lib/aws-ec2',
  efs: 'aws-cdk-lib/aws-efs',
  events: 'aws-cdk-lib/aws-events',
  iam: 'aws-cdk-lib/aws-iam',
  kms: 'aws-cdk-lib/aws-kms',
  rds: 'aws-cdk-lib/aws-rds',
  s3: 'aws-cdk-lib/aws-s3',
  sns: 'aws-cdk-lib/aws-sns',
  ssm: 'aws-cdk-lib/aws-ssm',
};

/** The ```ts blocks of a Markdown text, with the line each starts on. */
export function tsBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Names a block binds itself: imports and top-level declarations. */
function boundNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name.replace(/^type\s+/, ''));
    }
  }
  for (const m of code.matchAll(/^import\s+\*\s+as\s+(\w+)/gm)) names.add(m[1]);
  for (const m of code.matchAll(/\b(?:const|let|var|function|class)\s+(\w+)/g)) names.add(m[1]);
  for (const m of code.matchAll(/^declare\s+const\s+(.+);/gm)) {
    for (const decl of m[1].split(/,(?![^<]*>)/)) names.add(decl.trim().split(':')[0].trim());
  }
  return names;
}

function uses(code: string, name: string): boolean {
  return new RegExp(`(?<![.\\w'"])${name}\\b`).test(code.replace(/\/\/.*$/gm, ''));
}

/** The block with the imports it lacks. */
export function completeSnippet(code: string, exportsOf: { [module: string]: readonly string[] }): string {
  const bound = boundNames(code);
  const header: string[] = [];
  for (const [module, names] of Object.entries(exportsOf)) {
    const missing = names.filter((n) => !bound.has(n) && uses(code, n));
    missing.forEach((n) => bound.add(n));
    if (missing.length > 0) header.push(`import { ${missing.join(', ')} } from '${module}';`);
  }
  for (const [alias, module] of Object.entries(NAMESPACES)) {
    if (!bound.has(alias) && new RegExp(`(?<![.\\w])${alias}\\.`).test(code)) header.push(`import * as ${alias} from '${module}';`);
  }
  return [...header, code, 'export {};', ''].join('\n');
}

function main(): void {
  const [readme, folder, packageDir] = process.argv.slice(2);
  if (!readme || !folder || !packageDir) throw new Error('usage: readme-snippets.ts <README.md> <folder> <folder with node_modules>');
  // the names the installed packages export (a dynamic require: the modules live in packageDir)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (m: string) => Object.keys(require(require.resolve(m, { paths: [packageDir] }))).filter((n) => /^[A-Z]/.test(n));
  const exportsOf = { 'cdk-tiered-backup': load('cdk-tiered-backup'), 'aws-cdk-lib': load('aws-cdk-lib') };
  fs.mkdirSync(folder, { recursive: true });
  const blocks = tsBlocks(fs.readFileSync(readme, 'utf8'));
  blocks.forEach((b, i) => {
    const file = path.join(folder, `snippet-${String(i + 1).padStart(2, '0')}.ts`);
    fs.writeFileSync(file, `// README.md line ${b.line}\n${completeSnippet(b.code, exportsOf)}`);
  });
  fs.writeFileSync(path.join(folder, 'globals.d.ts'), [
    "import type { App, Stack } from 'aws-cdk-lib';",
    '// what the shorter README blocks take as given',
    'declare global {',
    '  const app: App;',
    '  const stack: Stack;',
    '}',
    'export {};',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      lib: ['es2022'],
      rootDir: '.',
      types: ['node'],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: false,
    },
    include: ['*.ts'],
  }, undefined, 2));
  console.log(`${blocks.length} README blocks written to ${folder}`);
}

if (require.main === module) main();
