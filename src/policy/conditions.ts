/**
 * IAM `Condition` evaluation against a request context, as the IAM User Guide describes it
 * ("IAM JSON policy elements: Condition operators", "Single-valued vs. multivalued context keys",
 * "IAM policy elements: Variables and tags").
 *
 * - Several operators, and several keys under one operator, are ANDed; several values for one key
 *   are ORed, except for negated operators, where the request value must differ from every value.
 * - Key names are case-insensitive, values case-sensitive unless the operator says IgnoreCase.
 * - Missing key: false, except the negated operators (StringNotEquals, StringNotLike, ArnNotLike,
 *   NumericNotEquals, DateNotEquals, NotIpAddress …) which are true, `...IfExists` which is true,
 *   `Null` (the key's presence is what it tests), `ForAllValues:` (true on a missing or empty key —
 *   why a `Null` guard is needed) and `ForAnyValue:` (false).
 * - A multivalued context key needs a set operator: see `MULTIVALUED WITHOUT A SET OPERATOR` below.
 * - Operands that are not in a documented form (condition-values.ts) match nothing, also through
 *   negated operators.
 * - Policy variables: see wildcards.ts; an unresolved one: see `UNRESOLVED VARIABLES` below.
 */
import { compareDecimal, ipInNetwork, parseDate, parseDecimal, parseIpAddress, parseIpNetwork } from './condition-values';
import { ConditionBlock, StringOrList } from './types';
import { VariableResolver, arnMatchResult, isArnShaped, substituteVariables, wildcardMatchResult } from './wildcards';

export { parseDate } from './condition-values';

/**
 * A request context value. A list is a multivalued key (even with one element: the key's kind is
 * what counts, e.g. `sts:IdentityTokenAudience`, `aws:TagKeys`); a string, number or boolean is a
 * single-valued key.
 */
export type ContextValue = string | number | boolean | readonly string[];

/** One key of a normalized context. */
export interface ContextEntry {
  readonly values: readonly string[];
  /** Given as a list: a multivalued key. */
  readonly multi: boolean;
}

/** Context with lower-cased key names (an absent key, or an empty list, is not in the map). */
export type NormalizedContext = ReadonlyMap<string, ContextEntry>;

/** Lower-cases key names and turns values into string lists; undefined values and empty lists are dropped. */
export function normalizeContext(context: Readonly<Record<string, ContextValue | undefined>>): NormalizedContext {
  const out = new Map<string, ContextEntry>();
  for (const [k, v] of Object.entries(context)) {
    if (v === undefined || v === null) continue;
    const multi = Array.isArray(v);
    const values = multi ? (v as readonly unknown[]).map(text) : [text(v)];
    if (values.length === 0) continue;
    out.set(k.toLowerCase(), { values, multi });
  }
  return out;
}

/** Resolver for policy variables: single-valued keys only ("you cannot use a multivalued context key as a policy variable"). */
export function contextResolver(ctx: NormalizedContext): VariableResolver {
  return (name) => {
    const e = ctx.get(name.toLowerCase());
    return e !== undefined && !e.multi && e.values.length === 1 ? e.values[0] : undefined;
  };
}

/** A parsed operator name such as `ForAllValues:StringEqualsIfExists`. */
export interface ParsedOperator {
  readonly name: string;
  readonly set?: 'ForAllValues' | 'ForAnyValue';
  readonly base: string;
  readonly ifExists: boolean;
}

/** One comparison: true/false, or why it could not be made. */
type Compared = boolean | typeof INVALID | typeof UNRESOLVED;
const INVALID = 'invalid' as const;
const UNRESOLVED = 'unresolved' as const;

/** `resolve` is undefined when policy variables are off (Version 2008-10-17) or the operator takes none. */
type Comparator = (policy: string, actual: string, resolve: VariableResolver | undefined) => Compared;

interface OperatorSpec {
  /** The positive comparison; negated operators use the positive one and invert. */
  readonly compare: Comparator;
  readonly negated: boolean;
  /** Policy variables are substituted in the values (string, ARN and Bool operators). */
  readonly variables: boolean;
}

function numeric(op: (cmp: number) => boolean): Comparator {
  return (policy, actual) => {
    const p = parseDecimal(policy);
    const a = parseDecimal(actual);
    return p === undefined || a === undefined ? INVALID : op(compareDecimal(a, p));
  };
}

