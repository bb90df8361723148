/**
 * The workload of the synth-overhead benchmark (issue #9), shared by the two apps that
 * describe it: N snapshot policies of four schedules each (every 4 h, daily, weekly,
 * monthly; all ages), the daily one copied, encrypted, to a DR Region. Both apps build the
 * same stack; only how they write the policies differs (library-app.ts vs raw-app.ts).
 */

/** The stack's environment. */
export const ENV = { account: '111111111111', region: 'us-east-1' };

/** The stack's construct ID. */
export const STACK_ID = 'SynthBench';

/** Where the daily snapshots are copied to. */
export const DR_REGION = 'eu-west-1';

/** The customer-managed key in DR_REGION that encrypts the copies. */
export const DR_KEY_ARN = `arn:aws:kms:${DR_REGION}:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The tag key that selects each policy's volumes; the value is `policyTagValue(i)`. */
export const TARGET_TAG_KEY = 'backup-policy';

/** The number of policies, from the first command-line argument. */
export function policyCount(argv: string[] = process.argv): number {
  const n = Number(argv[2]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: <app> <number of policies>, got ${argv[2]}`);
  return n;
}

/** The construct ID of policy `i`. */
export function policyId(i: number): string {
  return `Policy${i}`;
}

/** The description of policy `i` (DLM's charset: letters, digits, spaces, `_`, `-`). */
export function policyDescription(i: number): string {
  return `Bench policy ${i}`;
}

/** The value of TARGET_TAG_KEY that policy `i` targets. */
export function policyTagValue(i: number): string {
  return `volumes-${i}`;
}
