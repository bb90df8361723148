/**
 * Resolving the CloudFormation intrinsic functions of a synthesized template offline, as far as
 * that is possible without the deployed stack: pseudo parameters come from the environment
 * (the stack's `aws://account/region`, or the deployed policy's ARN), `Fn::Join`, `Fn::Sub`,
 * `Fn::Select` and `Fn::Split` are evaluated, and an IAM role's `Arn` is built when the
 * template gives its `RoleName`. Anything else becomes an {@link Unresolved} marker that says
 * what the value depends on.
 */
import { isObject, Json, JsonObject } from './model';

/** A template value that is known only after deployment. */
export class Unresolved {
  /** @param text what the value is, e.g. `Fn::GetAtt DataLifecycleManagerRole.Arn` */
  public constructor(public readonly text: string) {}

  public toString(): string {
    return `<${this.text}>`;
  }
}

/** A template value after resolution: JSON, with Unresolved markers where a value is not known. */
export type Resolved = string | number | boolean | null | Unresolved | Resolved[] | ResolvedObject;

/** An object of resolved values. */
export interface ResolvedObject {
  [key: string]: Resolved | undefined;
}

/** What the resolver may use. */
export interface ResolveContext {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
  readonly stackName?: string;
  /** The template's `Resources`, to resolve `Fn::GetAtt Role.Arn` of roles with a literal `RoleName`. */
  readonly resources?: JsonObject;
}

/** The URL suffix of each partition. */
const URL_SUFFIX: { [partition: string]: string } = { 'aws': 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn' };

/** Resolves `value` (a template fragment) in `ctx`. `Ref AWS::NoValue` removes the member. */
export function resolve(value: Json | undefined, ctx: ResolveContext): Resolved | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.map(v => resolve(v, ctx)).filter((v): v is Resolved => v !== undefined);
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return resolveIntrinsic(keys[0], value[keys[0]] as Json, ctx);
  }
  const result: ResolvedObject = {};
  for (const key of keys) {
    const v = resolve(value[key], ctx);
    if (v !== undefined) result[key] = v;
  }
  return result;
}

/** True when `value` contains no Unresolved marker. */
export function isFullyResolved(value: Resolved | undefined): boolean {
  if (value instanceof Unresolved) return false;
  if (Array.isArray(value)) return value.every(isFullyResolved);
  if (isResolvedObject(value)) return Object.values(value).every(isFullyResolved);
  return true;
}

/** True for a resolved object (not an array, not an Unresolved marker). */
export function isResolvedObject(value: unknown): value is ResolvedObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** A short text for an unresolved template fragment, e.g. `Fn::GetAtt Role1234.Arn`. */
export function describeIntrinsic(value: Json | undefined): string {
  if (!isObject(value)) return JSON.stringify(value);
  const [key] = Object.keys(value);
  const arg = value[key];
  if (key === 'Ref') return `Ref ${arg}`;
  if (key === 'Fn::GetAtt') return `Fn::GetAtt ${Array.isArray(arg) ? arg.join('.') : String(arg)}`;
  if (key === 'Fn::ImportValue') return `Fn::ImportValue ${typeof arg === 'string' ? arg : '(computed name)'}`;
  return key;
}

function resolveIntrinsic(fn: string, arg: Json, ctx: ResolveContext): Resolved | undefined {
  switch (fn) {
    case 'Ref': return resolveRef(String(arg), ctx);
    case 'Fn::Join': return resolveJoin(arg, ctx);
    case 'Fn::Sub': return resolveSub(arg, ctx);
    case 'Fn::Select': return resolveSelect(arg, ctx);
    case 'Fn::Split': return resolveSplit(arg, ctx);
    case 'Fn::GetAtt': return resolveGetAtt(arg, ctx);
    default: return new Unresolved(describeIntrinsic({ [fn]: arg }));
  }
}

