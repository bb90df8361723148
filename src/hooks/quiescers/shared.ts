/**
 * What every quiescer shares (internal): the binding it returns to its hook, and the checks of
 * the values it writes into the script.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { checkInteger, raw, Where } from '../../common/validation';
import { ScriptParts } from '../private/render';

/** What a quiescer contributes to its hook. */
export interface QuiescerBinding {
  readonly parts: ScriptParts;
  /** Whether the script runs before (PRE) and/or after (POST) the snapshot starts. */
  readonly pre: boolean;
  readonly post: boolean;
  readonly description: string;
  readonly passwordParameter?: ssm.IParameter;
}

/** What a quiescer needs from its hook. */
export interface QuiescerContext {
  readonly timeoutSeconds: number;
  readonly autoThawSeconds: number;
  readonly region: string;
}

/** Seconds the database clients wait to connect. */
export const CONNECT_TIMEOUT_SECONDS = 5;
/** Seconds of the hook's timeout kept for connecting and bookkeeping around the lock wait. */
const LOCK_MARGIN_SECONDS = CONNECT_TIMEOUT_SECONDS + 4;
const DEFAULT_LOCK_SECONDS = 10;

const PATH = /^(\/[A-Za-z0-9._+@-]+)+$/;
const PATH_TEXT = 'an absolute path of letters, digits and . _ + @ - (no trailing slash, no . or .. parts)';
export const HOST = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;
export const DB_IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/;
export const DB_IDENTIFIER_TEXT = 'letters, digits and _ . - (not starting with . or -), at most 63 characters';
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export function literal(where: Where, prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    where.fail(prop, 'must be a literal string, not a token (it is written into the script at synth time)', raw(value));
  }
}

/** An absolute path; `allowRoot` lets `/` through. */
export function checkPath(where: Where, prop: string, value: string | undefined, maxLength: number, allowRoot = false): void {
  if (value === undefined) return;
  literal(where, prop, value);
  if (allowRoot && value === '/') return;
  if (!PATH.test(value) || value.split('/').some((part) => part === '.' || part === '..') || value.length > maxLength) {
    where.fail(prop, `must be ${PATH_TEXT}, at most ${maxLength} characters`, value);
  }
}

export function checkPattern(where: Where, prop: string, value: string | undefined, pattern: RegExp, text: string): void {
  if (value === undefined) return;
  literal(where, prop, value);
  if (!pattern.test(value)) where.fail(prop, `must be ${text}`, value);
}

export function checkPort(where: Where, prop: string, port: number | undefined): void {
  if (port !== undefined && Token.isUnresolved(port)) where.fail(prop, 'must be a literal number, not a token', raw(String(port)));
  checkInteger(where, prop, port, 1, 65535);
}

/** Whole seconds of a lock/start timeout, bounded by the hook's timeout. */
export function lockSeconds(where: Where, prop: string, value: Duration | undefined, ctx: QuiescerContext): number {
  const max = ctx.timeoutSeconds - LOCK_MARGIN_SECONDS;
  if (value === undefined) return Math.min(DEFAULT_LOCK_SECONDS, max);
  if (value.isUnresolved()) where.fail(prop, 'must be a literal duration, not a token');
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > max) {
    where.fail(prop, `must be a whole number of seconds between 1 and ${max} (the hook's \`timeout\` of ${ctx.timeoutSeconds} seconds minus ${LOCK_MARGIN_SECONDS} for connecting)`, raw(`${seconds} seconds`));
  }
  return seconds;
}

export function checkParameter(where: Where, prop: string, parameter: ssm.IParameter | undefined): void {
  if (parameter === undefined) return;
  const name = parameter.parameterName;
  if (!Token.isUnresolved(name) && (!PARAMETER_NAME.test(name) || name.length > 1011)) {
    where.fail(`${prop}.parameterName`, 'must be an SSM parameter name (letters, digits, _ . - and / between parts, at most 1011 characters)', name);
  }
}
