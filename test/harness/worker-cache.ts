/**
 * Values kept for the whole jest worker process, across test files.
 *
 * Jest gives every test file its own module registry AND its own `process` and `globalThis`:
 * whatever a file stores there is gone for the next file the same worker runs. Node's built-in
 * modules are the exception — jest hands every file the worker's own `fs` object — so that is
 * where these values live, under a key from the (realm-independent) global symbol registry.
 *
 * Only values that are the same for every file belong here: the CloudFormation validator
 * (shared-validator.ts) and the compiled schemas (schema.ts).
 */
// The default import, not `import * as`: with esModuleInterop the namespace object TypeScript
// makes for the latter is new in every module registry; the default is the module object itself.
import fs from 'fs';

type Holder = { [key: symbol]: unknown };

/** The worker's value for `key`, created by `create` the first time any test file asks. */
export function workerCached<T>(key: string, create: () => T): T {
  const holder = fs as unknown as Holder;
  const symbol = Symbol.for(`cdk-tiered-backup.test.${key}`);
  if (!(symbol in holder)) holder[symbol] = create();
  return holder[symbol] as T;
}

/** Whether the worker already holds a value for `key`. */
export function workerHas(key: string): boolean {
  return Symbol.for(`cdk-tiered-backup.test.${key}`) in (fs as unknown as Holder);
}
