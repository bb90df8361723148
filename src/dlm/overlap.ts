import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Where } from '../common/validation';

/** What the app-wide checks need to know of a policy. */
interface Registered {
  readonly policy: IConstruct;
  /** `images`, `volume-snapshots`, `instance-snapshots`, or `default-VOLUME` / `default-INSTANCE`. */
  readonly kind: string;
  readonly targetTags: () => { [key: string]: string };
}

const REGISTRY = new WeakMap<IConstruct, Registered[]>();

/**
 * Registers a policy for the app-wide checks, which run when the policy is validated:
 * - custom policies of the same kind, in the same account and Region, that share a target
 *   tag (key and value) snapshot the same resources twice. DLM accepts that (each policy
 *   runs on its own), so it is a warning, not an error.
 * - a second default policy of the same resource type in the same account and Region is an
 *   error: DLM allows one default policy per resource type per Region.
 * @internal
 */
export function registerPolicy(policy: IConstruct, kind: string, targetTags: () => { [key: string]: string }): void {
  const root = policy.node.root;
  const list = REGISTRY.get(root) ?? [];
  REGISTRY.set(root, list);
  const me: Registered = { policy, kind, targetTags };
  list.push(me);
  policy.node.addValidation({ validate: () => check(me, list) });
}

function envKey(c: IConstruct): string | undefined {
  const stack = Stack.of(c);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    // environment-agnostic stacks: compare within the same stack only
    return `stack:${stack.node.path}`;
  }
  return `${stack.account}/${stack.region}`;
}

function check(me: Registered, all: Registered[]): string[] {
  const errors: string[] = [];
  const myEnv = envKey(me.policy);
  const earlier = all.slice(0, all.indexOf(me)).filter(o => o.kind === me.kind && envKey(o.policy) === myEnv);
  for (const other of earlier) {
    if (me.kind.startsWith('default-')) {
      errors.push(new Where(me.policy).bareMessage('resourceType',
        `must not repeat a default policy: ${other.policy.node.path} is already the ${me.kind.slice('default-'.length)} default policy of this account and Region (DLM allows one per resource type)`,
        me.kind.slice('default-'.length)));
      continue;
    }
    const mine = me.targetTags();
    const theirs = other.targetTags();
    const shared = Object.keys(mine).filter(k => !Token.isUnresolved(mine[k]) && theirs[k] === mine[k]);
    if (shared.length > 0) {
      Annotations.of(me.policy).addWarningV2('cdk-tiered-backup:overlapping-target-tags',
        `${new Where(me.policy).prefix()}targets the same resources as ${other.policy.node.path} (target tag ${shared.map(k => `${k}=${mine[k]}`).join(', ')}): both policies will snapshot them, which costs twice for the same restore points`);
    }
  }
  return errors;
}
