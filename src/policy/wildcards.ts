/**
 * IAM wildcard matching: `*` (any run of characters) and `?` (one character), whole-string.
 * Actions compare case-insensitively, resources/ARNs and StringLike values case-sensitively.
 *
 * Policy variables (Version 2012-10-17 only; a resolver is passed then), as the IAM User Guide
 * "IAM policy elements: Variables and tags" describes them:
 * - `${aws:username}`: the value of that (single-valued) context key, matched literally (a `*` in a
 *   value is not a wildcard). Key names are case-insensitive.
 * - `${aws:PrincipalTag/team, 'company-wide'}` ("Specifying default values"): the default, in single
 *   quotes after a comma, is used when the key has no value; `''` inside it is one quote. One round
 *   of substitution only: a default is literal text.
 * - `${*}`, `${?}`, `${$}` ("Special characters"): the literal characters.
 * - A key with no value, or a multivalued key ("you cannot use a multivalued context key as a policy
 *   variable", Single-valued vs. multivalued context keys), and no default: the variable is
 *   unresolved, and the string it is in matches nothing ("Policy variables with no value").
 * Only names with a colon are variables, so cdktf/terraform references such as
 * `${aws_sesv2_email_identity.x.arn}` stay literal text.
 */

/** Returns the single value of a variable, or undefined when the request has none (or several). */
export type VariableResolver = (name: string) => string | undefined;

/**
 * A piece of an IAM string after variable substitution: `pattern` text keeps `*`/`?` as wildcards
 * (when the operator has wildcards), `literal` text (substituted values, `${*}` …) never does.
 */
export interface Segment {
  readonly text: string;
  readonly literal: boolean;
}

/** Reads `${…}` starting at `start` (which points at `$`): the variable's name and default, and where it ends. */
function readVariable(s: string, start: number): { name: string; fallback?: string; end: number; malformed?: boolean } | undefined {
  const close = s.indexOf('}', start + 2);
  if (close < 0) return undefined;
  const comma = s.indexOf(',', start + 2);
  if (comma < 0 || comma > close) return { name: s.slice(start + 2, close).trim(), end: close + 1 };
  const name = s.slice(start + 2, comma).trim();
  let i = comma + 1;
  while (s[i] === ' ') i++;
  if (s[i] !== "'") return { name, end: close + 1, malformed: true };
  let fallback = '';
  i++;
  for (;;) {
    if (i >= s.length) return { name, end: close + 1, malformed: true };
    if (s[i] === "'") {
      if (s[i + 1] === "'") {
        fallback += "'";
        i += 2;
        continue;
      }
      i++;
      break;
    }
    fallback += s[i];
    i++;
  }
  while (s[i] === ' ') i++;
  if (s[i] !== '}') return { name, end: close + 1, malformed: true };
  return { name, fallback, end: i + 1 };
}

/**
 * Splits an IAM string into pattern and literal segments, substituting variables; undefined when a
 * variable cannot be resolved (then the string matches nothing). Without a resolver the whole
 * string is pattern text (Version 2008-10-17: variables are literal strings).
 */
export function expandVariables(value: string, resolve: VariableResolver | undefined): Segment[] | undefined {
  if (resolve === undefined || !value.includes('${')) return [{ text: value, literal: false }];
  const out: Segment[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain !== '') out.push({ text: plain, literal: false });
    plain = '';
  };
  for (let i = 0; i < value.length; ) {
    if (value[i] === '$' && value[i + 1] === '{') {
      const v = readVariable(value, i);
      if (v !== undefined) {
        if (v.name === '*' || v.name === '?' || v.name === '$') {
          flush();
          out.push({ text: v.name, literal: true });
          i = v.end;
          continue;
        }
        if (v.name.includes(':')) {
          if (v.malformed) return undefined;
          const resolved = resolve(v.name);
          // An empty value is a value (a tag may be ''), except that a default replaces it
          // ("Specifying default values"; agrees with an independent simulator).
          const text = resolved === undefined || (resolved === '' && v.fallback !== undefined) ? v.fallback : resolved;
          if (text === undefined) return undefined;
          flush();
          out.push({ text, literal: true });
          i = v.end;
          continue;
        }
      }
    }
    plain += value[i];
    i++;
  }
  flush();
  return out;
}

