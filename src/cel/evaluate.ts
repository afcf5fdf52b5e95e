/**
 * Evaluate a C1 trust condition the way C1 (cel-go) does, with @bufbuild/cel: one variable
 * `claims` declared `map(string, dyn)`, cel-go's compile-time type check (check.ts), errors
 * absorbed by `&&`/`||`, a non-bool result is an error, 1,024-byte limit, and the standard
 * functions whose results differ in bufbuild re-implemented as cel-go computes them (overrides.ts:
 * `timestamp(int)` reads seconds, Go's RFC 3339 and duration parsing, `string(double)` as `%g`,
 * strconv-style string conversions, UTF-8 string ordering, int64 `%` overflow).
 * The environment is a default `cel.NewEnv()`: no string/math extensions, no cross-type numeric
 * comparisons between typed operands at compile time (C1 documents no other options).
 *
 * Claims are bound as cel-go binds the token's JSON (`map[string]any` from encoding/json):
 * - every JSON number is a `double` (`type(claims.iat) == double`), so `claims.iat + 600` and
 *   `timestamp(claims.iat)` fail with "no matching overload" as they do in C1 (write
 *   `int(claims.iat) + 600`, `timestamp(int(claims.iat))`); `claims.iat == 1700000000` and
 *   `claims.iat < 1700000600` work (CEL compares numbers across types);
 * - a claim present with JSON `null` is present: `has(claims.x)` and `"x" in claims` are true,
 *   `claims.x == null` is true;
 * - objects are maps with string keys (a claim named `__proto__` is an ordinary key).
 */
import { celEnv, celFunc, celList, celMap, CelScalar, isCelError, parse, plan, type CelEnv, type CelInput, type CelMap } from '@bufbuild/cel';
import { checkTrustExpression, sourceOffset, typeName } from './check';
import { CEL_MAX_BYTES, celByteLength, recursionLimitError } from './limits';
import { CEL_GO_OVERRIDES } from './overrides';

export interface TrustResult {
  readonly matched: boolean;
  /** Why the expression could not be evaluated to a bool (then matched is false). */
  readonly error?: string;
}

/** A compiled trust condition: call it per token. */
export type TrustEvaluator = (claims: unknown) => TrustResult;

const VARIABLES = { claims: CelScalar.DYN } as const;

/** The member form `s.matches(re)` of bufbuild's standard library (RE2), to serve cel-go's global `matches(s, re)`. */
let memberMatches: ((ctx: { s: string; re: string }) => unknown) | undefined;
function globalMatches(s: string, re: string): boolean {
  memberMatches ??= plan(celEnv({ variables: { s: CelScalar.STRING, re: CelScalar.STRING } }), parse('s.matches(re)'));
  const r = memberMatches({ s, re });
  if (typeof r !== 'boolean') throw new Error(isCelError(r) ? r.message : 'matches() failed');
  return r;
}

let env: CelEnv<typeof VARIABLES> | undefined;
function trustEnv(): CelEnv<typeof VARIABLES> {
  env ??= celEnv({
    variables: VARIABLES,
    funcs: [
      ...CEL_GO_OVERRIDES,
      celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, globalMatches),
    ],
  });
  return env;
}

/**
 * The brand bufbuild's `isCelMap` looks for (an own symbol of every map it makes). With it a JSON
 * object is served as a CEL map directly: no copy per evaluation, nested objects wrapped only when
 * read, and `has` that sees keys bound to JSON null (bufbuild's own maps treat null as absent).
 */
const CEL_MAP_BRAND: symbol | undefined = Object.getOwnPropertySymbols(celMap(new Map())).at(0);

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map);
}

