/**
 * Evaluate a C1 trust condition the way C1 (cel-go) does, with @bufbuild/cel: one variable
 * `claims` (dyn map), errors absorbed by `&&`/`||`, a non-bool result is an error, 1,024-byte
 * limit, and `timestamp(int)` reading SECONDS (bufbuild's reads milliseconds).
 *
 * Claims are JSON: integral numbers are bound as CEL `int` (so `timestamp(claims.iat)` and
 * `claims.iat + 600` work), other numbers as `double`.
 */
import { celEnv, celFunc, CelScalar, isCelError, objectType, parse, plan, type CelEnv, type CelInput } from '@bufbuild/cel';
import { TimestampSchema, timestampFromMs } from '@bufbuild/protobuf/wkt';
import { CEL_MAX_BYTES, celByteLength } from './limits';

export interface TrustResult {
  readonly matched: boolean;
  /** Why the expression could not be evaluated to a bool (then matched is false). */
  readonly error?: string;
}

/** A compiled trust condition: call it per token. */
export type TrustEvaluator = (claims: unknown) => TrustResult;

const VARIABLES = { claims: CelScalar.DYN } as const;

let env: CelEnv<typeof VARIABLES> | undefined;
function trustEnv(): CelEnv<typeof VARIABLES> {
  env ??= celEnv({
    variables: VARIABLES,
    funcs: [celFunc('timestamp', [CelScalar.INT], objectType(TimestampSchema), (seconds) => timestampFromMs(Number(seconds) * 1000))],
  });
  return env;
}

/** JSON value → CEL input: integral numbers become int (bigint). */
function toCelInput(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelInput);
  if (value !== null && typeof value === 'object') {
    // A Map, not an object: a claim named "__proto__" stays a key.
    const out = new Map<string, CelInput>();
    for (const [k, v] of Object.entries(value)) out.set(k, toCelInput(v));
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return value;
  return null; // undefined, functions: absent in JSON
}

function failing(error: string): TrustEvaluator {
  const result: TrustResult = { matched: false, error };
  return () => result;
}

/** Compile once (parse + plan); never throws: a bad expression yields an evaluator that reports its error. */
export function compileTrust(expression: string): TrustEvaluator {
  const bytes = celByteLength(expression);
  if (bytes > CEL_MAX_BYTES) return failing(`expression is ${bytes} bytes; C1 accepts at most ${CEL_MAX_BYTES}`);
  let run: (ctx: { claims: CelInput }) => unknown;
  try {
    run = plan(trustEnv(), parse(expression));
  } catch (err: unknown) {
    return failing(`parse error: ${(err as Error).message}`);
  }
  return (claims: unknown): TrustResult => {
    let value: unknown;
    try {
      value = run({ claims: toCelInput(claims) });
    } catch (err: unknown) {
      return { matched: false, error: (err as Error).message };
    }
    if (isCelError(value)) return { matched: false, error: value.message };
    if (typeof value !== 'boolean') return { matched: false, error: `expression must evaluate to a bool, got ${typeof value === 'bigint' ? 'int' : typeof value}` };
    return { matched: value };
  };
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
