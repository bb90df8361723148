/**
 * What the CLI tests' local AWS endpoints (fake-dlm.ts, fake-ec2.ts) have in common: a real HTTP
 * server on a random port of 127.0.0.1, the requests it received, errors queued for the next
 * calls of an operation, and operations IAM denies. Each subclass speaks its service's protocol.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export abstract class LocalEndpoint<Operation extends string, Failure, Received> {
  /** Every request, in order. */
  public readonly requests: Received[] = [];

  protected readonly queued = new Map<Operation, Failure[]>();
  protected readonly denied = new Set<Operation>();
  private readonly server: http.Server;

  protected constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
  }

  /** The endpoint URL, for `--endpoint-url`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `errors.length` calls of `operation` fail with these errors, in order. */
  public failNext(operation: Operation, ...errors: Failure[]): void {
    this.queued.set(operation, [...this.queued.get(operation) ?? [], ...errors]);
  }

  /** Every call of `operation` is denied, as IAM denies an action the caller lacks. */
  public deny(operation: Operation): void {
    this.denied.add(operation);
  }

  /** Forgets requests, queued errors and denials. */
  public reset(): void {
    this.requests.length = 0;
    this.queued.clear();
    this.denied.clear();
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** Starts listening on a random port of 127.0.0.1. */
  protected async listen(): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The error queued for the next call of `operation`, taken off the queue; undefined when none is. */
  protected takeQueued(operation: Operation): Failure | undefined {
    return (this.queued.get(operation) ?? []).shift();
  }

  protected abstract handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void;
}
