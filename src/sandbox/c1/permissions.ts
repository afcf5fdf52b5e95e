/**
 * Who may call what on the local tenant. The admin token holds every permission (`*`); a token a
 * workload got from /auth/v1/token holds the service principal's read permissions only, so any admin
 * write with it is PERMISSION_DENIED (403). Introspect reports exactly these lists.
 */
import type { IncomingMessage } from 'node:http';
import { apiError, bearerToken } from './http-io';
import type { TenantState } from './state';

export type Permission =
  | 'apps:read'
  | 'workload_federation:read'
  | 'workload_federation:write'
  | 'service_principals:read'
  | 'service_principals:write'
  | 'settings:read'
  | 'settings:write';

/** What an exchanged (service principal) token may do. */
export const SERVICE_PRINCIPAL_PERMISSIONS: readonly Permission[] = ['apps:read', 'workload_federation:read'];

export interface Caller {
  readonly admin: boolean;
  readonly principalId: string;
  /** `['*']` for the admin token. */
  readonly permissions: readonly string[];
}

/** 401 without a bearer token, with an unknown or expired one. */
export function authenticate(state: TenantState, req: IncomingMessage, nowMs: number): Caller {
  const token = bearerToken(req);
  if (!token) throw apiError(401, 'missing Bearer token: send Authorization: Bearer <access token>');
  if (token === state.adminToken) return { admin: true, principalId: 'admin', permissions: ['*'] };
  const issued = state.validToken(token, nowMs);
  if (!issued) throw apiError(401, 'the access token is not valid for this tenant (unknown or expired)');
  return { admin: false, principalId: issued.servicePrincipalId, permissions: SERVICE_PRINCIPAL_PERMISSIONS };
}

/** 403 unless the caller holds `permission`. */
export function requirePermission(caller: Caller, permission: Permission): void {
  if (caller.permissions.includes('*') || caller.permissions.includes(permission)) return;
  throw apiError(403, `permission denied: this call needs ${permission}; the caller ${caller.principalId} has ${caller.permissions.join(', ') || 'none'}`);
}
