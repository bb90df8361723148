/**
 * Shared pieces of the CLI tests: running the CLI in-process, AWS environment variables for the
 * SDK, and "deploying" a synthesized DLM resource the way CloudFormation and DLM would (resolved
 * references, the API's shape, DLM's defaults, CloudFormation's tags) to serve it from FakeDlm.
 */
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { ServedPolicy, TEST_CREDENTIALS } from './fake-dlm';
import { main } from '../../src/cli/main';
import { synth } from '../harness';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The output of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process. */
export async function runCli(argv: string[], env: { [name: string]: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    cwd: REPO_ROOT,
    stderrIsTTY: false,
    env,
  });
  return { code, stdout, stderr };
}

/** The environment the SDK reads credentials from: the test keys, and nothing of this machine. */
export function awsTestEnv(): { [name: string]: string } {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(REPO_ROOT, 'tmp', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, 'tmp', 'no-aws-credentials'),
  };
}

const AWS_VARIABLES = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DLM', 'AWS_MAX_ATTEMPTS',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'];

/** Puts the test credentials into process.env for the in-process CLI; returns the function that restores it. */
export function useAwsTestEnv(): () => void {
  const saved = { ...process.env };
  for (const name of AWS_VARIABLES) delete process.env[name];
  Object.assign(process.env, awsTestEnv());
  return () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  };
}

/** A DLM resource of a synthesized template. */
export interface DlmResource {
  readonly logicalId: string;
  readonly properties: any;
}

/** The DLM resources of `stack`, synthesized through the conformance harness. */
export function dlmResources(stack: Stack): DlmResource[] {
  const resources = synth(stack).findResources('AWS::DLM::LifecyclePolicy');
  return Object.entries(resources).map(([logicalId, r]) => ({ logicalId, properties: (r as any).Properties }));
}

let counter = 0;

/** A fresh policy ID (`policy-` and 17 hex digits). */
export function newPolicyId(): string {
  counter++;
  return `policy-${(0x0a1b2c3d4e5f60000n + BigInt(counter)).toString(16).padStart(17, '0')}`;
}

/** Where the resource is "deployed". */
export interface DeployOptions {
  readonly stackName: string;
  readonly policyId?: string;
  readonly account?: string;
  readonly region?: string;
  /** The template's resources, to resolve references to them. */
  readonly templateResources?: any;
  /** CloudFormation's tags (false: the policy was made by hand, without them). */
  readonly cfnTags?: boolean;
}

/**
 * What GetLifecyclePolicy returns for a synthesized DLM resource once CloudFormation created it:
 * references resolved to physical values, default policies in DLM's simplified policy language,
 * the defaults DLM fills in, and CloudFormation's tags.
 */
export function deploy(resource: DlmResource, opts: DeployOptions): ServedPolicy {
  const account = opts.account ?? ACCOUNT;
  const region = opts.region ?? REGION;
  const policyId = opts.policyId ?? newPolicyId();
  const p = resolveCfn(resource.properties, { account, region, stackName: opts.stackName });
  const isDefault = p.DefaultPolicy !== undefined;
  let details: any;
  if (isDefault) {
    details = {
      PolicyLanguage: 'SIMPLIFIED',
      PolicyType: p.DefaultPolicy === 'INSTANCE' ? 'IMAGE_MANAGEMENT' : 'EBS_SNAPSHOT_MANAGEMENT',
      ResourceType: p.DefaultPolicy,
      CreateInterval: p.CreateInterval ?? 1,
      RetainInterval: p.RetainInterval ?? 7,
      CopyTags: p.CopyTags ?? false,
      ExtendDeletion: p.ExtendDeletion ?? false,
      ...(p.Exclusions ? { Exclusions: p.Exclusions } : {}),
      ...(p.CrossRegionCopyTargets ? { CrossRegionCopyTargets: p.CrossRegionCopyTargets } : {}),
    };
  } else {
    details = { PolicyLanguage: 'STANDARD', ...p.PolicyDetails };
    for (const schedule of details.Schedules ?? []) {
      schedule.CopyTags ??= false;
      if (details.PolicyType === 'EBS_SNAPSHOT_MANAGEMENT') schedule.CreateRule.Location ??= 'CLOUD';
    }
  }
  const ownTags = Object.fromEntries((p.Tags ?? []).map((t: any) => [t.Key, t.Value]));
  const cfnTags: { [key: string]: string } = opts.cfnTags === false ? {} : {
    'aws:cloudformation:stack-name': opts.stackName,
    'aws:cloudformation:logical-id': resource.logicalId,
    'aws:cloudformation:stack-id': `arn:aws:cloudformation:${region}:${account}:stack/${opts.stackName}/5e0b7c70-8f0e-11ef-9b1e-0a1b2c3d4e5f`,
  };
  return {
    PolicyId: policyId,
    Description: p.Description,
    State: p.State ?? 'ENABLED',
    StatusMessage: 'ENABLED',
    ExecutionRoleArn: p.ExecutionRoleArn,
    DateCreated: '2026-11-20T09:30:00.000Z',
    DateModified: '2026-11-21T14:05:10.000Z',
    PolicyDetails: details,
    Tags: { ...ownTags, ...cfnTags },
    PolicyArn: `arn:aws:dlm:${region}:${account}:policy/${policyId}`,
    DefaultPolicy: isDefault,
  };
}

/** CloudFormation's resolution of the intrinsics the library's templates use. */
function resolveCfn(value: any, ctx: { account: string; region: string; stackName: string }): any {
  if (Array.isArray(value)) return value.map(v => resolveCfn(v, ctx));
  if (typeof value !== 'object' || value === null) return value;
  if ('Fn::GetAtt' in value) {
    const [logicalId, attribute] = value['Fn::GetAtt'];
    if (attribute !== 'Arn') throw new Error(`deploy: no value for ${logicalId}.${attribute}`);
    // CloudFormation names a role <stack>-<logical id>-<suffix>; keys get a random id
    return /Role/.test(logicalId)
      ? `arn:aws:iam::${ctx.account}:role/${ctx.stackName}-${logicalId.slice(0, 30)}-Q1W2E3R4T5Y6`
      : `arn:aws:kms:${ctx.region}:${ctx.account}:key/7d3c2b1a-0f9e-8d7c-6b5a-493827161504`;
  }
  if ('Ref' in value) {
    const pseudo: { [name: string]: string } = { 'AWS::Partition': 'aws', 'AWS::Region': ctx.region, 'AWS::AccountId': ctx.account, 'AWS::URLSuffix': 'amazonaws.com' };
    // a resource's physical ID, named by CloudFormation: <stack>-<logical id>-<suffix>
    return pseudo[value.Ref] ?? `${ctx.stackName}-${value.Ref}-Z9Y8X7W6V5U4`;
  }
  if ('Fn::Join' in value) return resolveCfn(value['Fn::Join'][1], ctx).join(value['Fn::Join'][0]);
  if ('Fn::Select' in value) {
    const [index, list] = value['Fn::Select'];
    return resolveCfn(list, ctx)[index];
  }
  if ('Fn::GetAZs' in value) return [`${ctx.region}a`, `${ctx.region}b`, `${ctx.region}c`];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveCfn(v, ctx)]));
}
