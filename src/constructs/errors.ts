/** Validation errors thrown by the constructs: stable code, construct path, prop, bad value, rule and fix. */
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { C1AwsError } from '../errors';
import { InputRule, redact } from '../policy/rules';

export class ConstructValidationError extends C1AwsError {
  /** Path of the construct in the app, e.g. `stack/ses`. */
  public readonly constructPath: string;
  /** The prop that is wrong, e.g. `externalId`. */
  public readonly prop: string;
  /** The bad value as shown to users (secrets redacted). */
  public readonly value: string;

  constructor(scope: IConstruct, prop: string, shownValue: string, code: string, requirement: string, fix: string) {
    super(code, `${scope.node.path}: prop "${prop}" is ${shownValue}, but it must be ${requirement} [${code}].`, { fix });
    this.constructPath = scope.node.path;
    this.prop = prop;
    this.value = shownValue;
  }
}

/** Codes shared by every construct (each rule in src/policy/rules.ts has its own). */
export const PROP_REQUIRED = 'C1AWS_PROP_REQUIRED';
export const PROP_TYPE_INVALID = 'C1AWS_PROP_TYPE_INVALID';
export const PROP_UNKNOWN = 'C1AWS_PROP_UNKNOWN';
export const TERRAFORM_TEMPLATE_IN_VALUE = 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE';

export interface CheckOptions {
  /** Redact the value in the error (External IDs). @default false */
  readonly secret?: boolean;
  /** What to do about it. @default "set `<prop>` to <requirement>" */
  readonly fix?: string;
  /** requireProp: what to do when the value has the wrong type. @default "pass <prop> as <kind>" */
  readonly typeFix?: string;
}

/** How a value is shown in an error: JSON for plain values, the kind for others, redacted when secret. */
export function show(value: unknown, secret?: boolean): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return secret ? `"${redact(value)}"` : JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (secret) return `a ${Array.isArray(value) ? 'list' : typeof value} (not shown)`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? `a ${typeof value}` : json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return `a ${typeof value}`;
  }
}

export type PropKind = 'string' | 'number' | 'boolean' | 'list of strings' | 'object' | 'map of strings';

function hasKind(value: unknown, kind: PropKind): boolean {
  if (Token.isUnresolved(value)) return true;
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'list of strings':
      return Array.isArray(value) && value.every((x) => typeof x === 'string');
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'map of strings':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((x) => typeof x === 'string');
  }
}

const article = (kind: PropKind): string => (kind === 'object' ? 'an object' : `a ${kind}`);

/**
 * Throw unless the prop is present (not undefined/null) and of `kind`. The fix for a missing value names the
 * usual cause: a `process.env.X!` that is unset.
 */
export function requireProp(scope: IConstruct, prop: string, value: unknown, kind: PropKind, options: CheckOptions = {}): void {
  if (value === undefined || value === null) {
    throw new ConstructValidationError(scope, prop, show(value), PROP_REQUIRED, `given (${article(kind)})`,
      options.fix ?? `set ${prop}; when it comes from an environment variable (process.env.X!), check that the variable is set`);
  }
  checkType(scope, prop, value, kind, { secret: options.secret, fix: options.typeFix });
}

/** Throw when an optional prop is given with the wrong type (JavaScript callers, `as any`). */
export function checkType(scope: IConstruct, prop: string, value: unknown, kind: PropKind, options: CheckOptions = {}): void {
  if (value === undefined || hasKind(value, kind)) return;
  const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  const shown = options.secret && typeof value !== 'string' ? show(value, true) : `${show(value, options.secret)} (${got})`;
  throw new ConstructValidationError(scope, prop, shown, PROP_TYPE_INVALID, article(kind),
    options.fix ?? `pass ${prop} as ${article(kind)}`);
}

/**
 * Literal strings are written into Terraform JSON, where `${` and `%{` start template interpolation:
 * the value Terraform uses would not be the one given.
 */
export function checkNoTemplate(scope: IConstruct, prop: string, value: unknown, options: CheckOptions = {}): void {
  if (typeof value !== 'string' || Token.isUnresolved(value)) return;
  if (/[$%]\{/.test(value)) {
    throw new ConstructValidationError(scope, prop, show(value, options.secret), TERRAFORM_TEMPLATE_IN_VALUE,
      'free of "${" and "%{" (Terraform would interpolate them)', `remove the "\${" / "%{" from ${prop}; to reference a Terraform value, pass a cdktf token (e.g. variable.stringValue) instead of writing the expression as text`);
  }
}

/** Throw unless `value` satisfies `rule`; unresolved tokens are skipped (checked by Terraform at plan time). */
export function checkRule(scope: IConstruct, prop: string, value: unknown, rule: InputRule, options: CheckOptions = {}): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  checkType(scope, prop, value, 'string', options);
  checkNoTemplate(scope, prop, value, options);
  if (!rule.test(value as string)) {
    throw new ConstructValidationError(scope, prop, show(value, options.secret), rule.code, rule.requirement, options.fix ?? `set ${prop} to ${rule.requirement}`);
  }
}

/** Throw unless `condition` holds for a resolved value. */
export function checkValue(
  scope: IConstruct,
  prop: string,
  value: unknown,
  ok: boolean,
  code: string,
  requirement: string,
  options: CheckOptions = {},
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!ok) throw new ConstructValidationError(scope, prop, show(value, options.secret), code, requirement, options.fix ?? `set ${prop} to ${requirement}`);
}

/**
 * JavaScript callers get no excess-property check: a misspelt optional prop (`hostedZoneID`) would be
 * ignored without a word. Name it, and the prop it probably means.
 */
export function checkKnownProps(scope: IConstruct, props: object, known: readonly string[], propPrefix = ''): void {
  for (const key of Object.keys(props)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase() || k.toLowerCase().replace(/_/g, '') === key.toLowerCase().replace(/_/g, ''));
    throw new ConstructValidationError(scope, `${propPrefix}${key}`, 'given', PROP_UNKNOWN, `one of the props this construct reads (${known.join(', ')})`,
      near ? `did you mean "${propPrefix}${near}"?` : `remove ${propPrefix}${key}`);
  }
}

/** A list prop's elements after the type check (a token list, or undefined, gives []). */
export function literalList(value: readonly string[] | undefined): readonly string[] {
  if (value === undefined || Token.isUnresolved(value)) return [];
  return value;
}
