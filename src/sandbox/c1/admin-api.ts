/**
 * The tenant's JSON API under /api/v1 (Bearer auth: the sandbox's admin token or an exchanged token):
 * introspect, apps, workload federation providers and trusts, test-cel, External ID, email provider.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { evaluateTrust } from '../../cel/evaluate';
import { lintTrust } from '../../cel/lint';
import { verifySesRole, sendTestEmail, EmailProviderCheckError, type AwsAccess } from './email-provider';
import { apiError, bearerToken, readJson, sendJson } from './http-io';
import { DiscoveryError, type OidcDiscovery } from './oidc-discovery';
import { cidrList } from './source-ip';
import type { EmailProviderConfig, ProviderRecord, TenantState, TrustRecord } from './state';
import { checkSubjectToken } from './subject-token';
import { randomUUID } from 'node:crypto';

export const AWS_IAM_OUTBOUND_PROVIDER = 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND';

export interface AdminContext {
  readonly state: TenantState;
  readonly discovery: OidcDiscovery;
  readonly now: () => number;
  readonly aws: AwsAccess | undefined;
}

interface Caller {
  readonly admin: boolean;
  readonly principalId: string;
}

/** A few apps so paging can be exercised. */
export const SANDBOX_APPS: readonly { id: string; displayName: string }[] = [
  { id: 'app-aws', displayName: 'AWS' },
  { id: 'app-github', displayName: 'GitHub' },
  { id: 'app-okta', displayName: 'Okta' },
  { id: 'app-slack', displayName: 'Slack' },
  { id: 'app-snowflake', displayName: 'Snowflake' },
];

function authenticate(ctx: AdminContext, req: IncomingMessage): Caller {
  const token = bearerToken(req);
  if (!token) throw apiError(401, 'missing Bearer token');
  if (token === ctx.state.adminToken) return { admin: true, principalId: 'admin' };
  const issued = ctx.state.validToken(token, ctx.now());
  if (!issued) throw apiError(401, 'the access token is not valid for this tenant (unknown or expired)');
  return { admin: false, principalId: issued.servicePrincipalId };
}

