/**
 * A type check of a trust condition, as cel-go's checker does it before C1 evaluates anything.
 *
 * C1 compiles trust conditions with cel-go, `claims` declared as `map(string, dyn)`; cel-go's
 * checker rejects, at compile time, what can never evaluate: an undeclared name or function, or a
 * call no overload of the standard library accepts (`1 == "a"`, `1 == 1.0`, `"a" + 1`,
 * `claims.sub.startsWith(1)`). @bufbuild/cel has no such checker (its `check` covers constants and
 * identifiers only), so this file walks the parsed AST with cel-go's standard declarations and its
 * assignability rules: `dyn` is assignable to and from every type, so anything read from `claims`
 * passes, and only literal or typed mismatches are errors. Where unsure it accepts: a false error
 * would refuse an expression C1 runs.
 *
 * `hints` give some claims a type (e.g. `claims.iat` is a JSON number, a `double`): the linter uses
 * them to find expressions that compile in C1 but always fail when evaluated.
 */
import { parse } from '@bufbuild/cel';

type Expr = ReturnType<typeof parse>['expr'];

/** A CEL type as the checker sees it. */
export type CelCheckType =
  | { readonly kind: 'int' | 'uint' | 'double' | 'bool' | 'string' | 'bytes' | 'null' | 'timestamp' | 'duration' | 'dyn' | 'error' }
  | { readonly kind: 'list'; readonly elem: CelCheckType }
  | { readonly kind: 'map'; readonly key: CelCheckType; readonly value: CelCheckType }
  | { readonly kind: 'type'; readonly of: CelCheckType }
  | { readonly kind: 'param'; readonly name: string };

type T = CelCheckType;
const prim = (kind: 'int' | 'uint' | 'double' | 'bool' | 'string' | 'bytes' | 'null' | 'timestamp' | 'duration' | 'dyn' | 'error'): T => ({ kind });
const INT = prim('int');
const UINT = prim('uint');
const DOUBLE = prim('double');
const BOOL = prim('bool');
const STRING = prim('string');
const BYTES = prim('bytes');
const NULL = prim('null');
const TIMESTAMP = prim('timestamp');
const DURATION = prim('duration');
const DYN = prim('dyn');
const ERROR = prim('error');
const A: T = { kind: 'param', name: 'A' };
const B: T = { kind: 'param', name: 'B' };
const list = (elem: T): T => ({ kind: 'list', elem });
const map = (key: T, value: T): T => ({ kind: 'map', key, value });
const typeOf = (of: T): T => ({ kind: 'type', of });

/** cel-go's spelling of a type in messages. */
export function typeName(t: T): string {
  switch (t.kind) {
    case 'list':
      return `list(${typeName(t.elem)})`;
    case 'map':
      return `map(${typeName(t.key)}, ${typeName(t.value)})`;
    case 'type':
      return `type(${typeName(t.of)})`;
    case 'param':
      return t.name;
    case 'null':
      return 'null_type';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return t.kind;
  }
}

interface Overload {
  readonly params: readonly T[];
  readonly result: T;
  /** Called as `target.fn(args)`. */
  readonly member?: boolean;
}

const o = (params: readonly T[], result: T, member = false): Overload => ({ params, result, member });
const NUMERIC: readonly T[] = [INT, UINT, DOUBLE];
/**
 * cel-go's `cel.NewEnv()` declares the cross-type numeric comparisons (`1 < 2.0`) but its checker
 * filters them out unless `cel.CrossTypeNumericComparisons(true)` is set (checker/env.go
 * crossTypeNumericComparisonOverloads); C1's options are not published, so the default applies.
 * At runtime a dyn operand still compares across types (`claims.iat < 1700000000`).
 */
