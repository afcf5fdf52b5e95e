import { C1ApiClient } from '../../src/c1/api-client';
import { Apps } from '../../src/c1/apps';
import { EmailProvider } from '../../src/c1/email-provider';
import { C1ApiError } from '../../src/c1/errors';
import { AWS_IAM_OUTBOUND_PROVIDER, FederationProviders } from '../../src/c1/federation-providers';
import { FederationTrusts } from '../../src/c1/federation-trusts';
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
    await email.save(settings);
    expect([stub.requests[1].method, stub.requests[1].path]).toEqual(['POST', '/api/v1/settings/email-provider']);
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

  it('returns undefined when no provider is configured', async () => {
    replies = [{ status: 200, body: {} }];
    expect(await new EmailProvider(client).get()).toBeUndefined();
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

  it('list, get (unwrapped or not), update (PATCH with only the changes), delete', async () => {
    replies = [{ status: 200, body: { list: [state] } }];
    const listed = [];
    for await (const p of providers().list()) listed.push(p);
    expect(listed).toEqual([state]);
    expect(stub.requests[0].path).toBe('/api/v1/workload_federation/providers');

    replies = [{ status: 200, body: state }];
    expect(await providers().get('prov/1')).toEqual(state);
    expect(stub.requests[1].path).toBe('/api/v1/workload_federation/providers/prov%2F1');

    replies = [{ status: 200, body: { provider: { ...state, description: 'd' } } }];
    expect((await providers().update('prov1', { description: 'd' })).description).toBe('d');
    expect([stub.requests[2].method, stub.requests[2].path, json(stub.requests[2])]).toEqual(['PATCH', '/api/v1/workload_federation/providers/prov1', { description: 'd' }]);

    replies = [{ status: 200, body: {} }];
    await providers().delete('prov1');
    expect([stub.requests[3].method, stub.requests[3].path]).toEqual(['DELETE', '/api/v1/workload_federation/providers/prov1']);
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
    expect((await trusts().update('sp1', 'calm-fox', { disabled: true })).disabled).toBe(true);
    expect([stub.requests[4].method, stub.requests[4].path, json(stub.requests[4])]).toEqual(['PATCH', '/api/v1/service_principals/sp1/trusts/calm-fox', { disabled: true }]);

    replies = [{ status: 200, body: { matched: false, error: 'cel_condition_not_met' } }];
    expect(await trusts().testToken('sp1', 'calm-fox', 'jwt-secret')).toEqual({ matched: false, error: 'cel_condition_not_met' });
    expect([stub.requests[5].method, stub.requests[5].path, json(stub.requests[5])]).toEqual(['POST', '/api/v1/service_principals/sp1/trusts/calm-fox/test', { subjectToken: 'jwt-secret' }]);

    replies = [{ status: 200 }];
    await trusts().delete('sp1', 'calm-fox');
    expect([stub.requests[6].method, stub.requests[6].path]).toEqual(['DELETE', '/api/v1/service_principals/sp1/trusts/calm-fox']);

    replies = [{ status: 404 }];
    expect(await trusts().read('sp1', 'gone')).toBeUndefined();
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
