/**
 * Layer 2: every resource's `Properties` against AWS's CloudFormation registry schema of its
 * type (`cfn-enhanced/` first: the DLM schema with the DLM API model's enums and ranges),
 * compiled with ajv lazily, one validator per type, cached for the whole jest worker
 * (worker-cache.ts: across test files).
 *
 * The schemas live in the repository (`test/harness/schemas/`, see its SOURCES.md); nothing
 * is read from outside it. A resource type without a schema there is itself a problem, so a
 * new construct cannot go unchecked: add its schema with `npx projen schemas:refresh`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RegExpLike } from 'ajv/dist/types';
import type { ConformanceProblem } from './problem';
import type { SynthesizedStack } from './stacks';
import { workerCached } from './worker-cache';

/** The repository's copy of the registry schemas: `cfn/` and `cfn-enhanced/`. */
export const SCHEMA_DIRECTORY = path.join(__dirname, 'schemas');

/**
 * Types that have no registry schema at all: CDK's own metadata resource and custom resources.
 * Every other type a test synthesizes must have its schema in the repository.
 */
export function hasNoRegistrySchema(resourceType: string): boolean {
  return resourceType === 'AWS::CDK::Metadata'
    || resourceType === 'AWS::CloudFormation::CustomResource'
    || resourceType.startsWith('Custom::');
}

/** The file name of a type's schema: lower case, `::` -> `-` (`aws-dlm-lifecyclepolicy.json`). */
export function schemaFileName(resourceType: string): string {
  return `${resourceType.toLowerCase().replace(/::/g, '-')}.json`;
}

/** CloudFormation's own schema meta keywords: annotations for ajv, they validate nothing. */
const CFN_META_KEYWORDS = [
  'typeName', 'tagging', 'handlers', 'primaryIdentifier', 'additionalIdentifiers', 'readOnlyProperties',
  'writeOnlyProperties', 'createOnlyProperties', 'conditionalCreateOnlyProperties', 'deprecatedProperties',
  'replacementStrategy', 'propertyTransform', 'insertionOrder', 'arrayType', 'relationshipRef', 'sourceUrl',
  'documentationUrl', 'taggable', 'resourceLink',
];

/**
 * Registry patterns are written for Java: some escape characters that need no escape (`\_`, `\:`),
 * which JS rejects under the `u` flag, while others (`\p{L}`) need `u`. A few use Java-only
 * syntax (`(?i)` mid-pattern, `(?s)`, `*{1,512}`). Try as written, then without needless
 * escapes, then with the Java-isms approximated (an inline `(?i)` becomes the `i` flag of the
 * whole pattern), then without `u`; else warn and skip that pattern.
 */
const cfnRegExp = Object.assign((pattern: string, flags: string): RegExpLike => {
  const java = translateJavaIsms(stripNeedlessEscapes(pattern));
  const candidates: Array<[string, string]> = [
    [pattern, flags],
    [stripNeedlessEscapes(pattern), flags],
    [java.pattern, flags + java.flags],
    [pattern, flags.replace('u', '')],
  ];
  for (const [p, f] of candidates) {
    try {
      return new RegExp(p, f);
    } catch { /* next candidate */ }
  }
  console.warn(`conformance harness: cannot translate registry pattern ${JSON.stringify(pattern)} to JS; not checked`);
  return { test: () => true };
}, { code: 'cfnRegExp' });

function stripNeedlessEscapes(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      const meaningful = /[A-Za-z0-9^$\\.*+?()[\]{}|/]/.test(next) || (inClass && next === '-');
      out += meaningful ? c + next : next;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += c;
  }
  return out;
}

function translateJavaIsms(pattern: string): { pattern: string; flags: string } {
  let flags = '';
  const translated = pattern
    .replace(/\(\?([is])\)/g, (_, flag: string) => {
      if (!flags.includes(flag)) flags += flag;
      return '';
    })
    .replace(/([*+?}$])\{\d+(,\d*)?\}/g, '$1') // a quantifier on a quantifier (or on `$`)
    .replace(/\[(?:\\.|[^\]\\])*\]/g, (cls) => cls.replace(/(\\[pP]\{\w+\}|\\[dDwWsS])-(?!\])/g, '$1\\-'));
  return { pattern: translated, flags };
}

