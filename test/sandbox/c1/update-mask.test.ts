/**
 * Updates as C1 takes them: PATCH {<wrapper>: {...}, updateMask: "a,b"}. Planted: no mask, no wrapper,
 * a mask of the wrong type or case, unknown paths; only masked paths apply; immutable and read-only
 * fields refused; updatedAt moves on every successful update and not on a refused one.
 */
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { FederationProviders, type FederationProvider } from '../../../src/c1/federation-providers';
import { FederationTrusts, type FederationTrust } from '../../../src/c1/federation-trusts';
import { ServicePrincipals } from '../../../src/c1/service-principals';
import { call } from './api';
import { startTestIssuer, type TestIssuer } from './test-issuer';

let c1: C1Sandbox;
let idp: TestIssuer;
let idp2: TestIssuer;
let client: C1ApiClient;
let provider: FederationProvider;
let other: FederationProvider;
let trust: FederationTrust;
let clock = Date.parse('2026-03-01T10:00:00Z');
const sp = (): string => c1.defaultServicePrincipalId;
const providerPath = (): string => `/api/v1/workload_federation/providers/${provider.id}`;
const trustPath = (): string => `/api/v1/service_principals/${sp()}/trusts/${encodeURIComponent(trust.clientId)}`;

beforeAll(async () => {
  idp = await startTestIssuer();
  idp2 = await startTestIssuer();
  c1 = await startC1Sandbox({ now: () => clock });
  client = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } });
  provider = await new FederationProviders(client).create({ displayName: 'AWS', description: 'prod account', issuerUrl: idp.issuer });
  other = await new FederationProviders(client).create({ displayName: 'other', issuerUrl: idp2.issuer });
  trust = await new FederationTrusts(client).create(sp(), {
    providerId: provider.id,
    conditionExpression: 'claims.sub != ""',
    displayName: 'ci',
    description: 'deploys',
    allowSourceCidrs: ['10.0.0.0/8'],
    scopedRoleIds: ['role-1'],
  });
});

afterAll(async () => {
  await c1?.stop();
  await idp?.close();
  await idp2?.close();
});

async function patch(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return call(c1.baseUrl, c1.adminToken, 'PATCH', path, body);
}

describe('the request shape', () => {
  test('a bare partial object (no wrapper) is refused and changes nothing', async () => {
    const r = await patch(providerPath(), { displayName: 'bare' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 3, message: expect.stringMatching(/^provider is required/), details: [] });
    expect((await call(c1.baseUrl, c1.adminToken, 'GET', providerPath())).body.provider).toMatchObject({ displayName: 'AWS' });
  });

  test('a wrapper without updateMask is refused and changes nothing', async () => {
    for (const [path, body] of [
      [providerPath(), { provider: { displayName: 'no mask' } }],
      [trustPath(), { trust: { displayName: 'no mask' } }],
      [`/api/v1/service_principals/${sp()}`, { servicePrincipal: { displayName: 'no mask' } }],
      [providerPath(), { provider: { displayName: 'empty mask' }, updateMask: '' }],
    ] as const) {
      const r = await patch(path, body);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/updateMask is required/);
    }
    expect((await new FederationProviders(client).get(provider.id)).displayName).toBe('AWS');
    expect((await new FederationTrusts(client).get(sp(), trust.clientId)).displayName).toBe('ci');
  });

  test('updateMask must be one comma-separated string of lowerCamelCase paths naming fields', async () => {
    const list = await patch(providerPath(), { provider: { displayName: 'x' }, updateMask: ['displayName'] });
    expect([list.status, list.body.message]).toEqual([400, expect.stringMatching(/comma-separated field paths/)]);
    const snake = await patch(providerPath(), { provider: { displayName: 'x' }, updateMask: 'display_name' });
    expect([snake.status, snake.body.message]).toEqual([400, expect.stringMatching(/not lowerCamelCase: write "displayName"/)]);
    const unknown = await patch(providerPath(), { provider: { displayName: 'x', colour: 'red' }, updateMask: 'displayName,colour' });
    expect([unknown.status, unknown.body.message]).toEqual([400, expect.stringMatching(/path "colour" is not a field of provider/)]);
    const wildcard = await patch(trustPath(), { trust: { displayName: 'x' }, updateMask: '*' });
    expect(wildcard.status).toBe(400);
    expect((await new FederationProviders(client).get(provider.id)).displayName).toBe('AWS');
  });

  test("fields may be named by their proto names too, as protobuf JSON allows; not both ways at once", async () => {
    const r = await patch(trustPath(), { trust: { display_name: 'by proto name' }, update_mask: 'displayName' });
    expect([r.status, (r.body.trust as FederationTrust).displayName]).toEqual([200, 'by proto name']);
    const both = await patch(trustPath(), { trust: { displayName: 'a', display_name: 'b' }, updateMask: 'displayName' });
    expect([both.status, both.body.message]).toEqual([400, 'duplicate field "displayName" (given as "display_name" too)']);
    await patch(trustPath(), { trust: { displayName: 'ci' }, updateMask: 'displayName' });
  });

  test('a wrong value type is INVALID_ARGUMENT', async () => {
    const r = await patch(trustPath(), { trust: { disabled: 'yes' }, updateMask: 'disabled' });
    expect([r.status, r.body.code, r.body.message]).toEqual([400, 3, 'trust.disabled must be a boolean']);
  });
});

