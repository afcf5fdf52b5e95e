/**
 * The tenant's JSON API under /api/v1, answering as C1 does: Bearer auth (the sandbox's admin token
 * or an exchanged token), single answers wrapped (`{provider}`, `{trust}`, `{servicePrincipal}`,
 * `{emailProvider}`), lists as `{list, nextPageToken}`, updates as `PATCH {<wrapper>, updateMask}`,
 * errors as grpc-gateway's `{code, message, details}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { evaluateTrust } from '../../cel';
import type { AdminContext } from './context';
import { emailProviderView, saveEmailProvider, sendTest } from './email-settings-api';
import { jsonNames, optStr, reqStr, type Json } from './fields';
import { apiError, readJson as readRaw, sendJson } from './http-io';
import { pageOf } from './pages';
import { authenticate, requirePermission, type Caller, type Permission } from './permissions';
import { createProvider, deleteProvider, patchProvider, providerView } from './providers-api';
import { createServicePrincipal, deleteServicePrincipal, patchServicePrincipal, servicePrincipalView } from './service-principals-api';
import { testTrust } from './trust-test';
import { createTrust, patchTrust, searchTrusts, trustView } from './trusts-api';

export type { AdminContext } from './context';
export { AWS_IAM_OUTBOUND_PROVIDER } from './providers-api';

/** A few apps so paging can be exercised. */
export const SANDBOX_APPS: readonly { id: string; displayName: string }[] = [
  { id: 'app-aws', displayName: 'AWS' },
  { id: 'app-github', displayName: 'GitHub' },
  { id: 'app-okta', displayName: 'Okta' },
  { id: 'app-slack', displayName: 'Slack' },
  { id: 'app-snowflake', displayName: 'Snowflake' },
];

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

/** The request body with protobuf JSON's field names (`display_name` reads as `displayName`). */
async function readJson(req: IncomingMessage): Promise<Json> {
  return jsonNames(await readRaw(req)) as Json;
}

/** Reads need `<area>:read`, everything else `<area>:write`. */
function allow(caller: Caller, method: string, area: 'workload_federation' | 'service_principals' | 'settings'): void {
  requirePermission(caller, `${area}:${method === 'GET' ? 'read' : 'write'}` as Permission);
}

