/**
 * DLM's rules for tags (target, excluded, added and the policy's own) and their rendering.
 * NOT exported from the package.
 */
import { CfnTag, Token } from 'aws-cdk-lib';
import { CfnLifecyclePolicy } from 'aws-cdk-lib/aws-dlm';
import { EC2_TAG_KEY, checkString, Where } from '../../common/validation';

/**
 * Tag keys a policy matches against existing tags (target tags, excluded tags): any EC2 tag key,
 * `aws:` ones included, since AWS sets such tags itself (`aws:cloudformation:stack-name`). The
 * DLM API model's `Tag.Key` has no pattern; the EC2 charset still applies.
 */
const MATCHED_TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * Checks a tag map: key pattern, value length, item count. Keys of tags the policy creates
 * (`use` 'create': tags to add, variable tags) may not start with `aws:`; keys that match
 * existing tags (`use` 'match') may.
 */
export function checkTags(where: Where, prop: string, tags: { [key: string]: string } | undefined, max: number, min: number, use: 'match' | 'create'): void {
  if (tags === undefined) return;
  const keys = Object.keys(tags);
  if (keys.length < min || keys.length > max) {
    where.fail(prop, `must have ${min > 0 ? `${min} to ${max}` : `at most ${max}`} tags`, `${keys.length} tags`);
  }
  const [pattern, patternText] = use === 'create'
    ? [EC2_TAG_KEY, 'an EC2 tag key: letters, digits, spaces and _ . : / = + - @ (not starting with aws:, which AWS reserves for the tags it creates)']
    : [MATCHED_TAG_KEY, 'an EC2 tag key: letters, digits, spaces and _ . : / = + - @'];
  for (const key of keys) {
    checkString(where, `${prop}`, key, { pattern, patternText, minLength: 1, maxLength: 128 });
    checkString(where, `${prop}.${key}`, tags[key], { maxLength: 256 });
  }
}

/**
 * The DLM API model's `TagKey`, the keys of a policy's own `Tags`: `^(?!aws:)[a-zA-Z+-=._:/]+$`
 * (the range `+-=` includes `,` and digits).
 */
const POLICY_TAG_KEY = /^(?!aws:)[a-zA-Z+-=._:/]{1,128}$/;

/**
 * Checks, at synth, the tags put on the policy resource itself (`Tags.of(policy).add()`): DLM's
 * `TagKey` pattern, values of at most 256 characters.
 */
export function validatePolicyTags(where: Where, resource: CfnLifecyclePolicy): string[] {
  const errors: string[] = [];
  const tags = resource.tags.tagValues();
  for (const [key, value] of Object.entries(tags)) {
    if (Token.isUnresolved(key)) continue;
    if (!POLICY_TAG_KEY.test(key)) {
      errors.push(where.bareMessage('tags', 'must match a policy tag key: letters, digits and + - = . _ : / (not starting with aws:), from the DLM API model\'s TagKey', key));
    } else if (!Token.isUnresolved(value) && value.length > 256) {
      errors.push(where.bareMessage(`tags.${key}`, 'must be at most 256 characters long', value));
    }
  }
  return errors;
}

/**
 * DLM `Tags` list from a map, in the map's order.
 */
export function renderTags(tags: { [key: string]: string } | undefined): CfnTag[] | undefined {
  if (tags === undefined || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