/** The string a value stands for once variables are substituted (no wildcards); undefined when unresolved. */
export function substituteVariables(value: string, resolve: VariableResolver | undefined): string | undefined {
  if (resolve === undefined || !value.includes('${')) return value;
  const segments = expandVariables(value, resolve);
  return segments === undefined ? undefined : segments.map((s) => s.text).join('');
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 5_000;
const ESCAPE = /[.+^${}()|[\]\\*?]/g;
const REGEX_SPECIAL = new Set('.+^${}()|[]\\*?');

function escapeRegex(s: string): string {
  return s.replace(ESCAPE, '\\$&');
}

function segmentSource(segments: readonly Segment[]): string {
  let out = '';
  for (const seg of segments) {
    if (seg.literal) {
      out += escapeRegex(seg.text);
      continue;
    }
    for (const ch of seg.text) out += ch === '*' ? '.*' : ch === '?' ? '.' : REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
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
  const segments = expandVariables(pattern, hasVariables ? resolve : undefined);
  if (segments === undefined) return undefined;
  const source = segmentSource(segments);
  // With variables, the regex depends on the substituted values: cache it by its source.
  const key = hasVariables ? `${ignoreCase ? 'I' : 'S'}${source}` : cacheKey;
  const hit = hasVariables ? cache.get(key) : undefined;
  if (hit) return hit;
  const re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, re);
  return re;
}

export interface WildcardOptions {
  readonly ignoreCase?: boolean;
  readonly resolve?: VariableResolver;
}

/** Whole-string IAM wildcard match of `value` against `pattern` (false when a variable is unresolved). */
export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  return wildcardMatchResult(pattern, value, options) === true;
}

/** Like wildcardMatch, but undefined when a variable in the pattern cannot be resolved. */
export function wildcardMatchResult(pattern: string, value: string, options: WildcardOptions = {}): boolean | undefined {
  if (pattern === '*') return true;
  const plain = !pattern.includes('*') && !pattern.includes('?') && !(options.resolve && pattern.includes('${'));
  if (plain) return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const re = compile(pattern, options.ignoreCase === true, options.resolve);
  return re === undefined ? undefined : re.test(value);
}

/** `service:action` matching: case-insensitive, wildcards allowed (`s3:Get*`, `ses:Send?mail`, `*`). */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}

/**
 * Resource ARN matching: case-sensitive, wildcards and (2012-10-17) policy variables allowed. A
 * pattern whose variable has no value matches no resource (IAM User Guide, "Policy variables with
 * no value").
 */
export function resourceMatches(pattern: string, resource: string, resolve?: VariableResolver): boolean {
  return wildcardMatch(pattern, resource, { resolve });
}

/**
 * ArnEquals/ArnLike: each of the six colon-separated ARN components is matched separately (the
 * last takes the rest of the string), wildcards allowed in each. A value that is not an ARN never
 * matches. Variables are substituted first, so `${aws:PrincipalArn}` may stand for a whole ARN.
 * Returns undefined when a variable cannot be resolved.
 */
export function arnMatchResult(pattern: string, value: string, resolve?: VariableResolver): boolean | undefined {
  // A bare `*` is not a six-component ARN pattern: it matches nothing (as `arn:aws:*` does not).
  const v = splitArn(value);
  if (v === undefined) return false;
  if (resolve === undefined || !pattern.includes('${')) {
    const p = splitArn(pattern);
    if (p === undefined) return false;
    for (let i = 0; i < 6; i++) if (!wildcardMatch(p[i], v[i])) return false;
    return true;
  }
  const segments = expandVariables(pattern, resolve);
  if (segments === undefined) return undefined;
  // Split the substituted string into six components, keeping which characters are literal.
  const parts: Segment[][] = [[]];
  for (const seg of segments) {
    let rest = seg.text;
    let colon = rest.indexOf(':');
    while (colon >= 0 && parts.length < 6) {
      parts[parts.length - 1].push({ text: rest.slice(0, colon), literal: seg.literal });
      parts.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    parts[parts.length - 1].push({ text: rest, literal: seg.literal });
  }
  if (parts.length < 6) return false;
  for (let i = 0; i < 6; i++) {
    if (!new RegExp(`^${segmentSource(parts[i])}$`, 's').test(v[i])) return false;
  }
  return true;
}

/** ArnEquals/ArnLike as a boolean (false when a variable is unresolved). */
export function arnMatches(pattern: string, value: string, resolve?: VariableResolver): boolean {
  return arnMatchResult(pattern, value, resolve) === true;
}

/** Does `s` have the six colon-separated components of an ARN? */
export function isArnShaped(s: string): boolean {
  return splitArn(s) !== undefined;
}

function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