function date(op: (a: number, b: number) => boolean): Comparator {
  return (policy, actual) => {
    const p = parseDate(policy);
    const a = parseDate(actual);
    return Number.isFinite(p) && Number.isFinite(a) ? op(a, p) : INVALID;
  };
}

const ipAddress: Comparator = (policy, actual) => {
  const net = parseIpNetwork(policy);
  const a = parseIpAddress(actual);
  return net === undefined || a === undefined ? INVALID : ipInNetwork(a, net);
};

function orUnresolved(v: boolean | undefined): Compared {
  return v === undefined ? UNRESOLVED : v;
}

const stringEquals: Comparator = (p, a, r) => {
  const v = substituteVariables(p, r);
  return v === undefined ? UNRESOLVED : v === a;
};
const stringEqualsIgnoreCase: Comparator = (p, a, r) => {
  const v = substituteVariables(p, r);
  return v === undefined ? UNRESOLVED : v.toLowerCase() === a.toLowerCase();
};
const stringLike: Comparator = (p, a, r) => orUnresolved(wildcardMatchResult(p, a, { resolve: r }));
// A request value, or a policy value without variables, that is not a six-component ARN is not a
// documented operand ("Each of the six colon-delimited components of the ARN is checked
// separately", Condition operators, ARN): it matches nothing, also through ArnNotEquals/ArnNotLike
// (agreeing with an independent simulator).
const arnLike: Comparator = (p, a, r) => {
  if (!isArnShaped(a) || (!(r !== undefined && p.includes('${')) && !isArnShaped(p))) return INVALID;
  return orUnresolved(arnMatchResult(p, a, r));
};
const bool: Comparator = (p, a, r) => {
  const v = substituteVariables(p, r);
  if (v === undefined) return UNRESOLVED;
  const pv = v.toLowerCase();
  const av = a.toLowerCase();
  // "comparing a key to true or false": any other value on either side is not a boolean.
  if ((pv !== 'true' && pv !== 'false') || (av !== 'true' && av !== 'false')) return INVALID;
  return pv === av;
};
// "compares the key value to a base-64 encoded binary value" (Condition operators, BinaryEquals):
// the guide does not say values are decoded, so the base-64 text is compared as written
// (agreeing with an independent simulator: `QmluYXJ5==` is not `QmluYXJ5`).
const binaryEquals: Comparator = (p, a) => p === a;

const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  stringequals: { compare: stringEquals, negated: false, variables: true },
  stringnotequals: { compare: stringEquals, negated: true, variables: true },
  stringequalsignorecase: { compare: stringEqualsIgnoreCase, negated: false, variables: true },
  stringnotequalsignorecase: { compare: stringEqualsIgnoreCase, negated: true, variables: true },
  stringlike: { compare: stringLike, negated: false, variables: true },
  stringnotlike: { compare: stringLike, negated: true, variables: true },
  numericequals: { compare: numeric((c) => c === 0), negated: false, variables: false },
  numericnotequals: { compare: numeric((c) => c === 0), negated: true, variables: false },
  numericlessthan: { compare: numeric((c) => c < 0), negated: false, variables: false },
  numericlessthanequals: { compare: numeric((c) => c <= 0), negated: false, variables: false },
  numericgreaterthan: { compare: numeric((c) => c > 0), negated: false, variables: false },
  numericgreaterthanequals: { compare: numeric((c) => c >= 0), negated: false, variables: false },
  dateequals: { compare: date((a, b) => a === b), negated: false, variables: false },
  datenotequals: { compare: date((a, b) => a === b), negated: true, variables: false },
  datelessthan: { compare: date((a, b) => a < b), negated: false, variables: false },
  datelessthanequals: { compare: date((a, b) => a <= b), negated: false, variables: false },
  dategreaterthan: { compare: date((a, b) => a > b), negated: false, variables: false },
  dategreaterthanequals: { compare: date((a, b) => a >= b), negated: false, variables: false },
  bool: { compare: bool, negated: false, variables: true },
  binaryequals: { compare: binaryEquals, negated: false, variables: false },
  ipaddress: { compare: ipAddress, negated: false, variables: false },
  notipaddress: { compare: ipAddress, negated: true, variables: false },
  arnequals: { compare: arnLike, negated: false, variables: true },
  arnlike: { compare: arnLike, negated: false, variables: true },
  arnnotequals: { compare: arnLike, negated: true, variables: true },
  arnnotlike: { compare: arnLike, negated: true, variables: true },
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
  return p.base.toLowerCase() === 'null' ? !p.ifExists && p.set === undefined : OPERATORS[p.base.toLowerCase()] !== undefined;
}

