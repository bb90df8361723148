import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack, Stage, type App } from 'aws-cdk-lib';

/** The subset of a CloudFormation template the harness reads. */
export interface CfnTemplate {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: unknown }>;
  readonly [key: string]: unknown;
}

/** A stack (top-level, in a nested Stage, or a NestedStack) and the template synth wrote for it. */
export interface SynthesizedStack {
  readonly stack: Stack;
  /** The stack's construct path, e.g. 'S' or 'Stage/S'. */
  readonly path: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** logicalId → construct path of the CfnElement that rendered it. */
  readonly constructPaths: ReadonlyMap<string, string>;
}

/** Every stack of a synthesized app whose template is in the cloud assembly. */
export function synthesizedStacks(app: App): SynthesizedStack[] {
  const result: SynthesizedStack[] = [];
  for (const stack of app.node.findAll().filter(Stack.isStack)) {
    const templateFile = path.join(Stage.of(stack)!.outdir, stack.templateFile);
    if (!fs.existsSync(templateFile)) continue;
    const constructPaths = new Map<string, string>();
    for (const c of stack.node.findAll()) {
      if (CfnElement.isCfnElement(c) && c.stack === stack) constructPaths.set(stack.resolve(c.logicalId), c.node.path);
    }
    result.push({
      stack,
      path: stack.node.path,
      templateFile,
      template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) as CfnTemplate,
      constructPaths,
    });
  }
  return result;
}
