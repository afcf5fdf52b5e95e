/**
 * Service principals (CRUD through the project's client) and who may call the admin API: 401 without
 * or with a bad bearer, 403 for a workload's exchanged token doing admin writes, error bodies as
 * grpc-gateway writes them.
 */
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { C1ApiError } from '../../../src/c1/errors';
import { exchangeToken } from '../../../src/c1/exchange';
import { FederationProviders } from '../../../src/c1/federation-providers';
import { FederationTrusts } from '../../../src/c1/federation-trusts';
import { whoami } from '../../../src/c1/introspect';
import { ServicePrincipals } from '../../../src/c1/service-principals';
import { call } from './api';
import { startTestIssuer, type TestIssuer } from './test-issuer';

let c1: C1Sandbox;
let idp: TestIssuer;
let admin: C1ApiClient;
let providerId: string;

beforeAll(async () => {
  idp = await startTestIssuer();
  c1 = await startC1Sandbox();
  admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } });
  providerId = (await new FederationProviders(admin).create({ displayName: 'AWS', issuerUrl: idp.issuer })).id;
});

afterAll(async () => {
  await c1?.stop();
  await idp?.close();
});

async function failure(p: Promise<unknown>): Promise<C1ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(C1ApiError);
  return err as C1ApiError;
}

/** A workload token for a new trust under `spId`. */
async function workloadToken(spId: string): Promise<{ token: string; clientId: string }> {
  const trust = await new FederationTrusts(admin).create(spId, { providerId, conditionExpression: 'claims.sub != ""' });
  const t = await exchangeToken({ clientId: trust.clientId, subjectToken: await idp.sign(c1.tenantHost), baseUrl: c1.baseUrl, http: { retries: 0 } });
  return { token: t.accessToken, clientId: trust.clientId };
}

describe('service principals', () => {
  test('create, get, list (paged), update, delete; answers wrapped; unknown ids are 404', async () => {
    const sps = new ServicePrincipals(admin);
    const a = await sps.create({ displayName: 'deploy' });
    expect(a).toEqual({ id: expect.stringMatching(/^sp-/), displayName: 'deploy', createdAt: expect.any(String), updatedAt: a.createdAt });
    const raw = await call(c1.baseUrl, c1.adminToken, 'GET', `/api/v1/service_principals/${a.id}`);
    expect(raw.body).toEqual({ servicePrincipal: a });
    // display names need not be unique (C1 tells principals apart by id)
    const b = await sps.create({ displayName: 'deploy' });
    expect(b.id).not.toBe(a.id);
    const page = await sps.listPage(1);
    expect(page.list).toHaveLength(1);
    expect(page.nextPageToken).toBeTruthy();
    const ids: string[] = [];
    for await (const p of sps.list(1)) ids.push(p.id);
    expect(ids).toEqual([c1.defaultServicePrincipalId, a.id, b.id]);

    expect((await sps.update(a.id, { displayName: 'deployer' })).displayName).toBe('deployer');
    expect((await sps.get(a.id)).displayName).toBe('deployer');
    await sps.delete(a.id);
    expect(await sps.read(a.id)).toBeUndefined();
    await sps.delete(a.id); // idempotent
    expect((await failure(sps.get(a.id))).status).toBe(404);
    expect((await failure(sps.update(a.id, { displayName: 'x' }))).status).toBe(404);
    expect((await failure(new FederationTrusts(admin).create(a.id, { providerId, conditionExpression: 'true' }))).status).toBe(404);
    await sps.delete(b.id);
  });

  test('create needs a displayName', async () => {
    const r = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/service_principals', {});
    expect(r).toEqual({ status: 400, body: { code: 3, message: 'displayName is required', details: [] } });
  });

  test('deleting one that holds trusts is refused (FAILED_PRECONDITION) and keeps both; after the trusts go, it deletes and its tokens die', async () => {
    const sps = new ServicePrincipals(admin);
    const sp = await sps.create({ displayName: 'holder' });
    const { token, clientId } = await workloadToken(sp.id);
    const workload = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => token, http: { retries: 0 } });
    expect((await whoami(workload)).principleId).toBe(sp.id);

    const refused = await failure(sps.delete(sp.id));
    expect([refused.status, refused.grpcCode]).toEqual([400, 9]);
    expect(refused.serverMessage).toMatch(/still has 1 trust\(s\) .*delete them first/);
    expect(await sps.read(sp.id)).toBeDefined();
    expect(await new FederationTrusts(admin).read(sp.id, clientId)).toBeDefined();

    await new FederationTrusts(admin).delete(sp.id, clientId);
    await sps.delete(sp.id);
    expect((await failure(whoami(workload))).status).toBe(401);
  });
});

