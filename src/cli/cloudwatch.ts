/**
 * Reading the restore drills' metrics with `@aws-sdk/client-cloudwatch`, for `status`: each
 * tier's last measured restore time and its last drill's outcome, as `RestoreDrill` and
 * `RestoreTestingRtoAlarms` publish them (`RestoreSeconds` on success, `RestoreSucceeded` 1 or 0
 * on every run, dimension `Tier`). The same credential chain, endpoint option, backoff and
 * one-line errors as the DLM and EC2 commands.
 *
 * Only the `cdk-tiered-backup` bin loads this module (and so the SDK).
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { AwsOptions, clientRegion, clientSettings } from './dlm';
import { explainAwsError } from './errors';
import { CliIo } from './io';
import { METRIC_RESTORE_SECONDS, METRIC_RESTORE_SUCCEEDED, TIER_DIMENSION } from '../restore/metric-names';
/** How far back `status` looks by default. */
export const DEFAULT_RESTORE_DAYS = 90;
/** CloudWatch keeps hourly data points for 455 days. */
export const MAX_RESTORE_DAYS = 455;
/** The period of the query: CloudWatch keeps data older than 63 days only at one-hour resolution. */
const PERIOD_SECONDS = 3600;
/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/** What the drills of one tier last reported. */
export interface TierRestore {
  readonly tier: string;
  /** The last measured restore time, in seconds (the longest in its hour). */
  readonly lastRestoreSeconds?: number;
  /** The start of the hour (UTC, ISO 8601) in which it was measured. */
  readonly lastRestoreHour?: string;
  /** Whether the last drill succeeded (false when any drill of its hour failed). */
  readonly lastDrillSucceeded?: boolean;
  /** The start of the hour (UTC, ISO 8601) of the last drill. */
  readonly lastDrillHour?: string;
}

/** A CloudWatch client for the restore metrics, with the CLI's error handling. */
export class CloudWatchApi {
  private readonly client: CloudWatchClient;
  private readonly endpoint?: string;

  public constructor(private readonly options: AwsOptions, io: CliIo) {
    const settings = clientSettings(options, io, 'CloudWatch');
    this.endpoint = settings.endpoint;
    this.client = new CloudWatchClient(settings);
  }

  /**
   * The tiers with restore metrics in `namespace` (ListMetrics: only metrics with data in the
   * last two weeks, so a tier drilled monthly may be missing — `restoreTimes` takes tiers from
   * the policies too).
   */
  public async tiersWithMetrics(namespace: string): Promise<string[]> {
    const tiers = new Set<string>();
    let token: string | undefined;
    do {
      const out = await this.call('ListMetrics', () => this.client.send(new ListMetricsCommand({ Namespace: namespace, NextToken: token })));
      for (const metric of out.Metrics ?? []) {
        if (metric.MetricName !== METRIC_RESTORE_SECONDS && metric.MetricName !== METRIC_RESTORE_SUCCEEDED) continue;
        const dims = metric.Dimensions ?? [];
        if (dims.length === 1 && dims[0].Name === TIER_DIMENSION && dims[0].Value) tiers.add(dims[0].Value);
      }
      token = out.NextToken || undefined;
    } while (token !== undefined);
    return [...tiers];
  }

  /** The last restore time and drill outcome of each tier, over the `days` before `now`. */
  public async restoreTimes(namespace: string, tiers: readonly string[], days: number, now: Date): Promise<TierRestore[]> {
    const end = new Date(Math.ceil(now.getTime() / (PERIOD_SECONDS * 1000)) * PERIOD_SECONDS * 1000);
    const start = new Date(end.getTime() - days * 86_400_000);
    const query = (id: string, tier: string, metricName: string, stat: string): MetricDataQuery => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: metricName, Dimensions: [{ Name: TIER_DIMENSION, Value: tier }] },
        Period: PERIOD_SECONDS,
        Stat: stat,
      },
      ReturnData: true,
    });
    const queries = tiers.flatMap((tier, i) => [
      query(`seconds${i}`, tier, METRIC_RESTORE_SECONDS, 'Maximum'),
      query(`succeeded${i}`, tier, METRIC_RESTORE_SUCCEEDED, 'Minimum'),
    ]);
    const newest = new Map<string, { time: Date; value: number }>();
    for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
      const batch = queries.slice(i, i + QUERIES_PER_CALL);
      let token: string | undefined;
      do {
        const out = await this.call('GetMetricData', () => this.client.send(new GetMetricDataCommand({
          MetricDataQueries: batch, StartTime: start, EndTime: end, ScanBy: 'TimestampDescending', NextToken: token,
        })));
        for (const result of out.MetricDataResults ?? []) keepNewest(newest, result);
        token = out.NextToken || undefined;
      } while (token !== undefined);
    }
    return tiers.map((tier, i) => {
      const seconds = newest.get(`seconds${i}`);
      const succeeded = newest.get(`succeeded${i}`);
      return {
        tier,
        lastRestoreSeconds: seconds?.value,
        lastRestoreHour: seconds?.time.toISOString(),
        lastDrillSucceeded: succeeded === undefined ? undefined : succeeded.value >= 1,
        lastDrillHour: succeeded?.time.toISOString(),
      };
    });
  }

  public close(): void {
    this.client.destroy();
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      throw explainAwsError(e, { service: 'cloudwatch', operation, endpoint: this.endpoint, region: await clientRegion(this.client, this.options.region) });
    }
  }
}

/** Keeps the newest data point of a query's result (its pages may come in any order). */
function keepNewest(newest: Map<string, { time: Date; value: number }>, result: MetricDataResult): void {
  if (result.Id === undefined) return;
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    const known = newest.get(result.Id);
    if (!known || times[i].getTime() > known.time.getTime()) newest.set(result.Id, { time: times[i], value: values[i] });
  }
}
