/** Trusts under a service principal (which tokens may act as it), as a create/read/update/delete resource. */
import { asPage, pages, seg, updateMaskOf, wrapped, type C1ApiClient, type Page } from './api-client';
import { C1ApiError } from './errors';

export interface FederationTrustSpec {
  /** The federation provider whose tokens this trust accepts; immutable after create. */
  readonly providerId: string;
  /** CEL over `claims`, at most 1,024 bytes (see src/cel). */
  readonly conditionExpression: string;
  /** Default: none. */
  readonly displayName?: string;
  /** Default: none. */
  readonly description?: string;
  /** Source addresses allowed to exchange; default: any. */
  readonly allowSourceCidrs?: readonly string[];
  /** Default: none. */
  readonly scopedRoleIds?: readonly string[];
  /** Default: none. */
  readonly passthroughClaims?: readonly string[];
  /** Default false. */
  readonly disabled?: boolean;
}

export interface FederationTrust extends FederationTrustSpec {
  /** Read-only: `<name>@<host>/wfe`, the client ID workloads exchange with. */
  readonly clientId: string;
  /** Read-only. */
  readonly servicePrincipalId?: string;
  /** Read-only, RFC 3339. */
  readonly createdAt?: string;
  /** Read-only, RFC 3339; changes on every update. */
  readonly updatedAt?: string;
  readonly [field: string]: unknown;
}

/** Fields an update may change (providerId is immutable: replace the trust). */
export type FederationTrustUpdate = Partial<Omit<FederationTrustSpec, 'providerId'>>;

/** One step of "test a token". */
export interface TrustTestStep {
  readonly passed: boolean;
  readonly skipped: boolean;
  readonly expected: string;
  readonly actual: string;
  readonly detail: string;
}

/** The steps of "test a token", in the order C1 runs them. */
export const TRUST_TEST_STEPS = [
  'jwtDecode',
  'issuerMatch',
  'signatureValidation',
  'audienceValidation',
  'subjectValidation',
  'tokenFreshness',
  'cidrCheck',
  'celEvaluation',
] as const;
export type TrustTestStepName = (typeof TRUST_TEST_STEPS)[number];

/** The answer of `POST …/trusts/{id}/test`: each step, or null when C1 did not report it. */
export type TrustTestResult = {
  /** True when the token would be accepted (every step that ran passed). */
  readonly overallResult: boolean;
  /** The token's claims as JSON text ('' when the token could not be decoded). */
  readonly decodedClaimsJson: string;
} & { readonly [K in TrustTestStepName]: TrustTestStep | null };

function step(v: unknown): TrustTestStep | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const s = (x: unknown): string => (typeof x === 'string' ? x : x === undefined || x === null ? '' : JSON.stringify(x));
  // proto3 JSON may omit false and '' fields: read them as such.
  return { passed: o.passed === true, skipped: o.skipped === true, expected: s(o.expected), actual: s(o.actual), detail: s(o.detail) };
}

function overall(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' && /^(true|pass(ed)?|success|.*_(PASS|PASSED|SUCCESS))$/i.test(v);
}

/** Read C1's answer into the documented shape. */
export function toTrustTestResult(json: Record<string, unknown>): TrustTestResult {
  const steps = Object.fromEntries(TRUST_TEST_STEPS.map((k) => [k, step(json[k])])) as { [K in TrustTestStepName]: TrustTestStep | null };
  return {
    overallResult: overall(json.overallResult),
    decodedClaimsJson: typeof json.decodedClaimsJson === 'string' ? json.decodedClaimsJson : '',
    ...steps,
  };
}

const WRAPPER = 'trust';

export class FederationTrusts {
  constructor(private readonly client: C1ApiClient) {}

  private base(servicePrincipalId: string): string {
    return `/api/v1/service_principals/${seg(servicePrincipalId, 'service principal')}/trusts`;
  }

  private one(servicePrincipalId: string, trustId: string): string {
    return `${this.base(servicePrincipalId)}/${seg(trustId, 'trust')}`;
  }

  async listPage(servicePrincipalId: string, pageSize?: number, pageToken?: string): Promise<Page<FederationTrust>> {
    return asPage(await this.client.request('GET', this.base(servicePrincipalId), { query: { page_size: pageSize, page_token: pageToken } }));
  }

  list(servicePrincipalId: string, pageSize = 100): AsyncGenerator<FederationTrust> {
    return pages((t) => this.listPage(servicePrincipalId, pageSize, t));
  }

  /** `POST …/trusts` → `{trust}`. */
  async create(servicePrincipalId: string, spec: FederationTrustSpec): Promise<FederationTrust> {
    const path = this.base(servicePrincipalId);
    return wrapped(await this.client.request('POST', path, { body: spec, idempotent: false }), WRAPPER, 'POST', path);
  }

  /** `trustId`: the trust's client ID or short name. Throws `C1ApiError` (404 → C1AWS_API_NOT_FOUND). */
  async get(servicePrincipalId: string, trustId: string): Promise<FederationTrust> {
    const path = this.one(servicePrincipalId, trustId);
    return wrapped(await this.client.request('GET', path), WRAPPER, 'GET', path);
  }

  /** Read for reconciliation: undefined when it no longer exists. */
  async read(servicePrincipalId: string, trustId: string): Promise<FederationTrust | undefined> {
    try {
      return await this.get(servicePrincipalId, trustId);
    } catch (err: unknown) {
      if (err instanceof C1ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * `PATCH {trust: changes, updateMask}`: only the fields set in `changes` (or the paths given) change.
   * No change → a plain read.
   */
  async update(servicePrincipalId: string, trustId: string, changes: FederationTrustUpdate, updateMask?: readonly string[]): Promise<FederationTrust> {
    const mask = updateMaskOf(changes, updateMask);
    if (mask === '') return this.get(servicePrincipalId, trustId);
    const path = this.one(servicePrincipalId, trustId);
    return wrapped(await this.client.request('PATCH', path, { body: { trust: changes, updateMask: mask } }), WRAPPER, 'PATCH', path);
  }

  /** Idempotent (404 is success). */
  async delete(servicePrincipalId: string, trustId: string): Promise<void> {
    try {
      await this.client.request('DELETE', this.one(servicePrincipalId, trustId));
    } catch (err: unknown) {
      if (!(err instanceof C1ApiError && err.status === 404)) throw err;
    }
  }

  /**
   * Ask C1 how this trust judges `subjectToken`, step by step (`POST …/test {subjectToken, sourceIp}`).
   * `sourceIp` feeds the CIDR step (C1 skips it when absent). The token is sent, never logged.
   */
  async testToken(servicePrincipalId: string, trustId: string, subjectToken: string, sourceIp?: string): Promise<TrustTestResult> {
    const body = { subjectToken, ...(sourceIp !== undefined ? { sourceIp } : {}) };
    return toTrustTestResult(await this.client.request<Record<string, unknown>>('POST', `${this.one(servicePrincipalId, trustId)}/test`, { body }));
  }
}