describe('only the masked paths change', () => {
  test('a body field outside the mask is ignored', async () => {
    const p = await new FederationProviders(client).update(provider.id, { displayName: 'AWS prod', description: 'ignored' }, ['displayName']);
    expect(p).toMatchObject({ displayName: 'AWS prod', description: 'prod account' });
    const t = await new FederationTrusts(client).update(sp(), trust.clientId, { disabled: true, conditionExpression: 'false', scopedRoleIds: [] }, ['disabled']);
    expect(t).toMatchObject({ disabled: true, conditionExpression: 'claims.sub != ""', scopedRoleIds: ['role-1'] });
    await new FederationTrusts(client).update(sp(), trust.clientId, { disabled: false });
  });

  test('a masked path absent from the body is reset to its default (FieldMask semantics)', async () => {
    const r = await patch(trustPath(), { trust: {}, updateMask: 'description,allowSourceCidrs' });
    expect(r.status).toBe(200);
    expect(r.body.trust).toMatchObject({ description: '', allowSourceCidrs: [], displayName: 'ci', scopedRoleIds: ['role-1'] });
    // a required field cannot be reset
    const cel = await patch(trustPath(), { trust: {}, updateMask: 'conditionExpression' });
    expect([cel.status, cel.body.message]).toEqual([400, 'trust.conditionExpression is required']);
    const name = await patch(providerPath(), { provider: { displayName: '  ' }, updateMask: 'displayName' });
    expect([name.status, name.body.message]).toEqual([400, 'provider.displayName must not be empty']);
  });

  test('one bad path refuses the whole update', async () => {
    const r = await patch(trustPath(), { trust: { displayName: 'half', allowSourceCidrs: ['10.0.0.0/33'] }, updateMask: 'displayName,allowSourceCidrs' });
    expect(r.status).toBe(400);
    expect((await new FederationTrusts(client).get(sp(), trust.clientId)).displayName).toBe('ci');
  });
});

