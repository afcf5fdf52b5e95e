/** Workload federation providers (an issuer C1 trusts), as a create/read/update/delete resource. */
import { asPage, pages, seg, unwrap, type C1ApiClient, type Page } from './api-client';
import { C1ApiError } from './errors';

export const AWS_IAM_OUTBOUND_PROVIDER = 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND';

export interface FederationProviderSpec {
  readonly displayName: string;
  readonly description?: string;
  /** Checked by C1 with OIDC discovery; immutable after create. */
  readonly issuerUrl: string;
  readonly wellKnownProvider?: string;
  readonly oidc?: Readonly<Record<string, unknown>>;
}

export interface FederationProvider extends FederationProviderSpec {
  readonly id: string;
  readonly [field: string]: unknown;
}

/** Fields PATCH may change (issuerUrl is immutable). */
export type FederationProviderUpdate = Partial<Pick<FederationProviderSpec, 'displayName' | 'description' | 'oidc'>>;

const BASE = '/api/v1/workload_federation/providers';
const WRAPPERS = ['provider', 'workloadFederationProvider'];

export class FederationProviders {
  constructor(private readonly client: C1ApiClient) {}

  async listPage(pageSize?: number, pageToken?: string): Promise<Page<FederationProvider>> {
    return asPage(await this.client.request('GET', BASE, { query: { page_size: pageSize, page_token: pageToken } }));
  }

  list(pageSize = 100): AsyncGenerator<FederationProvider> {
    return pages((t) => this.listPage(pageSize, t));
  }

  /** Create; an AWS provider gets `wellKnownProvider` and an empty `oidc` unless given. */
  async create(spec: FederationProviderSpec): Promise<FederationProvider> {
    const body = { wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {}, ...spec };
    return unwrap(await this.client.request('POST', BASE, { body }), ...WRAPPERS);
  }

  /** Read; throws `C1ApiError` (404 → code C1AWS_API_NOT_FOUND). */
  async get(id: string): Promise<FederationProvider> {
    return unwrap(await this.client.request('GET', `${BASE}/${seg(id, 'provider')}`), ...WRAPPERS);
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

  /** Update the given fields only (PATCH). */
  async update(id: string, changes: FederationProviderUpdate): Promise<FederationProvider> {
    return unwrap(await this.client.request('PATCH', `${BASE}/${seg(id, 'provider')}`, { body: changes }), ...WRAPPERS);
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
