/**
 * Before measuring: a current compiled library (lib/, made by jsii through `npx projen
 * compile` when missing or older than src/), and the bench children as plain JavaScript.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const LIB_INDEX = path.join(ROOT, 'lib', 'index.js');
/** Where the transpiled children go: two levels below the root, like bench/children/. */
export const CHILDREN_OUT = path.join(ROOT, 'tmp', 'bench-children');

/** Every file below `dir` (recursively) whose name matches `pattern`. */
function filesBelow(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesBelow(p, pattern) : pattern.test(e.name) ? [p] : [];
  });
}

/**
 * The src/ files that lib/ lacks or that changed after their lib/ counterpart was compiled
 * (paths relative to the root).
 */
export function staleSources(): string[] {
  const src = path.join(ROOT, 'src');
  // src/cli is not part of the jsii module: it is bundled into lib/cli/main.js (bundle:cli)
  const cli = path.join(src, 'cli') + path.sep;
  return filesBelow(src, /(?<!\.d)\.ts$/).filter((file) => !file.startsWith(cli)).filter((file) => {
    const out = path.join(ROOT, 'lib', path.relative(src, file)).replace(/\.ts$/, '.js');
    return !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(file).mtimeMs;
  }).map((f) => path.relative(ROOT, f));
}

/** What `ensureCompiled` did. */
export interface CompileOutcome {
  readonly compiled: boolean;
  readonly seconds?: number;
  readonly staleFiles: string[];
}

/**
 * Runs `npx projen compile` (jsii) when lib/ is missing or older than src/. Throws when the
 * compile fails (others may be editing src/: wait and retry), unless `allowStale`, which
 * measures the lib/ that exists and says so.
 */
export function ensureCompiled(log: (line: string) => void, allowStale: boolean): CompileOutcome {
  const stale = staleSources();
  if (stale.length === 0 && fs.existsSync(LIB_INDEX)) return { compiled: false, staleFiles: [] };
  log(`lib/ is missing or older than src/ (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}): npx projen compile`);
  const start = Date.now();
  const run = spawnSync('npx', ['projen', 'compile'], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  const seconds = (Date.now() - start) / 1000;
  if (run.status !== 0) {
    if (allowStale && fs.existsSync(LIB_INDEX)) {
      log(`compile failed after ${seconds.toFixed(0)} s; --allow-stale-lib: measuring the existing lib/`);
      return { compiled: false, seconds, staleFiles: staleSources() };
    }
    throw new Error(`npx projen compile failed (exit ${run.status}). If someone is editing src/, wait and run the bench again (or pass --allow-stale-lib).`);
  }
  return { compiled: true, seconds, staleFiles: staleSources() };
}

/**
 * Transpiles bench/children/*.ts to CommonJS in tmp/bench-children/ (no type check: that is
 * `tsc -p bench`), so that the measured processes run plain JavaScript.
 */
export function transpileChildren(): void {
  const from = path.join(ROOT, 'bench', 'children');
  fs.rmSync(CHILDREN_OUT, { recursive: true, force: true });
  fs.mkdirSync(CHILDREN_OUT, { recursive: true });
  for (const file of filesBelow(from, /\.ts$/)) {
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    fs.writeFileSync(path.join(CHILDREN_OUT, path.basename(file).replace(/\.ts$/, '.js')), out.outputText);
  }
}
