/**
 * IAM `Condition` evaluation against a request context.
 *
 * - Several operators, and several keys under one operator, are ANDed; several values for one key are ORed.
 * - Key names are case-insensitive, values case-sensitive unless the operator says IgnoreCase.
 * - Missing key: false, except the negated operators (StringNotEquals, StringNotLike, ArnNotLike,
 *   NumericNotEquals, DateNotEquals, NotIpAddress …) which are true, `...IfExists` which is true,
 *   `Null` (the key's presence is what it tests), `ForAllValues:` (vacuously true on a missing or
 *   empty key — why a `Null` guard is needed) and `ForAnyValue:` (false).
 * - A multi-valued context key without a set operator matches a positive operator when any value
 *   matches; a negated operator is the negation of that.
 */
import { ConditionBlock, StringOrList } from './types';
import { VariableResolver, arnMatches, wildcardMatch } from './wildcards';

/** A request context value: condition keys can be single or multi-valued. */
export type ContextValue = string | number | boolean | readonly string[];

/** Context with lower-cased key names and every value as a list of strings (empty list = absent). */
export type NormalizedContext = ReadonlyMap<string, readonly string[]>;

/** Lower-cases key names and turns values into string lists; undefined values and empty lists are dropped. */
export function normalizeContext(context: Readonly<Record<string, ContextValue | undefined>>): NormalizedContext {
  const out = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(context)) {
    if (v === undefined) continue;
    const list = Array.isArray(v) ? (v as readonly string[]).map(String) : [String(v)];
    if (list.length === 0) continue;
    out.set(k.toLowerCase(), list);
  }
  return out;
}

/** Resolver for policy variables: single-valued keys only (multi-valued keys are not variables in IAM). */
export function contextResolver(ctx: NormalizedContext): VariableResolver {
  return (name) => {
    const v = ctx.get(name.toLowerCase());
    return v !== undefined && v.length === 1 ? v[0] : undefined;
  };
}

/** A parsed operator name such as `ForAllValues:StringEqualsIfExists`. */
export interface ParsedOperator {
  readonly name: string;
  readonly set?: 'ForAllValues' | 'ForAnyValue';
  readonly base: string;
  readonly ifExists: boolean;
}

/** `resolve` is undefined when policy variables are off (Version 2008-10-17): values are literal. */
type Comparator = (policy: string, actual: string, resolve: VariableResolver | undefined) => boolean;

interface OperatorSpec {
  /** The positive comparison; negated operators use the positive one and invert. */
  readonly compare: Comparator;
  readonly negated: boolean;
}

function numeric(op: (a: number, b: number) => boolean): Comparator {
  return (policy, actual) => {
    const p = Number(policy);
    const a = Number(actual);
    return policy.trim() !== '' && actual.trim() !== '' && Number.isFinite(p) && Number.isFinite(a) && op(a, p);
  };
}

/** ISO 8601 or epoch seconds → milliseconds; NaN when neither. */
export function parseDate(v: string): number {
  const t = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  return Date.parse(t);
}

