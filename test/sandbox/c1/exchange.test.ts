/** The local tenant's token exchange: every refusal reason planted once, and the success path. */
import { SignJWT, UnsecuredJWT } from 'jose';
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { exchangeToken } from '../../../src/c1/exchange';
import { C1ExchangeError } from '../../../src/c1/errors';
import { call, exchange, exchangeFields, GRANT, JWT_TYPE } from './api';
import { startTestIssuer, TEST_SUB, type TestIssuer } from './test-issuer';

const MATCHING_CEL = `claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333" && claims.sub == "${TEST_SUB}"`;

let c1: C1Sandbox;
let idp: TestIssuer;
let providerId: string;
const trusts: Record<string, string> = {};

async function createTrust(spec: Record<string, unknown>, sp = c1.defaultServicePrincipalId): Promise<string> {
  const r = await call(c1.baseUrl, c1.adminToken, 'POST', `/api/v1/service_principals/${sp}/trusts`, { providerId, conditionExpression: MATCHING_CEL, ...spec });
  expect(r.status).toBe(200);
  return (r.body.trust as { clientId: string }).clientId;
}

beforeAll(async () => {
  idp = await startTestIssuer();
  c1 = await startC1Sandbox();
  const p = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/workload_federation/providers', { displayName: 'test', issuerUrl: idp.issuer });
  expect(p.status).toBe(200);
  providerId = (p.body.provider as { id: string }).id;
  trusts.ok = await createTrust({});
  trusts.celFalse = await createTrust({ conditionExpression: 'claims.sub == "arn:aws:iam::111122223333:role/other"' });
  trusts.disabled = await createTrust({ disabled: true });
  trusts.ipOutside = await createTrust({ allowSourceCidrs: ['10.0.0.0/8', '2001:db8::/32'] });
  trusts.ipInside = await createTrust({ allowSourceCidrs: ['127.0.0.0/8'] });
  const sp2 = c1.addServicePrincipal('second');
  trusts.spDisabled = await createTrust({}, sp2);
  c1.setServicePrincipalDisabled(sp2, true);
});

afterAll(async () => {
  await c1?.stop();
  await idp?.close();
});

async function refusal(clientId: string, token: string): Promise<{ status: number; error: unknown; description: string }> {
  const r = await exchange(c1.baseUrl, exchangeFields(clientId, token));
  expect(r.body.access_token).toBeUndefined();
  return { status: r.status, error: r.body.error, description: String(r.body.error_description) };
}

describe('success', () => {
  test('an RS256 token is exchanged for a Bearer token that introspect accepts', async () => {
    const r = await exchange(c1.baseUrl, exchangeFields(trusts.ok, await idp.sign(c1.tenantHost)));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ access_token: expect.any(String), issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 1800 });
    const me = await call(c1.baseUrl, r.body.access_token as string, 'GET', '/api/v1/auth/introspect');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: c1.defaultServicePrincipalId, principleId: c1.defaultServicePrincipalId, roles: expect.any(Array), permissions: expect.any(Array), features: expect.any(Array) });
    expect(typeof me.body.tenantId).toBe('string');
  });

  test('an ES384 token is accepted, and an audience list containing the host is accepted', async () => {
    const r = await exchange(c1.baseUrl, exchangeFields(trusts.ok, await idp.sign(c1.tenantHost, { aud: ['other.example', c1.tenantHost] }, { alg: 'ES384' })));
    expect(r.status).toBe(200);
  });

  test('a random token and a missing token are refused by the API (401)', async () => {
    expect((await call(c1.baseUrl, 'not-a-token', 'GET', '/api/v1/auth/introspect')).status).toBe(401);
    expect((await call(c1.baseUrl, undefined, 'GET', '/api/v1/auth/introspect')).status).toBe(401);
  });

  test('an issued token stops working after 1800 s', async () => {
    const r = await exchange(c1.baseUrl, exchangeFields(trusts.ok, await idp.sign(c1.tenantHost)));
    const token = r.body.access_token as string;
    expect((await call(c1.baseUrl, token, 'GET', '/api/v1/auth/introspect')).status).toBe(200);
    const start = Date.now();
    c1.now = () => start + 1801 * 1000;
    try {
      expect((await call(c1.baseUrl, token, 'GET', '/api/v1/auth/introspect')).status).toBe(401);
    } finally {
      c1.now = undefined;
    }
  });

  test("the allowed source CIDR contains loopback: accepted", async () => {
    expect((await exchange(c1.baseUrl, exchangeFields(trusts.ipInside, await idp.sign(c1.tenantHost)))).status).toBe(200);
  });

  test("the project's client parses the answer", async () => {
    const t = await exchangeToken({ clientId: trusts.ok, subjectToken: await idp.sign(c1.tenantHost), baseUrl: c1.baseUrl });
    expect(t.tokenType).toBe('Bearer');
    expect(t.accessToken.length).toBeGreaterThan(20);
  });
});

