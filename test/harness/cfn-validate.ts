/**
 * Layer 1: the report of the validator aws-cdk-lib ships and runs at every `app.synth()`
 * (`CloudFormationValidatePlugin`, AWS's offline `@aws/cloudformation-validate`).
 * We only read `<assembly>/validation-report.json`; nothing is re-implemented here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLUGIN_FAILURE, type ConformanceProblem } from './problem';
import type { SynthesizedStack } from './stacks';

/** The parts of aws-cdk-lib's validation-report.json we read. */
interface ValidationReport {
  readonly pluginReports?: readonly PluginReport[];
}
interface PluginReport {
  readonly pluginName: string;
  readonly conclusion?: string;
  readonly metadata?: { readonly error?: string };
  /** Unacknowledged violations (warnings included). Acknowledged ones are moved to `suppressedViolations`. */
  readonly violations?: readonly Violation[];
}
interface Violation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly customSeverity?: string;
  readonly violatingConstructs?: readonly {
    readonly constructPath?: string;
    readonly cloudFormationResource?: {
      /** Relative to the root assembly directory. */
      readonly templatePath: string;
      readonly logicalId: string;
      /** e.g. 'Properties.PolicyDetails.State' */
      readonly propertyPaths?: readonly string[];
    };
  }[];
}

const CFN_VALIDATE_PLUGIN = 'CloudFormation Validate';

export function cfnValidateProblems(assemblyDir: string, stacks: readonly SynthesizedStack[]): ConformanceProblem[] {
  const reportFile = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) {
    if (stacks.length === 0) return [];
    throw new Error(`${reportFile} was not written: aws-cdk-lib did not run its CloudFormation validator `
      + '(is CDK_VALIDATION=false set, or builtinCloudFormationValidation: false passed to the App?)');
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  const byTemplate = new Map(stacks.map((s) => [path.relative(assemblyDir, s.templateFile), s]));

  const problems: ConformanceProblem[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const violations = plugin.violations ?? [];
    if (plugin.conclusion === 'failure' && violations.length === 0) {
      problems.push({
        layer: 'cfn-validate',
        stack: '',
        propertyPath: '',
        rule: PLUGIN_FAILURE,
        severity: 'error',
        message: plugin.metadata?.error ?? `validation plugin '${plugin.pluginName}' failed`,
      });
    }
    // Rules of other plugins are acknowledged with their own namespace prefix.
    const prefix = plugin.pluginName === CFN_VALIDATE_PLUGIN ? '' : `${plugin.pluginName.replace(/ /g, '-')}::`;
    for (const v of violations) {
      for (const c of v.violatingConstructs ?? [{}]) {
        const res = c.cloudFormationResource;
        const stack = res ? byTemplate.get(res.templatePath) : undefined;
        for (const location of res?.propertyPaths ?? ['']) {
          const propertyPath = location.replace(/^Properties(\.|$)/, '');
          problems.push({
            layer: 'cfn-validate',
            stack: stack?.path ?? res?.templatePath ?? '',
            logicalId: res?.logicalId,
            constructPath: c.constructPath || (res && stack?.constructPaths.get(res.logicalId)),
            resourceType: res && stack?.template.Resources?.[res.logicalId]?.Type,
            propertyPath,
            rule: prefix + v.ruleName,
            severity: v.customSeverity ?? v.severity ?? 'error',
            // The validator starts its description with the path; the problem already carries it.
            message: v.description.startsWith(`${propertyPath}: `) ? v.description.slice(propertyPath.length + 2) : v.description,
          });
        }
      }
    }
  }
  return problems;
}
