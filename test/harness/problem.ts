/** Rule id of a layer-1 problem saying the validator itself crashed. */
export const PLUGIN_FAILURE = 'plugin-failure';

/** One thing AWS says is wrong with a synthesized resource. */
export interface ConformanceProblem {
  /** Which layer found it: aws-cdk-lib's bundled validator, or ajv with AWS's registry schemas. */
  readonly layer: 'cfn-validate' | 'schema';
  /** The stack's construct path (e.g. 'S' or 'Stage/S'), or the template path if unknown. */
  readonly stack: string;
  readonly logicalId?: string;
  readonly constructPath?: string;
  readonly resourceType?: string;
  /** Dotted path below `Properties`, e.g. 'PolicyDetails.Schedules.0.CreateRule.IntervalUnit'; '' = resource root. */
  readonly propertyPath: string;
  /** Validator rule id ('W3030', 'F3031', ...) or ajv keyword ('enum', 'required', ...). */
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
}

/** `[schema] S/P (P) AWS::DLM::LifecyclePolicy PolicyDetails.State: must be equal to ... (got "ON")` */
export function formatProblem(p: ConformanceProblem): string {
  const where = [
    p.constructPath ?? p.stack,
    p.logicalId ? `(${p.logicalId})` : undefined,
    p.resourceType,
    p.propertyPath || '(resource)',
  ].filter((x) => x !== undefined).join(' ');
  return `[${p.layer}] ${where}: ${p.message}${p.layer === 'cfn-validate' ? ruleHint(p) : ''}`;
}

/** Layer-1 rules are acknowledged with `Validations.of(c).acknowledge({ id: 'CloudFormation-Validate::W3030', ... })`. */
function ruleHint(p: ConformanceProblem): string {
  if (p.rule === PLUGIN_FAILURE || p.severity === 'fatal') return ` [${p.rule} ${p.severity}]`;
  const id = p.rule.includes('::') ? p.rule : `CloudFormation-Validate::${p.rule}`;
  return ` [${p.rule} ${p.severity}; acknowledge as "${id}"]`;
}