/** A JSON object as a read-only CEL map with string keys. */
class JsonMap implements ReadonlyMap<string, unknown> {
  constructor(private readonly obj: Record<string, unknown>) {
    if (CEL_MAP_BRAND !== undefined) (this as unknown as Record<symbol, unknown>)[CEL_MAP_BRAND] = {};
  }
  get size(): number {
    return Object.keys(this.obj).length;
  }
  has(key: unknown): boolean {
    return typeof key === 'string' && Object.hasOwn(this.obj, key) && this.obj[key] !== undefined;
  }
  get(key: unknown): unknown {
    if (typeof key !== 'string' || !Object.hasOwn(this.obj, key)) return undefined;
    return toCelInput(this.obj[key]);
  }
  *keys(): MapIterator<string> {
    for (const k of Object.keys(this.obj)) if (this.obj[k] !== undefined) yield k;
  }
  *values(): MapIterator<unknown> {
    for (const k of this.keys()) yield toCelInput(this.obj[k]);
  }
  *entries(): MapIterator<[string, unknown]> {
    for (const k of this.keys()) yield [k, toCelInput(this.obj[k])];
  }
  forEach(callback: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }
}

/** A JSON object as a CEL map (eager copy; used only if bufbuild's map brand cannot be found). */
function copiedMap(obj: Record<string, unknown>): CelMap {
  const entries = new Map<string, CelInput>();
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) entries.set(k, toCelInput(v) as CelInput);
  const m = celMap(entries);
  const has = m.has.bind(m);
  Object.defineProperty(m, 'has', { value: (key: Parameters<CelMap['has']>[0]) => (typeof key === 'string' ? entries.has(key) : has(key)) });
  return m;
}

/** JSON value → CEL input, as cel-go binds decoded JSON: numbers are doubles, null is a value. */
function toCelInput(value: unknown): CelInput | JsonMap {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return celList((value as readonly Json[]).map(toCelInput) as CelInput[]);
  if (isPlainObject(value)) return CEL_MAP_BRAND !== undefined ? new JsonMap(value) : copiedMap(value);
  if (typeof value === 'bigint') return Number(value); // not JSON; read as the double JSON would give
  return null; // undefined, functions: absent in JSON
}

type Expr = ReturnType<typeof parse>['expr'];

/**
 * A map literal with a repeated constant key keeps the last value in cel-go (interpreter
 * evalMap.Eval fills a Go map: `{"a": 1, "a": 2}["a"] == 2`); bufbuild fails with "map key
 * conflict". Earlier entries with the same constant key and a constant value are dropped before
 * planning (a non-constant value is kept: cel-go still evaluates it, and its error would surface).
 */
