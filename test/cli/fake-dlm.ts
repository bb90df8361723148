/**
 * A local DLM endpoint for the CLI tests: a real HTTP server on 127.0.0.1 that speaks DLM's
 * REST-JSON protocol for `GET /policies` (GetLifecyclePolicies) and `GET /policies/{policyId}`
 * (GetLifecyclePolicy), verifies each request's SigV4 signature against the test credentials,
 * and answers with AWS-shaped bodies and errors (`x-amzn-ErrorType`, JSON `Message`).
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { LocalEndpoint } from './local-endpoint';

/** The test credentials (the server checks signatures made with them). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIACLITESTEXAMPLE01',
  secretAccessKey: 'cli/test/secret/key/EXAMPLEKEY0123456789',
};

/** A policy as the server holds it: GetLifecyclePolicy's `Policy`, in JSON. */
export interface ServedPolicy {
  readonly PolicyId: string;
  readonly Description?: string;
  readonly State?: string;
  readonly StatusMessage?: string;
  readonly ExecutionRoleArn?: string;
  readonly DateCreated?: string;
  readonly DateModified?: string;
  readonly PolicyDetails?: any;
  readonly Tags?: { [key: string]: string };
  readonly PolicyArn?: string;
  readonly DefaultPolicy?: boolean;
}

/** An error response. */
export interface FakeError {
  readonly status: number;
  /** The error type, e.g. `LimitExceededException`. */
  readonly type: string;
  readonly message: string;
}

/** The two operations the server implements. */
export type Operation = 'GetLifecyclePolicies' | 'GetLifecyclePolicy';

/** A request the server received. */
export interface ReceivedRequest {
  readonly operation: Operation | 'unknown';
  readonly method: string;
  readonly path: string;
  /** The Region of the request's SigV4 credential scope. */
  readonly region?: string;
  readonly status: number;
}

/** Throttling as DLM reports it (HTTP 429). */
export const LIMIT_EXCEEDED: FakeError = { status: 429, type: 'LimitExceededException', message: 'Rate exceeded' };

export class FakeDlm extends LocalEndpoint<Operation, FakeError, ReceivedRequest> {
  /** Starts a server on a random port of 127.0.0.1. */
  public static async start(): Promise<FakeDlm> {
    return new FakeDlm().listen();
  }

  /** The policies the account has. */
  public policies: ServedPolicy[] = [];

  private constructor() {
    super();
  }

  /** The requests of one operation. */
  public calls(operation: Operation): ReceivedRequest[] {
    return this.requests.filter(r => r.operation === operation);
  }

  protected handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const single = /^\/policies\/([^/]+)$/.exec(url.pathname);
    const operation: Operation | 'unknown' = req.method !== 'GET' ? 'unknown'
      : url.pathname === '/policies' ? 'GetLifecyclePolicies'
        : single ? 'GetLifecyclePolicy' : 'unknown';
    const auth = verifySignature(req, url, body);
    const send = (status: number, payload: unknown, errorType?: string) => {
      this.requests.push({ operation, method: req.method ?? '', path: url.pathname, region: auth.region, status });
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'x-amzn-requestid': crypto.randomUUID() };
      // AWS appends the error's namespace; the SDK must strip it
      if (errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazonaws.dlm/`;
      res.writeHead(status, headers).end(JSON.stringify(payload));
    };
    const fail = (e: FakeError, extra: object = {}) => send(e.status, { Message: e.message, ...extra }, e.type);

    if (auth.error) return fail({ status: 403, type: auth.error.type, message: auth.error.message });
    if (operation === 'unknown') return fail({ status: 404, type: 'UnknownOperationException', message: `No route for ${req.method} ${url.pathname}` });
    if (this.denied.has(operation)) {
      const resource = operation === 'GetLifecyclePolicy' ? `policy/${single![1]}` : 'policy/*';
      return fail({
        status: 403,
        type: 'AccessDeniedException',
        message: `User: arn:aws:iam::111111111111:user/ci is not authorized to perform: dlm:${operation} on resource: arn:aws:dlm:${auth.region}:111111111111:${resource}`,
      });
    }
    const queued = this.takeQueued(operation);
    if (queued) return fail(queued);

    if (operation === 'GetLifecyclePolicies') {
      return send(200, {
        Policies: this.policies.map(p => ({
          PolicyId: p.PolicyId,
          Description: p.Description,
          State: p.State,
          Tags: p.Tags,
          PolicyType: p.PolicyDetails?.PolicyType,
          DefaultPolicy: p.DefaultPolicy,
        })),
      });
    }
    const id = decodeURIComponent(single![1]);
    const policy = this.policies.find(p => p.PolicyId === id);
    if (!policy) {
      return fail({ status: 404, type: 'ResourceNotFoundException', message: `Policy ${id} not found` }, { ResourceType: 'LifecyclePolicy', ResourceIds: [id] });
    }
    return send(200, { Policy: policy });
  }
}

interface SignatureCheck {
  readonly region?: string;
  readonly error?: { readonly type: string; readonly message: string };
}

/** Checks the request's AWS Signature Version 4 with the test credentials, as AWS does. */
function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer): SignatureCheck {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { error: { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } };
  const [, accessKey, date, region, service, signedHeaders, signature] = m;
  if (accessKey !== TEST_CREDENTIALS.accessKeyId) {
    return { region, error: { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } };
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const names = signedHeaders.split(';');
  if (service !== 'dlm' || !names.includes('host') || !amzDate.startsWith(date)) {
    return { region, error: { type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid service and date.' } };
  }
  const canonicalHeaders = names.map(n => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...url.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonicalRequest = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return { region, error: { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' } };
  }
  return { region };
}

function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
