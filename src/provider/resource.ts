/**
 * What a resource or data source file provides. Each resource file defines, in this order:
 * type name → schema → configure → create → read → update → delete → import.
 * Values are plain objects keyed by attribute name; at apply and read time every value is known.
 */
import type { C1ApiClient } from '../c1/api-client';
import { DiagnosticsError, error, type Diagnostic } from './diagnostics';
import type { SchemaSpec } from './schema/model';
import type { ValueObject } from './values';

/** What the configured provider hands to resources. */
export interface ProviderContext {
  /** The tenant's API client; throws a DiagnosticsError when the provider is not (fully) configured. */
  client(): C1ApiClient;
  /** How long to keep retrying a save that C1 refuses because it could not assume a role yet (IAM propagation). */
  readonly assumeRoleRetryMs: number;
  /** Aborted when terraform asks the provider to stop (StopProvider). */
  readonly stopSignal: AbortSignal;
}

export interface ResourceDocs {
  /** A complete HCL example of the resource. */
  readonly example: string;
  /** Shell example of `terraform import`; omitted when the resource cannot be imported. */
  readonly importExample?: string;
  /** Extra Markdown (behaviour users must know, e.g. what destroy does). */
  readonly notes?: string;
}

export interface ResourceDefinition<Api = unknown> {
  readonly typeName: string;
  readonly schema: SchemaSpec;
  /**
   * One object per tenant (the email provider): a second resource of this type planned against the
   * same provider configuration is refused at plan time (both would save the one object, and every
   * later plan would show one of them as changed).
   */
  readonly singleton?: boolean;
  /** Resource-level plan-time checks (attribute validators run first); values may be unknown. */
  readonly validateConfig?: (config: ValueObject) => Diagnostic[] | Promise<Diagnostic[]>;
  readonly configure: (provider: ProviderContext) => Api;
  /** Create from the planned values; returns the new state. */
  readonly create: (api: Api, planned: ValueObject, provider: ProviderContext) => Promise<ValueObject>;
  /** Refresh; null when the object no longer exists (it is then removed from state). */
  readonly read: (api: Api, state: ValueObject, provider: ProviderContext) => Promise<ValueObject | null>;
  readonly update: (api: Api, prior: ValueObject, planned: ValueObject, provider: ProviderContext) => Promise<ValueObject>;
  /** Delete; may return warnings (e.g. nothing was left to delete). */
  readonly delete: (api: Api, state: ValueObject, provider: ProviderContext) => Promise<void | Diagnostic[]>;
  /** Import id → the attributes read needs to find the object (read fills in the rest). */
  readonly importState: (id: string) => ValueObject;
  readonly docs: ResourceDocs;
}

export interface DataSourceDefinition<Api = unknown> {
  readonly typeName: string;
  readonly schema: SchemaSpec;
  readonly configure: (provider: ProviderContext) => Api;
  readonly read: (api: Api, config: ValueObject, provider: ProviderContext) => Promise<ValueObject>;
  readonly docs: Omit<ResourceDocs, 'importExample'>;
}

/** A resource's create succeeded but a later step failed: the object exists and must be tracked. */
export class PartialApplyError extends Error {
  constructor(
    public readonly state: ValueObject,
    public readonly causeError: unknown,
  ) {
    super('the object was created, but a later step failed');
    this.name = 'PartialApplyError';
  }
}

/** Helpers for handlers: read typed values out of a (known) value object. */
export function str(o: ValueObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}
export function bool(o: ValueObject, key: string): boolean | undefined {
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
}
export function strList(o: ValueObject, key: string): string[] | undefined {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
export function obj(o: ValueObject, key: string): ValueObject | undefined {
  const v = o[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ValueObject) : undefined;
}
/** An empty string or list from C1 reads as null (unset) in state. */
export function orNull<T>(v: T | undefined | null): T | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v === '') return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}

/**
 * An import id that is one C1 id (service principal, provider): non-empty, no white space or
 * control characters, no "/", not "." or ".." (a URL would resolve those to another object).
 */
export function singleImportId(typeName: string, id: string, what: string): string {
  if (id === '' || id === '.' || id === '..' || /[\s\u0000-\u001f\u007f/]/.test(id)) {
    throw new DiagnosticsError([
      error(
        `Invalid import id for ${typeName}`,
        `The import id ${JSON.stringify(id)} is not a ${what} id: it must be one id as C1 shows it, without spaces or "/".\n\nFix: terraform import <address> <${what} id>`,
      ),
    ]);
  }
  return id;
}