function lastKeyWins(parsed: ReturnType<typeof parse>): ReturnType<typeof parse> {
  const visit = (e: Expr | undefined): void => {
    if (e === undefined) return;
    const k = e.exprKind;
    switch (k.case) {
      case 'selectExpr':
        visit(k.value.operand);
        break;
      case 'callExpr':
        visit(k.value.target);
        k.value.args.forEach(visit);
        break;
      case 'listExpr':
        k.value.elements.forEach(visit);
        break;
      case 'comprehensionExpr':
        [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach(visit);
        break;
      case 'structExpr': {
        const keyOf = (en: (typeof k.value.entries)[number]): string | undefined => {
          if (en.keyKind.case !== 'mapKey') return undefined;
          const key = en.keyKind.value.exprKind;
          return key.case === 'constExpr' ? `${key.value.constantKind.case}:${String(key.value.constantKind.value)}` : undefined;
        };
        const last = new Map<string, number>();
        k.value.entries.forEach((en, i) => {
          const key = keyOf(en);
          if (key !== undefined) last.set(key, i);
        });
        k.value.entries = k.value.entries.filter((en, i) => {
          const key = keyOf(en);
          return key === undefined || last.get(key) === i || en.value?.exprKind.case !== 'constExpr';
        });
        for (const en of k.value.entries) {
          if (en.keyKind.case === 'mapKey') visit(en.keyKind.value);
          visit(en.value);
        }
        break;
      }
      default:
        break;
    }
  };
  visit(parsed.expr);
  return parsed;
}

/** `<input>:line:column: message`, as cel-go prints an issue. */
function located(expression: string, offset: number | undefined, message: string): string {
  if (offset === undefined) return message;
  offset = sourceOffset(expression, offset);
  const before = expression.slice(0, offset);
  const line = before.split('\n').length;
  return `<input>:${line}:${offset - before.lastIndexOf('\n')}: ${message}`;
}

function failing(error: string): TrustEvaluator {
  const result: TrustResult = { matched: false, error };
  return () => result;
}

/** A compiled expression's raw result: a CEL value, or the error that stopped it. */
export type CelOutcome = { readonly value: unknown } | { readonly error: string };

/**
 * Parse, type-check (as cel-go's checker) and plan `expression` with `claims` bound from JSON.
 * Returns the compile error, or a function giving the raw CEL value (not only bools): the trust
 * evaluator and the conformance tests share it.
 */
export function compileExpression(expression: string): { readonly error: string } | { readonly run: (claims: unknown) => CelOutcome; readonly type: string } {
  const compiled = compileProgram(expression);
  if ('error' in compiled) return compiled;
  const { program, type } = compiled;
  const run = (claims: unknown): CelOutcome => {
    let value: unknown;
    try {
      value = program({ claims: toCelInput(claims) as CelInput });
    } catch (err: unknown) {
      return { error: (err as Error).message };
    }
    return isCelError(value) ? { error: celGoMessage(value.message) } : { value };
  };
  return { run, type };
}

/** Parse, limit-check, type-check and plan: the planned program, or the compile error. */
function compileProgram(expression: string): { readonly error: string } | { readonly program: (ctx: { claims: CelInput }) => unknown; readonly type: string } {
  const bytes = celByteLength(expression);
  if (bytes > CEL_MAX_BYTES) return { error: `expression is ${bytes} bytes; C1 accepts at most ${CEL_MAX_BYTES}` };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (err: unknown) {
    return { error: `parse error: ${(err as Error).message}` };
  }
  const tooDeep = recursionLimitError(expression, parsed);
  if (tooDeep !== undefined) return { error: `parse error: ${tooDeep}` };
  const checked = checkTrustExpression(parsed);
  if (checked.issues.length > 0) return { error: `compile error: ${checked.issues.map((i) => located(expression, i.offset, i.message)).join('; ')}` };
  let program: (ctx: { claims: CelInput }) => unknown;
  try {
    program = plan(trustEnv(), lastKeyWins(parsed));
  } catch (err: unknown) {
    return { error: `compile error: ${(err as Error).message}` };
  }
  return { program, type: typeName(checked.type) };
}

/** Compile once (parse + plan); never throws: a bad expression yields an evaluator that reports its error. */
export function compileTrust(expression: string): TrustEvaluator {
  const compiled = compileProgram(expression);
  if ('error' in compiled) return failing(compiled.error);
  if (!['bool', 'dyn', 'error'].includes(compiled.type)) return failing(`compile error: the expression's type is ${compiled.type}; a trust condition must be a bool`);
  const { program } = compiled;
  return (claims: unknown): TrustResult => {
    let value: unknown;
    try {
      value = program({ claims: toCelInput(claims) as CelInput });
    } catch (err: unknown) {
      return { matched: false, error: (err as Error).message };
    }
    if (isCelError(value)) return { matched: false, error: celGoMessage(value.message) };
    if (typeof value !== 'boolean') return { matched: false, error: `expression must evaluate to a bool, got ${celTypeOf(value)}` };
    return { matched: value };
  };
}

/** cel-go's wording where bufbuild's differs: a missing map key is "no such key: <key>". */
function celGoMessage(message: string): string {
  const m = /^field not found: (.*)$/s.exec(message);
  return m ? `no such key: ${m[1]}` : message;
}

function celTypeOf(value: unknown): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (value === null) return 'null_type';
  if (Array.isArray(value) || (typeof value === 'object' && Symbol.iterator in value && !(value instanceof Uint8Array) && 'get' in value)) return 'map or list';
  return typeof value;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, TrustEvaluator>();

/** Compiled evaluator from a bounded LRU cache (256 expressions). */
export function cachedTrust(expression: string): TrustEvaluator {
  const hit = cache.get(expression);
  if (hit !== undefined) {
    cache.delete(expression);
    cache.set(expression, hit);
    return hit;
  }
  const compiled = compileTrust(expression);
  cache.set(expression, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/** Number of cached compiled expressions (for tests). */
export function trustCacheSize(): number {
  return cache.size;
}

/** Evaluate `expression` against a token's claims (compiled once per expression, cached). */
export function evaluateTrust(expression: string, claims: unknown): TrustResult {
  return cachedTrust(expression)(claims);
}
