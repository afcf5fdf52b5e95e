/**
 * Workload federation trusts under a service principal: `GET|POST /api/v1/service_principals/{sp}/trusts`,
 * `GET|PATCH|DELETE …/trusts/{client id or short name}`, and `POST /api/v1/search/workload_federation_trusts`.
 * `providerId` is immutable; `clientId`, `servicePrincipalId`, `createdAt`, `updatedAt` are read-only.
 */
import { lintTrust } from '../../cel';
import type { AdminContext } from './context';
import { maskedChanges, parseUpdateMask, type MaskSchema } from './field-mask';
import { optBool, optStr, optStrList, reqStr, wrapperOf, type Json } from './fields';
import { apiError } from './http-io';
import { pageFrom } from './pages';
import { cidrList } from './source-ip';
import { nextStamp, type TrustRecord } from './state';

const SCHEMA: MaskSchema = {
  resource: 'trust',
  mutable: ['displayName', 'description', 'conditionExpression', 'allowSourceCidrs', 'scopedRoleIds', 'passthroughClaims', 'disabled'],
  immutable: ['providerId'],
  readOnly: ['clientId', 'servicePrincipalId', 'createdAt', 'updatedAt'],
};

/** C1's WorkloadFederationTrust object. */
export function trustView(t: TrustRecord): Json {
  return {
    clientId: t.clientId,
    servicePrincipalId: t.servicePrincipalId,
    providerId: t.providerId,
    displayName: t.displayName,
    description: t.description,
    conditionExpression: t.conditionExpression,
    allowSourceCidrs: t.allowSourceCidrs,
    scopedRoleIds: t.scopedRoleIds,
    passthroughClaims: t.passthroughClaims,
    disabled: t.disabled,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

function checkCondition(expression: string, field: string): void {
  if (expression.trim() === '') throw apiError(400, `${field} is required`);
  const errors = lintTrust(expression).filter((f) => f.severity === 'error' && f.stage === 'compile'); // C1 saves what compiles; 'evaluate' errors fail per token
  if (errors.length > 0) throw apiError(400, `${field} is invalid: ${errors.map((e) => e.message).join('; ')}`);
}

function checkCidrs(cidrs: string[]): void {
  try {
    cidrList(cidrs);
  } catch (err: unknown) {
    throw apiError(400, (err as Error).message);
  }
}

export function createTrust(ctx: AdminContext, spId: string, body: Json): TrustRecord {
  const providerId = reqStr(body, 'providerId');
  if (!ctx.state.providers.has(providerId)) throw apiError(400, `providerId ${providerId} does not name a provider`);
  const conditionExpression = optStr(body, 'conditionExpression') ?? '';
  checkCondition(conditionExpression, 'conditionExpression');
  const allowSourceCidrs = optStrList(body, 'allowSourceCidrs') ?? [];
  checkCidrs(allowSourceCidrs);
  const name = ctx.state.newTrustName();
  const at = new Date(ctx.now()).toISOString();
  const trust: TrustRecord = {
    name,
    clientId: ctx.state.clientIdOf(name),
    servicePrincipalId: spId,
    providerId,
    displayName: optStr(body, 'displayName') ?? '',
    description: optStr(body, 'description') ?? '',
    conditionExpression,
    allowSourceCidrs,
    scopedRoleIds: optStrList(body, 'scopedRoleIds') ?? [],
    passthroughClaims: optStrList(body, 'passthroughClaims') ?? [],
    disabled: optBool(body, 'disabled') ?? false,
    createdAt: at,
    updatedAt: at,
  };
  ctx.state.trusts.set(trust.clientId, trust);
  return trust;
}

/** Apply the masked paths; everything is validated before anything changes. */
export function patchTrust(ctx: AdminContext, trust: TrustRecord, body: Json): void {
  const given = wrapperOf(body, 'trust');
  const changes = maskedChanges(SCHEMA, parseUpdateMask(body, 'trust'), given, trustView(trust));
  const next: Partial<TrustRecord> = {};
  if (changes.has('displayName')) next.displayName = optStr(given, 'displayName', 'trust') ?? '';
  if (changes.has('description')) next.description = optStr(given, 'description', 'trust') ?? '';
  if (changes.has('conditionExpression')) {
    next.conditionExpression = optStr(given, 'conditionExpression', 'trust') ?? '';
    checkCondition(next.conditionExpression, 'trust.conditionExpression');
  }
  if (changes.has('allowSourceCidrs')) {
    next.allowSourceCidrs = optStrList(given, 'allowSourceCidrs', 'trust') ?? [];
    checkCidrs(next.allowSourceCidrs);
  }
  if (changes.has('scopedRoleIds')) next.scopedRoleIds = optStrList(given, 'scopedRoleIds', 'trust') ?? [];
  if (changes.has('passthroughClaims')) next.passthroughClaims = optStrList(given, 'passthroughClaims', 'trust') ?? [];
  if (changes.has('disabled')) next.disabled = optBool(given, 'disabled', 'trust') ?? false;
  Object.assign(trust, next);
  trust.updatedAt = nextStamp(ctx.now(), trust.updatedAt);
}

/** `POST /api/v1/search/workload_federation_trusts {servicePrincipalId, providerId, query, pageSize, pageToken}`. */
export function searchTrusts(ctx: AdminContext, body: Json): { list: Json[]; nextPageToken: string } {
  const sp = optStr(body, 'servicePrincipalId') ?? '';
  const provider = optStr(body, 'providerId') ?? '';
  const query = (optStr(body, 'query') ?? '').toLowerCase();
  const size = body.pageSize === undefined || body.pageSize === null || body.pageSize === 0 ? 100 : Number(body.pageSize);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw apiError(400, 'pageSize must be a whole number from 1 to 1000');
  const found = [...ctx.state.trusts.values()].filter(
    (t) =>
      (sp === '' || t.servicePrincipalId === sp) &&
      (provider === '' || t.providerId === provider) &&
      (query === '' || [t.clientId, t.displayName, t.description].some((f) => f.toLowerCase().includes(query))),
  );
  return pageFrom(found.map(trustView), size, optStr(body, 'pageToken') ?? '');
}
