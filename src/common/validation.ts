/**
 * Internal helpers for token-safe, construct-scoped input validation.
 *
 * Every message follows one shape so that users can find the culprit at once:
 *   [Stack/Policy] schedule `hourly`: `interval` must be one of 1, 2, 3, 4, 6, 8, 12, 24 hours, got 5
 * i.e. the construct path, an optional location inside the construct, the property in
 * backticks, what is allowed, and the value given.
 */
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Where a value lives: a construct and, optionally, a part of it ("schedule `Daily`"). */
export class Where {
  public constructor(public readonly scope: IConstruct, public readonly part?: string) {}

  /** A narrower location inside the same construct. */
  public in(part: string): Where {
    return new Where(this.scope, this.part ? `${this.part}, ${part}` : part);
  }

  /** The message prefix, e.g. "[Stack/Policy] schedule `Daily`: ". */
  public prefix(): string {
    const path = this.scope.node.path || '<root>';
    return `[${path}] ${this.part ? `${this.part}: ` : ''}`;
  }

  /** Throws a validation error: `prop` must be `allowed`, got `value`. */
  public fail(prop: string, allowed: string, ...got: unknown[]): never {
    throw new Error(this.message(prop, allowed, ...got));
  }

  /** The message `fail` would throw. */
  public message(prop: string, allowed: string, ...got: unknown[]): string {
    return `[${this.scope.node.path || '<root>'}] ${this.bareMessage(prop, allowed, ...got)}`;
  }

  /**
   * The message without the `[path] ` prefix, for node.addValidation(): aws-cdk-lib
   * prefixes those messages with the construct path itself.
   */
  public bareMessage(prop: string, allowed: string, ...got: unknown[]): string {
    const gotText = got.length > 0 ? `, got ${show(got[0])}` : '';
    return `${this.part ? `${this.part}: ` : ''}\`${prop}\` ${allowed}${gotText}`;
  }
}

/** A value shown in a message as it is, without quotes (e.g. "48 hours"). */
class Raw {
  public constructor(public readonly text: string) {}
}

/** Wraps text so that `show` prints it without quotes. */
export function raw(text: string): unknown {
  return new Raw(text);
}

/** Renders a user value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Raw) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (isDurationLike(value)) return value.toHumanString();
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function isDurationLike(value: unknown): value is { toHumanString(): string } {
  return typeof value === 'object' && value !== null && typeof (value as any).toHumanString === 'function';
}


/** An integer in [min, max]; tokens pass. */
export function checkInteger(where: Where, prop: string, value: number | undefined, min: number, max: number, unit = ''): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
    where.fail(prop, `must be an integer ${range}${unit ? ` ${unit}` : ''}`, value);
  }
}

/** A string matching `pattern` with length in [minLength, maxLength]; tokens pass. */
export function checkString(where: Where, prop: string, value: string | undefined, opts: {
  readonly pattern?: RegExp;
  readonly patternText?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const min = opts.minLength ?? 0;
  const max = opts.maxLength ?? Infinity;
  if (value.length < min || value.length > max) {
    const range = max === Infinity ? `at least ${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`;
    where.fail(prop, `must be ${range} characters long`, value);
  }
  if (opts.pattern && !opts.pattern.test(value)) {
    where.fail(prop, `must match ${opts.patternText ?? opts.pattern.source}`, value);
  }
}

/** A list whose length is in [min, max]; a token list passes. */
export function checkListLength(where: Where, prop: string, list: readonly unknown[] | undefined, min: number, max: number): void {
  if (list === undefined || Token.isUnresolved(list)) return;
  if (list.length < min || list.length > max) {
    const range = min === max ? `exactly ${min}` : max === Infinity ? `at least ${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`;
    where.fail(prop, `must have ${range} item${max === 1 ? '' : 's'}`, `${list.length} items`);
  }
}

/** AWS account id: 12 digits. */
export const ACCOUNT_ID = /^[0-9]{12}$/;
/**
 * EC2 tag keys (target tags, tags to add, exclusions): letters, digits, spaces and
 * `_ . : / = + - @`, 1-128 characters, not starting with `aws:`.
 */
export const EC2_TAG_KEY = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
