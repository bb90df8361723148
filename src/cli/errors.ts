/**
 * The CLI's errors: every failure ends as one line on stderr (no stack trace) and exit code 2.
 * AWS SDK errors are translated into what the user has to do.
 */

/** Exit codes of every command. */
export enum ExitCode {
  /** Success; for `drift`: the account matches the templates. */
  OK = 0,
  /** `drift` only: the account differs from the templates. */
  DRIFT = 1,
  /** Any error: bad arguments, no credentials, access denied, unreachable endpoint, bad cdk.out. */
  ERROR = 2,
}

/** An error whose message is shown to the user as it is. */
export class CliError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in the command line; the message ends with a pointer to `--help`. */
export class UsageError extends CliError {
  public constructor(message: string, command?: string) {
    super(`${message} (see \`cdk-tiered-backup ${command ? `${command} ` : ''}--help\`)`);
    this.name = 'UsageError';
  }
}

/** Where a DLM (or EC2, or CloudWatch) call went, to explain its failure. */
export interface CallContext {
  /** The service called: `dlm` (the default), `ec2` or `cloudwatch`. */
  readonly service?: 'dlm' | 'ec2' | 'cloudwatch';
  /** The API operation, e.g. `GetLifecyclePolicies`. */
  readonly operation: string;
  /** The endpoint (from `--endpoint-url`), or undefined for DLM's own. */
  readonly endpoint?: string;
  /** The Region, if known. */
  readonly region?: string;
  /** The policy asked for, for GetLifecyclePolicy. */
  readonly policyId?: string;
}

/** Each service's name in messages and its endpoint's host name prefix. */
const SERVICES = {
  dlm: { label: 'DLM', host: 'dlm' },
  ec2: { label: 'EC2', host: 'ec2' },
  cloudwatch: { label: 'CloudWatch', host: 'monitoring' },
};

/** Error names (codes) AWS uses when the credentials themselves are refused. */
const REJECTED_CREDENTIALS = new Set([
  'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch',
  'ExpiredTokenException', 'ExpiredToken', 'IncompleteSignature', 'MissingAuthenticationToken', 'AuthFailure',
]);

/** Error names AWS uses when the caller lacks a permission. */
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);

/** Error names of throttling. */
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'LimitExceededException', 'TooManyRequestsException', 'RequestLimitExceeded']);

/** Network error codes of Node.js that mean "the endpoint cannot be reached". */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/** Translates an error of a DLM, EC2 or CloudWatch call into a one-line CliError. */
export function explainAwsError(error: unknown, ctx: CallContext): CliError {
  if (error instanceof CliError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorLike;
  const name = e.name ?? 'Error';
  const message = oneLine(e.message ?? '');
  const service = ctx.service ?? 'dlm';
  const { label, host } = SERVICES[service];
  const where = ctx.endpoint ?? (ctx.region ? `${host}.${ctx.region}.amazonaws.com` : label);
  const attempts = e.$metadata?.attempts;
  const after = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new CliError('no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / --profile '
      + 'for a profile of ~/.aws/config (run `aws sso login` for SSO profiles)');
  }
  if (/region is missing/i.test(message)) {
    return new CliError('no AWS Region: pass --region, set AWS_REGION, or give the profile a region');
  }
  if (DENIED.has(name) || (e.$metadata?.httpStatusCode === 403 && !REJECTED_CREDENTIALS.has(name))) {
    return new CliError(`access denied: the credentials lack the permission ${service}:${ctx.operation}${ctx.policyId ? ` on ${ctx.policyId}` : ''}`
      + ` (${name}${message ? `: ${message}` : ''})`);
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    return new CliError(`${label} rejected the credentials (${name}${message ? `: ${message}` : ''}): check the access key, or refresh the session`);
  }
  if (name === 'ResourceNotFoundException') {
    return new CliError(`no DLM policy ${ctx.policyId ?? ''} in ${ctx.region ?? 'this Region'}${ctx.endpoint ? ` at ${ctx.endpoint}` : ''} (ResourceNotFoundException)`.replace('  ', ' '));
  }
  if (THROTTLED.has(name)) {
    return new CliError(`${label} throttled ${ctx.operation}${after} (${name}): try again later, or allow more attempts with AWS_MAX_ATTEMPTS`);
  }
  if ((e.code && NETWORK.has(e.code)) || name === 'TimeoutError' || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up/.test(message)) {
    return new CliError(`cannot reach ${label} at ${where}${after}: ${message || e.code}`);
  }
  if (e.$metadata?.httpStatusCode !== undefined) {
    return new CliError(`${ctx.operation} failed with HTTP ${e.$metadata.httpStatusCode} (${name}${message ? `: ${message}` : ''})`);
  }
  return new CliError(`${ctx.operation} failed: ${message || name}`);
}

/** The text on one line (newlines and runs of spaces collapsed). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
