/** The local tenant's admin API: CRUD round trips through the project's client, and the refusals it must give. */
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { Apps } from '../../../src/c1/apps';
import { EmailProvider } from '../../../src/c1/email-provider';
import { C1ApiError } from '../../../src/c1/errors';
import { FederationProviders } from '../../../src/c1/federation-providers';
import { FederationTrusts } from '../../../src/c1/federation-trusts';
import { whoami } from '../../../src/c1/introspect';
import { testCel } from '../../../src/c1/test-cel';
import { EXTERNAL_ID_RULE } from '../../../src/policy/rules';
import { call } from './api';
import { startTestIssuer, TEST_SUB, type TestIssuer } from './test-issuer';

let c1: C1Sandbox;
let idp: TestIssuer;
let client: C1ApiClient;

beforeAll(async () => {
  idp = await startTestIssuer();
  c1 = await startC1Sandbox({ tenantHost: 'Example.Conductor.One' });
  client = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } });
});

afterAll(async () => {
  await c1?.stop();
  await idp?.close();
});

async function apiError(p: Promise<unknown>): Promise<C1ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(C1ApiError);
  return err as C1ApiError;
}

test('introspect as admin; the host is lower-cased', async () => {
  expect(c1.tenantHost).toBe('example.conductor.one');
  const me = await whoami(client);
  expect(me.roles).toContain('super-admin');
});

test('apps page with page_size/page_token and end with no nextPageToken', async () => {
  const apps = new Apps(client);
  const first = await apps.listPage(2);
  expect(first.list).toHaveLength(2);
  expect(first.nextPageToken).toBeTruthy();
  const all: string[] = [];
  for await (const a of apps.list(2)) all.push(a.id);
  expect(all).toHaveLength(5);
  expect(new Set(all).size).toBe(5);
  expect((await call(c1.baseUrl, c1.adminToken, 'GET', '/api/v1/apps?page_token=zzz')).status).toBe(400);
});

test('External ID: tenant-wide, follows the rule', async () => {
  const email = new EmailProvider(client);
  const id = await email.getAwsExternalId();
  expect(id).toBe(c1.externalId);
  expect(EXTERNAL_ID_RULE.test(id)).toBe(true);
  expect(await email.getAwsExternalId()).toBe(id);
  const other = await startC1Sandbox();
  try {
    expect(other.externalId).not.toBe(id);
  } finally {
    await other.stop();
  }
});

