/**
 * The few cdktf-specific helpers the constructs share. Kept in one small file so that a move from cdktf
 * (archived upstream) to its community fork `cdktn` touches as little as possible.
 */
import { Fn, IResolvable, Op, TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { checkType, ConstructValidationError, show } from './errors';

/** Terraform's `null` (a bare JS null would be written as `undefined`). */
const NULL = Token.nullValue() as unknown as string;

/** True when the value is a cdktf token (a Terraform reference or variable), not a literal. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * `count` of a single optional resource whose inputs are given: none when they are all literals (the
 * resource simply exists), `a != null && b != null ? 1 : 0` when some are tokens that may be null.
 */
export function countIfTokens(values: readonly unknown[]): number | undefined {
  const tokens = values.filter(isToken);
  if (tokens.length === 0) return undefined;
  const cond = tokens.map((t) => Op.neq(t as string, NULL)).reduce((a, b) => Op.and(a, b));
  return Token.asNumber(Fn.conditional(cond, 1, 0));
}

/** The list `items` when the feature is on (literal), [] when off, or a conditional when it depends on a token. */
export function listWhenSet<T>(value: unknown, items: readonly T[]): T[] {
  if (value === undefined) return [];
  if (!isToken(value)) return [...items];
  return Token.asAny(Fn.conditional(Op.eq(value as string, NULL), [], items)) as unknown as T[];
}

/**
 * A human, stable Terraform name for a resource of `owner`: the owner's path under its stack joined
 * with `_` (e.g. `tenant_a_role`), or just `name` when `prefix` is '' (the generated modules).
 */
export function setName(element: TerraformElement, owner: IConstruct, name: string, prefix?: string): void {
  const p = prefix ?? defaultPrefix(owner);
  const logicalId = p ? `${p}_${name}` : name;
  // cdktf writes two elements with the same address into one JSON key: the later one silently replaces the
  // earlier (a whole role or policy disappears). Refuse instead.
  const stack = TerraformStack.of(element);
  const kind = element instanceof TerraformDataSource ? `data.${element.terraformResourceType}`
    : element instanceof TerraformResource ? element.terraformResourceType
      : element instanceof TerraformOutput ? 'output' : element.constructor.name;
  const address = `${kind}.${logicalId}`;
  let taken = NAMES.get(stack);
  if (!taken) NAMES.set(stack, (taken = new Map()));
  const holder = taken.get(address);
  if (holder !== undefined && holder !== element.node.path) {
    throw new ConstructValidationError(owner, 'namePrefix', prefix === undefined ? `unset (the construct path gives "${p}")` : show(prefix), TERRAFORM_NAME_DUPLICATE,
      `a prefix that gives Terraform names no other construct in stack "${stack.node.id}" uses ("${address}" is already ${holder})`,
      'give one of the two constructs another id or namePrefix (construct ids that differ only in "-" vs "_" give the same names)');
  }
  taken.set(address, element.node.path);
  element.overrideLogicalId(logicalId);
}

export const TERRAFORM_NAME_DUPLICATE = 'C1AWS_TERRAFORM_NAME_DUPLICATE';
export const NAME_PREFIX_INVALID = 'C1AWS_NAME_PREFIX_INVALID';
const NAMES = new WeakMap<TerraformStack, Map<string, string>>();

/** `namePrefix`: '' or a Terraform name (letters, digits, _ and -, not starting with a digit or -). */
export function checkNamePrefix(scope: IConstruct, prefix: unknown): void {
  checkType(scope, 'namePrefix', prefix, 'string');
  if (typeof prefix !== 'string' || prefix === '') return;
  if (Token.isUnresolved(prefix) || !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(prefix)) {
    throw new ConstructValidationError(scope, 'namePrefix', show(prefix), NAME_PREFIX_INVALID,
      '"" or a literal Terraform name of at most 64 letters, digits, _ and -, starting with a letter or _', 'use a name such as "tenant_a" (resource names must be known when the app is synthesized)');
  }
}

function defaultPrefix(owner: IConstruct): string {
  const stack = TerraformStack.of(owner);
  const rel = owner.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id);
  return rel.join('_').replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
}

/** `value == null` as a Terraform expression. */
export function isNullExpression(value: unknown): IResolvable {
  return Op.eq(value as string, NULL);
}

/** `value != null` as a Terraform expression. */
export function isSetExpression(value: unknown): IResolvable {
  return Op.neq(value as string, NULL);
}

/** Concatenate lists, some of which may be Terraform expressions (then the result is `concat(...)`). */
export function concatLists<T>(parts: readonly (readonly T[])[]): T[] {
  if (!parts.some(isToken)) return parts.flat();
  return Token.asAny(Fn.concat(parts as unknown[])) as unknown as T[];
}

/**
 * A string template that stays a plain string for literals and becomes `join("", [...])` when it holds
 * tokens, so it can sit inside Terraform functions (cdktf cannot nest "${}" templates there).
 */
export function tf(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  if (!values.some(isToken)) return plain(strings, ...values);
  const parts: unknown[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < values.length && values[i] !== '') parts.push(values[i]);
  });
  return Fn.join('', parts as string[]);
}

/** An ordinary template string (the counterpart of `tf` where no Terraform function surrounds it). */
export function plain(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  return strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
}

const TOKEN_MARKER = /(\$\{TfToken\[TOKEN\.\d+\]\})/;

/**
 * A string that embeds cdktf tokens (`"arn:…:${TfToken[TOKEN.1]}…"`) as `join("", [...])`, so it can sit
 * inside a Terraform function (cdktf cannot nest "${}" templates there). A literal string is returned as is.
 */
export function tokenTemplateToJoin(value: string, literal: (s: string) => string = (s) => s): string {
  if (!isToken(value)) return literal(value);
  const parts = value.split(TOKEN_MARKER).filter((p) => p !== '').map((p) => (TOKEN_MARKER.test(p) ? p : literal(p)));
  return parts.length === 1 ? parts[0] : Fn.join('', parts);
}