/**
 * A JSON number as the decimal text it was written as: JavaScript prints 1e-7 and 1e21 with an
 * exponent, which the numeric operators (rightly) do not read.
 */
function text(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const s = String(v);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(v)) return BigInt(v).toString();
  return v.toFixed(20).replace(/\.?0+$/, '');
}

function policyValues(v: StringOrList | boolean | number): string[] {
  if (Array.isArray(v)) return (v as readonly unknown[]).map(text);
  return [text(v)];
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
  /**
   * Effect of the statement the condition belongs to: decides an unresolved policy variable in a
   * negated operator (see UNRESOLVED VARIABLES). @default 'Allow' (the answer that grants nothing)
   */
  readonly effect?: 'Allow' | 'Deny';
}

/**
 * Three-valued result of one entry: 1 = matches, 0 = does not, 2 = matches only because a negated
 * operator compared against an unresolved policy variable (see UNRESOLVED VARIABLES).
 */
type Tri = 0 | 1 | 2;

/**
 * One request value against the policy values.
 *
 * UNRESOLVED VARIABLES. The IAM User Guide ("IAM policy elements: Variables and tags") says both
 * "If AWS cannot resolve a variable this might cause the entire statement to be invalid" (and, for
 * keys that are "not present": "any attempt to match it fails and causes the statement to be
 * invalid"), and, under "Policy variables with no value": "Inverted condition operators like
 * StringNotEquals or StringNotLike do match against a null value", with the example of a Deny with
 * `StringNotEquals {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}` where "Access is
 * explicitly denied when aws:principaltag/Team is not set". Read together, and agreeing with an
 * independent simulator for Allow: a negated operator against an unresolved variable makes a Deny
 * apply (documented example) and never makes an Allow apply (the statement is invalid). Positive
 * operators never match an unresolved variable ("StringEquals or StringLike do not match").
 */
function compareOne(spec: OperatorSpec, values: readonly string[], actual: string, resolve: VariableResolver | undefined): Tri {
  let invalid = false;
  let unresolved = false;
  for (const p of values) {
    const c = spec.compare(p, actual, resolve);
    if (c === true) return spec.negated ? 0 : 1;
    if (c === INVALID) invalid = true;
    else if (c === UNRESOLVED) unresolved = true;
  }
  if (!spec.negated) return 0;
  // Negated: true only when every policy value was compared and differs.
  if (invalid) return 0;
  return unresolved ? 2 : 1;
}

const MATCHED: ConditionOutcome = { matched: true };

/** Evaluates one operator/key entry. */
export function evaluateConditionEntry(
  operator: string,
  key: string,
  rawValues: StringOrList | boolean | number,
  ctx: NormalizedContext,
  options: ConditionOptions = {},
): ConditionOutcome {
  const resolve = options.variables === false ? undefined : contextResolver(ctx);
  const { result, reason } = entryResult(operator, key, rawValues, ctx, resolve);
  if (result === 1 || (result === 2 && options.effect === 'Deny')) return MATCHED;
  return { matched: false, failure: { operator, key, reason: result === 2 ? 'a policy variable has no value (an Allow never applies on an unresolved variable)' : reason } };
}