function str(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw apiError(400, `${field} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw apiError(400, `${field} must be a string`);
  if (required && v.trim() === '') throw apiError(400, `${field} must not be empty`);
  return v;
}

function strList(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw apiError(400, `${field} must be a list of strings`);
  return v as string[];
}

function bool(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw apiError(400, `${field} must be a boolean`);
  return v;
}

function pageOf<T>(items: readonly T[], query: URLSearchParams): { list: T[]; nextPageToken: string } {
  const size = query.has('page_size') ? Number(query.get('page_size')) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw apiError(400, 'page_size must be a whole number from 1 to 1000');
  const token = query.get('page_token') ?? '';
  const start = token === '' ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw apiError(400, `page_token ${JSON.stringify(token)} is not valid`);
  const end = start + size;
  return { list: items.slice(start, end), nextPageToken: end < items.length ? String(end) : '' };
}

function checkCondition(expression: string): void {
  const errors = lintTrust(expression).filter((f) => f.severity === 'error');
  if (errors.length > 0) throw apiError(400, `conditionExpression is invalid: ${errors.map((e) => e.message).join('; ')}`);
}

function checkCidrs(cidrs: string[]): void {
  try {
    cidrList(cidrs);
  } catch (err: unknown) {
    throw apiError(400, (err as Error).message);
  }
}

// ---- providers ----

async function createProvider(ctx: AdminContext, body: Record<string, unknown>): Promise<ProviderRecord> {
  const displayName = str(body, 'displayName', true) as string;
  const issuerUrl = str(body, 'issuerUrl', true) as string;
  if ([...ctx.state.providers.values()].some((p) => p.issuerUrl === issuerUrl)) throw apiError(409, `a provider with issuerUrl ${issuerUrl} already exists`);
  try {
    await ctx.discovery.discover(issuerUrl);
  } catch (err: unknown) {
    throw apiError(400, `issuerUrl ${issuerUrl} failed OIDC discovery: ${err instanceof DiscoveryError ? err.message : String(err)}`);
  }
  const oidc = body.oidc;
  if (oidc !== undefined && (oidc === null || typeof oidc !== 'object' || Array.isArray(oidc))) throw apiError(400, 'oidc must be an object');
  const provider: ProviderRecord = {
    id: `wfp-${randomUUID()}`,
    displayName,
    description: str(body, 'description', false) ?? '',
    issuerUrl,
    wellKnownProvider: str(body, 'wellKnownProvider', false) ?? AWS_IAM_OUTBOUND_PROVIDER,
    oidc: (oidc as Record<string, unknown> | undefined) ?? {},
    createdAt: new Date(ctx.now()).toISOString(),
  };
  ctx.state.providers.set(provider.id, provider);
  return provider;
}

function patchProvider(provider: ProviderRecord, body: Record<string, unknown>): void {
  if (body.issuerUrl !== undefined && body.issuerUrl !== provider.issuerUrl) throw apiError(400, 'issuerUrl is immutable: create a new provider instead');
  if (body.wellKnownProvider !== undefined && body.wellKnownProvider !== provider.wellKnownProvider) throw apiError(400, 'wellKnownProvider is immutable');
  const displayName = str(body, 'displayName', false);
  if (displayName !== undefined) {
    if (displayName.trim() === '') throw apiError(400, 'displayName must not be empty');
    provider.displayName = displayName;
  }
  const description = str(body, 'description', false);
  if (description !== undefined) provider.description = description;
  if (body.oidc !== undefined) {
    if (body.oidc === null || typeof body.oidc !== 'object' || Array.isArray(body.oidc)) throw apiError(400, 'oidc must be an object');
    provider.oidc = body.oidc as Record<string, unknown>;
  }
}

// ---- trusts ----

function trustView(t: TrustRecord): Record<string, unknown> {
  return {
    clientId: t.clientId,
    name: t.name,
    servicePrincipalId: t.servicePrincipalId,
    providerId: t.providerId,
    conditionExpression: t.conditionExpression,
    allowSourceCidrs: t.allowSourceCidrs,
    scopedRoleIds: t.scopedRoleIds,
    passthroughClaims: t.passthroughClaims,
    disabled: t.disabled,
    createdAt: t.createdAt,
  };
}

function createTrust(ctx: AdminContext, spId: string, body: Record<string, unknown>): TrustRecord {
  const providerId = str(body, 'providerId', true) as string;
  if (!ctx.state.providers.has(providerId)) throw apiError(400, `providerId ${providerId} does not name a provider`);
  const conditionExpression = str(body, 'conditionExpression', true) as string;
  checkCondition(conditionExpression);
  const allowSourceCidrs = strList(body, 'allowSourceCidrs') ?? [];
  checkCidrs(allowSourceCidrs);
  const name = ctx.state.newTrustName();
  const trust: TrustRecord = {
    name,
    clientId: ctx.state.clientIdOf(name),
    servicePrincipalId: spId,
    providerId,
    conditionExpression,
    allowSourceCidrs,
    scopedRoleIds: strList(body, 'scopedRoleIds') ?? [],
    passthroughClaims: strList(body, 'passthroughClaims') ?? [],
    disabled: bool(body, 'disabled') ?? false,
    createdAt: new Date(ctx.now()).toISOString(),
  };
  ctx.state.trusts.set(trust.clientId, trust);
  return trust;
}

function patchTrust(ctx: AdminContext, trust: TrustRecord, body: Record<string, unknown>): void {
  if (body.clientId !== undefined && body.clientId !== trust.clientId) throw apiError(400, 'clientId is read-only');
  const providerId = str(body, 'providerId', false);
  if (providerId !== undefined && !ctx.state.providers.has(providerId)) throw apiError(400, `providerId ${providerId} does not name a provider`);
  const condition = str(body, 'conditionExpression', false);
  if (condition !== undefined) checkCondition(condition);
  const cidrs = strList(body, 'allowSourceCidrs');
  if (cidrs !== undefined) checkCidrs(cidrs);
  const scoped = strList(body, 'scopedRoleIds');
  const pass = strList(body, 'passthroughClaims');
  const disabled = bool(body, 'disabled');
  // Validated everything first: apply all or nothing.
  if (providerId !== undefined) trust.providerId = providerId;
  if (condition !== undefined) trust.conditionExpression = condition;
  if (cidrs !== undefined) trust.allowSourceCidrs = cidrs;
  if (scoped !== undefined) trust.scopedRoleIds = scoped;
  if (pass !== undefined) trust.passthroughClaims = pass;
  if (disabled !== undefined) trust.disabled = disabled;
}

// ---- email provider ----

const EMAIL_FIELDS = ['fromName', 'fromAddress', 'replyToAddress', 'awsSes'] as const;
const SES_FIELDS = ['roleArn', 'region', 'configurationSetName'] as const;

function maskOf(body: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const m = body.updateMask;
  if (m === undefined || m === null || m === '') return Object.keys(given);
  if (typeof m === 'string') return m.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (Array.isArray(m) && m.every((s) => typeof s === 'string')) return m as string[];
  if (typeof m === 'object' && Array.isArray((m as { paths?: unknown }).paths)) return (m as { paths: string[] }).paths;
  throw apiError(400, 'updateMask must be a comma-separated string or a list of field paths');
}

/** Apply `mask` paths of `given` onto a copy of `previous`. */
function mergeEmailConfig(previous: EmailProviderConfig | undefined, given: Record<string, unknown>, mask: string[]): EmailProviderConfig {
  const next: EmailProviderConfig = { ...previous, ...(previous?.awsSes ? { awsSes: { ...previous.awsSes } } : {}) };
  for (const path of mask) {
    const [top, sub, extra] = path.split('.');
    if (!(EMAIL_FIELDS as readonly string[]).includes(top) || extra !== undefined) throw apiError(400, `updateMask path ${JSON.stringify(path)} is not a field of emailProvider`);
    if (top === 'awsSes') {
      const ses = given.awsSes;
      if (ses !== undefined && ses !== null && (typeof ses !== 'object' || Array.isArray(ses))) throw apiError(400, 'emailProvider.awsSes must be an object');
      const sesObj = (ses ?? {}) as Record<string, unknown>;
      if (sub === undefined) {
        if (ses === undefined || ses === null) {
          delete next.awsSes;
          continue;
        }
        next.awsSes = {
          roleArn: str(sesObj, 'roleArn', true) as string,
          region: str(sesObj, 'region', true) as string,
          ...(str(sesObj, 'configurationSetName', false) ? { configurationSetName: sesObj.configurationSetName as string } : {}),
        };
      } else {
        if (!(SES_FIELDS as readonly string[]).includes(sub)) throw apiError(400, `updateMask path ${JSON.stringify(path)} is not a field of awsSes`);
        const value = str(sesObj, sub, false);
        const base = next.awsSes ?? { roleArn: '', region: '' };
        next.awsSes = { ...base, [sub]: value ?? '' };
        if (sub === 'configurationSetName' && !value) delete next.awsSes.configurationSetName;
      }
      continue;
    }
    if (sub !== undefined) throw apiError(400, `updateMask path ${JSON.stringify(path)} is not a field of emailProvider`);
    const value = str(given, top, false);
    const key = top as 'fromName' | 'fromAddress' | 'replyToAddress';
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

async function saveEmailProvider(ctx: AdminContext, body: Record<string, unknown>): Promise<EmailProviderConfig> {
  const given = body.emailProvider;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw apiError(400, 'emailProvider (an object) is required');
  const next = mergeEmailConfig(ctx.state.emailProvider, given as Record<string, unknown>, maskOf(body, given as Record<string, unknown>));
  if (next.awsSes) {
    if (!next.awsSes.roleArn || !next.awsSes.region) throw apiError(400, 'awsSes needs roleArn and region');
    if (!ctx.aws) throw apiError(400, 'this sandbox tenant has no AWS endpoint configured, so an SES provider cannot be checked');
    try {
      await verifySesRole(ctx.aws, next.awsSes, ctx.state.externalId);
    } catch (err: unknown) {
      if (err instanceof EmailProviderCheckError) throw apiError(400, err.message);
      throw err;
    }
  }
  ctx.state.emailProvider = next;
  return next;
}

// ---- routing ----

function segments(pathname: string): string[] {
  try {
    return pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw apiError(400, 'the path is not validly URI-encoded');
  }
}

function methodNotAllowed(): never {
  throw apiError(405, 'method not allowed on this path');
}

function notFound(what: string): never {
  throw apiError(404, `${what} not found`);
}

function servicePrincipal(ctx: AdminContext, id: string): string {
  if (!ctx.state.servicePrincipals.has(id)) notFound(`service principal ${id}`);
  return id;
}

/** Handle a request under /api/v1; throws HttpFailure for error answers. */
export async function handleAdmin(ctx: AdminContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const caller = authenticate(ctx, req);
  const method = req.method ?? 'GET';
  const seg = segments(url.pathname).slice(2); // drop api, v1
  const key = seg.join('/');

  if (key === 'auth/introspect') {
    if (method !== 'GET') methodNotAllowed();
    sendJson(res, 200, {
      userId: caller.principalId,
      principleId: caller.principalId,
      tenantId: ctx.state.tenantId,
      roles: caller.admin ? ['super-admin'] : ['service-principal'],
      permissions: caller.admin ? ['*'] : ['apps:read', 'workload_federation:read'],
      features: ['workload-federation'],
    });
    return;
  }
  if (key === 'apps') {
    if (method !== 'GET') methodNotAllowed();
    sendJson(res, 200, pageOf(SANDBOX_APPS, url.searchParams));
    return;
  }
  if (key === 'settings/aws-external-id') {
    if (method !== 'GET') methodNotAllowed();
    sendJson(res, 200, { awsExternalId: { externalId: ctx.state.externalId } });
    return;
  }
  if (key === 'settings/email-provider') {
    if (method === 'GET') sendJson(res, 200, { emailProvider: ctx.state.emailProvider ?? null });
    else if (method === 'POST') sendJson(res, 200, { emailProvider: await saveEmailProvider(ctx, await readJson(req)) });
    else methodNotAllowed();
    return;
  }
  if (key === 'settings/email-provider/test') {
    if (method !== 'POST') methodNotAllowed();
    const recipient = str(await readJson(req), 'testRecipientEmail', true) as string;
    if (!ctx.state.emailProvider) throw apiError(412, 'no email provider is saved');
    if (!ctx.aws) throw apiError(412, 'this sandbox tenant has no AWS endpoint configured');
    sendJson(res, 200, await sendTestEmail(ctx.aws, ctx.state.emailProvider, ctx.state.externalId, recipient));
    return;
  }
  if (key === 'workload_federation/test-cel') {
    if (method !== 'POST') methodNotAllowed();
    const body = await readJson(req);
    const expression = str(body, 'expression', true) as string;
    const claimsJson = str(body, 'claimsJson', true) as string;
    let claims: unknown;
    try {
      claims = JSON.parse(claimsJson);
    } catch {
      sendJson(res, 200, { matched: false, error: 'claimsJson is not valid JSON' });
      return;
    }
    const r = evaluateTrust(expression, claims);
    sendJson(res, 200, { matched: r.matched, error: r.error ?? '' });
    return;
  }
  if (seg[0] === 'workload_federation' && seg[1] === 'providers') {
    if (seg.length === 2) {
      if (method === 'GET') sendJson(res, 200, pageOf([...ctx.state.providers.values()], url.searchParams));
      else if (method === 'POST') sendJson(res, 200, { provider: await createProvider(ctx, await readJson(req)) });
      else methodNotAllowed();
      return;
    }
    if (seg.length === 3) {
      const provider = ctx.state.providers.get(seg[2]) ?? notFound(`provider ${seg[2]}`);
      if (method === 'GET') sendJson(res, 200, { provider });
      else if (method === 'PATCH') {
        patchProvider(provider, await readJson(req));
        sendJson(res, 200, { provider });
      } else if (method === 'DELETE') {
        const used = [...ctx.state.trusts.values()].filter((t) => t.providerId === provider.id);
        if (used.length > 0) throw apiError(412, `provider ${provider.id} is used by trusts ${used.map((t) => t.clientId).join(', ')}: delete them first`);
        ctx.state.providers.delete(provider.id);
        ctx.discovery.forget(provider.issuerUrl);
        sendJson(res, 200, {});
      } else methodNotAllowed();
      return;
    }
  }
  if (seg[0] === 'service_principals' && seg[2] === 'trusts' && seg.length >= 3) {
    const spId = servicePrincipal(ctx, seg[1]);
    if (seg.length === 3) {
      if (method === 'GET') {
        const trusts = [...ctx.state.trusts.values()].filter((t) => t.servicePrincipalId === spId).map(trustView);
        sendJson(res, 200, pageOf(trusts, url.searchParams));
      } else if (method === 'POST') sendJson(res, 200, { trust: trustView(createTrust(ctx, spId, await readJson(req))) });
      else methodNotAllowed();
      return;
    }
    const trust = ctx.state.findTrust(spId, seg[3]) ?? notFound(`trust ${seg[3]}`);
    if (seg.length === 4) {
      if (method === 'GET') sendJson(res, 200, { trust: trustView(trust) });
      else if (method === 'PATCH') {
        patchTrust(ctx, trust, await readJson(req));
        sendJson(res, 200, { trust: trustView(trust) });
      } else if (method === 'DELETE') {
        ctx.state.trusts.delete(trust.clientId);
        sendJson(res, 200, {});
      } else methodNotAllowed();
      return;
    }
    if (seg.length === 5 && seg[4] === 'test') {
      if (method !== 'POST') methodNotAllowed();
      const subjectToken = str(await readJson(req), 'subjectToken', true) as string;
      const r = await checkSubjectToken({
        state: ctx.state,
        discovery: ctx.discovery,
        trust,
        clientId: trust.clientId,
        subjectToken,
        sourceAddress: undefined,
        nowMs: ctx.now(),
      });
      sendJson(res, 200, r.ok ? { matched: true, error: '', claimsJson: JSON.stringify(r.claims) } : { matched: false, error: `${r.reason}: ${r.details}` });
      return;
    }
  }
  notFound(`path ${url.pathname}`);
}
