import { C1ApiClient } from '../../src/c1/api-client';
import { Apps } from '../../src/c1/apps';
import { EmailProvider } from '../../src/c1/email-provider';
import { C1ApiError } from '../../src/c1/errors';
import { AWS_IAM_OUTBOUND_PROVIDER, FederationProviders } from '../../src/c1/federation-providers';
import { FederationTrusts, TRUST_TEST_STEPS } from '../../src/c1/federation-trusts';
import { ServicePrincipals } from '../../src/c1/service-principals';
import { whoami } from '../../src/c1/introspect';
import { testCel } from '../../src/c1/test-cel';
import { startStub, type Recorded, type Stub, type StubReply } from './loopback';

const BEARER = 'c1-bearer-secret';
let stub: Stub;
let client: C1ApiClient;
let replies: StubReply[] = [];

beforeAll(async () => {
  stub = await startStub(() => replies.shift() ?? { status: 500, body: { message: 'no reply planned' } });
  client = C1ApiClient.forClientId('x@acme.conductor.one/wfe', async () => BEARER, { baseUrl: stub.url, http: { retries: 0 } });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  replies = [];
});

function only(): Recorded {
  expect(stub.requests).toHaveLength(1);
  return stub.requests[0];
}
function json(r: Recorded): unknown {
  return JSON.parse(r.body);
}

describe('C1ApiClient', () => {
  it('derives the tenant URL from the client id unless overridden', () => {
    expect(C1ApiClient.forClientId('x@Acme.Conductor.One/wfe', async () => 't').baseUrl).toBe('https://acme.conductor.one');
  });

  it('sends the bearer token and maps a 403 without the body', async () => {
    replies = [{ status: 403, body: { message: 'missing permission workload_federation.write', secret: BEARER } }];
    const err = await whoami(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(C1ApiError);
    expect(err).toMatchObject({ status: 403, code: 'C1AWS_API_ERROR', serverMessage: 'missing permission workload_federation.write' });
    expect((err as Error).message).not.toContain(BEARER);
    expect(only().headers.authorization).toBe(`Bearer ${BEARER}`);
  });

  it("reads grpc-gateway's error body {code, message, details} (and the older {error})", async () => {
    replies = [{ status: 400, body: { code: 3, message: 'updateMask is required', details: [] } }];
    const err = await whoami(client).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, grpcCode: 3, serverMessage: 'updateMask is required' });
    expect((err as Error).message).toContain('HTTP 400: updateMask is required');
    replies = [{ status: 409, body: { error: 'already exists', code: 6 } }];
    expect(await whoami(client).catch((e: unknown) => e)).toMatchObject({ status: 409, grpcCode: 6, serverMessage: 'already exists' });
    replies = [{ status: 502, body: '<html>bad gateway</html>' }];
    const html = await whoami(client).catch((e: unknown) => e);
    expect(html).toMatchObject({ status: 502, serverMessage: undefined, grpcCode: undefined });
  });
});

describe('introspect and apps', () => {
  it('whoami: GET /api/v1/auth/introspect', async () => {
    replies = [{ status: 200, body: { userId: 'u1', principleId: 'p1', tenantId: 't1', roles: ['r'], permissions: [] } }];
    const me = await whoami(client);
    expect(me).toEqual({ userId: 'u1', principleId: 'p1', tenantId: 't1', roles: ['r'], permissions: [], features: [] });
    const r = only();
    expect([r.method, r.path]).toEqual(['GET', '/api/v1/auth/introspect']);
  });

  it('apps: walks pages with page_size and page_token', async () => {
    replies = [
      { status: 200, body: { list: [{ id: 'a1' }, { id: 'a2' }], nextPageToken: 'p2' } },
      { status: 200, body: { list: [{ id: 'a3' }], nextPageToken: '' } },
    ];
    const ids: string[] = [];
    for await (const app of new Apps(client).list(2)) ids.push(app.id);
    expect(ids).toEqual(['a1', 'a2', 'a3']);
    expect(stub.requests.map((r) => [r.path, r.query.get('page_size'), r.query.get('page_token')])).toEqual([
      ['/api/v1/apps', '2', null],
      ['/api/v1/apps', '2', 'p2'],
    ]);
  });
});

