/**
 * `import`'s synth check: runs the code the generator wrote for one policy with the library
 * itself (the expression tree it printed, evaluated against the library's exports), in a stack
 * of the policy's account and Region, and synthesizes it. What the library refuses comes back as
 * messages, so that `import` reports them instead of printing code that does not synthesize.
 *
 * The library and aws-cdk-lib are loaded only here, and only when `import` runs: the bin's other
 * commands never load the CDK. The library is required by path (the package's own `lib/index.js`
 * next to `lib/cli/`), so the bundler leaves it out of the CLI bundle.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArrayExpr, CallExpr, Code, Expr, ObjectExpr } from './typescript';

/** One generated policy, as the generator built it. */
export interface GeneratedPolicy {
  /** The construct class, e.g. `SnapshotPolicy`. */
  readonly cls: string;
  /** The construct id. */
  readonly id: string;
  /** The props expression. */
  readonly props: ObjectExpr;
  /** Tags put on the policy with `Tags.of(policy).add()`. */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  /** The role variable the props refer to, and the role's ARN. */
  readonly role?: { readonly variable: string; readonly arn: string };
  /** The policy's account and Region, from its ARN. */
  readonly account?: string;
  readonly region?: string;
}

/** Checks that generated code synthesizes. */
export interface SynthCheck {
  /** The messages of what the library refuses (empty when the policy synthesizes). */
  problems(policy: GeneratedPolicy): string[];
}

/** The stack the check builds policies in; its path starts every message. */
export const CHECK_STACK = 'ImportedDlmPolicies';

/**
 * The check, or the reason it cannot run (aws-cdk-lib not installed where the CLI can load it).
 */
export function loadSynthCheck(): SynthCheck | string {
  let cdk: any;
  let lib: any;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cdk = require('aws-cdk-lib');
  } catch (e) {
    return `aws-cdk-lib cannot be loaded (${oneLine(String((e as Error)?.message ?? e))}); install it next to cdk-tiered-backup`;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib = require(path.join(__dirname, '..', 'index'));
  } catch (e) {
    return `the library cannot be loaded (${oneLine(String((e as Error)?.message ?? e))})`;
  }
  return { problems: (policy) => problems(cdk, lib, policy) };
}

function problems(cdk: any, lib: any, policy: GeneratedPolicy): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-tiered-backup-import-'));
  try {
    const app = new cdk.App({ outdir, builtinCloudFormationValidation: false });
    const stack = new cdk.Stack(app, CHECK_STACK, { env: { account: policy.account, region: policy.region } });
    const names: { [name: string]: unknown } = { ...lib, Duration: cdk.Duration };
    if (policy.role) names[policy.role.variable] = cdk.aws_iam.Role.fromRoleArn(stack, 'ExecutionRole', policy.role.arn, { mutable: false });
    const Cls = lib[policy.cls];
    if (typeof Cls !== 'function') return [`the library has no construct ${policy.cls}`];
    const construct = new Cls(stack, policy.id, evaluate(policy.props, names));
    for (const [key, value] of policy.tags) cdk.Tags.of(construct).add(key, value);
    const assembly = app.synth();
    return assembly.stacks.flatMap((s: any) => s.messages)
      .filter((m: any) => m.level === 'error')
      .map((m: any) => String(m.entry.data));
  } catch (e) {
    return messagesOf(e);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The messages of an error: one per line of a synth validation failure, else the message. */
function messagesOf(e: unknown): string[] {
  const message = String((e as Error)?.message ?? e);
  const lines = message.split('\n').map(l => l.trim()).filter(l => l !== '' && !/^Validation failed with the following errors:$/.test(l));
  return lines.length > 0 ? lines : [message];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The value of a generated expression, with `names` for the identifiers it uses. */
export function evaluate(expr: Expr, names: { readonly [name: string]: unknown }): any {
  if (expr instanceof ObjectExpr) return Object.fromEntries(expr.present.map(([k, v]) => [k, evaluate(v, names)]));
  if (expr instanceof ArrayExpr) return expr.items.map(item => evaluate(item, names));
  if (expr instanceof CallExpr) {
    const { owner, value } = lookup(expr.callee, names);
    if (typeof value !== 'function') throw new Error(`${expr.callee} is not a function`);
    return value.apply(owner, expr.parameters.map(p => (p === undefined ? undefined : evaluate(p, names))));
  }
  return literal(expr, names);
}

function literal(code: Code, names: { readonly [name: string]: unknown }): unknown {
  const text = code.text;
  if (text.startsWith('\'')) return unquote(text);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'undefined') return undefined;
  return lookup(text, names).value;
}

/** `a.b.c` in `names`: the value and the object it was read from. */
function lookup(dotted: string, names: { readonly [name: string]: unknown }): { owner: unknown; value: unknown } {
  const [first, ...rest] = dotted.split('.');
  if (!(first in names)) throw new Error(`unknown name ${first}`);
  let owner: unknown = undefined;
  let value: unknown = names[first];
  for (const part of rest) {
    owner = value;
    value = (value as any)?.[part];
  }
  return { owner, value };
}

/** The string a single-quoted literal written by `str()` stands for. */
function unquote(text: string): string {
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i];
    out += next === 'n' ? '\n' : next === 'r' ? '\r' : next;
  }
  return out;
}
