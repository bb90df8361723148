/**
 * A local CloudWatch endpoint for the CLI tests: a real HTTP server on 127.0.0.1 that speaks
 * CloudWatch's JSON protocol (awsJson1_0: `POST /`, `X-Amz-Target:
 * GraniteServiceVersion20100801.<Operation>`, epoch-second timestamps) for ListMetrics and
 * GetMetricData, verifies each request's SigV4 signature (service `monitoring`) against the test
 * credentials, and answers with AWS-shaped bodies and errors (`__type`, `message`). It holds
 * data points and treats them as CloudWatch does: ListMetrics lists only metrics with data in the
 * last two weeks; GetMetricData aggregates per query into periods aligned to the epoch with the
 * query's statistic, newest first for `TimestampDescending`, paged by `pageSize` data points.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { LocalEndpoint } from './local-endpoint';
import { checkSigV4 } from './sigv4';

/** One published value. */
export interface DataPoint {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: { readonly [name: string]: string };
  readonly time: Date;
  readonly value: number;
}

/** An error response. */
export interface CloudWatchError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

export type CloudWatchOperation = 'ListMetrics' | 'GetMetricData';

/** A request the server received. */
export interface CloudWatchRequest {
  readonly operation: CloudWatchOperation | 'unknown';
  readonly region?: string;
  readonly status: number;
  readonly body: any;
}

/** Throttling as CloudWatch reports it. */
export const CLOUDWATCH_THROTTLED: CloudWatchError = { status: 400, type: 'Throttling', message: 'Rate exceeded' };

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const STATISTICS: { readonly [stat: string]: (values: number[]) => number } = {
  Maximum: v => Math.max(...v),
  Minimum: v => Math.min(...v),
  Sum: v => v.reduce((a, b) => a + b, 0),
  SampleCount: v => v.length,
  Average: v => v.reduce((a, b) => a + b, 0) / v.length,
};

export class FakeCloudWatch extends LocalEndpoint<CloudWatchOperation, CloudWatchError, CloudWatchRequest> {
  /** Starts a server on a random port of 127.0.0.1. */
  public static async start(): Promise<FakeCloudWatch> {
    return new FakeCloudWatch().listen();
  }

  /** What has been published. */
  public dataPoints: DataPoint[] = [];
  /** Metrics per ListMetrics page, and data points per GetMetricData page. */
  public pageSize = 500;

  private constructor() {
    super();
  }

  /** The requests of one operation. */
  public calls(operation: CloudWatchOperation): CloudWatchRequest[] {
    return this.requests.filter(r => r.operation === operation);
  }

  protected handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation: CloudWatchOperation | 'unknown' = req.method === 'POST' && (name === 'ListMetrics' || name === 'GetMetricData') ? name : 'unknown';
    const { problem, region } = checkSigV4(req, body, 'monitoring');
    let input: any = {};
    try {
      input = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    } catch { /* answered below as a malformed request */ }
    const send = (status: number, payload: unknown) => {
      this.requests.push({ operation, region, status, body: input });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': crypto.randomUUID() }).end(JSON.stringify(payload));
    };
    const fail = (e: CloudWatchError) => send(e.status, { __type: `com.amazonaws.cloudwatch#${e.type}`, message: e.message });