describe('providers', () => {
  test('create (OIDC discovery checked), get, list, patch, issuer immutable, delete', async () => {
    const providers = new FederationProviders(client);
    const created = await providers.create({ displayName: 'AWS prod', issuerUrl: idp.issuer });
    expect(created).toMatchObject({ displayName: 'AWS prod', issuerUrl: idp.issuer, wellKnownProvider: 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND' });
    expect((await providers.get(created.id)).issuerUrl).toBe(idp.issuer);
    const listed: string[] = [];
    for await (const p of providers.list()) listed.push(p.id);
    expect(listed).toContain(created.id);
    expect((await providers.update(created.id, { displayName: 'AWS production' })).displayName).toBe('AWS production');
    const immutable = await apiError(
      client.request('PATCH', `/api/v1/workload_federation/providers/${created.id}`, { body: { provider: { issuerUrl: 'https://elsewhere.example' }, updateMask: 'issuerUrl' } }),
    );
    expect(immutable.status).toBe(400);
    expect(immutable.message).toMatch(/provider\.issuerUrl is immutable/);
    expect((await providers.get(created.id)).issuerUrl).toBe(idp.issuer);
    const dup = await apiError(providers.create({ displayName: 'again', issuerUrl: idp.issuer }));
    expect(dup.status).toBe(409);
    await providers.delete(created.id);
    expect(await providers.read(created.id)).toBeUndefined();
  });

  test('an issuer without OIDC discovery is refused on create', async () => {
    const providers = new FederationProviders(client);
    const err = await apiError(providers.create({ displayName: 'bad', issuerUrl: `${idp.issuer}/nothing-here` }));
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/failed OIDC discovery: .*HTTP 404/);
    const missing = await apiError(client.request('POST', '/api/v1/workload_federation/providers', { body: { displayName: 'x' } }));
    expect(missing.message).toMatch(/issuerUrl is required/);
  });
});

describe('trusts', () => {
  test('create → clientId format; get by clientId and by short name; patch; list; test a token; delete', async () => {
    const providers = new FederationProviders(client);
    const provider = await providers.create({ displayName: 'for trusts', issuerUrl: `${idp.issuer}` }).catch(async () => {
      for await (const p of providers.list()) if (p.issuerUrl === idp.issuer) return p;
      throw new Error('no provider');
    });
    const trusts = new FederationTrusts(client);
    const sp = c1.defaultServicePrincipalId;
    const condition = `claims.sub == "${TEST_SUB}"`;
    const trust = await trusts.create(sp, { providerId: provider.id, conditionExpression: condition, allowSourceCidrs: ['127.0.0.0/8'] });
    expect(trust.clientId).toMatch(/^[a-z]+-[a-z]+-\d{5}@example\.conductor\.one\/wfe$/);
    const shortName = trust.clientId.split('@')[0];
    expect((await trusts.get(sp, trust.clientId)).conditionExpression).toBe(condition);
    expect((await trusts.get(sp, shortName)).clientId).toBe(trust.clientId);
    const listed: string[] = [];
    for await (const t of trusts.list(sp)) listed.push(t.clientId);
    expect(listed).toEqual([trust.clientId]);

    const good = await trusts.testToken(sp, shortName, await idp.sign(c1.tenantHost));
    expect(good.overallResult).toBe(true);
    const wrongAud = await trusts.testToken(sp, shortName, await idp.sign('other.conductor.one'));
    expect(wrongAud.overallResult).toBe(false);
    expect(wrongAud.audienceValidation?.detail).toMatch(/^audience_mismatch: /);

    const patched = await trusts.update(sp, shortName, { conditionExpression: 'claims.sub == "nobody"', disabled: true });
    expect(patched).toMatchObject({ conditionExpression: 'claims.sub == "nobody"', disabled: true, clientId: trust.clientId });
    await trusts.update(sp, shortName, { disabled: false });
    const celFails = await trusts.testToken(sp, shortName, await idp.sign(c1.tenantHost));
    expect(celFails.overallResult).toBe(false);
    expect(celFails.celEvaluation?.detail).toMatch(/^cel_condition_not_met: /);

    const inUse = await apiError(providers.delete(provider.id));
    expect([inUse.status, inUse.grpcCode]).toEqual([400, 9]);
    await trusts.delete(sp, trust.clientId);
    expect(await trusts.read(sp, trust.clientId)).toBeUndefined();
    await providers.delete(provider.id);
  });

  test('bad input is refused and changes nothing', async () => {
    const providers = new FederationProviders(client);
    const provider = await providers.create({ displayName: 'for bad input', issuerUrl: idp.issuer });
    const trusts = new FederationTrusts(client);
    const sp = c1.defaultServicePrincipalId;
    expect((await apiError(trusts.create(sp, { providerId: 'nope', conditionExpression: 'true' }))).message).toMatch(/providerId nope/);
    expect((await apiError(trusts.create(sp, { providerId: provider.id, conditionExpression: 'claims.sub ==' }))).message).toMatch(/conditionExpression is invalid/);
    expect((await apiError(trusts.create(sp, { providerId: provider.id, conditionExpression: `"${'a'.repeat(1100)}" == claims.sub` }))).message).toMatch(/1024/);
    expect((await apiError(trusts.create(sp, { providerId: provider.id, conditionExpression: 'true', allowSourceCidrs: ['10.0.0.0/33'] }))).message).toMatch(/not a CIDR/);
    expect((await apiError(trusts.create('sp-unknown', { providerId: provider.id, conditionExpression: 'true' }))).status).toBe(404);
    const t = await trusts.create(sp, { providerId: provider.id, conditionExpression: 'true' });
    await apiError(trusts.update(sp, t.clientId, { conditionExpression: 'true', allowSourceCidrs: ['x'] }));
    expect((await trusts.get(sp, t.clientId)).allowSourceCidrs).toEqual([]);
    await trusts.delete(sp, t.clientId);
    await providers.delete(provider.id);
  });
});

test('test-cel: matched, false, and an error', async () => {
  const claims = { sub: TEST_SUB, 'https://sts.amazonaws.com/': { aws_account: '111122223333' } };
  expect(await testCel(client, `claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333"`, claims)).toEqual({ matched: true });
  expect(await testCel(client, 'claims.sub == "x"', claims)).toEqual({ matched: false });
  const bad = await testCel(client, 'claims.sub ==', claims);
  expect(bad.matched).toBe(false);
  expect(bad.error).toMatch(/parse/);
});

test('email provider without AWS: fields without SES save; SES cannot be checked and the old config stays', async () => {
  const email = new EmailProvider(client);
  const settings = async (): Promise<unknown> => {
    const { createdAt: _c, updatedAt: _u, ...rest } = (await email.get()) ?? {};
    return rest;
  };
  expect(await email.get()).toEqual({ c1Builtin: {} });
  await email.save({ fromName: 'Acme', fromAddress: 'c1@example.com' });
  expect(await settings()).toEqual({ fromName: 'Acme', fromAddress: 'c1@example.com', c1Builtin: {} });
  await email.save({ fromName: 'Acme IT', fromAddress: 'ignored@example.com' }, ['fromName']);
  expect(await settings()).toEqual({ fromName: 'Acme IT', fromAddress: 'c1@example.com', c1Builtin: {} });
  const err = await apiError(email.save({ awsSes: { roleArn: 'arn:aws:iam::111122223333:role/ses', region: 'us-east-1' } }));
  expect([err.status, err.grpcCode]).toEqual([400, 9]);
  expect(await settings()).toEqual({ fromName: 'Acme IT', fromAddress: 'c1@example.com', c1Builtin: {} });
  expect((await apiError(email.save({ fromName: 'x' }, ['nope']))).message).toMatch(/updateMask path "nope"/);
  expect(await email.sendTest('someone@example.net')).toMatchObject({ success: true });
});

test('unknown paths are 404, wrong methods 405', async () => {
  expect((await call(c1.baseUrl, c1.adminToken, 'GET', '/api/v1/nothing')).status).toBe(404);
  expect((await call(c1.baseUrl, c1.adminToken, 'DELETE', '/api/v1/auth/introspect')).status).toBe(405);
});