describe('refusals (one planted defect each)', () => {
  test('unknown client id → trust_not_found (401 invalid_client)', async () => {
    const r = await refusal(`brave-otter-00000@${c1.tenantHost}/wfe`, await idp.sign(c1.tenantHost));
    expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(r.description).toMatch(/^trust_not_found: /);
  });

  test('disabled trust → sp_disabled', async () => {
    const r = await refusal(trusts.disabled, await idp.sign(c1.tenantHost));
    expect(r.status).toBe(401);
    expect(r.description).toMatch(/^sp_disabled: .*trust/);
  });

  test('disabled service principal → sp_disabled', async () => {
    const r = await refusal(trusts.spDisabled, await idp.sign(c1.tenantHost));
    expect(r.description).toMatch(/^sp_disabled: .*service principal/);
  });

  test('source IP outside allowSourceCidrs → ip_not_allowed', async () => {
    const r = await refusal(trusts.ipOutside, await idp.sign(c1.tenantHost));
    expect(r).toMatchObject({ status: 400, error: 'invalid_grant' });
    expect(r.description).toMatch(/^ip_not_allowed: /);
  });

  test('not a JWT → invalid_jwt_format', async () => {
    const r = await refusal(trusts.ok, 'not.a-jwt');
    expect(r.description).toMatch(/^invalid_jwt_format: /);
  });

  test('wrong issuer → issuer_mismatch', async () => {
    const r = await refusal(trusts.ok, await idp.sign(c1.tenantHost, { iss: 'https://11111111-2222-3333-4444-555555555555.tokens.sts.global.api.aws' }));
    expect(r.description).toMatch(/^issuer_mismatch: /);
  });

  test('wrong audience → audience_mismatch', async () => {
    const r = await refusal(trusts.ok, await idp.sign('other.conductor.one'));
    expect(r.description).toMatch(/^audience_mismatch: /);
  });

  test('expired → token_expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await refusal(trusts.ok, await idp.sign(c1.tenantHost, { iat: now - 120, exp: now - 60 }));
    expect(r.description).toMatch(/^token_expired: /);
  });

  test('iat older than 10 minutes (still unexpired) → token_too_old', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await refusal(trusts.ok, await idp.sign(c1.tenantHost, { iat: now - 700, exp: now + 300 }));
    expect(r.description).toMatch(/^token_too_old: /);
  });

  test('iat in the future or missing → invalid_jwt_format', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(trusts.ok, await idp.sign(c1.tenantHost, { iat: now + 600, exp: now + 900 }))).description).toMatch(/^invalid_jwt_format: iat .* in the future/);
    expect((await refusal(trusts.ok, await idp.sign(c1.tenantHost, { iat: undefined }))).description).toMatch(/^invalid_jwt_format: the token has no numeric iat/);
  });

  test('the CEL condition is false → cel_condition_not_met', async () => {
    const r = await refusal(trusts.celFalse, await idp.sign(c1.tenantHost));
    expect(r.description).toMatch(/^cel_condition_not_met: the condition evaluated to false/);
  });

  test('bad signature (a key the issuer does not publish, under its kid) → invalid_signature', async () => {
    const r = await refusal(trusts.ok, await idp.sign(c1.tenantHost, {}, { key: idp.strangerKey }));
    expect(r.description).toMatch(/^invalid_signature: signature verification failed/);
  });

  test('tampered payload → invalid_signature', async () => {
    const [h, , s] = (await idp.sign(c1.tenantHost)).split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = Buffer.from(JSON.stringify({ iss: idp.issuer, aud: c1.tenantHost, sub: TEST_SUB, iat: now, exp: now + 300, 'https://sts.amazonaws.com/': { aws_account: '111122223333' } })).toString('base64url');
    const r = await refusal(trusts.ok, `${h}.${forged}.${s}`);
    expect(r.description).toMatch(/^invalid_signature: /);
  });

  test('alg none → invalid_signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = new UnsecuredJWT({ iss: idp.issuer, aud: c1.tenantHost, sub: TEST_SUB, iat: now, exp: now + 300 }).encode();
    const r = await refusal(trusts.ok, token);
    expect(r.description).toMatch(/^invalid_signature: alg "none" is not allowed/);
  });

  test('HS256 → invalid_signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: idp.issuer, aud: c1.tenantHost, sub: TEST_SUB, iat: now, exp: now + 300 })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    const r = await refusal(trusts.ok, token);
    expect(r.description).toMatch(/^invalid_signature: alg "HS256" is not allowed/);
  });

  test('unknown kid → invalid_signature', async () => {
    const r = await refusal(trusts.ok, await idp.sign(c1.tenantHost, {}, { kid: 'nobody' }));
    expect(r.description).toMatch(/^invalid_signature: no key of the issuer has kid "nobody"/);
  });

  test('the project client surfaces the reason', async () => {
    const err = await exchangeToken({ clientId: trusts.celFalse, subjectToken: await idp.sign(c1.tenantHost), baseUrl: c1.baseUrl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C1ExchangeError);
    expect((err as C1ExchangeError).reason).toBe('cel_condition_not_met');
    expect((err as C1ExchangeError).status).toBe(400);
  });

  test('disabled provider → provider_disabled (401 invalid_client) for its trusts, until it is enabled again', async () => {
    const idp2 = await startTestIssuer();
    try {
      const p = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/workload_federation/providers', { displayName: 'second', issuerUrl: idp2.issuer });
      const pid = (p.body.provider as { id: string }).id;
      const cid = await createTrust({ providerId: pid });
      const path = `/api/v1/workload_federation/providers/${pid}`;
      const off = await call(c1.baseUrl, c1.adminToken, 'PATCH', path, { provider: { disabled: true }, updateMask: 'disabled' });
      expect((off.body.provider as { disabled: boolean }).disabled).toBe(true);
      const r = await refusal(cid, await idp2.sign(c1.tenantHost));
      expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
      expect(r.description).toMatch(/^provider_disabled: the federation provider wfp-\S+ of trust \S+ is disabled/);
      const err = await exchangeToken({ clientId: cid, subjectToken: await idp2.sign(c1.tenantHost), baseUrl: c1.baseUrl, http: { retries: 0 } }).catch((e: unknown) => e);
      expect((err as C1ExchangeError).reason).toBe('provider_disabled');
      expect((err as Error).message).toMatch(/enable it in C1/);
      // the other provider's trusts are untouched
      expect((await exchange(c1.baseUrl, exchangeFields(trusts.ok, await idp.sign(c1.tenantHost)))).status).toBe(200);
      await call(c1.baseUrl, c1.adminToken, 'PATCH', path, { provider: { disabled: false }, updateMask: 'disabled' });
      expect((await exchange(c1.baseUrl, exchangeFields(cid, await idp2.sign(c1.tenantHost)))).status).toBe(200);
    } finally {
      await idp2.close();
    }
  });
});