describe('email provider', () => {
  const settings = {
    fromName: 'Acme Governance',
    fromAddress: 'governance@mail.acme.com',
    awsSes: { roleArn: 'arn:aws:iam::123456789012:role/c1-ses', region: 'us-east-1', configurationSetName: 'c1' },
  };

  it('get, save with updateMask, sendTest, getAwsExternalId', async () => {
    const email = new EmailProvider(client);
    replies = [{ status: 200, body: { emailProvider: settings } }];
    expect(await email.get()).toEqual(settings);
    expect([stub.requests[0].method, stub.requests[0].path]).toEqual(['GET', '/api/v1/settings/email-provider']);

    replies = [{ status: 200, body: { emailProvider: settings } }];
    await email.save({ ...settings, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' } as typeof settings);
    expect([stub.requests[1].method, stub.requests[1].path]).toEqual(['POST', '/api/v1/settings/email-provider']);
    // read-only timestamps are neither sent nor masked
    expect(json(stub.requests[1])).toEqual({ emailProvider: settings, updateMask: 'fromName,fromAddress,awsSes' });

    replies = [{ status: 200, body: { emailProvider: settings } }];
    await email.save({ replyToAddress: 'help@acme.com' }, ['replyToAddress']);
    expect(json(stub.requests[2])).toEqual({ emailProvider: { replyToAddress: 'help@acme.com' }, updateMask: 'replyToAddress' });

    replies = [{ status: 200, body: { success: false, message: 'AccessDenied on ses:SendEmail' } }];
    expect(await email.sendTest('me@acme.com')).toEqual({ success: false, message: 'AccessDenied on ses:SendEmail' });
    expect([stub.requests[3].method, stub.requests[3].path, json(stub.requests[3])]).toEqual([
      'POST',
      '/api/v1/settings/email-provider/test',
      { testRecipientEmail: 'me@acme.com' },
    ]);

    replies = [{ status: 200, body: { awsExternalId: { externalId: 'ext-123456' } } }];
    expect(await email.getAwsExternalId()).toBe('ext-123456');
    expect(stub.requests[4].path).toBe('/api/v1/settings/aws-external-id');
  });

  it('returns undefined when the answer has no emailProvider object', async () => {
    replies = [{ status: 200, body: {} }];
    expect(await new EmailProvider(client).get()).toBeUndefined();
    replies = [{ status: 200, body: { emailProvider: null } }];
    expect(await new EmailProvider(client).get()).toBeUndefined();
  });

  it('resetToBuiltin saves c1Builtin and clears the sender fields (there is no DELETE)', async () => {
    replies = [{ status: 200, body: { emailProvider: { c1Builtin: {} } } }];
    expect(await new EmailProvider(client).resetToBuiltin()).toEqual({ c1Builtin: {} });
    const r = only();
    expect([r.method, r.path]).toEqual(['POST', '/api/v1/settings/email-provider']);
    expect(json(r)).toEqual({ emailProvider: { c1Builtin: {} }, updateMask: 'c1Builtin,fromName,fromAddress,replyToAddress' });
  });

  it('a save answered without the wrapper is an error, not the settings', async () => {
    replies = [{ status: 200, body: { fromName: 'x' } }];
    await expect(new EmailProvider(client).save({ fromName: 'x' })).rejects.toMatchObject({ code: 'C1AWS_API_ERROR', serverMessage: expect.stringMatching(/no "emailProvider" object/) });
  });
});

describe('federation providers', () => {
  const providers = (): FederationProviders => new FederationProviders(client);
  const spec = { displayName: 'AWS prod', issuerUrl: 'https://abc.tokens.sts.global.api.aws' };
  const state = { id: 'prov1', ...spec, wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {} };

  it('create posts the AWS well-known provider body', async () => {
    replies = [{ status: 200, body: { provider: state } }];
    expect(await providers().create(spec)).toEqual(state);
    const r = only();
    expect([r.method, r.path]).toEqual(['POST', '/api/v1/workload_federation/providers']);
    expect(json(r)).toEqual({ displayName: 'AWS prod', issuerUrl: spec.issuerUrl, wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {} });
  });

  it('list, get (wrapped only), update (PATCH {provider, updateMask}), delete', async () => {
    replies = [{ status: 200, body: { list: [state] } }];
    const listed = [];
    for await (const p of providers().list()) listed.push(p);
    expect(listed).toEqual([state]);
    expect(stub.requests[0].path).toBe('/api/v1/workload_federation/providers');

    replies = [{ status: 200, body: { provider: state } }];
    expect(await providers().get('prov/1')).toEqual(state);
    expect(stub.requests[1].path).toBe('/api/v1/workload_federation/providers/prov%2F1');

    replies = [{ status: 200, body: { provider: { ...state, description: 'd', disabled: true } } }];
    expect((await providers().update('prov1', { description: 'd', disabled: true, displayName: undefined })).description).toBe('d');
    expect([stub.requests[2].method, stub.requests[2].path, json(stub.requests[2])]).toEqual([
      'PATCH',
      '/api/v1/workload_federation/providers/prov1',
      { provider: { description: 'd', disabled: true }, updateMask: 'description,disabled' },
    ]);

    replies = [{ status: 200, body: {} }];
    await providers().delete('prov1');
    expect([stub.requests[3].method, stub.requests[3].path]).toEqual(['DELETE', '/api/v1/workload_federation/providers/prov1']);

    // An unwrapped answer is refused: C1 wraps single answers.
    replies = [{ status: 200, body: state }];
    await expect(providers().get('prov1')).rejects.toMatchObject({ code: 'C1AWS_API_ERROR', serverMessage: expect.stringMatching(/no "provider" object/) });
    // No change: a read, no PATCH.
    replies = [{ status: 200, body: { provider: state } }];
    expect(await providers().update('prov1', {})).toEqual(state);
    expect(stub.requests[5].method).toBe('GET');
  });

  it('read → undefined on 404, get → C1AWS_API_NOT_FOUND, delete of a missing one succeeds, 500 propagates', async () => {
    replies = [{ status: 404, body: { message: 'not found' } }];
    expect(await providers().read('gone')).toBeUndefined();
    replies = [{ status: 404, body: {} }];
    await expect(providers().get('gone')).rejects.toMatchObject({ code: 'C1AWS_API_NOT_FOUND', status: 404 });
    replies = [{ status: 404, body: {} }];
    await expect(providers().delete('gone')).resolves.toBeUndefined();
    replies = [{ status: 500, body: { message: 'boom' } }];
    await expect(providers().delete('x')).rejects.toMatchObject({ status: 500 });
    await expect(providers().get('')).rejects.toMatchObject({ code: 'C1AWS_ID_INVALID' });
  });
});

describe('federation trusts', () => {
  const trusts = (): FederationTrusts => new FederationTrusts(client);
  const spec = { providerId: 'prov1', conditionExpression: 'claims.sub == "x"', allowSourceCidrs: ['10.0.0.0/8'], disabled: false };
  const state = { ...spec, clientId: 'calm-fox@acme.conductor.one/wfe' };

  it('CRUD under a service principal and testToken', async () => {
    replies = [{ status: 200, body: { trust: state } }];
    expect(await trusts().create('sp1', spec)).toEqual(state);
    expect([stub.requests[0].method, stub.requests[0].path, json(stub.requests[0])]).toEqual(['POST', '/api/v1/service_principals/sp1/trusts', spec]);

    replies = [{ status: 200, body: { list: [state], nextPageToken: 'n' } }, { status: 200, body: { list: [] } }];
    const all = [];
    for await (const t of trusts().list('sp1', 10)) all.push(t);
    expect(all).toEqual([state]);
    expect(stub.requests[2].query.get('page_token')).toBe('n');

    replies = [{ status: 200, body: { trust: state } }];
    await trusts().get('sp1', state.clientId);
    expect(stub.requests[3].path).toBe(`/api/v1/service_principals/sp1/trusts/${encodeURIComponent(state.clientId)}`);

    replies = [{ status: 200, body: { trust: { ...state, disabled: true } } }];
    expect((await trusts().update('sp1', 'calm-fox', { disabled: true, displayName: 'ci' })).disabled).toBe(true);
    expect([stub.requests[4].method, stub.requests[4].path, json(stub.requests[4])]).toEqual([
      'PATCH',
      '/api/v1/service_principals/sp1/trusts/calm-fox',
      { trust: { disabled: true, displayName: 'ci' }, updateMask: 'disabled,displayName' },
    ]);

    const pass = { passed: true, skipped: false, expected: 'e', actual: 'a', detail: '' };
    replies = [
      {
        status: 200,
        body: { overallResult: false, decodedClaimsJson: '{"sub":"x"}', jwtDecode: pass, issuerMatch: { passed: true }, celEvaluation: { passed: false, detail: 'false' }, cidrCheck: null },
      },
    ];
    const tested = await trusts().testToken('sp1', 'calm-fox', 'jwt-secret', '10.1.2.3');
    expect(tested).toEqual({
      overallResult: false,
      decodedClaimsJson: '{"sub":"x"}',
      jwtDecode: pass,
      issuerMatch: { passed: true, skipped: false, expected: '', actual: '', detail: '' },
      signatureValidation: null,
      audienceValidation: null,
      subjectValidation: null,
      tokenFreshness: null,
      cidrCheck: null,
      celEvaluation: { passed: false, skipped: false, expected: '', actual: '', detail: 'false' },
    });
    expect(Object.keys(tested).sort()).toEqual(['overallResult', 'decodedClaimsJson', ...TRUST_TEST_STEPS].sort());
    expect([stub.requests[5].method, stub.requests[5].path, json(stub.requests[5])]).toEqual([
      'POST',
      '/api/v1/service_principals/sp1/trusts/calm-fox/test',
      { subjectToken: 'jwt-secret', sourceIp: '10.1.2.3' },
    ]);

    replies = [{ status: 200 }];
    await trusts().delete('sp1', 'calm-fox');
    expect([stub.requests[6].method, stub.requests[6].path]).toEqual(['DELETE', '/api/v1/service_principals/sp1/trusts/calm-fox']);

    replies = [{ status: 404 }];
    expect(await trusts().read('sp1', 'gone')).toBeUndefined();
  });
});

describe('service principals', () => {
  const sps = (): ServicePrincipals => new ServicePrincipals(client);
  const sp = { id: 'sp1', displayName: 'ci', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

  it('create, list, get, update (PATCH {servicePrincipal, updateMask}), delete (idempotent), read → undefined on 404', async () => {
    replies = [{ status: 200, body: { servicePrincipal: sp } }];
    expect(await sps().create({ displayName: 'ci' })).toEqual(sp);
    expect([stub.requests[0].method, stub.requests[0].path, json(stub.requests[0])]).toEqual(['POST', '/api/v1/service_principals', { displayName: 'ci' }]);

    replies = [{ status: 200, body: { list: [sp], nextPageToken: 'n2' } }, { status: 200, body: { list: [{ ...sp, id: 'sp2' }] } }];
    const ids: string[] = [];
    for await (const p of sps().list(1)) ids.push(p.id);
    expect(ids).toEqual(['sp1', 'sp2']);
    expect(stub.requests.slice(1, 3).map((r) => [r.path, r.query.get('page_size'), r.query.get('page_token')])).toEqual([
      ['/api/v1/service_principals', '1', null],
      ['/api/v1/service_principals', '1', 'n2'],
    ]);

    replies = [{ status: 200, body: { servicePrincipal: sp } }];
    expect(await sps().get('sp1')).toEqual(sp);
    expect(stub.requests[3].path).toBe('/api/v1/service_principals/sp1');

    replies = [{ status: 200, body: { servicePrincipal: { ...sp, displayName: 'deploy' } } }];
    expect((await sps().update('sp1', { displayName: 'deploy' })).displayName).toBe('deploy');
    expect([stub.requests[4].method, json(stub.requests[4])]).toEqual(['PATCH', { servicePrincipal: { displayName: 'deploy' }, updateMask: 'displayName' }]);

    replies = [{ status: 200, body: {} }, { status: 404, body: { code: 5, message: 'not found' } }];
    await sps().delete('sp1');
    await sps().delete('sp1');
    expect(stub.requests.slice(5).map((r) => r.method)).toEqual(['DELETE', 'DELETE']);

    replies = [{ status: 404, body: { code: 5, message: 'service principal sp9 not found' } }];
    expect(await sps().read('sp9')).toBeUndefined();
    replies = [{ status: 403, body: { code: 7, message: 'denied' } }];
    await expect(sps().read('sp9')).rejects.toMatchObject({ status: 403 });
  });
});

describe('test-cel', () => {
  it('posts {expression, claimsJson} with the claims as JSON text', async () => {
    replies = [{ status: 200, body: { matched: true } }];
    expect(await testCel(client, 'claims.sub == "x"', { sub: 'x' })).toEqual({ matched: true });
    const r = only();
    expect([r.method, r.path]).toEqual(['POST', '/api/v1/workload_federation/test-cel']);
    expect(json(r)).toEqual({ expression: 'claims.sub == "x"', claimsJson: '{"sub":"x"}' });
  });
});