/**
 * One ajv and one compiled validator per schema file for the whole jest worker (worker-cache.ts):
 * compiling the registry schemas again in every test file cost as much as validating with them.
 */
interface Compiled {
  readonly ajv: Ajv;
  /** Keyed by schema file; `null` = no schema for this type in that directory. */
  readonly typeSchemas: Map<string, TypeSchema | null>;
  count: number;
}
function compiledSchemas(): Compiled {
  return workerCached<Compiled>('compiledSchemas', () => ({ ajv: newAjv(), typeSchemas: new Map(), count: 0 }));
}

function theAjv(): Ajv {
  return compiledSchemas().ajv;
}

function newAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    allowUnionTypes: true, // ["object","string"] policy documents
    keywords: CFN_META_KEYWORDS,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    validateFormats: false, // 'int64', 'double', 'timestamp' ... are not JSON Schema formats
    verbose: true, // errors carry their keyword's schema object, located through TypeSchema.pointers
    code: { regExp: cfnRegExp },
  });
}

interface TypeSchema {
  /** ajv key of the registered schema; sub-schemas are reached as `${key}#/pointer`. */
  readonly key: string;
  readonly validate: ValidateFunction;
  /** JSON pointer of every object and array in the schema: ajv's `schemaPath` is relative to the last `$ref`. */
  readonly pointers: ReadonlyMap<unknown, string>;
}

function typeSchema(dir: string, resourceType: string): TypeSchema | null {
  const file = schemaFileName(resourceType);
  const cacheKey = path.join(dir, file);
  const typeSchemas = compiledSchemas().typeSchemas;
  let entry = typeSchemas.get(cacheKey);
  if (entry === undefined) {
    const found = ['cfn-enhanced', 'cfn'].map((sub) => path.join(dir, sub, file)).find((f) => fs.existsSync(f));
    entry = found ? compile(found) : null;
    typeSchemas.set(cacheKey, entry);
  }
  return entry;
}

function compile(file: string): TypeSchema {
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete schema.$schema; // aws-iam-role.json points at the provider meta-schema, which ajv does not know
  schema.type = 'object'; // the root has none; Properties is always an object
  const key = `cfn-schema-${compiledSchemas().count++}`;
  try {
    theAjv().addSchema(schema, key);
    return { key, validate: theAjv().getSchema(key)!, pointers: indexPointers(schema) };
  } catch (e) {
    theAjv().removeSchema(key);
    throw new Error(`ajv cannot compile ${file}: ${(e as Error).message}`);
  }
}

/** Layer 2 for all stacks, with the schemas of `dir` (the repository's by default). */
export function schemaProblems(stacks: readonly SynthesizedStack[], dir: string = SCHEMA_DIRECTORY): ConformanceProblem[] {
  const problems: ConformanceProblem[] = [];
  for (const s of stacks) {
    for (const [logicalId, resource] of Object.entries(s.template.Resources ?? {})) {
      if (hasNoRegistrySchema(resource.Type)) continue;
      const ts = typeSchema(dir, resource.Type);
      if (!ts) {
        problems.push({
          layer: 'schema',
          stack: s.path,
          logicalId,
          constructPath: s.constructPaths.get(logicalId),
          resourceType: resource.Type,
          propertyPath: '',
          rule: 'no-schema',
          severity: 'error',
          message: `no CloudFormation registry schema for ${resource.Type} in ${path.relative(process.cwd(), dir) || dir}: `
            + `add it with \`npx projen schemas:refresh -- <folder of AWS schemas> ${resource.Type}\``,
        });
        continue;
      }
      const properties = resource.Properties ?? {};
      for (const e of relevantErrors(ts, ts.validate, properties)) {
        if (KNOWN_FALSE_POSITIVES[resource.Type]?.(e)) continue;
        const extra = e.keyword === 'additionalProperties' ? [String(e.params.additionalProperty)] : [];
        problems.push({
          layer: 'schema',
          stack: s.path,
          logicalId,
          constructPath: s.constructPaths.get(logicalId),
          resourceType: resource.Type,
          propertyPath: [...segments(e.instancePath), ...extra].join('.'),
          rule: e.keyword,
          severity: 'error',
          message: describe(e),
        });
      }
    }
  }
  return problems;
}