function pseudo(name: string, ctx: ResolveContext): string | undefined {
  switch (name) {
    case 'AWS::Partition': return ctx.partition;
    case 'AWS::Region': return ctx.region;
    case 'AWS::AccountId': return ctx.account;
    case 'AWS::StackName': return ctx.stackName;
    case 'AWS::URLSuffix': return ctx.partition ? URL_SUFFIX[ctx.partition] ?? 'amazonaws.com' : undefined;
    default: return undefined;
  }
}

function resolveRef(name: string, ctx: ResolveContext): Resolved | undefined {
  if (name === 'AWS::NoValue') return undefined;
  return pseudo(name, ctx) ?? new Unresolved(`Ref ${name}`);
}

function resolveJoin(arg: Json, ctx: ResolveContext): Resolved {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return new Unresolved('Fn::Join');
  const parts = resolve(arg[1], ctx);
  if (!Array.isArray(parts)) return new Unresolved('Fn::Join');
  const unresolved = parts.find(p => p instanceof Unresolved || typeof p === 'object');
  if (unresolved !== undefined) return unresolved instanceof Unresolved ? unresolved : new Unresolved('Fn::Join');
  return parts.join(arg[0]);
}

function resolveSub(arg: Json, ctx: ResolveContext): Resolved {
  const text = typeof arg === 'string' ? arg : Array.isArray(arg) ? arg[0] : undefined;
  const vars: Json | undefined = Array.isArray(arg) ? arg[1] : undefined;
  if (typeof text !== 'string') return new Unresolved('Fn::Sub');
  let missing: Unresolved | undefined;
  const out = text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
    const own = isObject(vars) ? resolve(vars[name], ctx) : undefined;
    const value = own ?? (name.includes('.') ? resolveGetAtt(name.split('.'), ctx) : resolveRef(name, ctx));
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    missing ??= value instanceof Unresolved ? value : new Unresolved(`\${${name}}`);
    return whole;
  });
  return missing ?? out;
}

function resolveSelect(arg: Json, ctx: ResolveContext): Resolved {
  if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('Fn::Select');
  const list = resolve(arg[1], ctx);
  const index = resolve(arg[0], ctx);
  if (list instanceof Unresolved) return new Unresolved(`Fn::Select from ${list.text}`);
  const i = typeof index === 'number' || typeof index === 'string' ? Number(index) : NaN;
  if (!Array.isArray(list) || !Number.isInteger(i)) return new Unresolved('Fn::Select');
  return list[i] ?? new Unresolved('Fn::Select');
}

function resolveSplit(arg: Json, ctx: ResolveContext): Resolved {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return new Unresolved('Fn::Split');
  const text = resolve(arg[1], ctx);
  if (typeof text !== 'string') return text instanceof Unresolved ? text : new Unresolved('Fn::Split');
  return text.split(arg[0]);
}

/** `Fn::GetAtt Role.Arn` of a role whose template gives `RoleName` (and maybe `Path`). */
function resolveGetAtt(arg: Json, ctx: ResolveContext): Resolved {
  const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
  const marker = new Unresolved(`Fn::GetAtt ${logicalId}.${attribute}`);
  const resource = ctx.resources?.[logicalId];
  if (!isObject(resource) || resource.Type !== 'AWS::IAM::Role' || attribute !== 'Arn') return marker;
  const props = isObject(resource.Properties) ? resource.Properties : {};
  const name = resolve(props.RoleName, ctx);
  const path = props.Path === undefined ? '/' : resolve(props.Path, ctx);
  if (typeof name !== 'string' || typeof path !== 'string' || !ctx.partition || !ctx.account) return marker;
  return `arn:${ctx.partition}:iam::${ctx.account}:role${path}${name}`;
}

/** The partition, Region and account named by an ARN (`arn:aws:dlm:us-east-1:111111111111:policy/...`). */
export function environmentOfArn(arn: string | undefined): Pick<ResolveContext, 'partition' | 'region' | 'account'> {
  const parts = (arn ?? '').split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return {};
  return { partition: parts[1] || undefined, region: parts[3] || undefined, account: parts[4] || undefined };
}
