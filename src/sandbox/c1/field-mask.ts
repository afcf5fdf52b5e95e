/**
 * Update masks as C1's API takes them: `updateMask` is a google.protobuf.FieldMask, which protobuf JSON
 * writes as ONE string of comma-separated lowerCamelCase paths ("displayName,disabled"). Only the
 * masked paths change; a masked path absent from the body is reset to its default (FieldMask
 * semantics); a body field outside the mask is ignored. Immutable and read-only fields may be named
 * only with their current value; anything else is refused with INVALID_ARGUMENT.
 */
import { apiError } from './http-io';
import type { Json } from './fields';

export interface MaskSchema {
  /** Name used in messages, e.g. "provider". */
  readonly resource: string;
  /** Paths an update may set. */
  readonly mutable: readonly string[];
  /** Set on create, never changed (the message says to replace the object). */
  readonly immutable: readonly string[];
  /** Set by C1. */
  readonly readOnly: readonly string[];
}

/** The paths of `body.updateMask`; refuses a missing, empty or non-string mask and non-camelCase paths. */
export function parseUpdateMask(body: Json, resource: string): string[] {
  const m = body.updateMask;
  if (m === undefined || m === null || m === '') {
    throw apiError(400, `updateMask is required: name the ${resource} fields to change, comma-separated, e.g. "updateMask": "displayName,description"`);
  }
  if (typeof m !== 'string') throw apiError(400, 'updateMask must be a string of comma-separated field paths (google.protobuf.FieldMask in JSON), e.g. "displayName,disabled"');
  const paths = m.split(',').map((p) => p.trim());
  for (const p of paths) {
    if (p === '') throw apiError(400, `updateMask ${JSON.stringify(m)} has an empty path`);
    if (p.includes('_')) {
      const camel = p.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      throw apiError(400, `updateMask path ${JSON.stringify(p)} is not lowerCamelCase: write ${JSON.stringify(camel)}`);
    }
  }
  return [...new Set(paths)];
}

function getPath(obj: Json, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Json)[part];
  }
  return cur;
}

/** The protobuf default of a field shaped like `like`. */
function defaultLike(like: unknown): unknown {
  if (typeof like === 'string') return '';
  if (typeof like === 'boolean') return false;
  if (typeof like === 'number') return 0;
  if (Array.isArray(like)) return [];
  if (like !== null && typeof like === 'object') return {};
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Check the mask against the schema and the current object; return the mutable paths to apply, each
 * with the body's value (undefined = reset to the default).
 */
export function maskedChanges(schema: MaskSchema, paths: readonly string[], given: Json, current: Json): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const path of paths) {
    const raw = getPath(given, path);
    const value = raw === null ? undefined : raw;
    if (schema.immutable.includes(path) || schema.readOnly.includes(path)) {
      const now = getPath(current, path);
      if (!sameValue(value ?? defaultLike(now), now)) {
        throw apiError(
          400,
          schema.immutable.includes(path)
            ? `${schema.resource}.${path} is immutable: it cannot be changed after the ${schema.resource} is created; create a new ${schema.resource} instead`
            : `${schema.resource}.${path} is read-only: it is set by C1 and cannot be changed`,
        );
      }
      continue;
    }
    if (!schema.mutable.includes(path)) {
      throw apiError(400, `updateMask path ${JSON.stringify(path)} is not a field of ${schema.resource} (fields that can change: ${schema.mutable.join(', ')})`);
    }
    out.set(path, value);
  }
  return out;
}
