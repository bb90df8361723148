/**
 * What a member template must be for a service-managed StackSet to deploy it to every account
 * and Region of an organization. Pure functions over the synthesized (resolved) template, so
 * that they see what the constructs in the member stack produced, whichever layer made them.
 */
import { raw } from '../../common/validation';

/**
 * Documented quotas a member template and its StackSet must stay within.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html (Quotas)
 */
export const STACKSET_QUOTAS = {
  /** Bytes of a template passed inline (`TemplateBody`). */
  templateBodyBytes: 51_200,
  /** Resources in a template. */
  resources: 500,
  /** Parameters in a template. */
  parameters: 200,
  /** Outputs in a template. */
  outputs: 200,
  /** Mappings in a template. */
  mappings: 200,
  /** Custom DLM lifecycle policies per account and Region. */
  dlmCustomPoliciesPerRegion: 100,
  /** DLM default policies per account and Region, of each type (EBS snapshots, EBS-backed AMIs). */
  dlmDefaultPoliciesPerRegion: 1,
};

/** A problem found in a member template: the property, what is allowed, and what was found. */
export interface MemberFinding {
  readonly prop: string;
  readonly allowed: string;
  readonly got: unknown;
}

/** What the member template holds, as the plan report counts it. */
export interface MemberCounts {
  readonly bytes: number;
  readonly resources: number;
  /** Custom DLM policies (snapshot, AMI and event-based policies), per tier name ('-' when untiered). */
  readonly dlmPoliciesByTier: { [tier: string]: number };
  readonly dlmCustomPolicies: number;
  /** Default policies by type (VOLUME, INSTANCE). */
  readonly dlmDefaultPolicies: { [type: string]: number };
  readonly backupPlans: number;
  /** The capabilities the StackSet must acknowledge. */
  readonly capabilities: string[];
}

interface Resource {
  readonly Type: string;
  readonly Properties?: any;
}

/** The context of the checks. */
export interface MemberContext {
  /** The Regions the StackSet deploys to. */
  readonly regions: readonly string[];
  /** The management stack's account, when known. */
  readonly managementAccount?: string;
  /** The tag key that carries a snapshot's tier. */
  readonly tierTagKey: string;
}

const IAM_NAME_PROPS: { [type: string]: string } = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
};

/** A KMS key ARN naming a fixed account. */
const FIXED_ACCOUNT_KEY = /:kms:[^:]*:(\d{12}):/;

export function resourcesOf(template: any): [string, Resource][] {
  return Object.entries<Resource>(template?.Resources ?? {});
}

/** Counts what the report shows and the capabilities the StackSet acknowledges. */
export function memberCounts(template: any, body: string, tierTagKey: string): MemberCounts {
  const resources = resourcesOf(template);
  const dlmPoliciesByTier: { [tier: string]: number } = {};
  const dlmDefaultPolicies: { [type: string]: number } = {};
  let dlmCustomPolicies = 0;
  let named = false;
  let iam = false;
  for (const [, r] of resources) {
    if (r.Type === 'AWS::DLM::LifecyclePolicy') {
      const type = r.Properties?.DefaultPolicy;
      if (typeof type === 'string') {
        dlmDefaultPolicies[type] = (dlmDefaultPolicies[type] ?? 0) + 1;
      } else {
        dlmCustomPolicies++;
        const tier = tierOfPolicy(r.Properties, tierTagKey);
        dlmPoliciesByTier[tier] = (dlmPoliciesByTier[tier] ?? 0) + 1;
      }
    }
    if (r.Type.startsWith('AWS::IAM::')) {
      iam = true;
      const nameProp = IAM_NAME_PROPS[r.Type];
      if (nameProp !== undefined && r.Properties?.[nameProp] !== undefined) named = true;
    }
  }
  return {
    bytes: Buffer.byteLength(body, 'utf8'),
    resources: resources.length,
    dlmPoliciesByTier,
    dlmCustomPolicies,
    dlmDefaultPolicies,
    backupPlans: resources.filter(([, r]) => r.Type === 'AWS::Backup::BackupPlan').length,
    capabilities: named ? ['CAPABILITY_NAMED_IAM'] : iam ? ['CAPABILITY_IAM'] : [],
  };
}

