/**
 * AWS Signature Version 4 as the CLI tests' local endpoints (fake-dlm.ts, fake-ec2.ts) check it:
 * the Authorization header parsed, the access key and credential scope checked, the canonical
 * request rebuilt from what arrived and signed with the test credentials. Each endpoint turns
 * the outcome into its service's own error.
 */
import * as crypto from 'crypto';
import * as http from 'http';

/** The test credentials (the endpoints check signatures made with them). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIACLITESTEXAMPLE01',
  secretAccessKey: 'cli/test/secret/key/EXAMPLEKEY0123456789',
};

/** What is wrong with a request's signature; `ok` when nothing is. */
export type SigV4Problem = 'ok' | 'missing' | 'unknown-access-key' | 'wrong-scope' | 'payload-hash-mismatch' | 'signature-mismatch';

export interface SigV4Check {
  readonly problem: SigV4Problem;
  /** The Region of the credential scope, when the header could be read. */
  readonly region?: string;
  /** The service of the credential scope, when the header could be read. */
  readonly service?: string;
}

/** Checks the request's signature for `service` with the test credentials, as AWS does. */
export function checkSigV4(req: http.IncomingMessage, body: Buffer, service: string): SigV4Check {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { problem: 'missing' };
  const [, accessKey, date, region, scoped, signedHeaders, signature] = m;
  if (accessKey !== TEST_CREDENTIALS.accessKeyId) return { problem: 'unknown-access-key', region, service: scoped };
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const names = signedHeaders.split(';');
  if (scoped !== service || !names.includes('host') || !amzDate.startsWith(date)) return { problem: 'wrong-scope', region, service: scoped };
  const payloadHash = sha256(body);
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== payloadHash) return { problem: 'payload-hash-mismatch', region, service: scoped };

  const url = new URL(req.url ?? '/', 'http://localhost');
  const canonicalHeaders = names.map(n => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...url.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const canonicalRequest = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/${scoped}/aws4_request`, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, date);
  for (const part of [region, scoped, 'aws4_request']) key = hmac(key, part);
  const expected = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  return { problem: expected === signature ? 'ok' : 'signature-mismatch', region, service: scoped };
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