const COMPARE: Overload[] = [
  o([BOOL, BOOL], BOOL),
  o([STRING, STRING], BOOL),
  o([BYTES, BYTES], BOOL),
  o([TIMESTAMP, TIMESTAMP], BOOL),
  o([DURATION, DURATION], BOOL),
  ...NUMERIC.map((t) => o([t, t], BOOL)),
];
/** Operators whose runtime implementation compares numbers across int, uint and double. */
const RUNTIME_CROSS_NUMERIC = new Set(['_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '@in']);
const TIME_ACCESSORS = ['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'];
const DURATION_ACCESSORS = new Set(['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds']);

/** cel-go's standard library (what `cel.NewEnv()` declares), by function name. */
const FUNCTIONS: ReadonlyMap<string, readonly Overload[]> = new Map<string, Overload[]>([
  ['_==_', [o([A, A], BOOL)]],
  ['_!=_', [o([A, A], BOOL)]],
  ['_<_', COMPARE],
  ['_<=_', COMPARE],
  ['_>_', COMPARE],
  ['_>=_', COMPARE],
  ['_&&_', [o([BOOL, BOOL], BOOL)]],
  ['_||_', [o([BOOL, BOOL], BOOL)]],
  ['!_', [o([BOOL], BOOL)]],
  ['@not_strictly_false', [o([BOOL], BOOL)]],
  ['-_', [o([INT], INT), o([DOUBLE], DOUBLE)]],
  ['_?_:_', [o([BOOL, A, A], A)]],
  [
    '_+_',
    [
      o([INT, INT], INT),
      o([UINT, UINT], UINT),
      o([DOUBLE, DOUBLE], DOUBLE),
      o([STRING, STRING], STRING),
      o([BYTES, BYTES], BYTES),
      o([list(A), list(A)], list(A)),
      o([TIMESTAMP, DURATION], TIMESTAMP),
      o([DURATION, TIMESTAMP], TIMESTAMP),
      o([DURATION, DURATION], DURATION),
    ],
  ],
  ['_-_', [o([INT, INT], INT), o([UINT, UINT], UINT), o([DOUBLE, DOUBLE], DOUBLE), o([TIMESTAMP, TIMESTAMP], DURATION), o([TIMESTAMP, DURATION], TIMESTAMP), o([DURATION, DURATION], DURATION)]],
  ['_*_', [o([INT, INT], INT), o([UINT, UINT], UINT), o([DOUBLE, DOUBLE], DOUBLE)]],
  ['_/_', [o([INT, INT], INT), o([UINT, UINT], UINT), o([DOUBLE, DOUBLE], DOUBLE)]],
  ['_%_', [o([INT, INT], INT), o([UINT, UINT], UINT)]],
  ['_[_]', [o([list(A), INT], A), o([map(A, B), A], B)]],
  ['@in', [o([A, list(A)], BOOL), o([A, map(A, B)], BOOL)]],
  [
    'size',
    [
      o([STRING], INT),
      o([BYTES], INT),
      o([list(A)], INT),
      o([map(A, B)], INT),
      o([STRING], INT, true),
      o([BYTES], INT, true),
      o([list(A)], INT, true),
      o([map(A, B)], INT, true),
    ],
  ],
  ['int', [o([INT], INT), o([UINT], INT), o([DOUBLE], INT), o([STRING], INT), o([TIMESTAMP], INT), o([DURATION], INT)]],
  ['uint', [o([INT], UINT), o([UINT], UINT), o([DOUBLE], UINT), o([STRING], UINT)]],
  ['double', [o([INT], DOUBLE), o([UINT], DOUBLE), o([DOUBLE], DOUBLE), o([STRING], DOUBLE)]],
  ['string', [o([INT], STRING), o([UINT], STRING), o([DOUBLE], STRING), o([BOOL], STRING), o([BYTES], STRING), o([STRING], STRING), o([TIMESTAMP], STRING), o([DURATION], STRING)]],
  ['bytes', [o([STRING], BYTES), o([BYTES], BYTES)]],
  ['bool', [o([BOOL], BOOL), o([STRING], BOOL)]],
  ['timestamp', [o([STRING], TIMESTAMP), o([TIMESTAMP], TIMESTAMP), o([INT], TIMESTAMP)]],
  ['duration', [o([STRING], DURATION), o([DURATION], DURATION)]],
  ['dyn', [o([A], DYN)]],
  ['type', [o([A], typeOf(A))]],
  ['matches', [o([STRING, STRING], BOOL), o([STRING, STRING], BOOL, true)]],
  ['contains', [o([STRING, STRING], BOOL, true)]],
  ['startsWith', [o([STRING, STRING], BOOL, true)]],
  ['endsWith', [o([STRING, STRING], BOOL, true)]],
  ...TIME_ACCESSORS.map((fn): [string, Overload[]] => [
    fn,
    [o([TIMESTAMP], INT, true), o([TIMESTAMP, STRING], INT, true), ...(DURATION_ACCESSORS.has(fn) ? [o([DURATION], INT, true)] : [])],
  ]),
]);

/** Type identifiers (`type(claims.iat) == double`). */
const TYPE_IDENTS: ReadonlyMap<string, T> = new Map<string, T>([
  ['int', typeOf(INT)],
  ['uint', typeOf(UINT)],
  ['double', typeOf(DOUBLE)],
  ['bool', typeOf(BOOL)],
  ['string', typeOf(STRING)],
  ['bytes', typeOf(BYTES)],
  ['list', typeOf(list(DYN))],
  ['map', typeOf(map(DYN, DYN))],
  ['null_type', typeOf(NULL)],
  ['type', typeOf(typeOf(DYN))],
  ['dyn', typeOf(DYN)],
  ['google.protobuf.Timestamp', typeOf(TIMESTAMP)],
  ['google.protobuf.Duration', typeOf(DURATION)],
]);

const isDynOrError = (t: T): boolean => t.kind === 'dyn' || t.kind === 'error';
/** cel-go: null is assignable to messages, Any, wrappers, timestamps and durations (and dyn). */
const nullable = (t: T): boolean => t.kind === 'timestamp' || t.kind === 'duration' || t.kind === 'null';

type Bindings = Map<string, T>;

function substitute(t: T, b: Bindings): T {
  switch (t.kind) {
    case 'param':
      return b.get(t.name) ?? DYN;
    case 'list':
      return list(substitute(t.elem, b));
    case 'map':
      return map(substitute(t.key, b), substitute(t.value, b));
    case 'type':
      return typeOf(substitute(t.of, b));
    default:
      return t;
  }
}

/** Is a value of type `arg` acceptable where `param` is expected? Binds type parameters. */
function assignable(param: T, arg: T, b: Bindings): boolean {
  if (param.kind === 'param') {
    const bound = b.get(param.name);
    if (bound === undefined) {
      b.set(param.name, arg);
      return true;
    }
    if (assignable(bound, arg, b)) return true;
    if (assignable(arg, bound, b)) {
      b.set(param.name, arg); // the more general type
      return true;
    }
    return false;
  }
  if (arg.kind === 'param') return true;
  if (isDynOrError(param) || isDynOrError(arg)) return true;
  if (param.kind === 'null') return nullable(arg);
  if (arg.kind === 'null') return nullable(param);
  switch (param.kind) {
    case 'list':
      return arg.kind === 'list' && assignable(param.elem, arg.elem, b);
    case 'map':
      return arg.kind === 'map' && assignable(param.key, arg.key, b) && assignable(param.value, arg.value, b);
    case 'type':
      return arg.kind === 'type';
    default:
      return param.kind === arg.kind;
  }
}

/** Numbers (also as list elements and map keys) as dyn. */
function widenNumeric(t: T): T {
  if (t.kind === 'int' || t.kind === 'uint' || t.kind === 'double') return DYN;
  if (t.kind === 'list') return list(widenNumeric(t.elem));
  if (t.kind === 'map') return map(widenNumeric(t.key), t.value);
  return t;
}

function sameType(a: T, b: T): boolean {
  return typeName(a) === typeName(b);
}

/** The join of element types in a literal: one type, or dyn when they differ (cel-go's default). */
function join(types: readonly T[]): T {
  if (types.length === 0) return DYN;
  return types.every((t) => sameType(t, types[0])) ? types[0] : DYN;
}

/**
 * The offset cel-go reports for a node: bufbuild records an operator's position at the whitespace
 * before it (`1 <= 1.0` → offset 1), cel-go at the operator itself (`<input>:1:3`).
 */
export function sourceOffset(expression: string, offset: number): number {
  let i = offset;
  while (i < expression.length && /\s/.test(expression[i])) i++;
  return i < expression.length ? i : offset;
}

/** One compile error: a cel-go-style message and the character offset it points at. */
export interface CelCheckIssue {
  readonly message: string;
  readonly offset?: number;
  /** Id of the AST node the issue is about. */
  readonly exprId: bigint;
}

export interface CelCheckOptions {
  /** Types of some claims, by top-level claim name (e.g. `{ iat: 'double' }`); others are dyn. */
  readonly hints?: Readonly<Record<string, 'double' | 'string' | 'bool'>>;
}

export interface CelCheckResult {
  readonly issues: readonly CelCheckIssue[];
  /** The expression's type (dyn when unknown). */
  readonly type: CelCheckType;
}

const HINT_TYPES = { double: DOUBLE, string: STRING, bool: BOOL } as const;

/** Type-checks a parsed trust condition against `claims: map(string, dyn)`. */
export function checkTrustExpression(parsed: ReturnType<typeof parse>, options: CelCheckOptions = {}): CelCheckResult {
  const positions = (parsed.sourceInfo?.positions ?? {}) as Record<string, number>;
  const issues: CelCheckIssue[] = [];
  const hints = new Map<string, T>(Object.entries(options.hints ?? {}).map(([k, v]) => [k, HINT_TYPES[v]]));
  const scopes: Map<string, T>[] = [];

  const report = (e: Expr, message: string): T => {
    const offset = positions[String(e.id)];
    issues.push({ message, exprId: e.id, ...(typeof offset === 'number' ? { offset } : {}) });
    return ERROR;
  };

  const lookup = (name: string): T | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const t = scopes[i].get(name);
      if (t !== undefined) return t;
    }
    if (name === 'claims') return map(STRING, DYN);
    return TYPE_IDENTS.get(name);
  };

  /** `a.b.c` as a qualified name, when it is one. */
  const qualifiedName = (e: Expr): string | undefined => {
    const k = e.exprKind;
    if (k.case === 'identExpr') return k.value.name;
    if (k.case === 'selectExpr' && !k.value.testOnly) {
      const base = k.value.operand ? qualifiedName(k.value.operand) : undefined;
      return base === undefined ? undefined : `${base}.${k.value.field}`;
    }
    return undefined;
  };

  /** `claims.x` or `claims["x"]` at the top level: the claim's name. */
  const topClaim = (operand: Expr | undefined): boolean => operand?.exprKind.case === 'identExpr' && operand.exprKind.value.name === 'claims' && lookupShadowed('claims') === false;
  const lookupShadowed = (name: string): boolean => scopes.some((s) => s.has(name));

  const resolveCall = (e: Expr, fn: string, target: T | undefined, args: readonly T[]): T => {
    const overloads = FUNCTIONS.get(fn);
    if (overloads === undefined) return report(e, `undeclared reference to '${fn}' (in container '')`);
    const all = target === undefined ? args : [target, ...args];
    if (all.some((t) => t.kind === 'error')) return DYN;
    const match = (argTypes: readonly T[]): T[] => {
      const results: T[] = [];
      for (const ov of overloads) {
        if ((ov.member === true) !== (target !== undefined) || ov.params.length !== argTypes.length) continue;
        const b: Bindings = new Map();
        if (ov.params.every((p, i) => assignable(p, argTypes[i], b))) results.push(substitute(ov.result, b));
      }
      return results;
    };
    let results = match(all);
    // A hinted claim is a dyn value whose runtime type is known: the comparison operators take
    // numbers of any type at runtime (claims.iat == 1700000000 holds in cel-go), so they pass.
    if (results.length === 0 && hints.size > 0 && RUNTIME_CROSS_NUMERIC.has(fn)) results = match(all.map(widenNumeric));
    if (results.length === 0) {
      const shown = target === undefined ? `(${args.map(typeName).join(', ')})` : `${typeName(target)}.(${args.map(typeName).join(', ')})`;
      const arity = overloads.some((ov) => (ov.member === true) === (target !== undefined) && ov.params.length === all.length);
      if (!arity && target !== undefined && !overloads.some((ov) => ov.member)) return report(e, `undeclared reference to '${fn}' (in container '')`);
      return report(e, `found no matching overload for '${fn}' applied to '${shown}'`);
    }
    return join(results);
  };

  const check = (e: Expr | undefined): T => {
    if (e === undefined) return DYN;
    const k = e.exprKind;
    switch (k.case) {
      case 'constExpr': {
        switch (k.value.constantKind.case) {
          case 'int64Value':
            return INT;
          case 'uint64Value':
            return UINT;
          case 'doubleValue':
            return DOUBLE;
          case 'stringValue':
            return STRING;
          case 'bytesValue':
            return BYTES;
          case 'boolValue':
            return BOOL;
          case 'nullValue':
            return NULL;
          default:
            return DYN;
        }
      }
      case 'identExpr': {
        const t = lookup(k.value.name);
        return t ?? report(e, `undeclared reference to '${k.value.name}' (in container '')`);
      }
      case 'selectExpr': {
        const q = qualifiedName(e);
        if (q !== undefined && !k.value.testOnly && TYPE_IDENTS.has(q) && q.includes('.')) return TYPE_IDENTS.get(q) as T;
        const operand = check(k.value.operand);
        let t: T;
        if (operand.kind === 'map') {
          t = (topClaim(k.value.operand) ? hints.get(k.value.field) : undefined) ?? operand.value;
        } else if (isDynOrError(operand)) {
          t = DYN;
        } else {
          return report(e, `type '${typeName(operand)}' does not support field selection`);
        }
        return k.value.testOnly ? BOOL : t;
      }
      case 'callExpr': {
        const fn = k.value.function;
        if (fn === '_[_]' && k.value.args.length === 2 && topClaim(k.value.args[0])) {
          const key = k.value.args[1].exprKind;
          check(k.value.args[0]);
          const keyType = check(k.value.args[1]);
          const hinted = key.case === 'constExpr' && key.value.constantKind.case === 'stringValue' ? hints.get(key.value.constantKind.value) : undefined;
          if (hinted !== undefined) return hinted;
          return resolveCall(e, fn, undefined, [map(STRING, DYN), keyType]);
        }
        const target = k.value.target ? check(k.value.target) : undefined;
        const args = k.value.args.map((a) => check(a));
        return resolveCall(e, fn, target, args);
      }
      case 'listExpr':
        return list(join(k.value.elements.map((el) => check(el))));
      case 'structExpr': {
        if (k.value.messageName !== '') return report(e, `undeclared reference to '${k.value.messageName}' (in container '')`);
        const keys: T[] = [];
        const values: T[] = [];
        for (const en of k.value.entries) {
          if (en.keyKind.case === 'mapKey') keys.push(check(en.keyKind.value));
          values.push(check(en.value));
        }
        return map(join(keys), join(values));
      }
      case 'comprehensionExpr': {
        const c = k.value;
        const range = check(c.iterRange);
        let iter: T;
        if (range.kind === 'list') iter = range.elem;
        else if (range.kind === 'map') iter = range.key;
        else if (isDynOrError(range)) iter = DYN;
        else {
          report(c.iterRange ?? e, `expression of type '${typeName(range)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
          iter = DYN;
        }
        const accu = check(c.accuInit);
        scopes.push(new Map([[c.accuVar, accu.kind === 'list' && accu.elem.kind === 'dyn' ? list(DYN) : accu]]));
        scopes.push(new Map([[c.iterVar, iter], ...(c.iterVar2 ? ([[c.iterVar2, DYN]] as [string, T][]) : [])]));
        check(c.loopCondition);
        const step = check(c.loopStep);
        scopes.pop();
        // The accumulator takes the step's type when the initial value was an empty list.
        if (accu.kind === 'list' && step.kind === 'list') scopes[scopes.length - 1].set(c.accuVar, step);
        const result = check(c.result);
        scopes.pop();
        return result;
      }
      default:
        return DYN;
    }
  };

  const type = check(parsed.expr);
  return { issues, type };
}
