/**
 * Building TypeScript source: expressions as a small tree, rendered with indentation, and the
 * import lines of the names a generated file uses.
 */

/** A TypeScript expression. */
export type Expr = Code | ObjectExpr | ArrayExpr | CallExpr;

/** Source text, rendered as it is. */
export class Code {
  public constructor(public readonly text: string) {}
}

/** An object literal; undefined members are left out. */
export class ObjectExpr {
  public constructor(public readonly members: ReadonlyArray<readonly [string, Expr | undefined]>) {}

  /** The members that are set. */
  public get present(): Array<readonly [string, Expr]> {
    return this.members.filter((m): m is readonly [string, Expr] => m[1] !== undefined);
  }
}

/** An array literal. */
export class ArrayExpr {
  public constructor(public readonly items: readonly Expr[]) {}
}

/** A call (or `new`), e.g. `Retention.count(7)`. Trailing undefined arguments are left out. */
export class CallExpr {
  public constructor(public readonly callee: string, public readonly parameters: ReadonlyArray<Expr | undefined>) {}
}

const INLINE_WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal in single quotes. */
export function str(value: string): Code {
  return new Code(`'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`);
}

/** A number or boolean literal. */
export function lit(value: number | boolean): Code {
  return new Code(String(value));
}

/** An object literal of string values (tags), or undefined for none. */
export function stringMap(map: { readonly [key: string]: string } | undefined): ObjectExpr | undefined {
  if (map === undefined || Object.keys(map).length === 0) return undefined;
  return new ObjectExpr(Object.entries(map).map(([k, v]) => [k, str(v)] as const));
}

/** A property key, quoted when it is not an identifier. */
function key(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name).text;
}

/** Renders `expr` for a line indented by `indent` spaces. */
export function render(expr: Expr, indent = 0): string {
  const inline = renderInline(expr);
  if (inline !== undefined && inline.length + indent <= INLINE_WIDTH) return inline;
  const pad = ' '.repeat(indent + 2);
  const end = ' '.repeat(indent);
  if (expr instanceof ObjectExpr) {
    return `{\n${expr.present.map(([k, v]) => `${pad}${key(k)}: ${render(v, indent + 2)},\n`).join('')}${end}}`;
  }
  if (expr instanceof ArrayExpr) {
    return `[\n${expr.items.map(v => `${pad}${render(v, indent + 2)},\n`).join('')}${end}]`;
  }
  if (expr instanceof CallExpr) {
    return `${expr.callee}(${args(expr).map(a => render(a, indent)).join(', ')})`;
  }
  return expr.text;
}

function args(call: CallExpr): Expr[] {
  const list = [...call.parameters];
  while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  return list.map(a => a ?? new Code('undefined'));
}

function renderInline(expr: Expr): string | undefined {
  if (expr instanceof Code) return expr.text;
  if (expr instanceof ObjectExpr) {
    const parts = expr.present.map(([k, v]) => {
      const r = renderInline(v);
      return r === undefined ? undefined : `${key(k)}: ${r}`;
    });
    if (parts.some(p => p === undefined)) return undefined;
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  const items = expr instanceof ArrayExpr ? expr.items : args(expr);
  const parts = items.map(renderInline);
  if (parts.some(p => p === undefined)) return undefined;
  return expr instanceof ArrayExpr ? `[${parts.join(', ')}]` : `${expr.callee}(${parts.join(', ')})`;
}

/** The names a generated file imports, by module. */
export class Imports {
  private readonly named = new Map<string, Set<string>>();
  private readonly namespaces = new Map<string, string>();

  /** Uses `name` from `module` and returns it. */
  public use(module: string, name: string): string {
    const names = this.named.get(module) ?? new Set<string>();
    names.add(name);
    this.named.set(module, names);
    return name;
  }

  /** Uses `module` as the namespace `alias` and returns the alias. */
  public namespace(module: string, alias: string): string {
    this.namespaces.set(module, alias);
    return alias;
  }

  /** The import lines, modules in a fixed order (aws-cdk-lib first), names sorted. */
  public render(order: readonly string[]): string {
    const modules = [...new Set([...this.named.keys(), ...this.namespaces.keys()])]
      .sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    return modules.map(m => {
      const alias = this.namespaces.get(m);
      if (alias) return `import * as ${alias} from '${m}';`;
      return `import { ${[...this.named.get(m)!].sort().join(', ')} } from '${m}';`;
    }).join('\n') + '\n';
  }
}

function rank(order: readonly string[], module: string): number {
  const i = order.indexOf(module);
  return i < 0 ? order.length : i;
}