describe('immutable and read-only fields', () => {
  test('a trust cannot move to another provider; its read-only fields cannot change', async () => {
    const moved = await patch(trustPath(), { trust: { providerId: other.id }, updateMask: 'providerId' });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ code: 3, message: expect.stringMatching(/^trust\.providerId is immutable: .*create a new trust instead/) });
    for (const field of ['clientId', 'servicePrincipalId', 'createdAt', 'updatedAt']) {
      const r = await patch(trustPath(), { trust: { [field]: 'changed' }, updateMask: field });
      expect([field, r.status, r.body.message]).toEqual([field, 400, `trust.${field} is read-only: it is set by C1 and cannot be changed`]);
    }
    // naming an immutable field with its current value is not a change
    const same = await patch(trustPath(), { trust: { providerId: provider.id, displayName: 'ci 2' }, updateMask: 'providerId,displayName' });
    expect([same.status, (same.body.trust as FederationTrust).displayName]).toEqual([200, 'ci 2']);
    expect((await new FederationTrusts(client).get(sp(), trust.clientId)).providerId).toBe(provider.id);
  });

  test("a provider's issuerUrl and wellKnownProvider are immutable, its id and timestamps read-only", async () => {
    const issuer = await patch(providerPath(), { provider: { issuerUrl: idp2.issuer }, updateMask: 'issuerUrl' });
    expect([issuer.status, issuer.body.message]).toEqual([400, expect.stringMatching(/^provider\.issuerUrl is immutable/)]);
    const wk = await patch(providerPath(), { provider: { wellKnownProvider: 'WELL_KNOWN_WORKLOAD_PROVIDER_GITHUB_ACTIONS' }, updateMask: 'wellKnownProvider' });
    expect([wk.status, wk.body.message]).toEqual([400, expect.stringMatching(/^provider\.wellKnownProvider is immutable/)]);
    const id = await patch(providerPath(), { provider: { id: 'wfp-other' }, updateMask: 'id' });
    expect([id.status, id.body.message]).toEqual([400, expect.stringMatching(/^provider\.id is read-only/)]);
    // outside the mask, an immutable field in the body is ignored like any other
    const ignored = await patch(providerPath(), { provider: { issuerUrl: idp2.issuer, description: 'd2' }, updateMask: 'description' });
    expect(ignored.status).toBe(200);
    expect(ignored.body.provider).toMatchObject({ issuerUrl: idp.issuer, description: 'd2' });
  });

  test("a service principal's id and createdAt are read-only", async () => {
    const r = await patch(`/api/v1/service_principals/${sp()}`, { servicePrincipal: { id: 'sp-x' }, updateMask: 'id' });
    expect([r.status, r.body.message]).toEqual([400, 'servicePrincipal.id is read-only: it is set by C1 and cannot be changed']);
  });
});

describe('timestamps', () => {
  test('createdAt stays; updatedAt moves on every successful update (even within one millisecond), not on a refused one', async () => {
    const providers = new FederationProviders(client);
    const before = await providers.get(provider.id);
    expect(before.createdAt).toBe('2026-03-01T10:00:00.000Z');
    clock += 5000;
    const a = await providers.update(provider.id, { disabled: false });
    expect(a.createdAt).toBe(before.createdAt);
    expect(a.updatedAt).toBe('2026-03-01T10:00:05.000Z');
    const b = await providers.update(provider.id, { disabled: false }); // same clock, same value
    expect(Date.parse(b.updatedAt ?? '')).toBeGreaterThan(Date.parse(a.updatedAt ?? ''));
    await patch(providerPath(), { provider: { issuerUrl: 'https://x.example' }, updateMask: 'issuerUrl' });
    expect((await providers.get(provider.id)).updatedAt).toBe(b.updatedAt);

    const trusts = new FederationTrusts(client);
    const t0 = await trusts.get(sp(), trust.clientId);
    clock += 1000;
    const t1 = await trusts.update(sp(), trust.clientId, { description: 'again' });
    expect([t1.createdAt, Date.parse(t1.updatedAt ?? '') > Date.parse(t0.updatedAt ?? '')]).toEqual([t0.createdAt, true]);

    const sps = new ServicePrincipals(client);
    const s0 = await sps.get(sp());
    clock += 1000;
    const s1 = await sps.update(sp(), { displayName: 'renamed' });
    expect([s1.displayName, s1.createdAt, Date.parse(s1.updatedAt ?? '') > Date.parse(s0.updatedAt ?? '')]).toEqual(['renamed', s0.createdAt, true]);
  });
});
