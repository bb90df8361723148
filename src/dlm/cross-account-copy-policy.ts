import { Annotations, ArnFormat, Lazy, Stack, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ICrossRegionCopy } from './copy';
import { DrAccountShare } from './dr-copy-rule';
import { ILifecyclePolicy, LifecyclePolicyBase, PolicyCommonProps } from './policy-base';
import {
  describeSourcePolicy, escapeRegex, grantCopyOfSharedSnapshots, renderCopyAction, SourcePolicyInfo, validateEventCopies,
} from './private/event-copy';
import { grantSharedKeyUse } from './private/kms-grants';
import { DLM_NAME, KMS_KEY_ARN, WARNINGS } from './private/patterns';
import { commonCfnProps, importLifecyclePolicyArn, importLifecyclePolicyId, PolicyCore } from './private/policy-core';
import { validatePolicyTags } from './private/tags';
import { ACCOUNT_ID, checkListLength, checkString, Where } from '../common/validation';

/** Properties of a `CrossAccountCopyPolicy`. */
export interface CrossAccountCopyPolicyProps extends PolicyCommonProps {
  /**
   * The source side, as put in a source schedule's `crossAccountCopies`: its account becomes
   * a snapshot owner, its schedules make the description filter, and its key is the one the
   * execution role may decrypt with. Nothing of the source stack is referenced (its tokens
   * cannot cross accounts): the source stack needs an explicit `env`.
   *
   * @default - give `sourceAccounts` (or `sourcePolicy`) instead
   */
  readonly source?: DrAccountShare;

  /**
   * The 12-digit IDs of the accounts whose shared snapshots are copied (at most 50 owners in
   * all, with those of `source` and `sourcePolicy`). This policy's own account draws the
   * warning `cdk-tiered-backup:own-account-source`: DLM accepts it, but the policy never runs for
   * it (an account does not share snapshots with itself).
   *
   * @default - the accounts of `source` and `sourcePolicy`
   * @see https://docs.aws.amazon.com/dlm/latest/APIReference/API_EventParameters.html
   */
  readonly sourceAccounts?: string[];

  /**
   * The source policy, to narrow the description filter to its ID when that ID is known at
   * synth (an import by ARN or ID), and to add its account when its ARN or stack names one.
   *
   * @default - snapshots of any DLM policy of the source accounts
   */
  readonly sourcePolicy?: ILifecyclePolicy;

  /**
   * The ARNs of the source accounts' KMS keys that encrypt the shared snapshots; the
   * execution role may use them to copy (decrypt and re-encrypt), as far as their key
   * policies allow this account.
   *
   * @default - the key of `source` when its ARN is known at synth, otherwise any key of the
   * source accounts in this Region (the source key policies decide which ones)
   */
  readonly sourceKeyArns?: string[];

  /**
   * A regular expression the description of a shared snapshot must match to be copied
   * (at most 1000 characters). DLM-created snapshots are described
   * `Created for policy: <policy-id> schedule: <schedule-name>`.
   *
   * @default - `^Created for policy: <id> schedule: <names>$` from `sourcePolicy` and the
   * schedules bound to `source`, with `policy-[0-9a-f]+` and `.*` for what is not known
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html#snapshot-descr-filters
   */
  readonly descriptionRegex?: string;

  /**
   * Where the shared snapshots are copied: 1 to 3 `DrCopyRule.toRegion()` rules, each with a
   * retention (an age). This policy's own Region is allowed: the copy then stays in the
   * Region, in this account. Copies are always encrypted; with a key, the execution role
   * may use that key.
   *
   * @see https://docs.aws.amazon.com/dlm/latest/APIReference/API_CrossRegionCopyAction.html
   */
  readonly copies: ICrossRegionCopy[];

  /**
   * The name of the policy's copy action (letters, digits, spaces, `_` and `-`; at most 120).
   *
   * @default 'CopySharedSnapshots'
   */
  readonly actionName?: string;
}

