/**
 * How the provider picks the tenant and the credentials (C1's order), and the credentials that
 * need C1: an OIDC token and AWS workload identity exchanged at the local tenant, then used.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, EnableOutboundWebIdentityFederationCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { generateKeyPairSync, verify } from 'node:crypto';
import { C1ApiClient } from '../../src/c1/api-client';
import { FederationProviders } from '../../src/c1/federation-providers';
import { FederationTrusts } from '../../src/c1/federation-trusts';
import { whoami } from '../../src/c1/introspect';
import { recommendTrustExpression } from '../../src/cel/recommend';
import { getWebIdentityToken } from '../../src/federation/web-identity-token';
import { webIdentityTokenPolicy } from '../../src/policy/documents';
import { clientAssertion, NO_CREDENTIALS_DETAIL, resolveConnection, tenantHost, tfcWorkloadIdentityToken } from '../../src/provider/credentials';
import { DiagnosticsError } from '../../src/provider/diagnostics';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';

const HOST = 'acme.conductor.one';

async function diagOf(p: Promise<unknown>): Promise<{ summary: string; detail: string }> {
  try {
    await p;
  } catch (err: unknown) {
    if (err instanceof DiagnosticsError) return err.diagnostics[0] as { summary: string; detail: string };
    throw err;
  }
  throw new Error('expected a diagnostic');
}

describe('choosing the credential', () => {
  test('none: a diagnostic naming every setting and environment variable', async () => {
    const d = await diagOf(resolveConnection({ tenant: HOST }, {}));
    expect(d.summary).toBe('No C1 credentials');
    expect(d.detail).toBe(NO_CREDENTIALS_DETAIL);
    for (const name of ['access_token', 'CONDUCTORONE_ACCESS_TOKEN', 'oidc_token', 'CONDUCTORONE_OIDC_TOKEN', 'TFC_WORKLOAD_IDENTITY_TOKEN', 'CONDUCTORONE_CLIENT_ID', 'aws_workload_identity', 'client_secret', 'CONDUCTORONE_CLIENT_SECRET']) {
      expect(d.detail).toContain(name);
    }
  });

  test('no tenant anywhere: a diagnostic saying how to name it', async () => {
    expect((await diagOf(resolveConnection({ access_token: 't' }, {}))).summary).toBe('No C1 tenant configured');
  });

  test("C1's order: access token, then OIDC token, then client secret; the provider block before the environment", async () => {
    const env = { CONDUCTORONE_ACCESS_TOKEN: 'env-token', CONDUCTORONE_OIDC_TOKEN: 'jwt', CONDUCTORONE_CLIENT_ID: `bot@${HOST}/wfe`, CONDUCTORONE_CLIENT_SECRET: 'secret-token:conductorone.com:v1:x' };
    expect((await resolveConnection({}, env)).method).toBe('access_token');
    const { CONDUCTORONE_ACCESS_TOKEN: _a, ...noToken } = env;
    expect((await resolveConnection({}, noToken)).method).toBe('oidc_token');
    const { CONDUCTORONE_OIDC_TOKEN: _o, ...secretOnly } = noToken;
    expect((await resolveConnection({}, secretOnly)).method).toBe('client_secret');
    // A configured credential wins over a stronger one found only in the environment.
    const configured = await resolveConnection({ access_token: 'cfg-token', tenant: HOST }, {});
    expect(await configured.token()).toBe('cfg-token');
    expect((await resolveConnection({ oidc_token: 'jwt', client_id: `bot@${HOST}/wfe` }, { CONDUCTORONE_ACCESS_TOKEN: 'env' })).method).toBe('oidc_token');
  });

  test('a client ID of another tenant than the configured one is refused before any call, naming both', async () => {
    const d = await diagOf(resolveConnection({ tenant: HOST, oidc_token: 'jwt', client_id: 'bot@other.conductor.one/wfe' }, {}));
    expect(d.summary).toBe('client_id belongs to another tenant');
    expect(d.detail).toContain(`"other.conductor.one", but the provider is configured for "${HOST}"`);
    const e = await diagOf(resolveConnection({ tenant: HOST }, { CONDUCTORONE_CLIENT_ID: 'bot@other.conductor.one/spc', CONDUCTORONE_CLIENT_SECRET: 'secret-token:conductorone.com:v1:x' }));
    expect(e.summary).toBe('CONDUCTORONE_CLIENT_ID belongs to another tenant');
    const w = await diagOf(resolveConnection({ tenant: HOST, aws_workload_identity: { client_id: 'not-a-client-id' } }, {}));
    expect(w.summary).toBe('Invalid aws_workload_identity.client_id');
    // An access token needs no client ID: a stray one in the environment does not matter.
    expect((await resolveConnection({ tenant: HOST, access_token: 't' }, { CONDUCTORONE_CLIENT_ID: 'bot@other.conductor.one/wfe' })).method).toBe('access_token');
  });

  test('an OIDC token without a client ID names client_id', async () => {
    const d = await diagOf(resolveConnection({ tenant: HOST }, { CONDUCTORONE_OIDC_TOKEN: 'jwt' }));
    expect(d.summary).toBe('Missing client_id for the OIDC token');
    expect(d.detail).toContain('CONDUCTORONE_CLIENT_ID');
  });

  test("Terraform Cloud's token: the plain variable, the only tagged one, the _C1 one; several untagged-for-C1 ones are an error", () => {
    expect(tfcWorkloadIdentityToken({ TFC_WORKLOAD_IDENTITY_TOKEN: 'a' })).toBe('a');
    expect(tfcWorkloadIdentityToken({ TFC_WORKLOAD_IDENTITY_TOKEN_AWS: 'b' })).toBe('b');
    expect(tfcWorkloadIdentityToken({ TFC_WORKLOAD_IDENTITY_TOKEN_AWS: 'b', TFC_WORKLOAD_IDENTITY_TOKEN_C1: 'c' })).toBe('c');
    expect(() => tfcWorkloadIdentityToken({ TFC_WORKLOAD_IDENTITY_TOKEN_AWS: 'b', TFC_WORKLOAD_IDENTITY_TOKEN_GCP: 'c' })).toThrow(DiagnosticsError);
    expect(tfcWorkloadIdentityToken({})).toBeUndefined();
  });

  test('tenant: a host, a URL or a client ID; server_url overrides the origin; nonsense is refused', async () => {
    expect(tenantHost('Acme.Conductor.One')).toBe(HOST);
    expect(tenantHost(`https://${HOST}/`)).toBe(HOST);
    expect(tenantHost(`bot@${HOST}/wfe`)).toBe(HOST);
    expect(() => tenantHost('not a host')).toThrow(DiagnosticsError);
    for (const bad of ['acme..conductor.one', '.acme.conductor.one', 'acme.conductor.one.', 'acme-.conductor.one', 'acme_x.conductor.one']) expect(() => tenantHost(bad)).toThrow(/Invalid tenant/);
    expect((await resolveConnection({ access_token: 't', client_id: `bot@${HOST}/wfe` }, {})).baseUrl).toBe(`https://${HOST}`);
    expect((await resolveConnection({ access_token: 't', tenant: HOST, server_url: 'http://127.0.0.1:8080/' }, {})).baseUrl).toBe('http://127.0.0.1:8080');
    expect((await diagOf(resolveConnection({ access_token: 't', tenant: HOST, server_url: 'ftp://x' }, {}))).summary).toBe('Invalid server_url');
  });
});

describe('client credentials (client_id + client_secret)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const secret = `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
  const clientId = `ci-bot@${HOST}/spc`;

  test('the secret signs an EdDSA JWT assertion for the tenant host; the secret itself is not in it', () => {
    const jwt = clientAssertion(clientId, secret, HOST, 1_700_000_000_000);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: clientId, sub: clientId, aud: HOST, iat: 1_700_000_000, exp: 1_700_000_120 });
    expect(verify(null, Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))).toBe(true);
    expect(jwt).not.toContain(String(jwk.d));
  });

  test('a secret without the C1 prefix or without an Ed25519 key is refused, naming client_secret', () => {
    expect(() => clientAssertion(clientId, 'plain-secret', HOST)).toThrow(DiagnosticsError);
    let detail = '';
    try {
      clientAssertion(clientId, 'secret-token:conductorone.com:v1:bm90LWpzb24', HOST);
    } catch (err: unknown) {
      detail = (err as DiagnosticsError).diagnostics[0]?.detail ?? '';
    }
    expect(detail).toContain('Ed25519');
  });
});

describe('OIDC token and AWS workload identity against the local tenant', () => {
  let aws: AwsSandbox;
  let c1: C1Sandbox;
  let clientId: string;
  let roleCreds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

  beforeAll(async () => {
    aws = await startAwsSandbox();
    c1 = await startC1Sandbox({ tenantHost: HOST });
    const iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
    const sts = new STSClient(aws.sdkConfig(aws.credentials.admin));
    try {
      const issuer = (await iam.send(new EnableOutboundWebIdentityFederationCommand({}))).IssuerIdentifier as string;
      const trustDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` }, Action: 'sts:AssumeRole' }] };
      const role = await iam.send(new CreateRoleCommand({ RoleName: 'ci-deploy', AssumeRolePolicyDocument: JSON.stringify(trustDoc) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'ci-deploy', PolicyName: 'token', PolicyDocument: JSON.stringify(webIdentityTokenPolicy({ audiences: [HOST] })) }));
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role.Role?.Arn, RoleSessionName: 'ci' }))).Credentials;
      roleCreds = { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string };
      const admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken });
      const provider = await new FederationProviders(admin).create({ displayName: 'AWS', issuerUrl: issuer });
      const trust = await new FederationTrusts(admin).create(c1.defaultServicePrincipalId, {
        providerId: provider.id,
        conditionExpression: recommendTrustExpression({ accountId: aws.accountId, roleArns: [role.Role?.Arn as string] }),
      });
      clientId = trust.clientId;
    } finally {
      iam.destroy();
      sts.destroy();
    }
  });

  afterAll(async () => {
    await c1?.stop();
    await aws?.stop();
  });

  test('an OIDC token (CONDUCTORONE_OIDC_TOKEN + CONDUCTORONE_CLIENT_ID) is exchanged once and acts as the service principal', async () => {
    const sts = new STSClient(aws.sdkConfig(roleCreds));
    const jwt = await getWebIdentityToken(sts, { audience: HOST, signingAlgorithm: 'RS256', durationSeconds: 300 });
    sts.destroy();
    const conn = await resolveConnection({ server_url: c1.baseUrl }, { CONDUCTORONE_OIDC_TOKEN: jwt, CONDUCTORONE_CLIENT_ID: clientId });
    const before = c1.counters.exchanges;
    const me = await whoami(new C1ApiClient({ baseUrl: conn.baseUrl, token: conn.token }));
    await conn.token();
    expect(me.userId).toBe(c1.defaultServicePrincipalId);
    expect(c1.counters.exchanges - before).toBe(1);
  });

  test('aws_workload_identity: the AWS credentials of the environment, no C1 secret', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: roleCreds.accessKeyId, AWS_SECRET_ACCESS_KEY: roleCreds.secretAccessKey, AWS_SESSION_TOKEN: roleCreds.sessionToken });
    try {
      const conn = await resolveConnection({ server_url: c1.baseUrl, aws_workload_identity: { client_id: clientId, region: aws.region, sts_endpoint: aws.endpoint, duration_seconds: null } }, {});
      expect(conn.method).toBe('aws_workload_identity');
      expect(conn.host).toBe(HOST);
      const me = await whoami(new C1ApiClient({ baseUrl: conn.baseUrl, token: conn.token }));
      expect(me.userId).toBe(c1.defaultServicePrincipalId);
    } finally {
      process.env = saved;
    }
  });
});