/** Handle a request under /api/v1; throws HttpFailure for error answers. */
export async function handleAdmin(ctx: AdminContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const caller = authenticate(ctx.state, req, ctx.now());
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
      permissions: [...caller.permissions],
      features: ['workload-federation'],
    });
    return;
  }
  if (key === 'apps') {
    if (method !== 'GET') methodNotAllowed();
    requirePermission(caller, 'apps:read');
    sendJson(res, 200, pageOf(SANDBOX_APPS, url.searchParams));
    return;
  }
  if (key === 'settings/aws-external-id') {
    if (method !== 'GET') methodNotAllowed();
    allow(caller, method, 'settings');
    sendJson(res, 200, { awsExternalId: { externalId: ctx.state.externalId } });
    return;
  }
  if (key === 'settings/email-provider') {
    if (method !== 'GET' && method !== 'POST') methodNotAllowed();
    allow(caller, method, 'settings');
    if (method === 'GET') sendJson(res, 200, { emailProvider: emailProviderView(ctx.state.emailProvider) });
    else sendJson(res, 200, { emailProvider: emailProviderView(await saveEmailProvider(ctx, await readJson(req))) });
    return;
  }
  if (key === 'settings/email-provider/test') {
    if (method !== 'POST') methodNotAllowed();
    allow(caller, method, 'settings');
    sendJson(res, 200, await sendTest(ctx, await readJson(req)));
    return;
  }
  if (key === 'workload_federation/test-cel') {
    if (method !== 'POST') methodNotAllowed();
    requirePermission(caller, 'workload_federation:read'); // evaluates, changes nothing
    const body = await readJson(req);
    const expression = reqStr(body, 'expression');
    const claimsJson = reqStr(body, 'claimsJson');
    let claims: unknown;
    try {
      claims = JSON.parse(claimsJson);
    } catch {
      sendJson(res, 200, { matched: false, error: 'claimsJson is not valid JSON', expression });
      return;
    }
    const r = evaluateTrust(expression, claims);
    sendJson(res, 200, { matched: r.matched, error: r.error ?? '', expression });
    return;
  }
  if (key === 'search/workload_federation_trusts') {
    if (method !== 'POST') methodNotAllowed();
    requirePermission(caller, 'workload_federation:read');
    sendJson(res, 200, searchTrusts(ctx, await readJson(req)));
    return;
  }
  if (seg[0] === 'workload_federation' && seg[1] === 'providers' && seg.length <= 3) {
    allow(caller, method, 'workload_federation');
    if (seg.length === 2) {
      if (method === 'GET') sendJson(res, 200, pageOf([...ctx.state.providers.values()].map(providerView), url.searchParams));
      else if (method === 'POST') sendJson(res, 200, { provider: providerView(await createProvider(ctx, await readJson(req))) });
      else methodNotAllowed();
      return;
    }
    if (!['GET', 'PATCH', 'DELETE'].includes(method)) methodNotAllowed();
    const provider = ctx.state.providers.get(seg[2]) ?? notFound(`provider ${seg[2]}`);
    if (method === 'GET') sendJson(res, 200, { provider: providerView(provider) });
    else if (method === 'PATCH') {
      patchProvider(ctx, provider, await readJson(req));
      sendJson(res, 200, { provider: providerView(provider) });
    } else {
      deleteProvider(ctx, provider);
      sendJson(res, 200, {});
    }
    return;
  }
  if (seg[0] === 'service_principals' && seg.length <= 2) {
    allow(caller, method, 'service_principals');
    if (seg.length === 1) {
      if (method === 'GET') sendJson(res, 200, pageOf([...ctx.state.servicePrincipals.values()].map(servicePrincipalView), url.searchParams));
      else if (method === 'POST') sendJson(res, 200, { servicePrincipal: servicePrincipalView(createServicePrincipal(ctx, await readJson(req))) });
      else methodNotAllowed();
      return;
    }
    if (!['GET', 'PATCH', 'DELETE'].includes(method)) methodNotAllowed();
    const sp = ctx.state.servicePrincipals.get(seg[1]) ?? notFound(`service principal ${seg[1]}`);
    if (method === 'GET') sendJson(res, 200, { servicePrincipal: servicePrincipalView(sp) });
    else if (method === 'PATCH') {
      patchServicePrincipal(ctx, sp, await readJson(req));
      sendJson(res, 200, { servicePrincipal: servicePrincipalView(sp) });
    } else {
      deleteServicePrincipal(ctx, sp);
      sendJson(res, 200, {});
    }
    return;
  }
  if (seg[0] === 'service_principals' && seg[2] === 'trusts' && seg.length <= 5) {
    const isTest = seg.length === 5 && seg[4] === 'test';
    if (seg.length === 5 && !isTest) notFound(`path ${url.pathname}`);
    // Testing a token changes nothing: a read permission is enough.
    allow(caller, isTest ? 'GET' : method, 'workload_federation');
    const spId = ctx.state.servicePrincipals.has(seg[1]) ? seg[1] : notFound(`service principal ${seg[1]}`);
    if (seg.length === 3) {
      if (method === 'GET') {
        const trusts = [...ctx.state.trusts.values()].filter((t) => t.servicePrincipalId === spId).map(trustView);
        sendJson(res, 200, pageOf(trusts, url.searchParams));
      } else if (method === 'POST') sendJson(res, 200, { trust: trustView(createTrust(ctx, spId, await readJson(req))) });
      else methodNotAllowed();
      return;
    }
    if (isTest ? method !== 'POST' : !['GET', 'PATCH', 'DELETE'].includes(method)) methodNotAllowed();
    const trust = ctx.state.findTrust(spId, seg[3]) ?? notFound(`trust ${seg[3]}`);
    if (isTest) {
      const body = await readJson(req);
      const sourceIp = optStr(body, 'sourceIp');
      sendJson(res, 200, await testTrust(ctx, trust, reqStr(body, 'subjectToken'), sourceIp === '' ? undefined : sourceIp));
    } else if (method === 'GET') sendJson(res, 200, { trust: trustView(trust) });
    else if (method === 'PATCH') {
      patchTrust(ctx, trust, await readJson(req));
      sendJson(res, 200, { trust: trustView(trust) });
    } else {
      ctx.state.trusts.delete(trust.clientId);
      sendJson(res, 200, {});
    }
    return;
  }
  notFound(`path ${url.pathname}`);
}
