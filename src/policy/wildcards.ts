/**
 * IAM wildcard matching: `*` (any run of characters) and `?` (one character), whole-string.
 * Actions compare case-insensitively, resources/ARNs and StringLike values case-sensitively.
 *
 * Policy variables (`${aws:username}`, `${sts:ExternalId}` …) are resolved when a resolver is given:
 * only names containing a colon are variables, so cdktf/terraform references such as
 * `${aws_sesv2_email_identity.x.arn}` stay literal. `${*}`, `${?}` and `${$}` are the literal characters.
 */

/** Returns the single value of a variable, or undefined when the request has none. */
export type VariableResolver = (name: string) => string | undefined;

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 5_000;
const ESCAPE = /[.+^${}()|[\]\\*?]/g;

function escapeRegex(s: string): string {
  return s.replace(ESCAPE, '\\$&');
}

/**
 * Regex source for an IAM pattern, or undefined when a variable cannot be resolved (then nothing
 * matches, as in AWS).
 */
function patternSource(pattern: string, resolve: VariableResolver | undefined): string | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '$' && pattern[i + 1] === '{' && resolve !== undefined) {
      const end = pattern.indexOf('}', i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        if (name === '*' || name === '?' || name === '$') {
          out += escapeRegex(name);
          i = end;
          continue;
        }
        if (name.includes(':')) {
          const value = resolve(name);
          if (value === undefined) return undefined;
          out += escapeRegex(value);
          i = end;
          continue;
        }
      }
    }
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegex(ch);
  }
  return out;
}

function compile(pattern: string, ignoreCase: boolean, resolve: VariableResolver | undefined): RegExp | undefined {
  const hasVariables = resolve !== undefined && pattern.includes('${');
  const cacheKey = (ignoreCase ? 'i' : 's') + pattern;
  if (!hasVariables) {
    const hit = cache.get(cacheKey);
    if (hit) return hit;
  }
  const source = patternSource(pattern, hasVariables ? resolve : undefined);
  if (source === undefined) return undefined;
  const re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
  if (!hasVariables) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cacheKey, re);
  }
  return re;
}

export interface WildcardOptions {
  readonly ignoreCase?: boolean;
  readonly resolve?: VariableResolver;
}

/** Whole-string IAM wildcard match of `value` against `pattern`. */
export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  if (pattern === '*') return true;
  const plain = !pattern.includes('*') && !pattern.includes('?') && !(options.resolve && pattern.includes('${'));
  if (plain) return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const re = compile(pattern, options.ignoreCase === true, options.resolve);
  return re !== undefined && re.test(value);
}

/** `service:action` matching: case-insensitive, wildcards allowed (`s3:Get*`, `ses:Send?mail`, `*`). */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}

/** Resource ARN matching: case-sensitive, wildcards and (2012-10-17) policy variables allowed. */
export function resourceMatches(pattern: string, resource: string, resolve?: VariableResolver): boolean {
  return wildcardMatch(pattern, resource, { resolve });
}

/**
 * ArnEquals/ArnLike: each of the six colon-separated ARN components is matched separately (the
 * last takes the rest of the string), wildcards allowed in each. A value that is not an ARN never matches.
 */
export function arnMatches(pattern: string, value: string, resolve?: VariableResolver): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (p === undefined || v === undefined) return false;
  for (let i = 0; i < 6; i++) if (!wildcardMatch(p[i], v[i], { resolve })) return false;
  return true;
}

function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
