/**
 * The offline Step Functions tools the drill tests use, typed for this CommonJS test code:
 * aws-local-stepfunctions is an ES module package (its CommonJS build is loaded at run time,
 * its types imported in `import` resolution mode), asl-validator ships no types.
 */
import type * as Local from 'aws-local-stepfunctions' with { 'resolution-mode': 'import' };

/** asl-validator's answer. */
export interface AslValidation {
  readonly isValid: boolean;
  errorsText(separator?: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator: (definition: unknown) => AslValidation = require('asl-validator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const local: typeof Local = require('aws-local-stepfunctions');

export const StateMachine = local.StateMachine;
export const ExecutionError = local.ExecutionError;
export type StateMachineDefinition = Local.StateMachineDefinition;

/** Validates an Amazon States Language definition (JSON schema and paths). */
export function validateAsl(definition: unknown): AslValidation {
  return validator(definition);
}
