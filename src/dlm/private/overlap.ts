import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { WARNINGS } from './patterns';
import { Where } from '../../common/validation';

/** What the app-wide checks need to know of a policy. */
interface Registered {
  readonly policy: IConstruct;
  /** `images`, `volume-snapshots`, `instance-snapshots`, or `default-VOLUME` / `default-INSTANCE`. */
  readonly kind: string;
  readonly targetTags: () => { [key: string]: string };
  /** Registration order within the app. */
  readonly index: number;
  /** Policies of one group (e.g. the policies of one tier) overlap on purpose. */
  group?: string;
}

/** The policies of one kind in one account and Region, and their target tags once indexed. */
interface Bucket {
  readonly members: Registered[];
  /** `key=value` -> the members targeting it, in registration order (built at the first check). */
  byTag?: Map<string, Registered[]>;
}

interface AppRegistry {
  readonly buckets: Map<string, Bucket>;
  readonly byPolicy: Map<IConstruct, Registered>;
  count: number;
}

const REGISTRY = new WeakMap<IConstruct, AppRegistry>();

/**
 * Registers a policy for the app-wide checks, which run when the policy is validated:
 * - custom policies of the same kind, in the same account and Region, that share a target
 *   tag (key and value) snapshot the same resources twice. DLM accepts that (each policy
 *   runs on its own), so it is a warning, not an error.
 * - a second default policy of the same resource type in the same account and Region is an
 *   error: DLM allows one default policy per resource type per Region.
 * Linear in the number of policies: each is filed under its kind and environment once, and
 * target tags are indexed once per bucket.
 * @internal
 */
export function registerPolicy(policy: IConstruct, kind: string, targetTags: () => { [key: string]: string }): void {
  const root = policy.node.root;
  let app = REGISTRY.get(root);
  if (app === undefined) {
    app = { buckets: new Map(), byPolicy: new Map(), count: 0 };
    REGISTRY.set(root, app);
  }
  const key = `${kind}@${envKey(policy)}`;
  let bucket = app.buckets.get(key);
  if (bucket === undefined) {
    bucket = { members: [] };
    app.buckets.set(key, bucket);
  }
  const me: Registered = { policy, kind, targetTags, index: app.count++ };
  bucket.members.push(me);
  bucket.byTag = undefined;
  app.byPolicy.set(policy, me);
  const b = bucket;
  policy.node.addValidation({ validate: () => check(me, b) });
}

/**
 * Puts policies in one overlap group: they target the same resources on purpose (the
 * policies one tier compiles to, each with other schedules), so they draw no warning.
 * @internal
 */
export function markOverlapGroup(group: string, ...policies: IConstruct[]): void {
  for (const policy of policies) {
    const me = REGISTRY.get(policy.node.root)?.byPolicy.get(policy);
    if (me !== undefined) me.group = group;
  }
}

function envKey(c: IConstruct): string {
  const stack = Stack.of(c);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    // environment-agnostic stacks: compare within the same stack only
    return `stack:${stack.node.path}`;
  }
  return `${stack.account}/${stack.region}`;
}

function tagIndex(bucket: Bucket): Map<string, Registered[]> {
  if (bucket.byTag === undefined) {
    const byTag = new Map<string, Registered[]>();
    for (const member of bucket.members) {
      const tags = member.targetTags();
      for (const k of Object.keys(tags)) {
        if (Token.isUnresolved(k) || Token.isUnresolved(tags[k])) continue;
        const tag = `${k}=${tags[k]}`;
        const list = byTag.get(tag) ?? [];
        list.push(member);
        byTag.set(tag, list);
      }
    }
    bucket.byTag = byTag;
  }
  return bucket.byTag;
}

function check(me: Registered, bucket: Bucket): string[] {
  const earlier = bucket.members.filter(o => o.index < me.index);
  if (me.kind.startsWith('default-')) {
    const type = me.kind.slice('default-'.length);
    return earlier.map(other => new Where(me.policy).bareMessage('resourceType',
      `must not repeat a default policy: ${other.policy.node.path} is already the ${type} default policy of this account and Region (DLM allows one per resource type)`,
      type));
  }
  if (earlier.length === 0) return [];
  const index = tagIndex(bucket);
  const mine = me.targetTags();
  const shared = new Map<Registered, string[]>();
  for (const k of Object.keys(mine)) {
    if (Token.isUnresolved(k) || Token.isUnresolved(mine[k])) continue;
    for (const other of index.get(`${k}=${mine[k]}`) ?? []) {
      if (other.index >= me.index) break;
      if (me.group !== undefined && other.group === me.group) continue;
      shared.set(other, [...(shared.get(other) ?? []), `${k}=${mine[k]}`]);
    }
  }
  for (const [other, tags] of [...shared].sort((a, b) => a[0].index - b[0].index)) {
    Annotations.of(me.policy).addWarningV2(WARNINGS.overlappingTargetTags,
      `${new Where(me.policy).prefix()}targets the same resources as ${other.policy.node.path} (target tag ${tags.join(', ')}): both policies will snapshot them, which costs twice for the same restore points`);
  }
  return [];
}
