/**
 * Workload federation providers: `GET|POST /api/v1/workload_federation/providers`, `GET|PATCH|DELETE …/{id}`.
 * The issuer is checked by OIDC discovery on create; `issuerUrl` and `wellKnownProvider` are immutable.
 * A disabled provider stays readable and editable, but its trusts exchange nothing (reason
 * `provider_disabled`). Deleting a provider that trusts still use is refused (FAILED_PRECONDITION).
 */
import { randomUUID } from 'node:crypto';
import type { AdminContext } from './context';
import { maskedChanges, parseUpdateMask, type MaskSchema } from './field-mask';
import { optBool, optObj, optStr, reqStr, wrapperOf, type Json } from './fields';
import { apiError, failedPrecondition } from './http-io';
import { DiscoveryError } from './oidc-discovery';
import { nextStamp, type ProviderRecord } from './state';

export const AWS_IAM_OUTBOUND_PROVIDER = 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND';
const WELL_KNOWN = /^WELL_KNOWN_WORKLOAD_PROVIDER_[A-Z0-9_]+$/;

const SCHEMA: MaskSchema = {
  resource: 'provider',
  mutable: ['displayName', 'description', 'oidc', 'disabled'],
  immutable: ['issuerUrl', 'wellKnownProvider', 'spiffe'],
  readOnly: ['id', 'createdAt', 'updatedAt'],
};

/** C1's WorkloadFederationProvider object. */
export function providerView(p: ProviderRecord): Json {
  return {
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    issuerUrl: p.issuerUrl,
    wellKnownProvider: p.wellKnownProvider,
    oidc: p.oidc,
    disabled: p.disabled,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export async function createProvider(ctx: AdminContext, body: Json): Promise<ProviderRecord> {
  const displayName = reqStr(body, 'displayName');
  const issuerUrl = reqStr(body, 'issuerUrl');
  const wellKnownProvider = optStr(body, 'wellKnownProvider') || AWS_IAM_OUTBOUND_PROVIDER;
  if (!WELL_KNOWN.test(wellKnownProvider)) throw apiError(400, `wellKnownProvider ${JSON.stringify(wellKnownProvider)} is not a WELL_KNOWN_WORKLOAD_PROVIDER_* value`);
  if (optObj(body, 'spiffe') !== undefined) {
    throw apiError(400, 'spiffe providers are not supported by the local tenant: use oidc {} (the AWS outbound issuer is OIDC)');
  }
  const oidc = optObj(body, 'oidc') ?? {};
  const disabled = optBool(body, 'disabled') ?? false;
  const description = optStr(body, 'description') ?? '';
  if ([...ctx.state.providers.values()].some((p) => p.issuerUrl === issuerUrl)) throw apiError(409, `a provider with issuerUrl ${issuerUrl} already exists`);
  try {
    await ctx.discovery.discover(issuerUrl);
  } catch (err: unknown) {
    throw apiError(400, `issuerUrl ${issuerUrl} failed OIDC discovery: ${err instanceof DiscoveryError ? err.message : String(err)}`);
  }
  // Checked again after the (asynchronous) discovery: concurrent creates of one issuer yield one provider, as a unique index would.
  if ([...ctx.state.providers.values()].some((p) => p.issuerUrl === issuerUrl)) throw apiError(409, `a provider with issuerUrl ${issuerUrl} already exists`);
  const at = new Date(ctx.now()).toISOString();
  const provider: ProviderRecord = { id: `wfp-${randomUUID()}`, displayName, description, issuerUrl, wellKnownProvider, oidc, disabled, createdAt: at, updatedAt: at };
  ctx.state.providers.set(provider.id, provider);
  return provider;
}

/** Apply the masked paths; everything is validated before anything changes. */
export function patchProvider(ctx: AdminContext, provider: ProviderRecord, body: Json): void {
  const given = wrapperOf(body, 'provider');
  const changes = maskedChanges(SCHEMA, parseUpdateMask(body, 'provider'), given, providerView(provider));
  const next = { displayName: provider.displayName, description: provider.description, oidc: provider.oidc, disabled: provider.disabled };
  if (changes.has('displayName')) {
    next.displayName = optStr(given, 'displayName', 'provider') ?? '';
    if (next.displayName.trim() === '') throw apiError(400, 'provider.displayName must not be empty');
  }
  if (changes.has('description')) next.description = optStr(given, 'description', 'provider') ?? '';
  if (changes.has('oidc')) next.oidc = optObj(given, 'oidc', 'provider') ?? {};
  if (changes.has('disabled')) next.disabled = optBool(given, 'disabled', 'provider') ?? false;
  Object.assign(provider, next);
  provider.updatedAt = nextStamp(ctx.now(), provider.updatedAt);
}

export function deleteProvider(ctx: AdminContext, provider: ProviderRecord): void {
  const used = [...ctx.state.trusts.values()].filter((t) => t.providerId === provider.id);
  if (used.length > 0) throw failedPrecondition(`provider ${provider.id} is used by trusts ${used.map((t) => t.clientId).join(', ')}: delete them first`);
  ctx.state.providers.delete(provider.id);
  ctx.discovery.forget(provider.issuerUrl);
}
