/**
 * Reading DLM policies with `@aws-sdk/client-dlm`: the standard credential chain (or a
 * profile), an optional endpoint URL, retries with exponential backoff and jitter on throttling
 * and network errors, and progress on stderr while many policies are read.
 *
 * Only the `cdk-tiered-backup` bin loads this module (and so the SDK).
 */
import { DLMClient, DLMClientConfig, GetLifecyclePoliciesCommand, GetLifecyclePolicyCommand, LifecyclePolicy } from '@aws-sdk/client-dlm';
import { CliError, explainAwsError } from './errors';
import { CliIo } from './io';
import { DeployedPolicy, JsonObject } from './model';

/** Where and as whom to call DLM. */
export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
}

/** A policy as `GetLifecyclePolicies` lists it. */
export interface PolicySummary {
  readonly PolicyId: string;
  readonly Description?: string;
  readonly State?: string;
  readonly PolicyType?: string;
  readonly DefaultPolicy?: boolean;
  readonly Tags?: { readonly [key: string]: string };
}

/** The attempts per request when AWS_MAX_ATTEMPTS is not set. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** First backoff delay for throttling (doubling each attempt, with full jitter). */
const THROTTLE_BASE_DELAY_MS = 500;
/** First backoff delay for network and server errors. */
const TRANSIENT_BASE_DELAY_MS = 100;
/** The longest single backoff. */
const MAX_DELAY_MS = 20_000;
/** At most this many GetLifecyclePolicy calls run at once. */
const CONCURRENCY = 4;
/** Progress is shown when more policies than this are read. */
const PROGRESS_THRESHOLD = 10;

type RetryStrategyV2 = Extract<NonNullable<DLMClientConfig['retryStrategy']>, { refreshRetryTokenForRetry: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/**
 * Retries throttling (`ThrottlingException`, `LimitExceededException`, HTTP 429), network and
 * server errors up to `maxAttempts` attempts in all, waiting a random time up to
 * `base * 2^(attempt-1)` (full jitter), and at least what a `Retry-After` hint asks.
 * Tells stderr about every throttled retry.
 */
export class BackoffRetryStrategy implements RetryStrategyV2 {
  public readonly mode = 'standard';

  public constructor(private readonly maxAttempts: number, private readonly notify: (text: string) => void, private readonly service = 'DLM') {}

  public async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0);
  }

  public async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = previous.getRetryCount() + 1; // attempts made so far
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR';
    if (!retryable || attempt >= this.maxAttempts) throw new Error('No retry token available');
    const base = info.errorType === 'THROTTLING' ? THROTTLE_BASE_DELAY_MS : TRANSIENT_BASE_DELAY_MS;
    let delay = Math.floor(Math.random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1)));
    if (info.retryAfterHint instanceof Date) delay = Math.max(delay, Math.min(MAX_DELAY_MS, info.retryAfterHint.getTime() - Date.now()));
    if (info.errorType === 'THROTTLING') {
      this.notify(`${this.service} throttled the request; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.maxAttempts})\n`);
    }
    await new Promise(resolve => setTimeout(resolve, delay));
    return token(attempt);
  }

  public recordSuccess(): void {
    // no retry quota to refill: every request gets its own attempts
  }
}

function token(count: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => 0 };
}

/** Reads DLM policies. */
export class DlmReader {
  private readonly client: DLMClient;
  private readonly endpoint?: string;

  public constructor(private readonly options: AwsOptions, private readonly io: CliIo) {
    const settings = clientSettings(options, io, 'DLM');
    this.endpoint = settings.endpoint;
    this.client = new DLMClient(settings);
  }

  /** The Region the client uses (resolved from options, environment or profile). */
  public async region(): Promise<string | undefined> {
    return clientRegion(this.client, this.options.region);
  }

