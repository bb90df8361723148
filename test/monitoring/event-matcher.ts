/**
 * A small EventBridge event-pattern matcher and input-transformer renderer for tests, written
 * from the EventBridge user guide ("Amazon EventBridge event patterns", "Content filtering",
 * "Input transformation"): aws-cdk-lib has none that runs offline. It supports what the
 * library's patterns use, and a little more, each tested in event-matcher.test.ts:
 *
 * - a pattern is an object whose leaves are arrays of allowed values; every key must match;
 * - a nested object matches the event's object of that key;
 * - a value matches exactly (strings, numbers, booleans, null);
 * - `{ prefix: 'x' }`, `{ 'anything-but': [...] | value }`, `{ exists: true | false }`,
 *   `{ numeric: ['>', 0, '<=', 5] }`;
 * - when the event's value is an array, the leaf matches when any element does.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Whether `event` matches `pattern`. */
export function matches(pattern: { [key: string]: any }, event: { [key: string]: any }): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const present = event !== null && typeof event === 'object' && !Array.isArray(event) && key in event;
    const value = present ? event[key] : undefined;
    if (Array.isArray(rule)) {
      if (!leafMatches(rule, present, value)) return false;
    } else if (rule !== null && typeof rule === 'object') {
      if (!present || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      if (!matches(rule, value)) return false;
    } else {
      throw new Error(`event pattern: the value of \`${key}\` must be an array or an object, got ${JSON.stringify(rule)}`);
    }
  }
  return true;
}

function leafMatches(allowed: any[], present: boolean, value: Json | undefined): boolean {
  const existence = allowed.find((a) => a !== null && typeof a === 'object' && 'exists' in a);
  if (existence !== undefined) return existence.exists === (present && value !== undefined);
  if (!present) return false;
  const candidates: Json[] = Array.isArray(value) ? value : [value as Json];
  return candidates.some((v) => allowed.some((a) => valueMatches(a, v)));
}

function valueMatches(rule: any, value: Json): boolean {
  if (rule === null || typeof rule !== 'object') return rule === value;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    const list = Array.isArray(but) ? but : [but];
    return !list.some((b: any) => valueMatches(b, value));
  }
  if ('numeric' in rule) {
    if (typeof value !== 'number') return false;
    const ops: any[] = rule.numeric;
    for (let i = 0; i < ops.length; i += 2) {
      const [op, n] = [ops[i], ops[i + 1]];
      const ok = op === '>' ? value > n : op === '>=' ? value >= n : op === '<' ? value < n : op === '<=' ? value <= n : op === '=' ? value === n : undefined;
      if (ok === undefined) throw new Error(`event pattern: unknown numeric operator ${op}`);
      if (!ok) return false;
    }
    return true;
  }
  throw new Error(`event pattern: unsupported rule ${JSON.stringify(rule)}`);
}

/** The value at a JSON path `$.a.b.c` (dotted names only), undefined when absent. */
export function valueAt(event: any, jsonPath: string): Json | undefined {
  if (!jsonPath.startsWith('$')) throw new Error(`input path must start with $, got ${jsonPath}`);
  let v = event;
  for (const part of jsonPath.slice(1).split('.').filter((p) => p !== '')) {
    if (v === null || typeof v !== 'object' || !(part in v)) return undefined;
    v = v[part];
  }
  return v;
}

/**
 * What EventBridge delivers for an input transformer: each `<name>` of the template replaced by
 * the value at its path (strings inside a quoted template are inserted with JSON escaping, other
 * values as JSON); a quoted template is delivered as its string.
 */
export function renderInput(transformer: { InputPathsMap: { [name: string]: string }; InputTemplate: string }, event: any): string {
  const text = transformer.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string) => {
    const path = transformer.InputPathsMap[name];
    if (path === undefined) return whole;
    const value = valueAt(event, path);
    if (value === undefined) return '';
    return typeof value === 'string' ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
  });
  return text.startsWith('"') ? JSON.parse(text) : text;
}