/**
 * The destination side of a cross-account disaster-recovery copy: an Amazon Data Lifecycle
 * Manager event-based policy that copies snapshots shared with this account by the source
 * accounts into up to three Regions, encrypted, and keeps the copies on their own retention.
 * It must be in the Region of the source policy; its execution role gets the EventBridge,
 * EC2 and KMS permissions copying needs.
 *
 * @example
 * const app = new App();
 * const source = new Stack(app, 'Source', { env: { account: '111111111111', region: 'ap-south-1' } });
 * const vault = new Stack(app, 'Vault', { env: { account: '222222222222', region: 'ap-south-1' } });
 * const key = new kms.Key(source, 'VolumeKey', { enableKeyRotation: true });
 * const toVault = DrCopyRule.toAccount('222222222222', { sourceKey: key, unshareAfter: Duration.days(2) });
 * new SnapshotPolicy(source, 'Critical', {
 *   schedules: [{ name: 'Daily', cadence: Cadence.daily(), retention: Retention.weeks(4), crossAccountCopies: [toVault] }],
 * });
 * new CrossAccountCopyPolicy(vault, 'FromProduction', {
 *   source: toVault,
 *   copies: [DrCopyRule.toRegion('ap-southeast-1', { retention: Retention.months(3) })],
 * });
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/event-policy.html
 * @resource AWS::DLM::LifecyclePolicy
 */
export class CrossAccountCopyPolicy extends LifecyclePolicyBase {
  /**
   * Imports an existing DLM policy (of any kind) by ARN (`arn:aws:dlm:<region>:<account>:policy/<id>`).
   */
  public static fromLifecyclePolicyArn(scope: Construct, id: string, policyArn: string): ILifecyclePolicy {
    return importLifecyclePolicyArn(scope, id, policyArn);
  }

  /**
   * Imports an existing DLM policy (of any kind) of this stack's account and Region by ID
   * (`policy-0123456789abcdef0`).
   */
  public static fromLifecyclePolicyId(scope: Construct, id: string, policyId: string): ILifecyclePolicy {
    return importLifecyclePolicyId(scope, id, policyId);
  }

  /**
   * The ARN of the policy.
   * @attribute
   */
  public readonly policyArn: string;

  /**
   * The ID of the policy (`policy-0123456789abcdef0`).
   * @attribute
   */
  public readonly policyId: string;

  /**
   * The execution role of the policy: `role` when given, else the stack's shared DLM role.
   *
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/service-role.html
   */
  public readonly role: iam.IRole;

  private readonly props: CrossAccountCopyPolicyProps;
  private readonly sourcePolicyInfo: SourcePolicyInfo;