/** The tier a DLM policy serves: the tier tag it adds to its snapshots, else its first target tag. */
function tierOfPolicy(props: any, tierTagKey: string): string {
  const details = props?.PolicyDetails ?? {};
  for (const schedule of details.Schedules ?? []) {
    const tag = (schedule.TagsToAdd ?? []).find((t: any) => t?.Key === tierTagKey);
    if (typeof tag?.Value === 'string') return tag.Value;
  }
  const target = (details.TargetTags ?? [])[0];
  return typeof target?.Value === 'string' ? target.Value : '-';
}

/** Every problem of a member template, in template order. */
export function memberFindings(template: any, body: string, ctx: MemberContext): MemberFinding[] {
  const findings: MemberFinding[] = [];
  const add = (prop: string, allowed: string, got: unknown) => findings.push({ prop, allowed, got });
  const counts = memberCounts(template, body, ctx.tierTagKey);
  const resources = resourcesOf(template);

  // StackSet and template quotas
  if (counts.bytes > STACKSET_QUOTAS.templateBodyBytes) {
    add('template', `must be at most ${STACKSET_QUOTAS.templateBodyBytes.toLocaleString('en-US')} bytes, the CloudFormation quota of a template passed inline (\`TemplateBody\`): split the tiers over two member stacks, each with its own \`OrganizationTiers\``, raw(`${counts.bytes.toLocaleString('en-US')} bytes`));
  }
  const limit = (section: string, quota: number) => {
    const n = Object.keys(template?.[section] ?? {}).length;
    if (n > quota) add(section, `must have at most ${quota} entries (CloudFormation template quota)`, raw(`${n}`));
  };
  limit('Resources', STACKSET_QUOTAS.resources);
  limit('Parameters', STACKSET_QUOTAS.parameters);
  limit('Outputs', STACKSET_QUOTAS.outputs);
  limit('Mappings', STACKSET_QUOTAS.mappings);
  if (template?.Transform !== undefined) {
    add('Transform', 'must not be used: StackSets with service-managed permissions do not support macros or transforms', template.Transform);
  }
  for (const [name, p] of Object.entries<any>(template?.Parameters ?? {})) {
    if (p?.Default === undefined) {
      add(`Parameters.${name}`, 'must have a default value: the StackSet passes no parameter values to its stack instances', raw('no `Default`'));
    }
  }
  for (const [id, r] of resources) {
    if (r.Type === 'AWS::CloudFormation::Stack') {
      add(`Resources.${id}`, 'must not be a nested stack: its template would be a file asset, which a StackSet cannot carry', r.Type);
    }
  }
  walk(template, '', (path, value) => {
    if (isObject(value) && 'Fn::ImportValue' in value) {
      add(path, 'must not import a value exported by another stack (`Fn::ImportValue`): member accounts have no such export; reference nothing outside the member stack', value['Fn::ImportValue']);
    }
  });

  // IAM is global: a named IAM resource is created once per account, whatever the Regions
  if (ctx.regions.length > 1) {
    for (const [id, r] of resources) {
      const nameProp = IAM_NAME_PROPS[r.Type];
      const name = nameProp !== undefined ? r.Properties?.[nameProp] : undefined;
      if (name !== undefined && !JSON.stringify(name).includes('AWS::Region')) {
        add(`Resources.${id}.${nameProp}`, `must include the Region (\`Aws.REGION\`) or be left to CloudFormation: IAM is global, so the stack instances of one account in ${ctx.regions.length} Regions would create the same name`, name);
      }
    }
  }

  // DLM: the per-account and per-Region quotas
  if (counts.dlmCustomPolicies > STACKSET_QUOTAS.dlmCustomPoliciesPerRegion) {
    add('AWS::DLM::LifecyclePolicy', `must number at most ${STACKSET_QUOTAS.dlmCustomPoliciesPerRegion} custom policies, the DLM quota per account and Region`, raw(`${counts.dlmCustomPolicies} policies`));
  }
  for (const [type, n] of Object.entries(counts.dlmDefaultPolicies)) {
    if (n > STACKSET_QUOTAS.dlmDefaultPoliciesPerRegion) {
      add('AWS::DLM::LifecyclePolicy', `must have at most ${STACKSET_QUOTAS.dlmDefaultPoliciesPerRegion} default policy of type ${type}, the DLM quota per account and Region`, raw(`${n} policies`));
    }
  }

  // DLM copies: the destination must not be a deployment Region, the key must be resolved in each account
  const keys = new Set(resources.filter(([, r]) => r.Type === 'AWS::KMS::Key').map(([id]) => id));
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::DLM::LifecyclePolicy') continue;
    for (const copy of dlmCopies(r.Properties)) {
      const path = `Resources.${id}.${copy.path}`;
      if (typeof copy.target === 'string' && ctx.regions.includes(copy.target)) {
        add(`${path}.${copy.targetProp}`, 'must not be one of the StackSet\'s `regions`: the stack instance in that Region would copy its snapshots to itself', copy.target);
      }
      if (copy.cmkArn !== undefined) {
        const problem = keyProblem(copy.cmkArn, keys);
        if (problem !== undefined) add(`${path}.${copy.keyProp}`, problem, copy.cmkArn);
      }
    }
  }

  // the management account must not appear: the template is deployed to every other account
  if (ctx.managementAccount !== undefined) {
    walk(template, '', (path, value) => {
      if (typeof value === 'string' && value.includes(ctx.managementAccount!)) {
        add(path, `must not name the management account ${ctx.managementAccount}: the template is deployed in every member account; use \`Aws.ACCOUNT_ID\``, value);
      }
    });
  }
  return findings;
}

