/**
 * Service principals: `GET|POST /api/v1/service_principals`, `GET|PATCH|DELETE …/{id}`.
 * Deleting one that still holds trusts is refused (FAILED_PRECONDITION) rather than cascading: a
 * cascade would silently remove trusts that another Terraform state or team still owns (their
 * workloads would start failing with trust_not_found); Terraform deletes the trusts first anyway,
 * since they depend on the service principal. Deleting one revokes the tokens issued for it.
 */
import type { AdminContext } from './context';
import { maskedChanges, parseUpdateMask, type MaskSchema } from './field-mask';
import { optStr, reqStr, wrapperOf, type Json } from './fields';
import { apiError, failedPrecondition } from './http-io';
import { nextStamp, type ServicePrincipal } from './state';

const SCHEMA: MaskSchema = { resource: 'servicePrincipal', mutable: ['displayName'], immutable: [], readOnly: ['id', 'createdAt', 'updatedAt'] };

/** C1's ServicePrincipal object. */
export function servicePrincipalView(sp: ServicePrincipal): Json {
  return { id: sp.id, displayName: sp.displayName, createdAt: sp.createdAt, updatedAt: sp.updatedAt };
}

export function createServicePrincipal(ctx: AdminContext, body: Json): ServicePrincipal {
  // C1's create takes the fields themselves: {displayName}.
  return ctx.state.addServicePrincipal(reqStr(body, 'displayName'), ctx.now());
}

export function patchServicePrincipal(ctx: AdminContext, sp: ServicePrincipal, body: Json): void {
  const given = wrapperOf(body, 'servicePrincipal');
  const changes = maskedChanges(SCHEMA, parseUpdateMask(body, 'servicePrincipal'), given, servicePrincipalView(sp));
  if (changes.has('displayName')) {
    const v = optStr(given, 'displayName', 'servicePrincipal') ?? '';
    if (v.trim() === '') throw apiError(400, 'servicePrincipal.displayName must not be empty');
    sp.displayName = v;
  }
  sp.updatedAt = nextStamp(ctx.now(), sp.updatedAt);
}

export function deleteServicePrincipal(ctx: AdminContext, sp: ServicePrincipal): void {
  const held = [...ctx.state.trusts.values()].filter((t) => t.servicePrincipalId === sp.id);
  if (held.length > 0) {
    throw failedPrecondition(`service principal ${sp.id} still has ${held.length} trust(s) (${held.map((t) => t.clientId).join(', ')}): delete them first`);
  }
  ctx.state.servicePrincipals.delete(sp.id);
  ctx.state.revokeTokensOf(sp.id);
}
