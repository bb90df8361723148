/**
 * How values reach the generated script (internal):
 *  - a user string known at synth reaches the script only through `shellQuote()` (single
 *    quotes), after the caller validated it with a strict pattern; nothing is interpolated
 *    unquoted, and `shellQuote()` refuses tokens;
 *  - a value only known at deploy time (a token: a CloudFormation parameter, a resource's name,
 *    the Region of an environment-agnostic stack) never reaches the text the shell parses: it
 *    is written base64-encoded (`Fn::Base64`, resolved by CloudFormation, alphabet
 *    `[A-Za-z0-9+/=]`), then decoded and checked against its pattern on the instance before use
 *    (`RuntimeSetting`); a value that does not match makes the script exit 206.
 */
import { Fn, Token } from 'aws-cdk-lib';

/**
 * Single-quotes a string known at synth for bash. A token is refused: whatever CloudFormation
 * resolves it to would be parsed by the shell (use a `RuntimeSetting` instead).
 */
export function shellQuote(value: string): string {
  if (Token.isUnresolved(value)) {
    throw new Error(`internal error: a token reached the script text (${value}); pass it as a RuntimeSetting`);
  }
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/**
 * A value that may be a token: it reaches the script base64-encoded and is decoded and checked
 * against `pattern` (a bash ERE, anchored) on the instance; the script exits 206 when it does not
 * match.
 */
export interface RuntimeSetting {
  readonly value: string;
  /** Anchored bash ERE the decoded value must match. */
  readonly pattern: string;
  /** What it is, for the error message ("a valid SSM parameter name"). */
  readonly what: string;
}

/** `HOOK_X_B64='<base64>'`: for a token, CloudFormation's Fn::Base64 of it; else encoded here. */
export function encodedSetting(name: string, setting: RuntimeSetting): string {
  const encoded = Token.isUnresolved(setting.value)
    ? Fn.base64(setting.value)
    : Buffer.from(setting.value, 'utf8').toString('base64');
  return `${name}_B64='${encoded}'`;
}