interface DlmCopy {
  readonly path: string;
  readonly targetProp: string;
  readonly target: unknown;
  readonly keyProp: string;
  readonly cmkArn: unknown;
}

/** The cross-Region copies of a DLM policy: schedule copy rules and event-based copy actions. */
function dlmCopies(props: any): DlmCopy[] {
  const details = props?.PolicyDetails ?? {};
  const copies: DlmCopy[] = [];
  (details.Schedules ?? []).forEach((s: any, i: number) => {
    (s?.CrossRegionCopyRules ?? []).forEach((c: any, j: number) => {
      const targetProp = c?.Target !== undefined ? 'Target' : 'TargetRegion';
      copies.push({
        path: `PolicyDetails.Schedules[${i}].CrossRegionCopyRules[${j}]`,
        targetProp,
        target: c?.[targetProp],
        keyProp: 'CmkArn',
        cmkArn: c?.CmkArn,
      });
    });
  });
  (details.Actions ?? []).forEach((a: any, i: number) => {
    (a?.CrossRegionCopy ?? []).forEach((c: any, j: number) => {
      copies.push({
        path: `PolicyDetails.Actions[${i}].CrossRegionCopy[${j}]`,
        targetProp: 'Target',
        target: c?.Target,
        keyProp: 'EncryptionConfiguration.CmkArn',
        cmkArn: c?.EncryptionConfiguration?.CmkArn,
      });
    });
  });
  (props?.CrossRegionCopyTargets ?? []).forEach((c: any, i: number) => {
    copies.push({ path: `CrossRegionCopyTargets[${i}]`, targetProp: 'TargetRegion', target: c?.TargetRegion, keyProp: '', cmkArn: undefined });
  });
  return copies;
}

const PER_ACCOUNT_KEY = 'a key resolved in each member account and in the copy\'s destination Region: leave it out (the destination Region\'s default EBS key), or read the ARN from an SSM parameter in each account (`ssm.StringParameter.valueForStringParameter`)';

/** Why a DR copy's key ARN cannot serve every member account, or undefined when it can. */
function keyProblem(cmkArn: unknown, keysInTemplate: Set<string>): string | undefined {
  if (isObject(cmkArn)) {
    const ref = cmkArn.Ref ?? (Array.isArray(cmkArn['Fn::GetAtt']) ? cmkArn['Fn::GetAtt'][0] : undefined);
    if (typeof ref === 'string' && keysInTemplate.has(ref)) {
      return `must be ${PER_ACCOUNT_KEY}; a key of the member template lives in the Region of each stack instance, not in the destination Region`;
    }
  }
  const literal = literalText(cmkArn);
  const account = FIXED_ACCOUNT_KEY.exec(literal);
  if (account) return `must be ${PER_ACCOUNT_KEY}, not the key of the fixed account ${account[1]}`;
  return undefined;
}

/** The literal parts of a value, joined (intrinsics other than joins and subs contribute nothing). */
function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(literalText).join('');
  if (isObject(value)) {
    if (Array.isArray(value['Fn::Join'])) return (value['Fn::Join'][1] ?? []).map(literalText).join(String(value['Fn::Join'][0] ?? ''));
    if (value['Fn::Sub'] !== undefined) return literalText(Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'][0] : value['Fn::Sub']);
  }
  return '';
}

function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, path: string, visit: (path: string, value: unknown) => void): void {
  visit(path, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, visit);
  }
}
