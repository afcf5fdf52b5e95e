/**
 * "Test a token against a trust" answers step by step. A good token passes every step; each step's
 * defect is planted once and must show up in that step (and in overallResult), with the steps that
 * depend on it skipped. The exchange refuses exactly the tokens the test fails.
 */
import { SignJWT } from 'jose';
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { FederationProviders } from '../../../src/c1/federation-providers';
import { FederationTrusts, TRUST_TEST_STEPS, type TrustTestResult, type TrustTestStepName } from '../../../src/c1/federation-trusts';
import { testCel } from '../../../src/c1/test-cel';
import { call, exchange, exchangeFields } from './api';
import { startTestIssuer, TEST_SUB, type TestIssuer } from './test-issuer';

let c1: C1Sandbox;
let idp: TestIssuer;
let admin: C1ApiClient;
let trusts: FederationTrusts;
let clientId: string;
let openClientId: string;
const CEL = `claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333" && claims.sub == "${TEST_SUB}"`;
const sp = (): string => c1.defaultServicePrincipalId;

beforeAll(async () => {
  idp = await startTestIssuer();
  c1 = await startC1Sandbox();
  admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } });
  const provider = await new FederationProviders(admin).create({ displayName: 'AWS', issuerUrl: idp.issuer });
  trusts = new FederationTrusts(admin);
  clientId = (await trusts.create(sp(), { providerId: provider.id, conditionExpression: CEL, allowSourceCidrs: ['127.0.0.0/8', '10.0.0.0/8'] })).clientId;
  openClientId = (await trusts.create(sp(), { providerId: provider.id, conditionExpression: CEL })).clientId;
});

afterAll(async () => {
  await c1?.stop();
  await idp?.close();
});

function failedSteps(r: TrustTestResult): TrustTestStepName[] {
  return TRUST_TEST_STEPS.filter((s) => r[s] !== null && !r[s]?.passed && !r[s]?.skipped);
}
function skippedSteps(r: TrustTestResult): TrustTestStepName[] {
  return TRUST_TEST_STEPS.filter((s) => r[s]?.skipped);
}

test('a good token passes every step; the answer has exactly the documented fields', async () => {
  const token = await idp.sign(c1.tenantHost);
  const raw = await call(c1.baseUrl, c1.adminToken, 'POST', `/api/v1/service_principals/${sp()}/trusts/${encodeURIComponent(clientId)}/test`, { subjectToken: token, sourceIp: '10.1.2.3' });
  expect(raw.status).toBe(200);
  expect(Object.keys(raw.body).sort()).toEqual(['overallResult', 'decodedClaimsJson', ...TRUST_TEST_STEPS].sort());
  for (const s of TRUST_TEST_STEPS) expect(Object.keys(raw.body[s] as object).sort()).toEqual(['actual', 'detail', 'expected', 'passed', 'skipped']);

  const r = await trusts.testToken(sp(), clientId, token, '10.1.2.3');
  expect(r.overallResult).toBe(true);
  expect(failedSteps(r)).toEqual([]);
  expect(skippedSteps(r)).toEqual([]);
  expect(JSON.parse(r.decodedClaimsJson)).toMatchObject({ iss: idp.issuer, sub: TEST_SUB, aud: c1.tenantHost });
  expect(r.issuerMatch).toMatchObject({ expected: idp.issuer, actual: idp.issuer });
  expect(r.audienceValidation).toMatchObject({ expected: c1.tenantHost, actual: c1.tenantHost });
  expect(r.celEvaluation).toMatchObject({ expected: CEL, actual: 'true' });
  expect(r.cidrCheck).toMatchObject({ passed: true, actual: '10.1.2.3' });
  expect((await exchange(c1.baseUrl, exchangeFields(clientId, token))).status).toBe(200);
});

