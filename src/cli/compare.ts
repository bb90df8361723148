/**
 * Field-by-field comparison of a synthesized DLM policy with the deployed one. Both sides are
 * in the API's shape with DLM's defaults filled in; the template side may hold values known only
 * after deployment (Unresolved), which are skipped and reported as such.
 */
import { isResolvedObject, Resolved, Unresolved } from './intrinsics';
import { Json } from './model';
import { schedule, text } from './words';

/** One difference between the template and the account. */
export interface Difference {
  /** Where, e.g. `PolicyDetails.Schedules["Daily"].RetainRule.Count`. */
  readonly path: string;
  /** The template's value (undefined: the template does not set it). */
  readonly template?: Resolved;
  /** The account's value (undefined: the account does not have it). */
  readonly deployed?: Json;
}

/** A value that could not be compared, and why. */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

/** The outcome of a comparison. */
export interface Comparison {
  readonly differences: Difference[];
  readonly skipped: Skipped[];
}

/** Compares `template` with `deployed` under `path`, adding to `out`. */
export function compare(path: string, template: Resolved | undefined, deployed: Json | undefined, out: Comparison): void {
  if (template instanceof Unresolved) {
    if (deployed === undefined || deployed === null) out.differences.push({ path, template });
    else out.skipped.push({ path, reason: `${template.text} is known only after deployment` });
    return;
  }
  if (template === undefined || template === null || deployed === undefined || deployed === null) {
    if ((template ?? null) !== (deployed ?? null)) out.differences.push({ path, template: template ?? undefined, deployed: deployed ?? undefined });
    return;
  }
  if (Array.isArray(template) && Array.isArray(deployed)) return compareLists(path, template, deployed, out);
  if (isResolvedObject(template) && isPlainObject(deployed)) {
    const keys = [...new Set([...Object.keys(template), ...Object.keys(deployed)])];
    for (const key of keys) compare(`${path}.${key}`, template[key], deployed[key], out);
    return;
  }
  const same = typeof template === 'object' || typeof deployed === 'object'
    ? false
    : template === deployed || String(template) === String(deployed);
  if (!same) out.differences.push({ path, template, deployed });
}

function compareLists(path: string, template: Resolved[], deployed: Json[], out: Comparison): void {
  if (isTagList(template) && isTagList(deployed)) return compareTags(path, template, deployed, out);
  if (isNamedList(template) && isNamedList(deployed)) {
    const names = [...new Set([...template.map(nameOf), ...deployed.map(nameOf)])];
    for (const name of names) {
      compare(`${path}[${JSON.stringify(name)}]`, template.find(t => nameOf(t) === name), deployed.find(d => nameOf(d) === name), out);
    }
    return;
  }
  if (template.every(isScalar) && deployed.every(isScalar)) {
    const unresolved = template.find((t): t is Unresolved => t instanceof Unresolved);
    if (unresolved) {
      out.skipped.push({ path, reason: `${unresolved.text} is known only after deployment` });
      return;
    }
    const a = template.map(String).sort();
    const b = deployed.map(String).sort();
    if (a.length !== b.length || a.some((v, i) => v !== b[i])) out.differences.push({ path, template, deployed });
    return;
  }
  const n = Math.max(template.length, deployed.length);
  for (let i = 0; i < n; i++) compare(`${path}[${i}]`, template[i], deployed[i], out);
}

function compareTags(path: string, template: Resolved[], deployed: Json[], out: Comparison): void {
  const t = new Map<string, Resolved>(template.map(x => [text((x as any).Key), (x as any).Value]));
  const d = new Map<string, Json>(deployed.map(x => [text((x as any).Key), (x as any).Value]));
  for (const key of new Set([...t.keys(), ...d.keys()])) compare(`${path}[${key}]`, t.get(key), d.get(key), out);
}

function isScalar(v: Resolved | Json): boolean {
  return v === null || typeof v !== 'object' || v instanceof Unresolved;
}

function isPlainObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTagList(list: Array<Resolved | Json>): boolean {
  return list.length > 0 && list.every(x => isResolvedObject(x) && Object.keys(x).length === 2 && 'Key' in x && 'Value' in x && typeof x.Key === 'string');
}

function isNamedList(list: Array<Resolved | Json>): boolean {
  return list.length > 0 && list.every(x => isResolvedObject(x) && typeof x.Name === 'string');
}

function nameOf(x: Resolved | Json): string {
  return (x as { Name: string }).Name;
}

/** A difference in words: `path: A in the template, B in the account`. */
export function describeDifference(d: Difference): string {
  const isSchedule = /\.Schedules\["[^"]*"\]$/.test(d.path);
  const show = (v: Resolved | Json | undefined) => isSchedule && v !== undefined ? `(${schedule(v as Resolved)})` : display(v);
  if (d.template === undefined) return `${d.path}: not in the template, ${show(d.deployed)} in the account`;
  if (d.deployed === undefined) return `${d.path}: ${show(d.template)} in the template, missing in the account`;
  return `${d.path}: ${show(d.template)} in the template, ${show(d.deployed)} in the account`;
}

function display(v: Resolved | Json | undefined): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Unresolved) return v.toString();
  if (Array.isArray(v)) return `[${v.map(display).join(', ')}]`;
  if (isResolvedObject(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${display(x)}`).join(', ')} }`;
  return String(v);
}