  /** Every policy of the account and Region, as `GetLifecyclePolicies` summarizes them. */
  public async listPolicies(): Promise<PolicySummary[]> {
    const out = await this.call('GetLifecyclePolicies', undefined, () => this.client.send(new GetLifecyclePoliciesCommand({})));
    return (out.Policies ?? []).filter(p => p.PolicyId !== undefined).map(p => ({
      PolicyId: p.PolicyId!,
      Description: p.Description,
      State: p.State,
      PolicyType: p.PolicyType,
      DefaultPolicy: p.DefaultPolicy,
      Tags: p.Tags,
    }));
  }

  /** One policy in full. */
  public async getPolicy(policyId: string): Promise<DeployedPolicy> {
    const out = await this.call('GetLifecyclePolicy', policyId, () => this.client.send(new GetLifecyclePolicyCommand({ PolicyId: policyId })));
    if (!out.Policy) throw new CliError(`DLM returned no policy for ${policyId}`);
    return toDeployed(out.Policy, policyId);
  }

  /** Several policies in full (in the order given), with progress on stderr when there are many. */
  public async getPolicies(policyIds: readonly string[]): Promise<DeployedPolicy[]> {
    const results: DeployedPolicy[] = new Array(policyIds.length);
    const progress = new Progress(this.io, policyIds.length);
    let next = 0;
    const worker = async () => {
      while (next < policyIds.length) {
        const i = next++;
        results[i] = await this.getPolicy(policyIds[i]);
        progress.tick();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, policyIds.length) }, worker));
    progress.done();
    return results;
  }

  /** Every policy in full. */
  public async allPolicies(): Promise<DeployedPolicy[]> {
    const summaries = await this.listPolicies();
    return this.getPolicies(summaries.map(s => s.PolicyId));
  }

  /** Closes the client's connections. */
  public close(): void {
    this.client.destroy();
  }

  private async call<T>(operation: string, policyId: string | undefined, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      throw explainAwsError(e, { operation, policyId, endpoint: this.endpoint, region: await this.region() });
    }
  }
}

/** Progress of reading many policies: one updating line on a terminal, start and end lines otherwise. */
class Progress {
  private count = 0;

  public constructor(private readonly io: CliIo, private readonly total: number) {
    if (this.visible && !io.stderrIsTTY) io.stderr(`reading ${total} DLM policies...\n`);
  }

  private get visible(): boolean {
    return this.total > PROGRESS_THRESHOLD;
  }

  public tick(): void {
    this.count++;
    if (this.visible && this.io.stderrIsTTY) this.io.stderr(`\rreading DLM policies ${this.count}/${this.total}`);
  }

  public done(): void {
    if (!this.visible) return;
    this.io.stderr(this.io.stderrIsTTY ? `\rread ${this.total} DLM policies      \n` : `read ${this.total} DLM policies\n`);
  }
}

/** A plain-JSON policy from the SDK's object (dates as ISO strings). */
function toDeployed(p: LifecyclePolicy, policyId: string): DeployedPolicy {
  return JSON.parse(JSON.stringify({ ...p, PolicyId: p.PolicyId ?? policyId, PolicyDetails: p.PolicyDetails as JsonObject | undefined }));
}

/**
 * What every AWS client of the CLI is made with: the Region, profile and endpoint asked for
 * (the endpoint checked), the backoff that tells stderr about throttling under `service`'s name,
 * and connection and request timeouts.
 */
export function clientSettings(options: AwsOptions, io: CliIo, service: string, region = options.region) {
  return {
    region,
    profile: options.profile,
    endpoint: options.endpointUrl === undefined ? undefined : checkEndpoint(options.endpointUrl),
    retryStrategy: new BackoffRetryStrategy(attemptsFrom(io.env.AWS_MAX_ATTEMPTS), text => io.stderr(text), service),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  };
}

/** The Region a client uses (from the options, the environment or the profile), or `fallback` when it cannot tell. */
export async function clientRegion(client: { readonly config: { readonly region: () => Promise<string> } },
  fallback?: string): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return fallback;
  }
}

export function checkEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--endpoint-url must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`--endpoint-url must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  return url;
}

export function attemptsFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_MAX_ATTEMPTS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`AWS_MAX_ATTEMPTS must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  return n;
}