    if (problem === 'missing') return fail({ status: 400, type: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    if (problem === 'unknown-access-key') return fail({ status: 403, type: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    if (problem !== 'ok') return fail({ status: 403, type: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' });
    if (String(req.headers['content-type'] ?? '') !== 'application/x-amz-json-1.0') {
      return fail({ status: 400, type: 'SerializationException', message: `content type ${req.headers['content-type']} is not application/x-amz-json-1.0` });
    }
    if (operation === 'unknown') return fail({ status: 400, type: 'UnknownOperationException', message: `unknown operation ${target}` });
    if (this.denied.has(operation)) {
      return fail({ status: 403, type: 'AccessDenied', message: `User: arn:aws:iam::111111111111:user/ci is not authorized to perform: cloudwatch:${operation}` });
    }
    const queued = this.takeQueued(operation);
    if (queued) return fail(queued);
    return operation === 'ListMetrics' ? send(200, this.listMetrics(input)) : this.getMetricData(input, send, fail);
  }

  private listMetrics(input: any): unknown {
    const seen = new Map<string, { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }>();
    // CloudWatch lists only metrics with data points in the last two weeks
    const listedSince = Date.now() - 14 * 86_400_000;
    for (const p of this.dataPoints) {
      if (p.time.getTime() < listedSince) continue;
      if (input.Namespace !== undefined && p.namespace !== input.Namespace) continue;
      if (input.MetricName !== undefined && p.metricName !== input.MetricName) continue;
      const dimensions = Object.entries(p.dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([Name, Value]) => ({ Name, Value }));
      seen.set(JSON.stringify([p.namespace, p.metricName, dimensions]), { Namespace: p.namespace, MetricName: p.metricName, Dimensions: dimensions });
    }
    const all = [...seen.values()];
    const from = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(from, from + this.pageSize);
    return { Metrics: page, ...(from + this.pageSize < all.length ? { NextToken: String(from + this.pageSize) } : {}) };
  }

  private getMetricData(input: any, send: (status: number, payload: unknown) => void, fail: (e: CloudWatchError) => void): void {
    const queries: any[] = input.MetricDataQueries ?? [];
    if (queries.length === 0 || queries.length > 500) return fail({ status: 400, type: 'ValidationError', message: 'MetricDataQueries must have 1 to 500 members' });
    if (new Set(queries.map(q => q.Id)).size !== queries.length || queries.some(q => !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? ''))) {
      return fail({ status: 400, type: 'ValidationError', message: 'each query needs a unique Id that starts with a lowercase letter' });
    }
    if (typeof input.StartTime !== 'number' || typeof input.EndTime !== 'number' || input.StartTime >= input.EndTime) {
      return fail({ status: 400, type: 'ValidationError', message: 'StartTime must be before EndTime (epoch seconds)' });
    }
    const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
    const points: Array<{ id: string; time: number; value: number }> = [];
    for (const q of queries) {
      const stat = q.MetricStat;
      const aggregate = STATISTICS[stat?.Stat];
      if (!stat || !aggregate || !(stat.Period >= 60) || stat.Period % 60 !== 0) {
        return fail({ status: 400, type: 'ValidationError', message: `query ${q.Id}: a MetricStat with a known Stat and a Period that is a multiple of 60` });
      }
      const dims = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d: any) => [d.Name, d.Value]));
      const buckets = new Map<number, number[]>();
      for (const p of this.dataPoints) {
        const t = p.time.getTime() / 1000;
        const same = p.namespace === stat.Metric.Namespace && p.metricName === stat.Metric.MetricName
          && JSON.stringify(sortKeys(p.dimensions)) === JSON.stringify(sortKeys(dims));
        if (!same) continue;
        if (t < input.StartTime || t >= input.EndTime) continue;
        const bucket = Math.floor(t / stat.Period) * stat.Period;
        buckets.set(bucket, [...buckets.get(bucket) ?? [], p.value]);
      }
      const times = [...buckets.keys()].sort((a, b) => (descending ? b - a : a - b));
      points.push(...times.map(time => ({ id: q.Id, time, value: aggregate(buckets.get(time)!) })));
    }
    const from = input.NextToken ? Number(input.NextToken) : 0;
    const page = points.slice(from, from + this.pageSize);
    const more = from + this.pageSize < points.length;
    const results = queries.map(q => {
      const mine = page.filter(p => p.id === q.Id);
      return { Id: q.Id, Label: q.MetricStat.Metric.MetricName, Timestamps: mine.map(p => p.time), Values: mine.map(p => p.value), StatusCode: more ? 'PartialData' : 'Complete' };
    });
    send(200, { MetricDataResults: results, Messages: [], ...(more ? { NextToken: String(from + this.pageSize) } : {}) });
  }
}

function sortKeys(o: { readonly [k: string]: string }): Array<[string, string]> {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
