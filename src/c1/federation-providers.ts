/** Workload federation providers (an issuer C1 trusts), as a create/read/update/delete resource. */
import { asPage, pages, seg, updateMaskOf, wrapped, type C1ApiClient, type Page } from './api-client';
import { C1ApiError } from './errors';

export const AWS_IAM_OUTBOUND_PROVIDER = 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND';

export interface FederationProviderSpec {
  readonly displayName: string;
  readonly description?: string;
  /** Checked by C1 with OIDC discovery; immutable after create. */
  readonly issuerUrl: string;
  /** Immutable after create. Default (on create): `WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND`. */
  readonly wellKnownProvider?: string;
  /** Default (on create): `{}`. */
  readonly oidc?: Readonly<Record<string, unknown>>;
  /** A disabled provider's trusts exchange no tokens. Default false. */
  readonly disabled?: boolean;
}

export interface FederationProvider extends FederationProviderSpec {
  /** Read-only. */
  readonly id: string;
  /** Read-only, RFC 3339. */
  readonly createdAt?: string;
  /** Read-only, RFC 3339; changes on every update. */
  readonly updatedAt?: string;
  readonly [field: string]: unknown;
}

/** Fields an update may change (issuerUrl and wellKnownProvider are immutable: replace the provider). */
export type FederationProviderUpdate = Partial<Pick<FederationProviderSpec, 'displayName' | 'description' | 'oidc' | 'disabled'>>;

const BASE = '/api/v1/workload_federation/providers';
const WRAPPER = 'provider';

export class FederationProviders {
  constructor(private readonly client: C1ApiClient) {}

  async listPage(pageSize?: number, pageToken?: string): Promise<Page<FederationProvider>> {
    return asPage(await this.client.request('GET', BASE, { query: { page_size: pageSize, page_token: pageToken } }));
  }

  list(pageSize = 100): AsyncGenerator<FederationProvider> {
    return pages((t) => this.listPage(pageSize, t));
  }

  /** Create → `{provider}`; an AWS provider gets `wellKnownProvider` and an empty `oidc` unless given. */
  async create(spec: FederationProviderSpec): Promise<FederationProvider> {
    const body = { wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {}, ...spec };
    return wrapped(await this.client.request('POST', BASE, { body, idempotent: false }), WRAPPER, 'POST', BASE);
  }

  /** Read; throws `C1ApiError` (404 → code C1AWS_API_NOT_FOUND). */
  async get(id: string): Promise<FederationProvider> {
    const path = `${BASE}/${seg(id, 'provider')}`;
    return wrapped(await this.client.request('GET', path), WRAPPER, 'GET', path);
  }

  /** Read for reconciliation: undefined when it no longer exists. */
  async read(id: string): Promise<FederationProvider | undefined> {
    try {
      return await this.get(id);
    } catch (err: unknown) {
      if (err instanceof C1ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * `PATCH {provider: changes, updateMask}`: only the fields set in `changes` (or the paths given) change.
   * No change → a plain read.
   */
  async update(id: string, changes: FederationProviderUpdate, updateMask?: readonly string[]): Promise<FederationProvider> {
    const mask = updateMaskOf(changes, updateMask);
    if (mask === '') return this.get(id);
    const path = `${BASE}/${seg(id, 'provider')}`;
    return wrapped(await this.client.request('PATCH', path, { body: { provider: changes, updateMask: mask } }), WRAPPER, 'PATCH', path);
  }

  /** Delete; idempotent (404 is success). */
  async delete(id: string): Promise<void> {
    try {
      await this.client.request('DELETE', `${BASE}/${seg(id, 'provider')}`);
    } catch (err: unknown) {
      if (!(err instanceof C1ApiError && err.status === 404)) throw err;
    }
  }
}
