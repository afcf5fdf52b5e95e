/** Service principals (they hold the workload federation trusts), as a create/read/update/delete resource. */
import { asPage, pages, seg, updateMaskOf, wrapped, type C1ApiClient, type Page } from './api-client';
import { C1ApiError } from './errors';

export interface ServicePrincipalSpec {
  readonly displayName: string;
}

export interface ServicePrincipal extends ServicePrincipalSpec {
  /** Read-only. */
  readonly id: string;
  /** Read-only, RFC 3339. */
  readonly createdAt?: string;
  /** Read-only, RFC 3339; changes on every update. */
  readonly updatedAt?: string;
  readonly [field: string]: unknown;
}

export type ServicePrincipalUpdate = Partial<ServicePrincipalSpec>;

const BASE = '/api/v1/service_principals';
const WRAPPER = 'servicePrincipal';

export class ServicePrincipals {
  constructor(private readonly client: C1ApiClient) {}

  /** One page: `GET /api/v1/service_principals?page_size=&page_token=` → `{list, nextPageToken}`. */
  async listPage(pageSize?: number, pageToken?: string): Promise<Page<ServicePrincipal>> {
    return asPage(await this.client.request('GET', BASE, { query: { page_size: pageSize, page_token: pageToken } }));
  }

  /** Every service principal, page by page. */
  list(pageSize = 100): AsyncGenerator<ServicePrincipal> {
    return pages((t) => this.listPage(pageSize, t));
  }

  /** `POST {displayName}` → `{servicePrincipal}`. */
  async create(spec: ServicePrincipalSpec): Promise<ServicePrincipal> {
    return wrapped(await this.client.request('POST', BASE, { body: { displayName: spec.displayName }, idempotent: false }), WRAPPER, 'POST', BASE);
  }

  /** Read; throws `C1ApiError` (404 → code C1AWS_API_NOT_FOUND). */
  async get(id: string): Promise<ServicePrincipal> {
    const path = `${BASE}/${seg(id, 'service principal')}`;
    return wrapped(await this.client.request('GET', path), WRAPPER, 'GET', path);
  }

  /** Read for reconciliation: undefined when it no longer exists. */
  async read(id: string): Promise<ServicePrincipal | undefined> {
    try {
      return await this.get(id);
    } catch (err: unknown) {
      if (err instanceof C1ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** `PATCH {servicePrincipal: changes, updateMask}`; no change → a plain read. */
  async update(id: string, changes: ServicePrincipalUpdate): Promise<ServicePrincipal> {
    const updateMask = updateMaskOf(changes);
    if (updateMask === '') return this.get(id);
    const path = `${BASE}/${seg(id, 'service principal')}`;
    return wrapped(await this.client.request('PATCH', path, { body: { servicePrincipal: changes, updateMask } }), WRAPPER, 'PATCH', path);
  }

  /** Delete; idempotent (404 is success). */
  async delete(id: string): Promise<void> {
    try {
      await this.client.request('DELETE', `${BASE}/${seg(id, 'service principal')}`);
    } catch (err: unknown) {
      if (!(err instanceof C1ApiError && err.status === 404)) throw err;
    }
  }
}
