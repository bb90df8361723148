import { Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { TierMemberStack } from './organization-member';
import { memberCounts, memberFindings, MemberCounts, STACKSET_QUOTAS } from './private/organization-checks';
import { IReportSectionSource, ReportSection, ReportSections } from './report-section';
import { checkInteger, checkString, Where } from '../common/validation';
import { TIER_TAG_KEY } from '../tiers/private/tags';

const OU_ID = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[a-z0-9]{4,32}$/;
const ACCOUNT = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const STACK_SET_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/;

/**
 * Where a StackSet deploys: an organizational unit or the organization's root. Every account in
 * it, including those of nested OUs and those that join later (with auto-deployment), gets a
 * stack instance in each Region.
 */
export class OrganizationTarget {
  /** An organizational unit, `ou-` followed by 4-32 and 8-32 lowercase letters or digits. */
  public static organizationalUnit(organizationalUnitId: string): OrganizationTarget {
    return new OrganizationTarget(organizationalUnitId, 'organizationalUnit');
  }

  /** The organization's root (`r-` and 4-32 lowercase letters or digits): every account. */
  public static root(rootId: string): OrganizationTarget {
    return new OrganizationTarget(rootId, 'root');
  }

  private constructor(
    /** The OU or root ID. */
    public readonly targetId: string,
    private readonly kind: 'organizationalUnit' | 'root',
  ) {}

  /** @internal */
  public _validate(where: Where, prop: string): void {
    if (this.kind === 'root') {
      checkString(where, prop, this.targetId, { pattern: ROOT_ID, patternText: 'a root ID (r- and 4 to 32 lowercase letters or digits)' });
    } else {
      checkString(where, prop, this.targetId, { pattern: OU_ID, patternText: 'an organizational unit ID (ou-, 4 to 32 and 8 to 32 lowercase letters or digits, e.g. ou-ab12-cdef3456)' });
    }
  }
}

/**
 * Which accounts of the targets get stack instances (`DeploymentTargets.AccountFilterType`
 * with `Accounts`).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
export class StackSetAccountFilter {
  /** Only these accounts of the targets (`INTERSECTION`). */
  public static intersection(accounts: string[]): StackSetAccountFilter {
    return new StackSetAccountFilter('INTERSECTION', accounts);
  }

  /** Every account of the targets except these (`DIFFERENCE`). */
  public static difference(accounts: string[]): StackSetAccountFilter {
    return new StackSetAccountFilter('DIFFERENCE', accounts);
  }

  /** Every account of the targets and these accounts too (`UNION`). */
  public static union(accounts: string[]): StackSetAccountFilter {
    return new StackSetAccountFilter('UNION', accounts);
  }

  private constructor(
    /** The filter type: INTERSECTION, DIFFERENCE or UNION. */
    public readonly filterType: string,
    /** The accounts (12 digits each). */
    public readonly accounts: string[],
  ) {}
}

/**
 * A number of accounts per Region, or a percentage of them, for failure tolerance and maximum
 * concurrency of StackSet operations.
 */
export class StackSetOperationLimit {
  /** A number of accounts per Region. */
  public static count(accounts: number): StackSetOperationLimit {
    return new StackSetOperationLimit(accounts, undefined);
  }

  /** A percentage (whole number) of the accounts per Region; CloudFormation rounds down. */
  public static percentage(percent: number): StackSetOperationLimit {
    return new StackSetOperationLimit(undefined, percent);
  }

  /** The number of accounts, when given as a count. */
  public readonly accounts?: number;

  /** The percentage, when given as one. */
  public readonly percent?: number;

  private constructor(accounts: number | undefined, percent: number | undefined) {
    this.accounts = accounts;
    this.percent = percent;
  }
}

