/**
 * No import cycle anywhere in the repository's TypeScript: src/ (where a cycle would break the
 * layers of ARCHITECTURE.md or the order modules initialize in) and the tests, examples,
 * benchmarks and scripts beside it.
 *
 * This check replaced eslint's `import/no-cycle`, which resolved the whole import graph again
 * for every file it linted and took three quarters of the lint's time (run
 * `TIMING=1 npx projen eslint` to see a rule's cost). Like that rule it follows every static
 * `import`/`export ... from` and `import x = require()` of a relative path, and leaves out
 * declarations that are type-only as a whole (`import type`, `import { type A, type B }`,
 * `export type`); packages (`aws-cdk-lib`, `constructs`) are outside the graph.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..');
const ROOTS = ['src', 'test', 'examples', 'bench', 'scripts', 'build-tools', 'projenrc', '.projenrc.ts'];
const SKIP = new Set(['node_modules', 'tmp', 'lib', 'cdk.out', 'coverage', 'schemas', '__snapshots__']);

/** Every .ts file under the roots (declaration files excluded), as absolute paths. */
function sourceFiles(repo: string, roots: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (!SKIP.has(entry)) visit(path.join(p, entry));
    } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
      out.push(p);
    }
  };
  for (const root of roots) visit(path.join(repo, root));
  return out.sort();
}

/** The relative module specifiers a file loads at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named)
        && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly || statement.moduleSpecifier === undefined) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      if (statement.isTypeOnly) continue;
      specifiers.push((statement.moduleReference.expression as ts.StringLiteral).text);
    }
  }
  return specifiers.filter((s) => s.startsWith('.'));
}

/** The file a relative specifier names: `x.ts`, or `x/index.ts`; undefined for anything else (JSON, JS). */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f) && fs.statSync(f).isFile());
}

/** The import graph: file -> the files it loads. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    graph.set(file, runtimeImports(file).map((s) => resolve(file, s)).filter((f): f is string => f !== undefined));
  }
  return graph;
}

/**
 * Every cycle, one per strongly connected component of more than one file (or a file importing
 * itself), each as a path `a -> b -> ... -> a` of repository-relative names.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>, repo: string = REPO): string[][] {
  // Tarjan's algorithm, iterative (no recursion limit on long chains)
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next); low.set(start, next); next++;
    stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next); low.set(to, next); next++;
          stack.push(to); onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfImport) components.push(component);
      }
    }
  }
  return components.map((component) => cyclePath(graph, new Set(component)).map((f) => path.relative(repo, f)));
}

/** One concrete cycle through a strongly connected component, starting at its first file by name. */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0];
  // breadth-first from start's successors back to start, inside the component
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to) || previous.has(to)) continue;
      previous.set(to, node);
      if (to === start) queue.length = 0;
      else queue.push(to);
    }
  }
  const pathBack = [start];
  for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) pathBack.push(node);
  return [start, ...pathBack.slice(1).reverse(), start];
}

describe('import cycles', () => {
  test('the repository has none', () => {
    const files = sourceFiles(REPO, ROOTS);
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(path.join(REPO, 'src', 'index.ts'));
    expect(importCycles(importGraph(files)).map((c) => c.join(' -> '))).toEqual([]);
  });

  describe('the check finds what import/no-cycle found', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cycles-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function write(files: { [name: string]: string }): Map<string, string[]> {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      return importGraph(sourceFiles(dir, ['.']));
    }

    test('a cycle through an index file and a re-export, named file by file', () => {
      const graph = write({
        'tiers/index.ts': "export * from './tier';\n",
        'tiers/tier.ts': "import { report } from '../compliance/report';\nexport const tier = report;\n",
        'compliance/report.ts': "import { tier } from '../tiers';\nexport const report = 1;\nexport const t = tier;\n",
        'common/ok.ts': "import * as fs from 'fs';\nexport const ok = fs;\n",
      });
      expect(importCycles(graph, dir)).toEqual([['compliance/report.ts', 'tiers/index.ts', 'tiers/tier.ts', 'compliance/report.ts']]);
    });

    test('a file importing itself, `import x = require()` and `export { } from` count', () => {
      expect(importCycles(write({ 'a.ts': "import a = require('./a');\nexport const x = a;\n" }), dir)).toEqual([['a.ts', 'a.ts']]);
      expect(importCycles(write({
        'b.ts': "export { c } from './c';\nexport const b = 1;\n",
        'c.ts': "import { b } from './b';\nexport const c = b;\n",
      }), dir)).toContainEqual(['b.ts', 'c.ts', 'b.ts']);
    });

    test('type-only declarations emit no require and close no cycle', () => {
      const graph = write({
        'x.ts': "import type { Y } from './y';\nexport interface X { y?: Y }\nexport const x = 1;\n",
        'y.ts': "import { x } from './x';\nexport type { X } from './x';\nexport interface Y { n: typeof x }\n",
        'z.ts': "import { type W } from './w';\nexport interface Z { w?: W }\nexport const z = 1;\n",
        'w.ts': "import { z } from './z';\nexport interface W { n: typeof z }\n",
      });
      expect(importCycles(graph, dir)).toEqual([]);
      // ...but one value among the names is a run-time import
      fs.writeFileSync(path.join(dir, 'z.ts'), "import { type W, wValue } from './w';\nexport interface Z { w?: W }\nexport const z = wValue;\n");
      fs.writeFileSync(path.join(dir, 'w.ts'), "import { z } from './z';\nexport interface W { n: typeof z }\nexport const wValue = 1;\n");
      expect(importCycles(importGraph(sourceFiles(dir, ['.'])), dir)).toEqual([['w.ts', 'z.ts', 'w.ts']]);
    });
  });
});
