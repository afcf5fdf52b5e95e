/** Bearer-authenticated JSON calls to a C1 tenant's API; the resources in this folder sit on it. */
import { parseClientId } from './client-id';
import { C1AwsError } from '../errors';
import { C1ApiError } from './errors';
import { httpRequest, type HttpOptions } from './http';

export type TokenSource = () => Promise<string>;

export interface C1ApiClientOptions {
  /** Tenant origin, e.g. `https://yourcompany.conductor.one` or a loopback sandbox. */
  readonly baseUrl: string;
  /** Yields a C1 access token per call (e.g. `c1AccessTokenProvider(...)`). */
  readonly token: TokenSource;
  readonly http?: HttpOptions;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** False for a create: see `HttpRequest.idempotent` (default true). */
  readonly idempotent?: boolean;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class C1ApiClient {
  public readonly baseUrl: string;
  private readonly token: TokenSource;
  private readonly http: HttpOptions | undefined;

  constructor(options: C1ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.http = options.http;
  }

  /** Client for the tenant named by a client ID (`baseUrl` overrides the origin, e.g. a sandbox). */
  static forClientId(clientId: string, token: TokenSource, options: { readonly baseUrl?: string; readonly http?: HttpOptions } = {}): C1ApiClient {
    return new C1ApiClient({ baseUrl: options.baseUrl ?? parseClientId(clientId).tenantUrl, token, http: options.http });
  }

  /** One call; non-2xx → `C1ApiError` (status, method, path and the server's message, never the body). Empty 2xx body → `{}`. */
  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const bearer = await this.token();
    const res = await httpRequest(
      {
        method,
        url: url.toString(),
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.idempotent === false ? { idempotent: false } : {}),
      },
      this.http,
    );
    let json: unknown;
    try {
      json = res.text.trim() === '' ? {} : JSON.parse(res.text);
    } catch {
      json = undefined;
    }
    if (res.status < 200 || res.status > 299) {
      const { message, grpcCode } = errorBody(json);
      throw new C1ApiError(res.status, method, path, message?.slice(0, 500), grpcCode);
    }
    if (json === undefined || json === null || typeof json !== 'object') {
      throw new C1ApiError(res.status, method, path, 'the answer is not a JSON object');
    }
    return json as T;
  }
}

/**
 * C1's error body. Its API is served by grpc-gateway, whose errors are a google.rpc.Status in JSON:
 * `{"code": 3, "message": "…", "details": [...]}` (v1 of the gateway also sent `error` with the message).
 */
export function errorBody(json: unknown): { message?: string; grpcCode?: number } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const o = json as { message?: unknown; error?: unknown; error_description?: unknown; code?: unknown };
  const message =
    typeof o.message === 'string' && o.message !== ''
      ? o.message
      : typeof o.error === 'string' && o.error !== ''
        ? typeof o.error_description === 'string' && o.error_description !== ''
          ? `${o.error}: ${o.error_description}`
          : o.error
        : undefined;
  const grpcCode = typeof o.code === 'number' && Number.isInteger(o.code) ? o.code : undefined;
  return { ...(message !== undefined ? { message } : {}), ...(grpcCode !== undefined ? { grpcCode } : {}) };
}

/**
 * The object of a wrapped single answer (`{provider: {...}}`, `{trust: {...}}`, …): C1 wraps every
 * single answer, so an answer without the wrapper is refused instead of being taken for the object.
 */
export function wrapped<T>(json: unknown, key: string, method: Method, path: string): T {
  const v = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new C1ApiError(200, method, path, `the answer has no "${key}" object (C1 wraps single answers as {"${key}": {...}})`);
  }
  return v as T;
}

/**
 * The FieldMask of an update: the camelCase top-level fields that `changes` sets (undefined = not set),
 * comma-separated as C1's API takes it, e.g. `displayName,disabled`.
 */
export function updateMaskOf(changes: object, paths?: readonly string[]): string {
  const list = paths ?? Object.entries(changes).filter(([, v]) => v !== undefined).map(([k]) => k);
  return list.join(',');
}

/** Return `json[key]` when the answer wraps the object in one of `keys`, else the answer itself. */
export function unwrap<T>(json: unknown, ...keys: string[]): T {
  if (json !== null && typeof json === 'object') {
    for (const k of keys) {
      const v = (json as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as T;
    }
  }
  return json as T;
}

/** `{list, nextPageToken}` as C1 pages lists. */
export interface Page<T> {
  readonly list: T[];
  readonly nextPageToken?: string;
}

/** Read a page, tolerating a missing `list`. */
export function asPage<T>(json: { list?: T[]; nextPageToken?: string }): Page<T> {
  return { list: json.list ?? [], ...(json.nextPageToken ? { nextPageToken: json.nextPageToken } : {}) };
}

/** Walk every page. */
export async function* pages<T>(fetchPage: (pageToken: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of page.list) yield item;
    token = page.nextPageToken;
  } while (token);
}

/** Path segment for an id (URI-encoded; refuses empty ids). */
export function seg(id: string, what: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new C1AwsError('C1AWS_ID_INVALID', `The ${what} id ${JSON.stringify(id)} is invalid: it must be a non-empty string.`, {
      fix: `pass the ${what}'s id as returned by C1 (list or create)`,
    });
  }
  if (id === '.' || id === '..') {
    // URL parsing would resolve it as a dot segment and address another object (e.g. trusts/.. → the service principal).
    throw new C1AwsError('C1AWS_ID_INVALID', `The ${what} id ${JSON.stringify(id)} is invalid: "." and ".." are not ids.`, {
      fix: `pass the ${what}'s id as returned by C1 (list or create)`,
    });
  }
  return encodeURIComponent(id);
}
