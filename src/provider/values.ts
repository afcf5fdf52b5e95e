/**
 * Terraform values as the provider sees them: plain JSON-like data plus one marker for "unknown"
 * (known only after apply). Which of list/set/map/object a value is comes from the schema, not the
 * value: the codec and the plan logic are type-directed.
 */

/** The unknown marker (msgpack extension; JSON never carries it). */
export const UNKNOWN: unique symbol = Symbol.for('c1-aws.terraform.unknown');
export type Unknown = typeof UNKNOWN;

export type Value = null | Unknown | string | number | boolean | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

/** A terraform type, exactly as terraform writes it in JSON (`"string"`, `["list","string"]`, …). */
export type TfType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', TfType]
  | readonly ['object', Readonly<Record<string, TfType>>];

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

export function isObject(v: Value | undefined): v is ValueObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: Value): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Deep equality (sets compared as ordered lists: terraform keeps their order stable). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i] as Value));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && valuesEqual(a[k] as Value, b[k] as Value));
  }
  return false;
}

/** Equal as sets of strings (order ignored). */
export function sameSet(a: Value, b: Value): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const sa = a.map((x) => JSON.stringify(x)).sort();
  const sb = b.map((x) => JSON.stringify(x)).sort();
  return sa.every((x, i) => x === sb[i]);
}

/** Could be the same value once known: equal wherever both are known (an unknown matches anything). */
export function compatible(a: Value, b: Value): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => compatible(x, b[i] as Value));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => compatible(a[k] ?? null, b[k] ?? null));
  }
  return a === b;
}