describe('each failing step is reported in its place', () => {
  const cases: [string, () => Promise<string>, TrustTestStepName, RegExp][] = [
    ['issuer', () => idp.sign(c1.tenantHost, { iss: 'https://elsewhere.example' }), 'issuerMatch', /^issuer_mismatch/],
    ['signature (a key the issuer does not publish)', () => idp.sign(c1.tenantHost, {}, { key: idp.strangerKey }), 'signatureValidation', /signature verification failed/],
    ['signature (unknown kid)', () => idp.sign(c1.tenantHost, {}, { kid: 'nope' }), 'signatureValidation', /no key of the issuer has kid "nope"/],
    ['audience', () => idp.sign('other.conductor.one'), 'audienceValidation', /^audience_mismatch/],
    ['subject', () => idp.sign(c1.tenantHost, { sub: '' }), 'subjectValidation', /no sub/],
    ['freshness (too old)', () => idp.sign(c1.tenantHost, { iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) + 300 }), 'tokenFreshness', /^token_too_old/],
    ['freshness (expired)', () => idp.sign(c1.tenantHost, { iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }), 'tokenFreshness', /^token_expired/],
    ['CEL false', () => idp.sign(c1.tenantHost, { sub: 'arn:aws:iam::111122223333:role/other' }), 'celEvaluation', /^cel_condition_not_met/],
  ];
  test.each(cases)('%s', async (_name, token, step, detail) => {
    const t = await token();
    const r = await trusts.testToken(sp(), clientId, t, '127.0.0.1');
    expect(r.overallResult).toBe(false);
    expect(r[step]).toMatchObject({ passed: false, skipped: false, detail: expect.stringMatching(detail) });
    // the subject defect also breaks the CEL (it compares sub); every other defect is alone
    expect(failedSteps(r)).toEqual(step === 'subjectValidation' ? ['subjectValidation', 'celEvaluation'] : [step]);
    expect(skippedSteps(r)).toEqual(step === 'issuerMatch' ? ['signatureValidation'] : []);
    // the exchange refuses what the test fails
    expect((await exchange(c1.baseUrl, exchangeFields(clientId, t))).status).toBeGreaterThanOrEqual(400);
  });

  test('an undecodable token fails jwtDecode; the token steps are skipped, the CIDR step still runs', async () => {
    const r = await trusts.testToken(sp(), clientId, 'not.a-jwt', '192.0.2.1');
    expect(r.overallResult).toBe(false);
    expect(r.decodedClaimsJson).toBe('');
    expect(r.jwtDecode).toMatchObject({ passed: false, detail: expect.stringMatching(/^invalid_jwt_format/) });
    expect(skippedSteps(r)).toEqual(['issuerMatch', 'signatureValidation', 'audienceValidation', 'subjectValidation', 'tokenFreshness', 'celEvaluation']);
    expect(failedSteps(r)).toEqual(['jwtDecode', 'cidrCheck']);
  });

  test('a CEL expression that errors at run time reports the error', async () => {
    const t = await trusts.create(sp(), { providerId: (await trusts.get(sp(), clientId)).providerId, conditionExpression: 'claims.missing == "x"' });
    const r = await trusts.testToken(sp(), t.clientId, await idp.sign(c1.tenantHost));
    expect(r.celEvaluation).toMatchObject({ passed: false, actual: 'error', detail: expect.stringMatching(/could not be evaluated/) });
    await trusts.delete(sp(), t.clientId);
  });

  test('an alg outside RS256/ES384 fails the signature step', async () => {
    const hs = await new SignJWT({ iss: idp.issuer, aud: c1.tenantHost, sub: TEST_SUB, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('shared-secret-shared-secret-1234'));
    const r = await trusts.testToken(sp(), clientId, hs);
    expect(r.signatureValidation).toMatchObject({ passed: false, actual: expect.stringMatching(/alg HS256/), detail: 'alg HS256 is not accepted' });
  });
});

describe('the CIDR step', () => {
  test('a source outside the ranges fails; no sourceIp skips it; no ranges passes it; a bad sourceIp is 400', async () => {
    const token = await idp.sign(c1.tenantHost);
    const outside = await trusts.testToken(sp(), clientId, token, '192.0.2.1');
    expect([outside.overallResult, failedSteps(outside)]).toEqual([false, ['cidrCheck']]);
    expect(outside.cidrCheck?.detail).toMatch(/^ip_not_allowed/);
    const none = await trusts.testToken(sp(), clientId, token);
    expect(none.cidrCheck).toMatchObject({ passed: false, skipped: true, detail: 'no sourceIp given' });
    expect(none.overallResult).toBe(true);
    const open = await trusts.testToken(sp(), openClientId, token, '192.0.2.1');
    expect(open.cidrCheck).toMatchObject({ passed: true, skipped: false });
    const bad = await call(c1.baseUrl, c1.adminToken, 'POST', `/api/v1/service_principals/${sp()}/trusts/${encodeURIComponent(clientId)}/test`, { subjectToken: token, sourceIp: 'nope' });
    expect([bad.status, bad.body.message]).toEqual([400, 'sourceIp "nope" is not an IP address']);
    const unknown = await call(c1.baseUrl, c1.adminToken, 'POST', `/api/v1/service_principals/${sp()}/trusts/nobody-here/test`, { subjectToken: token });
    expect(unknown.status).toBe(404);
  });
});

test('test-cel answers {matched, error, expression}', async () => {
  const ok = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/workload_federation/test-cel', { expression: 'claims.sub == "x"', claimsJson: '{"sub":"x"}' });
  expect(ok.body).toEqual({ matched: true, error: '', expression: 'claims.sub == "x"' });
  const bad = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/workload_federation/test-cel', { expression: 'claims.sub ==', claimsJson: '{}' });
  expect(bad.body).toEqual({ matched: false, error: expect.stringMatching(/parse/), expression: 'claims.sub ==' });
  expect(await testCel(admin, 'claims.n > 1', { n: 2 })).toEqual({ matched: true });
});

test('search finds trusts by service principal, provider and text', async () => {
  const r = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/search/workload_federation_trusts', { servicePrincipalId: sp(), query: clientId.split('@')[0], pageSize: 10 });
  expect(r.status).toBe(200);
  expect((r.body.list as { clientId: string }[]).map((t) => t.clientId)).toEqual([clientId]);
  const none = await call(c1.baseUrl, c1.adminToken, 'POST', '/api/v1/search/workload_federation_trusts', { providerId: 'wfp-none' });
  expect(none.body).toEqual({ list: [], nextPageToken: '' });
});
