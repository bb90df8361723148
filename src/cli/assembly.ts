/**
 * Reading the DLM policies of a synthesized app from its cloud assembly (`cdk.out`):
 * `manifest.json` lists the stacks (and nested assemblies of Stages), each stack's template file
 * holds its `AWS::DLM::LifecyclePolicy` resources, and the construct path comes from the
 * resource's `aws:cdk:path` metadata or from the stack's metadata.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './errors';
import { isObject, Json, JsonObject } from './model';

/** A DLM policy of a synthesized template. */
export interface TemplatePolicy {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The stack's artifact id in the assembly (its display name when it has one). */
  readonly stackDisplayName: string;
  /** The stack's account, when the stack has an explicit environment. */
  readonly account?: string;
  /** The stack's Region, when the stack has an explicit environment. */
  readonly region?: string;
  /** The resource's logical ID. */
  readonly logicalId: string;
  /** The construct path, when the assembly records it. */
  readonly constructPath?: string;
  /** The resource's `Properties`. */
  readonly properties: JsonObject;
  /** The template's `Resources` (to resolve references). */
  readonly resources: JsonObject;
}

const DLM_TYPE = 'AWS::DLM::LifecyclePolicy';

/** Every DLM policy of the cloud assembly in `dir`, stack by stack, in manifest order. */
export function readAssembly(dir: string): TemplatePolicy[] {
  if (!fs.existsSync(dir)) throw new CliError(`${dir} does not exist: synthesize the app first (\`cdk synth\`) or pass the cloud assembly directory`);
  if (!fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a directory: pass the cloud assembly directory (cdk.out)`);
  return readManifest(dir, new Set());
}

function readManifest(dir: string, seen: Set<string>): TemplatePolicy[] {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = readJson(manifestFile, `${dir} is not a cloud assembly: manifest.json is missing (run \`cdk synth\` first)`);
  if (!isObject(manifest) || (manifest.artifacts !== undefined && !isObject(manifest.artifacts))) {
    throw new CliError(`${manifestFile} is malformed: expected an object with "artifacts"`);
  }
  const policies: TemplatePolicy[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (!isObject(artifact)) throw new CliError(`${manifestFile} is malformed: artifact ${id} is not an object`);
    const props = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      policies.push(...readManifest(path.join(dir, props.directoryName), seen));
    } else if (artifact.type === 'aws:cloudformation:stack') {
      policies.push(...readStack(dir, id, artifact, manifestFile));
    }
  }
  return policies;
}

function readStack(dir: string, id: string, artifact: JsonObject, manifestFile: string): TemplatePolicy[] {
  const props = isObject(artifact.properties) ? artifact.properties : {};
  if (typeof props.templateFile !== 'string') throw new CliError(`${manifestFile} is malformed: stack ${id} has no templateFile`);
  const templateFile = path.join(dir, props.templateFile);
  const template = readJson(templateFile, `${manifestFile} names ${props.templateFile} for stack ${id}, but the file is missing`);
  if (!isObject(template)) throw new CliError(`${templateFile} is malformed: a template is a JSON object`);
  const resources = template.Resources === undefined ? {} : template.Resources;
  if (!isObject(resources)) throw new CliError(`${templateFile} is malformed: "Resources" is not an object`);
  const env = /^aws:\/\/([^/]*)\/(.*)$/.exec(typeof artifact.environment === 'string' ? artifact.environment : '');
  const paths = constructPaths(dir, artifact);
  const policies: TemplatePolicy[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== DLM_TYPE) continue;
    if (resource.Properties !== undefined && !isObject(resource.Properties)) {
      throw new CliError(`${templateFile} is malformed: the Properties of ${logicalId} are not an object`);
    }
    const metadata = isObject(resource.Metadata) ? resource.Metadata : {};
    policies.push({
      stackName: typeof props.stackName === 'string' ? props.stackName : id,
      stackDisplayName: typeof artifact.displayName === 'string' ? artifact.displayName : id,
      account: env && !env[1].startsWith('unknown-') ? env[1] : undefined,
      region: env && !env[2].startsWith('unknown-') ? env[2] : undefined,
      logicalId,
      constructPath: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'].replace(/\/Resource$/, '') : paths.get(logicalId),
      properties: isObject(resource.Properties) ? resource.Properties : {},
      resources,
    });
  }
  return policies;
}

/** logicalId -> construct path, from the stack's metadata (inline or in its metadata file). */
function constructPaths(dir: string, artifact: JsonObject): Map<string, string> {
  const paths = new Map<string, string>();
  let metadata: Json | undefined = artifact.metadata;
  if (typeof artifact.additionalMetadataFile === 'string') {
    const file = path.join(dir, artifact.additionalMetadataFile);
    if (fs.existsSync(file)) metadata = readJson(file, '');
  }
  if (!isObject(metadata)) return paths;
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (isObject(entry) && entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
        paths.set(entry.data, constructPath.replace(/^\//, '').replace(/\/Resource$/, ''));
      }
    }
  }
  return paths;
}

function readJson(file: string, missing: string): Json {
  if (!fs.existsSync(file)) throw new CliError(missing);
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not valid JSON (${(e as Error).message})`);
  }
}