function entryResult(operator: string, key: string, rawValues: StringOrList | boolean | number, ctx: NormalizedContext, resolve: VariableResolver | undefined): { result: Tri; reason: string } {
  const op = parseOperator(operator);
  const values = policyValues(rawValues);
  const entry = ctx.get(key.toLowerCase());
  const present = entry !== undefined;
  const no = (reason: string): { result: Tri; reason: string } => ({ result: 0, reason });

  if (operator.includes(':') && op.set === undefined) return no(`unknown set operator in ${operator}`);
  if (op.base.toLowerCase() === 'null') {
    if (op.ifExists || op.set !== undefined) return no(`unknown operator ${operator}`);
    // Null: "true" means the key must be absent, "false" that it must be present. Values ORed.
    const ok = values.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
    return ok ? { result: 1, reason: '' } : no(present ? 'key is present' : 'key is absent');
  }
  const spec = OPERATORS[op.base.toLowerCase()];
  if (spec === undefined) return no(`unknown operator ${op.base}`);
  const r = spec.variables ? resolve : undefined;

  if (!present) {
    if (op.set === 'ForAllValues') return { result: 1, reason: '' };
    // ForAnyValue "returns false if there are no context keys in the request" (Condition operators,
    // set operators); the guide never combines it with IfExists, and an independent simulator
    // reads `ForAnyValue:…IfExists` on an absent key as false too (IfExists is per value there).
    if (op.set === 'ForAnyValue') return no('key is absent');
    if (op.ifExists) return { result: 1, reason: '' };
    // "If the policy condition requires that the key is not matched, such as StringNotLike or
    // ArnNotLike, and the right key is not present, the condition is true" (Condition operators,
    // Important): also when a policy value has an unresolved variable (an independent simulator agrees).
    return spec.negated ? { result: 1, reason: '' } : no('key is absent');
  }
  const actual = entry.values;
  if (op.set === 'ForAllValues') {
    // "returns true if there are no context keys in the request or if the context key value
    // resolves to a null dataset, such as an empty string" (Condition operators, ARN section).
    if (actual.length === 1 && actual[0] === '') return { result: 1, reason: '' };
    let out: Tri = 1;
    for (const v of actual) {
      const t = compareOne(spec, values, v, r);
      if (t === 0) return no('a request value is outside the allowed values');
      if (t === 2) out = 2;
    }
    return { result: out, reason: '' };
  }
  if (op.set === 'ForAnyValue') {
    let out: Tri = 0;
    for (const v of actual) {
      const t = compareOne(spec, values, v, r);
      if (t === 1) return { result: 1, reason: '' };
      if (t === 2) out = 2;
    }
    return out === 0 ? no('no request value matched') : { result: 2, reason: '' };
  }
  // MULTIVALUED WITHOUT A SET OPERATOR. "Multivalued context keys require a condition set
  // operator" (IAM User Guide, Single-valued vs. multivalued context keys), and a multivalued
  // key is one that can have several values in the request context — "the number of values in
  // the request context, not the number of values in the policy condition". The guide never
  // defines a plain operator against such a key, so a condition that lacks the required set
  // operator is not met: it does not match, for positive and negated operators alike (only a
  // missing key is decided above, by the missing-key rule). This agrees with an independent IAM
  // simulator (and its authors' account of AWS's behaviour), and it is the reading that never
  // lets a customer's `StringLike {"aws:TagKeys": "team-*"}` or `StringNotEquals` on
  // `sts:IdentityTokenAudience` look like it restricts or grants: the validator reports such a
  // statement as not applying, and the fix is `ForAllValues:`/`ForAnyValue:` (+ a `Null` guard).
  if (entry.multi) return no(`${key} is multivalued: ${op.base} needs ForAllValues: or ForAnyValue:`);
  const t = compareOne(spec, values, actual[0], r);
  if (t === 0) return no(spec.negated ? 'the request value matched an excluded value, or a value is not comparable' : 'the request value did not match');
  return { result: t, reason: '' };
}

/** Evaluates a whole Condition block (AND of everything); returns the first failure. */
export function evaluateCondition(block: ConditionBlock | undefined, ctx: NormalizedContext, options: ConditionOptions = {}): ConditionOutcome {
  if (block === undefined) return MATCHED;
  const resolve = options.variables === false ? undefined : contextResolver(ctx);
  let pending: ConditionFailure | undefined;
  for (const [operator, entries] of Object.entries(block)) {
    for (const [key, values] of Object.entries(entries)) {
      const { result, reason } = entryResult(operator, key, values, ctx, resolve);
      if (result === 0) return { matched: false, failure: { operator, key, reason } };
      if (result === 2 && options.effect !== 'Deny') pending ??= { operator, key, reason: 'a policy variable has no value (an Allow never applies on an unresolved variable)' };
    }
  }
  return pending === undefined ? MATCHED : { matched: false, failure: pending };
}