/** Registry schema statements that CloudFormation templates do not have to meet. */
const KNOWN_FALSE_POSITIVES: Record<string, (e: ErrorObject) => boolean> = {
  // DLM `Exclusions.ExcludeVolumeTypes` items are typed `object` (an empty `VolumeTypeValues`
  // definition) though the API takes strings like "gp2".
  'AWS::DLM::LifecyclePolicy': (e) => e.keyword === 'type' && /(^|\/)Exclusions\/ExcludeVolumeTypes\/\d+$/.test(e.instancePath),
  // The registry schema requires `StackName`; a nested stack in a template gets its name from
  // CloudFormation (aws-cdk-lib's NestedStack emits only TemplateURL), and AWS's own validator agrees.
  'AWS::CloudFormation::Stack': (e) => e.keyword === 'required' && e.instancePath === '' && e.params.missingProperty === 'StackName',
};

/**
 * The errors of `validate(data)` that are not caused by intrinsics: errors at or below an
 * intrinsic (`{Ref}`, `{Fn::*}`) are dropped; errors on its parents (missing keys, list sizes)
 * stay. A oneOf/anyOf error also goes, with its branches' errors, when some branch fails only
 * because of intrinsics (found by validating each branch on its own, recursively).
 */
function relevantErrors(ts: TypeSchema, validate: ValidateFunction, data: unknown): ErrorObject[] {
  validate(data);
  const errors = [...(validate.errors ?? [])];
  const dropped = new Set<number>();
  errors.forEach((e, i) => {
    if (atOrBelowIntrinsic(data, e.instancePath)) dropped.add(i);
  });
  errors.forEach((e, i) => {
    const combinator = e.keyword === 'anyOf' || (e.keyword === 'oneOf' && e.params.passingSchemas == null);
    const pointer = ts.pointers.get(e.schema);
    if (!combinator || dropped.has(i) || pointer === undefined || !Array.isArray(e.schema)) return;
    let branchErrorCount = 0;
    let someBranchPasses = false;
    for (let k = 0; k < e.schema.length; k++) {
      const branch = theAjv().getSchema(`${ts.key}${pointer}/${k}`)!;
      branchErrorCount += branch(e.data) ? 0 : branch.errors?.length ?? 0;
      someBranchPasses ||= relevantErrors(ts, branch, e.data).length === 0;
    }
    if (!someBranchPasses) return;
    dropped.add(i);
    // With allErrors, ajv reports the branches' errors right before the combinator's own error.
    const first = i - branchErrorCount;
    if (first >= 0 && errors.slice(first, i).every((b) => b.instancePath.startsWith(e.instancePath))) {
      for (let j = first; j < i; j++) dropped.add(j);
    }
  });
  return errors.filter((_, i) => !dropped.has(i));
}

function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function atOrBelowIntrinsic(data: unknown, instancePath: string): boolean {
  let node = data;
  if (isIntrinsic(node)) return true;
  for (const seg of segments(instancePath)) {
    node = (node as Record<string, unknown> | undefined)?.[seg];
    if (isIntrinsic(node)) return true;
  }
  return false;
}

/** '/PolicyDetails/Schedules/0' → ['PolicyDetails', 'Schedules', '0'] */
function segments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function indexPointers(node: unknown, pointer = '#', index = new Map<unknown, string>()): Map<unknown, string> {
  if (typeof node === 'object' && node !== null && !index.has(node)) {
    index.set(node, pointer);
    for (const [k, v] of Object.entries(node)) indexPointers(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, index);
  }
  return index;
}

function describe(e: ErrorObject): string {
  const value: unknown = e.data;
  switch (e.keyword) {
    case 'enum':
      return `must be equal to one of the allowed values: ${(e.params.allowedValues as unknown[]).join(', ')} (got ${show(value)})`;
    case 'additionalProperties':
      return `must NOT have additional property '${e.params.additionalProperty}'`;
    case 'required':
    case 'oneOf':
    case 'anyOf':
    case 'dependencies':
      return e.message ?? e.keyword;
    case 'minItems':
    case 'maxItems':
      return `${e.message} (got ${Array.isArray(value) ? value.length : show(value)})`;
    default:
      return `${e.message} (got ${show(value)})`;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