/** The account a StackSet is managed from (`CallAs`). */
export enum StackSetCaller {
  /** The organization's management account. */
  SELF = 'SELF',
  /** A member account registered as delegated administrator for StackSets. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/** How the failure tolerance bounds concurrency (`OperationPreferences.ConcurrencyMode`). */
export enum StackSetConcurrencyMode {
  /** Concurrency is lowered so that failures never exceed the tolerance + 1 (CloudFormation's default). */
  STRICT_FAILURE_TOLERANCE = 'STRICT_FAILURE_TOLERANCE',
  /** Concurrency stays at the maximum, whatever the failures. */
  SOFT_FAILURE_TOLERANCE = 'SOFT_FAILURE_TOLERANCE',
}

/** Whether a StackSet operation runs one Region at a time or in every Region at once. */
export enum StackSetRegionConcurrency {
  /** One Region after another, in the order of `regions`. */
  SEQUENTIAL = 'SEQUENTIAL',
  /** Every Region at once. */
  PARALLEL = 'PARALLEL',
}

/** Properties of an `OrganizationTiers`. */
export interface OrganizationTiersProps {
  /** The stack each account and Region gets: its template is the StackSet's. */
  readonly member: TierMemberStack;

  /** The organizational units (or the root) whose accounts get the member stack (1 or more, unique). */
  readonly targets: OrganizationTarget[];

  /**
   * The Regions each account gets the member stack in (1 or more, unique). A tier's DR copy
   * Region must not be one of them.
   */
  readonly regions: string[];

  /**
   * Which accounts of the targets get stack instances.
   *
   * @default - every account of the targets
   */
  readonly accountFilter?: StackSetAccountFilter;

  /**
   * Deploy the member stack to accounts that join a target later (and remove it from those
   * that leave).
   *
   * @default true
   */
  readonly autoDeployment?: boolean;

  /**
   * Keep the member stack's resources (DLM policies, role) in an account that leaves the
   * targets. Only with `autoDeployment`.
   *
   * @default true - an account moved out keeps its backups running
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * The account the StackSet is managed from.
   *
   * @default StackSetCaller.SELF - the management account
   */
  readonly callAs?: StackSetCaller;

  /**
   * How many accounts per Region may fail before CloudFormation stops the operation in that
   * Region (and does not start the next Regions). A count is at least 0, a percentage 0 to 100.
   *
   * @default StackSetOperationLimit.count(0)
   */
  readonly failureTolerance?: StackSetOperationLimit;

  /**
   * How many accounts per Region the operation runs in at once. A count is at least 1, a
   * percentage 1 to 100. With `StackSetConcurrencyMode.STRICT_FAILURE_TOLERANCE` the concurrency is
   * at most the failure tolerance + 1.
   *
   * @default StackSetOperationLimit.count(1)
   */
  readonly maxConcurrency?: StackSetOperationLimit;

  /**
   * How failures bound concurrency.
   *
   * @default StackSetConcurrencyMode.STRICT_FAILURE_TOLERANCE
   */
  readonly concurrencyMode?: StackSetConcurrencyMode;

  /**
   * Whether Regions are deployed one after another or at once.
   *
   * @default StackSetRegionConcurrency.SEQUENTIAL
   */
  readonly regionConcurrency?: StackSetRegionConcurrency;

  /**
   * Let StackSets queue conflicting operations and run non-conflicting ones at once
   * (`ManagedExecution.Active`).
   *
   * @default false
   */
  readonly managedExecution?: boolean;

  /**
   * The StackSet's name (a letter, then letters, digits or `-`, at most 128).
   *
   * @default - generated from the construct path
   */
  readonly stackSetName?: string;

  /**
   * The StackSet's description (1 to 1,024 characters).
   *
   * @default - names the member stack
   */
  readonly description?: string;
}

/**
 * The same tiers in every account and Region of an organization: a service-managed
 * CloudFormation StackSet (`AWS::CloudFormation::StackSet`, `PermissionModel: SERVICE_MANAGED`)
 * whose template is a `TierMemberStack`'s, deployed to organizational units in chosen
 * Regions, with automatic deployment to accounts that join later.
 *
 * The template is passed inline (`TemplateBody`) and checked at synth against what a StackSet
 * can deploy everywhere: the quotas of a template (51,200 bytes inline, 500 resources, 200
 * parameters, outputs and mappings), parameters with defaults, no transforms, no imports of
 * another stack's exports, no named IAM resources across Regions, at most 100 custom DLM
 * policies (and 1 default policy per type) per account and Region, DR copies to Regions other
 * than the StackSet's and with keys that resolve in each member account, and no mention of
 * the management account. AWS Backup across the organization is the Organizations backup
 * policy's (`OrganizationBackupPolicy`), which takes the same `regions` and `targetIds`.
 *
 * The plan report gets an `Organization` section: policies per account and Region, per account,
 * and the DLM quota they use.
 *
 * @example
 * const member = new TierMemberStack(app, 'Member');
 * new TieredBackup(member, 'Tiers', { tiers: [BackupTier.critical('eu-west-1'), BackupTier.development()] });
 * const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'us-east-1' } });
 * new OrganizationTiers(management, 'Org', {
 *   member,
 *   targets: [OrganizationTarget.organizationalUnit('ou-ab12-cdef3456')],
 *   regions: ['us-east-1', 'ap-south-1'],
 * });
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export class OrganizationTiers extends Construct implements IReportSectionSource {
  /** The L1 StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;

  /** The StackSet's ID. */
  public readonly stackSetId: string;