  public constructor(scope: Construct, id: string, props: CrossAccountCopyPolicyProps) {
    super(scope, id);
    this.props = props;
    const where = new Where(this);
    const stack = Stack.of(this);
    const core = new PolicyCore(this, props, false);
    this.role = core.role;

    // owners given by hand
    checkListLength(where, 'sourceAccounts', props.sourceAccounts, 0, MAX_OWNERS);
    const explicit = new Set<string>();
    for (const account of props.sourceAccounts ?? []) {
      checkString(where, 'sourceAccounts', account, { pattern: ACCOUNT_ID, patternText: 'a 12-digit AWS account ID' });
      if (!Token.isUnresolved(account) && explicit.has(account)) where.fail('sourceAccounts', 'must not repeat an account', account);
      explicit.add(account);
    }

    // the source share: this account, this Region, an account for the key
    const source = props.source;
    let sourceKeyAccount: string | undefined;
    if (source) {
      if (!Token.isUnresolved(source.accountId) && !Token.isUnresolved(stack.account) && source.accountId !== stack.account) {
        where.fail('source', `shares snapshots with account ${source.accountId}, not with this policy's account ${stack.account}`, source.accountId);
      }
      const keyEnv = source.sourceKey.env;
      if (!Token.isUnresolved(keyEnv.region) && !Token.isUnresolved(stack.region) && keyEnv.region !== stack.region) {
        where.fail('source', `must share from this policy's Region ${stack.region}: DLM runs the source policy and the cross-account copy policy in the same Region`, keyEnv.region);
      }
      if (Token.isUnresolved(keyEnv.account)) {
        where.fail('source', 'needs the account of its `sourceKey`: give the source stack an explicit `env.account` (account tokens cannot cross accounts)');
      }
      sourceKeyAccount = keyEnv.account;
    }
    this.sourcePolicyInfo = describeSourcePolicy(where, this, props.sourcePolicy);

    if (props.sourceKeyArns !== undefined) {
      if (props.sourceKeyArns.length === 0) where.fail('sourceKeyArns', 'must name at least 1 key when given', '0 items');
      for (const arn of props.sourceKeyArns) {
        checkString(where, 'sourceKeyArns', arn, { pattern: KMS_KEY_ARN, patternText: 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)', maxLength: 2048 });
        const region = Token.isUnresolved(arn) ? undefined : KMS_KEY_ARN.exec(arn)![2];
        if (region !== undefined && !Token.isUnresolved(stack.region) && region !== stack.region) {
          where.fail('sourceKeyArns', `must be keys in this policy's Region ${stack.region}, where the shared snapshots are`, arn);
        }
      }
    }

    checkString(where, 'descriptionRegex', props.descriptionRegex, { maxLength: 1000, minLength: 1 });
    if (props.descriptionRegex !== undefined && !Token.isUnresolved(props.descriptionRegex)) {
      try {
        new RegExp(props.descriptionRegex);
      } catch {
        where.fail('descriptionRegex', 'must be a valid regular expression', props.descriptionRegex);
      }
    }
    const actionName = props.actionName ?? 'CopySharedSnapshots';
    checkString(where, 'actionName', actionName, { pattern: DLM_NAME, patternText: 'letters, digits, spaces, `_` and `-` only', minLength: 1, maxLength: 120 });

    // copies: 1-3, Regions, keys, an age each
    checkListLength(where, 'copies', props.copies ?? [], 1, 3);
    const copies = (props.copies ?? []).map(c => c.bindCopy(this, { role: core.role, copiesImages: false }));
    validateEventCopies(where, copies);

    // the role: the managed CloudWatch Events rule, the copies, the keys
    if (!core.usesManagedPolicy) grantCopyOfSharedSnapshots(this, core.role);
    const keyArns = props.sourceKeyArns ?? this.defaultSourceKeyArns(explicit, sourceKeyAccount);
    for (const arn of keyArns) grantSharedKeyUse(core.role, arn);

    const resource = new CfnLifecyclePolicy(this, 'Resource', {
      ...commonCfnProps(core.role, props.description ?? PolicyCore.defaultDescription(this, 'Cross-account copy policy'), props.state),
      policyDetails: {
        policyType: 'EVENT_BASED_POLICY',
        eventSource: {
          type: 'MANAGED_CWE',
          parameters: {
            eventType: 'shareSnapshot',
            snapshotOwner: Lazy.list({ produce: () => this.owners() }),
            descriptionRegex: Lazy.string({ produce: () => this.descriptionRegex() }),
          },
        },
        actions: [{
          name: actionName,
          crossRegionCopy: copies.map(c => renderCopyAction(c)),
        }],
      },
    });
    this.policyArn = resource.attrArn;
    // Ref is the policy ID (its primary identifier), in every aws-cdk-lib version we support:
    // attrPolicyId (GetAtt PolicyId) does not exist in 2.262, the floor of our peer range
    this.policyId = resource.ref;
    this.node.addValidation({ validate: () => validatePolicyTags(new Where(this), resource) });
    this.node.addValidation({ validate: () => this.validateSources() });
  }

  /** The snapshot owners: given, of the source share's schedules, of the source policy. */
  private owners(): string[] {
    const owners: string[] = [...this.props.sourceAccounts ?? []];
    const add = (account: string | undefined) => {
      if (account !== undefined && !owners.includes(account)) owners.push(account);
    };
    for (const b of this.props.source?._bindings ?? []) add(Stack.of(b.policy).account);
    add(this.sourcePolicyInfo.account);
    return owners;
  }

  /** `^Created for policy: <id> schedule: <names>$`, as far as it is known at synth. */
  private descriptionRegex(): string {
    if (this.props.descriptionRegex !== undefined) return this.props.descriptionRegex;
    const id = this.sourcePolicyInfo.policyId ?? 'policy-[0-9a-f]+';
    const names = [...new Set((this.props.source?._bindings ?? []).map(b => b.scheduleName))];
    const schedules = names.length === 0 || names.some(n => Token.isUnresolved(n))
      ? '.*'
      : names.length === 1 ? escapeRegex(names[0]) : `(${names.map(escapeRegex).join('|')})`;
    return `^Created for policy: ${id} schedule: ${schedules}$`;
  }

  /** Keys of the source accounts in this Region, or the known key of `source`. */
  private defaultSourceKeyArns(explicit: Set<string>, sourceKeyAccount: string | undefined): string[] {
    const stack = Stack.of(this);
    const anyKeyOf = (account: string) => stack.formatArn({ service: 'kms', account, resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const arns: string[] = [];
    const add = (arn: string) => {
      if (!arns.includes(arn)) arns.push(arn);
    };
    const source = this.props.source;
    if (source) {
      const keyArn = source.sourceKey.keyArn;
      // the ARN of a key defined in the source stack is a token of another account: never referenced
      add(!Token.isUnresolved(keyArn) ? keyArn : anyKeyOf(sourceKeyAccount!));
    }
    for (const account of explicit) add(anyKeyOf(account));
    if (this.sourcePolicyInfo.account !== undefined) add(anyKeyOf(this.sourcePolicyInfo.account));
    return arns;
  }

  /** Checks that need every schedule bound: owners and where the source schedules are. */
  private validateSources(): string[] {
    const where = new Where(this);
    const stack = Stack.of(this);
    const errors: string[] = [];
    const source = this.props.source;
    if (source && source._bindings.length === 0) {
      errors.push(where.bareMessage('source', 'is not used by any schedule: put it in `crossAccountCopies` of a SnapshotPolicy schedule, or nothing is shared with this account'));
    }
    for (const b of source?._bindings ?? []) {
      const env = Stack.of(b.policy);
      if (!Token.isUnresolved(env.region) && !Token.isUnresolved(stack.region) && env.region !== stack.region) {
        errors.push(where.bareMessage('source', `is used by ${b.policy.node.path} in ${env.region}: DLM runs the source policy and the cross-account copy policy in the same Region (${stack.region})`, env.region));
      }
      if (Token.isUnresolved(env.account)) {
        errors.push(where.bareMessage('source', `is used by ${b.policy.node.path}, whose stack has no explicit account: give it \`env.account\` (account tokens cannot cross accounts)`));
      }
    }
    const owners = this.owners();
    if (owners.length === 0) {
      errors.push(where.bareMessage('sourceAccounts', 'must name at least 1 account (or give `source` or `sourcePolicy`): the policy copies snapshots shared by these accounts only'));
    }
    if (owners.length > MAX_OWNERS) {
      errors.push(where.bareMessage('sourceAccounts', `must name at most ${MAX_OWNERS} accounts in all (with \`source\` and \`sourcePolicy\`)`, `${owners.length} accounts`));
    }
    for (const owner of owners) {
      if (!Token.isUnresolved(owner) && !Token.isUnresolved(stack.account) && owner === stack.account) {
        // DLM accepts the policy; it only never runs for this owner (the event is a snapshot shared
        // *with* this account), so it is a warning that can be acknowledged, not an error
        Annotations.of(this).addWarningV2(WARNINGS.ownAccountSource,
          `${where.prefix()}\`sourceAccounts\` includes this policy's own account ${owner}: the policy never runs for it (an account does not share snapshots with itself)`);
      }
    }
    const regex = this.descriptionRegex();
    if (!Token.isUnresolved(regex) && regex.length > 1000) {
      errors.push(where.bareMessage('descriptionRegex', 'must be at most 1000 characters long (too many schedules named: give `descriptionRegex`)', `${regex.length} characters`));
    }
    return errors;
  }
}

/** DLM: at most 50 snapshot owners. */
const MAX_OWNERS = 50;
