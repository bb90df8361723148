/**
 * A local DLM endpoint for the CLI tests: a real HTTP server on 127.0.0.1 that speaks DLM's
 * REST-JSON protocol for `GET /policies` (GetLifecyclePolicies) and `GET /policies/{policyId}`
 * (GetLifecyclePolicy), verifies each request's SigV4 signature against the test credentials,
 * and answers with AWS-shaped bodies and errors (`x-amzn-ErrorType`, JSON `Message`).
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { LocalEndpoint } from './local-endpoint';
import { checkSigV4 } from './sigv4';

export { TEST_CREDENTIALS } from './sigv4';

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
    const auth = verifySignature(req, body);
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

/** The request's SigV4 signature (service dlm), with DLM's errors for what is wrong. */
function verifySignature(req: http.IncomingMessage, body: Buffer): SignatureCheck {
  const { problem, region } = checkSigV4(req, body, 'dlm');
  switch (problem) {
    case 'ok': return { region };
    case 'missing': return { error: { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } };
    case 'unknown-access-key': return { region, error: { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } };
    case 'wrong-scope': return { region, error: { type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid service and date.' } };
    default: return { region, error: { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' } };
  }
}