describe('request format', () => {
  test('a missing field, an extra field, a wrong grant type or token type → 400', async () => {
    const token = await idp.sign(c1.tenantHost);
    const full = exchangeFields(trusts.ok, token);
    const { client_id: _omit, ...missing } = full;
    void _omit;
    const cases: Record<string, string>[] = [
      missing,
      { ...full, client_secret: 'x' },
      { ...full, grant_type: 'client_credentials' },
      { ...full, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' },
    ];
    for (const fields of cases) {
      const r = await exchange(c1.baseUrl, fields);
      expect(r.status).toBe(400);
      expect(['invalid_request', 'unsupported_grant_type']).toContain(r.body.error);
    }
    expect(GRANT).toBe(full.grant_type);
    expect(JWT_TYPE).toBe(full.subject_token_type);
  });

  test('JSON instead of a form → invalid_request', async () => {
    const res = await fetch(`${c1.baseUrl}/auth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exchangeFields(trusts.ok, 'x')) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('faults', () => {
  test('jwks-unavailable answers 503 once, then the exchange works again', async () => {
    c1.faults.inject('jwks-unavailable', { count: 1 });
    const token = await idp.sign(c1.tenantHost);
    const first = await exchange(c1.baseUrl, exchangeFields(trusts.ok, token));
    expect(first.status).toBe(503);
    expect(String(first.body.error_description)).toMatch(/^jwks_unavailable: /);
    expect((await exchange(c1.baseUrl, exchangeFields(trusts.ok, token))).status).toBe(200);
    expect(c1.faults.fired['jwks-unavailable']).toBe(1);
  });

  test('http-5xx is count-limited and the project client retries through it', async () => {
    c1.faults.inject('http-5xx', { count: 2, pathPrefix: '/auth/v1/token', status: 502 });
    const before = c1.counters.exchangeRequests;
    const t = await exchangeToken({ clientId: trusts.ok, subjectToken: await idp.sign(c1.tenantHost), baseUrl: c1.baseUrl, http: { retries: 3, baseDelayMs: 1 } });
    expect(t.accessToken).toBeTruthy();
    expect(c1.faults.fired['http-5xx']).toBe(2);
    expect(c1.counters.exchangeRequests - before).toBe(1);
  });

  test('latency delays without failing', async () => {
    c1.faults.inject('latency', { count: 1, delayMs: 20, pathPrefix: '/api/v1/apps' });
    expect((await call(c1.baseUrl, c1.adminToken, 'GET', '/api/v1/apps')).status).toBe(200);
    expect(c1.faults.fired.latency).toBe(1);
  });
});
