/**
 * Calling EC2 with `@aws-sdk/client-ec2` for `points` and `restore`: the same credential chain,
 * endpoint option, backoff and one-line errors as the DLM commands, EC2's not-found errors in
 * words, paging, and the poll interval of the waits.
 *
 * Only the `cdk-tiered-backup` bin loads this module (and so the SDK).
 */
import { EC2Client, Filter, Snapshot } from '@aws-sdk/client-ec2';
import { AwsOptions, clientRegion, clientSettings } from './dlm';
import { CliError, explainAwsError } from './errors';
import { CliIo } from './io';

/** Milliseconds between two polls while waiting for a volume (`CDK_TIERED_BACKUP_POLL_MS` overrides it, for tests). */
export const DEFAULT_POLL_MS = 5_000;
/** How long `restore` waits for a volume before it gives up (`CDK_TIERED_BACKUP_WAIT_TIMEOUT_MS` overrides it). */
export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;
/** Filter values per request (EC2 accepts at most 200 values in a filter). */
export const FILTER_VALUES_PER_CALL = 200;

/** EC2's not-found error codes, and what was not found. */
const NOT_FOUND: { readonly [code: string]: string } = {
  'InvalidSnapshot.NotFound': 'snapshot',
  'InvalidVolume.NotFound': 'volume',
  'InvalidInstanceID.NotFound': 'instance',
};

/** The error code EC2 answers a DryRun request with when the request would have succeeded. */
export const DRY_RUN_OPERATION = 'DryRunOperation';

/** An EC2 client for one Region, with the CLI's error handling. */
export class Ec2Api {
  public readonly client: EC2Client;
  private readonly endpoint?: string;

  public constructor(private readonly options: AwsOptions, private readonly io: CliIo, region?: string) {
    const settings = clientSettings(options, io, 'EC2', region ?? options.region);
    this.endpoint = settings.endpoint;
    this.client = new EC2Client(settings);
  }

  /** The same account and credentials in another Region. */
  public inRegion(region: string): Ec2Api {
    return new Ec2Api(this.options, this.io, region);
  }

  /** The Region the client uses. */
  public async region(): Promise<string | undefined> {
    return clientRegion(this.client, this.options.region);
  }

  /**
   * Sends one request; a failure becomes a one-line CliError. `dryRun`: the request carried
   * `DryRun`, so EC2's `DryRunOperation` answer is the success and is returned as `undefined`.
   */
  public async call<T>(operation: string, send: () => Promise<T>, opts: { readonly dryRun?: boolean } = {}): Promise<T | undefined> {
    try {
      return await send();
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (opts.dryRun && name === DRY_RUN_OPERATION) return undefined;
      const region = await this.region();
      if (name !== undefined && NOT_FOUND[name]) {
        throw new CliError(`EC2 has no such ${NOT_FOUND[name]} in ${region ?? 'this Region'}${this.endpoint ? ` at ${this.endpoint}` : ''}`
          + ` (${name}: ${(e as Error).message})`);
      }
      throw explainAwsError(e, { service: 'ec2', operation, endpoint: this.endpoint, region });
    }
  }

  /** Like `call`, for a request that cannot be a dry run. */
  public async send<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return (await this.call(operation, send))!;
  }

  /** Every item of a paged operation: `page(token)` returns one page's items and the next token. */
  public async all<T>(operation: string, page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>,
    progress?: (count: number) => void): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const out = await this.send(operation, () => page(token));
      items.push(...out.items);
      token = out.next || undefined;
      if (token !== undefined) progress?.(items.length);
    } while (token !== undefined);
    return items;
  }

  public close(): void {
    this.client.destroy();
  }
}

/** One EC2 filter. */
export function filter(name: string, ...values: string[]): Filter {
  return { Name: name, Values: values };
}

/** `values` in chunks EC2 accepts in one filter. */
export function chunks<T>(values: readonly T[], size = FILTER_VALUES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** A snapshot's tags as an object. */
export function tagsOf(snapshot: { readonly Tags?: Array<{ Key?: string; Value?: string }> }): { [key: string]: string } {
  return Object.fromEntries((snapshot.Tags ?? []).filter(t => t.Key !== undefined).map(t => [t.Key!, t.Value ?? '']));
}

/** Newest first (by StartTime). */
export function newestFirst(a: Snapshot, b: Snapshot): number {
  return (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0);
}

/** A whole number of milliseconds from an environment variable, or the default. */
export function millisFrom(io: CliIo, name: string, fallback: number): number {
  const value = io.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a whole number of milliseconds, got ${JSON.stringify(value)}`);
  return n;
}

/** `2026-12-06 04:00 UTC`. */
export function utc(date: Date | undefined): string {
  if (!date) return '-';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in words: `42 s`, `3 min 12 s`, `2 h 5 min`. */
export function elapsedText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** Minutes in words: `60 min` -> `1 hour`. */
export function minutesText(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`;
  return `${minutes} min`;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