  /** The member stack whose template the StackSet deploys. */
  public readonly member: TierMemberStack;

  /** The Regions of the stack instances. */
  public readonly regions: string[];

  /** The OU and root IDs the StackSet deploys to (e.g. for `OrganizationBackupPolicy`'s `targetIds`). */
  public readonly targetIds: string[];

  public constructor(scope: Construct, id: string, props: OrganizationTiersProps) {
    super(scope, id);
    const where = new Where(this);
    this.member = props.member;
    this.regions = [...props.regions];
    this.targetIds = props.targets.map((t) => t.targetId);

    if (TierMemberStack.isTierMemberStack(Stack.of(this))) {
      where.fail('scope', 'must be a stack of the management (or delegated administrator) account, not the member stack', Stack.of(this).node.path);
    }
    if (props.member.node.root !== this.node.root) {
      where.fail('member', 'must be a stack of the same app', props.member.node.path);
    }

    if (props.targets.length === 0) where.fail('targets', 'must list at least one organizational unit or root', []);
    props.targets.forEach((t, i) => {
      t._validate(where, `targets[${i}]`);
      if (this.targetIds.indexOf(t.targetId) !== i) where.fail(`targets[${i}]`, 'must not repeat a target', t.targetId);
    });
    if (props.regions.length === 0) where.fail('regions', 'must list at least one Region', []);
    props.regions.forEach((r, i) => {
      checkString(where, `regions[${i}]`, r, { pattern: REGION, patternText: 'a Region code such as eu-west-1' });
      if (props.regions.indexOf(r) !== i) where.fail(`regions[${i}]`, 'must not repeat a Region', r);
    });
    const filter = props.accountFilter;
    if (filter !== undefined) {
      if (filter.accounts.length === 0) where.fail('accountFilter', 'must list at least one account', []);
      filter.accounts.forEach((a, i) => {
        checkString(where, `accountFilter.accounts[${i}]`, a, { pattern: ACCOUNT, patternText: 'a 12-digit account ID' });
        if (filter.accounts.indexOf(a) !== i) where.fail(`accountFilter.accounts[${i}]`, 'must not repeat an account', a);
      });
    }
    const autoDeployment = props.autoDeployment ?? true;
    if (!autoDeployment && props.retainStacksOnAccountRemoval !== undefined) {
      where.fail('retainStacksOnAccountRemoval', 'can only be set with `autoDeployment: true`', props.retainStacksOnAccountRemoval);
    }
    const regionConcurrency = props.regionConcurrency ?? StackSetRegionConcurrency.SEQUENTIAL;
    const failure = props.failureTolerance ?? StackSetOperationLimit.count(0);
    const concurrency = props.maxConcurrency ?? StackSetOperationLimit.count(1);
    checkInteger(where, 'failureTolerance.count', failure.accounts, 0, Infinity, 'accounts');
    checkInteger(where, 'failureTolerance.percentage', failure.percent, 0, 100);
    checkInteger(where, 'maxConcurrency.count', concurrency.accounts, 1, Infinity, 'accounts');
    checkInteger(where, 'maxConcurrency.percentage', concurrency.percent, 1, 100);
    checkString(where, 'stackSetName', props.stackSetName, { pattern: STACK_SET_NAME, patternText: 'a letter followed by at most 127 letters, digits or `-`' });
    checkString(where, 'description', props.description, { minLength: 1, maxLength: 1024 });

    const managementAccount = Stack.of(this).account;
    const context = {
      regions: this.regions,
      managementAccount: Token.isUnresolved(managementAccount) ? undefined : managementAccount,
      tierTagKey: TIER_TAG_KEY,
    };
    const memberWhere = new Where(this, `member stack \`${props.member.node.path}\``);
    this.node.addValidation({
      validate: () => {
        const template = props.member._memberTemplate();
        return memberFindings(template, JSON.stringify(template), context)
          .map((f) => memberWhere.bareMessage(f.prop, f.allowed, f.got));
      },
    });

    this.stackSet = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName ?? stackSetNameOf(this),
      description: props.description ?? `cdk-tiered-backup: the tiers of ${props.member.node.path} in every account of ${this.targetIds.join(', ')}`.slice(0, 1024),
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs,
      autoDeployment: {
        enabled: autoDeployment,
        retainStacksOnAccountRemoval: autoDeployment ? props.retainStacksOnAccountRemoval ?? true : undefined,
      },
      managedExecution: props.managedExecution !== undefined ? { Active: props.managedExecution } : undefined,
      capabilities: Lazy.list({ produce: () => this.counts().capabilities }, { omitEmpty: true }),
      operationPreferences: {
        failureToleranceCount: failure.accounts,
        failureTolerancePercentage: failure.percent,
        maxConcurrentCount: concurrency.accounts,
        maxConcurrentPercentage: concurrency.percent,
        concurrencyMode: props.concurrencyMode,
        regionConcurrencyType: regionConcurrency,
        regionOrder: regionConcurrency === StackSetRegionConcurrency.SEQUENTIAL ? [...props.regions] : undefined,
      },
      stackInstancesGroup: [{
        deploymentTargets: {
          organizationalUnitIds: [...this.targetIds],
          accounts: filter !== undefined ? [...filter.accounts] : undefined,
          accountFilterType: filter?.filterType,
        },
        regions: [...props.regions],
      }],
      templateBody: Lazy.string({ produce: () => JSON.stringify(props.member._memberTemplate()) }),
    });
    this.stackSetId = this.stackSet.attrStackSetId;
    ReportSections.register(this);
  }

  /** The `Organization` section of the plan report. */
  public reportSections(): ReportSection[] {
    const counts = this.counts();
    const regions = this.regions.length;
    const targets = `${this.targetIds.length} target${this.targetIds.length === 1 ? '' : 's'} × ${regions} Region${regions === 1 ? '' : 's'}`;
    const quota = STACKSET_QUOTAS.dlmCustomPoliciesPerRegion;
    const rows = Object.entries(counts.dlmPoliciesByTier).sort(([a], [b]) => a.localeCompare(b)).map(([tier, n]) => ({
      tier,
      cells: [targets, String(n), String(n * regions), `${n} of ${quota}`],
    }));
    const defaults = Object.values(counts.dlmDefaultPolicies).reduce((a, b) => a + b, 0);
    rows.push({
      tier: '(member stack)',
      cells: [targets, String(counts.dlmCustomPolicies + defaults), String((counts.dlmCustomPolicies + defaults) * regions),
        `${counts.dlmCustomPolicies} of ${quota} custom${defaults > 0 ? `, ${defaults} default (1 of each type allowed)` : ''}`],
    });
    return [{
      title: 'Organization',
      description: `StackSet ${this.node.path} deploys ${this.member.node.path} (${counts.resources} resources, ${counts.bytes.toLocaleString('en-US')} of ${STACKSET_QUOTAS.templateBodyBytes.toLocaleString('en-US')} template bytes) to every account of ${this.targetIds.join(', ')} in ${this.regions.join(', ')}: ${regions} stack instance${regions === 1 ? '' : 's'} per account. Accounts are known only at deployment, so DLM policies are counted per account; DLM allows ${quota} custom policies and 1 default policy of each type per account and Region, including those the account already has.`,
      columns: ['Targets × Regions', 'DLM policies per account and Region', 'DLM policies per account', 'DLM quota per account and Region'],
      rows,
    }];
  }

  private counts(): MemberCounts {
    const template = this.member._memberTemplate();
    return memberCounts(template, JSON.stringify(template), TIER_TAG_KEY);
  }
}

function stackSetNameOf(scope: Construct): string {
  const name = Names.uniqueResourceName(scope, { maxLength: 128, separator: '-' }).replace(/[^a-zA-Z0-9-]/g, '');
  return /^[a-zA-Z]/.test(name) ? name : `T${name}`.slice(0, 128);
}