describe('authentication and permissions', () => {
  test('401 without a bearer token or with an unknown one, as {code: 16, message, details}', async () => {
    const none = await call(c1.baseUrl, undefined, 'GET', '/api/v1/service_principals');
    expect(none).toEqual({ status: 401, body: { code: 16, message: expect.stringMatching(/missing Bearer token/), details: [] } });
    const bad = await call(c1.baseUrl, 'not-a-token', 'GET', '/api/v1/workload_federation/providers');
    expect([bad.status, bad.body.code]).toEqual([401, 16]);
    const client = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => 'not-a-token', http: { retries: 0 } });
    const err = await failure(new ServicePrincipals(client).list().next());
    expect([err.status, err.grpcCode, err.code]).toEqual([401, 16, 'C1AWS_API_ERROR']);
    expect(err.message).not.toContain('not-a-token');
  });

  test("a workload's token reads federation objects but every admin write is 403, and introspect says why", async () => {
    const { token, clientId } = await workloadToken(c1.defaultServicePrincipalId);
    const me = await call(c1.baseUrl, token, 'GET', '/api/v1/auth/introspect');
    expect(me.body.permissions).toEqual(['apps:read', 'workload_federation:read']);

    expect((await call(c1.baseUrl, token, 'GET', '/api/v1/workload_federation/providers')).status).toBe(200);
    expect((await call(c1.baseUrl, token, 'GET', `/api/v1/service_principals/${c1.defaultServicePrincipalId}/trusts`)).status).toBe(200);
    const trustPath = `/api/v1/service_principals/${c1.defaultServicePrincipalId}/trusts/${encodeURIComponent(clientId)}`;
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/workload_federation/providers', { displayName: 'x', issuerUrl: 'https://x.example' }],
      ['PATCH', `/api/v1/workload_federation/providers/${providerId}`, { provider: { disabled: true }, updateMask: 'disabled' }],
      ['DELETE', `/api/v1/workload_federation/providers/${providerId}`, undefined],
      ['PATCH', trustPath, { trust: { conditionExpression: 'true' }, updateMask: 'conditionExpression' }],
      ['DELETE', trustPath, undefined],
      ['POST', `/api/v1/service_principals/${c1.defaultServicePrincipalId}/trusts`, { providerId, conditionExpression: 'true' }],
      ['POST', '/api/v1/service_principals', { displayName: 'x' }],
      ['POST', '/api/v1/settings/email-provider', { emailProvider: { c1Builtin: {} }, updateMask: 'c1Builtin' }],
    ];
    for (const [method, path, body] of writes) {
      const r = await call(c1.baseUrl, token, method, path, body);
      expect([method, path, r.status, r.body.code]).toEqual([method, path, 403, 7]);
      expect(r.body.message).toMatch(/permission denied: this call needs (workload_federation|service_principals|settings):write/);
    }
    // nothing changed
    expect((await new FederationProviders(admin).get(providerId)).disabled).toBe(false);
    expect((await new FederationTrusts(admin).get(c1.defaultServicePrincipalId, clientId)).conditionExpression).toBe('claims.sub != ""');
    // reading settings (the External ID) is not for workloads either
    expect((await call(c1.baseUrl, token, 'GET', '/api/v1/settings/aws-external-id')).status).toBe(403);
    await new FederationTrusts(admin).delete(c1.defaultServicePrincipalId, clientId);
  });

  test('unknown routes are 404 and wrong methods 405, both as grpc-gateway bodies', async () => {
    expect(await call(c1.baseUrl, c1.adminToken, 'GET', '/api/v1/nothing')).toEqual({ status: 404, body: { code: 5, message: expect.any(String), details: [] } });
    expect(await call(c1.baseUrl, c1.adminToken, 'PUT', '/api/v1/service_principals')).toEqual({ status: 405, body: { code: 12, message: expect.any(String), details: [] } });
  });
});
