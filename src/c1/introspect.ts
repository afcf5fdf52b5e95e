/** Who the token belongs to: `GET /api/v1/auth/introspect`. */
import type { C1ApiClient } from './api-client';

export interface Introspection {
  readonly userId?: string;
  /** Spelled this way by C1. */
  readonly principleId?: string;
  readonly tenantId?: string;
  readonly roles: string[];
  readonly permissions: string[];
  readonly features: string[];
}

export async function whoami(client: C1ApiClient): Promise<Introspection> {
  const r = await client.request<Partial<Introspection>>('GET', '/api/v1/auth/introspect');
  return { ...r, roles: r.roles ?? [], permissions: r.permissions ?? [], features: r.features ?? [] };
}
