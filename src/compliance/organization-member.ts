import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MemberStackSynthesizer } from './private/organization-synthesizer';
import { Where } from '../common/validation';

const MEMBER = Symbol.for('cdk-tiered-backup.TierMemberStack');

/** Properties of a `TierMemberStack`. */
export interface TierMemberStackProps {
  /**
   * The template's description (at most 1,024 bytes, as aws-cdk-lib checks).
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * The stack every member account and Region of an organization gets: compose it from the
 * ordinary constructs of this library (`TieredBackup` and, if you want, its monitoring and
 * restore drills) exactly as in a single account, and give it to `OrganizationTiers`, whose
 * service-managed StackSet deploys its template. The template is the one a single-account
 * stack produces, without the CDK bootstrap version parameter and rule (member accounts need
 * not be bootstrapped) and without the CDK metadata resource.
 *
 * The stack is environment-agnostic (its account and Region are `Aws.ACCOUNT_ID` and
 * `Aws.REGION`, resolved in each stack instance), is never deployed by `cdk deploy` itself (it
 * is written into the cloud assembly for inspection but registered as no artifact), and cannot
 * hold file or Docker image assets, which a StackSet cannot carry.
 *
 * @example
 * const member = new TierMemberStack(app, 'Member');
 * new TieredBackup(member, 'Tiers', { tiers: [BackupTier.critical('eu-west-1'), BackupTier.development()] });
 */
export class TierMemberStack extends Stack {
  /** Whether `x` is a `TierMemberStack`. */
  public static isTierMemberStack(x: any): x is TierMemberStack {
    return typeof x === 'object' && x !== null && (x as { [MEMBER]?: boolean })[MEMBER] === true;
  }

  public constructor(scope: Construct, id: string, props: TierMemberStackProps = {}) {
    super(scope, id, {
      description: props.description,
      synthesizer: new MemberStackSynthesizer(),
      analyticsReporting: false,
    });
    Object.defineProperty(this, MEMBER, { value: true, enumerable: false });
    const where = new Where(this);
    // a Stage with an environment gives it to its stacks: a member stack must stay agnostic
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        for (const [prop, value, pseudo] of [['account', this.account, 'Aws.ACCOUNT_ID'], ['region', this.region, 'Aws.REGION']]) {
          if (!Token.isUnresolved(value)) {
            errors.push(where.bareMessage(`env.${prop}`, `must be left unset (the template is deployed to every account and Region of the StackSet, where it resolves to \`${pseudo}\`); do not create the member stack in a \`Stage\` with an environment`, value));
          }
        }
        return errors;
      },
    });
  }

  /**
   * The template, resolved (what the StackSet deploys).
   * @internal
   */
  public _memberTemplate(): any {
    return this._toCloudFormation();
  }
}