function date(op: (a: number, b: number) => boolean): Comparator {
  return (policy, actual) => {
    const p = parseDate(policy);
    const a = parseDate(actual);
    return Number.isFinite(p) && Number.isFinite(a) && op(a, p);
  };
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((n) => n > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** IpAddress: IPv4 CIDR (or a bare address); other forms compare literally. */
function ipMatches(policy: string, actual: string): boolean {
  const [net, bitsRaw] = policy.split('/');
  const n = ipv4ToInt(net);
  const a = ipv4ToInt(actual);
  if (n === undefined || a === undefined) return policy.toLowerCase() === actual.toLowerCase();
  const bits = bitsRaw === undefined ? 32 : Number(bitsRaw);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((n & mask) >>> 0) === ((a & mask) >>> 0);
}

const stringEquals: Comparator = (p, a, r) => resolveLiteral(p, r) === a;
const stringEqualsIgnoreCase: Comparator = (p, a, r) => resolveLiteral(p, r)?.toLowerCase() === a.toLowerCase();
const stringLike: Comparator = (p, a, r) => wildcardMatch(p, a, { resolve: r });
const arnLike: Comparator = (p, a, r) => arnMatches(p, a, r);
const bool: Comparator = (p, a) => p.toLowerCase() === a.toLowerCase() && (a.toLowerCase() === 'true' || a.toLowerCase() === 'false');
const binaryEquals: Comparator = (p, a) => p.replace(/=+$/, '') === a.replace(/=+$/, '');

/** StringEquals values may hold variables; the variable must resolve or nothing matches. */
function resolveLiteral(policy: string, resolve: VariableResolver | undefined): string | undefined {
  if (resolve === undefined || !policy.includes('${')) return policy;
  let missing = false;
  const out = policy.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    if (!name.includes(':')) return whole;
    const v = resolve(name);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  stringequals: { compare: stringEquals, negated: false },
  stringnotequals: { compare: stringEquals, negated: true },
  stringequalsignorecase: { compare: stringEqualsIgnoreCase, negated: false },
  stringnotequalsignorecase: { compare: stringEqualsIgnoreCase, negated: true },
  stringlike: { compare: stringLike, negated: false },
  stringnotlike: { compare: stringLike, negated: true },
  numericequals: { compare: numeric((a, b) => a === b), negated: false },
  numericnotequals: { compare: numeric((a, b) => a === b), negated: true },
  numericlessthan: { compare: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { compare: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { compare: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { compare: numeric((a, b) => a >= b), negated: false },
  dateequals: { compare: date((a, b) => a === b), negated: false },
  datenotequals: { compare: date((a, b) => a === b), negated: true },
  datelessthan: { compare: date((a, b) => a < b), negated: false },
  datelessthanequals: { compare: date((a, b) => a <= b), negated: false },
  dategreaterthan: { compare: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { compare: date((a, b) => a >= b), negated: false },
  bool: { compare: bool, negated: false },
  binaryequals: { compare: binaryEquals, negated: false },
  ipaddress: { compare: (p, a) => ipMatches(p, a), negated: false },
  notipaddress: { compare: (p, a) => ipMatches(p, a), negated: true },
  arnequals: { compare: arnLike, negated: false },
  arnlike: { compare: arnLike, negated: false },
  arnnotequals: { compare: arnLike, negated: true },
  arnnotlike: { compare: arnLike, negated: true },
};

/** Splits `ForAnyValue:StringLikeIfExists` into its parts (case-insensitive). */
export function parseOperator(name: string): ParsedOperator {
  let rest = name;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') set = 'ForAllValues';
    else if (prefix === 'foranyvalue') set = 'ForAnyValue';
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (/ifexists$/i.test(rest) && rest.toLowerCase() !== 'null') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  return { name, set, base: rest, ifExists };
}

/** Is this operator one the evaluator knows? (Unknown operators never match.) */
export function isKnownOperator(name: string): boolean {
  const p = parseOperator(name);
  if (name.includes(':') && p.set === undefined) return false;
  return p.base.toLowerCase() === 'null' ? !p.ifExists : OPERATORS[p.base.toLowerCase()] !== undefined;
}

function policyValues(v: StringOrList | boolean | number): string[] {
  if (Array.isArray(v)) return (v as readonly string[]).map(String);
  return [String(v)];
}

/** Why one condition entry failed (never carries request values: they can be secrets). */
export interface ConditionFailure {
  readonly operator: string;
  readonly key: string;
  readonly reason: string;
}

export type ConditionOutcome = { readonly matched: true } | { readonly matched: false; readonly failure: ConditionFailure };

export interface ConditionOptions {
  /** Resolve policy variables such as `${aws:username}` in values (Version 2012-10-17). @default true */
  readonly variables?: boolean;
}

/** Evaluates one operator/key entry. */
export function evaluateConditionEntry(
  operator: string,
  key: string,
  rawValues: StringOrList | boolean | number,
  ctx: NormalizedContext,
  options: ConditionOptions = {},
): ConditionOutcome {
  const resolve = options.variables === false ? undefined : contextResolver(ctx);
  const op = parseOperator(operator);
  const values = policyValues(rawValues);
  const actual = ctx.get(key.toLowerCase());
  const present = actual !== undefined && actual.length > 0;
  const fail = (reason: string): ConditionOutcome => ({ matched: false, failure: { operator, key, reason } });

  if (operator.includes(':') && op.set === undefined) return fail(`unknown set operator in ${operator}`);
  if (op.base.toLowerCase() === 'null') {
    if (op.ifExists || op.set !== undefined) return fail(`unknown operator ${operator}`);
    // Null: "true" means the key must be absent, "false" that it must be present. Values ORed.
    const ok = values.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
    return ok ? { matched: true } : fail(present ? 'key is present' : 'key is absent');
  }
  const spec = OPERATORS[op.base.toLowerCase()];
  if (spec === undefined) return fail(`unknown operator ${op.base}`);

  // One request value against the policy's values: positive = any policy value matches.
  const one = (v: string): boolean => {
    const hit = values.some((p) => spec.compare(p, v, resolve));
    return spec.negated ? !hit : hit;
  };

  if (!present) {
    if (op.set === 'ForAllValues') return { matched: true };
    if (op.ifExists) return { matched: true };
    if (op.set === 'ForAnyValue') return fail('key is absent');
    return spec.negated ? { matched: true } : fail('key is absent');
  }
  if (op.set === 'ForAllValues') return actual.every(one) ? { matched: true } : fail('a request value is outside the allowed values');
  if (op.set === 'ForAnyValue') return actual.some(one) ? { matched: true } : fail('no request value matched');
  if (spec.negated) {
    // Negated operator: true only when no request value matches any policy value.
    const anyHit = actual.some((v) => values.some((p) => spec.compare(p, v, resolve)));
    return anyHit ? fail('the request value matched an excluded value') : { matched: true };
  }
  return actual.some(one) ? { matched: true } : fail('the request value did not match');
}

/** Evaluates a whole Condition block (AND of everything); returns the first failure. */
export function evaluateCondition(block: ConditionBlock | undefined, ctx: NormalizedContext, options: ConditionOptions = {}): ConditionOutcome {
  if (block === undefined) return { matched: true };
  for (const [operator, entries] of Object.entries(block)) {
    for (const [key, values] of Object.entries(entries)) {
      const outcome = evaluateConditionEntry(operator, key, values, ctx, options);
      if (!outcome.matched) return outcome;
    }
  }
  return { matched: true };
}
