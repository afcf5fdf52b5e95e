/**
 * Reading JSON request fields as C1's API (protobuf JSON behind grpc-gateway) does: a value of the
 * wrong type is INVALID_ARGUMENT (400); null or absent is the field's default; unknown fields are ignored.
 */
import { apiError } from './http-io';

export type Json = Record<string, unknown>;

function name(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** A string field; undefined when absent or null. */
export function optStr(body: Json, field: string, prefix = ''): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw apiError(400, `${name(prefix, field)} must be a string`);
  return v;
}

/** A required, non-blank string field. */
export function reqStr(body: Json, field: string, prefix = ''): string {
  const v = optStr(body, field, prefix);
  if (v === undefined) throw apiError(400, `${name(prefix, field)} is required`);
  if (v.trim() === '') throw apiError(400, `${name(prefix, field)} must not be empty`);
  return v;
}

export function optStrList(body: Json, field: string, prefix = ''): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw apiError(400, `${name(prefix, field)} must be a list of strings`);
  return [...(v as string[])];
}

export function optBool(body: Json, field: string, prefix = ''): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw apiError(400, `${name(prefix, field)} must be a boolean`);
  return v;
}

/** A message (JSON object) field; undefined when absent or null. */
export function optObj(body: Json, field: string, prefix = ''): Json | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw apiError(400, `${name(prefix, field)} must be an object`);
  return v as Json;
}

/** The wrapped object of a request (`{provider: {...}}`), required. */
export function wrapperOf(body: Json, wrapper: string): Json {
  const v = body[wrapper];
  if (v === undefined || v === null) throw apiError(400, `${wrapper} is required: send {"${wrapper}": {...changed fields}, "updateMask": "fieldA,fieldB"}`);
  if (typeof v !== 'object' || Array.isArray(v)) throw apiError(400, `${wrapper} must be an object`);
  return v as Json;
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** An email address field (fromAddress, replyToAddress): empty means unset. */
export function optEmail(body: Json, field: string, prefix = ''): string | undefined {
  const v = optStr(body, field, prefix);
  if (v === undefined || v === '') return undefined;
  if (!EMAIL.test(v)) throw apiError(400, `${name(prefix, field)} ${JSON.stringify(v)} is not an email address`);
  return v;
}

/**
 * Protobuf JSON accepts a field by its JSON name (`displayName`) or its proto name (`display_name`);
 * bring every key to the JSON name, refusing a field given both ways (as protojson does).
 */
export function jsonNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonNames);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    const name = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (Object.prototype.hasOwnProperty.call(out, name)) throw apiError(400, `duplicate field ${JSON.stringify(name)} (given as ${JSON.stringify(k)} too)`);
    Object.defineProperty(out, name, { value: jsonNames(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
