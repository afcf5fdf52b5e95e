/** Trusts under a service principal (which tokens may act as it), as a create/read/update/delete resource. */
import { asPage, pages, seg, unwrap, type C1ApiClient, type Page } from './api-client';
import { C1ApiError } from './errors';

export interface FederationTrustSpec {
  readonly providerId: string;
  /** CEL over `claims`, at most 1,024 bytes (see src/cel). */
  readonly conditionExpression: string;
  readonly allowSourceCidrs?: readonly string[];
  readonly scopedRoleIds?: readonly string[];
  readonly passthroughClaims?: readonly string[];
  readonly disabled?: boolean;
}

export interface FederationTrust extends FederationTrustSpec {
  /** Read-only: `<name>@<host>/wfe`, the client ID workloads exchange with. */
  readonly clientId: string;
  readonly [field: string]: unknown;
}

export type FederationTrustUpdate = Partial<FederationTrustSpec>;

/** The answer of "test a token" (C1 does not document its fields; `matched`/`error` when present). */
export interface TrustTestResult {
  readonly matched?: boolean;
  readonly error?: string;
  readonly [field: string]: unknown;
}

const WRAPPERS = ['trust', 'workloadFederationTrust'];

export class FederationTrusts {
  constructor(private readonly client: C1ApiClient) {}

  private base(servicePrincipalId: string): string {
    return `/api/v1/service_principals/${seg(servicePrincipalId, 'service principal')}/trusts`;
  }

  async listPage(servicePrincipalId: string, pageSize?: number, pageToken?: string): Promise<Page<FederationTrust>> {
    return asPage(await this.client.request('GET', this.base(servicePrincipalId), { query: { page_size: pageSize, page_token: pageToken } }));
  }

  list(servicePrincipalId: string, pageSize = 100): AsyncGenerator<FederationTrust> {
    return pages((t) => this.listPage(servicePrincipalId, pageSize, t));
  }

  async create(servicePrincipalId: string, spec: FederationTrustSpec): Promise<FederationTrust> {
    return unwrap(await this.client.request('POST', this.base(servicePrincipalId), { body: spec }), ...WRAPPERS);
  }

  /** `trustId`: the trust's client ID or short name. */
  async get(servicePrincipalId: string, trustId: string): Promise<FederationTrust> {
    return unwrap(await this.client.request('GET', `${this.base(servicePrincipalId)}/${seg(trustId, 'trust')}`), ...WRAPPERS);
  }

  async read(servicePrincipalId: string, trustId: string): Promise<FederationTrust | undefined> {
    try {
      return await this.get(servicePrincipalId, trustId);
    } catch (err: unknown) {
      if (err instanceof C1ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  async update(servicePrincipalId: string, trustId: string, changes: FederationTrustUpdate): Promise<FederationTrust> {
    return unwrap(await this.client.request('PATCH', `${this.base(servicePrincipalId)}/${seg(trustId, 'trust')}`, { body: changes }), ...WRAPPERS);
  }

  /** Idempotent (404 is success). */
  async delete(servicePrincipalId: string, trustId: string): Promise<void> {
    try {
      await this.client.request('DELETE', `${this.base(servicePrincipalId)}/${seg(trustId, 'trust')}`);
    } catch (err: unknown) {
      if (!(err instanceof C1ApiError && err.status === 404)) throw err;
    }
  }

  /** Ask C1 whether `subjectToken` would be accepted by this trust (the token is sent, never logged). */
  async testToken(servicePrincipalId: string, trustId: string, subjectToken: string): Promise<TrustTestResult> {
    return this.client.request('POST', `${this.base(servicePrincipalId)}/${seg(trustId, 'trust')}/test`, { body: { subjectToken } });
  }
}
