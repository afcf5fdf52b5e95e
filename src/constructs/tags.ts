/** AWS tags given to a construct (resource tags, or principal tags bound in a trust expression). */
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { TAG_KEY_RULE, TAG_VALUE_RULE } from '../policy/rules';
import { checkNoTemplate, checkType, checkValue, ConstructValidationError, show } from './errors';

/** AWS allows at most 50 user tags on a resource. */
export const MAX_TAGS = 50;
export const TAGS_TOO_MANY = 'C1AWS_TAGS_TOO_MANY';

/** A map of tag key to value: each key and value by the AWS rules, at most 50, no Terraform templates. */
export function checkTags(scope: IConstruct, prop: string, tags: unknown): void {
  if (tags === undefined || Token.isUnresolved(tags)) return;
  checkType(scope, prop, tags, 'map of strings');
  const entries = Object.entries(tags as Record<string, string>);
  checkValue(scope, prop, `${entries.length} tags`, entries.length <= MAX_TAGS, TAGS_TOO_MANY, `at most ${MAX_TAGS} tags`, { fix: `drop tags from ${prop}` });
  for (const [k, v] of entries) {
    checkNoTemplate(scope, `${prop} key`, k);
    if (!Token.isUnresolved(k) && !TAG_KEY_RULE.test(k)) {
      throw new ConstructValidationError(scope, `${prop}[${JSON.stringify(k)}]`, `a key ${show(k)}`, TAG_KEY_RULE.code, `a tag key of ${TAG_KEY_RULE.requirement}`,
        /^aws:/i.test(k) ? 'rename the key: AWS reserves the "aws:" prefix for its own tags' : `rename the key to ${TAG_KEY_RULE.requirement}`);
    }
    checkNoTemplate(scope, `${prop}[${JSON.stringify(k)}]`, v);
    if (!Token.isUnresolved(v) && !TAG_VALUE_RULE.test(v)) {
      throw new ConstructValidationError(scope, `${prop}[${JSON.stringify(k)}]`, show(v), TAG_VALUE_RULE.code, `a tag value of ${TAG_VALUE_RULE.requirement}`, `change the value to ${TAG_VALUE_RULE.requirement}`);
    }
  }
}
